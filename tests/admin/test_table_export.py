"""The admin's per-table export (내보내기): exported text never becomes a live formula in .xlsx
or .csv and reads back as stored, and numbers and dates keep their types."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest

from budget.models import BudgetLine
from budget.resources import BudgetLineResource
from plans.exchange.resources.cards import TaskCardResource
from plans.exchange.resources.formats import CSV, XLSX
from plans.models import TaskCard
from tests.tables import csv_cells, export_through_admin, run_import, xlsx_cells

pytestmark = pytest.mark.django_db


FORMULAS = ['=HYPERLINK("http://x","클릭")', "+82-43-871", "-1+2", "@SUM(A1:A2)", "\t탭", "\r줄"]


def formula_cards(world) -> None:
    for number, title in enumerate(FORMULAS, start=20):
        card = TaskCard.objects.create(
            plan=world.plan, number=number, title="자리", team=world.card.team
        )
        # Stored as it stands: saving cleans a leading tab or CR away (CleanTextModel), but a
        # row written before that, or by a bulk update, may still hold one, and the export
        # must not let a spreadsheet read it as a formula.
        TaskCard.objects.filter(pk=card.pk).update(title=title)


def as_lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def test_exported_text_never_becomes_a_formula_in_xlsx(admin_client, world):
    formula_cards(world)
    data = export_through_admin(admin_client, TaskCard, "cards.xlsx")
    cells = xlsx_cells(data)
    # A carriage return reads back as a line feed through the standard library's XML writer
    # and as itself through lxml's (openpyxl uses lxml when it is installed): compare lines.
    titles = [as_lines(row[cells[0].index("과제명")]) for row in cells[1:]]
    for formula in FORMULAS:
        assert as_lines("'" + formula) in titles
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
