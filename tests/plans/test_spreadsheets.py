"""Numbers, encodings and cells as Korean offices' spreadsheets have them."""

from decimal import Decimal

import pytest

from plans.exchange.cells import (
    CellError,
    SpreadsheetError,
    csv_rows,
    decode_csv,
    parse_integer,
    parse_number,
    safe_cell,
    unescape_cell,
)


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1,234", 1234),
        ("78,676", 78676),
        (" 1 234 ", 1234),
        (1234, 1234),
        (12.0, 12),
        ("12.9", Decimal("12.9")),
        ("-", None),
        ("", None),
        (None, None),
    ],
)
def test_numbers_as_staff_type_them(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize("typed", ["△856", "(856)", "-856", "▲856"])
def test_decreases_are_negative_where_negatives_are_allowed(typed):
    assert parse_number(typed, allow_negative=True) == -856


@pytest.mark.parametrize("typed", ["△856", "(856)", "-856"])
def test_negative_amounts_are_refused_where_they_make_no_sense(typed):
    with pytest.raises(ValueError, match="음수는 입력할 수 없습니다"):
        parse_number(typed)


@pytest.mark.parametrize("typed", ["열두", "12a", "1.2.3", "=1+1", True])
def test_text_is_not_a_number(typed):
    with pytest.raises(ValueError, match="숫자가 아닙니다"):
        parse_number(typed)


def test_integers_refuse_fractions():
    assert parse_integer("1,234") == 1234
    with pytest.raises(ValueError, match="정수가 아닙니다"):
        parse_integer("12.5")


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+1", "-3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_triggers_are_written_as_text_and_read_back(text):
    written = safe_cell(text)
    assert written == "'" + text
    assert unescape_cell(written) == text


@pytest.mark.parametrize("value", [-856, 0, 1234, Decimal("-1.5"), None, "행정팀", "'인용"])
def test_numbers_and_plain_text_are_left_alone(value):
    assert safe_cell(value) == value
    assert unescape_cell(value) == value


@pytest.mark.parametrize(
    "data",
    [
        "구분,금액\n행정팀,992\n".encode(),
        b"\xef\xbb\xbf" + "구분,금액\n행정팀,992\n".encode(),
        "구분,금액\n행정팀,992\n".encode("cp949"),
    ],
    ids=["utf-8", "utf-8-bom", "cp949"],
)
def test_csv_from_korean_excel_in_any_of_its_encodings(data):
    assert csv_rows(data) == [["구분", "금액"], ["행정팀", "992"]]


def test_undecodable_csv_is_refused_in_korean():
    with pytest.raises(SpreadsheetError, match="인코딩"):
        decode_csv(b"\xff\xfe\xfa\xfb\x81")


def test_empty_and_oversized_files_are_refused(settings):
    with pytest.raises(SpreadsheetError, match="빈 파일"):
        csv_rows(b"")
    settings.SPREADSHEET_MAX_BYTES = 10  # read when a file is read
    with pytest.raises(SpreadsheetError, match="파일이 너무 큽니다"):
        csv_rows(b"a,b\n" * 10)


def test_too_many_rows_are_refused(settings):
    settings.SPREADSHEET_MAX_ROWS = 3  # read when a file is read
    with pytest.raises(SpreadsheetError, match="한 번에 3행까지 올릴 수 있습니다"):
        csv_rows(b"h\n" + b"1\n" * 5)


def test_a_workbook_renamed_to_csv_is_refused():
    with pytest.raises(SpreadsheetError, match="CSV 파일이 아닙니다"):
        csv_rows(b"PK\x03\x04 not really a zip")


def test_cell_errors_name_row_and_column():
    assert str(CellError(5, "일정", "해석할 수 없습니다.")) == "5행 '일정' 열: 해석할 수 없습니다."
