"""The 추진실적 report as an Excel workbook (.xlsx): the same rows as its page and PDF, one sheet
per table, for a council's staff to sort, filter and recompute.

- 안내: what the file is (department, year, period, 기준일, session, 공개 시각 or 초안);
- 상태별 현황: the summary by status, cards and items side by side, with 미입력, 계, 평균진행률
  and 완료율 as the report prints them (the figures are plans.rules.progress's, written as
  numbers; 진행률 cells are percentages as numbers, 62.5 for 62.5 %);
- 과제별 실적: one row per 추진계획 item with its card's code, title, team, status and 진행률
  beside it, so a filter on one column keeps every row whole;
- 변동 사항: each item whose status or 진행률 moved since the last published period.

It is an output only (the period's own entry workbook is plans.exchange's import); no cell is
a formula, every text goes through plans.exchange.cells.safe_cell."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from plans.exchange.cells import safe_cell
from plans.report.progress_report import ProgressReport
from plans.rules.outline import render_text

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

INFO = "안내"
SUMMARY = "상태별 현황"
ITEMS = "과제별 실적"
CHANGES = "변동 사항"

ITEM_HEADERS = (
    "과제 번호",
    "과제명",
    "담당 팀",
    "과제 상태",
    "과제 진행률(%)",
    "순번",
    "추진계획",
    "상태",
    "진행률(%)",
    "실적",
    "목표",
    "실적 수량",
    "사유",
)
CHANGE_HEADERS = (
    "과제 번호",
    "순번",
    "추진계획",
    "지난 상태",
    "지난 진행률(%)",
    "이번 상태",
    "이번 진행률(%)",
    "신규 완료",
    "신규 지연",
)

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _number(value: Decimal | None) -> float | str:
    """A rate as a number cell; "-" where there is nothing to compute, as the report prints."""
    return "-" if value is None else float(value)


def info_rows(
    report: ProgressReport, *, draft: bool, published_at: datetime.datetime | None
) -> list[tuple[str, str]]:
    cover = report.cover
    rows = [
        ("기관", cover.organization),
        ("국", cover.bureau),
        ("과", cover.department),
        ("연도", f"{cover.year}년"),
        ("보고 시기", cover.period_label),
        ("기준일", cover.as_of_text),
        ("보고 회기", cover.session.name if cover.session else "미정"),
    ]
    if draft:
        rows.append(("상태", "초안(공개 전)"))
    elif published_at is not None:
        local = timezone.localtime(published_at)
        rows.append(("공개 시각", f"{local.year}. {local.month}. {local.day}. {local:%H:%M}"))
    return [(label, value) for label, value in rows if value]


def summary_rows(report: ProgressReport) -> list[tuple]:
    summary = report.summary
    rows: list[tuple] = [("구분", "과제", "추진계획")]
    rows.append(("계", summary.total_cards, summary.total_items))
    rows += [(row.label, row.cards, row.items) for row in summary.rows]
    rows.append(("미입력", summary.unreported_cards, summary.unreported_items))
    rows.append(("평균진행률(%)", _number(summary.card_average), _number(summary.item_average)))
    rows.append(("완료율(%)", _number(summary.card_completion), _number(summary.item_completion)))
    return rows


def item_rows(report: ProgressReport) -> list[tuple]:
    rows: list[tuple] = [ITEM_HEADERS]
    for card in report.cards:
        for item in card.items:
            rows.append(
                (
                    card.code,
                    card.title,
                    card.team_name,
                    card.status_label,
                    _number(card.percent),
                    item.order,
                    item.text,
                    item.status_label,
                    "-" if item.percent is None else item.percent,
                    render_text(item.result),
                    item.target,
                    item.actual,
                    item.reason,
                )
            )
    return rows


def change_rows(report: ProgressReport) -> list[tuple]:
    rows: list[tuple] = [CHANGE_HEADERS]
    if report.changes is None:
        return rows
    for line in report.changes.lines:
        rows.append(
            (
                line.code,
                line.order,
                line.text,
                line.before_label,
                line.before_percent,
                line.now_label,
                line.now_percent,
                "예" if line.newly_completed else "",
                "예" if line.newly_delayed else "",
            )
        )
    return rows


def _write(ws, rows: list[tuple], *, widths: dict[int, int] | None = None) -> None:
    for values in rows:
        ws.append([safe_cell(value) for value in values])
    for cell in ws[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = _WRAP
    ws.freeze_panes = "A2"
    for index, width in (widths or {}).items():
        ws.column_dimensions[get_column_letter(index)].width = width


def progress_xlsx(
    report: ProgressReport, *, draft: bool, published_at: datetime.datetime | None = None
) -> bytes:
    """The .xlsx bytes of ``report``."""
    workbook = Workbook()
    info = workbook.active
    info.title = INFO
    info.append([safe_cell(f"{report.cover.department} {report.cover.title}")])
    info["A1"].font = Font(bold=True, size=14)
    for label, value in info_rows(report, draft=draft, published_at=published_at):
        info.append([label, safe_cell(value)])
    info.column_dimensions["A"].width = 12
    info.column_dimensions["B"].width = 40
    _write(workbook.create_sheet(SUMMARY), summary_rows(report), widths={1: 16, 2: 10, 3: 10})
    _write(
        workbook.create_sheet(ITEMS),
        item_rows(report),
        widths={
            1: 9,
            2: 30,
            3: 12,
            4: 9,
            5: 9,
            6: 6,
            7: 36,
            8: 9,
            9: 9,
            10: 48,
            11: 9,
            12: 9,
            13: 36,
        },
    )
    _write(workbook.create_sheet(CHANGES), change_rows(report), widths={1: 9, 2: 6, 3: 40})
    workbook.properties.creator = "업무계획 포털"
    workbook.properties.title = f"{report.cover.department} {report.cover.title}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
