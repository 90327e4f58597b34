"""The plan workbook's delivery: linked next to the PDF on the plan page and the admin's change
page, downloaded with a Korean file name, revalidated by version, built once per published
version, 404 for a draft (staff get the marked preview), and written by render_report."""

from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.urls import reverse

from personnel.models import StaffProfile
from plans.exchange.workbook.layout import SHEET_ORDER
from plans.exchange.workbook.writer import CONTENT_TYPE
from tests.publishing import build_plan, publish_now
from tests.workbooks import cell, open_xlsx

pytestmark = pytest.mark.django_db


def xlsx_url(plan) -> str:
    return reverse("plans:report_xlsx", args=[plan.year, plan.department.slug])


def test_the_plan_page_links_the_workbook_next_to_the_pdf(client):
    plan = build_plan(cards=1)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert xlsx_url(plan) in html
    assert html.index(reverse("plans:report_pdf", args=[plan.year, plan.department.slug])) < (
        html.index(xlsx_url(plan))
    )


def test_the_workbook_downloads_with_a_korean_file_name(client):
    plan = build_plan(cards=1)
    response = client.get(xlsx_url(plan))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    name = (
        f"{plan.year}년_{plan.department.name}_주요업무계획(제{plan.session.number}회_임시회).xlsx"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"filename*=utf-8''{quote(name)}" in response["Content-Disposition"]
    assert "public" in response["Cache-Control"]
    assert open_xlsx(response.content).sheetnames == list(SHEET_ORDER)


def test_revalidation_with_the_same_version_is_304_and_a_change_is_a_new_version(client):
    plan = build_plan(cards=1)
    first = client.get(xlsx_url(plan))
    again = client.get(xlsx_url(plan), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]

    card = plan.cards.get()
    card.title = "고친 과제명"
    card.save()
    assert client.get(xlsx_url(plan), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    publish_now(plan)
    changed = client.get(xlsx_url(plan), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_a_published_workbook_is_built_once_per_version(client, empty_report_cache, monkeypatch):
    plan = build_plan(cards=1)
    from plans.exchange.workbook import writer as xlsx

    calls = []
    real = xlsx.render_workbook
    monkeypatch.setattr(xlsx, "render_workbook", lambda content: calls.append(1) or real(content))
    first = client.get(xlsx_url(plan))
    second = client.get(xlsx_url(plan))
    assert len(calls) == 1
    assert first.content == second.content


def test_drafts_are_404_to_the_public_and_marked_for_staff(client):
    plan = build_plan(cards=1, published=False)
    assert client.get(xlsx_url(plan)).status_code == 404
    staff = User.objects.create_user("reviewer", password="x", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_workplan"))
    StaffProfile.objects.create(user=staff, team=plan.cards.get().team)
    client.force_login(staff)
    response = client.get(xlsx_url(plan), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0].endswith("/preview/report.xlsx")
    assert "private" in response["Cache-Control"]
    caption = open_xlsx(response.content)["안내"]["A1"].value
    assert "초안" in caption


def test_render_report_writes_the_workbook(tmp_path):
    plan = build_plan(cards=1)
    target = tmp_path / "plan.xlsx"
    call_command(
        "render_report", str(plan.year), plan.department.slug, "--format", "xlsx", "-o", str(target)
    )
    workbook = open_xlsx(target.read_bytes())
    assert cell(workbook["과제"], "과제명", 번호=1).value == "과제 1"


def test_the_admin_change_page_links_the_workbook(client):
    plan = build_plan(cards=1, published=False)
    admin = User.objects.create_superuser("admin", password="x")
    client.force_login(admin)
    response = client.get(reverse("admin:plans_workplan_change", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    preview_xlsx = reverse("plans:preview_xlsx", args=[plan.year, plan.department.slug])
    assert preview_xlsx in html
    assert "엑셀 통합문서" in html
