"""The workflow lock: only a draft is edited, by anyone, superusers included.

A plan in review or approved is what the reviewer is looking at, and a published plan is what
the council saw; changing either starts from 반려 or 개정판 작성 시작 (plans.workflow). The rule
lives here, below the workflow, because every writer asks it: the admin's forms, the imports,
the staffing grid and the scopes of plans.access.scopes.

추진실적 (plans.models.progress) is not under this lock: it is reported against the published
plan, after the council saw it, and changes nothing the council was shown; requiring a draft
would mean reopening the plan to say how it is going. Its own lock is the period's 공개."""

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
        # The name always ends in 업무계획: 은, never 는.
        "%(plan)s은 '%(status)s' 상태라 고칠 수 없습니다. "
        "검토자가 반려하거나 개정판 작성을 시작하면 고칠 수 있습니다."
    ) % {"plan": _plan_name(plan), "status": plan.get_status_display()}


def _plan_name(plan: WorkPlan) -> str:
    return _("%(year)s년 %(department)s 업무계획") % {
        "year": plan.year,
        "department": plan.department.name,
    }
