"""The workflow logs (처리 이력): the one place a `PlanEvent` row, or a 추진실적 period's
`PeriodEvent` row, is built. The workflow's services (plans.workflow.services,
plans.workflow.progress_review) call it for every transition and for a document that arrives
published; nothing else writes the logs, so every row has the same fields filled
the same way (who by account and by name, the reason trimmed, the version a publication made).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction

from plans.models import PlanAction, PlanEvent, PlanStatus, PublishedVersion, WorkPlan


def account_of(user: User | None) -> User | None:
    """The account a log row or a version points to: none for the system (a command) or an
    unsaved user."""
    return user if user is not None and user.pk else None


def actor_name_of(user: User | None) -> str:
    """The name the log keeps beside the account, so it still says who once the account is
    deleted."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@transaction.atomic
def plan_event_record(
    *,
    plan: WorkPlan,
    action: PlanAction,
    from_status: PlanStatus,
    to_status: PlanStatus,
    at: datetime.datetime,
    user: User | None = None,
    actor_name: str = "",
    note: str = "",
    version: PublishedVersion | None = None,
) -> PlanEvent:
    """Record one workflow step of ``plan``. ``user`` is who made it in the portal; without one
    (a command, an import) ``actor_name`` says what made it."""
    return event_record(
        PlanEvent,
        plan=plan,
        action=action,
        from_status=from_status,
        to_status=to_status,
        at=at,
        user=user,
        actor_name=actor_name,
        note=note,
        version=version,
    )


def event_record(
    model: type[models.Model],
    *,
    user: User | None,
    actor_name: str = "",
    note: str = "",
    **fields: Any,
) -> models.Model:
    """One row of a workflow log, a plan's (PlanEvent) or a 추진실적 period's (PeriodEvent):
    ``fields`` name what moved and when, and every log fills who made it, by account and by
    name, and the reason trimmed the same way."""
    event = model(
        **fields,
        actor=account_of(user),
        actor_name=actor_name or actor_name_of(user),
        note=note.strip(),
    )
    event.full_clean()
    event.save()
    return event
