"""One set of cell rules for both import paths: every form of a date, a time, a yes/no, a number
or a text that either the per-table import or the whole-plan workbook accepts is accepted by
both with the same value, and the forms refused are refused by both with the same message
naming the cell.

Both real paths run: an .xlsx read by the per-table import's format and resource (field visits
and officers), and the demo plan's workbook read by the workbook reader with the same values
typed into its 현장방문 and 담당자명부 sheets."""

from __future__ import annotations

import datetime
import unicodedata

import pytest

from civic.models import FieldVisit
from civic.resources import FieldVisitResource
from personnel.models import Officer
from personnel.resources import OfficerResource
from plans.exchange.resources.formats import XLSX
from plans.exchange.workbook.reader import read_plan_workbook
from tests.exchange.files import append_row, edited, xlsx_bytes

pytestmark = pytest.mark.django_db

DAY = datetime.date(2023, 2, 16)
# What openpyxl reads from a date cell: a naive datetime (Excel has no time zones).
EXCEL_DAY = datetime.datetime(2023, 2, 16)  # noqa: DTZ001
EXCEL_MARCH = datetime.datetime(2023, 3, 1)  # noqa: DTZ001
TIME = datetime.time(14, 0)

# (typed, value read): every form either path accepted before they shared their rules.
DATES = [
    (EXCEL_DAY, DAY),  # an Excel date cell
    ("2023-02-16", DAY),
    ("2023-2-16", DAY),
    ("2023. 2. 16.", DAY),
    ("2023.2.16", DAY),
    ("2023.02.16.", DAY),
    ("2023/2/16", DAY),
    ("2023년 2월 16일", DAY),
    ("2023. 2. 16.(목)", DAY),
    (" 2023-02-16 ", DAY),
]
TIMES = [
    (datetime.time(14, 0), TIME),  # an Excel time cell
    ("14:00", TIME),
    ("14:00:00", TIME),
    (" 14:00 ", TIME),
    ("9:05", datetime.time(9, 5)),
]
BOOLEANS = [
    (True, True),  # an Excel TRUE cell
    (False, False),
    ("예", True),
    ("아니오", False),
    ("아니요", False),
    ("참", True),
    ("거짓", False),
    ("O", True),
    ("o", True),
    ("○", True),
    ("●", True),
    ("X", False),
    ("×", False),
    ("Y", True),
    ("N", False),
    ("yes", True),
    ("no", False),
    ("TRUE", True),
    ("FALSE", False),
    ("1", True),
    ("0", False),
    (1, True),
    (0, False),
    ("V", True),
    ("✓", True),
    ("√", True),
    ("-", False),
]
COUNTS = [
    (1234, 1234),
    (12.0, 12),  # what Excel stores for a whole number
    ("1,234", 1234),
    (" 1 234 ", 1234),
    ("12", 12),
    ("-", None),
]
TEXTS = [
    ("  군정보고  ", "군정보고"),
    ("군정보고\r\n군민과의 대화", "군정보고\n군민과의 대화"),
    ("군정보고\r군민과의 대화", "군정보고\n군민과의 대화"),
    ("군정보고  \n군민과의 대화\n\n", "군정보고\n군민과의 대화"),
    (unicodedata.normalize("NFD", "군정보고"), "군정보고"),  # jamo, as a Mac pastes them
    ("군정보고\t(10:00)", "군정보고\t(10:00)"),  # a tab inside text is kept
    ("'=SUM(A1)", "=SUM(A1)"),  # escaped by our export, read back as typed
    ("'+82 43", "+82 43"),
    (3, "3"),
    (12.5, "12.5"),
]

# (column, typed, message): refused by both paths with this message after the cell's name.
REFUSED = [
    ("start_date", "2023-02-30", "'2023-02-30'은(는) 날짜가 아닙니다. "
     "2023-02-16 또는 2023. 2. 16. 형식으로 입력하십시오."),
    ("start_date", "23. 2. 16.", "'23. 2. 16.'은(는) 날짜가 아닙니다. "
     "2023-02-16 또는 2023. 2. 16. 형식으로 입력하십시오."),
    ("start_time", "25:00", "'25:00'은(는) 시각이 아닙니다. 14:00 형식으로 입력하십시오."),
    ("start_time", "오후 2시", "'오후 2시'은(는) 시각이 아닙니다. 14:00 형식으로 입력하십시오."),
    ("reported_suggestions", "△856", "음수는 입력할 수 없습니다."),
    ("reported_suggestions", "(856)", "음수는 입력할 수 없습니다."),
    ("reported_suggestions", "열두", "'열두'은(는) 숫자가 아닙니다."),
    ("reported_suggestions", "12.5", "'12.5'은(는) 정수가 아닙니다."),
    ("program", EXCEL_MARCH, "날짜·시각으로 바뀐 값입니다. 글자로 적으십시오."),
    ("program", True, "참/거짓 값입니다. 글자로 적으십시오."),
]  # fmt: skip
REFUSED_BOOLEAN = ("재직", "'재직'은(는) 예 또는 아니오로 입력하십시오.")

# The columns of each path: the per-table import names them as the models do, the workbook
# as its layout does.
TABLE_COLUMNS = {
    "start_date": "시작일",
    "start_time": "시작 시각",
    "reported_suggestions": "보고된 건의사항 수(건)",
    "program": "내용",
}
SHEET_COLUMNS = {
    "start_date": "시작일",
    "start_time": "시작 시각",
    "reported_suggestions": "보고 건의사항(건)",
    "program": "내용",
}


def visit_rows() -> list[dict]:
    """One field visit per accepted form, each named after what it tries."""
    rows = []
    for number, (typed, _value) in enumerate(DATES):
        rows.append({"title": f"날짜 {number}", "start_date": typed})
    for number, (typed, _value) in enumerate(TIMES):
        rows.append({"title": f"시각 {number}", "start_time": typed})
    for number, (typed, _value) in enumerate(COUNTS):
        rows.append({"title": f"숫자 {number}", "reported_suggestions": typed})
    for number, (typed, _value) in enumerate(TEXTS):
        rows.append({"title": f"글 {number}", "program": typed})
    return rows


def visit(row: dict) -> dict:
    return {"start_date": DAY, "place": "군청", **row}


# ---------------------------------------------------------------------------------------------
# The per-table import


def import_table(resource_class, rows: list[list]):
    dataset = XLSX().create_dataset(xlsx_bytes(rows))
    return resource_class().import_data(dataset, dry_run=False)


def table_visits(organization: str, rows: list[dict]):
    headers = ["기관", "구분", "행사명", "시작일", "시작 시각", "장소", "내용",
               "보고된 건의사항 수(건)"]  # fmt: skip
    keys = [None, None, "title", "start_date", "start_time", "place", "program",
            "reported_suggestions"]  # fmt: skip
    lines = [headers]
    for row in rows:
        values = visit(row)
        lines.append([organization, "군수 읍·면 방문", *(values.get(key) for key in keys[2:])])
    return import_table(FieldVisitResource, lines)


def table_officers(forms: list) -> object:
    lines = [["과", "팀", "직렬·직급", "성명", "전화번호", "재직 중"]]
    for number, typed in enumerate(forms):
        lines.append(["자치행정과", "행정팀", "행정7급", f"시험{number}", "871-0000", typed])
    return import_table(OfficerResource, lines)


def errors_of(result) -> list[str]:
    found = [str(error.error) for error in result.base_errors]
    for row in result.invalid_rows:
        for texts in row.error_dict.values():
            found.extend(texts)
    return found


# ---------------------------------------------------------------------------------------------
# The whole-plan workbook


def workbook_with(demo_workbook: bytes, visits: list[dict], officers: list) -> bytes:
    def edit(workbook):
        sheet = workbook["현장방문"]
        for row in visits:
            values = visit(row)
            append_row(
                sheet,
                {"구분": "군수 읍·면 방문", "행사명": values["title"], "장소": values["place"],
                 **{SHEET_COLUMNS[key]: values[key] for key in SHEET_COLUMNS if key in values}},
            )  # fmt: skip
        people = workbook["담당자명부"]
        for number, typed in enumerate(officers):
            append_row(
                people,
                {"팀": "행정팀", "성명": f"시험{number}", "직렬·직급": "행정7급",
                 "전화번호": "871-0000", "재직 중": typed},
            )  # fmt: skip

    return edited(demo_workbook, edit)


def sheet_visits(document) -> dict[str, dict]:
    return {visit["title"]: visit for visit in document["civic"]["field_visits"]}


def sheet_officers(document) -> dict[str, dict]:
    return {
        officer["name"]: officer
        for team in document["teams"]
        for officer in team["officers"]
        if officer["name"].startswith("시험")
    }


# ---------------------------------------------------------------------------------------------
# Accepted


@pytest.fixture
def both_paths(demo_draft, demo_workbook):
    """What each path made of every accepted form: {(kind, number): value}."""
    rows = visit_rows()
    forms = [typed for typed, _value in BOOLEANS]
    organization = demo_draft.department.bureau.organization.name

    result = table_visits(organization, rows)
    assert errors_of(result) == []
    officers = table_officers(forms)
    assert errors_of(officers) == []
    table = read_values(
        {row["title"]: row for row in FieldVisit.objects.values()},
        {officer.name: {"is_active": officer.is_active} for officer in Officer.objects.all()},
    )

    document, errors = read_plan_workbook(workbook_with(demo_workbook, rows, forms))
    assert [str(error) for error in errors] == []
    sheet = read_values(sheet_visits(document), sheet_officers(document))
    return table, sheet


def read_values(visits: dict[str, dict], officers: dict[str, dict]) -> dict:
    values = {}
    for kind, key, forms in (
        ("날짜", "start_date", DATES),
        ("시각", "start_time", TIMES),
        ("숫자", "reported_suggestions", COUNTS),
        ("글", "program", TEXTS),
    ):
        for number, (typed, _value) in enumerate(forms):
            found = visits[f"{kind} {number}"].get(key)
            if isinstance(found, str) and key == "start_time":
                found = datetime.time.fromisoformat(found)  # the document writes "14:00"
            values[(key, repr(typed))] = found if found != "" else None
    for number, (typed, _value) in enumerate(BOOLEANS):
        values[("is_active", repr(typed))] = officers[f"시험{number}"].get("is_active", True)
    return values


def expected_values() -> dict:
    expected = {}
    for key, forms in (
        ("start_date", DATES),
        ("start_time", TIMES),
        ("reported_suggestions", COUNTS),
        ("program", TEXTS),
        ("is_active", BOOLEANS),
    ):
        for typed, value in forms:
            expected[(key, repr(typed))] = value
    return expected


def test_every_accepted_form_reads_the_same_in_both_paths(both_paths):
    table, sheet = both_paths
    assert table == expected_values()
    assert sheet == expected_values()


# ---------------------------------------------------------------------------------------------
# Refused


def test_refused_forms_are_refused_by_both_with_the_same_message(demo_draft, demo_workbook):
    organization = demo_draft.department.bureau.organization.name
    rows = [{"title": f"거절 {number}", key: typed}
            for number, (key, typed, _message) in enumerate(REFUSED)]  # fmt: skip

    table = errors_of(table_visits(organization, rows))
    expected_table = [
        f"{number}행 '{TABLE_COLUMNS[key]}' 열: {message}"
        for number, (key, _typed, message) in enumerate(REFUSED, start=2)
    ]
    for message in expected_table:
        assert message in table

    document, errors = read_plan_workbook(workbook_with(demo_workbook, rows, [REFUSED_BOOLEAN[0]]))
    assert document is None
    found = [str(error) for error in errors]
    first = _first_new_row(demo_workbook)
    expected_sheet = [
        f"현장방문 시트 {first + number}행 '{SHEET_COLUMNS[key]}' 열: {message}"
        for number, (key, _typed, message) in enumerate(REFUSED)
    ]
    for message in expected_sheet:
        assert message in found
    assert any(
        text.startswith("담당자명부 시트 ") and text.endswith(f"'재직 중' 열: {REFUSED_BOOLEAN[1]}")
        for text in found
    ), found
    assert f"2행 '재직 중' 열: {REFUSED_BOOLEAN[1]}" in errors_of(
        table_officers([REFUSED_BOOLEAN[0]])
    )


def _first_new_row(demo_workbook: bytes) -> int:
    """The row the first added field visit takes in the demo workbook."""
    rows = []

    def edit(workbook):
        rows.append(workbook["현장방문"].max_row + 1)

    edited(demo_workbook, edit)
    return rows[0]
