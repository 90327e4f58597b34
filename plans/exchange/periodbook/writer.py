"""Writing the period workbook (.xlsx, openpyxl): the rows a user reports on for one period, as
plans.workflow.progress reads them, with their entries as stored.

The sheet is protected without a password (it prevents slips, not a determined user): only the
추진실적 cells are unlocked, the others are grey; 추진 상태 is a drop-down of the six words and
진행률 accepts whole numbers 0–100, so Excel stops most mistakes before the upload does. The
styles are the whole-plan workbook's (plans.exchange.workbook.writer), and every value goes
through plans.exchange.cells.safe_cell, so no text runs as a formula when the file is opened."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from plans.exchange.cells import safe_cell
from plans.exchange.periodbook.layout import (
    CAPTION_ROW,
    COLUMNS,
    DATA_TITLE,
    FIRST_DATA_ROW,
    HEADER_ROW,
    INFO_TITLE,
    KEY,
    PERIOD_LABEL,
    VERSION_LABEL,
    column,
)
from plans.exchange.workbook.writer import (
    BORDER,
    CAPTION_FONT,
    COMPUTED_FILL,
    COMPUTED_HEADER_FILL,
    HEADER_FILL,
    HEADER_FONT,
    INFO_TAB,
    MAX_WIDTH,
    NOTE_FONT,
    TEXT_FORMAT,
)
from plans.models import ItemProgress, PlanItem, ProgressStatus, ReportingPeriod
from plans.rules.figures import format_date

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNLOCKED = Protection(locked=False)
A4 = 9  # openpyxl's paperSize for A4

GUIDE = [
    "쓰는 법",
    "· '추진실적' 시트의 흰 칸(추진 상태, 진행률(%), 실적, 사유, 목표 수량, 실적 수량, 단위)만 "
    "고칩니다. 회색 칸과 숨은 '항목 키' 열은 어느 추진계획인지 알려 주는 칸이라 잠겨 있습니다.",
    "· 추진 상태는 미착수, 정상추진, 완료, 지연, 유보, 취소 가운데 고릅니다. "
    "완료는 진행률 100, 미착수는 0이며 비워 두면 그렇게 채웁니다. "
    "지연·유보·취소에는 사유를 적습니다.",
    "· 실적은 칸 안에서 줄을 바꾸어(Alt+Enter) 적고, 하위 항목은 줄 앞에 공백 2칸씩 들여 씁니다.",
    "· 목표 수량이나 실적 수량을 적으면 단위(명, 팀, 회 등)도 적습니다.",
    "· 추진 상태를 비워 둔 항목은 저장하지 않습니다. 행을 지우면 그 항목은 그대로 둡니다.",
    "다시 올리는 법",
    "· 팀별 추진실적 입력 화면의 '엑셀 올리기'로 올리면 먼저 바뀌는 내용을 보여 드리고, "
    "확인하면 저장합니다.",
    "· 잘못된 칸이 있으면 '추진실적 시트 5행 …'처럼 모두 알려 드리고 아무것도 저장하지 않습니다.",
    "· '보고 시기 번호'와 '내보낸 판'은 고치지 마십시오. 이 파일을 내려받은 뒤에 다른 사람이 "
    "추진실적을 저장했으면 올린 파일을 받지 않으니, 새로 내려받아 다시 고치십시오.",
]


class PeriodRow(Protocol):
    """A row to write: an item of the period and its entry (None: not reported yet); what
    plans.workflow.progress.progress_rows gives."""

    item: PlanItem
    entry: ItemProgress | None


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


def _values(row: PeriodRow) -> dict:
    item, entry = row.item, row.entry
    values = {
        "card_code": item.card.code,
        "card_title": item.card.title,
        "team": item.card.team.name if item.card.team_id else "",
        "order": item.order,
        "text": item.text,
        "schedule": item.schedule,
        "target": item.target,
        KEY: item.pk,
    }
    if entry is not None:
        values.update(
            status=str(ProgressStatus(entry.status).label),
            percent=entry.percent,
            result=entry.result,
            reason=entry.reason,
            target_amount=_number(entry.target_amount),
            actual_amount=_number(entry.actual_amount),
            unit=entry.unit,
        )
    return values


def period_caption(period: ReportingPeriod, scope: str) -> str:
    """``2023년 상반기 추진실적 (자치행정과 행정팀, 2023. 6. 30. 기준)``."""
    plan = period.plan
    return (
        f"{period} 추진실적 ({plan.department.name} {scope}, "
        f"{format_date(period.as_of, weekday=False)} 기준)"
    )


def _write_data(ws, period: ReportingPeriod, rows: Sequence[PeriodRow], scope: str) -> None:
    ws.cell(CAPTION_ROW, 1, safe_cell(period_caption(period, scope))).font = CAPTION_FONT
    for index, col in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, index, col.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL if col.editable else COMPUTED_HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for offset, row in enumerate(rows):
        values = _values(row)
        for index, col in enumerate(COLUMNS, start=1):
            cell = ws.cell(FIRST_DATA_ROW + offset, index, safe_cell(values.get(col.key)))
            cell.border = BORDER
            cell.number_format = "0" if col.key in ("order", KEY, "percent") else TEXT_FORMAT
            if col.number and col.key != "percent":
                cell.number_format = "#,##0.##"
            cell.alignment = Alignment(vertical="top", wrap_text=col.long_text)
            if col.editable:
                cell.protection = UNLOCKED
            else:
                cell.fill = COMPUTED_FILL
    for index, col in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = min(col.width, MAX_WIDTH)
    key_letter = get_column_letter(COLUMNS.index(column(KEY)) + 1)
    ws.column_dimensions[key_letter].hidden = True
    last = FIRST_DATA_ROW + max(len(rows), 1) - 1
    _add_validations(ws, last)
    # The header stays in view, and the card's code when scrolling sideways.
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 2)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS) - 1)}{last}"
    ws.print_title_rows = f"{CAPTION_ROW}:{HEADER_ROW}"
    ws.print_area = f"A{CAPTION_ROW}:{get_column_letter(len(COLUMNS) - 1)}{last}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(ws)


def _add_validations(ws, last: int) -> None:
    words = [str(label) for _value, label in ProgressStatus.choices]
    status_letter = get_column_letter(COLUMNS.index(column("status")) + 1)
    status = DataValidation(
        type="list",
        formula1='"{}"'.format(",".join(words)),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="추진 상태",
        error=f"다음 중 하나를 고르십시오: {', '.join(words)}",
    )
    status.add(f"{status_letter}{FIRST_DATA_ROW}:{status_letter}{last}")
    percent_letter = get_column_letter(COLUMNS.index(column("percent")) + 1)
    percent = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="진행률(%)",
        error="진행률은 0에서 100 사이의 정수로 입력하십시오.",
    )
    percent.add(f"{percent_letter}{FIRST_DATA_ROW}:{percent_letter}{last}")
    ws.add_data_validation(status)
    ws.add_data_validation(percent)


def _protect(ws) -> None:
    # Locked cells stay read-only; widths, row heights and the filter remain the clerk's.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False


def _write_info(ws, period: ReportingPeriod, scope: str, version: str) -> None:
    plan = period.plan
    ws.sheet_properties.tabColor = INFO_TAB
    ws.cell(CAPTION_ROW, 1, "추진실적 통합문서 안내").font = CAPTION_FONT
    for index, header in enumerate(("항목", "값"), start=1):
        cell = ws.cell(HEADER_ROW, index, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
    exported = timezone.localtime().replace(tzinfo=None, microsecond=0)
    rows = [
        ("업무계획", f"{plan.year}년 {plan.department.name} 주요업무계획"),
        ("보고 시기", period.label),
        ("기준일", format_date(period.as_of, weekday=False)),
        ("범위", scope),
        ("내보낸 시각", exported),
        (PERIOD_LABEL, period.pk),
        (VERSION_LABEL, version),
    ]
    for offset, (label, value) in enumerate(rows):
        ws.cell(FIRST_DATA_ROW + offset, 1, label).border = BORDER
        cell = ws.cell(FIRST_DATA_ROW + offset, 2, safe_cell(value))
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="left")
        if isinstance(value, datetime.datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
    guide_row = FIRST_DATA_ROW + len(rows) + 1
    for offset, line in enumerate(GUIDE):
        cell = ws.cell(guide_row + offset, 1, line)
        cell.font = NOTE_FONT if line.startswith("·") else HEADER_FONT
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 70
    ws.protection.sheet = True


def period_workbook(
    *, period: ReportingPeriod, rows: Sequence[PeriodRow], scope: str, version: str
) -> bytes:
    """The .xlsx bytes of ``rows`` of ``period``: ``scope`` says whose items they are (a team's
    name, or "전체" for the department), ``version`` is the lock digest of their entries
    (plans.workflow.progress.rows_digest) that an upload must still match."""
    workbook = Workbook()
    data = workbook.active
    data.title = DATA_TITLE
    _write_data(data, period, rows, scope)
    _write_info(workbook.create_sheet(INFO_TITLE), period, scope, version)
    workbook.properties.creator = "업무계획 포털"
    workbook.properties.title = period_caption(period, scope)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
