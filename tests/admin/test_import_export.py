"""The admin's per-table import and export (가져오기 / 내보내기) of .xlsx and .csv files.

Every file is built in the test. Bad input is refused with a Korean message naming the row and
column, every bad row is listed, and nothing is written (every table's row count is checked);
exports import back into an empty table as the same rows, and an unchanged file changes
nothing; Korean Excel's encodings and number styles are read; exported text never becomes a
formula; and the two admin steps (preview, confirm) work through the test client."""

from __future__ import annotations

import csv
import datetime
import html
import io
import re

import openpyxl
import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.urls import reverse

from budget.models import BudgetLine, FundingRow
from budget.resources import BudgetLineResource, CountyBudgetResource, FundingRowResource
from civic.resources import (
    CitizenSuggestionResource,
    ElectionResource,
    FieldVisitResource,
    HousingProjectResource,
    ParticipationPointYearResource,
    ResidentCouncilResource,
    TownshipResource,
)
from personnel.models import StaffingCount, StaffProfile, Team
from personnel.resources import OfficerResource, StaffingCountResource, WelfareProgramResource
from plans.exchange import cells as spreadsheets
from plans.exchange.resources.cards import (
    CardContactResource,
    CardFactResource,
    PlanItemResource,
    ProgressItemResource,
    TaskCardResource,
)
from plans.exchange.resources.formats import CSV, XLSX
from plans.exchange.resources.widgets import NumberWidget
from plans.models import PlanItem, TaskCard

pytestmark = pytest.mark.django_db

RESOURCES = [
    TaskCardResource,
    PlanItemResource,
    FundingRowResource,
    ProgressItemResource,
    CardFactResource,
    CardContactResource,
    BudgetLineResource,
    CountyBudgetResource,
    StaffingCountResource,
    OfficerResource,
    WelfareProgramResource,
    TownshipResource,
    ResidentCouncilResource,
    ParticipationPointYearResource,
    HousingProjectResource,
    ElectionResource,
    FieldVisitResource,
    CitizenSuggestionResource,
]
RESOURCE_IDS = [resource._meta.model.__name__ for resource in RESOURCES]

BUDGET_HEADERS = ["과", "회계연도", "회계", "예산 단계", "팀", "기타 항목", "순서", "금액(천원)"]


# ---------------------------------------------------------------------------------------------
# Helpers


def row_counts() -> dict[str, int]:
    """Rows of every table of the project, and of the admin's log."""
    counts = {
        model._meta.label: model._default_manager.count()
        for app in ("personnel", "budget", "civic", "plans")
        for model in apps.get_app_config(app).get_models()
    }
    counts["admin.LogEntry"] = LogEntry.objects.count()
    return counts


def csv_bytes(rows, encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def url(model, action: str) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}")


def upload(client, model, data: bytes, name: str, file_format: str = ""):
    return client.post(
        url(model, "import"),
        {"import_file": SimpleUploadedFile(name, data), "format": file_format},
    )


def text(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


def summary(response) -> str:
    """The preview's counts as a clerk reads them: 전체 3행: 추가 1 변경 1 변경 없음 1 잘못됨 0."""
    page = response.content.decode("utf-8")
    start = page.index('id="import-summary"')
    block = page[page.index(">", start) + 1 : page.index("</p>", start)]
    return " ".join(re.sub(r"<[^>]+>", "", block).split())


def file_format(name: str):
    return XLSX() if name.endswith(".xlsx") else CSV()


def run_import(resource_class, data: bytes, name: str, *, dry_run: bool):
    dataset = file_format(name).create_dataset(data)
    return resource_class().import_data(dataset, dry_run=dry_run)


def result_messages(result) -> list[str]:
    messages = [str(error.error) for error in result.base_errors]
    for row in result.invalid_rows:
        for texts in row.error_dict.values():
            messages.extend(texts)
    return messages


def assert_refused(client, resource_class, data: bytes, name: str, expected: list[str]) -> str:
    """The admin's preview shows every expected message and offers no confirm; importing the
    same file for real reports them too; no table changes. Returns the preview's text."""
    model = resource_class._meta.model
    before = row_counts()
    response = upload(client, model, data, name)
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    page = text(response)
    for message in expected:
        assert message in page
    for dry_run in (True, False):
        result = run_import(resource_class, data, name, dry_run=dry_run)
        messages = result_messages(result)
        for message in expected:
            assert any(message in found for found in messages), (message, messages)
    assert row_counts() == before
    return page


def assert_file_refused(client, model, data: bytes, name: str, message: str) -> None:
    before = row_counts()
    response = upload(client, model, data, name)
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert message in text(response)
    assert row_counts() == before


def exported(resource_class, name: str) -> bytes:
    """The table as the admin's export writes it."""
    file_class = type(file_format(name))
    dataset = resource_class().export(force_native_type=file_class.native_types)
    return file_class().export_data(dataset)


def export_through_admin(client, model, name: str) -> bytes:
    page = client.get(url(model, "export"))
    assert page.status_code == 200
    assert [label for _value, label in page.context["form"].fields["format"].choices] == [
        "xlsx",
        "csv",
    ]
    data = {"format": "0" if name.endswith(".xlsx") else "1", "resource": "0"}
    response = client.post(url(model, "export"), data)
    assert response.status_code == 200, text(response)[-2000:]
    return response.content


def budget_rows(*rows) -> list[list]:
    return [BUDGET_HEADERS, *rows]


def snapshot(model) -> list[tuple]:
    """A table's rows without ids and timestamps, in a stable order."""
    names = [
        field.attname
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name != "updated_at"
    ]
    return sorted(model._default_manager.values_list(*names), key=repr)


def delete_all(model) -> None:
    """Delete a table's rows, first deleting rows elsewhere that protect them."""
    while True:
        try:
            model._default_manager.all().delete()
            return
        except ProtectedError as error:
            for obj in error.protected_objects:
                delete_all(type(obj))


def xlsx_cells(data: bytes) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return list(workbook.active.iter_rows(values_only=True))


def csv_cells(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Korean Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


# ---------------------------------------------------------------------------------------------
# Bad input: refused, named by row and column, nothing written


def test_wrong_and_missing_headers_are_refused_naming_the_column(admin_client, world):
    rows = [
        ["과", "회계연도", "회계", "예산 단계", "팀", "기타 항목", "순서", "금액", "비고란"],
        ["자치행정과", 2024, "일반회계", "본예산", "행정팀", "", 1, 1000, ""],
    ]
    for name, data in (("lines.csv", csv_bytes(rows)), ("lines.xlsx", xlsx_bytes(rows))):
        assert_refused(
            admin_client,
            BudgetLineResource,
            data,
            name,
            [
                "1행 '금액' 열: 알 수 없는 열입니다.",
                "1행 '비고란' 열: 알 수 없는 열입니다.",
                "1행 '금액(천원)' 열: 이 열이 없습니다.",
                "이 표의 열: 과, 회계연도, 회계, 예산 단계, 팀, 기타 항목, 순서, 금액(천원)",
            ],
        )


def test_a_missing_key_column_is_refused(admin_client, world):
    rows = [
        ["연도", "팀", "직급", "정원", "현원"],
        [2024, "행정팀", "일반직 6급", 5, 5],
    ]
    assert_refused(
        admin_client,
        StaffingCountResource,
        csv_bytes(rows),
        "staffing.csv",
        ["1행 '과' 열: 이 열이 없습니다."],
    )


def test_wrong_types_are_refused_naming_row_and_column(admin_client, world):
    rows = budget_rows(
        ["자치행정과", 2024, "일반회계", "본예산", "행정팀", "", 1, "많음"],
        ["자치행정과", "2024년", "일반회계", "본예산", "서무팀", "", 2, 100],
        ["자치행정과", 2024, "특별", "본예산", "군민소통팀", "", 3, 100],
    )
    assert_refused(
        admin_client,
        BudgetLineResource,
        csv_bytes(rows),
        "lines.csv",
        [
            "2행 '금액(천원)' 열: '많음'은(는) 숫자가 아닙니다.",
            "3행 '회계연도' 열: '2024년'은(는) 숫자가 아닙니다.",
            "4행 '회계' 열: '특별'은(는) 쓸 수 없는 값입니다. "
            "일반회계, 특별회계 중 하나를 쓰십시오.",
        ],
    )


def test_a_date_that_is_not_a_date_is_refused(admin_client, world):
    rows = [
        ["기관", "선거명", "선거일", "선거인수(명)", "투표자수(명)", "간사·서기(명)",
         "(사전)투표 종사자(명)", "개표 종사자(명)"],
        ["음성군", "제9회 지방선거", "2022-02-30", 80000, 50000, 18, 298, 60],
        ["음성군", "제10회 지방선거", "2026. 6. 3.", 80000, 90000, 18, 298, 60],
    ]  # fmt: skip
    assert_refused(
        admin_client,
        ElectionResource,
        xlsx_bytes(rows),
        "elections.xlsx",
        [
            "2행 '선거일' 열: '2022-02-30'은(는) 날짜가 아닙니다.",
            # A rule across cells (a check constraint) names both columns.
            "3행 '선거인수(명)', '투표자수(명)' 열: 투표자수는 선거인수보다 많을 수 없습니다.",
        ],
    )


def test_negative_money_is_refused_naming_row_and_column(admin_client, world):
    rows = budget_rows(
        ["자치행정과", 2024, "일반회계", "본예산", "행정팀", "", 1, "△856"],
        ["자치행정과", 2024, "일반회계", "본예산", "서무팀", "", 2, "(856)"],
        ["자치행정과", 2024, "일반회계", "본예산", "군민소통팀", "", 3, -856],
    )
    assert_refused(
        admin_client,
        BudgetLineResource,
        xlsx_bytes(rows),
        "lines.xlsx",
        [
            "2행 '금액(천원)' 열: 음수는 입력할 수 없습니다.",
            "3행 '금액(천원)' 열: 음수는 입력할 수 없습니다.",
            "4행 '금액(천원)' 열: 음수는 입력할 수 없습니다.",
        ],
    )


def test_unknown_team_department_and_officer_are_named(admin_client, world):
    rows = budget_rows(
        ["자치행정과", 2024, "일반회계", "본예산", "서무2팀", "", 1, 100],
        ["없는과", 2024, "일반회계", "본예산", "", "예비비", 2, 100],
    )
    assert_refused(
        admin_client,
        BudgetLineResource,
        csv_bytes(rows),
        "lines.csv",
        [
            "2행 '팀' 열: '서무2팀' 팀을 찾을 수 없습니다(과 '자치행정과').",
            "3행 '과' 열: '없는과' 과를 찾을 수 없습니다.",
        ],
    )
    contacts = [
        ["과", "연도", "구분", "번호", "순서", "담당자 팀", "담당자", "전화번호"],
        ["자치행정과", 2023, "주요업무계획", 7, 2, "행정팀", "홍길동", "871-0000"],
        ["자치행정과", 2023, "주요업무계획", 99, 1, "행정팀", "남기종", "871-3163"],
    ]
    assert_refused(
        admin_client,
        CardContactResource,
        csv_bytes(contacts),
        "contacts.csv",
        [
            "2행 '담당자' 열: '홍길동' 담당자를 찾을 수 없습니다"
            "(과 '자치행정과', 담당자 팀 '행정팀', 전화번호 '871-0000').",
            "3행 '번호' 열: '99' 과제를 찾을 수 없습니다"
            "(과 '자치행정과', 연도 '2023', 구분 '주요업무계획').",
        ],
    )


def test_duplicate_keys_within_the_file_are_refused(admin_client, world):
    rows = [
        ["연도", "과", "팀", "직급", "정원", "현원"],
        [2024, "자치행정과", "행정팀", "일반직 6급", 5, 5],
        [2024, "자치행정과", "서무팀", "일반직 6급", 1, 1],
        [2024, "자치행정과", "행정팀", "6급", 4, 4],  # the same grade, written shorter
    ]
    assert_refused(
        admin_client,
        StaffingCountResource,
        csv_bytes(rows),
        "staffing.csv",
        ["4행 '직급' 열: 2행과 같은 항목입니다(연도, 과, 팀, 직급 값이 같습니다)."],
    )
    # Two rows taking the same place of a unique rule (순서) are refused too.
    lines = budget_rows(
        ["자치행정과", 2024, "일반회계", "본예산", "행정팀", "", 1, 100],
        ["자치행정과", 2024, "일반회계", "본예산", "서무팀", "", 1, 100],
    )
    assert_refused(
        admin_client,
        BudgetLineResource,
        csv_bytes(lines),
        "lines.csv",
        [
            "3행 '순서' 열: 같은 순서 번호가 이미 있습니다. 다른 번호를 입력하십시오. "
            "(2행과 겹칩니다.)"
        ],
    )


def test_a_value_another_stored_row_has_is_refused(admin_client, world):
    # 2023 행정팀 holds 순서 1; a new 2023 예비비 line cannot take it.
    lines = budget_rows(["자치행정과", 2023, "일반회계", "본예산", "", "예비비", 1, 100])
    assert_refused(
        admin_client,
        BudgetLineResource,
        csv_bytes(lines),
        "lines.csv",
        ["2행 '순서' 열: 같은 순서 번호가 이미 있습니다. 다른 번호를 입력하십시오."],
    )


def test_a_schedule_that_does_not_parse_is_refused(admin_client, world):
    rows = [
        [
            "과",
            "연도",
            "구분",
            "번호",
            "순서",
            "내용",
            "일정",
            "목표",
            "세부 내용",
            "함께 표시할 자료",
        ],
        ["자치행정과", 2023, "주요업무계획", 7, 3, "주민 설명회", "23. 13.", "1회", "", ""],
        ["자치행정과", 2023, "주요업무계획", 7, 4, "성과 보고", "언젠가", "", "", ""],
    ]
    assert_refused(
        admin_client,
        PlanItemResource,
        xlsx_bytes(rows),
        "items.xlsx",
        [
            "2행 '일정' 열: 일정 “23. 13.”: 월 13은(는) 1부터 12 사이여야 합니다.",
            "3행 '일정' 열: 일정 “언젠가”을(를) 해석할 수 없습니다.",
        ],
    )


def test_cells_outside_the_named_columns(admin_client, world):
    # A spacer column (no header, no values) is ignored; the file imports.
    spaced = [
        ["과", "회계연도", None, "회계", "예산 단계", "팀", "기타 항목", "순서", "금액(천원)"],
        ["자치행정과", 2024, None, "일반회계", "본예산", "", "예비비", 9, 10],
    ]
    result = run_import(BudgetLineResource, xlsx_bytes(spaced), "l.xlsx", dry_run=True)
    assert result.totals["new"] == 1 and not result.has_validation_errors()
    # A value under no header is refused, not dropped.
    stray = budget_rows(["자치행정과", 2024, "일반회계", "본예산", "", "예비비", 9, 10, "메모"])
    assert_file_refused(
        admin_client,
        BudgetLine,
        xlsx_bytes(stray),
        "lines.xlsx",
        "2행 9번째 열: 머리글이 없는 열에 값(메모)이 있습니다.",
    )
    # A column of values without a header is named by its position.
    unnamed = [
        ["과", "회계연도", "", "회계", "예산 단계", "팀", "기타 항목", "순서", "금액(천원)"],
        ["자치행정과", 2024, "메모", "일반회계", "본예산", "", "예비비", 9, 10],
    ]
    assert_refused(
        admin_client,
        BudgetLineResource,
        csv_bytes(unnamed),
        "lines.csv",
        ["1행 '3번째' 열: 머리글이 비어 있습니다."],
    )


def test_an_empty_file_is_refused(admin_client, world):
    assert_file_refused(admin_client, BudgetLine, b"", "lines.csv", "빈 파일입니다.")
    assert_file_refused(
        admin_client, BudgetLine, csv_bytes([[], []]), "lines.csv", "빈 파일입니다."
    )
    assert_file_refused(
        admin_client,
        BudgetLine,
        xlsx_bytes([BUDGET_HEADERS]),
        "lines.xlsx",
        "머리글만 있고 가져올 행이 없습니다.",
    )


def test_a_file_that_is_not_a_spreadsheet_is_refused(admin_client, world):
    assert_file_refused(
        admin_client,
        BudgetLine,
        "회의 자료입니다.".encode(),
        "lines.xlsx",
        "엑셀(.xlsx) 파일이 아닙니다.",
    )
    assert_file_refused(
        admin_client,
        BudgetLine,
        b"PK\x03\x04broken zip",
        "lines.xlsx",
        "엑셀(.xlsx) 파일이 아닙니다.",
    )
    assert_file_refused(
        admin_client,
        BudgetLine,
        xlsx_bytes(budget_rows()),
        "lines.csv",
        "CSV 파일이 아닙니다.",
    )
    assert_file_refused(
        admin_client,
        BudgetLine,
        b"%PDF-1.7",
        "lines.pdf",
        "'lines.pdf'은(는) 가져올 수 없는 파일입니다.",
    )


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(admin_client, world):
    assert spreadsheets.MAX_UPLOAD_BYTES == 10 * 1024 * 1024
    data = csv_bytes([BUDGET_HEADERS]) + b"," * (spreadsheets.MAX_UPLOAD_BYTES + 1)
    assert_file_refused(admin_client, BudgetLine, data, "lines.csv", "파일이 너무 큽니다(10.0MB)")


def test_the_size_limit_is_a_setting(admin_client, world, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UPLOAD_BYTES", 100)
    data = csv_bytes(budget_rows(["자치행정과", 2024, "일반회계", "본예산", "행정팀", "", 1, 1]))
    assert_file_refused(admin_client, BudgetLine, data * 3, "lines.csv", "파일이 너무 큽니다")


def test_a_sheet_of_100000_rows_is_refused(admin_client, world):
    rows = [BUDGET_HEADERS] + [["자치행정과", 2024, "일반회계", "본예산", "", f"항목{n}", n, 1]
                               for n in range(1, 100_001)]  # fmt: skip
    assert_file_refused(
        admin_client, BudgetLine, csv_bytes(rows), "lines.csv", "행이 너무 많습니다"
    )
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert_file_refused(
        admin_client, BudgetLine, buffer.getvalue(), "lines.xlsx", "행이 너무 많습니다"
    )


def test_every_bad_row_is_listed_not_only_the_first(admin_client, world):
    rows = budget_rows(
        ["자치행정과", 2024, "일반회계", "본예산", "행정팀", "", 1, 100],
        ["자치행정과", 2024, "일반회계", "본예산", "서무2팀", "", 2, 100],
        ["자치행정과", 2024, "일반회계", "본예산", "군민소통팀", "", 3, "△1"],
        [],  # a blank row is skipped, and the rows below keep their numbers
        ["자치행정과", 2024, "일반회계", "본예산", "대외협력팀", "", 4, "백"],
        ["자치행정과", 2024, "일반회계", "본예산", "", "예비비", 5, 100],
    )
    page = assert_refused(
        admin_client,
        BudgetLineResource,
        csv_bytes(rows),
        "lines.csv",
        [
            "3행 '팀' 열: '서무2팀' 팀을 찾을 수 없습니다",
            "4행 '금액(천원)' 열: 음수는 입력할 수 없습니다.",
            "6행 '금액(천원)' 열: '백'은(는) 숫자가 아닙니다.",
        ],
    )
    assert "잘못된 행이 3개 있습니다" in page
    assert "아무것도 저장하지 않았습니다" in page


def plan_item_rows(count: int, *, bad: int | None = None) -> list[list]:
    header = ["과", "연도", "구분", "번호", "순서", "내용", "일정", "목표", "세부 내용",
              "함께 표시할 자료"]  # fmt: skip
    rows = [header]
    for order in range(10, count + 10):
        schedule = "23. 13." if order - 9 == bad else "'23. 5."
        rows.append(["자치행정과", 2023, "주요업무계획", 7, order, f"항목 {order}", schedule,
                     "", "", ""])  # fmt: skip
    return rows


def test_one_bad_row_writes_nothing_even_when_rows_are_written_in_bulk(world):
    assert PlanItemResource._meta.use_bulk
    assert PlanItemResource._meta.batch_size == 1000
    before = row_counts()
    # 1,500 rows: the first 1,000 are written in a batch before row 1,400 turns out bad.
    data = csv_bytes(plan_item_rows(1500, bad=1400))
    result = run_import(PlanItemResource, data, "items.csv", dry_run=False)
    assert [row.number for row in result.invalid_rows] == [1401]
    assert row_counts() == before
    # Without the bad row the same file is written whole.
    result = run_import(PlanItemResource, csv_bytes(plan_item_rows(1500)), "i.csv", dry_run=False)
    assert not result.has_validation_errors() and not result.has_errors()
    assert PlanItem.objects.count() == before["plans.PlanItem"] + 1500


def test_a_database_error_in_a_later_batch_undoes_the_earlier_batches(world, monkeypatch):
    before = row_counts()
    manager = type(PlanItem.objects)
    real_bulk_create = manager.bulk_create
    calls = []

    def failing_bulk_create(self, objs, *args, **kwargs):
        if self.model is not PlanItem:  # the change history's rows, written with each batch
            return real_bulk_create(self, objs, *args, **kwargs)
        calls.append(len(objs))
        if len(calls) == 2:
            raise IntegrityError("UNIQUE constraint failed: plans_planitem.card_id")
        return real_bulk_create(self, objs, *args, **kwargs)

    monkeypatch.setattr(manager, "bulk_create", failing_bulk_create)
    result = run_import(PlanItemResource, csv_bytes(plan_item_rows(1500)), "i.csv", dry_run=False)
    assert calls == [1000, 500]
    assert result.has_errors()
    assert "데이터베이스가 저장을 거부했습니다" in result_messages(result)[0]
    assert row_counts() == before


def test_a_real_database_refusal_is_reported_and_rolled_back(world, monkeypatch):
    """Were the in-memory checks to miss a duplicate, the database's own unique constraint
    refuses the batch; the import reports it and writes nothing (on PostgreSQL too, whose
    transaction must not be left aborted)."""
    from plans.exchange.resources.base import SpreadsheetResource

    monkeypatch.setattr(SpreadsheetResource, "repeated_values", lambda self, *args: [])
    before = row_counts()
    rows = plan_item_rows(1200)
    rows.append(rows[-1])  # the same card and 순서 twice: only the database notices now
    result = run_import(PlanItemResource, csv_bytes(rows), "items.csv", dry_run=False)
    assert result.has_errors()
    assert "데이터베이스가 저장을 거부했습니다" in result_messages(result)[0]
    assert row_counts() == before


def test_a_confirm_that_no_longer_holds_writes_nothing(admin_client, world):
    """Between the preview and the confirm, someone renamed a team the file names."""
    data = csv_bytes(budget_rows(["자치행정과", 2024, "일반회계", "본예산", "서무팀", "", 1, 7]))
    response = upload(admin_client, BudgetLine, data, "lines.csv")
    confirm = response.context["confirm_form"].initial
    Team.objects.filter(name="서무팀").update(name="총무팀")
    before = row_counts()
    response = admin_client.post(url(BudgetLine, "process_import"), confirm)
    assert response.status_code == 200
    page = text(response)
    assert "아무것도 저장하지 않았습니다" in page
    assert "2행 '팀' 열: '서무팀' 팀을 찾을 수 없습니다" in page
    assert row_counts() == before


# ---------------------------------------------------------------------------------------------
# Round trips: natural keys, not ids


@pytest.mark.parametrize("resource_class", RESOURCES, ids=RESOURCE_IDS)
@pytest.mark.parametrize("name", ["table.xlsx", "table.csv"])
def test_an_export_imports_back_into_an_empty_table(world, resource_class, name):
    model = resource_class._meta.model
    rows = snapshot(model)
    assert rows, f"the test world has no {model.__name__}"
    data = exported(resource_class, name)
    delete_all(model)
    assert not model._default_manager.exists()

    preview = run_import(resource_class, data, name, dry_run=True)
    assert not preview.has_errors() and not preview.has_validation_errors(), result_messages(
        preview
    )
    assert preview.totals["new"] == len(rows)
    assert not model._default_manager.exists()  # a dry run writes nothing

    result = run_import(resource_class, data, name, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert snapshot(model) == rows

    # The same file again changes nothing: every row is reported unchanged.
    again = run_import(resource_class, data, name, dry_run=False)
    assert (again.totals["new"], again.totals["update"]) == (0, 0)
    assert again.totals["skip"] == len(rows)
    assert len(again.rows) == len(rows)  # skipped rows are reported
    assert snapshot(model) == rows


def test_rows_are_matched_by_names_so_files_move_between_installations(world):
    """Teams re-created in another order get other ids; the file names them, so it still
    imports into the same lines."""
    data = exported(BudgetLineResource, "lines.xlsx")
    figures = sorted(
        BudgetLine.objects.values_list("fiscal_year", "team__name", "heading", "amount"), key=repr
    )
    delete_all(BudgetLine)
    department = world.department
    old = list(Team.objects.filter(department=department).order_by("order").values())
    old_ids = {values.pop("id") for values in old}
    delete_all(Team)  # and the staffing, officers and cards that name them
    for values in reversed(old):
        Team.objects.create(**{**values, "order": values["order"] + 10})
    assert not set(Team.objects.values_list("pk", flat=True)) & old_ids

    result = run_import(BudgetLineResource, data, "lines.xlsx", dry_run=False)
    assert not result.has_validation_errors(), result_messages(result)
    after = sorted(
        BudgetLine.objects.values_list("fiscal_year", "team__name", "heading", "amount"), key=repr
    )
    assert after == figures


def test_a_changed_row_updates_the_stored_one_and_the_rest_are_unchanged(world):
    workbook = openpyxl.load_workbook(io.BytesIO(exported(TaskCardResource, "cards.xlsx")))
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=headers.index("과제명") + 1, value="주민자치회 전면 실시(수정)")
    buffer = io.BytesIO()
    workbook.save(buffer)
    count = TaskCard.objects.count()
    result = run_import(TaskCardResource, buffer.getvalue(), "cards.xlsx", dry_run=False)
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 1, 1)
    assert TaskCard.objects.count() == count
    assert TaskCard.objects.filter(title="주민자치회 전면 실시(수정)").exists()


# ---------------------------------------------------------------------------------------------
# Korean Excel: encodings and numbers


def test_csv_in_cp949_utf8_and_utf8_with_bom_import_identically(world):
    rows = budget_rows(
        ["자치행정과", 2024, "일반회계", "본예산", "행정팀", "", 1, "1,234"],
        ["자치행정과", 2024, "일반회계", "제1회 추경", "", "행정운영경비", 2, "72,815,000"],
        ["자치행정과", 2024, "특별회계", "본예산", "대외협력팀", "", 1, "0"],
    )
    snapshots = []
    for encoding in ("cp949", "utf-8", "utf-8-sig"):
        data = csv_bytes(rows, encoding)
        result = run_import(BudgetLineResource, data, "lines.csv", dry_run=False)
        assert not result.has_validation_errors(), (encoding, result_messages(result))
        assert result.totals["new"] == 3
        snapshots.append(snapshot(BudgetLine))
        BudgetLine.objects.filter(fiscal_year=2024).delete()
    assert snapshots[0] == snapshots[1] == snapshots[2]
    assert csv_bytes(rows, "cp949") != csv_bytes(rows, "utf-8")
    stored = {line[-1] for line in snapshots[0]}  # amounts
    assert {1234, 72_815_000, 0} <= stored


def test_numbers_as_korean_offices_type_them():
    money = NumberWidget()
    assert money.clean("1,234") == 1234
    assert money.clean("72,815,000") == 72_815_000
    assert money.clean(" 992 ") == 992
    assert money.clean(1500.0) == 1500
    assert money.clean("-") is None
    for typed in ("△856", "(856)", "-856"):
        with pytest.raises(ValueError, match="음수는 입력할 수 없습니다"):
            money.clean(typed)
    # No table of the portal stores a negative number; a column that may have one reads
    # △856 and (856) as the decrease they are.
    change = NumberWidget(allow_negative=True)
    assert change.clean("△856") == -856
    assert change.clean("(856)") == -856
    assert change.clean("△1,234") == -1234


def test_yes_no_dates_and_times_as_typed():
    from plans.exchange.resources.widgets import DateWidget, TimeWidget, YesNoWidget

    yes_no = YesNoWidget()
    assert [yes_no.clean(typed) for typed in ("예", "O", "○", "Y", "1", True, 1.0)] == [True] * 7
    assert [yes_no.clean(typed) for typed in ("아니오", "X", "", None, "0")] == [False] * 5
    with pytest.raises(ValueError, match="예 또는 아니오로 입력하십시오"):
        yes_no.clean("글쎄")
    date = DateWidget()
    for typed in ("2023-02-16", "2023. 2. 16.", "2023.2.16", "2023/2/16"):
        assert date.clean(typed) == datetime.date(2023, 2, 16)
    assert date.clean(datetime.datetime(2023, 2, 16)) == datetime.date(2023, 2, 16)  # noqa: DTZ001
    assert TimeWidget().clean("9:30") == datetime.time(9, 30)


def test_amounts_typed_with_separators_are_stored_as_numbers(admin_client, world):
    rows = budget_rows(["자치행정과", 2024, "일반회계", "본예산", "", "예비비", 9, "1,234"])
    result = run_import(BudgetLineResource, csv_bytes(rows, "cp949"), "l.csv", dry_run=False)
    assert not result.has_validation_errors()
    assert BudgetLine.objects.get(fiscal_year=2024, heading="예비비").amount == 1234


# ---------------------------------------------------------------------------------------------
# Exports: no live formulas, numbers stay numbers


FORMULAS = ['=HYPERLINK("http://x","클릭")', "+82-43-871", "-1+2", "@SUM(A1:A2)", "\t탭", "\r줄"]


def formula_cards(world) -> None:
    for number, title in enumerate(FORMULAS, start=20):
        TaskCard.objects.create(plan=world.plan, number=number, title=title, team=world.card.team)


def test_exported_text_never_becomes_a_formula_in_xlsx(admin_client, world):
    formula_cards(world)
    data = export_through_admin(admin_client, TaskCard, "cards.xlsx")
    cells = xlsx_cells(data)
    titles = [row[cells[0].index("과제명")] for row in cells[1:]]
    for formula in FORMULAS:
        # openpyxl writes a carriage return as a character reference with lxml installed (a
        # dependency since the 한글 file), and plainly without it, where XML reads it back as a
        # line feed. Either way the text starts with the apostrophe that keeps it from running.
        kept = formula if openpyxl.xml.LXML else formula.replace("\r", "\n")
        assert "'" + kept in titles
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert all(cell.data_type != "f" for row in workbook.active.iter_rows() for cell in row)
    # Read back, the text is what was stored.
    result = run_import(TaskCardResource, data, "cards.xlsx", dry_run=True)
    assert result.totals["skip"] == TaskCard.objects.count()


def test_exported_text_never_becomes_a_formula_in_csv(admin_client, world):
    formula_cards(world)
    data = export_through_admin(admin_client, TaskCard, "cards.csv")
    cells = csv_cells(data)
    titles = [row[cells[0].index("과제명")] for row in cells[1:]]
    for formula in FORMULAS:
        assert "'" + formula in titles
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in cells for cell in row)
    result = run_import(TaskCardResource, data, "cards.csv", dry_run=True)
    assert result.totals["skip"] == TaskCard.objects.count()


def test_negative_numbers_stay_numbers_in_exports(world):
    line = BudgetLine(
        department=world.department,
        fiscal_year=2024,
        team=world.card.team,
        order=1,
        amount=-856,
        heading="",
    )
    xlsx = XLSX().export_data(BudgetLineResource().export([line], force_native_type=True))
    header, row = xlsx_cells(xlsx)
    assert row[header.index("금액(천원)")] == -856
    assert row[header.index("회계연도")] == 2024
    csv_data = CSV().export_data(BudgetLineResource().export([line]))
    header, row = csv_cells(csv_data)
    assert row[header.index("금액(천원)")] == "-856"


def test_dates_and_numbers_keep_their_types_in_xlsx(admin_client, world):
    from civic.models import Election

    cells = xlsx_cells(export_through_admin(admin_client, Election, "elections.xlsx"))
    header, row = cells[0], cells[1]
    # openpyxl reads an Excel date as a naive datetime at midnight.
    assert row[header.index("선거일")] == datetime.datetime(2022, 3, 9)  # noqa: DTZ001
    assert row[header.index("선거인수(명)")] == 80_946


# ---------------------------------------------------------------------------------------------
# The admin's two steps


def test_task_cards_import_in_two_steps_through_the_admin(admin_client, world):
    data = export_through_admin(admin_client, TaskCard, "cards.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=headers.index("과제명") + 1, value="주민자치회 전면 실시 확대")
    sheet.append(["자치행정과", 2023, "주요업무계획", 8, "고향사랑기부제 운영", "대외협력팀",
                  "아니오", "예", "아니오", "", "", "", "", "백만원"])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = row_counts()

    response = upload(admin_client, TaskCard, buffer.getvalue(), "cards.xlsx")
    assert response.status_code == 200
    page = text(response)
    confirm = response.context["confirm_form"]
    assert "가져오기 실행" in page
    assert summary(response) == "전체 3행: 추가 1 변경 1 변경 없음 1 잘못됨 0"
    assert "<del>주민자치회 전면 실시</del> <ins>주민자치회 전면 실시 확대</ins>" in page
    assert "고향사랑기부제 운영" in page
    assert row_counts() == before  # the preview wrote nothing

    response = admin_client.post(url(TaskCard, "process_import"), confirm.initial, follow=True)
    assert response.status_code == 200
    assert "과제 가져오기를 마쳤습니다: 새로 추가 1건, 변경 1건, 변경 없음 1건." in text(response)
    assert TaskCard.objects.get(number=7).title == "주민자치회 전면 실시 확대"
    new = TaskCard.objects.get(number=8)
    assert (new.title, new.team.name, new.is_new, new.plan) == (
        "고향사랑기부제 운영",
        "대외협력팀",
        True,
        world.plan,
    )
    assert LogEntry.objects.count() == before["admin.LogEntry"] + 2


def test_budget_lines_import_in_two_steps_through_the_admin(admin_client, world):
    data = export_through_admin(admin_client, BudgetLine, "lines.csv")
    rows = csv_cells(data)
    header = rows[0]
    amount = header.index("금액(천원)")
    changed = next(row for row in rows[1:] if row[header.index("기타 항목")] == "신규사업")
    changed[amount] = "6,000"
    rows.append(["자치행정과", "2024", "일반회계", "본예산", "행정팀", "", "1", "1,100,000"])
    data = csv_bytes(rows, "cp949")  # as Korean Excel saves it after editing

    response = upload(admin_client, BudgetLine, data, "lines.csv")
    page = text(response)
    assert summary(response) == "전체 12행: 추가 1 변경 1 변경 없음 10 잘못됨 0"
    assert "<del>5000</del> <ins>6000</ins>" in page
    assert not BudgetLine.objects.filter(fiscal_year=2024).exists()

    confirm = response.context["confirm_form"].initial
    response = admin_client.post(url(BudgetLine, "process_import"), confirm)
    assert response.status_code == 302
    assert BudgetLine.objects.get(fiscal_year=2023, heading="신규사업").amount == 6000
    line = BudgetLine.objects.get(fiscal_year=2024)
    assert (line.team.name, line.amount, line.account, line.stage) == (
        "행정팀",
        1_100_000,
        "general",
        "original",
    )


def test_an_unchanged_file_confirms_no_changes(admin_client, world):
    data = export_through_admin(admin_client, StaffingCount, "staffing.xlsx")
    response = upload(admin_client, StaffingCount, data, "staffing.xlsx")
    count = StaffingCount.objects.count()
    assert summary(response) == f"전체 {count}행: 추가 0 변경 0 변경 없음 {count} 잘못됨 0"
    before = row_counts()
    response = admin_client.post(
        url(StaffingCount, "process_import"), response.context["confirm_form"].initial, follow=True
    )
    assert f"새로 추가 0건, 변경 0건, 변경 없음 {count}건" in text(response)
    assert row_counts() == before


@pytest.mark.parametrize("resource_class", RESOURCES, ids=RESOURCE_IDS)
def test_every_table_offers_import_and_export(admin_client, world, resource_class):
    model = resource_class._meta.model
    page = text(admin_client.get(url(model, "changelist")))
    assert url(model, "import") in page and url(model, "export") in page
    response = admin_client.get(url(model, "import"))
    assert response.status_code == 200
    assert [choice[1] for choice in response.context["form"].fields["format"].choices] == [
        "---",
        "xlsx",
        "csv",
    ]


def test_importing_needs_the_add_and_change_permissions(client, world):
    clerk = User.objects.create_user("clerk", password="x", is_staff=True)
    # A login without a team adds nothing (plans.access.scopes); this one is 행정팀's.
    StaffProfile.objects.create(user=clerk, team=world.teams["행정팀"])
    clerk.user_permissions.add(Permission.objects.get(codename="view_budgetline"))
    client.force_login(clerk)
    assert client.get(url(BudgetLine, "export")).status_code == 200
    assert client.get(url(BudgetLine, "import")).status_code == 403
    for codename in ("change_budgetline", "add_budgetline"):
        # An import creates rows as well as changing them: one permission is not enough.
        assert client.get(url(BudgetLine, "import")).status_code == 403
        clerk.user_permissions.add(Permission.objects.get(codename=codename))
        clerk = User.objects.get(pk=clerk.pk)
        client.force_login(clerk)
    assert client.get(url(BudgetLine, "import")).status_code == 200


def test_funding_row_rules_across_cells_name_their_columns(admin_client, world):
    rows = [
        ["과", "연도", "구분", "번호", "순서", "재원", "전년까지(천원)", "올해(천원)",
         "다음해 이후(천원)", "비고"],
        ["자치행정과", 2023, "주요업무계획", 7, 2, "국비", "", "", "", "금액 없음"],
    ]  # fmt: skip
    assert FundingRow.objects.count() == 1
    assert_refused(
        admin_client,
        FundingRowResource,
        csv_bytes(rows),
        "funding.csv",
        [
            "2행 '전년까지(천원)', '올해(천원)', '다음해 이후(천원)' 열: "
            "소요예산 한 줄에는 금액이 하나 이상 있어야 합니다."
        ],
    )
