"""Next year's plan from the demo plan (plans.workflow.nextyear): every carried value against the
2023 plan's own rows, the funding periods moved on, the links, the marks, the 점검 that blocks
검토 요청 until every mark is confirmed, and the second start that makes no second plan."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budget.models import BudgetLine, CountyBudget, FundingRow, Stage
from personnel.models import StaffingCount
from plans.models import (
    AchievementGroup,
    CardContact,
    CouncilSession,
    PlanAction,
    PlanEvent,
    PlanStatus,
    SessionKind,
    TaskCard,
    WorkPlan,
)
from plans.report.context import budget_table
from plans.rules import figures
from plans.workflow import services
from plans.workflow.carried import carried_confirm, carried_confirm_card, unconfirmed
from plans.workflow.checks import carried_problems
from plans.workflow.nextyear import plan_start_next_year
from plans.workflow.transitions import WorkflowError
from tests.workflow.helpers import staff, team_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief():
    return staff("chief", team=None, superuser=True)


@pytest.fixture
def next_session(demo_plan) -> CouncilSession:
    return CouncilSession.objects.create(
        organization=demo_plan.session.organization,
        number=demo_plan.session.number + 9,
        kind=SessionKind.EXTRAORDINARY,
        start_date=datetime.date(demo_plan.year + 1, 2, 15),
        end_date=datetime.date(demo_plan.year + 1, 2, 22),
    )


def old_cards(plan: WorkPlan) -> list[TaskCard]:
    return list(plan.cards.order_by("section", "number"))


def start_with_every_card(plan: WorkPlan, user) -> WorkPlan:
    result = plan_start_next_year(plan=plan, user=user, carry=[c.pk for c in old_cards(plan)])
    assert result.created
    return result.plan


def test_every_card_chosen_is_carried_and_linked(demo_plan, next_session, chief):
    new = start_with_every_card(demo_plan, chief)

    assert (new.department_id, new.year) == (demo_plan.department_id, demo_plan.year + 1)
    assert new.session == next_session
    assert new.status == PlanStatus.DRAFT
    before = old_cards(demo_plan)
    after = old_cards(new)
    assert [card.continues_id for card in after] == [card.pk for card in before]
    for old, card in zip(before, after, strict=True):
        same = ("section", "number", "title", "team_id", "overview", "facts_title", "policies")
        assert [getattr(card, name) for name in same] == [getattr(old, name) for name in same]
        assert card.expected_effects == old.expected_effects
        assert card.funding_unit == old.funding_unit
        assert (card.is_continuing, card.is_new, card.carried) == (True, False, True)
        assert card.is_pending_issue == old.is_pending_issue
        facts = [(f.order, f.label, f.value, f.carried) for f in card.facts.all()]
        assert facts == [(f.order, f.label, f.value, True) for f in old.facts.all()]
        # 추진상황 is drafted from what last year's card planned; 추진계획 and officers are new.
        progress = [(p.text, p.schedule, p.carried) for p in card.progress_items.all()]
        assert progress == [(p.text, p.schedule, True) for p in old.plan_items.all()]
        assert not card.plan_items.exists()
        assert not card.contacts.exists()


def test_the_funding_periods_move_on_by_a_year(demo_plan, next_session, chief):
    new = start_with_every_card(demo_plan, chief)

    old_rows = list(FundingRow.objects.filter(card__plan=demo_plan).order_by("card", "order"))
    assert old_rows, "the demo plan has 소요예산 rows"
    for old in old_rows:
        row = FundingRow.objects.get(card__continues=old.card, source=old.source)
        if old.prior_years is None and old.current_year is None:
            expected_prior = None
        else:
            expected_prior = (old.prior_years or 0) + (old.current_year or 0)
        assert (row.prior_years, row.current_year, row.later_years) == (
            expected_prior,
            0,
            old.later_years,
        )
        assert (row.order, row.remark, row.carried) == (old.order, old.remark, True)
    # The whole investment before next year is what was invested up to and in last year.
    new_prior = sum(r.prior_years or 0 for r in FundingRow.objects.filter(card__plan=new))
    old_spent = sum((r.prior_years or 0) + (r.current_year or 0) for r in old_rows)
    assert new_prior == old_spent


def test_a_card_carried_by_default_is_continuing_or_new(demo_plan, next_session, chief):
    new = plan_start_next_year(plan=demo_plan, user=chief).plan

    expected = [c.pk for c in old_cards(demo_plan) if c.is_continuing or c.is_new]
    assert expected, "the demo plan has a 계속 card"
    assert [card.continues_id for card in old_cards(new)] == expected
    # Renumbered from 1 in each chapter.
    for section in {card.section for card in new.cards.all()}:
        numbers = list(new.cards.filter(section=section).values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))


def test_achievements_policy_staffing_and_budget_are_drafted(demo_plan, next_session, chief):
    new = start_with_every_card(demo_plan, chief)

    groups = list(new.achievement_groups.order_by("order"))
    assert [(g.title, g.carried) for g in groups] == [
        (card.title, True) for card in old_cards(demo_plan)
    ]
    for group, card in zip(groups, old_cards(demo_plan), strict=True):
        assert [item.text for item in group.items.order_by("order")] == [
            item.text for item in card.plan_items.all()
        ]
    policy = ("policy_goal", "policy_directions", "key_tasks")
    assert [getattr(new, name) for name in policy] == [getattr(demo_plan, name) for name in policy]
    assert new.policy_carried

    department = demo_plan.department_id
    old_counts = StaffingCount.objects.filter(
        year=demo_plan.year, team__department=department, team__is_active=True
    ).order_by("team", "grade")
    new_counts = StaffingCount.objects.filter(year=new.year, team__department=department)
    assert old_counts.exists()
    assert sorted(
        (c.team_id, c.grade_id, c.authorized, c.current, c.carried) for c in new_counts
    ) == sorted((c.team_id, c.grade_id, c.authorized, c.current, True) for c in old_counts)

    old_lines = list(
        BudgetLine.objects.filter(
            department=department, fiscal_year=demo_plan.year, stage=Stage.ORIGINAL
        ).select_related("team")
    )
    assert old_lines
    new_lines = BudgetLine.objects.filter(department=department, fiscal_year=new.year)
    assert sorted((x.match_key, x.order, x.account, x.amount, x.carried) for x in new_lines) == (
        sorted((x.match_key, x.order, x.account, 0, True) for x in old_lines)
    )
    # The new year's table reads its 전년 column from last year's lines.
    table = budget_table(department=demo_plan.department, year=new.year)
    shown = {line.label: int(figures.money_in_unit(line.amount, table.unit)) for line in old_lines}
    assert {row.label: row.previous for row in table.rows} == shown


def test_the_start_is_recorded_as_made_from_the_previous_plan(demo_plan, next_session, chief):
    new = start_with_every_card(demo_plan, chief)

    event = PlanEvent.objects.get(plan=new)
    assert event.action == PlanAction.START_FROM_PREVIOUS
    assert event.actor == chief
    assert f"{demo_plan.year}년 업무계획" in event.note
    record = new.history.get()
    assert record.history_type == "+"
    assert record.history_user == chief
    assert record.history_change_reason == event.note
    card_record = TaskCard.history.filter(plan_id=new.pk).first()
    assert card_record.history_change_reason == event.note


def test_starting_twice_opens_the_plan_already_started(demo_plan, next_session, chief):
    first = start_with_every_card(demo_plan, chief)
    rows = (TaskCard.objects.count(), AchievementGroup.objects.count(), BudgetLine.objects.count())

    again = plan_start_next_year(plan=demo_plan, user=chief)

    assert not again.created
    assert again.plan.pk == first.pk
    assert WorkPlan.objects.filter(year=demo_plan.year + 1).count() == 1
    assert (
        TaskCard.objects.count(),
        AchievementGroup.objects.count(),
        BudgetLine.objects.count(),
    ) == rows


def test_a_session_is_needed_and_a_draft_is_no_start(demo_plan, chief):
    with pytest.raises(WorkflowError, match="보고할 의회 회기를 선택"):
        plan_start_next_year(plan=demo_plan, user=chief)
    assert not WorkPlan.objects.filter(year=demo_plan.year + 1).exists()

    writer = staff("writer", team=team_of(demo_plan), perms=["plans.submit_workplan"])
    with pytest.raises(PermissionDenied):
        plan_start_next_year(plan=demo_plan, user=writer)


def test_submitting_and_publishing_wait_for_every_confirmation(demo_plan, next_session, chief):
    new = start_with_every_card(demo_plan, chief)
    left = unconfirmed(new)
    problems = carried_problems(new)
    assert left.count > 0
    assert len(problems) == len(left.cards) + 4  # policy, staffing, budget, achievements
    assert all(problem.is_error for problem in problems)

    with pytest.raises(WorkflowError) as refused:
        services.plan_submit(plan=new, user=chief)
    assert any("작년에서 가져와 확인하지 않은 항목" in m for m in refused.value.messages)

    # The people the cards name, the county's budget of the year: what a clerk adds anyway.
    for card in new.cards.all():
        for order, contact in enumerate(card.continues.contacts.all(), start=1):
            CardContact.objects.create(card=card, order=order, officer=contact.officer)
    county = CountyBudget.objects.get(
        organization=new.department.bureau.organization, fiscal_year=demo_plan.year
    )
    CountyBudget.objects.create(
        organization=county.organization,
        fiscal_year=new.year,
        account=county.account,
        total=county.total,
    )

    for card in new.cards.all():
        carried_confirm_card(card=card, user=chief)
    carried_confirm(obj=new, user=chief)
    for group in new.achievement_groups.all():
        carried_confirm(obj=group, user=chief)
    for line in BudgetLine.objects.filter(department=new.department, fiscal_year=new.year):
        carried_confirm(obj=line, user=chief)
    # One left: still refused, and the 점검 names it.
    counts = StaffingCount.objects.filter(team__department=new.department, year=new.year)
    for count in counts[1:]:
        carried_confirm(obj=count, user=chief)
    assert [p.message for p in carried_problems(new)] == [
        "작년에서 가져와 확인하지 않은 항목이 있습니다: 인력 현황 1칸"
    ]
    with pytest.raises(WorkflowError):
        services.plan_submit(plan=new, user=chief)
    carried_confirm(obj=counts[0], user=chief)

    assert unconfirmed(new).count == 0
    services.plan_submit(plan=new, user=chief)
    services.plan_approve(plan=new, user=chief)
    services.plan_publish(plan=new, user=chief, render_files=False)
    assert WorkPlan.objects.get(pk=new.pk).status == PlanStatus.PUBLISHED


def test_a_confirmation_on_a_plan_in_review_is_refused(demo_plan, next_session, chief):
    new = start_with_every_card(demo_plan, chief)
    card = new.cards.first()
    WorkPlan.objects.filter(pk=new.pk).update(status=PlanStatus.IN_REVIEW)
    card.refresh_from_db()
    with pytest.raises(ValidationError, match="고칠 수 없습니다"):
        carried_confirm_card(card=card, user=chief)
    assert TaskCard.objects.get(pk=card.pk).carried
