"""A small copy of the seed's world (음성군 자치행정과, 2023) with at least one row of every
model, for the admin tests (the ``world`` fixture of tests/conftest.py). ``build_world(suffix)``
can build a second, independent copy so a test can show that a changelist's query count does
not grow with its rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from budget.models import BudgetLine, CountyBudget, FundingRow, FundingSource
from civic.models import (
    CitizenSuggestion,
    CouncilStage,
    Election,
    FieldVisit,
    HometownDonation,
    HometownLoveFund,
    HousingProject,
    ParticipationPointYear,
    ResidentCouncil,
    SuggestionStatus,
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
    Grade,
    GradeCategory,
    Officer,
    Organization,
    StaffingCount,
    Team,
    WelfareProgram,
)
from plans.models import (
    AchievementGroup,
    AchievementItem,
    CardContact,
    CardFact,
    CouncilSession,
    ItemProgress,
    PeriodKind,
    PlanItem,
    PlanStatus,
    ProgressItem,
    ProgressStatus,
    ReportingPeriod,
    Section,
    SessionKind,
    TaskCard,
    WorkPlan,
)
from tests.publishing import publish_now

GRADES = [
    (GradeCategory.POLITICAL, "정무직"),
    (GradeCategory.GENERAL, "4급"),
    (GradeCategory.GENERAL, "5급"),
    (GradeCategory.GENERAL, "6급"),
    (GradeCategory.GENERAL, "7급"),
    (GradeCategory.GENERAL, "8급"),
    (GradeCategory.GENERAL, "9급"),
    (GradeCategory.SPECIAL, "별정직"),
    (GradeCategory.RESEARCH, "연구직"),
    (GradeCategory.SUPERNUMERARY, "청원경찰"),
    (GradeCategory.SUPERNUMERARY, "공무원"),
]

# The seed's staffing table, 현원 by team and grade (정원 the same; 정원외 has none).
STAFFING = {
    "행정팀": {"정무직": 1, "4급": 2, "5급": 1, "6급": 5, "7급": 3, "8급": 1, "9급": 1,
              "별정직": 1, "청원경찰": 1, "공무원": 1},
    "서무팀": {"6급": 1, "7급": 3, "연구직": 1, "공무원": 1},
    "군민소통팀": {"6급": 2, "7급": 1},
    "대외협력팀": {"6급": 1, "7급": 1, "8급": 1, "9급": 1},
}  # fmt: skip


def grades() -> dict[str, Grade]:
    result = {}
    for order, (category, name) in enumerate(GRADES, start=1):
        grade, _ = Grade.objects.get_or_create(
            category=category, name=name, defaults={"order": order}
        )
        result[name] = grade
    return result


@dataclass
class World:
    organization: Organization
    department: Department
    teams: dict[str, Team]
    grades: dict[str, Grade]
    plan: WorkPlan
    card: TaskCard
    officers: list[Officer]
    election: Election
    visit: FieldVisit


def build_world(suffix: str = "") -> World:
    """One county with one department's 2023 plan and every kind of record around it."""
    organization = Organization.objects.create(name=f"음성군{suffix}")
    bureau = Bureau.objects.create(organization=organization, name="행정복지국", order=1)
    department = Department.objects.create(
        organization=organization,
        bureau=bureau,
        name=f"자치행정과{suffix}",
        slug=f"자치행정과{suffix}",
        order=1,
    )
    teams = {
        name: Team.objects.create(
            department=department, name=name, order=order, functions="인사관리, 선거 등"
        )
        for order, name in enumerate(STAFFING, start=1)
    }
    grade_by_name = grades()
    for team_name, counts in STAFFING.items():
        for grade_name, current in counts.items():
            grade = grade_by_name[grade_name]
            StaffingCount.objects.create(
                year=2023,
                team=teams[team_name],
                grade=grade,
                current=current,
                authorized=None if grade.is_supernumerary else current,
            )
    officers = [
        Officer.objects.create(
            team=teams["행정팀"], position="행정6급", name="남기종", phone="871-3163"
        ),
        Officer.objects.create(
            team=teams["행정팀"], position="행정7급", name="정영택", phone="871-3164"
        ),
        Officer.objects.create(
            team=teams["대외협력팀"], position="행정7급", name="지은이", phone="871-3182"
        ),
    ]
    welfare = WelfareProgram.objects.create(
        department=department,
        year=2022,
        order=1,
        name="장제서비스 지원",
        beneficiary_count=36,
        total_amount=18_000,
        per_person_amount=500,
    )
    CountyBudget.objects.create(
        organization=organization, fiscal_year=2023, account="general", total=691_300_000
    )
    budget = {  # (2023, 2022) in 천원, as the seed prints them in 백만원
        "행정팀": (992_000, 1_848_000),
        "서무팀": (3_141_000, 3_624_000),
        "군민소통팀": (19_000, 19_000),
        "대외협력팀": (1_709_000, 1_547_000),
    }
    for order, (team_name, (current, previous)) in enumerate(budget.items(), start=1):
        for year, amount in ((2023, current), (2022, previous)):
            BudgetLine.objects.create(
                department=department,
                fiscal_year=year,
                team=teams[team_name],
                order=order,
                amount=amount,
            )
    BudgetLine.objects.create(
        department=department, fiscal_year=2023, heading="행정운영경비", order=5, amount=72_815_000
    )
    BudgetLine.objects.create(
        department=department, fiscal_year=2022, heading="행정운영경비", order=5, amount=83_341_000
    )
    BudgetLine.objects.create(
        department=department, fiscal_year=2023, heading="신규사업", order=6, amount=5_000
    )

    session = CouncilSession.objects.create(
        organization=organization,
        number=353,
        kind=SessionKind.EXTRAORDINARY,
        start_date=datetime.date(2023, 2, 16),
        end_date=datetime.date(2023, 2, 23),
    )
    plan = WorkPlan.objects.create(
        department=department,
        year=2023,
        session=session,
        # A draft, so every part of it may be edited (a plan in review or published is
        # read-only to everyone: plans.access.editing.editing_refusal, tests/roles).
        status=PlanStatus.DRAFT,
        policy_goal="군민과 함께하고 공감하는 소통행정 추진",
        policy_directions="공정과 신뢰를 바탕으로 활력이 넘치는 공직풍토 조성",
        key_tasks="자치분권 확대 및 공정하고 합리적인 인사·조직 운영",
    )
    election = Election.objects.create(
        organization=organization,
        name="제20대 대통령선거",
        date=datetime.date(2022, 3, 9),
        electorate=80_946,
        voters=58_315,
        clerks=18,
        polling_staff=298,
        counting_staff=60,
    )
    group = AchievementGroup.objects.create(
        plan=plan, order=1, title="공정한 2022년 대통령·지방선거 추진"
    )
    AchievementItem.objects.create(group=group, order=1, election=election)
    AchievementItem.objects.create(group=group, order=2, welfare_program=welfare)
    AchievementItem.objects.create(group=group, order=3, text="자치분권 사전협의제 운영")

    card = TaskCard.objects.create(
        plan=plan,
        section=Section.MAIN,
        number=7,
        title="주민자치회 전면 실시",
        team=teams["대외협력팀"],
        is_continuing=True,
        overview="주민자치회 전환으로 풀뿌리자치의 활성화",
        policies="주민참여 확대",
        expected_effects="주민자치회 전면 실시를 통한 풀뿌리자치의 활성화",
    )
    CardFact.objects.create(card=card, order=1, label="사업기간", value="2022. ~ 2026.")
    ProgressItem.objects.create(card=card, order=1, text="주민자치회 위원 위촉", schedule="'23. 1.")
    PlanItem.objects.create(
        card=card, order=1, text="의제 발굴 및 자치계획 수립", schedule="'23. 3. ~ 7."
    )
    PlanItem.objects.create(card=card, order=2, text="사업 시행", schedule="'24. 3.")
    # 추진실적 is reported on published plans; this draft's period exists only so the admin's
    # pages of periods and entries have a row to open (made without the model's checks).
    period = ReportingPeriod.objects.create(
        plan=plan, kind=PeriodKind.HALF, as_of=datetime.date(2023, 6, 30)
    )
    ItemProgress.objects.create(
        period=period,
        item=card.plan_items.get(order=1),
        status=ProgressStatus.ON_TRACK,
        percent=60,
        result="7개 읍면 의제 발굴 완료",
    )
    FundingRow.objects.create(
        card=card,
        order=1,
        source=FundingSource.COUNTY,
        prior_years=58_000,
        current_year=110_000,
        later_years=180_000,
    )
    CardContact.objects.create(card=card, order=1, officer=officers[2])
    TaskCard.objects.create(
        plan=plan,
        section=Section.SPECIAL,
        number=1,
        title="우편모아시스템 도입",
        team=teams["서무팀"],
        is_new=True,
    )

    township = Township.objects.create(
        organization=organization, name="맹동면", kind=TownshipKind.MYEON, order=1
    )
    Township.objects.create(
        organization=organization, name="금왕읍", kind=TownshipKind.EUP, order=2
    )
    ResidentCouncil.objects.create(township=township, stage=CouncilStage.PILOT, approved="'22. 11.")
    ParticipationPointYear.objects.create(
        organization=organization,
        year=2022,
        points_awarded=3_543_000,
        as_of=datetime.date(2022, 12, 31),
        incentive_threshold=10_000,
        incentive_recipients=59,
    )
    fund = HometownLoveFund.objects.create(
        organization=organization,
        law_enacted=datetime.date(2021, 10, 19),
        law_effective=datetime.date(2023, 1, 1),
    )
    HometownDonation.objects.create(fund=fund, year=2023, month=1, donor_count=10, amount=1_000)
    if not TownPromotionRule.objects.exists():
        TownPromotionRule.objects.create(
            legal_basis="지방자치법 제10조 3항",
            min_population=20_000,
            min_urban_ratio=40,
            description="도시 형태를 갖추고 인구 2만 이상",
        )
        TownPromotionStep.objects.create(order=1, name="주민 의견 수렴")
    TownPromotionTarget.objects.create(township=township, start_year=2022, end_year=2026)
    HousingProject.objects.create(
        township=township, order=1, category="행복주택", name="근로자전용", households=294
    )
    visit = FieldVisit.objects.create(
        organization=organization,
        kind=VisitKind.HEAD_TOWNSHIP_TOUR,
        title="군수 읍·면 방문",
        start_date=datetime.date(2023, 1, 30),
        end_date=datetime.date(2023, 2, 9),
        place="9개 읍면 회의실",
    )
    CitizenSuggestion.objects.create(
        visit=visit,
        township=township,
        content="마을 안길 포장 요청",
        status=SuggestionStatus.IN_PROGRESS,
        responsible_department=department,
    )
    # Published once and now being revised: a version exists, the plan is a draft again.
    publish_now(plan)
    WorkPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT)
    plan.status = PlanStatus.DRAFT
    return World(
        organization=organization,
        department=department,
        teams=teams,
        grades=grade_by_name,
        plan=plan,
        card=card,
        officers=officers,
        election=election,
        visit=visit,
    )
