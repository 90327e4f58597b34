"""A synthetic county for measurement and tests: about 30 departments presenting their work
plans to the same council session, every year, as a real 군 does.

Everything is random but deterministic: one ``random.Random`` per department, seeded with the
seed and the department's name, so the same seed gives the same county (and a department's
content does not depend on how many others were asked for). Rows go through ``full_clean()``
(minus the foreign keys, which are the objects just built) and are written with
``bulk_create``; the database constraints check them again on insert. Plans are published:
their status is set here and ``plans.workflow.services.plan_record_publication`` freezes each
into the version the public reads, without rendering the PDF or workbook up front. Their
추진실적 (periods with a realistic mix of statuses) comes from plans.synthetic.progress."""

from __future__ import annotations

import datetime
import hashlib
import itertools
import random
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone

from budget.models import BudgetLine, CountyBudget, FundingRow, FundingSource
from civic.models import Township
from personnel.models import (
    Bureau,
    Department,
    Grade,
    Officer,
    Organization,
    StaffingCount,
    Team,
    WelfareProgram,
    chart_order,
)
from plans.models import (
    AchievementGroup,
    AchievementItem,
    CardContact,
    CardFact,
    CouncilSession,
    ItemProgress,
    PeriodStatus,
    PlanItem,
    PlanStatus,
    ProgressItem,
    PublishedProgress,
    PublishedVersion,
    ReportingPeriod,
    Section,
    SessionKind,
    TaskCard,
    WorkPlan,
)
from plans.synthetic import words
from plans.synthetic.progress import generate_progress
from plans.workflow import freezing
from plans.workflow.services import plan_record_publication

ACTOR_NAME = "generate_county"
# The county's office phone exchange (871- is 음성군's in the demo).
PHONE_EXCHANGE = "830"


@dataclass(frozen=True)
class CountySpec:
    """What to generate. ``year`` is the last plan year; plans cover ``years`` years up to it."""

    name: str = "가람군"
    departments: int = 30
    cards: int = 12
    years: int = 3
    year: int = 2024
    seed: int = 1
    session_number: int = 400

    @property
    def plan_years(self) -> list[int]:
        return list(range(self.year - self.years + 1, self.year + 1))

    @property
    def data_years(self) -> list[int]:
        """Staffing and budget also cover the year before the first plan (its 증감)."""
        return [self.plan_years[0] - 1, *self.plan_years]


@dataclass
class CountyResult:
    organization: Organization
    plans: list[WorkPlan]
    counts: dict[str, int] = field(default_factory=dict)
    published_versions: int = 0

    def summary(self) -> str:
        parts = ", ".join(f"{label} {count:,}" for label, count in self.counts.items())
        return f"{self.organization.name}: {parts}"


class CountyExists(Exception):
    """The organisation is already in the database and ``replace`` was not asked for."""


class NotGenerated(Exception):
    """The organisation has publications not made by this generator: it is never deleted."""


def generate_county(spec: CountySpec, *, replace: bool = False) -> CountyResult:
    """Create the county of ``spec`` (or refuse with CountyExists unless ``replace``)."""
    if spec.departments < 1 or spec.cards < 1 or spec.years < 1:
        raise ValueError("departments, cards and years must be at least 1")
    with transaction.atomic():
        existing = Organization.objects.filter(name=spec.name).first()
        if existing is not None:
            if not replace:
                raise CountyExists(spec.name)
            delete_county(existing)
        result = _Builder(spec).build()
        result.published_versions = _publish(result.plans)
        # 추진실적 is reported on published plans, so it comes after their publication.
        published = WorkPlan.objects.filter(
            pk__in=[plan.pk for plan in result.plans], public_version__isnull=False
        ).select_related("department")
        result.counts.update(generate_progress(published, seed=spec.seed, last_year=spec.year))
    return result


def delete_county(organization: Organization) -> None:
    """Delete a generated county and everything of it, children before the rows they protect.

    Published versions are permanent records of what was presented, so an organisation with a
    plan this generator did not publish (the demo's, a real one) is refused."""
    departments = Department.objects.filter(organization=organization)
    plans = WorkPlan.objects.filter(department__in=departments)
    versions = PublishedVersion.objects.filter(plan__in=plans)
    if (
        versions.exclude(published_by_name=ACTOR_NAME).exists()
        or plans.exclude(versions__published_by_name=ACTOR_NAME).exists()
    ):
        raise NotGenerated(organization.name)
    with transaction.atomic():
        # Entries first, children before the rows they belong to (as for the rest); a period
        # lets go of its public 추진실적 version before the versions go.
        ItemProgress.objects.filter(period__plan__in=plans).delete()
        periods = ReportingPeriod.objects.filter(plan__in=plans)
        periods.update(status=PeriodStatus.OPEN, public_version=None, published_at=None)
        PublishedProgress.objects.filter(period__in=periods).delete()
        versions.delete()
        plans.delete()
        BudgetLine.objects.filter(department__in=departments).delete()
        StaffingCount.objects.filter(team__department__in=departments).delete()
        Officer.objects.filter(team__department__in=departments).delete()
        WelfareProgram.objects.filter(department__in=departments).delete()
        Team.objects.filter(department__in=departments).delete()
        departments.delete()
        Bureau.objects.filter(organization=organization).delete()
        CouncilSession.objects.filter(organization=organization).delete()
        CountyBudget.objects.filter(organization=organization).delete()
        Township.objects.filter(organization=organization).delete()
        organization.delete()


def county_digest(organization: Organization) -> str:
    """A digest of everything the county's plans print: the content hashes of their documents
    (plans.workflow.freezing), equal for equal counties whatever their primary keys and times."""
    digest = hashlib.sha256()
    plans = WorkPlan.objects.filter(department__organization=organization).order_by(
        "year", *chart_order("department")
    )
    for plan in plans:
        digest.update(freezing.content_hash(freezing.plan_document(plan)).encode())
    return digest.hexdigest()


def _publish(plans: list[WorkPlan]) -> int:
    """Freeze each published plan into its public version, as a publication would."""
    return sum(
        plan_record_publication(plan=plan, actor_name=ACTOR_NAME, render_files=False) is not None
        for plan in plans
    )


def _valid(instance: models.Model) -> models.Model:
    """Model validation without the foreign-key existence queries (the related objects are
    the ones just built) and without uniqueness queries (the database checks those)."""
    exclude = [f.name for f in instance._meta.concrete_fields if isinstance(f, models.ForeignKey)]
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    return instance


@dataclass
class _Department:
    department: Department
    series: str
    team_names: list[str]
    rng: random.Random
    teams: list[Team] = field(default_factory=list)
    officers: dict[int, list[Officer]] = field(default_factory=dict)  # by team order
    titles: list[tuple[str, int]] = field(default_factory=list)  # (title, team index)


class _Builder:
    def __init__(self, spec: CountySpec):
        self.spec = spec
        self.rng = random.Random(f"{spec.seed}:{spec.name}")
        self.stem = spec.name.removesuffix("군")
        self.phones = itertools.count(1001)
        self.counts: dict[str, int] = {}
        self.groups: list[AchievementGroup] = []
        self.achievement_items: list[AchievementItem] = []
        self.cards: list[tuple[TaskCard, list[models.Model]]] = []

    # -- helpers ----------------------------------------------------------------------------

    def _create(self, label: str, objects: list[models.Model]) -> list[models.Model]:
        if not objects:
            return objects
        for obj in objects:
            # Parents saved after they were assigned: take their primary keys now, so that
            # clean() sees them.
            obj._prepare_related_fields_for_save(operation_name="bulk_create")
            _valid(obj)
        created = type(objects[0]).objects.bulk_create(objects)
        self.counts[label] = self.counts.get(label, 0) + len(created)
        return created

    def _person(self, rng: random.Random) -> str:
        return rng.choice(words.SURNAMES) + rng.choice(words.GIVEN_NAMES)

    # -- the organisation -------------------------------------------------------------------

    def build(self) -> CountyResult:
        spec = self.spec
        organization = _valid(Organization(name=spec.name))
        organization.save()
        self.organization = organization
        self.grades = self._grades()
        self._townships()
        departments = self._departments()
        self._staffing(departments)
        self._budget(departments)
        sessions = self._sessions()
        plans = self._plans(departments, sessions)
        return CountyResult(organization, plans, self.counts)

    def _grades(self) -> dict[str, Grade]:
        """The staffing columns, shared with every organisation (the demo's list)."""
        existing = {(g.category, g.name): g for g in Grade.objects.all()}
        next_order = max((g.order for g in existing.values()), default=0) + 1
        for category, name in words.GRADES:
            if (category, name) not in existing:
                grade = _valid(Grade(category=category, name=name, order=next_order))
                grade.save()
                existing[(category, name)] = grade
                next_order += 1
        return {name: existing[(category, name)] for category, name in words.GRADES}

    def _townships(self) -> None:
        self._create(
            "읍·면",
            [
                Township(organization=self.organization, name=name, kind=kind, order=order)
                for order, (name, kind) in enumerate(words.TOWNSHIPS, start=1)
            ],
        )

    def _departments(self) -> list[_Department]:
        chart = [
            (bureau, department)
            for bureau, departments in words.ORGANIZATION_CHART
            for department in departments
        ]
        # The departments directly under the county come first, and count towards the number
        # wanted; the rest are drawn from the bureaus' chart.
        direct = words.COUNTY_DEPARTMENTS[: self.spec.departments]
        wanted = self.spec.departments - len(direct)
        # More departments than the chart has: the chart again, as 제2, 제3 … divisions.
        rounds = -(-wanted // len(chart))
        candidates = [
            (bureau, (name if r == 0 else f"{name.removesuffix('과')}{r + 1}과", series, teams))
            for r in range(rounds)
            for bureau, (name, series, teams) in chart
        ]
        positions = sorted(self.rng.sample(range(len(candidates)), wanted))
        chosen = [candidates[i] for i in positions]

        bureau_names = list(dict.fromkeys(bureau for bureau, _ in chosen))
        bureaus = self._create(
            "국",
            [
                Bureau(organization=self.organization, name=name, order=order)
                for order, name in enumerate(bureau_names, start=1)
            ],
        )
        by_name = {bureau.name: bureau for bureau in bureaus}
        built: list[_Department] = []
        for order, (name, kind, series, team_names) in enumerate(direct, start=1):
            department = Department(
                organization=self.organization,
                bureau=None,
                kind=kind,
                name=name,
                slug=f"{self.stem}-{name}",
                order=order,
            )
            rng = random.Random(f"{self.spec.seed}:{self.spec.name}:{name}")
            built.append(_Department(department, series, team_names, rng))
        order_in_bureau: dict[str, int] = {}
        for bureau_name, (name, series, team_names) in chosen:
            order_in_bureau[bureau_name] = order_in_bureau.get(bureau_name, 0) + 1
            department = Department(
                organization=self.organization,
                bureau=by_name[bureau_name],
                name=name,
                slug=f"{self.stem}-{name}",
                order=order_in_bureau[bureau_name],
            )
            rng = random.Random(f"{self.spec.seed}:{self.spec.name}:{name}")
            built.append(_Department(department, series, team_names, rng))
        self._create("과", [item.department for item in built])

        teams: list[Team] = []
        for item in built:
            for order, team_name in enumerate(item.team_names, start=1):
                team = Team(
                    department=item.department,
                    name=team_name,
                    order=order,
                    functions=self._functions(item.rng, team_name),
                )
                item.teams.append(team)
                teams.append(team)
        self._create("팀", teams)

        officers: list[Officer] = []
        for item in built:
            for index, team in enumerate(item.teams):
                # A team leader (6급) and one to three staff.
                grades = ["6", *self._staff_grades(item.rng)]
                names: set[str] = set()
                item.officers[index] = []
                for grade in grades:
                    name = self._person(item.rng)
                    while name in names:
                        name = self._person(item.rng)
                    names.add(name)
                    officer = Officer(
                        team=team,
                        position=f"{item.series}{grade}급",
                        grade=self.grades[f"{grade}급"],
                        name=name,
                        phone=f"{PHONE_EXCHANGE}-{next(self.phones):04d}",
                    )
                    item.officers[index].append(officer)
                    officers.append(officer)
        self._create("담당자", officers)
        return built

    @staticmethod
    def _functions(rng: random.Random, team_name: str) -> str:
        field_name = team_name.removesuffix("팀")
        duties = [
            f"{field_name} 시책 수립",
            f"{field_name} 예산 관리",
            f"{field_name} 관련 민원 처리",
            f"{field_name} 단체 지원",
            f"{field_name} 시설 운영",
            "부서 서무",
            "통계 관리",
            "의회 관련 업무",
        ]
        chosen = rng.sample(duties, rng.randint(3, 5))
        return ", ".join(chosen) + " 등"

    @staticmethod
    def _staff_grades(rng: random.Random) -> list[str]:
        return sorted(rng.choices(["7", "7", "8", "9"], k=rng.randint(1, 3)))

    # -- staffing and budget ----------------------------------------------------------------

    def _staffing(self, departments: list[_Department]) -> None:
        counts: list[StaffingCount] = []
        for item in departments:
            base: dict[tuple[int, str], int] = {}
            for index in range(len(item.teams)):
                base[(index, "6급")] = 1 + (item.rng.random() < 0.3)
                base[(index, "7급")] = item.rng.randint(1, 3)
                base[(index, "8급")] = item.rng.randint(0, 2)
                base[(index, "9급")] = item.rng.randint(0, 2)
            base[(0, "5급")] = 1  # the head of the department sits with the first team
            if item.rng.random() < 0.3:
                base[(item.rng.randrange(len(item.teams)), "연구직")] = 1
            if item.rng.random() < 0.25:
                base[(0, "공무원")] = item.rng.randint(1, 2)
            for year in self.spec.data_years:
                for (index, grade_name), number in sorted(base.items()):
                    current = max(0, number + item.rng.choice([0, 0, 0, 0, 1, -1]))
                    grade = self.grades[grade_name]
                    if current == 0:
                        continue
                    authorized = None
                    if not grade.is_supernumerary:
                        authorized = current + (item.rng.random() < 0.1)
                    counts.append(
                        StaffingCount(
                            year=year,
                            team=item.teams[index],
                            grade=grade,
                            authorized=authorized,
                            current=current,
                        )
                    )
        self._create("인력 칸", counts)

    def _budget(self, departments: list[_Department]) -> None:
        lines: list[BudgetLine] = []
        totals = dict.fromkeys(self.spec.data_years, 0)
        for position, item in enumerate(departments):
            # Amounts in 천원, whole 백만원 as the budget table prints them.
            amounts = [item.rng.randint(80, 9000) * 1000 for _ in item.teams]
            running = 0 if position else item.rng.randint(40_000, 90_000) * 1000
            for year in self.spec.data_years:
                order = 0
                for team, amount in zip(item.teams, amounts, strict=True):
                    order += 1
                    lines.append(
                        BudgetLine(
                            department=item.department,
                            fiscal_year=year,
                            team=team,
                            order=order,
                            amount=amount,
                        )
                    )
                    totals[year] += amount
                if running:  # the county's running costs sit with its first department
                    order += 1
                    lines.append(
                        BudgetLine(
                            department=item.department,
                            fiscal_year=year,
                            heading="행정운영경비",
                            order=order,
                            amount=running,
                        )
                    )
                    totals[year] += running
                    running = round(running * item.rng.uniform(0.95, 1.08) / 1000) * 1000
                amounts = [
                    round(amount * item.rng.uniform(0.8, 1.25) / 1000) * 1000 for amount in amounts
                ]
        self._create("예산 항목", lines)
        # The departments' general account is about two thirds of the county's (the rest is
        # 읍·면, agencies and special accounts).
        self._create(
            "군 전체 예산",
            [
                CountyBudget(
                    organization=self.organization,
                    fiscal_year=year,
                    account="general",
                    total=round(total / self.rng.uniform(0.6, 0.7) / 1000) * 1000,
                )
                for year, total in totals.items()
            ],
        )

    # -- sessions and plans -----------------------------------------------------------------

    def _sessions(self) -> dict[int, CouncilSession]:
        sessions = {}
        for index, year in enumerate(self.spec.plan_years):
            start = datetime.date(year, 2, 13) + datetime.timedelta(days=self.rng.randint(0, 5))
            sessions[year] = CouncilSession(
                organization=self.organization,
                number=self.spec.session_number + index * 10,
                kind=SessionKind.EXTRAORDINARY,
                start_date=start,
                end_date=start + datetime.timedelta(days=7),
            )
        self._create("의회 회기", list(sessions.values()))
        return sessions

    def _plans(
        self, departments: list[_Department], sessions: dict[int, CouncilSession]
    ) -> list[WorkPlan]:
        plans: list[WorkPlan] = []
        for item in departments:
            for year in self.spec.plan_years:
                session = sessions[year]
                published_at = timezone.make_aware(
                    datetime.datetime.combine(session.start_date, datetime.time(9, 0))
                )
                field_name = item.department.name.removesuffix("과").removesuffix("실")
                rng = item.rng
                plans.append(
                    WorkPlan(
                        department=item.department,
                        year=year,
                        session=session,
                        status=PlanStatus.PUBLISHED,
                        published_at=published_at,
                        policy_goal=rng.choice(words.POLICY_GOALS).format(d=field_name),
                        policy_directions="\n".join(
                            line.format(d=field_name)
                            for line in rng.sample(words.POLICY_DIRECTIONS, 3)
                        ),
                        key_tasks="\n".join(
                            f"{team.name.removesuffix('팀')} 분야 핵심 사업의 차질 없는 추진"
                            for team in item.teams[:4]
                        ),
                    )
                )
        plans = self._create("업무계획", plans)
        by_department = {(p.department_id, p.year): p for p in plans}
        for item in departments:
            self._titles(item)
            for index, year in enumerate(self.spec.plan_years):
                plan = by_department[(item.department.pk, year)]
                self._achievements(item, plan)
                self._cards(item, plan, first_year=index == 0)
        self._flush_parts()
        return plans

    def _titles(self, item: _Department) -> None:
        """The department's task titles in the order it takes them up over the years."""
        base = [
            (template.format(t=team.name.removesuffix("팀")), index)
            for index, team in enumerate(item.teams)
            for template in words.CARD_TITLES
        ]
        item.rng.shuffle(base)
        needed = self.spec.cards + self.spec.years * (self.spec.cards // 4 + 1)
        pool, stage = list(base), 2
        while len(pool) < needed:  # very large plans: the same tasks in later stages
            pool += [(f"{title} {stage}단계", index) for title, index in base]
            stage += 1
        item.titles = pool

    def _achievements(self, item: _Department, plan: WorkPlan) -> None:
        rng = item.rng
        for order, team in enumerate(rng.sample(item.teams, min(3, len(item.teams))), start=1):
            field_name = team.name.removesuffix("팀")
            group = AchievementGroup(
                plan=plan,
                order=order,
                title=words.ACHIEVEMENT_TITLES[(order - 1) % 3].format(t=field_name),
            )
            self.groups.append(group)
            for number, template in enumerate(rng.sample(words.ACHIEVEMENT_ITEMS, 2), start=1):
                text = template.format(
                    t=field_name,
                    n=rng.randint(2, 30),
                    m=f"{rng.randint(120, 4800):,}",
                    p=f"{rng.randint(800, 960) / 10:.1f}",
                )
                self.achievement_items.append(AchievementItem(group=group, order=number, text=text))

    def _cards(self, item: _Department, plan: WorkPlan, *, first_year: bool) -> None:
        rng = item.rng
        spec = self.spec
        # Most of last year's tasks continue; a few are replaced by new ones.
        if first_year:
            chosen = item.titles[: spec.cards]
            continuing = {title for title, _ in chosen if rng.random() < 0.7}
        else:
            previous = item.titles[: spec.cards]
            replaced = set(rng.sample(range(len(previous)), max(0, spec.cards // 4)))
            pool = item.titles[spec.cards :]
            fresh = pool[: len(replaced)]
            item.titles = (
                [t for i, t in enumerate(previous) if i not in replaced]
                + fresh
                + pool[len(fresh) :]
            )
            chosen = item.titles[: spec.cards]
            continuing = {title for title, _ in previous} & {title for title, _ in chosen}
        specials = max(1, spec.cards // 6) if spec.cards > 1 else 0
        yy = f"{plan.year % 100:02d}"
        for position, (title, team_index) in enumerate(chosen):
            special = position >= spec.cards - specials
            number = position + 1 - (spec.cards - specials if special else 0)
            team = item.teams[team_index]
            field_name = team.name.removesuffix("팀")
            is_continuing = title in continuing
            card = TaskCard(
                plan=plan,
                section=Section.SPECIAL if special else Section.MAIN,
                number=number,
                title=title,
                team=team,
                is_continuing=is_continuing,
                is_new=not is_continuing,
                is_pending_issue=rng.random() < 0.1,
                overview=self._overview(rng, field_name),
                policies="\n".join(
                    line.format(t=field_name) for line in rng.sample(words.POLICIES, 3)
                ),
                expected_effects="\n".join(
                    line.format(t=field_name) for line in rng.sample(words.EFFECTS, 2)
                ),
            )
            parts = self._card_parts(item, card, team_index, field_name, yy, plan.year)
            self.cards.append((card, parts))

    @staticmethod
    def _overview(rng: random.Random, field_name: str) -> str:
        lines = [line.format(t=field_name) for line in rng.sample(words.OVERVIEW_LINES, 2)]
        if rng.random() < 0.4:
            lines.append(f"  ※ 근거: 「{rng.choice(words.LAWS)}」 및 가람군 {field_name} 조례")
        return "\n".join(lines)

    def _card_parts(
        self, item: _Department, card: TaskCard, team_index: int, field_name: str, yy: str, year
    ) -> list[models.Model]:
        rng = item.rng
        parts: list[models.Model] = []
        start = year - rng.randint(0, 2) if card.is_continuing else year
        facts = [
            ("사업기간", f"{start}. ~ {year + rng.randint(0, 3)}."),
            ("대상", rng.choice(words.TARGET_GROUPS)),
            ("내용", f"{field_name} 사업 추진 및 운영 관리"),
        ]
        for order, (label, value) in enumerate(facts[: rng.randint(2, 3)], start=1):
            parts.append(CardFact(card=card, order=order, label=label, value=value))
        previous_yy = f"{(year - 1) % 100:02d}"
        for order, text in enumerate(rng.sample(words.PROGRESS, rng.randint(1, 3)), start=1):
            month = rng.randint(1, 12) if order == 1 else rng.randint(1, 2)
            when = f"'{previous_yy}. {month}." if order == 1 else f"'{yy}. {month}."
            parts.append(
                ProgressItem(card=card, order=order, text=text.format(t=field_name), schedule=when)
            )
        for order, (text, schedule, target) in enumerate(
            rng.sample(words.PLAN_ITEMS, rng.randint(3, 6)), start=1
        ):
            details = rng.choice(words.PLAN_ITEM_DETAILS) if rng.random() < 0.3 else ""
            parts.append(
                PlanItem(
                    card=card,
                    order=order,
                    text=text.format(t=field_name),
                    schedule=schedule.format(y=yy),
                    target=target,
                    details=details,
                )
            )
        sources = [FundingSource.COUNTY]
        if rng.random() < 0.5:
            sources.insert(0, FundingSource.PROVINCIAL)
        if rng.random() < 0.35:
            sources.insert(0, FundingSource.NATIONAL)
        if rng.random() < 0.1:
            sources.append(FundingSource.OTHER)
        if rng.random() < 0.85:  # a few cards need no money of their own
            for order, source in enumerate(sources, start=1):
                current = rng.randint(5, 900) * 1000
                parts.append(
                    FundingRow(
                        card=card,
                        order=order,
                        source=source,
                        prior_years=(rng.randint(5, 2000) * 1000 if card.is_continuing else None),
                        current_year=current,
                        later_years=rng.randint(5, 3000) * 1000 if rng.random() < 0.6 else None,
                    )
                )
        officers = item.officers[team_index]
        contacts = rng.sample(officers, min(len(officers), rng.randint(1, 2)))
        for order, officer in enumerate(contacts, start=1):
            parts.append(CardContact(card=card, order=order, officer=officer))
        return parts

    def _flush_parts(self) -> None:
        self._create("주요성과", self.groups)
        self._create("주요성과 항목", self.achievement_items)
        self._create("과제", [card for card, _ in self.cards])
        by_model: dict[type, list[models.Model]] = {}
        for _, parts in self.cards:
            for part in parts:
                by_model.setdefault(type(part), []).append(part)
        labels = {
            CardFact: "사업개요",
            ProgressItem: "추진상황",
            PlanItem: "추진계획",
            FundingRow: "소요예산",
            CardContact: "과제 담당자",
        }
        for model, label in labels.items():
            self._create(label, by_model.get(model, []))
