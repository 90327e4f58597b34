"""One rule for a column the import does not know (issue 12, defect 6): the per-table import
refused it while the whole-plan workbook ignored it and said "바뀐 내용 없음", so a clerk's
column was silently not read. Both refuse it now, naming the sheet (or row 1) and the column."""

from __future__ import annotations

import pytest

from civic.models import FieldVisit
from plans.exchange.workbook.reader import read_plan_workbook
from tests.exchange.files import (
    edited,
    everything,
    page_text,
    upload_table,
    upload_workbook,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

EXPECTED_PLAN_ITEMS = "과제, 순서, 내용, 일정, 목표, 세부 내용, 함께 표시할 자료"


def with_a_column_of_ones_own(data: bytes) -> bytes:
    def edit(workbook):
        sheet = workbook["추진계획"]
        sheet.cell(2, 9).value = "메모"
        sheet.cell(3, 9).value = "확인 필요"

    return edited(data, edit)


def test_the_workbook_refuses_a_column_it_does_not_know(
    editor, demo_draft, demo_workbook, pending_dir
):
    data = with_a_column_of_ones_own(demo_workbook)
    expected = (
        "추진계획 시트 2행 '메모' 열: 알 수 없는 열입니다. 이 열은 읽지 않습니다. "
        f"열을 지우거나 열 제목을 고치십시오. 있어야 할 열: {EXPECTED_PLAN_ITEMS}"
    )
    document, errors = read_plan_workbook(data)
    assert document is None
    assert [str(error) for error in errors] == [expected]
    before = everything()
    response = upload_workbook(editor, data)
    page = page_text(response)
    assert expected in page
    assert "바뀐 내용 없음" not in page
    assert everything() == before


def test_the_per_table_import_refuses_it_with_the_same_words(editor, demo_draft):
    organization = demo_draft.department.bureau.organization.name
    data = xlsx_bytes(
        [["기관", "구분", "행사명", "시작일", "장소", "메모"],
         [organization, "군수 읍·면 방문", "새 방문", "2023-05-01", "군청", "확인 필요"]]
    )  # fmt: skip
    before = everything()
    response = upload_table(editor, FieldVisit, data, "visits.xlsx")
    page = page_text(response)
    assert "1행 '메모' 열: 알 수 없는 열입니다. 이 열은 읽지 않습니다." in page
    assert everything() == before
