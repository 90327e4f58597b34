"""Factories for every model, shared by the apps' tests because the models reference each
other across apps (a task card needs a team, a funding row needs a card)."""

import datetime

import factory
from django.utils import timezone

from budget.models import BudgetLine, CountyBudget, FundingRow, FundingSource
from civic.models import (
    CitizenSuggestion,
    Election,
    FieldVisit,
    HometownDonation,
    HometownLoveFund,
    HousingProject,
    ParticipationPointYear,
    ResidentCouncil,
    TownPromotionTarget,
    Township,
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
    PlanItem,
    PlanStatus,
    ProgressItem,
    SessionKind,
    TaskCard,
    WorkPlan,
)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("name",)

    name = "음성군"


class BureauFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bureau

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"행정복지국{n}")
    order = factory.Sequence(lambda n: n + 1)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    bureau = factory.SubFactory(BureauFactory)
    # A department directly under the county is built with bureau=None and its organization.
    organization = factory.LazyAttribute(lambda o: o.bureau.organization)
    name = factory.Sequence(lambda n: f"자치행정과{n}")
    slug = factory.LazyAttribute(lambda o: o.name)
    order = factory.Sequence(lambda n: n + 1)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    department = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"행정{n}팀")
    order = factory.Sequence(lambda n: n + 1)
    functions = "인사관리, 선거 등"


class GradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grade

    category = GradeCategory.GENERAL
    name = factory.Sequence(lambda n: f"{n}급")
    order = factory.Sequence(lambda n: n + 1)


class StaffingCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffingCount

    year = 2023
    team = factory.SubFactory(TeamFactory)
    grade = factory.SubFactory(GradeFactory)
    authorized = 1
    current = 1


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    team = factory.SubFactory(TeamFactory)
    position = "행정7급"
    name = factory.Sequence(lambda n: f"담당자{n}")
    phone = factory.Sequence(lambda n: f"871-{3100 + n % 900}")


class WelfareProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WelfareProgram

    department = factory.SubFactory(DepartmentFactory)
    year = 2022
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"복지사업{n}")
    beneficiary_count = 36
    total_amount = 18_000


class CountyBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CountyBudget

    organization = factory.SubFactory(OrganizationFactory)
    fiscal_year = 2023
    account = "general"
    total = 691_300_000


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    department = factory.SubFactory(DepartmentFactory)
    fiscal_year = 2023
    team = factory.SubFactory(TeamFactory, department=factory.SelfAttribute("..department"))
    order = factory.Sequence(lambda n: n + 1)
    amount = 992_000


class CouncilSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilSession

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: 353 + n)
    kind = SessionKind.EXTRAORDINARY
    start_date = datetime.date(2023, 2, 16)
    end_date = datetime.date(2023, 2, 23)


class WorkPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkPlan

    department = factory.SubFactory(DepartmentFactory)
    year = 2023
    session = factory.SubFactory(
        CouncilSessionFactory,
        organization=factory.SelfAttribute("..department.organization"),
    )
    status = PlanStatus.DRAFT

    class Params:
        published = factory.Trait(
            status=PlanStatus.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )


class TaskCardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskCard

    plan = factory.SubFactory(WorkPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"과제 {n}")
    team = factory.SubFactory(TeamFactory, department=factory.SelfAttribute("..plan.department"))
    overview = "개요 한 줄"


class CardFactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CardFact

    card = factory.SubFactory(TaskCardFactory)
    order = factory.Sequence(lambda n: n + 1)
    label = "사업기간"
    value = "2022. ~ 2026."


class ProgressItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressItem

    card = factory.SubFactory(TaskCardFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = "주민자치회 위원 위촉"
    schedule = "'23. 1."


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    card = factory.SubFactory(TaskCardFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = "사업 시행"
    schedule = "'24. 3."


class FundingRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingRow

    card = factory.SubFactory(TaskCardFactory)
    order = factory.Sequence(lambda n: n + 1)
    source = FundingSource.COUNTY
    prior_years = 58_000
    current_year = 110_000
    later_years = 180_000


class CardContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CardContact

    card = factory.SubFactory(TaskCardFactory)
    order = factory.Sequence(lambda n: n + 1)
    officer = factory.SubFactory(OfficerFactory, team=factory.SelfAttribute("..card.team"))


class AchievementGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AchievementGroup

    plan = factory.SubFactory(WorkPlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = "공정한 선거 추진"


class AchievementItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AchievementItem

    group = factory.SubFactory(AchievementGroupFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = "성과 한 줄"


class TownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Township

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"가{n}면")
    kind = "myeon"
    order = factory.Sequence(lambda n: n + 1)


class ResidentCouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidentCouncil

    township = factory.SubFactory(TownshipFactory)
    stage = "pilot"


class ParticipationPointYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipationPointYear

    organization = factory.SubFactory(OrganizationFactory)
    year = 2022
    points_awarded = 3_543_000
    as_of = datetime.date(2022, 12, 31)
    incentive_threshold = 10_000
    incentive_recipients = 59


class HometownLoveFundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HometownLoveFund

    organization = factory.SubFactory(OrganizationFactory)
    law_enacted = datetime.date(2021, 10, 19)
    law_effective = datetime.date(2023, 1, 1)


class HometownDonationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HometownDonation

    fund = factory.SubFactory(HometownLoveFundFactory)
    year = 2023
    month = 1
    donor_count = 10
    amount = 1_000


class TownPromotionTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TownPromotionTarget

    township = factory.SubFactory(TownshipFactory)
    start_year = 2022
    end_year = 2026


class HousingProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HousingProject

    township = factory.SubFactory(TownshipFactory)
    order = factory.Sequence(lambda n: n + 1)
    category = "행복주택"
    name = "근로자전용"
    households = 294


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"제{n}대 대통령선거")
    date = datetime.date(2022, 3, 9)
    electorate = 80_946
    voters = 58_315
    clerks = 18
    polling_staff = 298
    counting_staff = 60


class FieldVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldVisit

    organization = factory.SubFactory(OrganizationFactory)
    kind = VisitKind.HEAD_TOWNSHIP_TOUR
    title = "군수 읍·면 방문"
    start_date = datetime.date(2023, 1, 30)
    end_date = datetime.date(2023, 2, 9)
    place = "9개 읍면 회의실"


class CitizenSuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitizenSuggestion

    visit = factory.SubFactory(FieldVisitFactory)
    content = "마을 안길 포장 요청"
