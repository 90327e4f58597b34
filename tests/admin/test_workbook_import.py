"""Importing a whole-plan workbook through the admin (upload, preview, confirm) and the command."""

import html as html_lib

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from plans.models import PlanItem, TaskCard, WorkPlan
from tests.plans import test_workbook as workbook_tests
from tests.plans.test_workbook import cell, delete_all_plan_data, edited

# The workbook tests' fixtures, shared rather than written again.
demo_plan = workbook_tests.demo_plan
demo_workbook = workbook_tests.demo_workbook
exported_demo = workbook_tests.exported_demo
empty_report_cache = workbook_tests.empty_report_cache

pytestmark = pytest.mark.django_db

URL = "admin:plans_workplan_import_workbook"


@pytest.fixture
def pending_dir(tmp_path, monkeypatch):
    monkeypatch.setattr("plans.admin_workbook.PENDING_DIR", tmp_path)
    return tmp_path


@pytest.fixture
def editor(client):
    user = User.objects.create_superuser("editor", "e@example.com", "x")
    client.force_login(user)
    return client


def upload(client, data: bytes, name: str = "plan.xlsx"):
    return client.post(reverse(URL), {"workbook": SimpleUploadedFile(name, data)})


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
    assert not list(pending_dir.iterdir())  # the waiting file is gone


def test_an_unchanged_workbook_has_nothing_to_confirm(
    editor, pending_dir, demo_plan, demo_workbook
):
    html = upload(editor, demo_workbook).content.decode()
    assert "바뀐 내용 없음" in html
    assert "가져오기 확인" not in html


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
    response = editor.post(reverse(URL), {"token": "a" * 32}, follow=True)
    assert "파일을 다시 올려 주십시오" in response.content.decode()


def test_staff_without_add_and_change_permission_cannot_import(client):
    user = User.objects.create_user("reader", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_workplan"))
    client.force_login(user)
    assert client.get(reverse(URL)).status_code == 403


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
    def edit(workbook):
        cell(workbook["추진계획"], "일정", 과제="IV-4", 순서=1).value = "23. 4."

    rows = upload(editor, edited(demo_workbook, edit)).context["rows"]
    assert (rows[0]["label"], rows[0]["updated"]) == ("추진계획", 1)
    assert all(not (row["created"] or row["updated"] or row["deleted"]) for row in rows[1:])
