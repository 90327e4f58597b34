"""Reading and writing spreadsheets the way Korean offices make them, in one place: files saved
by Korean Excel (CP949 CSV, UTF-8 with or without BOM, .xlsx), and every cell rule an import
applies: numbers typed as `1,234`, `△856` or `(856)`, dates (`2023-02-16`, `2023. 2. 16.`,
`2023년 2월 16일`), times (`14:00`), yes/no (예/아니오, O/X, 참/거짓 …), text (cleaned by
plans.rules.text, control characters refused), formulas whose result the file does not carry,
and cells that must never become live formulas when a file is opened.

Every importer (the admin's per-table import, the whole-plan workbook) reads through here, and
every exporter writes cells through `safe_cell`, so the rules cannot drift apart. The limits
(size, rows) are settings read when a file is read, and an .xlsx is opened only after
plans.exchange.packages has checked the zip package it is."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import openpyxl
from django.conf import settings
from openpyxl.utils.escape import unescape as unescape_excel
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

from plans.exchange.packages import PackageRefused, check_package
from plans.rules.text import clean_text, control_character_message

MEGABYTE = 1024 * 1024


def upload_limit() -> int:
    """The largest file one upload may be (``SPREADSHEET_MAX_BYTES``)."""
    return settings.SPREADSHEET_MAX_BYTES


def row_limit() -> int:
    """The most rows one sheet of an upload may have (``SPREADSHEET_MAX_ROWS``)."""
    return settings.SPREADSHEET_MAX_ROWS


def limits_text() -> str:
    """The limits as the upload forms state them: ``10MB, 50,000행까지``."""
    return f"{upload_limit() / MEGABYTE:g}MB, {row_limit():,}행까지"


def too_large_message(size: int) -> str:
    """The one wording for an upload over the size limit, wherever it is noticed (the request,
    the upload forms, the file's bytes)."""
    return (
        f"파일이 너무 큽니다({size / MEGABYTE:.1f}MB). "
        f"{upload_limit() / MEGABYTE:g}MB 이하로 나누어 올리십시오."
    )


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
# Formulas without their result


@dataclass(frozen=True)
class UncomputedFormula:
    """A formula cell whose file carries no result: what scripts (openpyxl writing ``=1+1``)
    write, since only a spreadsheet program computes formulas. Read as blank it would erase a
    stored value, so every rule below refuses it, naming the cell."""

    formula: str  # "=1+1"; "" for a cell sharing another cell's formula

    def __str__(self) -> str:
        return self.formula


def formula_message(value: UncomputedFormula) -> str:
    shown = f"({value.formula})" if value.formula else ""
    return (
        f"계산 결과가 저장되지 않은 수식{shown}입니다. 엑셀에서 파일을 열어 저장한 뒤 "
        "올리거나 수식 대신 값을 입력하십시오."
    )


def refuse_formula(value) -> None:
    if isinstance(value, UncomputedFormula):
        raise ValueError(formula_message(value))


# ---------------------------------------------------------------------------------------------
# Numbers


_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def parse_number(value, *, allow_negative: bool = False) -> int | Decimal | None:
    """A number as staff type it: 1234, "1,234", "△856" or "(856)" (both mean −856), "-" or
    blank for nothing. Raises ValueError with a Korean message for anything else."""
    refuse_formula(value)
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
    elif isinstance(value, datetime.date | datetime.time):
        raise ValueError("숫자를 적으십시오(날짜로 바뀐 값입니다).")
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
# Text, yes/no, dates and times


def cell_text(value) -> str:
    """A cell as shown in a message or compared as a name: ``3.0`` from Excel is ``3``; a date
    cell is ``2023-02-16``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def read_text(value, *, schedule: bool = False) -> str:
    """A text cell as it is stored (plans.rules.text.clean_text), ``""`` when blank.

    A number is its digits (``3``, ``12.5``); a cell Excel turned into a date or TRUE/FALSE is
    refused (the text typed is lost, so only the clerk can say what it was; ``schedule`` adds
    how to type a schedule such as '23. 3. so that Excel keeps it); text escaped by our export
    (``'=x``) reads as typed; control characters are refused, Excel's escapes of them
    (``_x0001_``) included."""
    refuse_formula(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ValueError("참/거짓 값입니다. 글자로 적으십시오.")
    if isinstance(value, datetime.date | datetime.time):
        hint = " 앞에 '를 붙여 글자로 적으십시오(예: '23. 3.)." if schedule else ""
        raise ValueError(f"날짜·시각으로 바뀐 값입니다. 글자로 적으십시오.{hint}")
    if isinstance(value, int | float | Decimal):
        return str(parse_number(value, allow_negative=True))
    text = unescape_excel(str(value))
    if text.startswith("'\n"):
        text = text[1:]  # an escaped carriage return, which .xlsx (XML) stores as \n
    text = unescape_cell(text)
    message = control_character_message(text)
    if message is not None:
        raise ValueError(message)
    return clean_text(text)


YES_WORDS = frozenset({"예", "o", "○", "●", "y", "yes", "1", "true", "참", "v", "✓", "√"})
NO_WORDS = frozenset({"아니오", "아니요", "x", "×", "n", "no", "0", "false", "거짓", "-"})


def parse_boolean(value) -> bool | None:
    """예/아니오 (also O/X, ○/×, Y/N, 1/0, TRUE/FALSE, 참/거짓, ✓); ``None`` when blank, for the
    caller to read as it must (a stored default, or 아니오)."""
    refuse_formula(value)
    if value is None or isinstance(value, bool):
        return value
    text = "".join(cell_text(value).split()).lower()
    if not text:
        return None
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    raise ValueError(f"'{cell_text(value).strip()}'은(는) 예 또는 아니오로 입력하십시오.")


_DATE = re.compile(
    r"^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?"
    r"\s*(?:\([월화수목금토일]\))?\s*(?:(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$"
)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def parse_date(value) -> datetime.date | None:
    """A date: an Excel date cell, ``2023-02-16``, ``2023. 2. 16.``, ``2023/2/16``,
    ``2023년 2월 16일`` (a weekday such as ``(목)`` may follow); ``None`` when blank."""
    refuse_formula(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        match = _DATE.match(value.strip())
        if match and match.group(4) is None:
            try:
                return datetime.date(*(int(part) for part in match.groups()[:3]))
            except ValueError:
                pass
    raise ValueError(
        f"'{cell_text(value).strip()}'은(는) 날짜가 아닙니다. "
        "2023-02-16 또는 2023. 2. 16. 형식으로 입력하십시오."
    )


def parse_time(value) -> datetime.time | None:
    """A time of day: an Excel time cell, ``14:00`` or ``14:00:00``; ``None`` when blank."""
    refuse_formula(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.time):
        return value
    if isinstance(value, datetime.datetime):
        return value.time()
    if isinstance(value, str):
        match = _TIME.match(value.strip())
        if match:
            try:
                return datetime.time(*(int(part or 0) for part in match.groups()))
            except ValueError:
                pass
    raise ValueError(
        f"'{cell_text(value).strip()}'은(는) 시각이 아닙니다. 14:00 형식으로 입력하십시오."
    )


def parse_datetime(value, tzinfo: datetime.tzinfo) -> datetime.datetime | None:
    """A moment: an Excel date cell, or a date as :func:`parse_date` reads it followed by a
    time (``2023-02-16 09:00``); a naive value is taken in ``tzinfo``."""
    refuse_formula(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time())
    else:
        match = _DATE.match(value.strip()) if isinstance(value, str) else None
        if not match:
            raise ValueError(
                f"'{cell_text(value).strip()}'은(는) 날짜·시각이 아닙니다. "
                "2023-02-16 09:00 형식으로 입력하십시오."
            )
        parts = [int(part) if part else 0 for part in match.groups()[:6]]
        fraction = (match.group(7) or "").ljust(6, "0")
        try:
            moment = datetime.datetime(*parts, int(fraction or 0))  # noqa: DTZ001 - below
        except ValueError as error:
            raise ValueError(f"'{value}'은(는) 날짜·시각이 아닙니다.") from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tzinfo)
    return moment


# ---------------------------------------------------------------------------------------------
# Columns


#: The one refusal of a column an import does not know (both imports add the columns it has).
UNKNOWN_COLUMN = "알 수 없는 열입니다. 이 열은 읽지 않습니다. 열을 지우거나 열 제목을 고치십시오."


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
    if len(data) > upload_limit():
        raise SpreadsheetError(too_large_message(len(data)))


def is_xlsx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04" and _has_workbook_part(data)


def _has_workbook_part(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


NOT_XLSX = "엑셀(.xlsx) 파일이 아닙니다. 엑셀에서 '다른 이름으로 저장'으로 .xlsx 형식을 고르십시오."


def open_workbook(data: bytes):
    """An openpyxl workbook (read-only, results of formulas rather than formulas) from .xlsx
    bytes, opened only once the package passed plans.exchange.packages.check_package. Read its
    sheets with :func:`sheet_rows`, which marks formulas without a result."""
    check_size(data)
    if not is_xlsx(data):  # reads the zip's table of contents only
        raise SpreadsheetError(NOT_XLSX)
    try:
        check_package(data, kind="엑셀")
    except PackageRefused as error:
        raise SpreadsheetError(str(error)) from error
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(
            "엑셀 파일을 열 수 없습니다. 파일이 손상되었을 수 있습니다."
        ) from error


class _ResultParser(WorkSheetParser):
    """openpyxl's sheet parser, reading results (``data_only``) and marking a formula cell that
    has none as :class:`UncomputedFormula` instead of reading it as blank."""

    def parse_cell(self, element):
        cell = super().parse_cell(element)
        formula = element.find(FORMULA_TAG)
        if cell["value"] is None and formula is not None and element.get("t") != "str":
            # A formula whose result is text carries it as t="str" (an empty result too).
            result = element.find(VALUE_TAG)
            if result is None or not result.text:
                cell["value"] = UncomputedFormula(f"={formula.text}" if formula.text else "")
        return cell


def _sheet_values(sheet, max_col: int | None) -> Iterator[tuple]:
    """The rows of a read-only worksheet as tuples of values, as ``iter_rows(values_only=True,
    max_col=…)`` gives them, through :class:`_ResultParser`."""
    workbook = sheet.parent
    width = max_col or sheet.max_column
    blank = (None,) * width if width else ()
    expected = 1
    with sheet._get_source() as source:
        parser = _ResultParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            for _missing in range(expected, number):
                yield blank
            expected = number + 1
            yield sheet._get_row(cells, 1, width, values_only=True)


def sheet_rows(
    sheet, *, max_rows: int | None = None, max_col: int | None = None
) -> Iterator[tuple]:
    """Rows of a worksheet as tuples of values, refusing a sheet longer than ``max_rows``
    (default the ``SPREADSHEET_MAX_ROWS`` setting, read when called). ``max_col`` reads only
    that many columns, so a row stretched to column XFD costs nothing. A sheet whose stored
    size already says it is too long is refused before its first row is read. A formula
    without its result is an :class:`UncomputedFormula`, never blank."""
    if max_rows is None:
        max_rows = row_limit()
    message = (
        f"'{sheet.title}' 시트의 행이 너무 많습니다. 한 번에 {max_rows:,}행까지 올릴 수 있습니다."
    )
    declared = getattr(sheet, "max_row", None)
    if isinstance(declared, int) and declared > max_rows + 1:
        raise SpreadsheetError(message)
    for number, row in enumerate(_sheet_values(sheet, max_col), start=1):
        if number > max_rows + 1:
            raise SpreadsheetError(message)
        yield row


def csv_rows(data: bytes, *, max_rows: int | None = None) -> list[list[str]]:
    if max_rows is None:
        max_rows = row_limit()
    check_size(data)
    if is_xlsx(data) or data[:4] == b"PK\x03\x04":
        raise SpreadsheetError("CSV 파일이 아닙니다. 엑셀 파일은 .xlsx 형식으로 올리십시오.")
    text = decode_csv(data)
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) > max_rows + 1:
        raise SpreadsheetError(f"행이 너무 많습니다. 한 번에 {max_rows:,}행까지 올릴 수 있습니다.")
    return rows
