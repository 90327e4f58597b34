"""The editorial workflow of a plan: draft → in review → approved → published (→ withdrawn),
and back to draft for a new revision. Every transition is a function here that checks who may
make it and from which status, records it (`PlanEvent`) and, for publishing, freezes the
version the public reads (plans.snapshots). The admin's buttons and actions call these; nothing
else changes a plan's status."""

from __future__ import annotations

from django.utils.translation import gettext as _

from plans.models import PlanStatus, WorkPlan


def editing_refusal(plan: WorkPlan | None) -> str | None:
    """Why the plan's content cannot be changed now, or None when it can.

    Only a draft is edited: a plan in review or approved is what the reviewer is looking at,
    and a published plan is what the council saw. Changing either starts from 반려 or 개정판."""
    if plan is None or plan.status == PlanStatus.DRAFT:
        return None
    return _(
        "%(plan)s은(는) '%(status)s' 상태라 고칠 수 없습니다. "
        "검토자가 반려하거나 개정판 작성을 시작하면 고칠 수 있습니다."
    ) % {
        "plan": f"{plan.year}년 {plan.department.name} 업무계획",
        "status": plan.get_status_display(),
    }
