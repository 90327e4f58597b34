"""A formula whose result the file does not carry (issue 12, defect 5): scripts such as
openpyxl write ``=1+1`` without computing it, and reading such a cell as blank erased stored
text (the per-table preview said "변경 1") or blamed the '계(자동 계산)' column. Both imports
refuse it, naming its own cell, and write nothing; a formula saved with its result (as Excel
saves every file) is read as that result."""

from __future__ import annotations

import io
import zipfile

import pytest

from civic.models import FieldVisit
from civic.resources import FieldVisitResource
from plans.exchange.resources.formats import XLSX
from plans.exchange.workbook.reader import read_plan_workbook
from tests.exchange.files import (
    column_of,
    edited,
    everything,
    page_text,
    replace_text,
    row_of,
    upload_table,
    upload_workbook,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

MESSAGE = (
    "계산 결과가 저장되지 않은 수식(=1+1)입니다. 엑셀에서 파일을 열어 저장한 뒤 올리거나 "
    "수식 대신 값을 입력하십시오."
)
# A formula as openpyxl writes it, without a result (its XML writer, lxml or the standard
# library's, writes the empty element one way or the other), and as Excel saves it.
SCRIPTED = ("<f>1+1</f><v />", "<f>1+1</f><v></v>")
SAVED = "<f>1+1</f><v>2</v>"


def with_result(data: bytes) -> bytes:
    for scripted in SCRIPTED:
        data = replace_text(data, scripted, SAVED)
    assert SAVED.encode() in b"".join(_parts(data))
    return data


def _parts(data: bytes) -> list[bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [archive.read(name) for name in archive.namelist() if name.endswith(".xml")]


HEADERS = ["기관", "구분", "행사명", "시작일", "장소", "내용"]


def visit_file(organization: str, program) -> bytes:
    """The demo's 군수 읍·면 방문 with ``program`` as its 내용."""
    return xlsx_bytes(
        [HEADERS, [organization, "군수 읍·면 방문", "군수 읍·면 방문", "2023-01-30",
                   "9개 읍면 회의실", program]]
    )  # fmt: skip


def test_the_per_table_import_refuses_a_formula_without_its_result(editor, demo_draft):
    organization = demo_draft.department.bureau.organization.name
    stored = FieldVisit.objects.get(title="군수 읍·면 방문").program
    before = everything()
    response = upload_table(editor, FieldVisit, visit_file(organization, "=1+1"), "visits.xlsx")
    page = page_text(response)
    assert "confirm_form" not in response.context
    assert f"2행 '내용' 열: {MESSAGE}" in page
    assert everything() == before
    assert FieldVisit.objects.get(title="군수 읍·면 방문").program == stored


def test_the_workbook_refuses_a_formula_without_its_result_naming_its_own_cell(
    editor, demo_draft, demo_workbook, pending_dir
):
    place = {}

    def edit(workbook):
        sheet = workbook["소요예산"]
        row = row_of(sheet, "올해", 110000)
        sheet.cell(row, column_of(sheet, "올해")).value = "=1+1"
        place["row"] = row

    data = edited(demo_workbook, edit)
    _document, errors = read_plan_workbook(data)
    found = [str(error) for error in errors]
    assert found == [f"소요예산 시트 {place['row']}행 '올해' 열: {MESSAGE}"]
    before = everything()
    response = upload_workbook(editor, data)
    assert found[0] in page_text(response)
    assert everything() == before


def test_a_formula_saved_with_its_result_is_read_as_the_result(demo_draft, demo_workbook):
    def edit(workbook):
        sheet = workbook["현장방문"]
        row = row_of(sheet, "행사명", "군수 읍·면 방문")
        sheet.cell(row, column_of(sheet, "보고 건의사항(건)")).value = "=1+1"

    # What Excel saves: the formula and, beside it, its result.
    data = with_result(edited(demo_workbook, edit))
    document, errors = read_plan_workbook(data)
    assert errors == []
    [visit] = [v for v in document["civic"]["field_visits"] if v["title"] == "군수 읍·면 방문"]
    assert visit["reported_suggestions"] == 2

    organization = demo_draft.department.bureau.organization.name
    table = with_result(visit_file(organization, "=1+1"))
    result = FieldVisitResource().import_data(XLSX().create_dataset(table), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert FieldVisit.objects.get(title="군수 읍·면 방문").program == "2"
