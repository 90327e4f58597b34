"""Publishing in tests: the public pages show published versions only, so a test that builds
or edits a plan for a reader publishes it as it stands (without rendering the PDF up front)."""

from django.utils import timezone

from plans.models import PlanStatus, WorkPlan
from plans.workflow.services import plan_record_publication


def publish_now(plan: WorkPlan, *, render_files: bool = False):
    """Freeze ``plan`` into a new public version (its status set to published)."""
    if plan.status != PlanStatus.PUBLISHED:
        plan.status, plan.published_at = PlanStatus.PUBLISHED, timezone.now()
        WorkPlan.objects.filter(pk=plan.pk).update(
            status=plan.status, published_at=plan.published_at
        )
    return plan_record_publication(plan=plan, actor_name="test", render_files=render_files)
