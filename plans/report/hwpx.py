"""The session report in 한글 (HWPX, OWPML), from the same report context and outline tree as
the plan page and the PDF, in the PDF's order: cover, 목차, I 일반현황 … V 특수시책, each
chapter and task card from a new page, every table with its merged header cells.

A department files and exchanges its reports in 한글, so the file is made to be worked on there:
the □ ○ - · ※ hierarchy is a set of paragraph styles (개조식 □, 개조식 ○ …) with hanging
indents, chapter and card titles are the outline styles 개요 1 and 개요 2 (without 한글's
automatic numbers: the titles carry their own), and the 목차 is 한글's own table-of-contents
field, marked to be rebuilt with real page numbers when 한글 opens the file. Fonts are named as
public documents name them (HY헤드라인M for titles, 함초롬바탕 for the text, 맑은 고딕 in
tables, 함초롬돋움 for the running header and footer); 한글 installs the 함초롬 and HY fonts,
Windows has 맑은 고딕, and 함초롬돋움 stands in for a missing one.

The work is in two steps. :func:`report_layout` walks the report context and the outline trees
and returns plain records (:class:`Para`, :class:`Table`), the whole file as data; its digest is
the file's content version, so a cached file is reused until something printed changes.
:func:`render_layout` lays those records out with python-hwpx: the header part (fonts,
character and paragraph shapes, styles, borders) through its definition helpers, the body as
OWPML elements, the running header, footer, page numbers, 목차 and document properties
through its page and table-of-contents tools; its save checks the package as 한글 needs it.

Lines that the portal writes from records rather than from typed text (an election's turnout,
a welfare program's totals) have a style of their own, 개조식 ○ 자료, so that a reader of the
file, the portal's own import among them, can tell them from prose of the same shape.

Nothing here computes a figure: the report context did (plans.rules.figures)."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import math
import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import cache

from lxml import etree

from plans.report.context import PlanReport
from plans.report.filecache import kept
from plans.rules import figures
from plans.rules.outline import DEFAULT_SYMBOLS, OutlineNode, symbol_for

#: What a download names its type; 한글 registers the same for .hwpx.
CONTENT_TYPE = "application/hwp+zip"
#: Part of the content version: bump it when the layout below changes, so that no cached file
#: of an older layout is served.
LAYOUT_VERSION = "1"

HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"

# ---------------------------------------------------------------------------------------------
# Page and type, in HWPUNIT (1/7200 inch: 1 pt = 100, 1 mm ≈ 283.46)

MM = 7200 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 59528, 84186  # A4
MARGINS = {
    "left": round(20 * MM),
    "right": round(20 * MM),
    "top": round(20 * MM),
    "bottom": round(15 * MM),
    "header": round(10 * MM),
    "footer": round(10 * MM),
}
TEXT_WIDTH = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]

#: Fonts by role. 한글 installs the 함초롬 and HY fonts and Windows has 맑은 고딕; the
#: substitute is what 한글 uses where one is missing.
TITLE_FONT = "HY헤드라인M"
BODY_FONT = "함초롬바탕"
TABLE_FONT = "맑은 고딕"
RUNNING_FONT = "함초롬돋움"
SUBSTITUTES = {TITLE_FONT: "함초롬돋움", TABLE_FONT: "함초롬돋움"}

#: How far each outline level starts right of the one above it (a level's symbol sits under the
#: text of the line above: "○ " of the 13 pt text is 1.5 em), and where a level-0 line (○)
#: starts: one em in, under a □ heading at the margin.
OUTLINE_STEP = 1950
OUTLINE_START = 1300
#: The width of a space after a bullet symbol, and of the symbols, in em of the line's text:
#: wrapped lines hang under the text after "symbol + space", as in the printed report.
SPACE_EM = 0.5
NARROW_SYMBOLS = {"-": 0.5, "·": 0.5, "*": 0.5, "**": 1.0, "***": 1.5}


def symbol_em(symbol: str) -> float:
    return NARROW_SYMBOLS.get(symbol, 1.0) + SPACE_EM


# ---------------------------------------------------------------------------------------------
# Styles: (name, English name, font, size pt, bold, alignment, space before pt, after pt)


@dataclass(frozen=True)
class StyleSpec:
    name: str
    eng_name: str
    font: str
    size: float
    bold: bool = False
    align: str = "JUSTIFY"
    before: float = 0
    after: float = 0
    line_spacing: int = 160
    outline_level: int | None = None  # 1: 개요 1 (chapters), 2: 개요 2 (cards); 3 in a booklet
    letter_spacing: int | None = None


STYLES = {
    spec.name: spec
    for spec in (
        StyleSpec("표지 국", "Cover Bureau", BODY_FONT, 16, align="CENTER", before=150, after=20),
        StyleSpec("표지 회기", "Cover Session", TITLE_FONT, 20, align="CENTER", letter_spacing=30),
        StyleSpec("표지 일자", "Cover Dates", BODY_FONT, 13, align="CENTER", after=110),
        StyleSpec("표지 과", "Cover Department", TITLE_FONT, 30, align="CENTER"),
        StyleSpec("표지 제목", "Cover Title", BODY_FONT, 14, align="CENTER", before=15),
        StyleSpec("차례 제목", "TOC Heading", TITLE_FONT, 18, align="CENTER", after=20),
        StyleSpec("개요 1", "Outline 1", TITLE_FONT, 20, after=14, outline_level=1),
        StyleSpec("개요 2", "Outline 2", TITLE_FONT, 16, before=4, after=8, outline_level=2),
        StyleSpec("사업구분", "Card Kinds", BODY_FONT, 10),
        StyleSpec("소제목", "Subsection", TITLE_FONT, 15, before=10, after=4),
        StyleSpec("개조식 □", "Bullet Heading", BODY_FONT, 14, bold=True, before=8, after=2),
        StyleSpec("개조식 ○", "Bullet 1", BODY_FONT, 13, before=3),
        StyleSpec("개조식 ○ 자료", "Bullet 1 Record", BODY_FONT, 13, before=3),
        StyleSpec("개조식 -", "Bullet 2", BODY_FONT, 13, before=1),
        StyleSpec("개조식 ·", "Bullet 3", BODY_FONT, 12),
        StyleSpec("개조식 ※", "Bullet Note", BODY_FONT, 11),
        StyleSpec("강조 문단", "Emphasis", BODY_FONT, 13, bold=True, before=6, after=2),
        StyleSpec("표 제목", "Table Caption", TABLE_FONT, 10, bold=True, before=6, after=2),
        StyleSpec("표 내용", "Table Text", TABLE_FONT, 10, line_spacing=130),
    )
}

#: The outline style of a line by the symbol it prints (the marker typed, or ○/-/· by depth).
OUTLINE_STYLES = {
    "□": "개조식 □",
    "▣": "개조식 □",
    "○": "개조식 ○",
    "-": "개조식 -",
    "·": "개조식 ·",
    "※": "개조식 ※",
    "*": "개조식 ※",
    "**": "개조식 ※",
    "***": "개조식 ※",
}
RECORD_STYLE = "개조식 ○ 자료"
#: Under a chapter of the form with nothing in it (plans.report.context.PlanReport).
NONE_TEXT = "해당 없음"


# ---------------------------------------------------------------------------------------------
# The file as plain records


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Para:
    """One paragraph: its style, its text in runs, where its first line starts (``start``, in
    HWPUNIT from the margin) and how far wrapped lines hang under it (``hang``), and the text
    after a right tab (a schedule at the end of the line)."""

    style: str
    runs: tuple[Run, ...]
    start: int = 0
    hang: int = 0
    page_break: bool = False
    keep_with_next: bool = False
    tail: str = ""

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    #: head (header row: shaded, centred, bold), label (row header), num (right), total
    #: (a 계 row's figure), text (left) or center.
    kind: str = "text"


@dataclass(frozen=True)
class Table:
    rows: int
    cols: int
    widths: tuple[int, ...]  # relative column widths
    cells: tuple[Cell, ...]
    header_rows: int = 0


@dataclass(frozen=True)
class Contents:
    """한글's table-of-contents field, from a new page, under its title."""

    title: str = "목 차"


@dataclass(frozen=True)
class Section:
    """A run of blocks under one running head: a 한글 구역, which starts on a new page and
    has its own header (a booklet's departments each have one)."""

    blocks: tuple[Para | Table | Contents, ...]
    running_head: str


@dataclass(frozen=True)
class Layout:
    """Everything the file holds, in order, and its document properties."""

    blocks: tuple[Para | Table | Contents, ...]
    title: str
    author: str
    subject: str
    keywords: str
    running_head: str
    created: str  # ISO 8601, as 한글 writes it

    def version(self) -> str:
        """A digest of the file's content and of the code that lays it out."""
        digest = hashlib.sha256()
        digest.update(LAYOUT_VERSION.encode())
        digest.update(_library_version().encode())
        payload = json.dumps(_plain(self), ensure_ascii=False, sort_keys=True)
        digest.update(payload.encode())
        return digest.hexdigest()[:32]


def _plain(layout: Layout) -> dict:
    data = asdict(layout)
    data["blocks"] = [{"type": type(block).__name__, **asdict(block)} for block in layout.blocks]
    return data


@cache
def _library_version() -> str:
    return importlib.metadata.version("python-hwpx")


# ---------------------------------------------------------------------------------------------
# The report as records, in the order of templates/plans/report/document.html


def para(style: str, text: str, **options) -> Para:
    return Para(style, (Run(text),), **options)


def _outline_start(depth: int) -> int:
    """Where a line of ``depth`` starts; depth -1 is the margin (□ headings above level 0)."""
    return 0 if depth < 0 else OUTLINE_START + depth * OUTLINE_STEP


def _bullet(
    symbol: str, text: str, *, depth: int, style: str | None = None, tail: str = "", **options
) -> Para:
    """An outline line: "symbol text", starting at its depth, wrapped lines hanging under the
    text."""
    style = style or OUTLINE_STYLES.get(symbol) or OUTLINE_STYLES[_depth_symbol(depth)]
    size = STYLES[style].size
    return Para(
        style,
        (Run(f"{symbol} {text}" if symbol else text),),
        start=_outline_start(depth),
        hang=round(symbol_em(symbol) * size * 100) if symbol else 0,
        tail=tail,
        **options,
    )


def _depth_symbol(depth: int) -> str:
    return DEFAULT_SYMBOLS[max(0, min(depth, len(DEFAULT_SYMBOLS) - 1))]


def _outline(nodes: list[OutlineNode], *, depth: int, style: str | None = None) -> list[Para]:
    """Each node with the symbol the page prints at ``depth`` (plans/includes/outline.html),
    then its children one level down."""
    paras: list[Para] = []
    for node in nodes:
        symbol = symbol_for(node, depth)
        paras.append(_bullet(symbol, node.text, depth=depth, style=style))
        paras += _outline(node.children, depth=depth + 1)
    return paras


def _heading(text: str, **options) -> Para:
    """A □ heading at the margin (a chapter II group, a card's section)."""
    return _bullet("□", text, depth=-1, style="개조식 □", keep_with_next=True, **options)


def _caption(title: str, unit: str = "") -> Para:
    return Para("표 제목", (Run(title),), keep_with_next=True, tail=unit)


def report_layout(report: PlanReport, *, draft: bool) -> Layout:
    """The whole file as records. Reads the report only through the attributes the report
    templates read, so the same code serves a live plan and a frozen version."""
    year = report.plan.year
    session = str(report.session)
    dates = figures.format_date_range(
        report.session.start_date, report.session.end_date, weekday=False
    )
    department = report.department.name
    # A department directly under the county (기획감사실) has no 국 line on its cover.
    cover_bureau = [para("표지 국", report.bureau.name)] if report.bureau else []
    blocks: list[Para | Table | Contents] = [
        *cover_bureau,
        para("표지 회기", session),
        para("표지 일자", dates),
        para("표지 일자", f"보고일 {figures.format_date(report.session.report_date)}"),
        para("표지 과", department),
        para("표지 제목", f"{year}년 주요업무계획"),
        Contents(),
    ]
    blocks += _general_status(report)
    blocks += _achievements(report)
    blocks += _policy(report)
    # An empty chapter says 해당 없음 and the next follows on its page (PlanReport, report.css).
    blocks.append(para("개요 1", f"IV. {year}년 주요업무계획", page_break=report.has_policy))
    for index, view in enumerate(report.main_cards):
        blocks += _card(view, first=index == 0)
    if not report.main_cards:
        blocks.append(para("강조 문단", NONE_TEXT))
    if report.special_cards:
        blocks.append(para("개요 1", "V. 특수시책", page_break=bool(report.main_cards)))
        for index, view in enumerate(report.special_cards):
            blocks += _card(view, first=index == 0)
    title = f"{year}년 {department} 주요업무계획"
    organization = report.organization.name
    return Layout(
        blocks=tuple(blocks),
        title=title,
        author=" ".join(
            [organization, *([report.bureau.name] if report.bureau else []), department]
        ),
        subject=f"{organization}의회 {session} ({dates}) 업무보고",
        keywords=f"주요업무계획, {department}, {session}, {year}",
        running_head=f"{department} (초안)" if draft else department,
        created=f"{report.session.start_date.isoformat()}T00:00:00Z",
    )


def _general_status(report: PlanReport) -> list[Para | Table]:
    staffing, budget = report.staffing, report.budget
    headcount = (
        f"인 력: 정원 {figures.format_number(staffing.authorized)}명 / "
        f"현원 {figures.format_number(staffing.current)}명"
    )
    if staffing.supernumerary:
        headcount += f"(정원외 {figures.format_number(staffing.supernumerary)}명)"
    blocks: list[Para | Table] = [
        para("개요 1", "I. 일반현황", page_break=True),
        para("소제목", "1. 기구 및 인력", keep_with_next=True),
        _heading(f"기 구: {report.org_summary}"),
        _heading(headcount),
        _caption(f"팀별·직급별 인력 현황 ({staffing.year}년, 단위: 명)"),
        staffing_table(staffing),
    ]
    if staffing.supernumerary:
        parts = ", ".join(f"{name} {count}명" for name, count in staffing.supernumerary_breakdown)
        blocks.append(_bullet("※", f"정원외 인력: {staffing.supernumerary}명({parts})", depth=-1))
    blocks.append(para("소제목", "2. 주요기능", keep_with_next=True))
    blocks.append(functions_table(report.teams))
    blocks.append(para("소제목", "3. 예산규모", keep_with_next=True))
    headline = f"{budget.account_label}: {figures.format_number(budget.total.current)}{budget.unit}"
    if budget.county_share is not None:
        headline += f"(군 예산의 {figures.format_percent(budget.county_share)})"
    blocks.append(para("강조 문단", headline, keep_with_next=True))
    blocks.append(
        _caption(f"팀별 예산 {budget.year}년과 {budget.previous_year}년 비교", budget.caption)
    )
    blocks.append(budget_table(budget))
    return blocks


def staffing_table(staffing) -> Table:
    """구 분 | 계 | 정무직 | 일반직 (소계, 4급 … 9급) | 별정직 | 연구직 | 정원외 인력: the
    categories broken down by grade span their grades, the others span both header rows. With
    no category broken down (a department without grades) the header is one row: 한글 refuses
    a table with a row of no cells of its own."""
    head = 2 if staffing.header_bottom else 1
    cells = [
        Cell(0, 0, "구 분", rowspan=head, kind="head"),
        Cell(0, 1, "계", rowspan=head, kind="head"),
    ]
    column = 2
    for top in staffing.header_top:
        span = min(top.rowspan, head)
        cells.append(Cell(0, column, top.label, rowspan=span, colspan=top.colspan, kind="head"))
        column += top.colspan
    cols = column
    bottom_columns = [
        index
        for index, top in enumerate(_expanded(staffing.header_top), start=2)
        if top.rowspan == 1
    ]
    for cell, column in zip(staffing.header_bottom, bottom_columns, strict=True):
        cells.append(Cell(1, column, cell.label, kind="head"))
    rows = [(staffing.total, "total"), *((row, "num") for row in staffing.rows)]
    for number, (row, kind) in enumerate(rows, start=head):
        label = "합 계" if kind == "total" else row.label
        cells.append(Cell(number, 0, label, kind="total" if kind == "total" else "label"))
        cells.append(Cell(number, 1, figures.format_number(row.total), kind=kind))
        for index, value in enumerate(row.cells, start=2):
            text = figures.format_number(value) if value else ""
            cells.append(Cell(number, index, text, kind=kind))
    widths = (20, 9, *([8] * (cols - 2)))
    return Table(
        rows=head + len(rows), cols=cols, widths=widths, cells=tuple(cells), header_rows=head
    )


def _expanded(header_top):
    """The first header row cell over each column it spans."""
    for cell in header_top:
        yield from [cell] * cell.colspan


def functions_table(teams) -> Table:
    cells = []
    for number, team in enumerate(teams):
        cells.append(Cell(number, 0, team.name, kind="label"))
        cells.append(Cell(number, 1, f"❖ {team.functions}" if team.functions else ""))
    return Table(rows=max(1, len(teams)), cols=2, widths=(22, 78), cells=tuple(cells))


def budget_table(budget) -> Table:
    stage = budget.stage_label
    cells = [
        Cell(0, 0, "구분", kind="head"),
        Cell(0, 1, f"{budget.year}년 {stage}", kind="head"),
        Cell(0, 2, f"{budget.previous_year}년 {stage}", kind="head"),
        Cell(0, 3, "증감(%)", kind="head"),
    ]
    rows = [(budget.total, "total"), *((row, "num") for row in budget.rows)]
    for number, (row, kind) in enumerate(rows, start=1):
        cells += [
            Cell(number, 0, row.label, kind="total" if kind == "total" else "label"),
            Cell(number, 1, figures.format_number(row.current), kind=kind),
            Cell(number, 2, figures.format_number(row.previous), kind=kind),
            Cell(number, 3, str(row.change), kind=kind),
        ]
    return Table(
        rows=1 + len(rows), cols=4, widths=(28, 24, 24, 24), cells=tuple(cells), header_rows=1
    )


def _achievements(report: PlanReport) -> list[Para]:
    blocks = [para("개요 1", f"II. {report.plan.year - 1}년 주요성과", page_break=True)]
    if not report.has_achievements:
        blocks.append(para("강조 문단", NONE_TEXT))
    for section in report.achievements:
        blocks.append(_heading(section.title))
        blocks += _achievement_nodes(section.nodes)
    return blocks


def _achievement_nodes(nodes: list[OutlineNode]) -> list[Para]:
    """Chapter II's lines. A line the context made from a record (an election, a welfare
    program: it has no line number in typed text) has the record style, and so do the lines
    it made under it; typed lines under it keep the usual styles."""
    paras: list[Para] = []
    for node in nodes:
        if node.line is None:
            paras += _record_lines(node, depth=0)
        else:
            paras += _outline([node], depth=0)
    return paras


def _record_lines(node: OutlineNode, *, depth: int) -> list[Para]:
    symbol = symbol_for(node, depth)
    paras = [_bullet(symbol, node.text, depth=depth, style=RECORD_STYLE)]
    for child in node.children:
        if child.line is None:
            paras += _record_lines(child, depth=depth + 1)
        else:
            paras += _outline([child], depth=depth + 1)
    return paras


def _policy(report: PlanReport) -> list[Para | Table]:
    year = report.plan.year
    blocks: list[Para | Table] = [
        para("개요 1", f"III. {year}년 정책방향", page_break=report.has_achievements)
    ]
    if report.plan.policy_goal:
        blocks.append(
            Table(
                rows=2,
                cols=1,
                widths=(1,),
                cells=(
                    Cell(0, 0, "정책목표", kind="head"),
                    Cell(1, 0, report.plan.policy_goal, kind="goal"),
                ),
            )
        )
    if report.directions:
        blocks.append(para("소제목", "추진방향", keep_with_next=True))
        blocks += _outline(report.directions, depth=0)
    if report.key_tasks:
        blocks.append(para("소제목", "역점과제", keep_with_next=True))
        blocks += [_bullet(number, text, depth=0) for number, text in report.key_tasks]
    if not report.has_policy:
        blocks.append(para("강조 문단", NONE_TEXT))
    return blocks


def _schedule_tail(target: str, schedule: str) -> str:
    return ", ".join(part for part in (target, schedule) if part)


def _card(view, *, first: bool) -> list[Para | Table]:
    """A task card as plans/includes/card.html prints it; every card but a chapter's first
    starts a new page (the first follows its chapter title)."""
    card = view.card
    blocks: list[Para | Table] = []
    if view.kinds:
        kinds = ", ".join(str(kind) for kind in view.kinds)
        blocks.append(
            Para(
                "사업구분",
                (Run("사업구분", bold=True), Run(f" {kinds}")),
                page_break=not first,
                keep_with_next=True,
            )
        )
    blocks.append(
        para("개요 2", f"{card.number}. {card.title}", page_break=not first and not view.kinds)
    )
    blocks += _outline(view.overview, depth=0)
    if view.facts:
        if card.facts_title:
            blocks.append(_heading(card.facts_title))
        for fact in view.facts:
            if fact.label:
                runs = [Run(f"○ {fact.label}", bold=True)]
                if fact.inline:
                    runs.append(Run(f": {fact.inline}"))
                size = STYLES["개조식 ○"].size
                blocks.append(
                    Para(
                        "개조식 ○",
                        tuple(runs),
                        start=_outline_start(0),
                        hang=round(symbol_em("○") * size * 100),
                    )
                )
                blocks += _outline(fact.children, depth=1)
            else:
                blocks += _outline(fact.children, depth=0)
    if view.policies:
        blocks.append(_heading("추진방침"))
        blocks += _outline(view.policies, depth=0)
    if view.progress:
        blocks.append(_heading("추진상황"))
        for item in view.progress:
            blocks.append(_bullet("○", item.text, depth=0, tail=item.schedule or ""))
    if view.funding:
        blocks.append(para("강조 문단", f"<소요예산>: {view.funding_total_text}"))
        blocks.append(_caption(f"{card.title} 소요예산", view.funding.caption))
        blocks.append(funding_table(view.funding))
    if view.plan_items:
        blocks.append(_heading("추진계획"))
        for entry in view.plan_items:
            item = entry.item
            tail = _schedule_tail(item.target or "", item.schedule or "")
            blocks.append(_bullet("○", item.text, depth=0, tail=tail))
            blocks += _outline(entry.details, depth=1)
            if entry.housing:
                blocks.append(_bullet("▣", "공동주택건설 주요사업", depth=1, style="개조식 -"))
                for township, lines in entry.housing:
                    blocks.append(_bullet("", f"<{township}>", depth=1, style="개조식 -"))
                    blocks += [
                        _bullet("▶", f"{category}: {names}", depth=2, style="개조식 ·")
                        for category, names in lines
                    ]
            if entry.steps:
                blocks.append(steps_table(entry.steps))
    if view.effects:
        blocks.append(_heading("기대효과"))
        blocks += _outline(view.effects, depth=0)
    blocks.append(contact_table(view))
    return blocks


def funding_table(funding) -> Table:
    cells = [Cell(0, 0, "구 분", kind="head"), Cell(0, 1, "계", kind="head")]
    cells += [
        Cell(0, index, label, kind="head")
        for index, label in enumerate(funding.period_labels, start=2)
    ]
    cells.append(Cell(0, 5, "비고", kind="head"))
    rows = []
    if funding.shows_total_row:
        rows.append((funding.total, "total", "계"))
    rows += [(row, "num", _spaced(row.label)) for row in funding.rows]
    for number, (row, kind, label) in enumerate(rows, start=1):
        cells.append(Cell(number, 0, label, kind="total" if kind == "total" else "label"))
        cells.append(Cell(number, 1, figures.format_number(row.total), kind=kind))
        cells += [
            Cell(number, index, figures.format_number(value), kind=kind)
            for index, value in enumerate(row.periods, start=2)
        ]
        cells.append(Cell(number, 5, row.remark if kind != "total" else ""))
    return Table(
        rows=1 + len(rows),
        cols=6,
        widths=(14, 15, 18, 15, 18, 20),
        cells=tuple(cells),
        header_rows=1,
    )


def _spaced(label: str) -> str:
    """군 비, 기 타: two-character labels spread as the report prints them."""
    return " ".join(label) if len(label) == 2 else label


def steps_table(steps: list[str]) -> Table:
    """The 읍 승격 절차: one row, a box per step, in order."""
    cells = tuple(Cell(0, index, step, kind="center") for index, step in enumerate(steps))
    return Table(rows=1, cols=len(steps), widths=tuple([1] * len(steps)), cells=cells)


def contact_table(view) -> Table:
    """부서/팀 | 과/ 팀 | 담당자 | 직급 성명 | 전화번호 | 번호, a row per officer; the labels
    and the team span every officer's row."""
    card = view.card
    team = f"{card.department_name}/ {card.team_name}"
    officers = list(view.contacts)
    if not officers:
        return Table(
            rows=1,
            cols=2,
            widths=(16, 84),
            cells=(Cell(0, 0, "부서/팀", kind="head"), Cell(0, 1, team)),
        )
    span = len(officers)
    cells = [
        Cell(0, 0, "부서/팀", rowspan=span, kind="head"),
        Cell(0, 1, team, rowspan=span, kind="center"),
        Cell(0, 2, "담당자", rowspan=span, kind="head"),
        Cell(0, 4, "전화번호", rowspan=span, kind="head"),
    ]
    for number, officer in enumerate(officers):
        cells.append(Cell(number, 3, f"{officer.position} {officer.name}", kind="center"))
        cells.append(Cell(number, 5, officer.phone, kind="center"))
    return Table(
        rows=span,
        cols=6,
        widths=(12, 24, 12, 22, 13, 17),
        cells=tuple(sorted(cells, key=lambda cell: (cell.row, cell.col))),
    )


# ---------------------------------------------------------------------------------------------
# Laying the records out with python-hwpx


class _Shapes:
    """The header part's definitions the body refers to, made once per file: character and
    paragraph shapes, styles and cell borders, by what they look like."""

    def __init__(self, document, specs: dict[str, StyleSpec]) -> None:
        self.document = document
        self.specs = specs  # by the name the records use (Para.style)
        self.header = document.oxml.headers[0]
        for face in (TITLE_FONT, BODY_FONT, TABLE_FONT, RUNNING_FONT):
            document.styles.ensure_font(face, subst_face=SUBSTITUTES.get(face))
        self._chars: dict[tuple, str] = {}
        self._paras: dict[tuple, str] = {}
        self.styles: dict[str, str] = {}
        for name, spec in specs.items():
            self.styles[name] = self._define_style(spec)
        self.borders = {
            "plain": document.styles.ensure_border_fill(border_color="#000000"),
            "head": document.styles.ensure_border_fill(
                border_color="#000000", fill_color="#E7E6E6"
            ),
            "total": document.styles.ensure_border_fill(
                border_color="#000000", fill_color="#F2F2F2"
            ),
            "goal": document.styles.ensure_border_fill(
                border_color="#000000", border_width="0.4 mm"
            ),
        }
        self.table_border = self.borders["plain"]

    def char(self, font: str, size: float, *, bold: bool = False, spacing: int | None = None):
        key = (font, size, bold, spacing)
        if key not in self._chars:
            self._chars[key] = self.document.styles.ensure_run(
                font=font, size=size, bold=bold, letter_spacing=spacing
            )
        return self._chars[key]

    def para(
        self,
        spec: StyleSpec,
        *,
        start: int = 0,
        hang: int = 0,
        align: str | None = None,
        keep_with_next: bool = False,
        tab_at: int | None = None,
    ) -> str:
        key = (spec.name, start, hang, align, keep_with_next, tab_at)
        if key not in self._paras:
            # The skeleton's paragraph shapes 2, 3, 4 are those of 개요 1, 2, 3.
            base = str(1 + spec.outline_level) if spec.outline_level else "0"
            tab_id = None
            if tab_at is not None:
                tab_id = self.header.ensure_tab_definition(
                    tab_stops=[{"pos": max(tab_at, 0), "type": "RIGHT", "leader": "NONE"}]
                )
            self._paras[key] = self.header.ensure_paragraph_format(
                base_para_pr_id=base,
                alignment=align or spec.align,
                line_spacing_percent=spec.line_spacing,
                # 한글 starts a paragraph's first line at its left margin and takes a negative
                # first-line indent (내어쓰기) off every line after it.
                margins={
                    "left": start,
                    "intent": -hang,
                    "right": 0,
                    "prev": round(spec.before * 100),
                    "next": round(spec.after * 100),
                },
                break_setting={
                    "keep_with_next": keep_with_next,
                    "keep_lines": spec.outline_level is not None,
                    "page_break_before": False,
                    "widow_orphan": True,
                },
                tab_pr_id_ref=tab_id,
            )
        return self._paras[key]

    def _define_style(self, spec: StyleSpec) -> str:
        char = self.char(spec.font, spec.size, bold=spec.bold, spacing=spec.letter_spacing)
        para = self.para(spec)
        return self.header.ensure_style(
            spec.name,
            style_type="PARA",
            eng_name=spec.eng_name,
            para_pr_id_ref=para,
            char_pr_id_ref=char,
            lang_id=1042,
        )

    def finish(self) -> None:
        """한글's outline numbers are blank: the titles carry their own (I., 1.). Korean lines
        already break between words, never inside one, as the PDF's do: the shapes keep the
        skeleton's breakNonLatinWord="BREAK_WORD", which in 한글 means the reverse of its
        name (python-hwpx's measurements say so; KEEP_WORD breaks between any two
        syllables)."""
        root = self.header.element
        for numbering in root.iter("{http://www.hancom.co.kr/hwpml/2011/head}numbering"):
            for head in numbering.iter("{http://www.hancom.co.kr/hwpml/2011/head}paraHead"):
                head.text = None
        self.header.mark_dirty()


class _Writer:
    """Appends records to the section as OWPML paragraphs and tables."""

    def __init__(self, document, shapes: _Shapes, section) -> None:
        self.document = document
        self.shapes = shapes
        self.section = section
        self.root = self.section.element
        self.first = self.root.find(f"{HP}p")  # holds the section's settings
        self.used_first = False
        self.anchors: list[tuple[etree._Element, int]] = []  # outline titles and levels
        self.contents_at: int | None = None

    def paragraph(self, para: Para) -> etree._Element:
        spec = self.shapes.specs[para.style]
        # Tab stops are measured from the column's left edge, whatever the paragraph's margins.
        tab_at = TEXT_WIDTH if para.tail else None
        para_pr = self.shapes.para(
            spec,
            start=para.start,
            hang=para.hang,
            keep_with_next=para.keep_with_next,
            tab_at=tab_at,
        )
        if not self.used_first:
            # The skeleton's first paragraph holds the section's settings: it takes the first
            # line of text, without the skeleton's empty run and its layout cache (한글 lays a
            # paragraph out again where it has none).
            element = self.first
            self.used_first = True
            for child in list(element):
                settings = (
                    child.find(f"{HP}secPr") is not None or child.find(f"{HP}ctrl") is not None
                )
                if not settings:
                    element.remove(child)
            element.attrib.update(self._attributes(para, para_pr))
        else:
            element = etree.SubElement(self.root, f"{HP}p", self._attributes(para, para_pr))
        for run in para.runs:
            self._run(element, run.text, self._char(spec, bold=run.bold or spec.bold))
        if para.tail:
            run = etree.SubElement(
                element, f"{HP}run", {"charPrIDRef": self._char(spec, bold=spec.bold)}
            )
            text = etree.SubElement(run, f"{HP}t")
            # The width is a cache 한글 lays out again: the room left on the first line.
            used = (_text_em(para.text) + _text_em(para.tail)) * spec.size * 100
            room = max(0, round(TEXT_WIDTH - para.start - used))
            tab = etree.SubElement(
                text, f"{HP}tab", {"width": str(room), "leader": "0", "type": "2"}
            )
            tab.tail = para.tail
        if spec.outline_level:
            self.anchors.append((element, spec.outline_level))
        return element

    def _attributes(self, para: Para, para_pr: str) -> dict[str, str]:
        return {
            "id": "0",
            "paraPrIDRef": para_pr,
            "styleIDRef": self.shapes.styles[para.style],
            "pageBreak": "1" if para.page_break else "0",
            "columnBreak": "0",
            "merged": "0",
        }

    def _char(self, spec: StyleSpec, *, bold: bool) -> str:
        return self.shapes.char(spec.font, spec.size, bold=bold, spacing=spec.letter_spacing)

    @staticmethod
    def _run(paragraph: etree._Element, text: str, char_pr: str) -> None:
        run = etree.SubElement(paragraph, f"{HP}run", {"charPrIDRef": char_pr})
        etree.SubElement(run, f"{HP}t").text = text

    def contents(self) -> None:
        self.contents_at = len(self.root.findall(f"{HP}p"))

    def table(self, table: Table) -> None:
        spec = STYLES["표 내용"]
        holder = etree.SubElement(
            self.root,
            f"{HP}p",
            {
                "id": "0",
                "paraPrIDRef": self.shapes.para(spec, align="CENTER"),
                "styleIDRef": self.shapes.styles["표 내용"],
                "pageBreak": "0",
                "columnBreak": "0",
                "merged": "0",
            },
        )
        run = etree.SubElement(holder, f"{HP}run", {"charPrIDRef": self._char(spec, bold=False)})
        run.append(self._table_element(table))
        etree.SubElement(run, f"{HP}t")

    def _table_element(self, table: Table) -> etree._Element:
        total = sum(table.widths)
        widths = [TEXT_WIDTH * width // total for width in table.widths]
        widths[-1] += TEXT_WIDTH - sum(widths)
        heights = _row_heights(table, widths)
        element = etree.Element(
            f"{HP}tbl",
            {
                "id": "0",
                "zOrder": "0",
                "numberingType": "TABLE",
                "textWrap": "TOP_AND_BOTTOM",
                "textFlow": "BOTH_SIDES",
                "lock": "0",
                "dropcapstyle": "None",
                "pageBreak": "CELL",
                "repeatHeader": "1" if table.header_rows else "0",
                "rowCnt": str(table.rows),
                "colCnt": str(table.cols),
                "cellSpacing": "0",
                "borderFillIDRef": self.shapes.table_border,
                "noAdjust": "0",
            },
        )
        etree.SubElement(
            element,
            f"{HP}sz",
            {
                "width": str(TEXT_WIDTH),
                "widthRelTo": "ABSOLUTE",
                "height": str(sum(heights)),
                "heightRelTo": "ABSOLUTE",
                "protect": "0",
            },
        )
        etree.SubElement(
            element,
            f"{HP}pos",
            {
                "treatAsChar": "1",
                "affectLSpacing": "0",
                "flowWithText": "1",
                "allowOverlap": "0",
                "holdAnchorAndSO": "0",
                "vertRelTo": "PARA",
                "horzRelTo": "COLUMN",
                "vertAlign": "TOP",
                "horzAlign": "LEFT",
                "vertOffset": "0",
                "horzOffset": "0",
            },
        )
        margin = {"left": "0", "right": "0", "top": "283", "bottom": "283"}
        etree.SubElement(element, f"{HP}outMargin", margin)
        inner = {"left": "510", "right": "510", "top": "141", "bottom": "141"}
        etree.SubElement(element, f"{HP}inMargin", inner)
        by_row: dict[int, list[Cell]] = {}
        for cell in table.cells:
            by_row.setdefault(cell.row, []).append(cell)
        for number in range(table.rows):
            row = etree.SubElement(element, f"{HP}tr")
            for cell in sorted(by_row.get(number, []), key=lambda c: c.col):
                row.append(self._cell_element(cell, widths, heights, number < table.header_rows))
        return element

    def _cell_element(self, cell: Cell, widths, heights, in_header: bool):
        border = {"head": "head", "total": "total", "goal": "goal"}.get(cell.kind, "plain")
        element = etree.Element(
            f"{HP}tc",
            {
                "name": "",
                "header": "1" if in_header else "0",
                "hasMargin": "0",
                "protect": "0",
                "editable": "0",
                "dirty": "0",
                "borderFillIDRef": self.shapes.borders[border],
            },
        )
        sublist = etree.SubElement(
            element,
            f"{HP}subList",
            {
                "id": "",
                "textDirection": "HORIZONTAL",
                "lineWrap": "BREAK",
                "vertAlign": "CENTER",
                "linkListIDRef": "0",
                "linkListNextIDRef": "0",
                "textWidth": "0",
                "textHeight": "0",
                "hasTextRef": "0",
                "hasNumRef": "0",
            },
        )
        spec = STYLES["표 내용"]
        align = {
            "head": "CENTER",
            "num": "RIGHT",
            "total": "RIGHT",
            "center": "CENTER",
            "goal": "CENTER",
            "label": "CENTER",
        }.get(cell.kind, "LEFT")
        if cell.kind == "total" and cell.col == 0:
            align = "CENTER"
        bold = cell.kind in ("head", "total", "goal")
        size = _cell_size(cell)
        for line in cell.text.split("\n"):
            paragraph = etree.SubElement(
                sublist,
                f"{HP}p",
                {
                    "id": "0",
                    "paraPrIDRef": self.shapes.para(spec, align=align),
                    "styleIDRef": self.shapes.styles["표 내용"],
                    "pageBreak": "0",
                    "columnBreak": "0",
                    "merged": "0",
                },
            )
            self._run(paragraph, line, self.shapes.char(spec.font, size, bold=bold))
        etree.SubElement(
            element, f"{HP}cellAddr", {"colAddr": str(cell.col), "rowAddr": str(cell.row)}
        )
        etree.SubElement(
            element, f"{HP}cellSpan", {"colSpan": str(cell.colspan), "rowSpan": str(cell.rowspan)}
        )
        width = sum(widths[cell.col : cell.col + cell.colspan])
        height = sum(heights[cell.row : cell.row + cell.rowspan])
        etree.SubElement(element, f"{HP}cellSz", {"width": str(width), "height": str(height)})
        etree.SubElement(
            element,
            f"{HP}cellMargin",
            {"left": "510", "right": "510", "top": "141", "bottom": "141"},
        )
        return element


CELL_PADDING = (510 + 510, 141 + 141)  # inner margins: left + right, top + bottom
TABLE_LINE_SPACING = 1.3


def _cell_size(cell: Cell) -> float:
    return 13 if cell.kind == "goal" else STYLES["표 내용"].size


def _text_em(text: str) -> float:
    """A line's width in em, as near as it matters for a row's height: Hangul and other wide
    characters one em, a space a third, the rest a little over half."""
    width = 0.0
    for char in text:
        if char == " ":
            width += 0.3
        elif unicodedata.east_asian_width(char) in "WF" or char in "○□※❖▣▶":
            width += 1.0
        else:
            width += 0.55
    return width


def _row_heights(table: Table, widths: list[int]) -> list[int]:
    """Each row as high as its tallest cell's wrapped text needs, so that a reader that does
    not grow rows to their text (not every one does) still shows all of it."""
    heights = [0] * table.rows
    for cell in table.cells:
        size = _cell_size(cell) * 100
        room = sum(widths[cell.col : cell.col + cell.colspan]) - CELL_PADDING[0]
        lines = sum(
            max(1, math.ceil(_text_em(line) * size * 1.08 / max(room, 1)))
            for line in cell.text.split("\n")
        )
        needed = round(lines * size * TABLE_LINE_SPACING + CELL_PADDING[1] + 300)
        share = -(-needed // cell.rowspan)
        for row in range(cell.row, cell.row + cell.rowspan):
            heights[row] = max(heights[row], share)
    return [max(height, 1700) for height in heights]


def render_layout(layout: Layout) -> bytes:
    """The HWPX file of ``layout``, checked by python-hwpx's save as 한글 needs a package."""
    return render_sections(layout, [Section(layout.blocks, layout.running_head)])


def render_sections(
    layout: Layout,
    sections: list[Section],
    *,
    styles: dict[str, StyleSpec] = STYLES,
    contents_level: int = 2,
) -> bytes:
    """The HWPX file of ``sections``, one 한글 구역 each, with the document properties of
    ``layout`` (whose blocks are the whole file's, for its preview text). The 목차 (a
    :class:`Contents` block) lists the outline titles up to ``contents_level`` and stands in the
    first section, where python-hwpx writes 한글's field."""
    from hwpx import HwpxDocument

    if any(isinstance(block, Contents) for part in sections[1:] for block in part.blocks):
        raise ValueError("목차는 첫 구역에만 둘 수 있습니다.")
    document = HwpxDocument.new()
    try:
        # Before any section is added: a new one takes the page settings of the one before.
        document.page.set_margins(**MARGINS)
        shapes = _Shapes(document, styles)
        writers: list[_Writer] = []
        contents: Contents | None = None
        for index, part in enumerate(sections):
            section = document.oxml.sections[0] if index == 0 else document.add_section()
            writer = _Writer(document, shapes, section)
            for block in part.blocks:
                if isinstance(block, Para):
                    writer.paragraph(block)
                elif isinstance(block, Table):
                    writer.table(block)
                else:
                    contents = block
                    writer.contents()
            section.mark_dirty()
            _running_head_and_page_numbers(document, shapes, part.running_head, section)
            writers.append(writer)
        shapes.finish()
        _number_paragraphs([writer.root for writer in writers])
        if contents is not None:
            headings = [
                element
                for writer in writers
                for element, level in writer.anchors
                if level <= contents_level
            ]
            _table_of_contents(document, shapes, writers[0], contents, headings, contents_level)
        _stable_ids(document)
        document.parts.clear_document_metadata(keep=("title", "language"))
        document.parts.set_document_metadata(
            title=layout.title,
            creator=layout.author,
            subject=layout.subject,
            keyword=layout.keywords,
            created_date=layout.created,
            modified_date=layout.created,
        )
        document.parts.clear_preview()
        document.package.write("Preview/PrvText.txt", _preview_text(layout).encode("utf-8"))
        return document.to_bytes()
    finally:
        document.close()


def _table_of_contents(
    document, shapes: _Shapes, writer: _Writer, contents: Contents, anchors: list, level: int
) -> None:
    """한글's own 목차: a TABLEOFCONTENTS field over the outline titles up to ``level`` (a
    report's chapters, 개요 1, and cards, 개요 2; a booklet's departments), marked dirty so
    that 한글 builds it again, with the pages it lays out, when it opens the file. Until then
    (and for any other reader) its entries are the titles with the pages python-hwpx
    estimates."""
    from hwpx.layout.pages import estimate_pages
    from hwpx.tools.toc_author import add_native_toc, ensure_body_styles_not_collected

    # 한글 gathers the titles by outline level, and every 바탕글 paragraph as well: the report
    # has none, and this makes sure of it.
    ensure_body_styles_not_collected(document)
    wanted = set(anchors)
    headings = [p for s in document.sections for p in s.paragraphs if p.element in wanted]
    add_native_toc(
        document,
        at_index=writer.contents_at,
        title=contents.title,
        level=level,
        leader=3,
        hyperlink=True,
        dirty=True,
        headings=headings,
    )
    root = writer.root
    paragraphs = root.findall(f"{HP}p")
    opening = paragraphs[writer.contents_at]
    spec = STYLES["차례 제목"]
    opening.set("styleIDRef", shapes.styles[spec.name])
    opening.set("paraPrIDRef", shapes.para(spec))
    opening.set("pageBreak", "1")
    for run in opening.findall(f"{HP}run"):
        run.set("charPrIDRef", shapes.char(spec.font, spec.size))
    entries = paragraphs[writer.contents_at + 1 : writer.contents_at + 1 + len(headings)]
    estimate = estimate_pages(document)
    pages: dict[str, int] = {}
    if estimate.pages is not None:
        # The estimate's lines are the body paragraphs', section after section.
        body = [p for section in document.oxml.sections for p in section.element.findall(f"{HP}p")]
        for paragraph, lines in zip(body, estimate.lines, strict=False):
            if lines:
                pages[paragraph.get("id")] = lines[0].page + 1
    for entry, heading in zip(entries, headings, strict=True):
        text = entry.find(f"{HP}run/{HP}t")
        text.text = heading.text
        tab = text.find(f"{HP}tab")
        tab.tail = str(pages.get(heading.element.get("id"), 1))
    writer.section.mark_dirty()


def _running_head_and_page_numbers(document, shapes: _Shapes, head: str, section) -> None:
    """The department at the top right of every page of ``section`` but its first (the
    cover), and at the bottom 한글's page number as its 쪽 번호 매기기 writes it: the number,
    drawn between dashes (- 3 -); both in 함초롬돋움 9 pt. A later section goes on counting."""
    running = [{"align": "RIGHT", "children": [{"type": "run", "text": head}]}]
    document.page.set_header(content=running, section=section)
    document.page.set_page_number(align="CENTER", position="BOTTOM_CENTER", section=section)
    document.page.set_visibility(hide_first_header=True, hide_first_footer=True, section=section)
    char = shapes.char(RUNNING_FONT, 9)
    for tag in ("header", "footer"):
        for part in section.element.iter(f"{HP}{tag}"):
            for run in part.iter(f"{HP}run"):
                run.set("charPrIDRef", char)
    section.mark_dirty()


def _number_paragraphs(roots) -> None:
    """Paragraph ids: unique across the sections, as the 목차's links to the titles need them,
    and the same for the same content, so one report always gives the same file."""
    paragraphs = (paragraph for root in roots for paragraph in root.iter(f"{HP}p"))
    for number, paragraph in enumerate(paragraphs, start=1):
        paragraph.set("id", str(number))


_RANDOM_ID = re.compile(r"^\d{6,}$")


def _stable_ids(document) -> None:
    """python-hwpx draws the ids of fields and tables at random; number them in document order
    instead, across the sections (each kept unique, and the 목차's links follow), so the same
    report gives the same bytes."""
    sections = document.oxml.sections
    mapping: dict[str, str] = {}
    for section in sections:
        for element in section.element.iter():
            value = element.get("id")
            if value and _RANDOM_ID.match(value) and value not in mapping:
                mapping[value] = str(100000 + len(mapping))
    if not mapping:
        return
    link = re.compile(r"\?#(\d+)")

    def renamed(match: re.Match) -> str:
        return f"?#{mapping.get(match.group(1), match.group(1))}"

    for section in sections:
        for element in section.element.iter():
            for name in ("id", "beginIDRef", "idRef"):
                value = element.get(name)
                if value in mapping:
                    element.set(name, mapping[value])
            if element.text and "?#" in element.text:
                element.text = link.sub(renamed, element.text)
        section.mark_dirty()


def _preview_text(layout: Layout) -> str:
    """The first lines of the file, which 한글 and file browsers show before opening it."""
    lines = [block.text for block in layout.blocks if isinstance(block, Para)][:20]
    return "\r\n".join(lines)[:1000]


def report_hwpx(report: PlanReport, *, draft: bool) -> tuple[bytes, str]:
    """The HWPX file and its version, rendered once per version and kept in the reports cache
    (as report_pdf does)."""
    layout = report_layout(report, draft=draft)
    version = layout.version()
    return kept(f"report-hwpx:{version}", lambda: render_layout(layout)), version
