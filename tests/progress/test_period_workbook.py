"""The period workbook (issue 14, item 3): a team's (or the department's) items of a period
exported to Excel, filled in, uploaded on the team screen, previewed per item and saved through
the team screen's own service. Bad cells and rows are refused in Korean naming the sheet row or
cell, and nothing is written."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from plans.exchange.changes import CREATED, UPDATED
from plans.models import ItemProgress, PeriodKind, PlanItem, ProgressStatus
from plans.workflow.progress import (
    ProgressInput,
    progress_rows,
    progress_update,
    rows_digest,
)
from tests.exchange.test_upload_guard import package
from tests.factories import PlanItemFactory
from tests.helpers import text_of
from tests.progress.conftest import open_period
from tests.progress.helpers import publish

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
HEADERS = [
    "과제",
    "과제명",
    "담당 팀",
    "번호",
    "추진계획",
    "일정",
    "목표",
    "추진 상태",
    "진행률(%)",
    "실적",
    "사유",
    "목표 수량",
    "실적 수량",
    "단위",
    "항목 키",
]
EDITABLE = {"추진 상태", "진행률(%)", "실적", "사유", "목표 수량", "실적 수량", "단위"}


@pytest.fixture(autouse=True)
def _pending(pending_dir):
    return pending_dir


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def export(client, period) -> bytes:
    response = client.get(reverse("admin:plans_reportingperiod_workbook", args=[period.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def edit(data: bytes, changes: dict[tuple[int, str], object]) -> bytes:
    """The workbook with cells changed: (item key, header) → value, as a clerk types in Excel."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["추진실적"]
    columns = {cell.value: cell.column for cell in sheet[2]}
    rows = {sheet.cell(row, columns["항목 키"]).value: row for row in range(3, sheet.max_row + 1)}
    for (key, header), value in changes.items():
        sheet.cell(rows[key], columns[header]).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row_of(data: bytes, key: int) -> int:
    sheet = openpyxl.load_workbook(io.BytesIO(data))["추진실적"]
    return next(row for row in range(3, sheet.max_row + 1) if sheet.cell(row, 15).value == key)


def upload(client, period, data: bytes, name="추진실적.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(
        reverse("admin:plans_reportingperiod_workbook_import", args=[period.pk]),
        {"workbook": file},
    )


def confirm(client, period, token: str):
    return client.post(
        reverse("admin:plans_reportingperiod_workbook_import", args=[period.pk]), {"token": token}
    )


def refused(response) -> list[str]:
    assert response.status_code == 200
    assert "아무것도 저장하지 않았습니다" in text_of(response)
    return response.context["errors"]


# ---------------------------------------------------------------------------------------------
# Export


def test_writer_exports_its_teams_items_with_locked_columns_and_the_lock_digest(
    period, own_card, writer
):
    data = export(login(writer), period)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["추진실적", "안내"]
    sheet = book["추진실적"]
    assert [cell.value for cell in sheet[2]] == HEADERS
    items = list(own_card.plan_items.order_by("order"))
    keys = [sheet.cell(row, 15).value for row in range(3, sheet.max_row + 1)]
    assert keys == [item.pk for item in items]  # the team's items only, in the report's order
    first = [cell.value for cell in sheet[3]]
    assert first[:5] == [own_card.code, own_card.title, own_card.team.name, 1, items[0].text]
    # Read-only columns locked and grey, the 추진실적 columns open, the key column hidden.
    for cell in sheet[3]:
        header = sheet.cell(2, cell.column).value
        assert cell.protection.locked is (header not in EDITABLE), header
        assert (cell.fill.fgColor.rgb == "00F2F2F2") is (header not in EDITABLE), header
    assert sheet.protection.sheet is True
    assert sheet.column_dimensions["O"].hidden is True
    assert sheet.freeze_panes == "B3"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    (status, percent) = sheet.data_validations.dataValidation
    assert status.formula1 == '"미착수,정상추진,완료,지연,유보,취소"'
    assert str(status.sqref) == f"H3:H{2 + len(items)}"
    assert (percent.type, percent.formula1, percent.formula2) == ("whole", "0", "100")
    info = {row[0]: row[1] for row in book["안내"].iter_rows(min_row=3, values_only=True)}
    assert info["보고 시기 번호"] == period.pk
    assert info["범위"] == own_card.team.name
    assert info["내보낸 판"] == rows_digest(progress_rows(period, user=writer))


def test_reviewer_exports_the_departments_items(period, plan, reviewer):
    sheet = openpyxl.load_workbook(io.BytesIO(export(login(reviewer), period)))["추진실적"]
    keys = {sheet.cell(row, 15).value for row in range(3, sheet.max_row + 1)}
    assert keys == set(PlanItem.objects.filter(card__plan=plan).values_list("pk", flat=True))


# ---------------------------------------------------------------------------------------------
# Round trip


def test_round_trip_previews_then_saves_the_rows_as_edited_with_history(period, own_card, writer):
    first, second = own_card.plan_items.order_by("order")
    client = login(writer)
    data = edit(
        export(client, period),
        {
            (first.pk, "추진 상태"): "완료",
            (first.pk, "실적"): "직무 교육 1회 실시\n  ※ 신규 공무원 25명",
            (second.pk, "추진 상태"): "지연",
            (second.pk, "진행률(%)"): 30,
            (second.pk, "사유"): "강사 섭외 지연",
            (second.pk, "목표 수량"): 1,
            (second.pk, "실적 수량"): 0,
            (second.pk, "단위"): "회",
        },
    )
    preview = upload(client, period, data, name="상반기.xlsx")
    assert preview.status_code == 200
    assert not ItemProgress.objects.exists()  # a preview writes nothing
    changes = preview.context["changes"]
    assert [(row.kind, row.place) for row in changes.rows] == [
        (CREATED, f"추진실적 시트 {row_of(data, first.pk)}행"),
        (CREATED, f"추진실적 시트 {row_of(data, second.pk)}행"),
    ]
    assert changes.rows[0].name == f"과제 {own_card.code} '{own_card.title}' 추진계획 1행 추진실적"
    values = {f.label: f.new for f in changes.rows[1].fields}
    assert (values["추진 상태"], values["진행률"], values["사유"]) == (
        "지연",
        "30",
        "강사 섭외 지연",
    )

    saved = confirm(client, period, preview.context["token"])
    assert saved.status_code == 302
    assert saved["Location"] == reverse("admin:plans_reportingperiod_update", args=[period.pk])
    entries = {entry.item_id: entry for entry in ItemProgress.objects.filter(period=period)}
    assert (entries[first.pk].status, entries[first.pk].percent) == (ProgressStatus.COMPLETED, 100)
    assert entries[first.pk].result == "직무 교육 1회 실시\n  ※ 신규 공무원 25명"
    second_entry = entries[second.pk]
    assert (second_entry.status, second_entry.percent, second_entry.reason) == (
        ProgressStatus.DELAYED,
        30,
        "강사 섭외 지연",
    )
    assert (second_entry.target_amount, second_entry.actual_amount, second_entry.unit) == (
        1,
        0,
        "회",
    )
    for entry in entries.values():
        record = entry.history.get()
        assert (record.history_user, record.history_type) == (writer, "+")
        assert record.history_change_reason == "추진실적 엑셀 가져오기: 상반기.xlsx"
        assert entry.updated_by == writer

    # Exported again, the file shows what is stored; a changed % is previewed old → new.
    again = export(client, period)
    sheet = openpyxl.load_workbook(io.BytesIO(again))["추진실적"]
    second_row = row_of(again, second.pk)
    assert [sheet.cell(second_row, column).value for column in (8, 9, 11)] == [
        "지연",
        30,
        "강사 섭외 지연",
    ]
    preview = upload(client, period, edit(again, {(second.pk, "진행률(%)"): 60}))
    (change,) = preview.context["changes"].rows
    assert change.kind == UPDATED
    assert [(f.label, f.old, f.new) for f in change.fields] == [("진행률", "30", "60")]
    assert preview.context["changes"].unchanged == 1
    assert confirm(client, period, preview.context["token"]).status_code == 302
    assert ItemProgress.objects.get(item=second).percent == 60


def test_an_unchanged_file_has_nothing_to_confirm(period, writer):
    client = login(writer)
    response = upload(client, period, export(client, period))
    assert "token" not in response.context
    assert "바뀐 추진실적이 없어 저장할 것이 없습니다" in text_of(response)


# ---------------------------------------------------------------------------------------------
# Bad input: named, nothing written


def _label(own_card, item, row: int) -> str:
    return f"추진실적 시트 {row}행 {own_card.code} 추진계획 {item.order}번({item.text})"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            {"추진 상태": "정상추진", "진행률(%)": 120},
            "진행률은 0에서 100 사이로 입력하십시오(입력: 120).",
        ),
        ({"추진 상태": "완료", "진행률(%)": 40}, "완료 상태의 진행률은 100%입니다(입력: 40%)."),
        ({"추진 상태": "지연", "진행률(%)": 20}, "지연 상태에는 사유를 입력하십시오."),
    ],
)
def test_a_row_the_rules_refuse_is_named_and_nothing_is_written(
    period, own_card, writer, typed, message
):
    first, second = own_card.plan_items.order_by("order")
    client = login(writer)
    data = export(client, period)
    edits = {(first.pk, "추진 상태"): "정상추진", (first.pk, "진행률(%)"): 50}
    edits.update({(second.pk, header): value for header, value in typed.items()})
    data = edit(data, edits)
    assert refused(upload(client, period, data)) == [
        f"{_label(own_card, second, row_of(data, second.pk))}: {message}"
    ]
    assert not ItemProgress.objects.exists()


def test_an_unknown_status_word_is_named_by_its_cell_with_the_other_rows_mistakes(
    period, own_card, writer
):
    item, other = own_card.plan_items.order_by("order")
    client = login(writer)
    data = edit(
        export(client, period),
        {
            (item.pk, "추진 상태"): "완성",
            (other.pk, "추진 상태"): "정상추진",
            (other.pk, "진행률(%)"): 120,
        },
    )
    # The bad cell, and in the same answer what the rules say of the row that did read.
    assert refused(upload(client, period, data)) == [
        f"추진실적 시트 {row_of(data, item.pk)}행 '추진 상태' 열: 추진 상태로 쓸 수 없는 말입니다"
        "(입력: 완성). 다음 중 하나를 고르십시오: 미착수, 정상추진, 완료, 지연, 유보, 취소",
        f"{_label(own_card, other, row_of(data, other.pk))}: "
        "진행률은 0에서 100 사이로 입력하십시오(입력: 120).",
    ]
    assert not ItemProgress.objects.exists()


def test_a_bad_cell_alone_writes_nothing_though_the_other_rows_are_good(period, own_card, writer):
    item, other = own_card.plan_items.order_by("order")
    client = login(writer)
    data = edit(
        export(client, period),
        {(item.pk, "진행률(%)"): "절반쯤", (other.pk, "추진 상태"): "완료"},
    )
    data = edit(data, {(item.pk, "추진 상태"): "=1+1"})  # a formula without its result
    (error,) = refused(upload(client, period, data))
    assert error.startswith(f"추진실적 시트 {row_of(data, item.pk)}행 '추진 상태' 열: 계산 결과가")
    assert not ItemProgress.objects.exists()


def test_another_teams_item_is_refused_for_a_writer(period, plan, own_card, writer):
    mine = own_card.plan_items.order_by("order").first()
    other = PlanItem.objects.filter(card__plan=plan).exclude(card__team=own_card.team).first()
    client = login(writer)
    data = export(client, period)
    row = row_of(data, mine.pk)
    data = edit(data, {(mine.pk, "추진 상태"): "완료", (mine.pk, "항목 키"): other.pk})
    (error,) = refused(upload(client, period, data))
    assert error.startswith(_label(other.card, other, row) + ": ")
    assert f"{other.card.team.name}의 추진실적은 고칠 수 없습니다" in error
    assert not ItemProgress.objects.exists()


def test_a_key_of_another_plans_item_is_refused(period, own_card, writer):
    stranger = PlanItemFactory()  # a card of another plan
    mine = own_card.plan_items.order_by("order").first()
    client = login(writer)
    data = export(client, period)
    row = row_of(data, mine.pk)
    data = edit(data, {(mine.pk, "추진 상태"): "완료", (mine.pk, "항목 키"): stranger.pk})
    assert refused(upload(client, period, data)) == [
        f"추진실적 시트 {row}행 추진계획 번호 {stranger.pk}: "
        "이 보고 시기의 업무계획에 없는 추진계획입니다."
    ]
    assert not ItemProgress.objects.exists()


def test_a_file_exported_before_someone_saved_is_refused(period, own_card, writer, reviewer):
    item = own_card.plan_items.order_by("order").first()
    client = login(writer)
    data = edit(export(client, period), {(item.pk, "추진 상태"): "완료"})
    progress_update(
        period=period,
        user=reviewer,
        rows=[ProgressInput(str(item.pk), ProgressStatus.ON_TRACK, "40")],
        loaded_digest=None,
    )
    assert refused(upload(client, period, data)) == [
        "이 파일을 내려받은 뒤에 다른 사람이 추진실적을 저장했습니다. 아무것도 저장하지 "
        "않았습니다. 추진실적 엑셀을 새로 내려받아 다시 고치십시오."
    ]
    assert ItemProgress.objects.get().percent == 40


def test_a_save_between_preview_and_confirmation_writes_nothing(period, own_card, writer, reviewer):
    first, second = own_card.plan_items.order_by("order")
    client = login(writer)
    preview = upload(
        client, period, edit(export(client, period), {(first.pk, "추진 상태"): "완료"})
    )
    progress_update(
        period=period,
        user=reviewer,
        rows=[ProgressInput(str(second.pk), ProgressStatus.ON_TRACK, "10")],
        loaded_digest=None,
    )
    response = confirm(client, period, preview.context["token"])
    assert refused(response)[0].startswith("이 파일을 내려받은 뒤에 다른 사람이")
    assert list(ItemProgress.objects.values_list("item_id", flat=True)) == [second.pk]


def test_another_periods_file_is_refused(period, plan, own_card, writer):
    annual = open_period(plan, PeriodKind.ANNUAL)
    item = own_card.plan_items.order_by("order").first()
    client = login(writer)
    data = edit(export(client, annual), {(item.pk, "추진 상태"): "완료"})
    assert refused(upload(client, period, data)) == [
        f"이 파일은 {annual} 추진실적입니다. {period} 화면에서 올리거나 "
        "이 화면의 파일을 내려받아 고치십시오."
    ]
    assert not ItemProgress.objects.exists()


def test_a_file_that_is_not_xlsx_is_refused(period, writer):
    errors = refused(upload(login(writer), period, b"%PDF-1.7 not a workbook"))
    assert errors == [
        "엑셀(.xlsx) 파일이 아닙니다. 엑셀에서 '다른 이름으로 저장'으로 .xlsx 형식을 고르십시오."
    ]


def test_a_zip_bomb_is_refused_by_the_package_guard(period, writer, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened a package the guard should have refused")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
    bomb = package(huge=("xl/worksheets/sheet1.xml", 20 * MB))
    (error,) = refused(upload(login(writer), period, bomb))
    assert error.startswith(
        "엑셀 파일을 열지 않았습니다. 'xl/worksheets/sheet1.xml' 부분의 압축률이 "
    )
    assert not ItemProgress.objects.exists()


# ---------------------------------------------------------------------------------------------
# The team screen's buttons and the command


def test_team_screen_links_the_export_and_the_upload(period, own_card, writer):
    client = login(writer)
    page = client.get(reverse("admin:plans_reportingperiod_update", args=[period.pk]))
    html = page.content.decode()
    assert reverse("admin:plans_reportingperiod_workbook", args=[period.pk]) in html
    assert reverse("admin:plans_reportingperiod_workbook_import", args=[period.pk]) in html
    assert f"엑셀 내려받기({own_card.team.name})" in text_of(page)
    form = client.get(reverse("admin:plans_reportingperiod_workbook_import", args=[period.pk]))
    assert form.status_code == 200
    assert "추진실적 엑셀 파일(.xlsx)" in text_of(form)


def test_a_public_period_offers_the_export_only(period, writer, reviewer):
    publish(period)
    client = login(writer)
    page = client.get(reverse("admin:plans_reportingperiod_update", args=[period.pk]))
    html = page.content.decode()
    assert reverse("admin:plans_reportingperiod_workbook", args=[period.pk]) in html
    import_url = reverse("admin:plans_reportingperiod_workbook_import", args=[period.pk])
    assert import_url not in html
    assert client.get(import_url).status_code == 403


def test_the_command_saves_a_file_as_its_user(period, own_card, writer, tmp_path, capsys):
    item = own_card.plan_items.order_by("order").first()
    path = tmp_path / "상반기.xlsx"
    path.write_bytes(edit(export(login(writer), period), {(item.pk, "추진 상태"): "완료"}))
    call_command("import_progress_workbook", str(path), "--user", "writer", "--dry-run")
    assert "(미리보기, 저장하지 않음)" in capsys.readouterr().out
    assert not ItemProgress.objects.exists()
    call_command("import_progress_workbook", str(path), "--user", "writer")
    assert f"{period} 추진실적: 새로 입력 1건, 고침 0건" in capsys.readouterr().out
    assert ItemProgress.objects.get().updated_by == writer
    # Imported again, the file is stale (its own save came after the export): refused.
    with pytest.raises(CommandError, match="1군데 있어 아무것도 저장하지 않았습니다"):
        call_command("import_progress_workbook", str(path), "--user", "writer")
    assert "이 파일을 내려받은 뒤에 다른 사람이" in capsys.readouterr().err
