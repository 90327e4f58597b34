"""Reading the period workbook (plans.exchange.periodbook.writer) back into typed rows, one per
추진계획 item, for plans.workflow.progress to check and save.

Only the cells are judged here, by the rules every import shares (plans.exchange.cells: the
upload's size and zip-package guard, formulas without a result, dates where text belongs,
control characters, text our export escaped with an apostrophe), plus what only this file has:
its sheets and columns, the 추진 상태 word, the hidden '항목 키' and the 안내 sheet's period and
'내보낸 판'. Every bad cell is named as a clerk finds it in Excel (``추진실적 시트 5행 '추진 상태'
열: …``); the rows without one are still given, so the service can name what is wrong with
them in the same answer, but a file with a bad cell is never saved. Whether a row may be saved
(scope, 진행률 against 상태, 사유, the item's plan, the lock) is the service's to say, in the
same words the team screen shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plans.exchange.cells import (
    UNKNOWN_COLUMN,
    CellError,
    SpreadsheetError,
    cell_text,
    open_workbook,
    parse_integer,
    read_text,
    sheet_rows,
)
from plans.exchange.periodbook.layout import (
    COLUMNS,
    DATA_TITLE,
    INFO_TITLE,
    KEY,
    PERIOD_LABEL,
    VERSION_LABEL,
    BookColumn,
)
from plans.models import ProgressStatus

#: The columns a row is read from; the grey ones only tell the clerk which item it is.
READ = tuple(c for c in COLUMNS if c.editable or c.key == KEY)
HEADER_SEARCH_ROWS = 3
EXTRA_COLUMNS = 5  # read past the layout's columns, to notice a header typed where none belongs

NOT_A_PERIOD_BOOK = (
    "추진실적 통합문서가 아닙니다. 팀별 추진실적 입력 화면에서 내려받은 파일을 고쳐 올리십시오."
)


@dataclass(frozen=True)
class BookRow:
    """One row of the sheet: its Excel row number, the item's key and the 추진실적 cells as text
    (상태 as its stored value), as plans.workflow.progress.ProgressInput takes them."""

    number: int
    item_id: int
    values: dict[str, str]


@dataclass
class PeriodBook:
    period_id: int
    version: str
    rows: list[BookRow] = field(default_factory=list)


def _squash(value: Any) -> str:
    return "".join(str(value).split()) if value is not None else ""


def _status(text: str) -> str:
    """The stored value of a 추진 상태 word (spaces ignored; the stored value is accepted too)."""
    if not text:
        return ""
    wanted = _squash(text)
    for value, label in ProgressStatus.choices:
        if wanted in (_squash(label), value):
            return value
    words = ", ".join(str(label) for _value, label in ProgressStatus.choices)
    raise ValueError(
        f"추진 상태로 쓸 수 없는 말입니다(입력: {text}). 다음 중 하나를 고르십시오: {words}"
    )


def read_period_workbook(data: bytes) -> tuple[PeriodBook | None, list[CellError]]:
    """The workbook's period, '내보낸 판' and its readable rows, and every bad cell. The book is
    ``None`` when the file cannot be read as a period workbook at all (an unreadable file, one
    that is not a period workbook, a missing column or 안내 line)."""
    try:
        workbook = open_workbook(data)
    except SpreadsheetError as error:
        return None, [CellError(0, "", str(error))]
    try:
        names = list(workbook.sheetnames)
        if DATA_TITLE not in names or INFO_TITLE not in names:
            return None, [
                CellError(0, "", f"{NOT_A_PERIOD_BOOK} (이 파일의 시트: {', '.join(names)})")
            ]
        errors: list[CellError] = []
        info = _read_info(workbook[INFO_TITLE], errors)
        rows = _read_rows(workbook[DATA_TITLE], errors)
    except SpreadsheetError as error:  # a sheet past the row limit
        return None, [CellError(0, "", str(error))]
    finally:
        workbook.close()
    errors.sort(key=lambda error: (error.sheet != INFO_TITLE, error.row))
    if info is None or rows is None:
        return None, errors
    period_id, version = info
    return PeriodBook(period_id, version, rows), errors


def _read_info(sheet, errors: list[CellError]) -> tuple[int, str] | None:
    found: dict[str, tuple[int, Any]] = {}
    for number, row in enumerate(sheet_rows(sheet, max_col=2), start=1):
        if row and _squash(row[0]) in (_squash(PERIOD_LABEL), _squash(VERSION_LABEL)):
            found[_squash(row[0])] = (number, row[1] if len(row) > 1 else None)
    period_id = version = None
    for label in (PERIOD_LABEL, VERSION_LABEL):
        if _squash(label) not in found:
            errors.append(
                CellError(
                    0,
                    "",
                    f"'{label}' 줄이 없습니다. 안내 시트를 고치지 말고 다시 내려받아 고치십시오.",
                    INFO_TITLE,
                )
            )
    if _squash(PERIOD_LABEL) in found:
        number, value = found[_squash(PERIOD_LABEL)]
        try:
            period_id = parse_integer(value)
        except ValueError as error:
            errors.append(CellError(number, "값", str(error), INFO_TITLE))
    if _squash(VERSION_LABEL) in found:
        number, value = found[_squash(VERSION_LABEL)]
        version = cell_text(value).strip()
        if not version:
            errors.append(CellError(number, "값", "내보낸 판이 비어 있습니다.", INFO_TITLE))
    if period_id is None or not version:
        if not errors:
            errors.append(CellError(0, "", NOT_A_PERIOD_BOOK, INFO_TITLE))
        return None
    return period_id, version


def _positions(header: tuple, number: int, errors: list[CellError]) -> dict[str, int] | None:
    expected = {_squash(c.header): c for c in COLUMNS}
    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        name = _squash(value)
        if not name:
            continue
        col = expected.get(name)
        if col is None:
            errors.append(
                CellError(
                    number,
                    str(value).strip(),
                    f"{UNKNOWN_COLUMN} 있어야 할 열: " + ", ".join(c.header for c in COLUMNS),
                    DATA_TITLE,
                )
            )
        elif col.key in positions:
            errors.append(CellError(number, col.header, "같은 열이 두 번 있습니다.", DATA_TITLE))
        else:
            positions[col.key] = index
    missing = [c for c in READ if c.key not in positions]
    for col in missing:
        errors.append(
            CellError(
                number,
                col.header,
                "열이 없습니다. 열을 지우거나 제목을 바꾸지 마십시오.",
                DATA_TITLE,
            )
        )
    return None if missing else positions


def _read_rows(sheet, errors: list[CellError]) -> list[BookRow] | None:
    """The rows whose cells all read; None when the sheet's columns cannot be found."""
    raw_rows = list(sheet_rows(sheet, max_col=len(COLUMNS) + EXTRA_COLUMNS))
    headers = {_squash(c.header) for c in READ}
    start = next(
        (
            index
            for index, row in enumerate(raw_rows[:HEADER_SEARCH_ROWS])
            if any(_squash(value) in headers for value in row)
        ),
        None,
    )
    if start is None:
        errors.append(
            CellError(2, "", "열 제목 줄이 없습니다. 열 제목을 지우지 마십시오.", DATA_TITLE)
        )
        return None
    positions = _positions(raw_rows[start], start + 1, errors)
    if positions is None:
        return None
    rows: list[BookRow] = []
    for number, raw in enumerate(raw_rows[start + 1 :], start=start + 2):
        cells = {key: raw[index] if index < len(raw) else None for key, index in positions.items()}
        read = {c.key: cells.get(c.key) for c in READ}
        if all(value is None or not cell_text(value).strip() for value in read.values()):
            continue
        row = _read_row(number, read, errors)
        if row is not None:
            rows.append(row)
    return rows


def _read_row(number: int, cells: dict[str, Any], errors: list[CellError]) -> BookRow | None:
    before = len(errors)
    values: dict[str, str] = {}
    item_id = None
    for col in READ:
        try:
            value = _cell(col, cells[col.key])
        except ValueError as error:
            errors.append(CellError(number, col.header, str(error), DATA_TITLE))
            continue
        if col.key == KEY:
            item_id = value
        else:
            values[col.key] = value
    if item_id is None and len(errors) == before:
        errors.append(
            CellError(
                number,
                "항목 키",
                "어느 추진계획의 행인지 알 수 없습니다. 숨은 '항목 키' 열을 지우거나 고치지 말고, "
                "행을 새로 만들지 마십시오.",
                DATA_TITLE,
            )
        )
    if len(errors) > before:
        return None
    return BookRow(number, item_id, values)


def _cell(col: BookColumn, raw: Any):
    if col.key == KEY:
        return parse_integer(raw)
    text = read_text(raw)
    if col.key == "status":
        return _status(text)
    return text
