"""추진실적 미입력 현황: the staff dashboard of the items not reported in the current period
(or a period chosen by year and kind), by department → team → owner, each team with a link to
its team screen and each owner with the reminder already e-mailed, if any.

The reads and the rules (the current period, who owns an item) are plans.report.reminders';
this page applies the admin's reach to them: a 작성자 sees its team's items, a 검토자 (and
게시관리자, 열람자) its department's, a superuser every department's. It reads a fixed number of
queries whatever the number of plans and cards."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.access.scopes import reach_of, restrict
from plans.models import ReportingPeriod
from plans.report.reminders import (
    GRACE_DAYS,
    PeriodChoiceError,
    chosen_periods,
    current_periods,
    overdue,
    period_choices,
)

URL_NAME = "plans_reportingperiod_overdue"


def overdue_url() -> str:
    return reverse(f"admin:{URL_NAME}")


def overdue_view(model_admin, request):
    user = request.user
    if not user.has_perm("plans.view_itemprogress"):
        raise PermissionDenied
    reach = reach_of(user)
    periods = restrict(ReportingPeriod.objects.select_related("plan__department"), reach).order_by(
        "plan__department", "as_of", "pk"
    )
    choices = period_choices(periods)
    choice = request.GET.get("period", "").strip()
    error = ""
    if choice:
        try:
            selected = list(chosen_periods(periods, choice))
        except PeriodChoiceError as refused:
            error, selected = str(refused), []
    else:
        selected = current_periods(periods, timezone.localdate())
    found = overdue(selected, reach=reach)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("추진실적 미입력 현황"),
        "choices": choices,
        "choice": choice,
        "error": error,
        "grace_days": GRACE_DAYS,
        "periods": selected,
        "overdue": found,
        "periods_url": reverse("admin:plans_reportingperiod_changelist"),
    }
    return TemplateResponse(request, "admin/plans/reportingperiod/overdue.html", context)
