"""The layout of the period workbook, shared by its writer and its reader so the two cannot
drift apart.

The data sheet has the whole-plan workbook's shape (plans.exchange.workbook.layout): row 1 a
caption, row 2 the Korean headers, data from row 3. The columns that say which item a row is
(과제, 과제명, 담당 팀, 번호, 추진계획, 일정, 목표) are read-only, grey and locked; the 추진실적
columns are the only ones a clerk can type in; the last column, hidden and locked, holds the
item's key. The 안내 sheet names the period and carries the lock digest of the entries as they
were exported ('내보낸 판'), so a file exported before someone else saved is refused."""

from __future__ import annotations

from dataclasses import dataclass

from plans.exchange.workbook.layout import CAPTION_ROW, FIRST_DATA_ROW, HEADER_ROW

__all__ = [
    "CAPTION_ROW",
    "COLUMNS",
    "DATA_TITLE",
    "FIRST_DATA_ROW",
    "HEADER_ROW",
    "INFO_TITLE",
    "KEY",
    "PERIOD_LABEL",
    "VERSION_LABEL",
    "BookColumn",
    "column",
]

DATA_TITLE = "추진실적"
INFO_TITLE = "안내"
#: The 안내 sheet's rows the reader needs (the others are shown for the clerk only).
PERIOD_LABEL = "보고 시기 번호"
VERSION_LABEL = "내보낸 판"


@dataclass(frozen=True)
class BookColumn:
    header: str
    key: str
    width: int
    editable: bool = False
    long_text: bool = False  # wrapped, several lines (실적 is outline text)
    number: bool = False


KEY = "item_id"

COLUMNS: tuple[BookColumn, ...] = (
    BookColumn("과제", "card_code", 7),
    BookColumn("과제명", "card_title", 24, long_text=True),
    BookColumn("담당 팀", "team", 12),
    BookColumn("번호", "order", 6),
    BookColumn("추진계획", "text", 30, long_text=True),
    BookColumn("일정", "schedule", 12),
    BookColumn("목표", "target", 10),
    BookColumn("추진 상태", "status", 11, editable=True),
    BookColumn("진행률(%)", "percent", 10, editable=True, number=True),
    BookColumn("실적", "result", 40, editable=True, long_text=True),
    BookColumn("사유", "reason", 24, editable=True, long_text=True),
    BookColumn("목표 수량", "target_amount", 10, editable=True, number=True),
    BookColumn("실적 수량", "actual_amount", 10, editable=True, number=True),
    BookColumn("단위", "unit", 7, editable=True),
    BookColumn("항목 키", KEY, 10),
)


def column(key: str) -> BookColumn:
    return next(c for c in COLUMNS if c.key == key)
