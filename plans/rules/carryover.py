"""Next year's drafts from this year's 추진실적: a carried card's 추진상황 and chapter II 주요성과,
written from what last year's 추진계획 items reported (plans.workflow.nextyear makes the rows).

The functions take plain values (:class:`ReportedItem`, one per 추진계획 item of last year's
card, in the card's order, with every entry it has), so they are tested without a database.

Rules (README: 다음 해 계획 시작):

- **Which report speaks for an item**: its 연간 entry if it has one, else the entry of the
  latest 기준일 (the last given when two share a date). Each item on its own: an item reported
  완료 at 상반기 and left out of the 연간 report keeps its 상반기 report.
- **추진상황** (what has been done): one row per top-level line of each item's 실적, which is the
  ○ line a 추진상황 row prints; the indented lines under it (the - lines) are details that a
  row of one line with its 일정 cannot hold, and they go to 주요성과 in full. A ※ or * line at
  the top is a remark, not something done, and is left out. A trailing schedule in brackets,
  "…수립·공개('23. 1.)", becomes the row's 일정; otherwise the row takes the item's planned
  일정. 완료 without 실적 text states the item itself as done. 미착수 (nothing done) and 취소 (no
  longer planned) give no row; 정상추진, 지연 and 유보 give their 실적 lines (what was done before
  the delay or hold), none when they have no 실적 text. A line longer than a row holds is cut
  with "…".
- **주요성과** (the year's achievements, a group per card with the card's title as its □
  heading): one line per item reported 완료, its 실적 as typed (the ○ line and its - lines,
  indentation made regular); the item's text when the 실적 is empty, with the 실적's remarks
  under it when it holds only ※ or * lines. 정상추진, 지연 and 유보
  are not achievements yet, and 취소 never will be: none of them gives a line, and a card with
  no 완료 item gives no group.
- **No report at all** for any item of the card: the drafts are what they were before 추진실적
  existed, the card's 추진계획 (each item as a 추진상황 row with its 일정, and as a 주요성과 line).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .outline import INDENT, OutlineNode, parse_outline, walk
from .progress import CANCELLED, COMPLETED, NOT_STARTED
from .schedules import ScheduleError, normalize_schedule

__all__ = [
    "ItemReport",
    "ReportedItem",
    "achievement_draft",
    "progress_draft_rows",
    "shortened",
    "split_schedule",
]

#: Top-level lines of a 실적 that are remarks, not something done.
_REMARKS = frozenset({"note", "footnote"})

#: Statuses whose 실적 says nothing was done (미착수) or no longer counts (취소).
_NOTHING_DONE = frozenset({NOT_STARTED, CANCELLED})

_TRAILING_BRACKET = re.compile(r"\s*\(([^()]+)\)\s*$")


@dataclass(frozen=True)
class ItemReport:
    """An item's entry at one reporting period."""

    annual: bool  # the period is 연간
    as_of: datetime.date
    status: str
    result: str


@dataclass(frozen=True)
class ReportedItem:
    """A 추진계획 item of last year's card and its entries, oldest period first."""

    text: str
    schedule: str
    reports: tuple[ItemReport, ...] = ()

    @property
    def latest(self) -> ItemReport | None:
        """The 연간 report, else the latest 기준일's (the last given on a tie)."""
        if not self.reports:
            return None
        return sorted(self.reports, key=lambda report: (report.annual, report.as_of))[-1]


def split_schedule(line: str) -> tuple[str, str]:
    """``"…수립('23. 1.)"`` → (``"…수립"``, ``"'23. 1."``): a bracketed schedule at the end of a
    line, in its canonical form; (line, "") when the brackets hold anything else ("(23명)")."""
    match = _TRAILING_BRACKET.search(line)
    if match is None:
        return line, ""
    try:
        schedule = normalize_schedule(match.group(1).strip())
    except ScheduleError:
        return line, ""
    text = line[: match.start()].rstrip()
    return (text, schedule) if text else (line, "")


def shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _reported(items: Sequence[ReportedItem]) -> bool:
    return any(item.reports for item in items)


def progress_draft_rows(items: Sequence[ReportedItem], *, limit: int) -> list[tuple[str, str]]:
    """The 추진상황 rows (text, 일정) of next year's card from last year's ``items``; each text
    at most ``limit`` characters."""
    if not _reported(items):
        return [(shortened(item.text, limit), item.schedule) for item in items]
    rows = []
    for item in items:
        report = item.latest
        if report is None or report.status in _NOTHING_DONE:
            continue
        lines = [node.text for node in parse_outline(report.result) if node.kind not in _REMARKS]
        if not lines and report.status == COMPLETED:
            lines = [item.text]
        for line in lines:
            text, schedule = split_schedule(line)
            rows.append((shortened(text, limit), schedule or item.schedule))
    return rows


def _regular(nodes: list[OutlineNode]) -> str:
    """Outline text with two spaces a level and the markers typed kept (a plain line stays
    plain, so the report gives it ○ or - by its depth)."""
    return "\n".join(
        " " * (INDENT * depth) + (f"{node.marker} {node.text}" if node.marker else node.text)
        for depth, node in walk(nodes)
    )


def achievement_draft(items: Sequence[ReportedItem]) -> list[str] | None:
    """The lines (outline text) of the chapter II group drafted from last year's ``items``;
    None when the card gives no group (items reported, none of them 완료)."""
    if not _reported(items):
        return [item.text for item in items]
    lines = []
    for item in items:
        report = item.latest
        if report is not None and report.status == COMPLETED:
            lines.append(_achievement_line(item.text, parse_outline(report.result)))
    return lines or None


def _achievement_line(item_text: str, nodes: list[OutlineNode]) -> str:
    """The 실적 as outline text; under the item's own text when it has no line of its own."""
    if any(node.kind not in _REMARKS for node in nodes):
        return _regular(nodes)
    under = _regular(nodes)
    indented = "\n".join(" " * INDENT + line for line in under.splitlines())
    return f"{item_text}\n{indented}" if under else item_text
