"""The whole plan as one Excel workbook (.xlsx): a sheet per table, to read, to check the
figures with, and to edit and upload again (plans.exchange.workbook.reader reads it back).

The data sheets are the plan document (plans.exchange.documents.dump_plan_document) laid out as
tables, one row per record, so the workbook carries everything the plan is made of and an upload of
it can rebuild the plan in an empty database. The computed figures come from the report context
(plans.report.context.plan_report) and plans.rules.figures, like every other renderer: the view
sheets 인력현황표 and 예산비교 are the report's tables with their sums and 증감, and the few
computed columns of the data sheets (소요예산 계, 투표율) are marked ``(자동 계산)``.

No cell is a formula: every value goes through plans.exchange.cells.safe_cell, so text such as
``=HYPERLINK(…)`` is written as text with a leading apostrophe and nothing runs when the file
is opened.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from budget.models import DisplayUnit
from personnel.models import CATEGORIES_BROKEN_DOWN, DepartmentKind, GradeCategory
from plans.exchange.cells import safe_cell
from plans.exchange.documents import dump_plan_document
from plans.exchange.workbook.layout import (
    ACHIEVEMENT_ITEMS,
    ACHIEVEMENTS,
    BUDGET,
    BUDGET_VIEW_TITLE,
    CAPTION_ROW,
    CARDS,
    CONTACTS,
    COUNCILS,
    COUNTY_BUDGET,
    DATA_SHEETS,
    DONATIONS,
    ELECTIONS,
    FACTS,
    FIRST_DATA_ROW,
    FUND,
    FUNDING,
    GRADES,
    HEADER_ROW,
    HOUSING,
    INFO_FIELDS,
    INFO_HEADERS,
    INFO_TITLE,
    NO,
    OFFICERS,
    PLAN_ITEMS,
    POINTS,
    POLICY,
    PROGRESS,
    PROMOTION_RULE,
    PROMOTION_STEPS,
    PROMOTION_TARGETS,
    SHEET_ORDER,
    STAFFING,
    STAFFING_VIEW_TITLE,
    TEAMS,
    TOWNSHIPS,
    VISITS,
    WELFARE,
    YES,
    Column,
    Kind,
    PolicyPart,
    Sheet,
    card_code,
    grade_label,
)
from plans.exchange.workbook.reader import document_version
from plans.report.context import PlanReport, plan_report
from plans.report.filecache import kept
from plans.rules import figures

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Part of the content version: bump it when the layout (sheets, styles, widths) changes, so a
# cached workbook is never served in an older layout.
LAYOUT_VERSION = "1"

NUMBER_FORMATS = {
    Kind.MONEY: "#,##0",
    Kind.COUNT: "#,##0",
    Kind.INTEGER: "0",
    Kind.YEAR: "0",
    Kind.DECIMAL: "General",
    Kind.DATE: "yyyy-mm-dd",
    Kind.TIME: "hh:mm",
    Kind.DATETIME: "yyyy-mm-dd hh:mm",
}
TEXT_FORMAT = "@"  # typed text stays text: '23. 3. is not turned into a date
CHANGE_FORMAT = '#,##0;"△"#,##0;0'  # 증감 as the report prints it: △11,703
RATE_FORMAT = '0.0;"△"0.0;0'  # 증감률: △12.9
PERCENT_FORMAT = "0.00"  # 투표율, 구성비: 72.04

HEADER_FONT = Font(bold=True)
CAPTION_FONT = Font(bold=True, size=12)
NOTE_FONT = Font(color="595959")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
COMPUTED_HEADER_FILL = PatternFill("solid", fgColor="E2E2E2")
COMPUTED_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
VIEW_TAB = "808080"
INFO_TAB = "2F5597"

MIN_WIDTH, MAX_WIDTH = 6, 60
VALIDATION_ROWS = 1000  # drop-down lists reach this far below the data, for rows added by hand


# ---------------------------------------------------------------------------------------------
# Tables: what each sheet shows, before any styling


@dataclass
class Table:
    title: str
    caption: str
    columns: list[Column]
    rows: list[list[Any]]
    view: bool = False
    formats: dict[int, str] = field(default_factory=dict)  # column index → number format
    bold_rows: set[int] = field(default_factory=set)  # 0-based indexes into rows
    notes: list[str] = field(default_factory=list)  # lines under the table

    def digest_data(self) -> list:
        return [self.title, self.caption, [c.header for c in self.columns], self.rows, self.notes]


@dataclass
class InfoSheet:
    caption: str
    rows: list[tuple[str, Any, Kind]]
    guide: list[str]

    def digest_data(self) -> list:
        return [self.caption, self.rows, self.guide]


GUIDE = [
    "읽는 법",
    "· 시트마다 1행은 표 제목과 단위, 2행은 열 제목이고 3행부터 자료입니다. "
    "시트 이름과 열 제목은 바꾸지 마십시오.",
    "· 금액은 천원 단위의 정수입니다(예: 1,234). 음수 금액은 입력할 수 없습니다.",
    "· '(자동 계산)' 열과 '인력현황표'·'예산비교' 시트는 포털이 계산한 값입니다. "
    "다시 올릴 때 자료로 읽지 않습니다. "
    "자동 계산 열은 비워 두거나, 값을 적으면 계산 결과와 같아야 합니다.",
    "· 과제는 'IV-3', 'V-1'처럼 가리킵니다(IV 주요업무계획, V 특수시책).",
    "· 국에 속하지 않고 군에 바로 속한 부서(예: 기획감사실)는 안내 시트의 '국'과 '국 순서'를 "
    "비워 둡니다. '부서 종류'는 실, 단, 소, 과, 담당관 중 하나입니다.",
    "· 일정은 '23. 3., '23. 5. ~ 12., 연중, 매월, 3월, 9월처럼 적습니다.",
    "· 여러 줄 글(개요, 세부 내용 등)은 칸 안에서 줄을 바꾸어(Alt+Enter) 적고, "
    "하위 항목은 줄 앞에 공백 2칸씩 들여 씁니다. ○ - · 기호는 화면이 붙입니다.",
    "· =, +, -, @로 시작하는 글은 수식으로 실행되지 않도록 앞에 '를 붙여 두었습니다. "
    "다시 올리면 '는 빠집니다.",
    "다시 올리는 법",
    "· 관리자 화면에서 이 통합문서를 올리면 먼저 바뀌는 내용을 보여 주고, 확인하면 반영합니다.",
    "· 잘못된 칸이 있으면 '추진계획 시트 5행 '일정' 열: …'처럼 모두 알려 주고 "
    "아무것도 반영하지 않습니다.",
    "· 통합문서에서 지운 과제·추진계획·예산 등은 지워집니다. "
    "팀·담당자·직급·읍면 같은 공통 자료는 지워지지 않습니다.",
    "· '보고일'(의회에 보고하는 날, 회기 첫날), '상태'와 '게시 시각'(누리집에 올린 때)은 "
    "알려 드리는 값입니다. 고쳐 올려도 바뀌지 않으며, 게시는 관리자 화면에서 합니다.",
    "· '내보낸 판'은 고치거나 지우지 마십시오. 이 파일을 내려받은 뒤에 업무계획이 바뀌었으면 "
    "올린 파일을 받지 않으니, 최신 통합문서를 내려받아 다시 고치십시오.",
]


def _lines(text: str | None) -> list[str]:
    """An outline text as one row per line (indentation kept, blank lines dropped)."""
    return [line.rstrip() for line in (text or "").split("\n") if line.strip()]


def _info_sheet(doc: dict, report: PlanReport, *, draft: bool) -> InfoSheet:
    plan = doc["plan"]
    values = {
        "organization": doc["organization"],
        # Blank for a department directly under the county.
        "bureau.name": (doc.get("bureau") or {}).get("name"),
        "bureau.order": (doc.get("bureau") or {}).get("order"),
        "department.name": doc["department"]["name"],
        "department.slug": doc["department"]["slug"],
        "department.order": doc["department"]["order"],
        "department.kind": doc["department"].get("kind", DepartmentKind.DIVISION),
        "plan.year": plan["year"],
        "plan.session.number": plan["session"]["number"],
        "plan.session.kind": plan["session"]["kind"],
        "plan.session.start_date": plan["session"]["start_date"],
        "plan.session.end_date": plan["session"]["end_date"],
        "plan.report_date": report.session.report_date,
        "plan.status": plan.get("status"),
        "plan.published_at": plan.get("published_at"),
        "format": doc.get("format"),
        "version": document_version(doc),
    }
    rows: list[tuple[str, Any, Kind]] = []
    for info in INFO_FIELDS:
        if info.repeated:
            rows += [(info.label, note, info.kind) for note in doc.get("notes", [])]
            continue
        value = values[info.key]
        if info.choices is not None and value is not None:
            value = str(info.choices(value).label)
        rows.append((info.label, value, info.kind))
    caption = (
        f"{report.plan.year}년 {report.department.name} 주요업무계획 통합문서 "
        f"({report.session.name})"
    )
    if draft:
        caption += " - 초안: 게시 전 자료입니다"
    return InfoSheet(caption, rows, GUIDE)


def _data_rows(doc: dict) -> dict[str, list[dict[str, Any]]]:
    """The document as rows of the data sheets, keyed by column key."""
    plan = doc["plan"]
    civic = doc.get("civic", {})
    grades = doc.get("grades", [])
    category_labels = {value: str(label) for value, label in GradeCategory.choices}
    grade_parts = {
        grade_label(category_labels[grade["category"]], grade["name"]): grade for grade in grades
    }
    rows: dict[str, list[dict[str, Any]]] = {sheet.title: [] for sheet in DATA_SHEETS}

    phones: dict[tuple[str, str], list[str]] = {}
    for order, team in enumerate(doc.get("teams", []), start=1):
        rows[TEAMS.title].append(
            {
                "order": order,
                "name": team["name"],
                "functions": team.get("functions"),
                "is_active": team.get("is_active", True),
            }
        )
        for officer in team.get("officers", []):
            phones.setdefault((team["name"], officer["name"]), []).append(officer["phone"])
            rows[OFFICERS.title].append(
                {**officer, "team": team["name"], "is_active": officer.get("is_active", True)}
            )
    for order, grade in enumerate(grades, start=1):
        rows[GRADES.title].append({"order": order, **grade})

    for group in doc.get("staffing", []):
        for count in group.get("counts", []):
            grade = grade_parts.get(count["grade"], {"category": None, "name": count["grade"]})
            rows[STAFFING.title].append(
                {
                    "year": group["year"],
                    "team": group["team"],
                    "category": grade["category"],
                    "grade_name": grade["name"],
                    "authorized": count.get("authorized"),
                    "current": count["current"],
                }
            )

    budget = doc.get("budget", {})
    for table in budget.get("lines", []):
        for order, line in enumerate(table.get("rows", []), start=1):
            rows[BUDGET.title].append(
                {
                    "fiscal_year": table["fiscal_year"],
                    "account": table["account"],
                    "stage": table["stage"],
                    "order": order,
                    "team": line.get("team"),
                    "heading": line.get("heading"),
                    "amount": line["amount"],
                }
            )
    rows[COUNTY_BUDGET.title] = [dict(item) for item in budget.get("county", [])]

    for group in doc.get("welfare_programs", []):
        for order, program in enumerate(group.get("programs", []), start=1):
            rows[WELFARE.title].append({"year": group["year"], "order": order, **program})

    for order, group in enumerate(plan.get("achievements", []), start=1):
        rows[ACHIEVEMENTS.title].append({"order": order, "title": group["title"]})
        for line, item in enumerate(group.get("items", []), start=1):
            program = item.get("welfare_program") or {}
            rows[ACHIEVEMENT_ITEMS.title].append(
                {
                    "group": order,
                    "order": line,
                    "election": item.get("election"),
                    "welfare_year": program.get("year"),
                    "welfare_name": program.get("name"),
                    "text": item.get("text"),
                }
            )

    for part in PolicyPart:
        for order, line in enumerate(_lines(plan.get(part.value)), start=1):
            rows[POLICY.title].append({"part": part.value, "order": order, "text": line})

    for card in plan.get("cards", []):
        code = card_code(card["section"], card["number"])
        rows[CARDS.title].append(
            {
                **{column.key: card.get(column.key) for column in CARDS.columns},
                "kinds": ", ".join(card.get("kinds", [])),
                "funding_unit": card.get("funding_unit") or DisplayUnit.MILLION,
            }
        )
        for order, fact in enumerate(card.get("facts", []), start=1):
            rows[FACTS.title].append({"card": code, "order": order, **fact})
        for order, item in enumerate(card.get("progress_items", []), start=1):
            rows[PROGRESS.title].append({"card": code, "order": order, **item})
        for order, item in enumerate(card.get("plan_items", []), start=1):
            rows[PLAN_ITEMS.title].append({"card": code, "order": order, **item})
        for order, row in enumerate(card.get("funding", []), start=1):
            periods = [row.get("prior_years"), row.get("current_year"), row.get("later_years")]
            rows[FUNDING.title].append(
                {"card": code, "order": order, **row, "total": figures.sum_values(periods)}
            )
        for order, contact in enumerate(card.get("contacts", []), start=1):
            known = phones.get((contact["team"], contact["name"]), [])
            phone = contact.get("phone") or (known[0] if len(known) == 1 else None)
            rows[CONTACTS.title].append({"card": code, "order": order, **contact, "phone": phone})

    for order, township in enumerate(civic.get("townships", []), start=1):
        rows[TOWNSHIPS.title].append({"order": order, **township})
    rows[COUNCILS.title] = [dict(item) for item in civic.get("resident_councils", [])]
    rows[POINTS.title] = [dict(item) for item in civic.get("participation_points", [])]
    fund = civic.get("hometown_love_fund")
    if fund:
        rows[FUND.title] = [{key: value for key, value in fund.items() if key != "donations"}]
        rows[DONATIONS.title] = [dict(item) for item in fund.get("donations", [])]
    promotion = civic.get("town_promotion", {})
    if promotion.get("rule"):
        rows[PROMOTION_RULE.title] = [dict(promotion["rule"])]
    rows[PROMOTION_STEPS.title] = [
        {"order": order, "name": name}
        for order, name in enumerate(promotion.get("steps", []), start=1)
    ]
    rows[PROMOTION_TARGETS.title] = [dict(item) for item in promotion.get("targets", [])]
    for group in promotion.get("housing_projects", []):
        for order, project in enumerate(group.get("projects", []), start=1):
            rows[HOUSING.title].append({"township": group["township"], "order": order, **project})
    for election in civic.get("elections", []):
        rows[ELECTIONS.title].append(
            {**election, "turnout": figures.turnout(election["voters"], election["electorate"])}
        )
    rows[VISITS.title] = [dict(item) for item in civic.get("field_visits", [])]
    return rows


def _cell_value(column: Column, value: Any) -> Any:
    """A document value as the cell shows it: Korean labels for codes, 예/아니오 for flags."""
    if value is None or value == "":
        return None
    if column.kind == Kind.CHOICE:
        labels = dict(column.choice_labels())
        return labels.get(value, value)
    if column.kind == Kind.BOOLEAN:
        return YES if value else NO
    if column.kind == Kind.TIME and isinstance(value, str):
        return datetime.time.fromisoformat(value)
    if column.kind == Kind.DATETIME and isinstance(value, datetime.datetime):
        return _naive_local(value)
    return value


def _naive_local(value: datetime.datetime) -> datetime.datetime | str:
    """Excel has no time zones: the local (Korean) wall time. A time finer than a second, which
    Excel's day fractions cannot hold exactly, is written as text so it reads back the same."""
    if timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    if value.microsecond:
        return value.isoformat(sep=" ")
    return value


def _data_table(sheet: Sheet, rows: list[dict[str, Any]]) -> Table:
    return Table(
        sheet.title,
        sheet.caption,
        list(sheet.columns),
        [[_cell_value(column, row.get(column.key)) for column in sheet.columns] for row in rows],
        formats={
            index: PERCENT_FORMAT
            for index, column in enumerate(sheet.columns)
            if column.computed and column.kind == Kind.DECIMAL
        },
    )


def _staffing_view(report: PlanReport) -> Table:
    staffing = report.staffing
    columns = [Column("구분", "label"), Column("계", "total", Kind.COUNT)]
    for column in staffing.columns:
        category = GradeCategory(column.category)
        if category in CATEGORIES_BROKEN_DOWN:
            header = f"{category.label} {column.label}"
        elif category == GradeCategory.SUPERNUMERARY:
            header = "정원외 인력"
        else:
            header = str(column.label)
        columns.append(Column(header, column.label, Kind.COUNT))
    rows = [["합계", staffing.total.total, *staffing.total.cells]]
    rows += [
        [row.label, row.total, *(value or None for value in row.cells)] for row in staffing.rows
    ]
    notes = [
        f"기구: {report.org_summary}",
        f"인력: 정원 {figures.format_number(staffing.authorized)}명 / "
        f"현원 {figures.format_number(staffing.current)}명"
        + (
            f"(정원외 {figures.format_number(staffing.supernumerary)}명)"
            if staffing.supernumerary
            else ""
        ),
    ]
    if staffing.supernumerary:
        breakdown = ", ".join(
            f"{name} {count}명" for name, count in staffing.supernumerary_breakdown
        )
        notes.append(f"※ 정원외 인력: {staffing.supernumerary}명({breakdown})")
    return Table(
        STAFFING_VIEW_TITLE,
        f"{staffing.year}년 팀별·직급별 인력 현황 (단위: 명) - 자동 계산 표(읽기 전용): "
        f"고치려면 '{STAFFING.title}' 시트를 고치십시오",
        columns,
        rows,
        view=True,
        bold_rows={0},
        notes=notes,
    )


def _budget_view(report: PlanReport) -> Table:
    budget = report.budget
    columns = [
        Column("구분", "label"),
        Column(f"{budget.year}년 {budget.stage_label}", "current", Kind.COUNT),
        Column(f"{budget.previous_year}년 {budget.stage_label}", "previous", Kind.COUNT),
        Column("증감", "change", Kind.COUNT),
        Column("증감률(%)", "rate", Kind.DECIMAL),
        Column("증감(%)", "printed"),
    ]

    def row(item) -> list[Any]:
        change = item.change
        return [
            item.label,
            item.current,
            item.previous,
            change.amount if change else None,
            change.rate if change else None,
            change.format() if change else None,
        ]

    notes = []
    total_text = (
        f"{budget.account_label}: {figures.format_number(budget.total.current)}{budget.unit}"
    )
    if budget.county_share is not None:
        total_text += f"(군 예산의 {figures.format_percent(budget.county_share)})"
    notes.append(total_text)
    return Table(
        BUDGET_VIEW_TITLE,
        f"{budget.year}년과 {budget.previous_year}년 팀별 예산 비교 {budget.caption} - "
        f"{budget.account_label} {budget.stage_label}. 자동 계산 표(읽기 전용): "
        f"고치려면 '{BUDGET.title}' 시트를 고치십시오",
        columns,
        [row(budget.total), *(row(item) for item in budget.rows)],
        view=True,
        formats={3: CHANGE_FORMAT, 4: RATE_FORMAT},
        bold_rows={0},
        notes=notes,
    )


@dataclass
class WorkbookContent:
    info: InfoSheet
    tables: list[Table]

    def version(self) -> str:
        """A digest of everything the workbook shows, as the PDF's content version."""
        payload = json.dumps(
            [LAYOUT_VERSION, self.info.digest_data(), [t.digest_data() for t in self.tables]],
            default=str,
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:32]


def workbook_content(
    report: PlanReport, *, document: dict[str, Any], draft: bool
) -> WorkbookContent:
    """What the workbook shows, sheet by sheet (no styling yet): the data sheets are
    ``document`` (the working copy's dump, or a published version's frozen document, never the
    plan rows of now for a version), the view sheets ``report``'s tables."""
    with translation.override("ko"):
        doc = document
        rows = _data_rows(doc)
        tables = {sheet.title: _data_table(sheet, rows[sheet.title]) for sheet in DATA_SHEETS}
        tables[STAFFING_VIEW_TITLE] = _staffing_view(report)
        tables[BUDGET_VIEW_TITLE] = _budget_view(report)
        info = _info_sheet(doc, report, draft=draft)
    return WorkbookContent(info, [tables[title] for title in SHEET_ORDER if title != INFO_TITLE])


# ---------------------------------------------------------------------------------------------
# Writing


def text_width(value: Any) -> int:
    """How wide ``value`` shows in a column, in Excel's character widths (Hangul counts two)."""
    if value is None:
        return 0
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        text = f"{value:,}"
    elif isinstance(value, datetime.datetime):
        text = "2023-02-16 09:00"
    elif isinstance(value, datetime.date):
        text = "2023-02-16"
    else:
        text = str(value)
    return max(
        (
            sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
            for line in text.split("\n")
        ),
        default=0,
    )


def _number_format(table: Table, index: int, column: Column) -> str:
    if index in table.formats:
        return table.formats[index]
    return NUMBER_FORMATS.get(column.kind, TEXT_FORMAT)


def _write_table(ws, table: Table) -> None:
    ws.cell(CAPTION_ROW, 1, safe_cell(table.caption)).font = CAPTION_FONT
    for index, column in enumerate(table.columns, start=1):
        cell = ws.cell(HEADER_ROW, index, safe_cell(column.header))
        cell.font = HEADER_FONT
        cell.fill = COMPUTED_HEADER_FILL if column.computed else HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for offset, values in enumerate(table.rows):
        row_number = FIRST_DATA_ROW + offset
        for index, (column, value) in enumerate(zip(table.columns, values, strict=True), start=1):
            cell = ws.cell(row_number, index, safe_cell(value))
            cell.number_format = _number_format(table, index - 1, column)
            cell.border = BORDER
            wrap = column.kind == Kind.LONG_TEXT or (
                isinstance(value, str) and text_width(value) > MAX_WIDTH
            )
            cell.alignment = Alignment(vertical="top", wrap_text=wrap)
            if column.computed:
                cell.fill = COMPUTED_FILL
            if offset in table.bold_rows:
                cell.font = HEADER_FONT
    note_row = FIRST_DATA_ROW + len(table.rows) + 1
    for number, note in enumerate(table.notes):
        ws.cell(note_row + number, 1, safe_cell(note)).font = NOTE_FONT

    last_column = get_column_letter(len(table.columns))
    last_row = HEADER_ROW + max(len(table.rows), 1)
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        widths = [text_width(column.header)] + [text_width(row[index - 1]) for row in table.rows]
        ws.column_dimensions[letter].width = min(max(max(widths) + 2, MIN_WIDTH), MAX_WIDTH)
        if not table.view:
            # Rows typed below the data keep the column's kind (text stays text).
            ws.column_dimensions[letter].number_format = _number_format(table, index - 1, column)
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 2 if table.view else 1)
    ws.print_title_rows = f"{CAPTION_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if table.view:
        ws.sheet_properties.tabColor = VIEW_TAB
        ws.protection.sheet = True  # read-only in Excel; no password, it only prevents slips
        return
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{last_row}"
    _add_drop_downs(ws, table)


def _add_drop_downs(ws, table: Table) -> None:
    end = FIRST_DATA_ROW + len(table.rows) + VALIDATION_ROWS
    for index, column in enumerate(table.columns, start=1):
        if column.kind == Kind.CHOICE:
            options = [label for value, label in column.choice_labels() if value != ""]
        elif column.kind == Kind.BOOLEAN:
            options = [YES, NO]
        else:
            continue
        validation = DataValidation(
            type="list",
            formula1='"{}"'.format(",".join(options)),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=column.header,
            error=f"다음 중 하나를 고르십시오: {', '.join(options)}",
        )
        letter = get_column_letter(index)
        validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{end}")
        ws.add_data_validation(validation)


def _write_info(ws, info: InfoSheet) -> None:
    ws.sheet_properties.tabColor = INFO_TAB
    ws.cell(CAPTION_ROW, 1, safe_cell(info.caption)).font = CAPTION_FONT
    for index, header in enumerate(INFO_HEADERS, start=1):
        cell = ws.cell(HEADER_ROW, index, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center")
    for offset, (label, value, kind) in enumerate(info.rows):
        row = FIRST_DATA_ROW + offset
        ws.cell(row, 1, safe_cell(label)).border = BORDER
        if kind == Kind.DATETIME and isinstance(value, datetime.datetime):
            value = _naive_local(value)
        cell = ws.cell(row, 2, safe_cell(value))
        cell.number_format = NUMBER_FORMATS.get(kind, TEXT_FORMAT)
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
    guide_row = FIRST_DATA_ROW + len(info.rows) + 1  # one blank row ends the table
    for offset, line in enumerate(info.guide):
        cell = ws.cell(guide_row + offset, 1, safe_cell(line))
        cell.font = HEADER_FONT if not line.startswith("·") else NOTE_FONT
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 100
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)


def render_workbook(content: WorkbookContent) -> bytes:
    """The .xlsx bytes of ``content``."""
    workbook = Workbook()
    info_sheet = workbook.active
    info_sheet.title = INFO_TITLE
    _write_info(info_sheet, content.info)
    for table in content.tables:
        _write_table(workbook.create_sheet(table.title), table)
    workbook.properties.creator = "업무계획 포털"
    workbook.properties.title = content.info.caption
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plan_workbook(plan) -> bytes:
    """The working copy of ``plan`` as one .xlsx, built now: every table of the plan on its own
    sheet (see the module doc). The command line and the tests use this."""
    report = plan_report(plan)
    content = workbook_content(
        report, document=dump_plan_document(plan), draft=not report.is_published
    )
    return render_workbook(content)


def report_xlsx(report: PlanReport, *, document: dict[str, Any], draft: bool) -> tuple[bytes, str]:
    """The workbook and its content version, built once per version and kept in the reports
    cache, as the PDF is."""
    content = workbook_content(report, document=document, draft=draft)
    version = content.version()
    return kept(f"report-xlsx:{version}", lambda: render_workbook(content)), version
