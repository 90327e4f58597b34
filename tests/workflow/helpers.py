"""What the workflow tests share: a plan that passes the pre-publication checks, staff logins
with the workflow permissions granted directly (not through the role groups, whose contents
another module decides), each action's service, and a way to bring a plan to a status by the
workflow itself."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission, User

from budget.models import BudgetLine, CountyBudget
from personnel.models import StaffProfile, Team
from plans.models import PlanEvent, PlanStatus, WorkPlan
from plans.workflow import services, transitions
from tests.factories import BudgetLineFactory, GradeFactory, StaffingCountFactory
from tests.publishing import build_plan

SUBMIT = "plans.submit_workplan"
APPROVE = "plans.approve_workplan"
PUBLISH = "plans.publish_workplan"
WITHDRAW = "plans.withdraw_workplan"
WORKFLOW_PERMS = (SUBMIT, APPROVE, PUBLISH, WITHDRAW)

STATUSES = [status.value for status in PlanStatus]
ACTIONS = list(transitions.TRANSITIONS)

# Allowed transitions: (from, action) → to, as the workflow is meant to be.
ALLOWED = {
    (PlanStatus.DRAFT, "submit"): PlanStatus.IN_REVIEW,
    (PlanStatus.IN_REVIEW, "return"): PlanStatus.DRAFT,
    (PlanStatus.IN_REVIEW, "approve"): PlanStatus.APPROVED,
    (PlanStatus.APPROVED, "return"): PlanStatus.DRAFT,
    (PlanStatus.APPROVED, "publish"): PlanStatus.PUBLISHED,
    (PlanStatus.PUBLISHED, "withdraw"): PlanStatus.WITHDRAWN,
    (PlanStatus.PUBLISHED, "revise"): PlanStatus.DRAFT,
    (PlanStatus.WITHDRAWN, "revise"): PlanStatus.DRAFT,
}

# The workflow steps that bring a new draft to each status.
PATH = {
    PlanStatus.DRAFT: [],
    PlanStatus.IN_REVIEW: ["submit"],
    PlanStatus.APPROVED: ["submit", "approve"],
    PlanStatus.PUBLISHED: ["submit", "approve", "publish"],
    PlanStatus.WITHDRAWN: ["submit", "approve", "publish", "withdraw"],
}

# The service of each action, named here (not read from the code under test).
SERVICE = {
    "submit": services.plan_submit,
    "return": services.plan_return,
    "approve": services.plan_approve,
    "publish": services.plan_publish,
    "withdraw": services.plan_withdraw,
    "revise": services.plan_start_revision,
}

# Which permission each action needs.
PERMISSION = {
    "submit": SUBMIT,
    "return": APPROVE,
    "approve": APPROVE,
    "publish": PUBLISH,
    "withdraw": WITHDRAW,
    "revise": APPROVE,
}


def make(action: str, plan: WorkPlan, *, user: User, note: str = "") -> PlanEvent:
    """Make ``action`` through its service; a publication renders no files (the tests of the
    files call plan_publish themselves)."""
    if action == "publish":
        return services.plan_publish(plan=plan, user=user, note=note, render_files=False)
    return SERVICE[action](plan=plan, user=user, note=note)


def publishable_plan(*, cards: int = 2, published: bool = False) -> WorkPlan:
    """``build_plan``'s plan (every card with every part, one contact each) plus what the
    checks require of chapter I: 2023 staffing, 2023 budget lines and the county's budget."""
    plan = build_plan(cards=cards, published=False)
    plan.policy_goal = "군민과 함께하는 소통행정"
    plan.save(update_fields=["policy_goal"])
    teams = list(Team.objects.filter(department=plan.department).order_by("order"))
    for order, team in enumerate(teams, start=1):
        StaffingCountFactory(team=team, year=plan.year, grade=GradeFactory(), current=order)
        BudgetLineFactory(
            department=plan.department,
            team=team,
            fiscal_year=plan.year,
            order=order,
            amount=100_000 * order,
        )
    CountyBudget.objects.get_or_create(
        organization=plan.department.bureau.organization,
        fiscal_year=plan.year,
        account="general",
        defaults={"total": 691_300_000},
    )
    if published:
        bring_to(plan, PlanStatus.PUBLISHED)
    return WorkPlan.objects.get(pk=plan.pk)


def staff(
    username: str,
    *,
    team: Team | None,
    perms=(),
    groups=(),
    superuser: bool = False,
    full_name: str = "",
) -> User:
    """A staff login working in ``team`` with the permissions ``perms`` ("app.codename")."""
    first, _, last = full_name.partition(" ")
    user = User.objects.create_user(
        username,
        password="x",
        is_staff=True,
        is_superuser=superuser,
        first_name=first,
        last_name=last,
    )
    if team is not None:
        StaffProfile.objects.create(user=user, team=team)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    if groups:
        user.groups.add(*Group.objects.filter(name__in=groups))
    return User.objects.get(pk=user.pk)  # no cached permissions


def team_of(plan: WorkPlan) -> Team:
    return Team.objects.filter(department=plan.department).order_by("order").first()


def bring_to(plan: WorkPlan, status: str, *, user: User | None = None) -> WorkPlan:
    """Make the workflow's own steps from draft to ``status`` (no PDF rendered)."""
    user = (
        user
        or User.objects.filter(username="setup").first()
        or staff("setup", team=None, superuser=True)
    )
    for action in PATH[PlanStatus(status)]:
        make(action, plan, user=user, note="준비")
    plan = WorkPlan.objects.get(pk=plan.pk)
    assert plan.status == status
    return plan


def budget_line_of(plan: WorkPlan) -> BudgetLine:
    return BudgetLine.objects.filter(department=plan.department, fiscal_year=plan.year).first()
