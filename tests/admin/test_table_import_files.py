"""A per-table import refuses, in Korean and before reading a row, a file it cannot take: empty,
not the spreadsheet its name says, too large or too long. Nothing is written."""

from __future__ import annotations

import io

import openpyxl
import pytest

from budget.models import BudgetLine
from tests.tables import BUDGET_HEADERS, assert_file_refused, budget_rows, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


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


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(admin_client, world, settings):
    assert settings.SPREADSHEET_MAX_BYTES == 10 * 1024 * 1024
    data = csv_bytes([BUDGET_HEADERS]) + b"," * (settings.SPREADSHEET_MAX_BYTES + 1)
    assert_file_refused(admin_client, BudgetLine, data, "lines.csv", "파일이 너무 큽니다(10.0MB)")


def test_the_size_limit_is_a_setting(admin_client, world, settings):
    settings.SPREADSHEET_MAX_BYTES = 100
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
