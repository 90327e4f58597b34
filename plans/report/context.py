"""The report context: everything a renderer (HTML page, PDF, Excel) prints for one plan,
read in a fixed number of queries and with every figure already computed by plans.rules.figures.

Renderers only lay this out; none of them adds, subtracts or formats a number of its own.

The context is plain data: frozen dataclasses of str, int, bool, Decimal, date, lists and
tuples, down to the last leaf. The rows it is read from (the plan, its department, session,
teams, cards, officers …) enter it as small records holding only what is printed or linked
to, never as model instances. A published version keeps its context as it was
(plans.workflow.freezing stores it as JSON), so it must print the same after a Django upgrade
or a change to the models; and the staff preview renders from the same kind of object as the
published pages, so the two cannot drift apart."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from budget.models import BudgetLine, CountyBudget, DisplayUnit, FundingRow
from civic.models import HousingProject, TownPromotionStep
from personnel import staffing as staffing_layout
from personnel.models import Grade, Officer, StaffingCount, Team
from personnel.staffing import HeaderCell
from plans.models import (
    AchievementGroup,
    AchievementItem,
    CouncilSession,
    DataBlock,
    PlanItem,
    PlanStatus,
    ProgressItem,
    Section,
    TaskCard,
    WorkPlan,
)
from plans.rules import figures
from plans.rules.outline import OutlineNode, parse_outline

# ---------------------------------------------------------------------------------------------
# Records: what the report prints of a row, or needs to link to it


@dataclass(frozen=True)
class PlanRecord:
    year: int
    policy_goal: str


@dataclass(frozen=True)
class OrganizationRecord:
    name: str


@dataclass(frozen=True)
class BureauRecord:
    name: str


@dataclass(frozen=True)
class DepartmentRecord:
    pk: int  # the comparison with last year looks up the department's other plans
    name: str
    slug: str


@dataclass(frozen=True)
class SessionRecord:
    number: int
    kind_label: str  # 임시회, 정례회
    start_date: datetime.date
    end_date: datetime.date
    name: str  # 제353회 임시회, as the session printed itself when the report was read

    def __str__(self) -> str:
        return self.name

    @property
    def report_date(self) -> datetime.date:
        """보고일: the day the plan is presented to the council. The portal keeps the session's
        dates, not the day each department's turn came (the seed prints only 2023. 2. 16. ~
        2. 23.), so it is the session's first day. It is never the day the plan went on line
        (게시일, the published version's time): the two are printed apart, each labelled."""
        return self.start_date


def session_record(session: CouncilSession) -> SessionRecord:
    return SessionRecord(
        number=session.number,
        kind_label=str(session.get_kind_display()),
        start_date=session.start_date,
        end_date=session.end_date,
        name=str(session),
    )


@dataclass(frozen=True)
class TeamRecord:
    pk: int  # the plan page's team filter names a team by it
    name: str
    functions: str
    order: int


def team_record(team: Team) -> TeamRecord:
    return TeamRecord(pk=team.pk, name=team.name, functions=team.functions, order=team.order)


@dataclass(frozen=True)
class CardRecord:
    pk: int  # the 게시 전 점검 links to the card's admin page
    section: str
    number: int
    title: str
    facts_title: str
    team_id: int
    team_name: str
    team_is_active: bool  # the 게시 전 점검 refuses a card of an abolished team
    department_name: str
    # 사업구분, as the plan page's filter reads them (CardView.kinds has their labels)
    is_continuing: bool
    is_new: bool
    is_pending_issue: bool


def card_record(card: TaskCard) -> CardRecord:
    return CardRecord(
        pk=card.pk,
        section=str(card.section),
        number=card.number,
        title=card.title,
        facts_title=card.facts_title,
        team_id=card.team_id,
        team_name=card.team.name,
        team_is_active=card.team.is_active,
        department_name=card.team.department.name,
        is_continuing=card.is_continuing,
        is_new=card.is_new,
        is_pending_issue=card.is_pending_issue,
    )


@dataclass(frozen=True)
class ProgressRecord:
    """A line of 추진상황."""

    text: str
    schedule: str


def progress_record(item: ProgressItem) -> ProgressRecord:
    return ProgressRecord(text=item.text, schedule=item.schedule)


@dataclass(frozen=True)
class PlanItemRecord:
    """A line of 추진계획 (its sub-items are PlanItemView.details)."""

    text: str
    schedule: str
    target: str


def plan_item_record(item: PlanItem) -> PlanItemRecord:
    return PlanItemRecord(text=item.text, schedule=item.schedule, target=item.target)


@dataclass(frozen=True)
class OfficerRecord:
    """A 담당자 as the card prints them."""

    position: str
    name: str
    phone: str
    team_name: str
    is_active: bool  # the 게시 전 점검 refuses a contact no longer in office


def officer_record(officer: Officer) -> OfficerRecord:
    return OfficerRecord(
        position=officer.position,
        name=officer.name,
        phone=officer.phone,
        team_name=officer.team.name,
        is_active=officer.is_active,
    )


# ---------------------------------------------------------------------------------------------
# I-1 기구 및 인력: the staffing table (team × grade) and its totals


@dataclass(frozen=True)
class StaffingColumn:
    label: str
    category: str  # a GradeCategory value
    grade_ids: tuple[int, ...]
    is_subtotal: bool = False


@dataclass(frozen=True)
class StaffingRow:
    label: str
    total: int
    cells: tuple[int, ...]


@dataclass(frozen=True)
class StaffingTable:
    year: int
    columns: list[StaffingColumn]
    rows: list[StaffingRow]
    total: StaffingRow
    authorized: int  # 정원
    current: int  # 현원 (without 정원외)
    supernumerary: int  # 정원외
    supernumerary_breakdown: list[tuple[str, int]]
    team_count: int

    # Computed when printed, so a frozen report holds only the table (plans.report.codec).
    @property
    def header_top(self) -> list[HeaderCell]:
        """First header row: categories, spanning their grade columns when broken down."""
        return staffing_layout.header_top(self.columns)

    @property
    def header_bottom(self) -> list[HeaderCell]:
        return [HeaderCell(column.label) for column in staffing_layout.header_bottom(self.columns)]


def staffing_table(*, department, year: int) -> StaffingTable:
    """The seed's 인력 table for a department in a year (2 queries), laid out by
    personnel.staffing as the admin's grid is."""
    grades = list(Grade.objects.all())
    counts = list(
        StaffingCount.objects.filter(team__department=department, year=year).select_related(
            "team", "grade"
        )
    )
    layout = staffing_layout.staffing_columns(grades, every_grade=False)
    columns = [
        # The category as its plain value (str() of a choice): a frozen report holds no enums.
        StaffingColumn(column.label, str(column.category), column.grade_ids, column.is_subtotal)
        for column in layout
    ]
    by_team: dict[int, dict[int, int]] = defaultdict(dict)
    teams: dict[int, Team] = {}
    for count in counts:
        by_team[count.team_id][count.grade_id] = count.current
        teams[count.team_id] = count.team

    def row(label: str, cells_by_grade: dict[int, int]) -> StaffingRow:
        cells = tuple(staffing_layout.column_values(layout, cells_by_grade))
        return StaffingRow(label, staffing_layout.row_total(cells_by_grade), cells)

    ordered = sorted(teams.values(), key=lambda team: team.order)
    rows = [row(team.name, by_team[team.pk]) for team in ordered]
    sums = figures.column_sums([[r.total, *r.cells] for r in rows]) if rows else []
    total = StaffingRow("합계", sums[0], tuple(sums[1:])) if rows else row("합계", {})

    regular = [count for count in counts if not count.grade.is_supernumerary]
    extra = [count for count in counts if count.grade.is_supernumerary]
    breakdown: dict[str, int] = defaultdict(int)
    for count in sorted(extra, key=lambda c: c.grade.order):
        breakdown[count.grade.name] += count.current
    return StaffingTable(
        year=year,
        columns=columns,
        rows=rows,
        total=total,
        authorized=figures.sum_values(count.authorized for count in regular),
        current=figures.sum_values(count.current for count in regular),
        supernumerary=figures.sum_values(count.current for count in extra),
        supernumerary_breakdown=[(name, n) for name, n in breakdown.items() if n],
        team_count=len(rows),
    )


# ---------------------------------------------------------------------------------------------
# I-3 예산규모: this year's budget against last year's, and the share of the county budget


@dataclass(frozen=True)
class BudgetRow:
    label: str
    current: int  # in the table's unit
    previous: int | None
    change: figures.Change | None


@dataclass(frozen=True)
class BudgetTable:
    year: int
    previous_year: int
    account_label: str
    stage_label: str
    unit: str
    rows: list[BudgetRow]
    total: BudgetRow
    total_thousand_won: int
    county_share: Decimal | None

    @property
    def caption(self) -> str:
        return figures.unit_caption(self.unit)


BUDGET_UNIT = DisplayUnit.MILLION


def budget_table(
    *, department, year: int, account: str = "general", stage: str = "original"
) -> BudgetTable:
    """Budget by heading for ``year`` against ``year − 1`` (2 queries).

    증감 is computed from the amounts as printed (in the table's unit), so every row reads
    consistently to someone checking it with a pencil."""
    lines = list(
        BudgetLine.objects.filter(
            department=department, fiscal_year__in=[year, year - 1], account=account, stage=stage
        ).select_related("team")
    )
    current = sorted((line for line in lines if line.fiscal_year == year), key=lambda x: x.order)
    previous = {line.match_key: line for line in lines if line.fiscal_year == year - 1}
    unit = str(BUDGET_UNIT)

    def shown(amount: int) -> int:
        return int(figures.money_in_unit(amount, unit))

    rows: list[BudgetRow] = []
    for line in current:
        before = previous.pop(line.match_key, None)
        before_shown = shown(before.amount) if before else None
        rows.append(
            BudgetRow(
                line.label,
                shown(line.amount),
                before_shown,
                figures.change(shown(line.amount), before_shown or 0),
            )
        )
    # Headings that existed last year but not this year still belong in the comparison.
    for line in sorted(previous.values(), key=lambda x: x.order):
        rows.append(
            BudgetRow(line.label, 0, shown(line.amount), figures.change(0, shown(line.amount)))
        )
    total_current = figures.sum_values(row.current for row in rows)
    total_previous = figures.sum_values(row.previous for row in rows)
    total = BudgetRow(
        "계", total_current, total_previous, figures.change(total_current, total_previous)
    )
    county = CountyBudget.objects.filter(
        organization_id=department.organization_id,
        fiscal_year=year,
        account=account,
        stage=stage,
    ).first()
    total_thousand = figures.sum_values(line.amount for line in current)
    account_label = dict(BudgetLine._meta.get_field("account").choices)[account]
    stage_label = dict(BudgetLine._meta.get_field("stage").choices)[stage]
    return BudgetTable(
        year=year,
        previous_year=year - 1,
        account_label=str(account_label),
        stage_label=str(stage_label),
        unit=unit,
        rows=rows,
        total=total,
        total_thousand_won=total_thousand,
        county_share=figures.share(total_thousand, county.total) if county else None,
    )


# ---------------------------------------------------------------------------------------------
# 소요예산: a card's funding table


@dataclass(frozen=True)
class FundingTableRow:
    label: str
    total: int
    periods: tuple[int | None, int | None, int | None]
    remark: str = ""


@dataclass(frozen=True)
class FundingTable:
    unit: str
    period_labels: tuple[str, str, str]
    rows: list[FundingTableRow]
    total: FundingTableRow
    # The exact sum in 천원, beside the 계 of the rounded cells (the 게시 전 점검 compares them).
    total_thousand_won: int

    @property
    def caption(self) -> str:
        return figures.unit_caption(self.unit)

    @property
    def shows_total_row(self) -> bool:
        """The seed prints a 계 row only when there is more than one source."""
        return len(self.rows) > 1


def funding_table(card: TaskCard, *, year: int) -> FundingTable | None:
    rows_in_db: list[FundingRow] = list(card.funding_rows.all())
    if not rows_in_db:
        return None
    unit = str(card.funding_unit)

    def shown(amount: int | None) -> int | None:
        return None if amount is None else int(figures.money_in_unit(amount, unit))

    rows = []
    for row in rows_in_db:
        periods = tuple(shown(value) for value in row.periods)
        rows.append(
            FundingTableRow(
                row.get_source_display(), figures.sum_values(periods), periods, row.remark
            )
        )
    sums = figures.column_sums([[r.total, *r.periods] for r in rows])
    total = FundingTableRow("계", sums[0], (sums[1], sums[2], sums[3]))
    total_thousand_won = figures.sum_values(row.total for row in rows_in_db)
    return FundingTable(
        unit, figures.funding_period_labels(year, printed=True), rows, total, total_thousand_won
    )


# ---------------------------------------------------------------------------------------------
# II 주요성과: prose bullets, and lines generated from records (elections, welfare programs)


def _node(text: str, children: list[OutlineNode] | None = None, *, marker=None, kind="bullet"):
    return OutlineNode(kind=kind, marker=marker, text=text, children=children or [])


def election_nodes(election) -> OutlineNode:
    rate = figures.format_percent(figures.turnout(election.voters, election.electorate))
    return _node(
        f"{election.name}: {figures.format_date(election.date)}",
        [
            _node(
                f"선거인수: {figures.format_number(election.electorate)}명 / "
                f"투표자수: {figures.format_number(election.voters)}명 / 투표율: {rate}"
            ),
            _node(
                f"선거사무 종사자: 간사서기 {figures.format_number(election.clerks)}명, "
                f"(사전)투표 {figures.format_number(election.polling_staff)}명, "
                f"개표 {figures.format_number(election.counting_staff)}명"
            ),
        ],
    )


def welfare_node(program) -> OutlineNode:
    parts: list[str] = []
    if program.period:
        parts.append(program.period)
    if program.facility_count is not None:
        parts.append(f"{figures.format_number(program.facility_count)}개소")
    if program.beneficiary_count is not None:
        note = f"({program.beneficiary_note})" if program.beneficiary_note else ""
        parts.append(f"{figures.format_number(program.beneficiary_count)}명{note}")
    children: list[OutlineNode] = []
    if program.total_amount is not None:
        parts.append(figures.format_money(program.total_amount))
        if program.per_person_amount is not None:
            per_person = figures.format_money(program.per_person_amount)
            children.append(_node(f"1인당 {per_person} 지원", marker="※", kind="note"))
    elif program.per_person_amount is not None:
        parts.append(f"1인당 {figures.format_money(program.per_person_amount)}")
    head = f"{program.name}: {' / '.join(parts)}" if parts else program.name
    return _node(head, children)


def achievement_nodes(item: AchievementItem) -> list[OutlineNode]:
    nodes = parse_outline(item.text)
    if item.election_id:
        head = election_nodes(item.election)
    elif item.welfare_program_id:
        head = welfare_node(item.welfare_program)
    else:
        return nodes
    head.children.extend(nodes)
    return [head]


@dataclass(frozen=True)
class AchievementSection:
    title: str
    nodes: list[OutlineNode]


# ---------------------------------------------------------------------------------------------
# IV, V: task cards


@dataclass(frozen=True)
class FactView:
    label: str
    inline: str
    children: list[OutlineNode]


def fact_view(fact) -> FactView:
    """A fact with one top-level line prints it beside its label; with several, under it."""
    nodes = parse_outline(fact.value)
    if fact.label and len(nodes) == 1:
        return FactView(fact.label, nodes[0].text, nodes[0].children)
    return FactView(fact.label, "", nodes)


@dataclass(frozen=True)
class PlanItemView:
    item: PlanItemRecord
    details: list[OutlineNode]
    data_block: str  # a DataBlock value
    housing: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CardView:
    card: CardRecord
    anchor: str
    code: str  # IV-3, V-1
    kinds: list[str]
    overview: list[OutlineNode]
    facts: list[FactView]
    policies: list[OutlineNode]
    progress: list[ProgressRecord]
    plan_items: list[PlanItemView]
    funding: FundingTable | None
    effects: list[OutlineNode]
    contacts: list[OfficerRecord]

    @property
    def funding_total_text(self) -> str:
        """<소요예산>: 348백만원"""
        if self.funding is None:
            return ""
        return f"{figures.format_number(self.funding.total.total)}{self.funding.unit}"


def housing_lines(projects: list[HousingProject]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Per township, one line per project category: ('맹동면', [('행복주택', '근로자전용(294세대,
    24년 하반기 준공), 일자리연계(300세대)'), …])."""
    by_township: dict[str, dict[str, list[str]]] = {}
    for project in projects:
        detail = f"{figures.format_number(project.households)}세대"
        if project.completion:
            detail += f", {project.completion} 준공"
        categories = by_township.setdefault(project.township.name, {})
        categories.setdefault(project.category, []).append(f"{project.name}({detail})")
    return [
        (township, [(category, ", ".join(names)) for category, names in categories.items()])
        for township, categories in by_township.items()
    ]


def civic_blocks(organization_ids: set[int]) -> dict[int, dict]:
    """Civic tables a plan item can show (housing projects of the towns being promoted, the
    promotion procedure), per organization, in two queries whatever the number of cards."""
    projects = HousingProject.objects.filter(
        township__organization__in=organization_ids, township__promotion__isnull=False
    ).select_related("township")
    by_organization: dict[int, list[HousingProject]] = defaultdict(list)
    for project in projects:
        by_organization[project.township.organization_id].append(project)
    steps = list(TownPromotionStep.objects.values_list("name", flat=True))
    return {
        pk: {"housing": housing_lines(by_organization[pk]), "steps": steps}
        for pk in organization_ids
    }


def plan_item_view(item: PlanItem, *, civic: dict) -> PlanItemView:
    """A line of 추진계획 with its sub-items, and the civic table it shows if any."""
    data_block = str(item.data_block)
    return PlanItemView(
        plan_item_record(item),
        parse_outline(item.details),
        data_block,
        housing=civic["housing"] if data_block == DataBlock.HOUSING_PROJECTS else [],
        steps=civic["steps"] if data_block == DataBlock.PROMOTION_STEPS else [],
    )


def card_view(card: TaskCard, *, year: int, civic: dict) -> CardView:
    return CardView(
        card=card_record(card),
        anchor=f"card-{card.section}-{card.number}",
        code=card.code,
        kinds=card.kinds,
        overview=parse_outline(card.overview),
        facts=[fact_view(fact) for fact in card.facts.all()],
        policies=parse_outline(card.policies),
        progress=[progress_record(item) for item in card.progress_items.all()],
        plan_items=[plan_item_view(item, civic=civic) for item in card.plan_items.all()],
        funding=funding_table(card, year=year),
        effects=parse_outline(card.expected_effects),
        contacts=[officer_record(contact.officer) for contact in card.contacts.all()],
    )


# ---------------------------------------------------------------------------------------------
# The whole report


@dataclass(frozen=True)
class PlanReport:
    plan: PlanRecord
    organization: OrganizationRecord
    bureau: BureauRecord | None  # None: the department sits directly under the county
    department: DepartmentRecord
    session: SessionRecord
    is_published: bool
    org_summary: str
    staffing: StaffingTable
    teams: list[TeamRecord]
    budget: BudgetTable
    achievements: list[AchievementSection]
    directions: list[OutlineNode]
    key_tasks: list[tuple[str, str]]
    main_cards: list[CardView]
    special_cards: list[CardView]

    @property
    def cards(self) -> list[CardView]:
        return [*self.main_cards, *self.special_cards]

    # Chapters I–IV are the form's (DESIGN.md §2: every department's report has the same
    # chapters) and the task cards' codes carry their numeral (IV-3, V-1) in every address, file
    # and sheet, so an empty chapter keeps its place and numeral and says 해당 없음 (on the same
    # page as the next chapter in print) rather than being left out and renumbering the rest.
    # Only V 특수시책, which the form has only where a department has such tasks, is left out.

    @property
    def has_achievements(self) -> bool:
        return bool(self.achievements)

    @property
    def has_policy(self) -> bool:
        return bool(self.plan.policy_goal or self.directions or self.key_tasks)


def plan_report(plan: WorkPlan) -> PlanReport:
    """Everything the report prints for ``plan``, in a fixed number of queries."""
    plan = WorkPlan.objects.with_context().get(pk=plan.pk)
    department = plan.department
    organization = department.organization
    staffing = staffing_table(department=department, year=plan.year)
    teams = list(Team.objects.filter(department=department, is_active=True).order_by("order"))
    groups = AchievementGroup.objects.filter(plan=plan).prefetch_related(
        Prefetch(
            "items",
            queryset=AchievementItem.objects.select_related("election", "welfare_program"),
        )
    )
    achievements = [
        AchievementSection(
            group.title, [node for item in group.items.all() for node in achievement_nodes(item)]
        )
        for group in groups
    ]
    civic = civic_blocks({organization.pk})[organization.pk]
    cards = [
        card_view(card, year=plan.year, civic=civic)
        for card in TaskCard.objects.filter(plan=plan).for_report()
    ]
    key_tasks = [
        (figures.circled(number), node.text)
        for number, node in enumerate(parse_outline(plan.key_tasks), start=1)
    ]
    return PlanReport(
        plan=PlanRecord(year=plan.year, policy_goal=plan.policy_goal),
        organization=OrganizationRecord(name=organization.name),
        bureau=BureauRecord(name=department.bureau.name) if department.bureau else None,
        department=DepartmentRecord(pk=department.pk, name=department.name, slug=department.slug),
        session=session_record(plan.session),
        is_published=plan.status == PlanStatus.PUBLISHED,
        org_summary=figures.org_summary(
            departments=1, teams=staffing.team_count or len(teams), kind=department.kind_label
        ),
        staffing=staffing,
        teams=[team_record(team) for team in teams],
        budget=budget_table(department=department, year=plan.year),
        achievements=achievements,
        directions=parse_outline(plan.policy_directions),
        key_tasks=key_tasks,
        main_cards=[view for view in cards if view.card.section == Section.MAIN],
        special_cards=[view for view in cards if view.card.section == Section.SPECIAL],
    )
