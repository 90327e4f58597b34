"""Publishing in tests: the public pages show published versions only, so a test that builds
or edits a plan for a reader publishes it as it stands (without rendering the PDF up front).
``build_plan`` makes such a plan from the factories, every part of every card filled."""

from django.utils import timezone

from budget.models import FundingSource
from plans.models import PlanStatus, WorkPlan
from plans.workflow.services import plan_record_publication
from tests.factories import (
    CardContactFactory,
    CardFactFactory,
    FundingRowFactory,
    PlanItemFactory,
    ProgressItemFactory,
    TaskCardFactory,
    TeamFactory,
    WorkPlanFactory,
)


def publish_now(plan: WorkPlan, *, render_files: bool = False):
    """Freeze ``plan`` into a new public version (its status set to published)."""
    if plan.status != PlanStatus.PUBLISHED:
        plan.status, plan.published_at = PlanStatus.PUBLISHED, timezone.now()
        WorkPlan.objects.filter(pk=plan.pk).update(
            status=plan.status, published_at=plan.published_at
        )
    return plan_record_publication(plan=plan, actor_name="test", render_files=render_files)


def build_plan(*, cards: int, published: bool = True):
    """A plan with ``cards`` task cards, each with every part filled, across three teams."""
    plan = WorkPlanFactory(published=published)
    teams = [TeamFactory(department=plan.department) for _ in range(3)]
    for number in range(1, cards + 1):
        card = TaskCardFactory(
            plan=plan,
            number=number,
            team=teams[number % 3],
            title=f"과제 {number}",
            is_new=number % 2 == 0,
            is_continuing=number % 2 == 1,
            policies="방침 하나\n  세부 방침",
            expected_effects="효과 하나",
        )
        CardFactFactory(card=card, order=1)
        ProgressItemFactory(card=card, order=1)
        PlanItemFactory(card=card, order=1, details="세부 계획\n  ※ 참고")
        PlanItemFactory(card=card, order=2, schedule="연중", target="1회")
        FundingRowFactory(card=card, order=1)
        FundingRowFactory(card=card, order=2, source=FundingSource.NATIONAL)
        CardContactFactory(card=card, order=1)
    if published:
        republish(plan)
    return plan


republish = publish_now
