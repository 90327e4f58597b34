"""Public pages over many plans at once: the list of council sessions, a session as a whole
(every department presenting, the county's summary), its cards across departments with
filters, and one department over the years.

Each page is cached like the home page (plans.public.views.home): under a digest of every value
it prints, read in one small query, with the code release and the address. A publication or a
withdrawal changes the digest, so the next request builds the page anew and the ETag changes;
nothing has to be invalidated by hand."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from plans.public.caching import conditional, mark_private, mark_public, page_key, store_page
from plans.public.caching import stored_page as cached_body
from plans.public.department_years import department_at, department_digest, department_years
from plans.public.editions import release
from plans.public.files import file_response
from plans.public.filters import KIND_FILTERS
from plans.public.session_cards import (
    BUDGET_BANDS,
    SOURCE_LABELS,
    STATUS_LABELS,
    SessionCardFilter,
    count_cards,
    department_choices,
)
from plans.public.session_data import (
    session_at,
    session_list_digest,
    session_view,
    sessions_with_publications,
)
from plans.report import charts
from plans.report.booklet import booklet_filename
from plans.workflow.booklets import booklet_cover, booklet_digest, session_booklet_file
from plans.workflow.session_versions import session_digest


def _cached(request, digest, build, *, address: str | None = None) -> HttpResponse:
    """The page keyed by ``digest()`` (and the release and address), from the page cache or
    built by ``build()``. A body built while an edit landed (the digest changed meanwhile) is
    newer than its key: it is served privately and not stored, as the home page does."""
    seed = digest()
    etag, not_modified = conditional(request, f"{seed}:{release()}", address=address)
    if not_modified is not None:
        return not_modified
    key = page_key(etag)
    body = cached_body(key)
    if body is None:
        body = build().content
        if digest() != seed:
            return mark_private(HttpResponse(body))
        store_page(key, body)
    return mark_public(HttpResponse(body), etag)


@require_safe
def session_list(request):
    def build():
        context = {"sessions": sessions_with_publications()}
        return render(request, "plans/sessions/session_list.html", context)

    # The page ignores its query string, so it is not part of the key.
    return _cached(request, session_list_digest, build, address=request.path)


@require_safe
def session_detail(request, organization: str, number: int):
    session = session_at(organization, number)

    def build():
        view = session_view(session)
        summary = view.summary
        years = summary.budget_years
        bureaus = [bureau for bureau in view.bureaus if bureau.published]
        labels = [bureau.name for bureau in bureaus]
        budget_chart = charts.comparison_chart(
            chart_id="session-budget-chart",
            title=f"국별 예산 비교(단위: {summary.budget_unit})",
            labels=labels,
            current=(
                f"{years[0]}년" if years else "올해",
                tuple(bureau.tally.budget_current for bureau in bureaus),
            ),
            previous=(
                f"{years[1]}년" if years else "전년",
                tuple(bureau.tally.budget_previous for bureau in bureaus),
            ),
        )
        staffing_chart = charts.comparison_chart(
            chart_id="session-staffing-chart",
            title=f"국별 현원 (합계 {summary.tally.current}명)",
            labels=labels,
            current=("현원", tuple(bureau.tally.current for bureau in bureaus)),
            unit="명",
        )
        context = {
            "view": view,
            "session": session,
            "summary": summary,
            "budget_chart": budget_chart,
            "staffing_chart": staffing_chart,
        }
        return render(request, "plans/sessions/session_detail.html", context)

    return _cached(request, lambda: session_digest(session), build, address=request.path)


@require_safe
def session_booklet(request, organization: str, number: int):
    """회기 전체 보고서: one PDF of every department's published report (plans.workflow.booklets),
    conditional on what it is made of, shown in the browser like a plan's PDF."""
    return _booklet_response(request, organization, number, "pdf")


@require_safe
def session_booklet_hwpx(request, organization: str, number: int):
    """회기 전체 보고서 in 한글: the same reports in one HWPX file, downloaded as a plan's is."""
    return _booklet_response(request, organization, number, "hwpx")


def _booklet_response(request, organization: str, number: int, kind: str) -> HttpResponse:
    session = session_at(organization, number)
    digest = booklet_digest(session)
    etag, not_modified = conditional(request, digest, address=request.path)
    if not_modified is not None:
        return not_modified
    data = session_booklet_file(session, digest, kind)
    response = file_response(data, kind, booklet_filename(booklet_cover(session), kind))
    return mark_public(response, etag)


@require_safe
def session_cards(request, organization: str, number: int):
    session = session_at(organization, number)

    def build():
        view = session_view(session)
        entries = view.entries
        departments = department_choices(entries)
        card_filter = SessionCardFilter.from_request(request.GET, departments=departments)
        cards = card_filter.apply(entries)
        context = {
            "view": view,
            "session": session,
            "filter": card_filter,
            "cards": cards,
            "total": count_cards(entries),
            "departments": departments,
            "kind_filters": [(key, label) for key, (_, label) in KIND_FILTERS.items()],
            "sources": list(SOURCE_LABELS.items()),
            "bands": [(key, label) for key, label, _, _ in BUDGET_BANDS],
            "statuses": list(STATUS_LABELS.items()),
        }
        return render(request, "plans/sessions/session_cards.html", context)

    return _cached(request, lambda: session_digest(session), build)


@require_safe
def department_detail(request, slug: str):
    department = department_at(slug)

    def build():
        years = department_years(department)
        budget = years.budget
        labels = [f"{row.year}년" for row in budget]
        unit = years.budget_unit
        context = {
            "department": department,
            "years": years,
            "budget_chart": charts.comparison_chart(
                chart_id="years-budget-chart",
                title=f"연도별 예산(단위: {unit})",
                labels=labels,
                current=("예산", tuple(row.current for row in budget)),
            ),
            "staffing_chart": charts.comparison_chart(
                chart_id="years-staffing-chart",
                title="연도별 현원",
                labels=labels,
                current=("현원", tuple(c.report.staffing.current for c in years.columns)),
                unit="명",
            ),
        }
        return render(request, "plans/sessions/department_years.html", context)

    return _cached(request, lambda: department_digest(department), build, address=request.path)
