"""The period workbook on the team screen: '엑셀 내려받기' (the rows the user reports on, with
their lock digest) and '엑셀 올리기' (upload, a preview of what changes per item, then confirm),
both through plans.workflow.progress_workbook. The preview is the save itself run without
writing, so what it lists is what the confirmation writes; between the two the file waits
under a token only the uploading session may confirm (plans.admin.pending)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.admin import workbook
from plans.admin.pending import PendingUploads
from plans.exchange import cells
from plans.exchange.periodbook.writer import CONTENT_TYPE
from plans.models import ReportingPeriod
from plans.workflow.progress import ProgressRefused
from plans.workflow.progress_workbook import export_period_workbook, import_period_workbook

PENDING = PendingUploads(
    session_key="plans_progress_workbook_import",
    suffix=".progress.xlsx",
    # The whole-plan import's directory, looked up when used (settings and tests move it).
    directory=lambda: workbook.PENDING_DIR,
)


def export_url(period: ReportingPeriod) -> str:
    return reverse("admin:plans_reportingperiod_workbook", args=[period.pk])


def import_url(period: ReportingPeriod) -> str:
    return reverse("admin:plans_reportingperiod_workbook_import", args=[period.pk])


def may_update(user, period: ReportingPeriod) -> bool:
    """Whether ``user`` may save 추진실적 of ``period`` at all (its scope is the service's)."""
    return (
        user.has_perm("plans.change_itemprogress")
        and user.has_perm("plans.add_itemprogress")
        and not period.is_locked
    )


class PeriodWorkbookForm(workbook.WorkbookUploadForm):
    """The plan workbook's upload form (its size limit and message), worded for this file."""

    workbook = forms.FileField(
        label=gettext_lazy("추진실적 엑셀 파일(.xlsx)"),
        help_text=gettext_lazy("이 화면의 '엑셀 내려받기'로 받아 고친 파일을 올립니다."),
    )


def _period(model_admin, request, object_id) -> ReportingPeriod:
    period = model_admin.get_object(request, object_id)
    if period is None:
        raise Http404(_("보고 시기를 찾을 수 없습니다."))
    if not request.user.has_perm("plans.view_itemprogress"):
        raise PermissionDenied
    return period


def export_view(model_admin, request, object_id):
    """The .xlsx of the period's rows the user reports on."""
    period = _period(model_admin, request, object_id)
    book = export_period_workbook(period=period, user=request.user)
    response = HttpResponse(book.data, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, book.filename)
    response["Cache-Control"] = "private, no-store"
    return response


def import_view(model_admin, request, object_id):
    """GET: the upload form. POST with a file: the preview. POST with a token: the save."""
    period = _period(model_admin, request, object_id)
    if not may_update(request.user, period):
        raise PermissionDenied
    screen = reverse("admin:plans_reportingperiod_update", args=[period.pk])
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("%(period)s 추진실적 엑셀 올리기") % {"period": period},
        "period": period,
        "plan": period.plan,
        "screen_url": screen,
        "hub_url": reverse("admin:plans_workplan_change", args=[period.plan_id]),
        "limits": cells.limits_text(),
    }
    template = "admin/plans/reportingperiod/import_workbook.html"
    if request.method == "POST" and "token" in request.POST:
        taken = PENDING.take(request, request.POST["token"])
        if taken is None:
            messages.error(request, _("확인할 파일이 없습니다. 파일을 다시 올려 주십시오."))
            return HttpResponseRedirect(import_url(period))
        data, name = taken
        try:
            _period_saved, changes = import_period_workbook(
                data=data,
                user=request.user,
                period=period,
                dry_run=False,
                reason=_("추진실적 엑셀 가져오기: %(name)s") % {"name": name},
            )
        except ProgressRefused as refused:
            # Someone saved between the preview and the confirmation: nothing was written.
            context.update(form=PeriodWorkbookForm(), errors=refused.messages)
            return TemplateResponse(request, template, context)
        text = _("추진실적 엑셀에서 %(count)s건을 저장했습니다.") % {"count": changes.count}
        model_admin.log_change(request, period, text)
        messages.success(request, text)
        return HttpResponseRedirect(screen)

    form = PeriodWorkbookForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        data = upload.read()
        try:
            _period_checked, changes = import_period_workbook(
                data=data, user=request.user, period=period, dry_run=True
            )
        except ProgressRefused as refused:
            context.update(form=PeriodWorkbookForm(), errors=refused.messages)
            return TemplateResponse(request, template, context)
        if changes.count:
            context["token"] = PENDING.keep(request, data, upload.name)
        context.update(form=None, changes=changes.preview, file_name=upload.name)
        return TemplateResponse(request, template, context)
    context["form"] = form
    return TemplateResponse(request, template, context)
