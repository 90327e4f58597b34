"""Recognising a department's 업무보고 in the paragraphs and tables of a 한글 file: the cover,
the 목차, and the chapters I 일반현황 (기구 및 인력 with the 인력 table, 주요기능, 예산규모 with
its table), II 주요성과, III 정책방향, IV and V with their task cards (개요, 사업개요,
추진방침, 추진상황, 소요예산, 추진계획 with schedules, 기대효과 and the 담당 table).

The rules are the report's own, as plans.report.hwpx prints it and as clerks type it in 한글:
chapters by their Roman numerals and names, a card by its number and title (after an optional
사업구분 line), a card's parts by their □ headings, bullets by their symbols (□ ○ - · ※ * ▶ ①)
and depth by indentation (or, where every line starts at the same place, by the symbols'
usual order □ ○ - ·), a schedule after the tab at the end of a line, a table by its header
cells. What is recognised becomes :class:`Recognised`, plain data; anything the rules do not
place is listed by its position ("12번째 문단", "표 3 (2행 4열)") in ``unplaced``, never
dropped, and a figure or date that does not read is a problem that stops the import.

Nothing here touches the database: plans.exchange.hwpx.document builds the plan document."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from budget.models import Account, DisplayUnit, FundingSource, Stage
from personnel.models import DepartmentKind, GradeCategory
from plans.models import DataBlock, Section, SessionKind
from plans.rules import figures
from plans.rules.outline import DEFAULT_SYMBOLS, INDENT, parse_outline
from plans.rules.schedules import ScheduleError, parse_schedule

from .package import Body, Paragraph, Table

#: The style plans.report.hwpx gives lines made from records (an election, a welfare program).
RECORD_STYLE = "개조식 ○ 자료"
#: The card's part headings, without spaces.
PART_HEADINGS = {
    "추진방침": "policies",
    "추진상황": "progress",
    "추진계획": "plan",
    "기대효과": "effects",
}
#: Bullet symbols in their usual order of depth, for a file whose lines all start at one place.
SYMBOL_RANKS = {"□": 0, "▣": 0, "○": 1, "-": 2, "·": 3}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
#: Indentations closer than this (HWPUNIT, 1.5 pt) are the same level.
INDENT_TOLERANCE = 150

_ROMAN = {"I": 1, "Ⅰ": 1, "II": 2, "Ⅱ": 2, "III": 3, "Ⅲ": 3, "IV": 4, "Ⅳ": 4, "V": 5, "Ⅴ": 5}
_CHAPTER = re.compile(r"^\s*(III|II|IV|I|V|Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ)\s*[.．]\s*(.+?)\s*$")
_CHAPTER_NAMES = {
    1: re.compile(r"일반\s*현황"),
    2: re.compile(r"주요\s*성과"),
    3: re.compile(r"정책\s*방향"),
    4: re.compile(r"주요\s*업무"),
    5: re.compile(r"특수\s*시책"),
}
_CONTENTS_TITLE = re.compile(r"^\s*(목\s*차|차\s*례)\s*$")
_CONTENTS_ENTRY = re.compile(r"^(.+?)(?:\t+|\s*[.·…‥]{2,}\s*|\s{2,})(\d{1,3})\s*$")
_YEAR = re.compile(r"(\d{4})\s*년")
_SESSION = re.compile(r"제\s*(\d{1,4})\s*회\s*(?:[가-힣]+\s*)?(임\s*시\s*회|정\s*례\s*회)")
_DATE = r"(\d{4})\s*\.\s*(\d{1,2})\s*\.\s*(\d{1,2})\s*\.?\s*(?:\([월화수목금토일]\))?"
_DATES = re.compile(
    _DATE
    + r"\s*(?:~\s*(?:(\d{4})\s*\.\s*)?(\d{1,2})\s*\.\s*(\d{1,2})\s*\.?\s*"
    + r"(?:\([월화수목금토일]\))?)?"
)
# The cover's 보고일 line, e.g. '보고일 2023. 2. 16.(목)'.
_REPORT_DATE = re.compile(r"보고일\s*\d{4}\.\s*\d{1,2}\.\s*\d{1,2}\.(\s*\(.\))?")
_PLAN_TITLE = re.compile(r"(\d{4})\s*년\s*주요\s*업무\s*계획")
_SUBSECTION = re.compile(r"^\s*\d\s*[.．]?\s*(기구\s*및\s*인력|주요\s*기능|예산\s*규모)\s*$")
_UNIT = re.compile(r"\(\s*단위\s*:\s*(원|천원|백만원|명)\s*\)")
_STAFFING_CAPTION = re.compile(r"인력\s*현황.*?\(\s*(\d{4})\s*년")
# The 기구 line, squashed: "1실 2팀" names the department's kind (실, 단, 소, 과, 담당관).
_ORGANIZATION = re.compile(r"^기구:(\d+)(\D+?)(\d+)팀$")
_HEADCOUNT = re.compile(r"정원\s*([\d,]+)\s*명\s*/\s*현원\s*([\d,]+)\s*명")
_SUPERNUMERARY = re.compile(r"정원외\s*인력\s*:\s*([\d,]+)\s*명\s*\((.*)\)\s*$")
_BUDGET_HEADLINE = re.compile(r"^\s*(일반회계|특별회계)\s*:\s*([\d,△-]+)\s*(백만원|천원|원)")
_CARD_TITLE = re.compile(r"^\s*(\d{1,3})\s*[.．]\s*(\S.*?)\s*$")
_KINDS = re.compile(r"^\s*사업\s*구분\s*:?\s*(.+?)\s*$")
_FUNDING_TOTAL = re.compile(r"^\s*<\s*소요\s*예산\s*>")
_TOWNSHIP = re.compile(r"^\s*<\s*([^<>]+?)\s*>\s*$")
_ELECTION_HEAD = re.compile(r"^(.+?)\s*:\s*" + _DATE + r"\s*$")
_ELECTION_VOTES = re.compile(
    r"^선거인수\s*:\s*([\d,]+)\s*명\s*/\s*투표자수\s*:\s*([\d,]+)\s*명\s*/\s*투표율\s*:\s*[\d.]+\s*%$"
)
_ELECTION_STAFF = re.compile(
    r"^선거사무\s*종사자\s*:\s*간사서기\s*([\d,]+)\s*명\s*,\s*\(사전\)투표\s*([\d,]+)\s*명\s*,"
    r"\s*개표\s*([\d,]+)\s*명$"
)
_PER_PERSON_NOTE = re.compile(r"^1인당\s*([\d,]+)천원\s*지원$")
_HOUSING_LINE = re.compile(r"^(.+?)\s*:\s*(.+)$")
_HOUSING_PROJECT = re.compile(r"([^,()]+?)\(([\d,]+)세대(?:,\s*(.+?)\s*준공)?\)")


class ReadingProblem(ValueError):
    """A part of the report found where it belongs that does not read (a figure, a date)."""


def squash(text: str) -> str:
    return "".join(text.split())


def number(text: str, place: str) -> int | None:
    """A printed figure: 78,676, △856, or - / blank for nothing."""
    cleaned = squash(text)
    if cleaned in ("", "-", "－"):
        return None
    negative = cleaned.startswith(("△", "-", "▲"))
    digits = cleaned.lstrip("△-▲").replace(",", "")
    if not digits.isdigit():
        raise ReadingProblem(f"{place}: '{text}'은(는) 숫자로 읽을 수 없습니다.")
    return -int(digits) if negative else int(digits)


def thousand_won(value: int | None, unit: str, place: str) -> int | None:
    """A printed amount in ``unit`` as stored (천원)."""
    if value is None:
        return None
    scaled = value * figures.UNITS[unit]
    if scaled % figures.UNITS["천원"]:
        raise ReadingProblem(f"{place}: {value}{unit}은(는) 천원 단위로 나누어지지 않습니다.")
    return scaled // figures.UNITS["천원"]


# ---------------------------------------------------------------------------------------------
# Outlines: lines by indentation into a tree, and back into the portal's outline text


@dataclass
class Node:
    paragraph: Paragraph
    symbol: str | None  # the bullet printed before the text
    text: str
    tail: str  # after a tab at the end of the line
    children: list[Node] = field(default_factory=list)


def split_line(paragraph: Paragraph) -> tuple[str | None, str, str]:
    """(symbol, text, tail) of a bullet line: "○ 사업 시행\t'24. 3." → ("○", "사업 시행",
    "'24. 3.")."""
    line, _, tail = paragraph.text.partition("\t")
    line = line.replace("\n", " ").strip()
    if paragraph.bullet and line:
        line = f"{paragraph.bullet} {line}"  # 한글 draws it; the text does not hold it
    nodes = parse_outline(line)
    if not nodes:
        return None, "", tail.strip()
    node = nodes[0]
    return node.marker, node.text, tail.replace("\t", " ").strip()


def outline_tree(paragraphs: list[Paragraph]) -> list[Node]:
    """The lines as a tree: a line indented further than the one before is its child. Where all
    lines start at one place although their symbols say they are of different levels (○ and -,
    a file typed without indents), the symbols' usual order decides, and a note (※, *, ▶)
    belongs to the line above it."""
    nodes = [Node(p, *split_line(p)) for p in paragraphs]
    if not nodes:
        return []
    indents = [node.paragraph.indent for node in nodes]
    hierarchy = {node.symbol for node in nodes if node.symbol in SYMBOL_RANKS}
    if max(indents) - min(indents) > INDENT_TOLERANCE or len(hierarchy) < 2:
        levels = indents
    else:
        levels, previous = [], 0
        for node in nodes:
            rank = SYMBOL_RANKS.get(node.symbol or "")
            if rank is None:
                rank = 1 if node.symbol in _CIRCLED else previous + 1
            levels.append(rank * 1000)
            previous = rank
    roots: list[Node] = []
    stack: list[tuple[int, Node]] = []
    for node, level in zip(nodes, levels, strict=True):
        while stack and stack[-1][0] >= level - INDENT_TOLERANCE:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(node)
        stack.append((level, node))
    return roots


def outline_text(nodes: list[Node], *, base: int = 0, indent: int = 0) -> str:
    """The nodes as the portal stores outline text: two spaces a level, and a marker only where
    the printed symbol is not the one the depth prints anyway (○ at the top, then -, ·)."""
    lines: list[str] = []

    def walk(items: list[Node], depth: int) -> None:
        for node in items:
            default = DEFAULT_SYMBOLS[max(0, min(depth + base, len(DEFAULT_SYMBOLS) - 1))]
            marker = "" if node.symbol in (None, default) else f"{node.symbol} "
            lines.append(f"{' ' * (INDENT * (depth + indent))}{marker}{node.text}")
            walk(node.children, depth + 1)

    walk(nodes, 0)
    return "\n".join(lines)


def walk_nodes(nodes: list[Node]):
    for node in nodes:
        yield node
        yield from walk_nodes(node.children)


# ---------------------------------------------------------------------------------------------
# What is recognised


@dataclass
class StaffingColumn:
    category: str  # GradeCategory value
    grade: str  # the grade's name: 6급, 정무직; "" for the 정원외 column (per team)
    subtotal: bool = False


@dataclass
class Staffing:
    year: int | None
    columns: list[StaffingColumn]
    rows: list[tuple[str, list[int | None]]]  # team, value per column
    authorized: int | None = None
    current: int | None = None
    breakdown: list[tuple[str, int]] = field(default_factory=list)  # 정원외 kinds


@dataclass
class Budget:
    account: str
    stage: str
    year: int
    previous_year: int
    unit: str
    rows: list[tuple[str, int | None, int | None]]  # label, this year, last year (천원)


@dataclass
class Election:
    name: str
    date: datetime.date
    electorate: int
    voters: int
    clerks: int
    polling_staff: int
    counting_staff: int


@dataclass
class Welfare:
    name: str
    period: str = ""
    facility_count: int | None = None
    beneficiary_count: int | None = None
    beneficiary_note: str = ""
    total_amount: int | None = None
    per_person_amount: int | None = None


@dataclass
class AchievementItem:
    text: str  # the lines typed (under a record's line, the lines under it)
    election: Election | None = None
    welfare: Welfare | None = None
    printed: str = ""  # the item's lines as printed, a record's line included


@dataclass
class Fact:
    label: str
    value: str


@dataclass
class PlanItem:
    text: str
    target: str = ""
    schedule: str = ""
    details: str = ""
    data_block: str = ""


@dataclass
class Card:
    section: str
    number: int
    title: str
    place: str
    kinds: list[str] = field(default_factory=list)
    overview: str = ""
    facts_title: str = ""
    facts: list[Fact] = field(default_factory=list)
    policies: str = ""
    progress: list[tuple[str, str]] = field(default_factory=list)
    funding_unit: str = ""
    funding: list[dict] = field(default_factory=list)
    plan_items: list[PlanItem] = field(default_factory=list)
    effects: str = ""
    team: str = ""
    contacts: list[tuple[str, str, str]] = field(default_factory=list)  # position, name, phone


@dataclass
class Recognised:
    bureau: str = ""  # none on the cover of a department directly under the county
    department: str = ""
    department_kind: str = ""  # DepartmentKind's value, from the 기구 line; "" if not printed
    session_number: int | None = None
    session_kind: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    year: int | None = None
    staffing: Staffing | None = None
    teams: list[tuple[str, str]] = field(default_factory=list)  # name, functions
    budget: Budget | None = None
    achievements: list[tuple[str, list[AchievementItem]]] = field(default_factory=list)
    policy_goal: str = ""
    directions: str = ""
    key_tasks: str = ""
    cards: list[Card] = field(default_factory=list)
    housing: list[tuple[str, list[dict]]] = field(default_factory=list)  # township, projects
    steps: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)  # what was recognised, for the preview
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # place, text
    problems: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# The walk


def recognise(body: Body) -> Recognised:
    """The report's parts in ``body``; what does not fit them is listed in ``unplaced``."""
    result = Recognised()
    recogniser = _Recogniser(body.items, result)
    try:
        recogniser.run()
    except ReadingProblem as problem:
        result.problems.append(str(problem))
    for running in dict.fromkeys(body.running):
        result.found.append(f"머리말·꼬리말: '{running}' (쪽마다 인쇄, 내용이 아님)")
    result.unplaced += body.extras
    return result


def _chapter_of(item) -> tuple[int, str] | None:
    """A chapter title: its Roman numeral and name (I. 일반현황), or, in an outline title of
    level 1 that 한글 numbers itself, the name alone."""
    if not isinstance(item, Paragraph) or item.in_contents or _CONTENTS_ENTRY.match(item.text):
        return None
    text = item.text.replace("\t", " ").strip()
    match = _CHAPTER.match(text)
    if match:
        chapter = _ROMAN[match.group(1)]
        return (chapter, match.group(2)) if _CHAPTER_NAMES[chapter].search(match.group(2)) else None
    if item.outline_level == 1 and len(text) <= 30:
        for chapter, name in _CHAPTER_NAMES.items():
            if name.search(text):
                return chapter, text
    return None


class _Recogniser:
    def __init__(self, items: list, result: Recognised) -> None:
        self.items = items
        self.result = result

    def found(self, text: str) -> None:
        self.result.found.append(text)

    def unplace(self, item) -> None:
        text = item.flat_text() if isinstance(item, Table) else item.text.replace("\t", " ")
        self.result.unplaced.append((item.place, text))

    def run(self) -> None:
        starts = [index for index, item in enumerate(self.items) if _chapter_of(item)]
        first = starts[0] if starts else len(self.items)
        self.front(self.items[:first])
        handlers = {
            1: self.general,
            2: self.achievements,
            3: self.policy,
            4: self.cards,
            5: self.cards,
        }
        for position, start in enumerate(starts):
            end = starts[position + 1] if position + 1 < len(starts) else len(self.items)
            chapter, title = _chapter_of(self.items[start])
            self.found(f"{self.items[start].place}: {chapter}장 '{title}'")
            handlers[chapter](chapter, title, self.items[start + 1 : end])

    # -- cover and 목차 -------------------------------------------------------------------

    def front(self, items: list) -> None:
        result = self.result
        in_contents = False
        unnamed: list[Paragraph] = []
        for item in items:
            if isinstance(item, Table):
                self.unplace(item)
                continue
            text = item.text.replace("\t", " ").strip()
            if item.in_contents or (in_contents and _CONTENTS_ENTRY.match(item.text)):
                if not in_contents:
                    in_contents = True
                    self.found(f"{item.place}: 목차 (한글 차례 필드)")
                continue
            if _CONTENTS_TITLE.match(text):
                in_contents = True
                self.found(f"{item.place}: 목차")
                continue
            if (session := _SESSION.search(text)) and result.session_number is None:
                result.session_number = int(session.group(1))
                kind = squash(session.group(2))
                result.session_kind = (
                    SessionKind.EXTRAORDINARY if kind == "임시회" else SessionKind.REGULAR
                )
                self.found(f"{item.place}: 표지 회기 '{text}'")
            elif (dates := _DATES.fullmatch(text)) and result.start_date is None:
                result.start_date, result.end_date = _dates(dates, item.place)
                self.found(f"{item.place}: 표지 회기 기간 '{text}'")
            elif _REPORT_DATE.fullmatch(text):
                # The cover's 보고일 line (plans.report.hwpx): the session's first day, read
                # from the dates above; it is not the department's name.
                self.found(f"{item.place}: 표지 보고일 '{text}'")
            elif (title := _PLAN_TITLE.search(text)) and result.year is None:
                result.year = int(title.group(1))
                self.found(f"{item.place}: 표지 제목 '{text}'")
            elif result.session_number is None and not result.bureau and not unnamed:
                result.bureau = text
                self.found(f"{item.place}: 표지 국 '{text}'")
            elif result.session_number is not None and not result.department:
                result.department = text
                self.found(f"{item.place}: 표지 과 '{text}'")
            else:
                unnamed.append(item)
        for item in unnamed:
            self.unplace(item)
        if self.result.start_date is None and self.result.session_number is not None:
            self.result.problems.append(
                "표지에서 회기 기간(예: 2023. 2. 16. ~ 2. 23.)을 찾지 못했습니다."
            )

    # -- I 일반현황 ------------------------------------------------------------------------

    def general(self, chapter: int, title: str, items: list) -> None:
        part = ""
        unit = ""
        staffing_year: int | None = None
        headcount: tuple[int, int] | None = None
        breakdown: list[tuple[str, int]] = []
        account = ""
        for item in items:
            if isinstance(item, Table):
                if part == "staffing" and self.result.staffing is None:
                    self.result.staffing = self.staffing_table(item, staffing_year)
                    self.found(f"{item.place}: 인력 현황 표")
                elif part == "functions" and item.cols == 2 and not self.result.teams:
                    self.result.teams = self.functions_table(item)
                    self.found(f"{item.place}: 주요기능 표 (팀 {len(self.result.teams)}개)")
                elif part == "budget" and self.result.budget is None:
                    self.result.budget = self.budget_table(item, unit or "백만원", account)
                    self.found(f"{item.place}: 예산규모 표 ({unit or '백만원'})")
                else:
                    self.unplace(item)
                continue
            text = item.text.replace("\t", " ").strip()
            symbol, body, _ = split_line(item)
            if match := _SUBSECTION.match(text):
                part = {"기구및인력": "staffing", "주요기능": "functions", "예산규모": "budget"}[
                    squash(match.group(1))
                ]
                self.found(f"{item.place}: 소제목 '{text}'")
            elif symbol == "□" and squash(body).startswith("기구:"):
                self.organization_line(item, body)
            elif symbol == "□" and (match := _HEADCOUNT.search(body)):
                headcount = (number(match.group(1), item.place), number(match.group(2), item.place))
                self.found(f"{item.place}: 인력 ('{body}')")
            elif match := _STAFFING_CAPTION.search(text):
                staffing_year = int(match.group(1))
                self.found(f"{item.place}: 인력 현황 표 제목 ({staffing_year}년)")
            elif symbol == "※" and (match := _SUPERNUMERARY.search(body)):
                breakdown = _breakdown(match.group(2), item.place)
                self.found(f"{item.place}: 정원외 인력 내역")
            elif match := _BUDGET_HEADLINE.match(text):
                account = match.group(1)
                self.found(f"{item.place}: 예산 총액 ('{text}', 계와 비율은 계산)")
            elif match := _UNIT.search(text):
                unit = match.group(1)
                self.found(f"{item.place}: 표 제목 ('{text}')")
            else:
                self.unplace(item)
        staffing = self.result.staffing
        if staffing is not None:
            staffing.breakdown = breakdown
            if headcount:
                staffing.authorized, staffing.current = headcount

    def organization_line(self, item: Paragraph, body: str) -> None:
        """The 기구 line (기 구: 1실 2팀): the department's kind; the team count is computed."""
        match = _ORGANIZATION.match(squash(body))
        if match is None:
            self.found(f"{item.place}: 기구 ('{body}', 팀 수는 계산)")
            return
        kinds = {str(kind.label): kind.value for kind in DepartmentKind}
        word = match.group(2)
        if word not in kinds:
            raise ReadingProblem(
                f"{item.place}: 기구 줄 '{body}'의 '{word}': 부서 종류가 아닙니다. "
                f"{', '.join(kinds)} 중 하나로 적으십시오(예: 1과 4팀)."
            )
        self.result.department_kind = kinds[word]
        self.found(f"{item.place}: 기구 ('{body}': 부서 종류 {word}, 팀 수는 계산)")

    def staffing_table(self, table: Table, year: int | None) -> Staffing:
        corner = table.cell_at(0, 0)
        header_rows = corner.rowspan if corner is not None else 1
        labels = {category.label: category.value for category in GradeCategory}
        columns: list[StaffingColumn] = []
        for col in range(2, table.cols):
            top = table.cell_at(0, col)
            top_text = squash(top.text) if top else ""
            category = next(
                (
                    value
                    for label, value in labels.items()
                    if top_text.startswith(squash(str(label)))
                ),
                None,
            )
            if category is None:
                raise ReadingProblem(
                    f"{table.place} 1행 {col + 1}열: '{top_text}'은(는) 직급 구분"
                    f"({', '.join(str(label) for label in labels)})이 아닙니다."
                )
            bottom = table.cell_at(header_rows - 1, col)
            if top is not None and top.rowspan >= header_rows:
                grade = "" if category == GradeCategory.SUPERNUMERARY else top_text
                columns.append(StaffingColumn(category, grade))
            else:
                name = squash(bottom.text) if bottom else ""
                columns.append(StaffingColumn(category, name, subtotal=name == "소계"))
        rows = []
        grid = table.grid()
        for index in range(header_rows, table.rows):
            label = squash(grid[index][0])
            if label in ("합계", "계", "총계"):
                continue
            place = f"{table.place} {index + 1}행"
            values = [number(value, place) for value in grid[index][2:]]
            rows.append((grid[index][0].strip(), values))
        return Staffing(year=year, columns=columns, rows=rows)

    def functions_table(self, table: Table) -> list[tuple[str, str]]:
        teams = []
        for row in table.grid():
            name, functions = row[0].strip(), row[1].strip()
            if name:
                teams.append((name, functions.lstrip("❖").strip()))
        return teams

    def budget_table(self, table: Table, unit: str, account_label: str) -> Budget:
        grid = table.grid()
        header = [squash(cell) for cell in grid[0]]
        years = [_YEAR.search(text) for text in header[1:3]]
        if not all(years):
            raise ReadingProblem(f"{table.place} 1행: 연도(예: 2023년 본예산)를 찾지 못했습니다.")
        year, previous = (int(match.group(1)) for match in years)
        stage_text = header[1][years[0].end() :]
        stage = next(
            (value for value, label in Stage.choices if squash(str(label)) == stage_text), None
        )
        if stage is None:
            raise ReadingProblem(
                f"{table.place} 1행 2열: 예산 단계 '{stage_text}'을(를) 알 수 없습니다 "
                "(본예산, 제1회 추경 …)."
            )
        account = next(
            (value for value, label in Account.choices if str(label) == account_label),
            Account.GENERAL,
        )
        rows = []
        for index, row in enumerate(grid[1:], start=2):
            if squash(row[0]) in ("계", "합계"):
                continue
            place = f"{table.place} {index}행"
            current = thousand_won(number(row[1], place), unit, place)
            before = thousand_won(number(row[2], place), unit, place)
            rows.append((row[0].strip(), current, before))
        return Budget(account, stage, year, previous, unit, rows)

    # -- II 주요성과 -----------------------------------------------------------------------

    def achievements(self, chapter: int, title: str, items: list) -> None:
        group: tuple[str, list[Paragraph]] | None = None
        groups: list[tuple[str, list[Paragraph]]] = []
        for item in items:
            if isinstance(item, Table):
                self.unplace(item)
                continue
            symbol, body, _ = split_line(item)
            if symbol == "□" and item.indent <= INDENT_TOLERANCE:
                group = (body, [])
                groups.append(group)
                self.found(f"{item.place}: 주요성과 '{body}'")
            elif group is not None:
                group[1].append(item)
            else:
                self.unplace(item)
        for heading, lines in groups:
            entries = [self.achievement(node) for node in outline_tree(lines)]
            self.result.achievements.append((heading, entries))

    def achievement(self, node: Node) -> AchievementItem:
        if node.paragraph.style == RECORD_STYLE or _ELECTION_HEAD.match(node.text):
            election = _election(node)
            if election is not None:
                self.found(f"{node.paragraph.place}: 선거 '{election.name}' (투표율은 계산)")
                return AchievementItem(outline_text(node.children[2:], base=1), election=election)
        if node.paragraph.style == RECORD_STYLE:
            welfare, rest = _welfare(node)
            self.found(f"{node.paragraph.place}: 후생복지 사업 '{welfare.name}'")
            return AchievementItem(
                outline_text(rest, base=1), welfare=welfare, printed=outline_text([node])
            )
        return AchievementItem(outline_text([node]))

    # -- III 정책방향 ----------------------------------------------------------------------

    def policy(self, chapter: int, title: str, items: list) -> None:
        part = ""
        directions: list[Paragraph] = []
        tasks: list[str] = []
        for item in items:
            if isinstance(item, Table):
                grid = item.grid()
                if item.cols == 1 and grid and squash(grid[0][0]) == "정책목표":
                    self.result.policy_goal = " ".join(row[0] for row in grid[1:]).strip()
                    self.found(f"{item.place}: 정책목표")
                else:
                    self.unplace(item)
                continue
            text = squash(item.text)
            symbol, body, _ = split_line(item)
            if text == "정책목표":
                part = "goal"
                self.found(f"{item.place}: 정책목표")
            elif part == "goal" and not self.result.policy_goal and symbol is None:
                self.result.policy_goal = item.text.strip()
            elif text == "추진방향":
                part = "directions"
                self.found(f"{item.place}: 추진방향")
            elif text == "역점과제":
                part = "tasks"
                self.found(f"{item.place}: 역점과제")
            elif part == "directions":
                directions.append(item)
            elif part == "tasks" and symbol and symbol in _CIRCLED:
                tasks.append(body)
            else:
                self.unplace(item)
        self.result.directions = outline_text(outline_tree(directions))
        self.result.key_tasks = "\n".join(tasks)

    # -- IV, V: task cards -----------------------------------------------------------------

    def cards(self, chapter: int, title: str, items: list) -> None:
        """Split the chapter at its cards: a card starts at its title (개요 2, or a numbered
        line at the margin with the next number), with the 사업구분 line just before it."""
        section = Section.MAIN if chapter == 4 else Section.SPECIAL
        cards: list[list] = []
        index = 0
        while index < len(items):
            item = items[index]
            following = items[index + 1] if index + 1 < len(items) else None
            expected = len(cards) + 1
            if (
                isinstance(item, Paragraph)
                and _KINDS.match(item.text)
                and isinstance(following, Paragraph)
                and _is_card_title(following, expected)
            ):
                cards.append([item, following])
                index += 2
                continue
            if isinstance(item, Paragraph) and _is_card_title(item, expected):
                cards.append([item])
            elif cards:
                cards[-1].append(item)
            else:
                self.unplace(item)
            index += 1
        for position, card_items in enumerate(cards, start=1):
            self.result.cards.append(_CardReader(self, section, card_items, position).read())


def _is_card_title(paragraph: Paragraph, expected: int) -> bool:
    """A card's title: an outline title of level 2 (개요 2; 한글 may number it itself), or a
    numbered line at the margin whose number is the next card's."""
    if paragraph.outline_level == 2 or paragraph.style == "개요 2":
        return True
    match = _CARD_TITLE.match(paragraph.text)
    if match is None:
        return False
    symbol, _, _ = split_line(paragraph)
    return (
        symbol is None and paragraph.indent <= INDENT_TOLERANCE and int(match.group(1)) == expected
    )


@dataclass
class _Steps:
    """A one-row table under a plan item: the 읍 승격 절차."""

    table: Table
    steps: list[str]


class _CardReader:
    """One task card's paragraphs and tables, part by part."""

    def __init__(self, recogniser: _Recogniser, section: str, items: list, position: int) -> None:
        self.recogniser = recogniser
        self.items = items
        self.section = section
        self.position = position  # 1 for the chapter's first card

    def found(self, text: str) -> None:
        self.recogniser.found(text)

    def read(self) -> Card:
        items = list(self.items)
        kinds: list[str] = []
        if (match := _KINDS.match(items[0].text)) and len(items) > 1:
            kinds = [kind for kind in re.split(r"[,·/\s]+", match.group(1)) if kind]
            self.found(f"{items[0].place}: 사업구분 '{match.group(1)}'")
            items = items[1:]
        title = items[0]
        match = _CARD_TITLE.match(title.text)
        # An outline title 한글 numbers itself holds only the title: its number is its place.
        number = int(match.group(1)) if match else self.position
        name = match.group(2) if match else title.text.strip()
        self.code = f"과제 {'IV' if self.section == Section.MAIN else 'V'}-{number}"
        card = Card(section=self.section, number=number, title=name, place=title.place, kinds=kinds)
        self.found(f"{title.place}: {self.code} '{card.title}'")
        parts: dict[str, list] = {"overview": []}
        part = "overview"
        funding_unit = ""
        rest = items[1:]
        for position, item in enumerate(rest):
            if isinstance(item, Table):
                grid = item.grid()
                header = [squash(cell) for cell in grid[0]] if grid else []
                if header[:2] == ["구분", "계"] and not card.funding:
                    card.funding_unit = funding_unit or DisplayUnit.MILLION
                    card.funding = _funding_rows(item, card.funding_unit)
                    self.found(f"{item.place}: {self.code} 소요예산 표")
                elif header and header[0] == "부서/팀":
                    self.contacts(card, item)
                elif part == "plan" and item.rows == 1 and parts["plan"]:
                    parts["plan"].append(_Steps(item, [cell.strip() for cell in grid[0]]))
                else:
                    self.recogniser.unplace(item)
                continue
            symbol, body, _ = split_line(item)
            name = squash(body)
            if _FUNDING_TOTAL.match(item.text):
                self.found(f"{item.place}: {self.code} 소요예산 합계 (계산)")
            elif (unit := _UNIT.search(item.text)) and "소요예산" in squash(item.text):
                funding_unit = unit.group(1)
                self.found(f"{item.place}: {self.code} 소요예산 표 제목 ({funding_unit})")
            elif symbol == "□" and name in PART_HEADINGS:
                part = PART_HEADINGS[name]
                parts.setdefault(part, [])
                self.found(f"{item.place}: {self.code} '{body}'")
            elif (
                symbol == "□"
                and part == "overview"
                and not card.facts_title
                and _next_is_fact(rest[position + 1 :])
            ):
                card.facts_title = body
                part = "facts"
                parts.setdefault(part, [])
                self.found(f"{item.place}: {self.code} 사업개요 '{body}'")
            else:
                if part == "overview" and _is_fact(item):
                    part = "facts"
                parts.setdefault(part, []).append(item)
        card.overview = outline_text(outline_tree(parts.get("overview", [])))
        self.facts(card, parts.get("facts", []))
        card.policies = outline_text(outline_tree(parts.get("policies", [])))
        self.progress(card, parts.get("progress", []))
        self.plan(card, parts.get("plan", []))
        card.effects = outline_text(outline_tree(parts.get("effects", [])))
        if not card.team:
            raise ReadingProblem(
                f"{title.place} {self.code} '{card.title}': 담당 표(부서/팀)를 찾지 못해 "
                "담당 팀을 알 수 없습니다."
            )
        return card

    def facts(self, card: Card, paragraphs: list[Paragraph]) -> None:
        for node in outline_tree(paragraphs):
            label = _fact_label(node.paragraph)
            if label is None:
                card.facts.append(Fact("", outline_text([node])))
                continue
            self.found(f"{node.paragraph.place}: {self.code} 사업개요 '{label}'")
            inline = node.text[len(label) :].lstrip()
            if inline.startswith(":"):
                value = inline[1:].strip()
                rest = outline_text(node.children, base=1, indent=1)
                card.facts.append(Fact(label, "\n".join(filter(None, [value, rest]))))
            else:
                card.facts.append(Fact(label, outline_text(node.children, base=1)))

    def progress(self, card: Card, paragraphs: list[Paragraph]) -> None:
        for node in outline_tree(paragraphs):
            card.progress.append((node.text, node.tail))
            for child in walk_nodes(node.children):
                self.recogniser.unplace(child.paragraph)

    def plan(self, card: Card, items: list) -> None:
        result = self.recogniser.result
        paragraphs = [item for item in items if isinstance(item, Paragraph)]
        # A steps table belongs to the plan item whose lines it follows.
        owner: dict[int, _Steps] = {}
        last_paragraph: Paragraph | None = None
        for item in items:
            if isinstance(item, _Steps):
                if last_paragraph is None:
                    self.recogniser.unplace(item.table)
                else:
                    owner[id(last_paragraph)] = item
            else:
                last_paragraph = item
        for node in outline_tree(paragraphs):
            target, schedule = _target_and_schedule(node.tail)
            details, housing = _housing(node.children)
            entry = PlanItem(node.text, target, schedule, outline_text(details, base=1))
            if housing:
                entry.data_block = DataBlock.HOUSING_PROJECTS
                result.housing = housing
                self.found(f"{node.paragraph.place}: {self.code} 공동주택건설 주요사업")
            for line in walk_nodes([node]):
                steps = owner.get(id(line.paragraph))
                if steps is not None:
                    entry.data_block = DataBlock.PROMOTION_STEPS
                    result.steps = [step for step in steps.steps if step]
                    self.found(f"{steps.table.place}: {self.code} 읍 승격 절차")
            card.plan_items.append(entry)

    def contacts(self, card: Card, table: Table) -> None:
        grid = table.grid()
        card.team = grid[0][1].rsplit("/", 1)[-1].strip() if len(grid[0]) > 1 else ""
        for row in grid:
            if len(row) >= 6 and row[3].strip():
                position, _, name = row[3].strip().rpartition(" ")
                card.contacts.append((position.strip(), name.strip(), row[5].strip()))
        self.found(f"{table.place}: {self.code} 담당 표 ({card.team}, {len(card.contacts)}명)")


def _paragraphs(items: list) -> tuple[list[Paragraph], list[Table]]:
    return (
        [item for item in items if isinstance(item, Paragraph)],
        [item for item in items if isinstance(item, Table)],
    )


def _fact_label(paragraph: Paragraph) -> str | None:
    """A 사업개요 line's label: its bold start after the ○ ("사업기간"), or None for a line
    without one (a note)."""
    bold = paragraph.leading_bold().strip()
    symbol, text, _ = split_line(paragraph)
    if not bold or symbol != "○":
        return None
    label = bold[1:].strip() if bold.startswith("○") else bold
    return label if label and text.startswith(label) else None


def _is_fact(paragraph: Paragraph) -> bool:
    return _fact_label(paragraph) is not None


def _next_is_fact(items: list) -> bool:
    return bool(items) and isinstance(items[0], Paragraph) and _is_fact(items[0])


def _dates(match: re.Match, place: str) -> tuple[datetime.date, datetime.date]:
    year, month, day, end_year, end_month, end_day = match.groups()
    try:
        start = datetime.date(int(year), int(month), int(day))
        if end_month is None:
            return start, start
        end = datetime.date(int(end_year or year), int(end_month), int(end_day))
    except ValueError as error:
        raise ReadingProblem(f"{place}: '{match.group(0)}'은(는) 날짜가 아닙니다.") from error
    return start, end


def _breakdown(text: str, place: str) -> list[tuple[str, int]]:
    parts = []
    for part in text.split(","):
        match = re.match(r"^\s*(.+?)\s*([\d,]+)\s*명\s*$", part)
        if not match:
            raise ReadingProblem(f"{place}: 정원외 인력 '{part.strip()}'을(를) 읽을 수 없습니다.")
        parts.append((match.group(1), number(match.group(2), place)))
    return parts


def _election(node: Node) -> Election | None:
    """An election's lines as the report prints them, or None when they are not."""
    head = _ELECTION_HEAD.match(node.text)
    if not head or len(node.children) < 2:
        return None
    votes = _ELECTION_VOTES.match(node.children[0].text)
    staff = _ELECTION_STAFF.match(node.children[1].text)
    if not votes or not staff:
        return None
    place = node.paragraph.place
    try:
        date = datetime.date(int(head.group(2)), int(head.group(3)), int(head.group(4)))
    except ValueError as error:
        raise ReadingProblem(f"{place}: '{node.text}'의 날짜를 읽을 수 없습니다.") from error
    return Election(
        name=head.group(1).strip(),
        date=date,
        electorate=number(votes.group(1), place),
        voters=number(votes.group(2), place),
        clerks=number(staff.group(1), place),
        polling_staff=number(staff.group(2), place),
        counting_staff=number(staff.group(3), place),
    )


def _welfare(node: Node) -> tuple[Welfare, list[Node]]:
    """A welfare program's line (name: period / N개소 / N명(note) / money) and the lines under
    it that were typed, not made from the record."""
    place = node.paragraph.place
    name, colon, rest = node.text.partition(": ")
    program = Welfare(name=name.strip())
    parts = [part.strip() for part in rest.split(" / ")] if colon else []
    for index, part in enumerate(parts):
        if match := re.fullmatch(r"([\d,]+)개소", part):
            program.facility_count = number(match.group(1), place)
        elif match := re.fullmatch(r"([\d,]+)명(?:\((.+)\))?", part):
            program.beneficiary_count = number(match.group(1), place)
            program.beneficiary_note = match.group(2) or ""
        elif match := re.fullmatch(r"1인당\s*([\d,]+)천원", part):
            program.per_person_amount = number(match.group(1), place)
        elif match := re.fullmatch(r"([\d,]+)천원", part):
            program.total_amount = number(match.group(1), place)
        elif index == 0:
            program.period = part
        else:
            raise ReadingProblem(f"{place}: 후생복지 사업의 '{part}'을(를) 읽을 수 없습니다.")
    rest_nodes = []
    for child in node.children:
        note = _PER_PERSON_NOTE.match(child.text)
        if child.paragraph.style == RECORD_STYLE and note and child.symbol == "※":
            program.per_person_amount = number(note.group(1), place)
        else:
            rest_nodes.append(child)
    return program, rest_nodes


def _target_and_schedule(tail: str) -> tuple[str, str]:
    """A plan item's "목표, 일정" after its tab: the whole as a schedule if it reads as one
    ("3월, 9월"), else a target before the last comma and a schedule after it ("3팀, 12월"),
    else a target ("각 1회")."""
    if not tail:
        return "", ""
    if _is_schedule(tail):
        return "", tail
    target, comma, schedule = tail.rpartition(", ")
    if comma and _is_schedule(schedule):
        return target.strip(), schedule.strip()
    return tail, ""


def _is_schedule(text: str) -> bool:
    try:
        schedule = parse_schedule(text)
    except ScheduleError:
        return False
    return schedule.kind != "text"


def _housing(children: list[Node]) -> tuple[list[Node], list[tuple[str, list[dict]]]]:
    """A plan item's lines without its ▣ 공동주택건설 주요사업 block, and the block's projects
    per township."""
    for index, node in enumerate(children):
        if node.symbol == "▣" and squash(node.text) == squash(
            str(DataBlock.HOUSING_PROJECTS.label)
        ):
            housing = []
            for township_node in children[index + 1 :]:
                match = _TOWNSHIP.match(township_node.text)
                if not match:
                    break
                projects = []
                for line in township_node.children:
                    category_match = _HOUSING_LINE.match(line.text)
                    if category_match is None:
                        raise ReadingProblem(
                            f"{line.paragraph.place}: 공동주택 '{line.text}'을(를) "
                            "읽을 수 없습니다."
                        )
                    category = category_match.group(1).strip()
                    for project in _HOUSING_PROJECT.finditer(category_match.group(2)):
                        projects.append(
                            {
                                "category": category,
                                "name": project.group(1).strip(),
                                "households": number(project.group(2), line.paragraph.place),
                                **({"completion": project.group(3)} if project.group(3) else {}),
                            }
                        )
                housing.append((match.group(1), projects))
            return children[:index] + children[index + 1 + len(housing) :], housing
    return children, []


def _funding_rows(table: Table, unit: str) -> list[dict]:
    grid = table.grid()
    sources = {squash(str(label)): value for value, label in FundingSource.choices}
    rows = []
    for index, row in enumerate(grid[1:], start=2):
        label = squash(row[0])
        if label in ("계", "합계"):
            continue
        place = f"{table.place} {index}행"
        if label not in sources:
            raise ReadingProblem(
                f"{place}: 재원 '{row[0]}'은(는) 국비, 도비, 군비, 기타 중 하나가 아닙니다."
            )
        values = [thousand_won(number(value, place), unit, place) for value in row[2:5]]
        entry = {"source": sources[label]}
        for key, value in zip(("prior_years", "current_year", "later_years"), values, strict=True):
            if value is not None:
                entry[key] = value
        if len(row) > 5 and row[5].strip():
            entry["remark"] = row[5].strip()
        rows.append(entry)
    return rows
