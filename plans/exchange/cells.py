"""Reading and writing spreadsheets the way Korean offices make them, in one place: files saved
by Korean Excel (CP949 CSV, UTF-8 with or without BOM, .xlsx), numbers typed as `1,234`,
`△856` or `(856)`, and cells that must never become live formulas when a file is opened.

Every importer (the admin's per-table import, the whole-plan workbook) reads through here, and
every exporter writes cells through `safe_cell`, so the rules cannot drift apart."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings

MAX_UPLOAD_BYTES = getattr(settings, "SPREADSHEET_MAX_BYTES", 10 * 1024 * 1024)
MAX_ROWS = getattr(settings, "SPREADSHEET_MAX_ROWS", 50_000)

# A cell starting with one of these is run as a formula by Excel or LibreOffice (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetError(ValueError):
    """A file that cannot be read as a table; the message is Korean and says what to do."""


@dataclass(frozen=True)
class CellError:
    """A bad value, named by its place as a clerk sees it in Excel: 3행 '금액' 열."""

    row: int  # 1-based row number in the file (the header is row 1); 0: the whole sheet
    column: str  # the column's header text; "": the whole row
    message: str
    sheet: str = ""  # the worksheet, in a workbook of several sheets

    def __str__(self) -> str:
        place = []
        if self.sheet:
            place.append(f"{self.sheet} 시트")
        if self.row:
            place.append(f"{self.row}행")
        if self.column:
            place.append(f"'{self.column}' 열")
        return f"{' '.join(place)}: {self.message}" if place else self.message


# ---------------------------------------------------------------------------------------------
# Numbers


_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def parse_number(value, *, allow_negative: bool = False) -> int | Decimal | None:
    """A number as staff type it: 1234, "1,234", "△856" or "(856)" (both mean −856), "-" or
    blank for nothing. Raises ValueError with a Korean message for anything else."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("숫자가 아닙니다.")
    if isinstance(value, int):
        number: int | Decimal = value
    elif isinstance(value, float):
        number = Decimal(str(value))
        if number == number.to_integral_value():
            number = int(number)
    elif isinstance(value, Decimal):
        number = value
    else:
        text = str(value).strip().replace(",", "").replace(" ", "")
        if text in {"", "-", "–", "—"}:
            return None
        negative = False
        if text.startswith(("△", "▲", "-")):
            negative, text = True, text[1:]
        elif text.startswith("(") and text.endswith(")"):
            negative, text = True, text[1:-1]
        if not _NUMBER.match(text):
            raise ValueError(f"'{value}'은(는) 숫자가 아닙니다.")
        try:
            number = Decimal(text) if "." in text else int(text)
        except InvalidOperation as error:  # pragma: no cover - the pattern already checked
            raise ValueError(f"'{value}'은(는) 숫자가 아닙니다.") from error
        if negative:
            number = -number
    if number < 0 and not allow_negative:
        raise ValueError("음수는 입력할 수 없습니다.")
    return number


def parse_integer(value, *, allow_negative: bool = False) -> int | None:
    number = parse_number(value, allow_negative=allow_negative)
    if number is None:
        return None
    if isinstance(number, Decimal):
        if number != number.to_integral_value():
            raise ValueError(f"'{value}'은(는) 정수가 아닙니다.")
        number = int(number)
    return number


# ---------------------------------------------------------------------------------------------
# Writing cells


def safe_cell(value):
    """A value as written into an exported cell: text that a spreadsheet would run as a formula
    gets a leading apostrophe; numbers (negative ones too) stay numbers.

    Text that already starts with apostrophes before a trigger (``'=x``) gets one more, so
    `unescape_cell` gives back exactly what was written, whatever the text."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unescape_cell(value):
    """The inverse of `safe_cell` for text read back from one of our own exports."""
    if (
        isinstance(value, str)
        and value.startswith("'")
        and value.lstrip("'").startswith(FORMULA_TRIGGERS)
    ):
        return value[1:]
    return value


# ---------------------------------------------------------------------------------------------
# Reading files


def decode_csv(data: bytes) -> str:
    """CSV bytes as text: UTF-8 with or without BOM, or CP949 (EUC-KR) as Korean Excel saves."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            "CSV 파일의 글자 인코딩을 알 수 없습니다. UTF-8 또는 CP949(EUC-KR)로 저장하십시오."
        ) from error


def check_size(data: bytes) -> None:
    if not data:
        raise SpreadsheetError("빈 파일입니다.")
    if len(data) > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise SpreadsheetError(f"파일이 너무 큽니다. {limit}MB 이하로 나누어 올리십시오.")


def is_xlsx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04" and _has_workbook_part(data)


def _has_workbook_part(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def open_workbook(data: bytes):
    """An openpyxl workbook (read-only, values not formulas) from .xlsx bytes."""
    from openpyxl import load_workbook

    check_size(data)
    if not is_xlsx(data):
        raise SpreadsheetError(
            "엑셀(.xlsx) 파일이 아닙니다. "
            "엑셀에서 '다른 이름으로 저장'으로 .xlsx 형식을 고르십시오."
        )
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(
            "엑셀 파일을 열 수 없습니다. 파일이 손상되었을 수 있습니다."
        ) from error


def sheet_rows(
    sheet, *, max_rows: int | None = None, max_col: int | None = None
) -> Iterator[tuple]:
    """Rows of a worksheet as tuples of values, refusing a sheet longer than ``max_rows``
    (default `MAX_ROWS`, read when called). ``max_col`` reads only that many columns, so a row
    stretched to column XFD costs nothing. A sheet whose stored size already says it is too long
    is refused before its first row is read."""
    if max_rows is None:
        max_rows = MAX_ROWS
    message = (
        f"'{sheet.title}' 시트의 행이 너무 많습니다. 한 번에 {max_rows:,}행까지 올릴 수 있습니다."
    )
    declared = getattr(sheet, "max_row", None)
    if isinstance(declared, int) and declared > max_rows + 1:
        raise SpreadsheetError(message)
    for number, row in enumerate(sheet.iter_rows(values_only=True, max_col=max_col), start=1):
        if number > max_rows + 1:
            raise SpreadsheetError(message)
        yield row


def csv_rows(data: bytes, *, max_rows: int = MAX_ROWS) -> list[list[str]]:
    check_size(data)
    if is_xlsx(data) or data[:4] == b"PK\x03\x04":
        raise SpreadsheetError("CSV 파일이 아닙니다. 엑셀 파일은 .xlsx 형식으로 올리십시오.")
    text = decode_csv(data)
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) > max_rows + 1:
        raise SpreadsheetError(f"행이 너무 많습니다. 한 번에 {max_rows:,}행까지 올릴 수 있습니다.")
    return rows
