"""한글 파일로 초안 만들기 in the admin: upload, a preview of what was recognised and what was
not, confirmation; only a 검토자 of the department or a superuser, only into a draft or a new
plan, and a bad file refused with nothing written."""

from __future__ import annotations

import html as html_lib

import pytest
import yaml
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from personnel.models import Department, Team
from personnel.roles import REVIEWER, WRITER
from plans.admin.hwpx import SESSION_KEY
from plans.exchange.documents import load_plan_document
from plans.models import PlanStatus, WorkPlan
from plans.workflow.services import plan_start_revision
from tests.demo import DEMO
from tests.exchange import test_hwpx_import as imports
from tests.publishing import publish_now
from tests.workflow.helpers import staff

demo = imports.demo
row_counts = imports.row_counts

pytestmark = pytest.mark.django_db

URL = "admin:plans_workplan_import_hwpx"


@pytest.fixture
def pending_dir(tmp_path, monkeypatch):
    monkeypatch.setattr("plans.admin.hwpx.PENDING_DIR", tmp_path)
    return tmp_path


def upload(client, data: bytes, **fields):
    return client.post(
        reverse(URL), {"report": SimpleUploadedFile("업무보고.hwpx", data), **fields}
    )


def text_of(response) -> str:
    return html_lib.unescape(response.content.decode())


def demo_plan() -> WorkPlan:
    load_plan_document(yaml.safe_load(DEMO.read_text(encoding="utf-8")))
    plan = WorkPlan.objects.get()
    publish_now(plan)
    return plan


def test_the_plan_list_links_the_import(admin_client):
    html = admin_client.get(reverse("admin:plans_workplan_changelist")).content.decode()
    assert reverse(URL) in html and "한글 파일로 초안 만들기" in html
    assert admin_client.get(reverse(URL)).status_code == 200


def test_a_superuser_makes_the_demo_plan_from_its_hwpx_in_an_empty_database(
    admin_client, pending_dir, demo
):
    data, _ = demo
    preview = upload(admin_client, data)
    html = text_of(preview)
    assert preview.status_code == 200
    assert "미리보기: 업무보고.hwpx" in html and "초안 만들기 확인" in html
    assert "모든 문단과 표의 자리를 찾았습니다" in html
    assert "표지의 음성군 행정복지국 자치행정과가 없어 새로 만듭니다" in html
    assert "과제 IV-7 소요예산 표" in html  # what was recognised
    assert WorkPlan.objects.count() == 0  # the preview wrote nothing
    token = preview.context["token"]
    confirmed = admin_client.post(reverse(URL), {"token": token})
    plan = WorkPlan.objects.get()
    assert confirmed["Location"] == reverse("admin:plans_workplan_change", args=[plan.pk])
    assert (plan.status, plan.cards.count()) == (PlanStatus.DRAFT, 9)
    # The preview listed the new rows by name, one per row created (plans.exchange.changes).
    changes = preview.context["result"].changes
    assert changes.counts["created"] == preview.context["result"].totals()["created"]
    card = plan.cards.get(section="main", number=7)
    assert f"과제 IV-7 '{card.title}'" in html
    assert plan.history.get().history_change_reason == "한글 파일로 초안 만들기: 업무보고.hwpx"
    entry = LogEntry.objects.get()
    assert (entry.action_flag, entry.object_id) == (CHANGE, str(plan.pk))
    assert entry.change_message.startswith("한글 파일로 초안 만들기: ")
    assert not list(pending_dir.iterdir())
    assert admin_client.post(reverse(URL), {"token": token}).status_code == 403


def test_what_it_cannot_place_is_shown_before_confirming(admin_client, pending_dir, demo):
    data, _ = demo
    stray = imports.edited_section(
        data,
        lambda section: imports.after_paragraph(
            section, "II. 2022년 주요성과", imports.STRAY_PARAGRAPH
        ),
    )
    html = text_of(upload(admin_client, stray))
    assert "자리를 찾지 못한 내용 (1곳)" in html
    assert "번째 문단</strong>: 붙임: 기관장 지시사항 목록" in html
    assert "정정 내역에 위치와 함께 적어 둡니다" in html


def reviewer(plan, *, role=REVIEWER, team=None):
    return staff(f"{role}-user", team=team or plan.cards.first().team, groups=[role])


def test_a_reviewer_imports_into_its_departments_draft(client, pending_dir, demo):
    data, _ = demo
    plan = demo_plan()
    user = reviewer(plan)
    plan_start_revision(plan=plan, user=staff("approver", team=None, superuser=True))
    client.force_login(user)
    form = client.get(reverse(URL))
    choices = list(form.context["form"].fields["department"].queryset)
    assert choices == [plan.department]
    preview = upload(client, data, department=plan.department.pk)
    assert preview.status_code == 200, text_of(preview)
    assert "초안 만들기 확인" in text_of(preview)
    client.post(reverse(URL), {"token": preview.context["token"]})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert plan.published_at is not None  # its publication stays recorded
    assert "정원외 인력" in plan.corrections_note


def test_a_published_plan_is_not_imported_over_even_by_a_superuser(admin_client, pending_dir, demo):
    data, _ = demo
    plan = demo_plan()
    before = row_counts()
    html = text_of(upload(admin_client, data, department=plan.department.pk))
    assert "아무것도 저장하지 않았습니다" in html
    assert "'게시' 상태라 고칠 수 없습니다" in html
    assert row_counts() == before
    assert not list(pending_dir.iterdir())


def test_a_reviewer_cannot_choose_another_department(client, pending_dir, demo):
    data, _ = demo
    plan = demo_plan()
    other_department = Department.objects.create(
        organization=plan.department.organization,
        bureau=plan.department.bureau,
        name="민원과",
        slug="민원과",
        order=9,
    )
    team = Team.objects.create(department=other_department, name="민원팀", order=1)
    client.force_login(staff("other-reviewer", team=team, groups=[REVIEWER]))
    before = row_counts()
    response = upload(client, data, department=plan.department.pk)
    assert "department" in response.context["form"].errors
    assert row_counts() == before


def test_a_reviewer_may_not_add_a_team_through_the_file(client, pending_dir, demo):
    """A file naming a team the department does not have would add it, which only superusers
    do (직제): refused as the workbook import refuses it, nothing written."""
    data, _ = demo
    plan = demo_plan()
    plan_start_revision(plan=plan, user=staff("approver", team=None, superuser=True))
    renamed = imports.edited_section(
        data, lambda section: section.replace("<hp:t>행정팀</hp:t>", "<hp:t>행정지원팀</hp:t>", 1)
    )
    client.force_login(reviewer(plan))
    before = row_counts()
    html = text_of(upload(client, renamed, department=plan.department.pk))
    assert "팀 표는 관리자만 바꿀 수 있습니다" in html
    assert row_counts() == before


def test_a_writer_may_not_open_the_import(client, demo):
    plan = demo_plan()
    client.force_login(reviewer(plan, role=WRITER))
    assert client.get(reverse(URL)).status_code == 403


def test_a_bad_file_is_refused_in_korean_and_nothing_is_written(admin_client, pending_dir, demo):
    data, _ = demo
    before = row_counts()
    html = text_of(upload(admin_client, data[: len(data) // 2]))
    assert "파일이 손상되어 열 수 없습니다" in html
    html = text_of(upload(admin_client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600))
    assert "한글 97~2018 형식(.hwp) 파일입니다" in html
    assert row_counts() == before
    assert not list(pending_dir.iterdir())
    assert SESSION_KEY not in admin_client.session
