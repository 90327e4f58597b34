"""Importing a whole-plan workbook through the admin (upload, preview, confirm) and the command."""

import html as html_lib
import os
import time

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from personnel.models import StaffProfile
from plans.admin.workbook import SESSION_KEY, import_permissions
from plans.exchange.workbook.reader import STALE_FILE_MESSAGE
from plans.models import PlanItem, PlanStatus, TaskCard, WorkPlan
from tests.factories import TeamFactory
from tests.workbooks import URL, cell, delete_all_plan_data, edited, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_superuser("editor", "e@example.com", "x")
    client.force_login(user)
    return client


def test_the_plan_list_links_the_import(editor):
    html = editor.get(reverse("admin:plans_workplan_changelist")).content.decode()
    assert reverse(URL) in html
    assert editor.get(reverse(URL)).status_code == 200


def test_preview_then_confirm_imports_into_an_empty_database(editor, pending_dir, demo_workbook):
    delete_all_plan_data()
    preview = upload(editor, demo_workbook)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "미리보기" in html and "새로 만듦" in html and "가져오기 확인" in html
    assert WorkPlan.objects.count() == 0  # the preview wrote nothing
    token = preview.context["token"]
    confirmed = editor.post(reverse(URL), {"token": token})
    plan = WorkPlan.objects.get()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("admin:plans_workplan_change", args=[plan.pk])
    assert TaskCard.objects.filter(plan=plan).count() == 9
    assert (plan.status, plan.published_at) == (PlanStatus.DRAFT, None)
    assert not list(pending_dir.iterdir())  # the waiting file is gone
    entry = LogEntry.objects.get()
    assert (entry.action_flag, entry.object_id) == (CHANGE, str(plan.pk))
    assert entry.change_message.startswith("엑셀 통합문서 가져오기: ")
    # The token is spent.
    assert editor.post(reverse(URL), {"token": token}).status_code == 403


def test_an_unchanged_workbook_has_nothing_to_confirm(
    editor, pending_dir, demo_plan, demo_workbook
):
    html = upload(editor, demo_workbook).content.decode()
    assert "바뀐 내용 없음" in html
    assert "가져오기 확인" not in html
    assert not list(pending_dir.iterdir())  # nothing to confirm, so no file waits


def test_bad_cells_are_all_listed_and_nothing_is_written(
    editor, pending_dir, demo_plan, demo_workbook
):
    def break_it(workbook):
        cell(workbook["추진계획"], "일정", 과제="IV-4", 순서=1).value = "23. 13."
        cell(workbook["과제"], "과제명", 구분="특수시책", 번호=1).value = "고친 제목"
        cell(workbook["예산"], "금액", 회계연도=2023, 팀="행정팀").value = "-5"

    before = (TaskCard.objects.get(section="special").title, PlanItem.objects.count())
    html = html_lib.unescape(upload(editor, edited(demo_workbook, break_it)).content.decode())
    assert "아무것도 저장하지 않았습니다" in html
    assert "추진계획 시트" in html and "'일정' 열" in html
    assert "예산 시트" in html and "'금액' 열" in html
    assert (TaskCard.objects.get(section="special").title, PlanItem.objects.count()) == before
    assert not list(pending_dir.iterdir())


def test_a_file_that_is_not_a_workbook_is_refused_in_korean(editor, pending_dir):
    html = upload(editor, b"%PDF-1.7 not a workbook").content.decode()
    assert "엑셀(.xlsx) 파일이 아닙니다" in html


@pytest.mark.parametrize("token", ["../../etc/passwd", "zz" * 16, "", "a" * 31])
def test_a_forged_token_is_refused(editor, pending_dir, token):
    assert editor.post(reverse(URL), {"token": token}).status_code == 403


def test_an_expired_token_asks_for_the_file_again(editor, pending_dir):
    session = editor.session
    session[SESSION_KEY] = ["a" * 32]
    session.save()
    response = editor.post(reverse(URL), {"token": "a" * 32}, follow=True)
    assert "파일을 다시 올려 주십시오" in response.content.decode()


def test_a_token_is_confirmed_only_by_the_session_that_previewed_it(
    editor, pending_dir, demo_workbook
):
    delete_all_plan_data()
    token = upload(editor, demo_workbook).context["token"]
    other = Client()
    other.force_login(User.objects.create_superuser("other", "o@example.com", "x"))
    assert other.post(reverse(URL), {"token": token}).status_code == 403
    assert WorkPlan.objects.count() == 0
    assert (pending_dir / f"{token}.xlsx").exists()
    assert editor.post(reverse(URL), {"token": token}).status_code == 302
    assert WorkPlan.objects.count() == 1


def test_a_preview_deletes_files_older_than_a_day(editor, pending_dir, demo_workbook):
    delete_all_plan_data()
    old, recent = pending_dir / f"{'a' * 32}.xlsx", pending_dir / f"{'b' * 32}.xlsx"
    for path in (old, recent):
        path.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    os.utime(old, (two_days_ago, two_days_ago))
    token = upload(editor, demo_workbook).context["token"]
    assert sorted(path.name for path in pending_dir.iterdir()) == sorted(
        [recent.name, f"{token}.xlsx"]
    )


def test_an_old_file_over_a_changed_plan_is_refused(editor, pending_dir, demo_plan, demo_workbook):
    def edit(workbook):
        cell(workbook["추진계획"], "일정", 과제="IV-4", 순서=1).value = "23. 4."

    TaskCard.objects.filter(section="special", number=1).update(title="다른 사람이 고친 제목")
    html = upload(editor, edited(demo_workbook, edit)).content.decode()
    assert STALE_FILE_MESSAGE in html_lib.unescape(html)
    assert "가져오기 확인" not in html
    assert not list(pending_dir.iterdir())


def test_staff_without_add_and_change_permission_cannot_import(client):
    user = User.objects.create_user("reader", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_workplan"))
    client.force_login(user)
    assert client.get(reverse(URL)).status_code == 403


def grant(user, perms) -> None:
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def test_importing_needs_every_permission_the_load_uses(client, pending_dir, demo_workbook):
    perms = import_permissions()
    assert {"plans.add_workplan", "budget.delete_budgetline", "civic.change_township"} <= set(perms)
    assert "personnel.delete_officer" in perms
    user = User.objects.create_user("clerk", password="x", is_staff=True)
    # A login without a team adds nothing (plans.access.scopes); this one has a team but no role.
    StaffProfile.objects.create(user=user, team=TeamFactory())
    grant(user, ["plans.add_workplan", "plans.change_workplan", "plans.view_workplan"])
    client.force_login(user)
    assert client.get(reverse(URL)).status_code == 403  # a plan clerk may not touch budgets
    assert upload(client, demo_workbook).status_code == 403

    grant(user, [perm for perm in perms if perm != "budget.change_budgetline"])
    user = User.objects.get(pk=user.pk)  # forget the cached permissions
    client.force_login(user)
    assert client.get(reverse(URL)).status_code == 403

    grant(user, ["budget.change_budgetline"])
    client.force_login(User.objects.get(pk=user.pk))
    assert client.get(reverse(URL)).status_code == 200


def test_the_command_previews_and_imports(tmp_path, demo_workbook, capsys):
    delete_all_plan_data()
    path = tmp_path / "plan.xlsx"
    path.write_bytes(demo_workbook)
    call_command("import_workbook", str(path), "--dry-run")
    assert "미리보기" in capsys.readouterr().out
    assert WorkPlan.objects.count() == 0
    call_command("import_workbook", str(path))
    assert WorkPlan.objects.count() == 1


def test_the_command_lists_bad_cells_and_writes_nothing(tmp_path, demo_plan, demo_workbook):
    def break_it(workbook):
        cell(workbook["추진계획"], "일정", 과제="IV-4", 순서=1).value = "23. 13."

    path = tmp_path / "plan.xlsx"
    path.write_bytes(edited(demo_workbook, break_it))
    with pytest.raises(CommandError, match="고칠 곳이 1군데"):
        call_command("import_workbook", str(path))


def test_the_preview_lists_changed_tables_first(editor, pending_dir, demo_plan, demo_workbook):
    # The demo plan is published, and a published plan cannot be changed
    # (plans.workflow.transitions).
    WorkPlan.objects.filter(pk=demo_plan.pk).update(status=PlanStatus.DRAFT)

    def edit(workbook):
        cell(workbook["추진계획"], "일정", 과제="IV-4", 순서=1).value = "23. 4."

    rows = upload(editor, edited(demo_workbook, edit)).context["rows"]
    assert (rows[0]["label"], rows[0]["updated"]) == ("추진계획", 1)
    assert all(not (row["created"] or row["updated"] or row["deleted"]) for row in rows[1:])
