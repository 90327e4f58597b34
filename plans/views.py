"""Public pages: no login, published plans only (staff may preview the others)."""

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from plans import charts
from plans.public import (
    KIND_FILTERS,
    CardFilter,
    clean_query,
    parse_card_code,
    plan_comparison,
    published_plans_by_session,
    search_published_cards,
    visible_plan,
)
from plans.reports.pdf import report_filename, report_pdf
from plans.reports.xlsx import CONTENT_TYPE as XLSX_CONTENT_TYPE
from plans.reports.xlsx import report_xlsx
from plans.selectors import plan_report


@require_safe
def home(request):
    return render(request, "plans/home.html", {"sessions": published_plans_by_session()})


@require_safe
def plan_detail(request, year: int, slug: str):
    plan, preview = visible_plan(request.user, year=year, slug=slug)
    report = plan_report(plan)
    card_filter = CardFilter.from_request(request.GET, teams=report.teams)
    team_names = {team.name for team in report.teams}
    main_cards = card_filter.apply(report.main_cards)
    special_cards = card_filter.apply(report.special_cards)
    context = {
        "report": report,
        "preview": preview,
        "filter": card_filter,
        "kind_filters": [(key, label) for key, (_, label) in KIND_FILTERS.items()],
        "main_cards": main_cards,
        "special_cards": special_cards,
        "shown_count": len(main_cards) + len(special_cards),
        "comparison": plan_comparison(report),
        "budget_chart": charts.budget_chart(report.budget, teams=team_names),
        "staffing_chart": charts.staffing_chart(report.staffing),
    }
    return render(request, "plans/plan_detail.html", context)


@require_safe
def card_detail(request, year: int, slug: str, code: str):
    plan, preview = visible_plan(request.user, year=year, slug=slug)
    section, number = parse_card_code(code)
    report = plan_report(plan)
    cards = report.cards
    index = next(
        (
            i
            for i, view in enumerate(cards)
            if (view.card.section, view.card.number) == (section, number)
        ),
        None,
    )
    if index is None:
        raise Http404("과제를 찾을 수 없습니다.")
    context = {
        "report": report,
        "preview": preview,
        "view": cards[index],
        "previous": cards[index - 1] if index > 0 else None,
        "next": cards[index + 1] if index + 1 < len(cards) else None,
    }
    return render(request, "plans/card_detail.html", context)


@require_safe
def search(request):
    query = clean_query(request.GET.get("q"))
    hits = search_published_cards(query) if query else []
    return render(request, "plans/search.html", {"query": query, "hits": hits})


@require_safe
def report_download(request, year: int, slug: str):
    """The session report as a PDF. A published plan's file is rendered once per content
    version and revalidated by ETag; a draft renders for staff only, marked 초안."""
    plan, preview = visible_plan(request.user, year=year, slug=slug)
    report = plan_report(plan)
    pdf, version = report_pdf(report, draft=preview)
    return _report_file(
        request,
        data=pdf,
        version=version,
        content_type="application/pdf",
        filename=report_filename(report, "pdf"),
        as_attachment=False,
        preview=preview,
    )


@require_safe
def workbook_download(request, year: int, slug: str):
    """The whole plan as an Excel workbook, a sheet per table; the same visibility and caching
    as the PDF (built once per content version, revalidated by ETag)."""
    plan, preview = visible_plan(request.user, year=year, slug=slug)
    report = plan_report(plan)
    data, version = report_xlsx(report, draft=preview)
    return _report_file(
        request,
        data=data,
        version=version,
        content_type=XLSX_CONTENT_TYPE,
        filename=report_filename(report, "xlsx"),
        as_attachment=True,
        preview=preview,
    )


def _report_file(
    request,
    *,
    data: bytes,
    version: str,
    content_type: str,
    filename: str,
    as_attachment: bool,
    preview: bool,
) -> HttpResponse:
    etag = f'"{version}"'
    if etag in _etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=as_attachment, filename=filename
        )
        response["Content-Length"] = str(len(data))
    response["ETag"] = etag
    if preview:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    return response


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
