"""Next year's plan from this one (2024년 계획 시작): a department's published plan opens the
draft of the following year with what carries over, so nobody types last year's cards again.

What carries over, and how (README: 다음 해 계획 시작):

- the cards chosen to carry (by default every 계속 card, and every 신규 one, which continues
  as 계속 in its second year; the admin's form lets the reviewer tick others), linked to the
  card it continues (``TaskCard.continues``), with its 개요 facts, 추진방침 and 기대효과; its
  소요예산 rows with the periods moved on by plans.rules.figures.funding_periods_next_year
  (전년까지 = 전년까지 + 올해, 올해 = 0, 다음해 이후 kept for the clerk to split); its 추진상황
  drafted by :func:`progress_draft` from what last year's 추진계획 items reported (추진실적,
  the latest report of each: plans.rules.carryover), or from the 추진계획 itself where the
  card has no 추진실적. Cards not chosen ended with their year and are not carried. 추진계획 and
  its schedules are next year's to write: the admin shows last year's beside the empty form.
  Officers are people, not copied;
- chapter II 주요성과: a group per card of last year (carried or not), headed by its title, with
  the 실적 of its items reported 완료 as the lines (:func:`achievement_lines`); a card whose
  items reported nothing 완료 gives none, and a card without 추진실적 gives its 추진계획;
- the policy direction (정책목표, 추진방향, 역점과제);
- the department's staffing counts (정원/현원) and its budget lines, whose 전년 column the
  budget table reads from last year's lines; the new lines' amounts are 0 until filled in.

Every row carried is marked (the ``carried`` flag, CARRIED_LABEL) until a person edits or
confirms it (plans.workflow.carried); the 게시 전 점검 lists what is left and blocks 검토 요청
and 게시 until none is. It all happens in one transaction, recorded in the history with the
previous plan named, and in the plan's log. Starting again opens the plan already started."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.models import BudgetLine, FundingRow, Stage
from personnel.models import StaffingCount
from plans.history import recording
from plans.models import (
    AchievementGroup,
    AchievementItem,
    CardFact,
    CouncilSession,
    ItemProgress,
    PeriodKind,
    PlanAction,
    PlanStatus,
    ProgressItem,
    Section,
    TaskCard,
    WorkPlan,
)
from plans.rules.carryover import (
    ItemReport,
    ReportedItem,
    achievement_draft,
    progress_draft_rows,
)
from plans.rules.figures import funding_periods_next_year
from plans.workflow.events import plan_event_record
from plans.workflow.transitions import WorkflowError, may_act

#: Who may start next year's plan: the department's 검토자 (who approves its plans), superusers.
START_PERMISSION = "plans.approve_workplan"


@dataclass(frozen=True)
class NextYear:
    plan: WorkPlan
    created: bool


def may_start_next_year(user: User, plan: WorkPlan) -> bool:
    return plan.status == PlanStatus.PUBLISHED and may_act(user, START_PERMISSION, plan)


def existing_next_plan(plan: WorkPlan) -> WorkPlan | None:
    return WorkPlan.objects.filter(department=plan.department_id, year=plan.year + 1).first()


def next_session(plan: WorkPlan) -> CouncilSession | None:
    """The organisation's first session after the one ``plan`` was presented to, if known."""
    return (
        CouncilSession.objects.filter(
            organization=plan.session.organization_id, number__gt=plan.session.number
        )
        .order_by("number")
        .first()
    )


def carries_by_default(card: TaskCard) -> bool:
    """A card of last year goes on next year when it is 계속, or 신규 (a task begun last year
    is in its second year); a card with neither mark is the reviewer's call."""
    return card.is_continuing or card.is_new


def reported_items(card: TaskCard) -> list[ReportedItem]:
    """Last year's ``card``'s 추진계획 items with every entry they have (read from the rows
    :data:`CARD_ROWS` prefetches, so no query per card)."""
    return [
        ReportedItem(
            item.text,
            item.schedule,
            tuple(
                ItemReport(
                    annual=entry.period.kind == PeriodKind.ANNUAL,
                    as_of=entry.period.as_of,
                    status=entry.status,
                    result=entry.result,
                )
                for entry in item.progress_entries.all()
            ),
        )
        for item in card.plan_items.all()
    ]


def progress_draft(card: TaskCard) -> list[tuple[str, str]]:
    """Next year's 추진상황 of ``card``'s successor as (text, schedule) rows: what last year's
    items reported done (plans.rules.carryover), or without 추진실적 its 추진계획."""
    limit = ProgressItem._meta.get_field("text").max_length
    return progress_draft_rows(reported_items(card), limit=limit)


def achievement_lines(card: TaskCard) -> list[str] | None:
    """The lines of the chapter II group drafted from last year's ``card``: the 실적 of its
    items reported 완료, or without 추진실적 its 추진계획; None: no group for this card."""
    return achievement_draft(reported_items(card))


#: What a card of last year brings to the start: its parts and its items' 추진실적.
CARD_ROWS = (
    "facts",
    "funding_rows",
    Prefetch(
        "plan_items__progress_entries",
        queryset=ItemProgress.objects.select_related("period").order_by(
            "period__as_of", "period_id"
        ),
    ),
)


@transaction.atomic
def plan_start_next_year(
    *,
    plan: WorkPlan,
    user: User | None,
    session: CouncilSession | None = None,
    carry: Iterable[int] | None = None,
) -> NextYear:
    """Open the draft of ``plan``'s department for the following year from ``plan`` (published),
    presented to ``session`` (default: the organisation's next session), carrying the cards
    whose keys are in ``carry`` (default: :func:`carries_by_default`). If that draft exists
    already, it is returned (``created`` False) and nothing is written.

    ``user`` None is a management command, which answers for itself."""
    plan = WorkPlan.objects.select_for_update(of=("self",)).with_context().get(pk=plan.pk)
    if user is not None and not may_act(user, START_PERMISSION, plan):
        raise PermissionDenied(_("다음 해 계획을 시작할 권한이 없습니다."))
    existing = existing_next_plan(plan)
    if existing is not None:
        return NextYear(existing, created=False)
    if plan.status != PlanStatus.PUBLISHED:
        raise WorkflowError(
            _("게시된 업무계획에서만 다음 해 계획을 시작할 수 있습니다(지금: %(status)s).")
            % {"status": plan.get_status_display()}
        )
    session = session or next_session(plan)
    if session is None:
        raise WorkflowError(
            _("%(year)s년 업무계획을 보고할 의회 회기를 선택하거나 새로 입력하십시오.")
            % {"year": plan.year + 1}
        )
    reason = _("%(year)s년 업무계획(%(session)s)에서 시작") % {
        "year": plan.year,
        "session": plan.session,
    }
    with recording(reason=reason, user=user):
        new = _new_plan(plan, session)
        cards = list(plan.cards.select_related("team").prefetch_related(*CARD_ROWS))
        chosen = (
            {card.pk for card in cards if carries_by_default(card)} if carry is None else set(carry)
        )
        _carry_cards([card for card in cards if card.pk in chosen], new)
        _draft_achievements(cards, new)
        _open_budget_lines(plan)
        _copy_staffing(plan)
    plan_event_record(
        plan=new,
        action=PlanAction.START_FROM_PREVIOUS,
        from_status=PlanStatus.DRAFT,
        to_status=PlanStatus.DRAFT,
        at=timezone.now(),
        user=user,
        actor_name="" if user is not None else "start_next_year",
        note=reason,
    )
    return NextYear(new, created=True)


def _saved(obj):
    obj.full_clean()
    obj.save()
    return obj


def _new_plan(plan: WorkPlan, session: CouncilSession) -> WorkPlan:
    carried_policy = bool(plan.policy_goal or plan.policy_directions or plan.key_tasks)
    return _saved(
        WorkPlan(
            department=plan.department,
            year=plan.year + 1,
            session=session,
            status=PlanStatus.DRAFT,
            policy_goal=plan.policy_goal,
            policy_directions=plan.policy_directions,
            key_tasks=plan.key_tasks,
            policy_carried=carried_policy,
        )
    )


def _carry_cards(cards: list[TaskCard], new: WorkPlan) -> None:
    """The chosen cards, numbered again from 1 in each chapter in last year's order."""
    numbers = dict.fromkeys(Section.values, 0)
    for old in cards:
        numbers[old.section] += 1
        card = _saved(
            TaskCard(
                plan=new,
                section=old.section,
                number=numbers[old.section],
                title=old.title,
                team=old.team,
                is_continuing=True,
                is_pending_issue=old.is_pending_issue,
                overview=old.overview,
                facts_title=old.facts_title,
                policies=old.policies,
                expected_effects=old.expected_effects,
                funding_unit=old.funding_unit,
                continues=old,
                carried=True,
            )
        )
        for fact in old.facts.all():
            _saved(
                CardFact(
                    card=card, order=fact.order, label=fact.label, value=fact.value, carried=True
                )
            )
        for row in old.funding_rows.all():
            prior, current, later = funding_periods_next_year(*row.periods)
            _saved(
                FundingRow(
                    card=card,
                    order=row.order,
                    source=row.source,
                    prior_years=prior,
                    current_year=current,
                    later_years=later,
                    remark=row.remark,
                    carried=True,
                )
            )
        for order, (text, schedule) in enumerate(progress_draft(old), start=1):
            _saved(ProgressItem(card=card, order=order, text=text, schedule=schedule, carried=True))


def _draft_achievements(cards: list[TaskCard], new: WorkPlan) -> None:
    """Chapter II of the new plan is last year's results: a group per card of last year that
    achieved something (or has no 추진실적 to say otherwise), numbered in the cards' order."""
    order = 0
    for old in cards:
        lines = achievement_lines(old)
        if lines is None:
            continue
        order += 1
        group = _saved(AchievementGroup(plan=new, order=order, title=old.title, carried=True))
        for line_order, text in enumerate(lines, start=1):
            _saved(AchievementItem(group=group, order=line_order, text=text))


def _open_budget_lines(plan: WorkPlan) -> None:
    """Next year's 본예산 lines under last year's headings, at 0 until the budget is known;
    none if the department has entered any for next year already."""
    year = plan.year + 1
    if BudgetLine.objects.filter(department=plan.department_id, fiscal_year=year).exists():
        return
    lines = BudgetLine.objects.filter(
        department=plan.department_id, fiscal_year=plan.year, stage=Stage.ORIGINAL
    ).select_related("team")
    for line in lines:
        if line.team_id and not line.team.is_active:
            continue
        _saved(
            BudgetLine(
                department=line.department,
                fiscal_year=year,
                account=line.account,
                stage=Stage.ORIGINAL,
                team=line.team,
                heading=line.heading,
                order=line.order,
                amount=0,
                carried=True,
            )
        )


def _copy_staffing(plan: WorkPlan) -> None:
    """Last year's 정원/현원 of the department's working teams as next year's starting point;
    none if next year's counts are entered already."""
    year = plan.year + 1
    teams = {"team__department": plan.department_id, "team__is_active": True}
    if StaffingCount.objects.filter(year=year, **teams).exists():
        return
    for count in StaffingCount.objects.filter(year=plan.year, **teams).select_related(
        "grade", "team"
    ):
        _saved(
            StaffingCount(
                year=year,
                team=count.team,
                grade=count.grade,
                authorized=count.authorized,
                current=count.current,
                carried=True,
            )
        )
