"""Change history (변경 이력): an admin edit, a spreadsheet import and a workbook import each leave
history rows naming the user, when and what changed; the history page shows the diff with the
fields' Korean names; a 검토자 reverts to a recorded state, and nobody else can."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from simple_history.utils import get_history_manager_for_model

from personnel.models import StaffingCount
from personnel.roles import READER
from plans.admin.history import is_tracked
from plans.admin.workbook import import_permissions
from plans.models import PlanItem, PlanStatus, TaskCard, WorkPlan
from tests.admin.forms import _form_data, change_form_data
from tests.admin.staffing import grid_post_data, grid_url, name
from tests.history.conftest import staff
from tests.tables import export_through_admin, text, upload, url
from tests.workbooks import URL as WORKBOOK_URL
from tests.workbooks import cell, edited
from tests.workbooks import upload as upload_workbook

pytestmark = pytest.mark.django_db


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def history_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])


def record_url(obj, record) -> str:
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[obj.pk, record.history_id],
    )


def page_text(response) -> str:
    """The page's text without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


def history_rows() -> int:
    models = (TaskCard, PlanItem, WorkPlan)
    return sum(get_history_manager_for_model(model).count() for model in models)


def reopen(plan) -> None:
    """Back to draft, the state in which a plan's content is edited (plans.workflow.transitions)."""
    plan.status, plan.published_at = PlanStatus.DRAFT, None
    plan.save(update_fields=["status", "published_at"])


def edit_card(client, card, **changes):
    response = client.get(change_url(card))
    assert response.status_code == 200
    data = change_form_data(response)
    data.update(changes)
    response = client.post(change_url(card), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return response


# ---------------------------------------------------------------------------------------------
# What is recorded


def test_an_admin_edit_is_recorded_with_the_user_and_what_changed(admin_client, admin_user, world):
    card = world.card
    edit_card(
        admin_client,
        card,
        title="주민자치회 전면 실시 확대",
        **{"plan_items-0-text": "의제 발굴 및 자치계획 수립(전 읍면)"},
    )

    latest = card.history.first()
    assert (latest.history_type, latest.history_user) == ("~", admin_user)
    assert latest.diff_against(latest.prev_record).changed_fields == ["title"]
    assert latest.prev_record.title == "주민자치회 전면 실시"
    item = PlanItem.objects.get(card=card, order=1)
    assert item.history.first().history_user == admin_user
    assert item.history.first().text == "의제 발굴 및 자치계획 수립(전 읍면)"
    # Inline rows the form saved unchanged leave no history row.
    assert PlanItem.objects.get(card=card, order=2).history.count() == 1


def test_the_history_page_shows_who_when_and_the_diff_in_korean(admin_client, admin_user, world):
    card = world.card
    edit_card(
        admin_client,
        card,
        title="주민자치회 전면 실시 확대",
        **{"plan_items-1-schedule": "'24. 5.", "contacts-0-DELETE": "on"},
    )

    response = admin_client.get(history_url(card))
    assert response.status_code == 200
    page = page_text(response)
    assert "변경 이력: " in page
    assert "과제명 : 주민자치회 전면 실시 → 주민자치회 전면 실시 확대" in page
    # The card's parts are listed with it, each naming its part.
    assert "추진계획 사업 시행" in page and "일정 : '24. 3. → '24. 5." in page
    assert "- 삭제 담당자" in page and "~ 변경" in page and "+ 추가" in page
    assert admin_user.get_username() in page
    entries = response.context["page_obj"].object_list
    assert {entry.part for entry in entries} >= {"", "추진계획", "담당자", "소요예산"}
    # Every change page links its history as 변경 이력.
    assert history_url(card) in text(admin_client.get(change_url(card)))
    assert "변경 이력" in text(admin_client.get(change_url(card)))


def test_an_admin_import_is_recorded_with_the_user_and_the_file(admin_client, admin_user, world):
    workbook = openpyxl.load_workbook(
        io.BytesIO(export_through_admin(admin_client, PlanItem, "x.xlsx"))
    )
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    changed = next(
        row for row in sheet.iter_rows(min_row=2) if row[headers.index("내용")].value == "사업 시행"
    )
    changed[headers.index("일정")].value = "'24. 6."
    new = [c.value for c in changed]
    new[headers.index("순서")], new[headers.index("내용")] = 3, "성과 공유회 개최"
    sheet.append(new)
    buffer = io.BytesIO()
    workbook.save(buffer)

    before = history_rows()
    preview = upload(admin_client, PlanItem, buffer.getvalue(), "추진계획.xlsx")
    assert preview.status_code == 200
    assert history_rows() == before  # a preview is a dry run: no history either
    confirm = preview.context["confirm_form"].initial
    response = admin_client.post(url(PlanItem, "process_import"), confirm)
    assert response.status_code == 302

    reason = "엑셀 가져오기: 추진계획.xlsx"
    updated = PlanItem.objects.get(card=world.card, order=2).history.first()
    created = PlanItem.objects.get(card=world.card, order=3).history.get()
    assert (updated.history_type, updated.history_user, updated.history_change_reason) == (
        "~",
        admin_user,
        reason,
    )
    assert updated.diff_against(updated.prev_record).changed_fields == ["schedule"]
    assert (created.history_type, created.history_user, created.history_change_reason) == (
        "+",
        admin_user,
        reason,
    )
    # The unchanged row was not written, so it has no new history row.
    assert PlanItem.objects.get(card=world.card, order=1).history.count() == 1
    assert history_rows() == before + 2


def test_a_workbook_import_is_recorded_with_the_user_and_the_file(
    client, admin_user, pending_dir, demo_plan, demo_workbook
):
    def edit(workbook):
        cell(workbook["추진계획"], "일정", 과제="IV-4", 순서=1).value = "23. 4."

    reopen(demo_plan)
    client.force_login(admin_user)
    preview = upload_workbook(client, edited(demo_workbook, edit), "2023 자치행정과.xlsx")
    response = client.post(reverse(WORKBOOK_URL), {"token": preview.context["token"]})
    assert response.status_code == 302

    item = PlanItem.objects.get(card__section="main", card__number=4, order=1)
    record = item.history.first()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "~",
        admin_user,
        "엑셀 통합문서 가져오기: 2023 자치행정과.xlsx",
    )
    assert record.diff_against(record.prev_record).changed_fields == ["schedule"]
    assert record.schedule == "'23. 4."


def test_the_workbook_command_names_itself_in_the_history(tmp_path, demo_plan, demo_workbook):
    def edit(workbook):
        cell(workbook["과제"], "과제명", 구분="특수시책", 번호=1).value = "우편모아시스템 확대"

    reopen(demo_plan)
    path = tmp_path / "고친 계획.xlsx"
    path.write_bytes(edited(demo_workbook, edit))
    call_command("import_workbook", str(path))
    record = TaskCard.objects.get(section="special", number=1).history.first()
    assert (record.history_user, record.history_change_reason) == (
        None,
        "manage.py import_workbook: 고친 계획.xlsx",
    )
    assert record.title == "우편모아시스템 확대"


def test_importing_a_workbook_asks_for_no_permission_on_history_tables():
    assert not [perm for perm in import_permissions() if ".add_historical" in perm]


# ---------------------------------------------------------------------------------------------
# Reverting


def test_a_reviewer_reverts_a_card_to_a_recorded_state(admin_client, reviewer, world):
    card = world.card
    edit_card(admin_client, card, title="잘못 고친 제목", overview="잘못 고친 개요")
    old = card.history.order_by("history_id").first()  # as created

    page = reviewer.get(record_url(card, old))
    assert page.status_code == 200
    assert "이 시점으로 되돌리기" in text(page)
    data = _form_data(page.context["adminform"].form)
    assert data["title"] == "주민자치회 전면 실시"
    response = reviewer.post(record_url(card, old), data)
    assert response.status_code == 302
    assert response["Location"] == history_url(card)

    card.refresh_from_db()
    assert (card.title, card.overview) == (
        "주민자치회 전면 실시",
        "주민자치회 전환으로 풀뿌리자치의 활성화",
    )
    reason = f"이력에서 되돌림 (기록 #{old.history_id})"
    latest = card.history.first()
    assert (latest.history_user.get_username(), latest.history_change_reason) == ("검토자", reason)
    assert LogEntry.objects.filter(object_id=str(card.pk)).first().change_message == reason
    assert reason in page_text(reviewer.get(history_url(card)))


def test_without_the_revert_permission_history_is_read_only(admin_client, clerk, world):
    card = world.card
    edit_card(admin_client, card, title="바뀐 제목")
    old = card.history.order_by("history_id").first()

    history = clerk.get(history_url(card))
    assert history.status_code == 200
    assert "바뀐 제목" in page_text(history)
    assert "되돌리기는 검토자만 할 수 있습니다" in page_text(history)
    page = clerk.get(record_url(card, old))
    assert page.status_code == 200
    assert "이 시점으로 되돌리기" not in text(page)
    assert "title" not in page.context["adminform"].form.fields  # shown, not editable
    assert '<div class="readonly">주민자치회 전면 실시</div>' in text(page)

    response = clerk.post(record_url(card, old), {"title": "주민자치회 전면 실시"})
    assert response.status_code == 403
    card.refresh_from_db()
    assert card.title == "바뀐 제목"


def test_the_revert_permission_alone_does_not_let_one_change_the_object(
    admin_client, client, world
):
    card = world.card
    edit_card(admin_client, card, title="바뀐 제목")
    old = card.history.order_by("history_id").first()
    client.force_login(
        staff("열람자", team=world.teams["행정팀"], roles=[READER], perms=["plans.revert_history"])
    )
    assert "이 시점으로 되돌리기" not in text(client.get(record_url(card, old)))
    assert client.post(record_url(card, old), {"title": "주민자치회 전면 실시"}).status_code == 403
    card.refresh_from_db()
    assert card.title == "바뀐 제목"


def test_staff_who_may_not_view_the_object_see_no_history(client, world):
    client.force_login(staff("소속 없음", team=None, perms=["plans.view_workplan"]))
    assert client.get(history_url(world.card)).status_code in (403, 404)
    record = world.card.history.first()
    assert client.get(record_url(world.card, record)).status_code in (403, 404)


def test_the_staffing_grid_is_recorded_with_the_user_and_the_page(admin_client, admin_user, world):
    data = grid_post_data(admin_client.get(grid_url(world)))
    data[name(world, "서무팀", "7급", "current")] = "4"  # changed
    data[name(world, "대외협력팀", "9급", "current")] = ""  # deleted
    data[name(world, "대외협력팀", "9급", "authorized")] = ""
    assert admin_client.post(grid_url(world), data).status_code == 302

    history = get_history_manager_for_model(StaffingCount)
    changed = history.filter(team=world.teams["서무팀"], grade=world.grades["7급"]).first()
    deleted = history.filter(team=world.teams["대외협력팀"], grade=world.grades["9급"]).first()
    for record, kind in ((changed, "~"), (deleted, "-")):
        assert (record.history_type, record.history_user, record.history_change_reason) == (
            kind,
            admin_user,
            "인력 현황 입력",
        )
    assert changed.diff_against(changed.prev_record).changed_fields == ["current"]


def test_a_revert_restores_the_form_not_the_workflow(reviewer, world):
    plan = world.plan
    plan.status = PlanStatus.IN_REVIEW
    plan.save()
    old = plan.history.first()  # 검토 중, with the first 정책목표
    plan.status, plan.policy_goal = PlanStatus.DRAFT, "반려 뒤 고친 정책목표"
    plan.save()

    page = reviewer.get(record_url(plan, old))
    assert "이 시점으로 되돌리기" in text(page)
    response = reviewer.post(record_url(plan, old), _form_data(page.context["adminform"].form))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.policy_goal == "군민과 함께하고 공감하는 소통행정 추진"
    assert plan.status == PlanStatus.DRAFT  # the workflow's, not the record's


PORTAL_MODELS = sorted(
    (
        model
        for model in admin.site._registry
        if model._meta.app_label in {"personnel", "budget", "civic", "plans"} and is_tracked(model)
    ),
    key=lambda model: model._meta.label,
)


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=[m._meta.label for m in PORTAL_MODELS])
def test_every_history_page_and_record_opens(admin_client, world, model):
    obj = model._default_manager.first()
    obj.save()  # a second record, so the page compares two
    response = admin_client.get(history_url(obj))
    assert response.status_code == 200
    assert f"변경 이력: {obj}" in text(response)
    record = obj.history.first()
    assert admin_client.get(record_url(obj, record)).status_code == 200
