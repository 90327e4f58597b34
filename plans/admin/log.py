"""The admin's history (``LogEntry``, each object's 변경 이력) for writes made by the admin's own
pages. ModelAdmin's add, change and delete views and django-import-export's imports log
themselves; a custom page (the staffing grid, the workbook import, the workflow's buttons) says
what it wrote here, so every change made in the admin can be traced to a person and a time.

The entries are plain Korean text ("인력 현황 입력: 현원 3 → 4"), shown as written on the
history page and in 최근 작업."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db.models import Model
from django.utils.translation import gettext as _

from plans.models import PlanEvent, PlanStatus


def log_admin_writes(
    request,
    *,
    via: str,
    created: Iterable[Model] = (),
    changed: Iterable[tuple[Model, str]] = (),
    deleted: Iterable[Model] = (),
) -> None:
    """One entry per object: ``via`` names the page ("인력 현황 입력"); a changed object comes
    with what changed ("현원 3 → 4"). Deleted objects are logged from the instances as they were
    (their ``pk`` and ``str`` still name them), so call this in the transaction that wrote."""
    user_id = request.user.pk
    via = str(via)  # a lazy translation cannot be stored as it is
    for flag, objects in ((ADDITION, created), (DELETION, deleted)):
        objects = list(objects)
        if objects:
            LogEntry.objects.log_actions(
                user_id=user_id, queryset=objects, action_flag=flag, change_message=via
            )
    for obj, detail in changed:
        LogEntry.objects.log_actions(
            user_id=user_id,
            queryset=[obj],
            action_flag=CHANGE,
            change_message=f"{via}: {detail}" if detail else via,
        )


def log_transition(request, event: PlanEvent) -> None:
    """A workflow step made on an admin page: "반려: 검토 중 → 작성 중 (의견: …)"."""
    detail = _("%(before)s → %(after)s") % {
        "before": PlanStatus(event.from_status).label,
        "after": PlanStatus(event.to_status).label,
    }
    if event.note:
        detail = _("%(detail)s (의견: %(note)s)") % {"detail": detail, "note": event.note}
    log_admin_writes(request, via=event.get_action_display(), changed=[(event.plan, detail)])
