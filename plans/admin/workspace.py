"""The admin's front page starts from the work, not from Django's list of tables: the user's
plans (its department's; a superuser's: every department's, recent years first) with their
status, what the 게시 전 점검 still finds in those being written or reviewed, and what needs
this user now:

- a 작성자: its team's cards that still lack an 개요, 담당자 or 추진계획, and its team's
  작성 완료 mark on each plan being written (plans.workflow.teamparts);
- a 검토자: plans in review, and on plans being written, which teams have marked their part
  done before it asks for review;
- a 게시관리자: approved plans waiting to be published.

What is shown follows the user's reach (plans.access.scopes) and permissions, so another
department's plan never appears. The page reads a fixed number of queries per plan checked and
none per card: each check reads its plan's report (plans.report) once, so only the
:data:`CHECKED_PLANS` newest plans in progress are checked here, the others on their own page
(a county's administrator would otherwise wait for thirty reports)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse

from personnel.models import Department, Team, chart_order
from personnel.roles import WRITER
from plans.access.scopes import reach_of
from plans.admin.hub import hub_url, missing_of, missing_parts, with_hub
from plans.admin.reminders import overdue_url
from plans.models import CouncilSession, PlanStatus, TaskCard, WorkPlan
from plans.report.context import plan_report
from plans.workflow import transitions as workflow
from plans.workflow.checks import Problem, blocking, carried_problems, plan_problems
from plans.workflow.teamparts import TeamStatus, marking_team, team_statuses

#: At most this many plans in progress are checked on the front page (newest first).
CHECKED_PLANS = 10
#: Problems listed per plan; the plan's page lists them all.
FIRST_PROBLEMS = 3

IN_PROGRESS = (PlanStatus.DRAFT, PlanStatus.IN_REVIEW, PlanStatus.APPROVED)


@dataclass
class ProblemLink:
    problem: Problem
    url: str


@dataclass
class PlanEntry:
    plan: WorkPlan
    url: str
    card_count: int
    in_progress: bool
    checked: bool = False
    errors: int = 0
    warnings: int = 0
    first_problems: list[ProblemLink] = field(default_factory=list)
    more_problems: int = 0
    teams: list[TeamStatus] = field(default_factory=list)
    #: The team whose part the user marks on this plan (a 작성자 on a draft), with its status.
    my_team: TeamStatus | None = None
    #: (label, url) of the transitions the user may make now, in the 처리 panel's order.
    actions: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ready_count(self) -> int:
        return sum(1 for status in self.teams if status.is_ready)

    @property
    def ready_names(self) -> str:
        return ", ".join(status.team.name for status in self.teams if status.is_ready)

    @property
    def not_ready_names(self) -> str:
        return ", ".join(status.team.name for status in self.teams if not status.is_ready)


@dataclass
class DepartmentPlans:
    department: Department
    current: list[PlanEntry]
    past: list[PlanEntry]
    #: 업무계획 만들기: the plan add page filled for this department, when none is in progress
    #: and the user may add plans.
    start_url: str | None = None

    @property
    def rows(self) -> list[PlanEntry | None]:
        """The plans in progress, one table row each; one empty row if there is none."""
        return self.current or [None]


@dataclass
class CardToWrite:
    card: TaskCard
    missing: list[str]
    url: str


@dataclass
class Workspace:
    departments: list[DepartmentPlans]
    #: Superusers see every department: each gets a heading.
    grouped: bool
    #: 과 추가, for those who may add departments (a new 실 starts here).
    department_add_url: str | None = None
    writer_team: Team | None = None
    cards_to_write: list[CardToWrite] = field(default_factory=list)
    to_mark: list[PlanEntry] = field(default_factory=list)
    to_review: list[PlanEntry] = field(default_factory=list)
    teams_done: list[PlanEntry] = field(default_factory=list)
    to_publish: list[PlanEntry] = field(default_factory=list)
    unchecked: int = 0
    #: 추진실적 미입력 현황, for those who read 추진실적.
    overdue_url: str | None = None

    @property
    def has_todos(self) -> bool:
        return bool(
            self.cards_to_write
            or self.to_mark
            or self.to_review
            or self.teams_done
            or self.to_publish
        )


def _problem_links(plan: WorkPlan, problems: list[Problem]) -> list[ProblemLink]:
    """Each problem with where it is fixed: its own page (returning to the plan's page), or the
    plan's page, whose hub reaches every chapter."""
    return [
        ProblemLink(problem, with_hub(problem.url, plan.pk) if problem.url else hub_url(plan.pk))
        for problem in problems
    ]


def _transition_url(plan: WorkPlan, action: str) -> str:
    return reverse("admin:plans_workplan_transition", args=[plan.pk, action])


def front_page(request, plan_admin) -> Workspace | None:
    """The front page's workspace for the request's user; None for a login that reaches no
    plan at all (no team: the page says why)."""
    user = request.user
    reach = reach_of(user)
    if not reach.superuser and reach.team is None:
        return None
    plans = list(
        plan_admin.get_queryset(request)
        .select_related("department__organization", "department__bureau")
        .order_by(
            *chart_order("department"),
            "department__pk",
            "-year",
        )
    )
    entries = {
        plan.pk: PlanEntry(
            plan=plan,
            url=hub_url(plan.pk),
            card_count=plan._card_count,
            in_progress=plan.status in IN_PROGRESS,
        )
        for plan in plans
    }
    in_progress = sorted(
        (entry for entry in entries.values() if entry.in_progress),
        key=lambda entry: -entry.plan.year,
    )
    for entry in in_progress[:CHECKED_PLANS]:
        problems = [*carried_problems(entry.plan), *plan_problems(plan_report(entry.plan))]
        entry.checked = True
        entry.errors = len(blocking(problems))
        entry.warnings = len(problems) - entry.errors
        entry.first_problems = _problem_links(entry.plan, problems[:FIRST_PROBLEMS])
        entry.more_problems = max(len(problems) - FIRST_PROBLEMS, 0)
    drafts = [entry for entry in in_progress if entry.plan.status == PlanStatus.DRAFT]
    statuses = team_statuses(entry.plan for entry in drafts)
    for entry in drafts:
        entry.teams = statuses[entry.plan.pk]
        team = marking_team(user, entry.plan)
        if team is not None:
            entry.my_team = next((s for s in entry.teams if s.team.pk == team.pk), None)
    for entry in in_progress:
        entry.actions = [
            (str(transition.action.label), _transition_url(entry.plan, transition.action))
            for transition in workflow.available(entry.plan, user)
        ]

    by_department: dict[int, DepartmentPlans] = {}
    if reach.superuser:
        # Every department, also one without any plan yet: its row starts its first plan.
        for department in Department.objects.select_related("organization", "bureau").order_by(
            *chart_order(), "pk"
        ):
            by_department[department.pk] = DepartmentPlans(department, [], [])
    for plan in plans:
        group = by_department.setdefault(
            plan.department_id, DepartmentPlans(plan.department, [], [])
        )
        entry = entries[plan.pk]
        (group.current if entry.in_progress else group.past).append(entry)
    departments = list(by_department.values())
    if plan_admin.has_add_permission(request):
        for group in departments:
            if not group.current:
                group.start_url = start_plan_url(group.department)

    workspace = Workspace(
        departments=departments,
        grouped=reach.superuser,
        unchecked=max(len(in_progress) - CHECKED_PLANS, 0),
    )
    if user.has_perm("personnel.add_department"):
        workspace.department_add_url = reverse("admin:personnel_department_add")
    if WRITER in reach.roles and reach.team is not None:
        workspace.writer_team = reach.team
        workspace.cards_to_write = cards_to_write(reach.team)
        workspace.to_mark = [entry for entry in drafts if entry.my_team is not None]
    if user.has_perm("plans.submit_workplan") or user.has_perm("plans.approve_workplan"):
        workspace.to_review = [e for e in in_progress if e.plan.status == PlanStatus.IN_REVIEW]
        workspace.teams_done = [entry for entry in drafts if entry.teams]
    if user.has_perm("plans.publish_workplan"):
        workspace.to_publish = [e for e in in_progress if e.plan.status == PlanStatus.APPROVED]
    if user.has_perm("plans.view_itemprogress"):
        workspace.overdue_url = overdue_url()
    return workspace


def start_plan_url(department: Department) -> str:
    """The plan add page filled with the department and, when its county has council sessions,
    the latest one its plans are presented to, with its year: a new plan is most often for the
    session being prepared. A later session that hears only 추진실적 (the summer 정례회) is not
    it; with no plan yet, the latest session."""
    query = {"department": department.pk}
    sessions = CouncilSession.objects.filter(organization_id=department.organization_id)
    session = (
        sessions.filter(plans__isnull=False).order_by("-start_date").first()
        or sessions.order_by("-start_date").first()
    )
    if session is not None:
        query.update(session=session.pk, year=session.start_date.year)
    return f"{reverse('admin:plans_workplan_add')}?{urlencode(query)}"


def cards_to_write(team: Team) -> list[CardToWrite]:
    """The team's cards in plans being written that still lack an 개요, 담당자 or 추진계획 (what
    the 게시 전 점검 asks of every card): one query."""
    cards = (
        TaskCard.objects.filter(
            team=team, plan__department=team.department_id, plan__status=PlanStatus.DRAFT
        )
        .select_related("plan")
        .annotate(**missing_parts())
        .filter(
            Q(_overview="", _has_facts=False) | Q(_has_contacts=False) | Q(_has_plan_items=False)
        )
        .order_by("-plan__year", "section", "number")
    )
    return [
        CardToWrite(
            card,
            missing_of(card),
            with_hub(reverse("admin:plans_taskcard_change", args=[card.pk]), card.plan_id),
        )
        for card in cards
    ]
