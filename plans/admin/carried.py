"""Rows carried from last year's plan in the admin (plans.workflow.carried): the mark
"작년에서 가져옴 · 확인 필요" beside each with its 확인 button, "모두 확인" on a card's page, the
flag cleared when a person saves a change to the row, and the view the buttons post to.

The buttons sit inside the change form of the page they are on (a card's inlines), so they
post that form to :func:`confirm_view` with ``formaction``; the view reads only the button's
``confirm`` value (``<kind>:<id>``) and ignores the rest, so nothing typed is saved by it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from budget.models import BudgetLine
from personnel.models import StaffingCount
from plans.admin.log import log_admin_writes
from plans.models import TaskCard, WorkPlan
from plans.rules.validators import CARRIED_LABEL
from plans.workflow.carried import (
    KINDS,
    carried_confirm,
    carried_confirm_card,
    flag_name,
    kind_of,
)

#: The fields of the plan that ``policy_carried`` covers.
POLICY_FIELDS = ("policy_goal", "policy_directions", "key_tasks")


def clear_on_edit(obj: models.Model, changed: list[str]) -> None:
    """A person who saves a change to a carried row has looked at it: the mark goes (the
    save that follows writes it, with its history). Only the row's own fields count: a form's
    helper fields (the card's loaded state) are "changed" on every save."""
    fields = {field.name for field in obj._meta.concrete_fields}
    changed = [name for name in changed if name in fields]
    if isinstance(obj, WorkPlan):
        if obj.policy_carried and any(name in changed for name in POLICY_FIELDS):
            obj.policy_carried = False
    elif getattr(obj, "carried", False) and changed:
        obj.carried = False


def confirm_url() -> str:
    return reverse("admin:plans_workplan_confirm_carried")


def confirm_all_button(card: TaskCard):
    """모두 확인 for a card and its carried parts."""
    return format_html(
        '<button type="submit" class="button carried-confirm" formaction="{}" '
        'formnovalidate name="confirm" value="card-all:{}">{}</button>',
        confirm_url(),
        card.pk,
        _("모두 확인"),
    )


def carried_mark(obj: models.Model | None):
    """The mark and its 확인 button for a carried row, or "-" (a new row, or one confirmed)."""
    if obj is None or not obj.pk or not getattr(obj, flag_name(type(obj)), False):
        return "-"
    value = f"{kind_of(obj)}:{obj.pk}"
    return format_html(
        '<span class="carried-mark">{}</span> <button type="submit" class="button '
        'carried-confirm" formaction="{}" formnovalidate name="confirm" value="{}">{}</button>',
        CARRIED_LABEL,
        confirm_url(),
        value,
        _("확인"),
    )


def _target(model_admin, request, kind: str, pk: str) -> models.Model:
    """The row the button names, as the user's admin reaches it (its scope and permission)."""
    model = TaskCard if kind == "card-all" else KINDS.get(kind)
    if model is None or not pk.isdigit():
        raise Http404
    row_admin = model_admin.admin_site._registry.get(model)
    if row_admin is None:
        raise Http404
    obj = row_admin.get_queryset(request).filter(pk=pk).first()
    if obj is None:
        raise Http404
    if not row_admin.has_change_permission(request, obj):
        raise PermissionDenied
    return obj


def _back(request, obj: models.Model) -> str:
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def confirm_view(model_admin, request):
    """POST ``confirm`` = ``<kind>:<id>`` (one row) or ``card-all:<id>`` (a card and its
    parts): clear the mark as the row stands, and go back to the page the button was on."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    kind, _sep, pk = request.POST.get("confirm", "").partition(":")
    if kind in ("budget-all", "staffing-all"):
        return _confirm_yearly(model_admin, request, kind, pk)
    obj = _target(model_admin, request, kind, pk)
    try:
        if kind == "card-all":
            count = carried_confirm_card(card=obj, user=request.user)
        else:
            count = int(carried_confirm(obj=obj, user=request.user))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return HttpResponseRedirect(_back(request, obj))
    if count:
        log_admin_writes(request, via=_("작년에서 가져온 내용 확인"), changed=[(obj, _("확인"))])
        messages.success(
            request,
            _("%(what)s: 작년에서 가져온 내용 %(count)s건을 확인했습니다.")
            % {"what": obj, "count": count},
        )
    return HttpResponseRedirect(_back(request, obj))


def _confirm_yearly(model_admin, request, kind: str, pk: str):
    """The department's staffing counts or budget lines of the plan's year, all at once (they
    are edited in grids of their own, where a row has no button)."""
    if not pk.isdigit():
        raise Http404
    plan = model_admin.get_object(request, pk)
    if plan is None:
        raise Http404
    if kind == "budget-all":
        model, rows = (
            BudgetLine,
            BudgetLine.objects.filter(
                department=plan.department_id, fiscal_year=plan.year, carried=True
            ),
        )
    else:
        model, rows = (
            StaffingCount,
            StaffingCount.objects.filter(
                team__department=plan.department_id, year=plan.year, carried=True
            ),
        )
    # All teams' rows at once: the 검토자's (who changes the plan itself), not one team's 작성자.
    codename = f"{model._meta.app_label}.change_{model._meta.model_name}"
    if not (request.user.has_perm(codename) and model_admin.has_change_permission(request, plan)):
        raise PermissionDenied
    count = 0
    try:
        with transaction.atomic():
            for row in rows:
                count += int(carried_confirm(obj=row, user=request.user))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    if count:
        messages.success(
            request,
            _("%(what)s: 작년에서 가져온 내용 %(count)s건을 확인했습니다.")
            % {"what": model._meta.verbose_name, "count": count},
        )
    return HttpResponseRedirect(_back(request, plan))
