"""NUL and other control characters (issue 12, defect 4) are refused wherever text comes in,
with a Korean message naming the place: the per-table import (CSV, and .xlsx where Excel
writes them as ``_x0001_``), the whole-plan workbook, the plan document and the admin's forms.
SQLite would store them and PostgreSQL refuse NUL with an English error naming nothing, so
the rule is the portal's own, the same on both. Tab and line break stay allowed."""

from __future__ import annotations

import csv
import io

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.urls import reverse

from civic.models import FieldVisit, Township
from plans.exchange.documents import load_plan_document
from plans.exchange.workbook.reader import read_plan_workbook
from plans.rules.text import check_text, clean_text
from tests.demo import DEMO
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

NUL_MESSAGE = "보이지 않는 NUL 문자(U+0000)가 들어 있습니다. 그 글자를 지우고 다시 입력하십시오."
SOH_MESSAGE = "보이지 않는 제어 문자(U+0001)가 들어 있습니다. 그 글자를 지우고 다시 입력하십시오."
HEADERS = ["기관", "구분", "행사명", "시작일", "장소", "내용"]


def visit_row(organization: str, program: str) -> list:
    return [organization, "군수 읍·면 방문", "새 방문", "2023-05-01", "군청", program]


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


@pytest.fixture
def organization(demo_draft) -> str:
    return demo_draft.department.bureau.organization.name


@pytest.mark.parametrize(
    ("character", "message"), [("\x00", NUL_MESSAGE), ("\x01", SOH_MESSAGE)], ids=["NUL", "SOH"]
)
def test_the_per_table_import_refuses_a_control_character_naming_the_cell(
    editor, organization, character, message
):
    data = csv_bytes([HEADERS, visit_row(organization, f"군정보고{character}")])
    before = everything()
    response = upload_table(editor, FieldVisit, data, "visits.csv")
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert f"2행 '내용' 열: {message}" in page_text(response)
    assert everything() == before


def test_an_xlsx_cell_with_excels_escape_of_a_control_character_is_refused(editor, organization):
    data = xlsx_bytes([HEADERS, visit_row(organization, "군정보고@@")])
    data = replace_text(data, "@@", "_x0000_")
    before = everything()
    response = upload_table(editor, FieldVisit, data, "visits.xlsx")
    assert f"2행 '내용' 열: {NUL_MESSAGE}" in page_text(response)
    assert everything() == before


def test_tab_and_line_break_stay_allowed(editor, organization):
    data = csv_bytes([HEADERS, visit_row(organization, "군정보고\t10:00\r\n군민과의 대화")])
    response = upload_table(editor, FieldVisit, data, "visits.csv")
    assert "confirm_form" in response.context, page_text(response)[-1500:]


def test_the_workbook_refuses_a_control_character_naming_the_cell(
    editor, demo_draft, demo_workbook, pending_dir
):
    place = {}

    def edit(workbook):
        sheet = workbook["현장방문"]
        row = row_of(sheet, "행사명", "군수 읍·면 방문")
        sheet.cell(row, column_of(sheet, "내용")).value = "군정보고@@"
        place["row"] = row

    data = replace_text(edited(demo_workbook, edit), "@@", "_x0001_")
    expected = f"현장방문 시트 {place['row']}행 '내용' 열: {SOH_MESSAGE}"
    _document, errors = read_plan_workbook(data)
    assert expected in [str(error) for error in errors]
    before = everything()
    response = upload_workbook(editor, data)
    assert expected in page_text(response)
    assert everything() == before


def test_the_plan_document_refuses_a_control_character_naming_the_place(db):
    document = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    document["civic"]["field_visits"][0]["program"] = "군정보고\x00"
    before = everything()
    with pytest.raises(ValidationError) as refusal:
        load_plan_document(document)
    assert any(NUL_MESSAGE in message for message in refusal.value.messages)
    assert everything() == before


def add_township(client, organization, name: str):
    """The admin's add page of a township, posted with ``name`` (and its empty inline)."""
    url = reverse("admin:civic_township_add")
    data = {"organization": organization.pk, "name": name, "kind": "myeon", "order": 99}
    for inline in client.get(url).context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return client.post(url, data)


@pytest.mark.parametrize(
    ("character", "message"), [("\x00", NUL_MESSAGE), ("\x01", SOH_MESSAGE)], ids=["NUL", "SOH"]
)
def test_an_admin_form_refuses_a_control_character_beside_the_field(
    editor, demo_draft, character, message
):
    organization = demo_draft.department.bureau.organization
    before = everything()
    response = add_township(editor, organization, f"새{character}면")
    assert response.status_code == 200
    assert message in page_text(response)
    assert not Township.objects.filter(order=99).exists()
    assert everything() == before


def test_an_admin_form_stores_text_as_the_imports_do(editor, demo_draft):
    organization = demo_draft.department.bureau.organization
    decomposed = "\u1109\u1162\u1106\u1167\u11ab"  # 새면 typed as jamo
    response = add_township(editor, organization, f"  {decomposed} ")
    assert response.status_code == 302, page_text(response)[-1500:]
    assert Township.objects.get(order=99).name == "새면" == clean_text(f"  {decomposed} ")


def test_the_one_check():
    check_text("가\t나\n다")
    for character in ("\x00", "\x07", "\x0b", "\x1f", "\x7f", "\x85", "\ud800"):
        with pytest.raises(ValidationError):
            check_text(f"가{character}")
