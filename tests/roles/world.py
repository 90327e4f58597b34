"""The world of the role tests: two departments of one county and one of another county, every
model with a row in each place a role's reach could draw a line, and a login per role.

Targets (where a row lives, from the point of view of the logins, all 자치행정과 행정팀):

- ``own``: 음성군 자치행정과 행정팀 (the logins' own team)
- ``team``: 음성군 자치행정과 서무팀 (another team of the same department)
- ``dept``: 음성군 민원과 민원팀 (another department of the same county)
- ``org``: 진천군 총무과 행정팀 (another county)

A department's row stands for both of its teams' targets, a county's for all its departments'.
Rows that a role may delete are leaves (nothing PROTECTs them), so a delete can succeed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, User
from django.db import models
from django.utils import timezone

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
    StaffProfile,
    Team,
    WelfareProgram,
)
from personnel.roles import PUBLISHER, READER, REVIEWER, ROLES, WRITER
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
    PublishedVersion,
    ReportingPeriod,
    SessionKind,
    TaskCard,
    WorkPlan,
)

TARGETS = ("own", "team", "dept", "org")
#: Each role's login name; all of them are 자치행정과 행정팀's.
USERNAMES = {WRITER: "writer", REVIEWER: "reviewer", PUBLISHER: "publisher", READER: "reader"}
PASSWORD = "a-long-test-password-1"


@dataclass
class World:
    teams: dict[str, Team]  # by target
    plans: dict[str, WorkPlan]  # by target (own and team: the same plan)
    cards: dict[str, TaskCard]  # by target
    users: dict[str, User]  # by role
    #: model label → target → the row of that model standing for the target
    rows: dict[str, dict[str, models.Model]] = field(default_factory=dict)

    def add(self, obj: models.Model, *targets: str) -> models.Model:
        for target in targets:
            self.rows.setdefault(obj._meta.label, {})[target] = obj
        return obj


def _department_rows(world: World, department: Department, plan: WorkPlan, *targets) -> None:
    world.add(plan, *targets)
    world.add(department, *targets)
    # A version published before (the plan is a draft again): only its fields matter here.
    version = world.add(
        PublishedVersion.objects.create(
            plan=plan,
            number=1,
            session=plan.session,
            published_at=timezone.now(),
            content_hash="0" * 64,
            document={},
            report={},
            report_format=1,
        ),
        *targets,
    )
    # It is the plan's public version, as after a publication: 추진실적 is reported against it.
    WorkPlan.objects.filter(pk=plan.pk).update(public_version=version)
    plan.public_version = version
    # 추진실적: a period of the plan and an entry for each team's 추진계획 (made without the
    # model's checks: the plan here is a draft again after its publication).
    period = world.add(
        ReportingPeriod.objects.create(
            plan=plan, kind=PeriodKind.HALF, as_of=datetime.date(plan.year, 6, 30)
        ),
        *targets,
    )
    for target in targets:
        world.add(
            ItemProgress.objects.create(
                period=period,
                item=world.rows["plans.PlanItem"][target],
                status=ProgressStatus.ON_TRACK,
                percent=50,
            ),
            target,
        )
    group = world.add(AchievementGroup.objects.create(plan=plan, order=1, title="성과"), *targets)
    world.add(AchievementItem.objects.create(group=group, order=1, text="성과 한 줄"), *targets)
    world.add(
        WelfareProgram.objects.create(
            department=department, year=2023, order=1, name="장제서비스", beneficiary_count=36
        ),
        *targets,
    )


def _team_rows(world: World, target: str, team: Team, plan: WorkPlan, grade: Grade) -> None:
    number = TARGETS.index(target) + 1
    world.add(team, target)
    card = world.add(
        TaskCard.objects.create(plan=plan, number=number, title=f"과제 {target}", team=team),
        target,
    )
    world.cards[target] = card
    world.add(CardFact.objects.create(card=card, order=1, label="기간", value="연중"), target)
    world.add(ProgressItem.objects.create(card=card, order=1, text="추진"), target)
    world.add(PlanItem.objects.create(card=card, order=1, text="계획"), target)
    world.add(
        FundingRow.objects.create(
            card=card, order=1, source=FundingSource.COUNTY, current_year=1_000
        ),
        target,
    )
    contact = Officer.objects.create(
        team=team, position="행정6급", name=f"담당{number}", phone=f"871-31{number:02d}"
    )
    world.add(CardContact.objects.create(card=card, order=1, officer=contact), target)
    world.add(
        Officer.objects.create(
            team=team, position="행정7급", name=f"직원{number}", phone=f"871-32{number:02d}"
        ),
        target,
    )
    world.add(
        StaffingCount.objects.create(year=2023, team=team, grade=grade, authorized=2, current=2),
        target,
    )
    world.add(
        BudgetLine.objects.create(
            department=team.department,
            fiscal_year=2023,
            team=team,
            order=team.order,
            amount=1_000 * number,
        ),
        target,
    )


def _county_rows(world: World, organization: Organization, department, *targets) -> None:
    world.add(organization, *targets)
    world.add(department.bureau, *targets)
    world.add(CouncilSession.objects.get(organization=organization), *targets)
    world.add(
        CountyBudget.objects.create(
            organization=organization, fiscal_year=2023, account="general", total=1_000_000
        ),
        *targets,
    )
    world.add(
        Township.objects.create(
            organization=organization, name="빈면", kind=TownshipKind.MYEON, order=1
        ),
        *targets,
    )
    township = Township.objects.create(
        organization=organization, name="맹동면", kind=TownshipKind.MYEON, order=2
    )
    world.add(ResidentCouncil.objects.create(township=township, stage=CouncilStage.PILOT), *targets)
    world.add(
        TownPromotionTarget.objects.create(township=township, start_year=2022, end_year=2026),
        *targets,
    )
    world.add(
        HousingProject.objects.create(
            township=township, order=1, category="행복주택", name="근로자전용", households=10
        ),
        *targets,
    )
    world.add(
        ParticipationPointYear.objects.create(
            organization=organization,
            year=2022,
            points_awarded=100,
            as_of=datetime.date(2022, 12, 31),
            incentive_threshold=10,
            incentive_recipients=1,
        ),
        *targets,
    )
    fund = world.add(
        HometownLoveFund.objects.create(
            organization=organization,
            law_enacted=datetime.date(2021, 10, 19),
            law_effective=datetime.date(2023, 1, 1),
        ),
        *targets,
    )
    world.add(
        HometownDonation.objects.create(fund=fund, year=2023, month=1, donor_count=1, amount=10),
        *targets,
    )
    world.add(
        Election.objects.create(
            organization=organization,
            name="대통령선거",
            date=datetime.date(2022, 3, 9),
            electorate=100,
            voters=50,
            clerks=1,
            polling_staff=1,
            counting_staff=1,
        ),
        *targets,
    )
    visit = {
        "organization": organization,
        "kind": VisitKind.HEAD_TOWNSHIP_TOUR,
        "start_date": datetime.date(2023, 1, 30),
        "place": "회의실",
    }
    world.add(FieldVisit.objects.create(title="빈 방문", **visit), *targets)
    with_suggestions = FieldVisit.objects.create(title="군수 방문", **visit)
    world.add(
        CitizenSuggestion.objects.create(
            visit=with_suggestions,
            township=township,
            content="포장 요청",
            status=SuggestionStatus.IN_PROGRESS,
            responsible_department=department,
        ),
        *targets,
    )


def build_world() -> World:
    grade = Grade.objects.create(category=GradeCategory.GENERAL, name="6급", order=1)
    places = {}
    for org_name, departments in (
        ("음성군", (("자치행정과", ("행정팀", "서무팀")), ("민원과", ("민원팀",)))),
        ("진천군", (("총무과", ("행정팀",)),)),
    ):
        organization = Organization.objects.create(name=org_name)
        bureau = Bureau.objects.create(organization=organization, name="행정복지국", order=1)
        session = CouncilSession.objects.create(
            organization=organization,
            number=353,
            kind=SessionKind.EXTRAORDINARY,
            start_date=datetime.date(2023, 2, 16),
            end_date=datetime.date(2023, 2, 23),
        )
        for order, (name, team_names) in enumerate(departments, start=1):
            department = Department.objects.create(
                organization=organization, bureau=bureau, name=name, slug=name, order=order
            )
            plan = WorkPlan.objects.create(
                department=department, year=2023, session=session, status=PlanStatus.DRAFT
            )
            for team_order, team_name in enumerate(team_names, start=1):
                team = Team.objects.create(department=department, name=team_name, order=team_order)
                places[(org_name, name, team_name)] = (team, plan)

    teams = {
        "own": places[("음성군", "자치행정과", "행정팀")],
        "team": places[("음성군", "자치행정과", "서무팀")],
        "dept": places[("음성군", "민원과", "민원팀")],
        "org": places[("진천군", "총무과", "행정팀")],
    }
    world = World(
        teams={target: team for target, (team, _plan) in teams.items()},
        plans={target: plan for target, (_team, plan) in teams.items()},
        cards={},
        users={},
    )
    for target, (team, plan) in teams.items():
        _team_rows(world, target, team, plan, grade)
    a1, a2, b1 = (world.teams[target].department for target in ("own", "dept", "org"))
    _department_rows(world, a1, world.plans["own"], "own", "team")
    _department_rows(world, a2, world.plans["dept"], "dept")
    _department_rows(world, b1, world.plans["org"], "org")
    _county_rows(world, a1.bureau.organization, a1, "own", "team", "dept")
    _county_rows(world, b1.bureau.organization, b1, "org")
    # Reference data every organisation shares.
    world.add(grade, *TARGETS)
    world.add(
        TownPromotionRule.objects.create(
            legal_basis="지방자치법", min_population=20_000, min_urban_ratio=40, description="요건"
        ),
        *TARGETS,
    )
    world.add(TownPromotionStep.objects.create(order=1, name="주민 의견 수렴"), *TARGETS)

    for role in ROLES:
        user = User.objects.create_user(USERNAMES[role], password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        StaffProfile.objects.create(user=user, team=world.teams["own"])
        world.users[role] = user
    # Rows of the admin pages that are not the portal's (Django's users and groups, the
    # login throttling's records): superusers only.
    world.add(world.users[READER], *TARGETS)
    world.add(Group.objects.get(name=READER), *TARGETS)
    failure = {"username": "nobody", "ip_address": "127.0.0.1", "user_agent": "test",
               "http_accept": "*/*", "path_info": "/admin/login/"}  # fmt: skip
    world.add(
        AccessAttempt.objects.create(**failure, get_data="", post_data="", failures_since_start=1),
        *TARGETS,
    )
    world.add(AccessFailureLog.objects.create(**failure), *TARGETS)
    world.add(AccessLog.objects.create(**failure), *TARGETS)
    return world
