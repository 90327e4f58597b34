"""The review of a 추진실적 report in the admin: one page per period (검토·공개) with its status,
council session, figures, the steps the user may take now (검토 요청, 반려, 승인, 공개, 다시
작성: plans.workflow.progress_review decides, and refuses in Korean), the log of steps and the
published versions, each with where its files are (저장됨, 만드는 중, 실패 with the reason and
다시 시도); and the staff **preview** of the report as the entries stand now (the
page, the PDF and the workbook, each marked 초안 as the plan's draft PDF is).

Kept apart from plans.admin.progress (the periods' list and the team screen) so that the two
concerns change apart; ReportingPeriodAdmin mounts these views through :func:`review_urls`."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from plans.admin.files_progress import FilesProgress
from plans.exchange.workbook.progress_report_writer import progress_xlsx
from plans.models import PublishedProgress, ReportingPeriod
from plans.public.caching import mark_private
from plans.public.files import file_response
from plans.public.progress import report_urls
from plans.report.progress_pdf import progress_filename, progress_pdf
from plans.report.progress_report import progress_report
from plans.workflow.progress_files import PROGRESS_FILE_KINDS
from plans.workflow.progress_review import (
    PERIOD_TRANSITIONS,
    may_publish,
    period_available,
    period_perform,
    retry_progress_files,
)
from plans.workflow.transitions import WorkflowError
from plans.workflow.version_files import files_present_of


def review_url(period: ReportingPeriod) -> str:
    return reverse("admin:plans_reportingperiod_review", args=[period.pk])


def review_link(period: ReportingPeriod) -> str:
    """The list's link to a period's review page, with its status."""
    return format_html(
        '<a href="{}">{}</a>', review_url(period), _("검토·공개 (%s)") % period.get_status_display()
    )


class StepForm(forms.Form):
    action = forms.ChoiceField(choices=[(code, code) for code in PERIOD_TRANSITIONS])
    note = forms.CharField(
        label=_("의견"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )


def review_urls(model_admin) -> list:
    """The review page and the preview's page and files, for ReportingPeriodAdmin.get_urls."""
    wrap = model_admin.admin_site.admin_view
    return [
        path(
            "<path:object_id>/review/",
            wrap(lambda request, object_id: review_view(model_admin, request, object_id)),
            name="plans_reportingperiod_review",
        ),
        path(
            "<path:object_id>/versions/<int:number>/retry/",
            wrap(
                lambda request, object_id, number: retry_files_view(
                    model_admin, request, object_id, number
                )
            ),
            name="plans_reportingperiod_retry_files",
        ),
        path(
            "<path:object_id>/preview/",
            wrap(lambda request, object_id: preview_view(model_admin, request, object_id)),
            name="plans_reportingperiod_preview",
        ),
        path(
            "<path:object_id>/preview.<str:kind>",
            wrap(
                lambda request, object_id, kind: preview_file(model_admin, request, object_id, kind)
            ),
            name="plans_reportingperiod_preview_file",
        ),
    ]


def _period(model_admin, request, object_id) -> ReportingPeriod:
    """The period, if the user sees it (a department's staff: their department's)."""
    if not request.user.has_perm("plans.view_reportingperiod"):
        raise PermissionDenied
    period = model_admin.get_object(request, object_id)
    if period is None:
        raise Http404(_("보고 시기를 찾을 수 없습니다."))
    return period


def review_view(model_admin, request, object_id):
    period = _period(model_admin, request, object_id)
    form = StepForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        try:
            period_perform(
                period=period, action=action, user=request.user, note=form.cleaned_data["note"]
            )
        except (WorkflowError, PermissionDenied) as refused:
            errors = (
                list(refused.messages) if isinstance(refused, WorkflowError) else [str(refused)]
            )
        else:
            label = PERIOD_TRANSITIONS[action].action.label
            model_admin.message_user(
                request,
                _("%(period)s 추진실적: %(action)s 처리했습니다.")
                % {"period": period, "action": label},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(review_url(period))
        period.refresh_from_db()
    report = progress_report(period)
    versions = list(
        PublishedProgress.objects.filter(period=period)
        .defer("report", "pdf", "xlsx")
        .select_related("session")
        .order_by("-number")
    )
    files = files_of_versions(request, period, versions)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("%(period)s 추진실적 검토·공개") % {"period": period},
        "period": period,
        "plan": period.plan,
        "report": report,
        "steps": period_available(period, request.user),
        "form": form,
        "errors": errors,
        "events": period.events.select_related("version").order_by("-at", "-pk"),
        # Each 보고본 with its addresses and where its files are (made by a job after 공개).
        "versions": [
            (version, report_urls(period, version.number), files[version.pk])
            for version in versions
        ],
        "public_urls": report_urls(period) if period.public_version_id else None,
        "update_url": reverse("admin:plans_reportingperiod_update", args=[period.pk]),
        "change_url": reverse("admin:plans_reportingperiod_change", args=[period.pk]),
        "hub_url": reverse("admin:plans_workplan_change", args=[period.plan_id]),
        "preview_url": reverse("admin:plans_reportingperiod_preview", args=[period.pk]),
        "locked": period.is_locked,
    }
    return TemplateResponse(request, "admin/plans/reportingperiod/review.html", context)


def files_of_versions(
    request, period: ReportingPeriod, versions: list[PublishedProgress]
) -> dict[int, FilesProgress]:
    """Where each 보고본's PDF and workbook are, by pk, in one query that reads none of them."""
    present = files_present_of(
        [version.pk for version in versions], model=PublishedProgress, kinds=PROGRESS_FILE_KINDS
    )
    may_publish_period = may_publish(request.user, period)
    return {
        version.pk: FilesProgress(
            version,
            sum(present[version.pk].values()),
            len(PROGRESS_FILE_KINDS),
            may_retry=version.has_failed and may_publish_period,
        )
        for version in versions
    }


def retry_files_view(model_admin, request, object_id, number: int):
    """다시 시도 (POST): the 보고본's files, which failed to be made, are queued again. Who may
    not publish the period is refused (403), as on a plan's page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    period = _period(model_admin, request, object_id)
    version = get_object_or_404(
        PublishedProgress.objects.defer("report", "pdf", "xlsx").select_related("session"),
        period=period,
        number=number,
    )
    try:
        version = retry_progress_files(version=version, user=request.user)
    except WorkflowError as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        level, text = _retried_message(version)
        model_admin.message_user(request, text, level)
    return HttpResponseRedirect(review_url(period))


def _retried_message(version: PublishedProgress) -> tuple[int, str]:
    # In immediate mode (make run) the job has already run; otherwise a worker runs it.
    names = {"label": version.label}
    if version.has_failed:
        return messages.ERROR, _(
            "%(label)s의 파일을 다시 만들지 못했습니다. 사유를 보고 고친 뒤 다시 시도하십시오."
        ) % names
    if version.is_pending:
        return messages.SUCCESS, _(
            "%(label)s의 PDF와 엑셀 통합문서를 다시 만들도록 했습니다. 진행 상황은 보고본 칸에 "
            "나옵니다."
        ) % names
    return messages.SUCCESS, _("%(label)s의 PDF와 엑셀 통합문서를 만들었습니다.") % names


def _preview_files(period: ReportingPeriod) -> dict[str, str]:
    return {
        kind: reverse("admin:plans_reportingperiod_preview_file", args=[period.pk, kind])
        for kind in ("pdf", "xlsx")
    }


def preview_view(model_admin, request, object_id):
    """The report as the entries stand now, laid out as the public page will be (미리보기)."""
    period = _period(model_admin, request, object_id)
    files = _preview_files(period)
    context = {
        "report": progress_report(period),
        "period": period,
        "preview": True,
        "version": None,
        "pdf_url": files["pdf"],
        "xlsx_url": files["xlsx"],
        "plan_url": "",
        "card_links": False,
    }
    return mark_private(TemplateResponse(request, "plans/progress/report.html", context).render())


def preview_file(model_admin, request, object_id, kind: str) -> HttpResponse:
    """The preview's PDF or workbook, marked 초안."""
    if kind not in ("pdf", "xlsx"):
        raise Http404(_("미리보기 파일은 pdf와 xlsx뿐입니다."))
    period = _period(model_admin, request, object_id)
    report = progress_report(period)
    data = progress_pdf(report, draft=True) if kind == "pdf" else progress_xlsx(report, draft=True)
    filename = progress_filename(report, kind).replace(f".{kind}", f"_초안.{kind}")
    return mark_private(file_response(data, kind, filename))
