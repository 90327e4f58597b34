"""The published 추진실적 reports on the public site, beside the plan they report on:

- /plans/2023/자치행정과/progress/half/ — the period's public version (the last publication):
  the report page, with ``report.pdf`` and ``report.xlsx`` under it;
- /plans/2023/자치행정과/progress/half/v/1/ — one version by number for good ("제358회 정례회
  보고본, 제1판"), with its files, so what a council session was shown keeps its address
  after the period is published again.

A period is named as plans.models.progress names it (``q1``, ``half``, ``q3``, ``annual``, a
기준일 period by its date ``2023-11-10``). Everything printed comes from the frozen version
(plans.report.progress_report.frozen_progress), never from the entries; a period never
published answers 404, whatever its status, and so does a version number it does not have.
Pages and files answer conditional requests (ETag from the version and the code release)."""

from __future__ import annotations

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from plans.models import (
    PERIOD_SLUGS,
    PeriodKind,
    PublishedProgress,
    ReportingPeriod,
    WorkPlan,
)
from plans.public.caching import conditional, mark_public
from plans.public.editions import release
from plans.public.files import file_response
from plans.report.progress_pdf import progress_filename
from plans.report.progress_report import frozen_progress
from plans.workflow.progress_files import progress_file

KINDS_BY_SLUG = {slug: kind for kind, slug in PERIOD_SLUGS.items()}


def find_period(year: int, slug: str, period: str) -> ReportingPeriod:
    """The period the address names, or 404."""
    plan = get_object_or_404(WorkPlan, year=year, department__slug=slug)
    lookup: dict = {"plan": plan}
    if period in KINDS_BY_SLUG:
        lookup["kind"] = KINDS_BY_SLUG[period]
    else:
        try:
            lookup.update(kind=PeriodKind.CUSTOM, as_of=datetime.date.fromisoformat(period))
        except ValueError as error:
            raise Http404("보고 시기를 찾을 수 없습니다.") from error
    found = ReportingPeriod.objects.filter(**lookup).select_related("plan__department").first()
    if found is None:
        raise Http404("보고 시기를 찾을 수 없습니다.")
    return found


def _version(period: ReportingPeriod, number: int | None) -> PublishedProgress:
    versions = PublishedProgress.objects.defer("report", "pdf", "xlsx").select_related("session")
    if number is None:
        if period.public_version_id is None:
            raise Http404("공개된 추진실적이 없습니다.")
        return versions.get(pk=period.public_version_id)
    version = versions.filter(period=period, number=number).first()
    if version is None:
        raise Http404("추진실적 보고본을 찾을 수 없습니다.")
    return version


def report_urls(period: ReportingPeriod, number: int | None = None) -> dict[str, str]:
    """The page, PDF and workbook addresses of a period's public version (or version
    ``number``)."""
    args = [period.plan.year, period.plan.department.slug, period.slug]
    if number is None:
        names, extra = ("progress_report", "progress_pdf", "progress_xlsx"), []
    else:
        names, extra = (
            ("progress_version", "progress_version_pdf", "progress_version_xlsx"),
            [number],
        )
    page, pdf, xlsx = (reverse(f"plans:{name}", args=[*args, *extra]) for name in names)
    return {"page": page, "pdf": pdf, "xlsx": xlsx}


def public_reports(plan: WorkPlan) -> list[tuple[str, str]]:
    """(label, address) of the plan's published 추진실적, oldest 기준일 first, for the plan page."""
    periods = (
        ReportingPeriod.objects.filter(plan=plan, public_version__isnull=False)
        .select_related("plan__department")
        .order_by("as_of", "pk")
    )
    return [(f"{period.label} 추진실적", report_urls(period)["page"]) for period in periods]


def _seed(version: PublishedProgress, kind: str) -> str:
    return f"progress:{version.pk}:{version.content_hash}:{kind}:{release()}"


@require_safe
def progress_page(request, year: int, slug: str, period: str, number: int | None = None):
    found = find_period(year, slug, period)
    version = _version(found, number)
    etag, not_modified = conditional(request, _seed(version, "page"), version.published_at)
    if not_modified is not None:
        return not_modified
    urls = report_urls(found, number)
    plan = found.plan
    context = {
        "report": frozen_progress(version),
        "version": version,
        "period": found,
        "preview": False,
        "is_old_version": version.pk != found.public_version_id,
        "current_url": report_urls(found)["page"] if found.public_version_id else "",
        "pdf_url": urls["pdf"],
        "xlsx_url": urls["xlsx"],
        "plan_url": plan.get_absolute_url() if plan.public_version_id else "",
        # The cards link to the plan's card pages while the plan is public.
        "card_links": bool(plan.public_version_id),
    }
    response = render(request, "plans/progress/report.html", context)
    return mark_public(response, etag, version.published_at)


@require_safe
def progress_download(
    request, year: int, slug: str, period: str, kind: str, number: int | None = None
):
    found = find_period(year, slug, period)
    version = _version(found, number)
    etag, not_modified = conditional(request, _seed(version, kind), version.published_at)
    if not_modified is not None:
        return not_modified
    report = frozen_progress(version)
    data = progress_file(version, kind)
    response = file_response(data, kind, progress_filename(report, kind))
    return mark_public(response, etag, version.published_at)
