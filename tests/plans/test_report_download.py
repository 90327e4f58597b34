"""Delivering the session report: the download link, its Korean file name, caching by content
version with ETag revalidation, and drafts kept from the public."""

import io
from urllib.parse import quote

import pypdf
import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import caches
from django.core.management import call_command
from django.urls import reverse

from personnel.models import StaffProfile
from tests.publishing import build_plan, publish_now

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_report_cache():
    caches["reports"].clear()


def pdf_url(plan):
    return reverse("plans:report_pdf", args=[plan.year, plan.department.slug])


def test_the_plan_page_links_its_pdf(client):
    plan = build_plan(cards=1)
    assert pdf_url(plan) in client.get(plan.get_absolute_url()).content.decode()


def test_the_pdf_downloads_with_a_korean_file_name(client):
    plan = build_plan(cards=1)
    response = client.get(pdf_url(plan))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    name = (
        f"{plan.year}년_{plan.department.name}_주요업무계획(제{plan.session.number}회_임시회).pdf"
    )
    assert f"filename*=utf-8''{quote(name)}" in response["Content-Disposition"]
    assert response["ETag"].startswith('"')


def test_revalidation_with_the_same_version_is_304(client):
    plan = build_plan(cards=1)
    first = client.get(pdf_url(plan))
    again = client.get(pdf_url(plan), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_a_published_pdf_is_rendered_once_per_version(client, monkeypatch):
    plan = build_plan(cards=1)
    from plans.report import parts

    calls = []
    real = parts.assemble_parts
    monkeypatch.setattr(parts, "assemble_parts", lambda laid: calls.append(1) or real(laid))
    first = client.get(pdf_url(plan))
    second = client.get(pdf_url(plan))
    assert len(calls) == 1
    assert first.content == second.content


@pytest.mark.parametrize("edit", ["card title", "plan item", "funding", "team budget"])
def test_any_change_to_the_plan_or_its_parts_makes_a_new_version(client, edit):
    plan = build_plan(cards=1)
    before = client.get(pdf_url(plan))["ETag"]
    card = plan.cards.get()
    if edit == "card title":
        card.title = "고친 과제명"
        card.save()
    elif edit == "plan item":
        item = card.plan_items.first()
        item.text = "고친 추진계획"
        item.save()
    elif edit == "funding":
        row = card.funding_rows.first()
        row.current_year += 1_000
        row.save()
    else:
        from tests.factories import BudgetLineFactory

        BudgetLineFactory(department=plan.department, team=card.team, amount=5_000_000)
    # The public keeps the published version until the plan is published again …
    assert client.get(pdf_url(plan), HTTP_IF_NONE_MATCH=before).status_code == 304
    publish_now(plan)
    # … and then gets the new one at once.
    after = client.get(pdf_url(plan), HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before


def test_drafts_are_404_to_the_public_and_marked_for_staff(client):
    plan = build_plan(cards=1, published=False)
    assert client.get(pdf_url(plan)).status_code == 404
    staff = User.objects.create_user("reviewer", password="x", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_workplan"))
    StaffProfile.objects.create(user=staff, team=plan.cards.get().team)
    client.force_login(staff)
    response = client.get(pdf_url(plan), follow=True)
    assert response.redirect_chain == [
        (pdf_url(plan).replace("report.pdf", "preview/report.pdf"), 302)
    ]
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "초안" in text


def test_a_published_pdf_has_no_draft_mark(client):
    plan = build_plan(cards=1)
    response = client.get(pdf_url(plan))
    assert "public" in response["Cache-Control"]
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "초안" not in text


def test_render_report_command_writes_the_same_report(tmp_path):
    plan = build_plan(cards=1)
    target = tmp_path / "report.pdf"
    call_command("render_report", str(plan.year), plan.department.slug, "-o", str(target))
    assert target.read_bytes().startswith(b"%PDF-")
    html = tmp_path / "report.html"
    call_command(
        "render_report", str(plan.year), plan.department.slug, "--format", "html", "-o", str(html)
    )
    assert plan.cards.get().title in html.read_text(encoding="utf-8")


def test_render_report_refuses_an_unknown_department(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="업무계획이 없습니다"):
        call_command("render_report", "2023", "없는과", "-o", str(tmp_path / "x.pdf"))
