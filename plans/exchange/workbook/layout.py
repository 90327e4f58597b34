"""The layout of the whole-plan workbook, shared by its writer (plans.exchange.workbook.writer)
and its reader (plans.exchange.workbook.reader), so the two cannot drift apart.

Every sheet has the same shape: row 1 is a caption stating what the table is and its unit
(``(단위: 천원)``), row 2 the Korean column headers, and the data starts on row 3. Data sheets
hold the plan document's inputs, one row per record; columns marked ``(자동 계산)`` and the view
sheets (인력현황표, 예산비교) hold figures computed by plans.rules.figures and are never read
as input."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.db import models

from budget.models import Account, BudgetLine, CountyBudget, DisplayUnit, FundingRow, Stage
from budget.models import FundingSource as FundingSourceChoices
from civic.models import (
    CouncilStage,
    Election,
    FieldVisit,
    HometownDonation,
    HometownLoveFund,
    HousingProject,
    ParticipationPointYear,
    ResidentCouncil,
    TownPromotionRule,
    TownPromotionStep,
    TownPromotionTarget,
    Township,
    TownshipKind,
    VisitKind,
)
from personnel.models import (
    Bureau,
    Department,
    DepartmentKind,
    GradeCategory,
    Officer,
    Organization,
    StaffingCount,
    Team,
    WelfareProgram,
)
from personnel.models import Grade as GradeModel
from plans.models import (
    SECTION_NUMERALS,
    AchievementGroup,
    AchievementItem,
    CardContact,
    CardFact,
    CouncilSession,
    DataBlock,
    PlanItem,
    PlanStatus,
    ProgressItem,
    Section,
    SessionKind,
    TaskCard,
    WorkPlan,
)
from plans.rules import figures

CAPTION_ROW = 1
HEADER_ROW = 2
FIRST_DATA_ROW = 3

#: The unit every money column of the data sheets is in: money is stored in 천원, exactly.
MONEY_UNIT = "천원"

#: Marks a column whose value the portal computes (it is checked on import, never stored).
COMPUTED_MARK = "(자동 계산)"

#: 사업구분 labels of a card, in the report's order (the document's ``kinds``).
CARD_KINDS = ("계속", "신규", "현안")

#: Section codes as the report numbers them (과제 IV-3, V-1).


class Kind(enum.StrEnum):
    TEXT = "text"  # one line
    LONG_TEXT = "long_text"  # several lines (outline markup), wrapped
    SCHEDULE = "schedule"  # '23. 3., 연중 …: text, checked by the model's schedule validator
    INTEGER = "integer"  # an ordinal: 순서, 번호, 회차, 월
    COUNT = "count"  # people, posts, households: #,##0
    MONEY = "money"  # 천원: #,##0, never negative
    DECIMAL = "decimal"  # a ratio such as 40(%) or 72.04(%)
    YEAR = "year"
    DATE = "date"
    TIME = "time"
    DATETIME = "datetime"
    BOOLEAN = "boolean"  # 예 / 아니오
    CHOICE = "choice"  # one of a TextChoices' Korean labels


NUMERIC_KINDS = frozenset({Kind.INTEGER, Kind.COUNT, Kind.MONEY, Kind.DECIMAL, Kind.YEAR})
TEXT_KINDS = frozenset({Kind.TEXT, Kind.LONG_TEXT, Kind.SCHEDULE, Kind.CHOICE, Kind.BOOLEAN})

YES, NO = "예", "아니오"


@dataclass(frozen=True)
class Column:
    header: str
    key: str  # the row's key (mostly the document's key for the value)
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: type[models.TextChoices] | None = None
    computed: bool = False  # written by the portal; on import only checked
    field: str | None = None  # the model field whose validators check the value (default: key)

    def choice_labels(self) -> list[tuple[str, str]]:
        """(stored value, Korean label) pairs; call with the Korean language active."""
        assert self.choices is not None
        return [(value, str(label)) for value, label in self.choices.choices]


@dataclass(frozen=True)
class Sheet:
    title: str
    caption: str
    columns: tuple[Column, ...]
    model: type[models.Model] | None = None
    # Column keys whose values together may appear in one row only.
    unique: tuple[tuple[str, ...], ...] = ()
    # Call the model's clean() on each row: only for models whose clean() reads its own fields.
    row_clean: bool = False
    max_rows: int | None = None  # a one-row table (고향사랑기금, 읍승격요건)

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    @property
    def input_columns(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if not column.computed)


def _card(header: str = "과제") -> Column:
    return Column(header, "card", Kind.TEXT, required=True)


def _order(header: str = "순서") -> Column:
    return Column(header, "order", Kind.INTEGER, required=True)


# ---------------------------------------------------------------------------------------------
# 안내: the plan itself, as 항목 | 값 rows


@dataclass(frozen=True)
class InfoField:
    label: str
    key: str  # dotted path in the document: plan.session.number …
    kind: Kind = Kind.TEXT
    required: bool = True
    model: type[models.Model] | None = None
    field: str | None = None
    choices: type[models.TextChoices] | None = None
    repeated: bool = False
    # Shown for information only: an upload never reads it (the plan's 상태 and 게시 시각 are
    # changed in the admin, by those allowed to publish).
    shown_only: bool = False

    def as_column(self) -> Column:
        return Column(
            self.label, self.key, self.kind, self.required, self.choices, False, self.field
        )


INFO_TITLE = "안내"
INFO_HEADERS = ("항목", "값")
NOTES_LABEL = "정정 내역"
# The content version of the plan the file was exported from; an upload over a plan that has
# changed since then is refused (see plans.exchange.workbook.reader.plan_version).
VERSION_LABEL = "내보낸 판"
BUREAU_NAME, BUREAU_ORDER = "bureau.name", "bureau.order"
INFO_FIELDS = (
    InfoField("기관", "organization", model=Organization, field="name"),
    # 국 and 국 순서 are blank for a department directly under the county (기획감사실).
    InfoField("국", BUREAU_NAME, required=False, model=Bureau, field="name"),
    InfoField("국 순서", BUREAU_ORDER, Kind.INTEGER, required=False, model=Bureau, field="order"),
    InfoField("과", "department.name", model=Department, field="name"),
    InfoField("과 주소용 이름", "department.slug", model=Department, field="slug"),
    InfoField("과 순서", "department.order", Kind.INTEGER, model=Department, field="order"),
    # Not required: a workbook written before departments had kinds is a 과's.
    InfoField(
        "부서 종류",
        "department.kind",
        Kind.CHOICE,
        required=False,
        model=Department,
        field="kind",
        choices=DepartmentKind,
    ),
    InfoField("연도", "plan.year", Kind.YEAR, model=WorkPlan, field="year"),
    InfoField(
        "의회 회기(회)", "plan.session.number", Kind.INTEGER, model=CouncilSession, field="number"
    ),
    InfoField(
        "회기 구분",
        "plan.session.kind",
        Kind.CHOICE,
        model=CouncilSession,
        field="kind",
        choices=SessionKind,
    ),
    InfoField(
        "회기 시작일",
        "plan.session.start_date",
        Kind.DATE,
        model=CouncilSession,
        field="start_date",
    ),
    InfoField(
        "회기 종료일", "plan.session.end_date", Kind.DATE, model=CouncilSession, field="end_date"
    ),
    # The day the plan is presented (the session's first day, plans.report.context
    # .SessionRecord.report_date), shown beside 게시 시각 so the two are not taken for one.
    InfoField("보고일", "plan.report_date", Kind.DATE, required=False, shown_only=True),
    InfoField(
        "상태",
        "plan.status",
        Kind.CHOICE,
        required=False,
        model=WorkPlan,
        field="status",
        choices=PlanStatus,
        shown_only=True,
    ),
    InfoField(
        "게시 시각",
        "plan.published_at",
        Kind.DATETIME,
        required=False,
        model=WorkPlan,
        field="published_at",
        shown_only=True,
    ),
    InfoField("문서 형식", "format", Kind.INTEGER, required=False),
    InfoField(VERSION_LABEL, "version", Kind.TEXT, required=False),
    InfoField(NOTES_LABEL, "notes", Kind.TEXT, required=False, repeated=True),
)

# ---------------------------------------------------------------------------------------------
# Data sheets, in the report's order


class PolicyPart(models.TextChoices):
    """The three parts of III. 정책방향, as rows of the 정책방향 sheet."""

    GOAL = "policy_goal", "정책목표"
    DIRECTIONS = "policy_directions", "추진방향"
    KEY_TASKS = "key_tasks", "역점과제"


TEAMS = Sheet(
    "팀",
    "팀과 주요기능 (순서는 보고서의 팀 순서)",
    (
        _order(),
        Column("팀", "name", required=True),
        Column("주요기능", "functions", Kind.LONG_TEXT),
        Column("운영 중", "is_active", Kind.BOOLEAN),
    ),
    Team,
    unique=(("order",), ("name",)),
)

STAFFING = Sheet(
    "인력",
    "(단위: 명) 팀·직급별 정원과 현원. 정원외 인력은 정원을 비워 둡니다. 합계는 '인력현황표' 시트",
    (
        Column("연도", "year", Kind.YEAR, required=True),
        Column("팀", "team", required=True),
        Column("구분", "category", Kind.CHOICE, required=True, choices=GradeCategory),
        Column("직급", "grade_name", required=True),
        Column("정원", "authorized", Kind.COUNT),
        Column("현원", "current", Kind.COUNT, required=True),
    ),
    StaffingCount,
    unique=(("year", "team", "category", "grade_name"),),
)

BUDGET = Sheet(
    "예산",
    "(단위: 천원) 부서 예산: 팀 또는 기타 항목(예비비 등)별 금액. 계와 증감은 '예산비교' 시트",
    (
        Column("회계연도", "fiscal_year", Kind.YEAR, required=True),
        Column("회계", "account", Kind.CHOICE, required=True, choices=Account),
        Column("예산 단계", "stage", Kind.CHOICE, required=True, choices=Stage),
        _order(),
        Column("팀", "team"),
        Column("기타 항목", "heading"),
        Column("금액", "amount", Kind.MONEY, required=True),
    ),
    BudgetLine,
    unique=(
        ("fiscal_year", "account", "stage", "order"),
        ("fiscal_year", "account", "stage", "team", "heading"),
    ),
)

COUNTY_BUDGET = Sheet(
    "군예산",
    "(단위: 천원) 군 전체 예산: 부서 예산이 차지하는 비율을 계산하는 데 씁니다",
    (
        Column("회계연도", "fiscal_year", Kind.YEAR, required=True),
        Column("회계", "account", Kind.CHOICE, required=True, choices=Account),
        Column("예산 단계", "stage", Kind.CHOICE, required=True, choices=Stage),
        Column("총액", "total", Kind.MONEY, required=True),
        Column("비고", "note"),
    ),
    CountyBudget,
    unique=(("fiscal_year", "account", "stage"),),
)

ACHIEVEMENTS = Sheet(
    "주요성과",
    "II. 전년도 주요성과의 □ 제목 (항목은 '주요성과항목' 시트)",
    (_order(), Column("제목", "title", required=True)),
    AchievementGroup,
    unique=(("order",),),
)

ACHIEVEMENT_ITEMS = Sheet(
    "주요성과항목",
    "주요성과 제목 아래의 항목. 선거나 후생복지 사업을 적으면 그 수치는 해당 시트에서 계산합니다",
    (
        Column("주요성과 순서", "group", Kind.INTEGER, required=True),
        _order(),
        Column("선거", "election"),
        Column("후생복지 연도", "welfare_year", Kind.YEAR),
        Column("후생복지 사업", "welfare_name"),
        Column("내용", "text", Kind.LONG_TEXT),
    ),
    AchievementItem,
    unique=(("group", "order"),),
)

POLICY = Sheet(
    "정책방향",
    "III. 정책방향: 정책목표(한 줄), 추진방향, 역점과제(번호 ①, ②…는 자동으로 붙습니다)",
    (
        Column("구분", "part", Kind.CHOICE, required=True, choices=PolicyPart),
        _order(),
        Column("내용", "text", required=True),
    ),
    None,
    unique=(("part", "order"),),
)

CARDS = Sheet(
    "과제",
    "IV. 주요업무계획과 V. 특수시책의 과제. 다른 시트는 'IV-3', 'V-1'처럼 과제를 가리킵니다",
    (
        Column("구분", "section", Kind.CHOICE, required=True, choices=Section),
        Column("번호", "number", Kind.INTEGER, required=True),
        Column("과제명", "title", required=True),
        Column("담당 팀", "team", required=True),
        Column("사업구분", "kinds"),
        # The card of last year's plan this one continues, by its number ("IV-3"; a title after
        # the number is allowed and ignored), for the comparison with last year.
        Column("이어받은 작년 과제", "continues"),
        Column("개요", "overview", Kind.LONG_TEXT),
        Column("사업개요 제목", "facts_title"),
        Column("추진방침", "policies", Kind.LONG_TEXT),
        Column("기대효과", "expected_effects", Kind.LONG_TEXT),
        Column("소요예산 단위", "funding_unit", Kind.CHOICE, choices=DisplayUnit),
    ),
    TaskCard,
    unique=(("section", "number"),),
)

FACTS = Sheet(
    "사업개요",
    "과제의 사업개요 항목 (사업기간, 대상, 내용 …)",
    (_card(), _order(), Column("항목", "label"), Column("내용", "value", Kind.LONG_TEXT, True)),
    CardFact,
    unique=(("card", "order"),),
)

PROGRESS = Sheet(
    "추진상황",
    "과제의 추진상황 (일정 예: '22. 4. ~ 5., '23. 1.)",
    (
        _card(),
        _order(),
        Column("내용", "text", required=True),
        Column("일정", "schedule", Kind.SCHEDULE),
    ),
    ProgressItem,
    unique=(("card", "order"),),
)

PLAN_ITEMS = Sheet(
    "추진계획",
    "과제의 추진계획 (일정 예: '23. 3., '23. 5. ~ 9., 연중, 매월, 3월, 9월)",
    (
        _card(),
        _order(),
        Column("내용", "text", required=True),
        Column("일정", "schedule", Kind.SCHEDULE),
        Column("목표", "target"),
        Column("세부 내용", "details", Kind.LONG_TEXT),
        Column("함께 표시할 자료", "data_block", Kind.CHOICE, choices=DataBlock),
    ),
    PlanItem,
    unique=(("card", "order"),),
)

FUNDING = Sheet(
    "소요예산",
    "(단위: 천원) 과제의 소요예산. 보고서에는 '과제' 시트의 소요예산 단위로 표시합니다",
    (
        _card(),
        _order(),
        Column("재원", "source", Kind.CHOICE, required=True, choices=FundingSourceChoices),
        # The periods by their names without a year, so a file's columns do not move with it.
        *(Column(label, name, Kind.MONEY) for name, label in figures.FUNDING_PERIODS),
        Column(f"계{COMPUTED_MARK}", "total", Kind.MONEY, computed=True),
        Column("비고", "remark"),
    ),
    FundingRow,
    unique=(("card", "order"), ("card", "source")),
    row_clean=True,
)

CONTACTS = Sheet(
    "담당자",
    "과제의 담당자 (담당자는 '담당자명부' 시트에 있어야 합니다)",
    (
        _card(),
        _order(),
        Column("팀", "team", required=True),
        Column("성명", "name", required=True),
        Column("전화번호", "phone"),
    ),
    CardContact,
    unique=(("card", "order"), ("card", "team", "name", "phone")),
)

OFFICERS = Sheet(
    "담당자명부",
    "담당자 명부: 팀별 담당자 (직급 구분은 '직급' 시트의 구분과 직급, 예: 일반직 6급, 연구직)",
    (
        Column("팀", "team", required=True),
        Column("성명", "name", required=True),
        Column("직렬·직급", "position", required=True),
        Column("직급 구분", "grade"),
        Column("전화번호", "phone", required=True),
        Column("재직 중", "is_active", Kind.BOOLEAN),
    ),
    Officer,
    unique=(("team", "name", "phone"),),
)

GRADES = Sheet(
    "직급",
    "직급: 인력 표의 열 순서 (모든 과가 함께 씁니다)",
    (
        _order(),
        Column("구분", "category", Kind.CHOICE, required=True, choices=GradeCategory),
        Column("직급", "name", required=True),
    ),
    GradeModel,
    unique=(("order",), ("category", "name")),
)

WELFARE = Sheet(
    "후생복지",
    "(단위: 천원) 직원 후생복지 사업 실적",
    (
        Column("연도", "year", Kind.YEAR, required=True),
        _order(),
        Column("사업명", "name", required=True),
        Column("기간", "period", Kind.SCHEDULE),
        Column("시설 수(개소)", "facility_count", Kind.COUNT),
        Column("대상 인원(명)", "beneficiary_count", Kind.COUNT),
        Column("인원 설명", "beneficiary_note"),
        Column("총액", "total_amount", Kind.MONEY),
        Column("1인당 금액", "per_person_amount", Kind.MONEY),
    ),
    WelfareProgram,
    unique=(("year", "order"), ("year", "name")),
    row_clean=True,
)

ELECTIONS = Sheet(
    "선거",
    "(단위: 명) 선거 사무: 투표율은 자동 계산",
    (
        Column("선거명", "name", required=True),
        Column("선거일", "date", Kind.DATE, required=True),
        Column("선거인수", "electorate", Kind.COUNT, required=True),
        Column("투표자수", "voters", Kind.COUNT, required=True),
        Column(f"투표율(%){COMPUTED_MARK}", "turnout", Kind.DECIMAL, computed=True),
        Column("간사·서기", "clerks", Kind.COUNT, required=True),
        Column("(사전)투표 종사자", "polling_staff", Kind.COUNT, required=True),
        Column("개표 종사자", "counting_staff", Kind.COUNT, required=True),
    ),
    Election,
    unique=(("name",),),
)

TOWNSHIPS = Sheet(
    "읍면",
    "읍·면 (순서는 표의 순서)",
    (
        _order(),
        Column("읍·면", "name", required=True),
        Column("구분", "kind", Kind.CHOICE, required=True, choices=TownshipKind),
    ),
    Township,
    unique=(("order",), ("name",)),
    row_clean=True,
)

COUNCILS = Sheet(
    "주민자치회",
    "읍·면 주민자치회 전환 현황 (시기 예: '22. 11.)",
    (
        Column("읍·면", "township", required=True),
        Column("단계", "stage", Kind.CHOICE, required=True, choices=CouncilStage),
        Column("승인", "approved", Kind.SCHEDULE),
        Column("위원 위촉", "members_appointed", Kind.SCHEDULE),
        Column("비고", "note"),
    ),
    ResidentCouncil,
    unique=(("township",),),
    row_clean=True,
)

POINTS = Sheet(
    "주민참여포인트",
    "(단위: 포인트, 명) 주민참여포인트제 연도별 실적",
    (
        Column("연도", "year", Kind.YEAR, required=True),
        Column("부여 포인트", "points_awarded", Kind.COUNT, required=True),
        Column("기준일", "as_of", Kind.DATE, required=True),
        Column("인센티브 기준 포인트", "incentive_threshold", Kind.COUNT, required=True),
        Column("인센티브 지급 인원(명)", "incentive_recipients", Kind.COUNT, required=True),
        Column("인센티브", "incentive_kind"),
    ),
    ParticipationPointYear,
    unique=(("year",),),
)

FUND = Sheet(
    "고향사랑기금",
    "고향사랑기부제의 법률·조례·기금 (한 줄)",
    (
        Column("법률 제정일", "law_enacted", Kind.DATE, required=True),
        Column("법률 시행일", "law_effective", Kind.DATE, required=True),
        Column("조례 제정", "ordinance_enacted", Kind.SCHEDULE),
        Column("기금 설치", "fund_established", Kind.SCHEDULE),
    ),
    HometownLoveFund,
    row_clean=True,
    max_rows=1,
)

DONATIONS = Sheet(
    "고향사랑기부금",
    "(단위: 천원) 월별 고향사랑기부금 모금",
    (
        Column("연도", "year", Kind.YEAR, required=True),
        Column("월", "month", Kind.INTEGER, required=True),
        Column("기부자 수(명)", "donor_count", Kind.COUNT, required=True),
        Column("기부금", "amount", Kind.MONEY, required=True),
    ),
    HometownDonation,
    unique=(("year", "month"),),
)

PROMOTION_RULE = Sheet(
    "읍승격요건",
    "읍 승격의 법적 요건 (한 줄, 모든 기관이 함께 씁니다)",
    (
        Column("법적 근거", "legal_basis", required=True),
        Column("최소 인구(명)", "min_population", Kind.COUNT, required=True),
        Column("최소 비율(%)", "min_urban_ratio", Kind.DECIMAL, required=True),
        Column("요건 설명", "description", required=True),
    ),
    TownPromotionRule,
    max_rows=1,
)

PROMOTION_STEPS = Sheet(
    "읍승격절차",
    "읍 승격 절차 (순서대로, 모든 기관이 함께 씁니다)",
    (_order(), Column("절차", "name", required=True)),
    TownPromotionStep,
    unique=(("order",), ("name",)),
)

PROMOTION_TARGETS = Sheet(
    "읍승격대상",
    "읍 승격을 준비하는 면과 기간",
    (
        Column("읍·면", "township", required=True),
        Column("시작 연도", "start_year", Kind.YEAR, required=True),
        Column("목표 연도", "end_year", Kind.YEAR, required=True),
    ),
    TownPromotionTarget,
    unique=(("township",),),
)

HOUSING = Sheet(
    "공동주택",
    "(단위: 세대) 읍 승격 대상 면의 공동주택 건설 사업",
    (
        Column("읍·면", "township", required=True),
        _order(),
        Column("유형", "category", required=True),
        Column("사업명", "name", required=True),
        Column("세대수", "households", Kind.COUNT, required=True),
        Column("준공", "completion"),
    ),
    HousingProject,
    unique=(("township", "order"),),
)

VISITS = Sheet(
    "현장방문",
    "군수 읍·면 방문, 도지사 방문, 건의사항 추진상황 보고회",
    (
        Column("구분", "kind", Kind.CHOICE, required=True, choices=VisitKind),
        Column("행사명", "title", required=True),
        Column("시작일", "start_date", Kind.DATE, required=True),
        Column("종료일", "end_date", Kind.DATE),
        Column("시작 시각", "start_time", Kind.TIME),
        Column("장소", "place", required=True),
        Column("내용", "program", Kind.LONG_TEXT),
        Column("보고 건의사항(건)", "reported_suggestions", Kind.COUNT),
    ),
    FieldVisit,
    unique=(("title", "start_date"),),
)

# View sheets: computed tables as the report prints them, never read back.
STAFFING_VIEW_TITLE = "인력현황표"
BUDGET_VIEW_TITLE = "예산비교"
VIEW_TITLES = (STAFFING_VIEW_TITLE, BUDGET_VIEW_TITLE)

#: The data sheets in workbook order (the view sheets sit after the table they summarise).
DATA_SHEETS = (
    TEAMS,
    STAFFING,
    BUDGET,
    COUNTY_BUDGET,
    ACHIEVEMENTS,
    ACHIEVEMENT_ITEMS,
    POLICY,
    CARDS,
    FACTS,
    PROGRESS,
    PLAN_ITEMS,
    FUNDING,
    CONTACTS,
    OFFICERS,
    GRADES,
    WELFARE,
    ELECTIONS,
    TOWNSHIPS,
    COUNCILS,
    POINTS,
    FUND,
    DONATIONS,
    PROMOTION_RULE,
    PROMOTION_STEPS,
    PROMOTION_TARGETS,
    HOUSING,
    VISITS,
)

#: Sheet order of the workbook.
SHEET_ORDER = (
    INFO_TITLE,
    TEAMS.title,
    STAFFING.title,
    STAFFING_VIEW_TITLE,
    BUDGET.title,
    BUDGET_VIEW_TITLE,
    *(sheet.title for sheet in DATA_SHEETS[3:]),
)


def card_code(section: str, number: int) -> str:
    """IV-3, V-1: how sheets refer to a card."""
    return f"{SECTION_NUMERALS.get(section, section)}-{number}"


def grade_label(category_label: str, name: str) -> str:
    """A grade as the document names it: 일반직 6급, and 정무직 (not 정무직 정무직)."""
    name = name.strip()
    return category_label if not name or name == category_label else f"{category_label} {name}"
