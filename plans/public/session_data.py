"""A council session as a whole: every department presenting to it, by bureau in the council's
order, each with the published edition of its plan or "준비 중", and the county's summary
(departments, cards by 사업구분, budget by bureau and department, staffing) added up from the
published versions' frozen reports, never from the plan rows a department may be editing.

Everything here costs a fixed number of queries whatever the number of departments: the session,
its plans with their public versions (the heavy columns deferred), and the reports not yet
decoded by this process, all in one query (plans.workflow.freezing.frozen_reports). Who presents
and the digest of it are plans.workflow.session_versions', which the session booklets share."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Subquery
from django.http import Http404

from plans.models import CouncilSession, WorkPlan
from plans.public.editions import CURRENT, EditionUrls
from plans.report.comparison import Comparison
from plans.report.context import PlanReport
from plans.rules import figures
from plans.workflow.session_versions import Presenting, presenting_versions


def session_at(organization: str, number: int) -> CouncilSession:
    """The session at /sessions/<organization>/<number>/, or 404 when there is none or none
    of its plans is published yet (a page of nothing but 준비 중 would tell nobody anything)."""
    session = (
        CouncilSession.objects.select_related("organization")
        .filter(organization__name=organization, number=number)
        .filter(Exists(WorkPlan.objects.published().filter(public_version__session=OuterRef("pk"))))
        .first()
    )
    if session is None:
        raise Http404("의회 회기를 찾을 수 없습니다.")
    return session


class SessionEntry(Presenting):
    """A department presenting (plans.workflow.session_versions) as the session's pages show
    it: with its addresses, its comparison with last year and its budget's change."""

    @property
    def comparison(self) -> Comparison | None:
        return self.frozen.comparison if self.frozen else None

    @property
    def urls(self) -> EditionUrls:
        return EditionUrls(CURRENT, self.plan.year, self.plan.department.slug)

    @property
    def budget_change(self) -> figures.Change | None:
        return self.report.budget.total.change if self.report else None


@dataclass
class Tally:
    """Figures added up over departments: budget this year and last (in the report's unit, as
    printed), staffing and teams."""

    budget_current: int = 0
    budget_previous: int = 0
    authorized: int = 0
    current: int = 0
    supernumerary: int = 0
    teams: int = 0

    def add(self, report: PlanReport) -> None:
        self.budget_current += report.budget.total.current
        self.budget_previous += report.budget.total.previous or 0
        self.authorized += report.staffing.authorized
        self.current += report.staffing.current
        self.supernumerary += report.staffing.supernumerary
        self.teams += report.staffing.team_count or len(report.teams)

    @property
    def budget_change(self) -> figures.Change:
        return figures.change(self.budget_current, self.budget_previous)


@dataclass
class BureauGroup:
    name: str
    entries: list[SessionEntry] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)

    @property
    def published(self) -> list[SessionEntry]:
        return [entry for entry in self.entries if entry.published]


@dataclass(frozen=True)
class KindCount:
    label: str
    count: int


@dataclass
class SessionSummary:
    departments: int
    published: int
    cards: int
    main_cards: int
    special_cards: int
    kinds: list[KindCount]
    tally: Tally
    budget_unit: str
    budget_years: tuple[int, int] | None  # (this year, last year) when every plan agrees

    @property
    def preparing(self) -> int:
        return self.departments - self.published

    @property
    def org_summary(self) -> str:
        return figures.org_summary(departments=self.published, teams=self.tally.teams)


@dataclass
class SessionView:
    session: CouncilSession
    bureaus: list[BureauGroup]
    summary: SessionSummary

    @property
    def entries(self) -> list[SessionEntry]:
        return [entry for bureau in self.bureaus for entry in bureau.entries]

    @property
    def published_entries(self) -> list[SessionEntry]:
        return [entry for entry in self.entries if entry.published]


def session_entries(session: CouncilSession) -> list[SessionEntry]:
    """The departments presenting to ``session`` in the council's order (in two queries)."""
    return presenting_versions(session, SessionEntry)


KIND_LABELS = ("계속", "신규", "현안")


def session_view(session: CouncilSession) -> SessionView:
    entries = session_entries(session)
    bureaus: dict[int, BureauGroup] = {}
    total = Tally()
    kinds = dict.fromkeys(KIND_LABELS, 0)
    main_cards = special_cards = 0
    years: set[tuple[int, int]] = set()
    unit = ""
    for entry in entries:
        # A department directly under the county (no 국) is grouped under the county's name.
        department = entry.plan.department
        group = bureaus.setdefault(department.bureau_id, BureauGroup(department.parent_name))
        group.entries.append(entry)
        report = entry.report
        if report is None:
            continue
        group.tally.add(report)
        total.add(report)
        main_cards += len(report.main_cards)
        special_cards += len(report.special_cards)
        for view in report.cards:
            for kind in view.kinds:
                kinds[kind] = kinds.get(kind, 0) + 1
        years.add((report.budget.year, report.budget.previous_year))
        unit = report.budget.unit
    summary = SessionSummary(
        departments=len(entries),
        published=sum(entry.published for entry in entries),
        cards=main_cards + special_cards,
        main_cards=main_cards,
        special_cards=special_cards,
        kinds=[KindCount(label, count) for label, count in kinds.items()],
        tally=total,
        budget_unit=unit,
        budget_years=next(iter(years)) if len(years) == 1 else None,
    )
    return SessionView(session, list(bureaus.values()), summary)


def sessions_with_publications() -> list[CouncilSession]:
    """Sessions to which at least one plan was presented and is published, newest first, each
    with ``published_count``: a session with nothing published yet has no page."""
    published = WorkPlan.objects.published().filter(public_version__session=OuterRef("pk"))
    return list(
        CouncilSession.objects.annotate(
            published_count=Subquery(
                published.order_by()
                .values("public_version__session")
                .annotate(n=Count("pk"))
                .values("n")
            )
        )
        .filter(published_count__gt=0)
        .select_related("organization")
        .order_by("-start_date", "organization__name", "-number")
    )


def session_list_digest() -> str:
    """What the session list prints, in one query (its page cache's key)."""
    rows = (
        WorkPlan.objects.published()
        .order_by("pk")
        .values_list(
            "pk",
            "public_version__session_id",
            "public_version__session__number",
            "public_version__session__kind",
            "public_version__session__start_date",
            "public_version__session__end_date",
            "public_version__session__organization__name",
        )
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()
