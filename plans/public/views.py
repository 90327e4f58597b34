"""Public pages: no login. Published editions render from their frozen version and answer
conditional requests (ETag, Last-Modified → 304); the staff preview of a working copy is
private and never cached (plans.public.editions says which address shows what). A version
whose frozen report this code cannot read answers 503 with a page that says so, and its
stored PDF and workbook are still served."""

from __future__ import annotations

import logging

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from plans.exchange.documents import dump_plan_document
from plans.models import PublishedVersion
from plans.public.caching import (
    conditional,
    conditional_on_body,
    mark_private,
    mark_public,
    page_key,
    store_page,
    stored_page,
)
from plans.public.editions import (
    CURRENT,
    Edition,
    EditionRedirect,
    Gone,
    Unreadable,
    current_stamp,
    other_versions,
    release,
    resolve,
)
from plans.public.files import CONTENT_TYPES, file_response
from plans.public.filters import KIND_FILTERS, CardFilter, parse_card_code
from plans.public.listing import home_listing_digest, published_plans_by_session
from plans.public.progress import public_reports
from plans.public.search import clean_query, search_published
from plans.report import charts
from plans.report.pdf import plan_filename, report_filename
from plans.report.progress_report import card_timeline
from plans.workflow.version_files import report_file, version_file

logger = logging.getLogger(__name__)


def _edition_or_response(
    request, *, file_kind: str | None = None, **kwargs
) -> Edition | HttpResponse:
    """The edition the address names, or the response that answers instead of it; for a
    download, ``file_kind`` names the file asked for."""
    try:
        return resolve(request, **kwargs)
    except EditionRedirect as redirect:
        return mark_private(redirect.response)
    except Gone as gone:
        return render(request, "plans/withdrawn.html", {"version": gone.version}, status=410)
    except Unreadable as unreadable:
        return _unreadable(request, unreadable, file_kind)


def _unreadable(request, unreadable: Unreadable, file_kind: str | None) -> HttpResponse:
    """A version whose frozen report this code cannot read (of a format this release does not
    know, or damaged). Nothing is rendered from anything else in its place
    (plans.workflow.freezing says why): the file asked for is served if the version keeps
    it, as published; otherwise a page says the version cannot be shown now and offers the
    files it keeps. 503 and stored by no cache: a release that reads the version ends it."""
    version, plan = unreadable.version, unreadable.plan
    logger.error("게시본 %s의 보고서 내용을 읽지 못했습니다: %s", version.pk, unreadable.reason)
    kept = [
        kind
        for kind in CONTENT_TYPES
        if PublishedVersion.objects.filter(pk=version.pk, **{f"{kind}__isnull": False}).exists()
    ]
    if file_kind in kept:
        # Named from the live rows: the frozen names are in the report that cannot be read.
        filename = plan_filename(plan.year, plan.department.name, str(version.session), file_kind)
        return _version_file(request, version, file_kind, filename, read=_stored_bytes)
    context = {"plan": plan, "version": version, "urls": unreadable.urls, "kept": kept}
    return mark_private(render(request, "plans/unreadable.html", context, status=503))


def _page(request, edition: Edition, template: str, context_for) -> HttpResponse:
    """Render a page of ``edition``: conditional for a published edition, private for a
    preview. ``context_for(edition)`` builds the context only when a body is needed."""
    if edition.preview:
        context = {"edition": edition, "report": edition.report, "preview": True}
        context.update(context_for(edition))
        return mark_private(render(request, template, context))
    last_modified = edition.last_modified
    etag, not_modified = conditional(request, edition.etag_seed, last_modified)
    if not_modified is not None:
        return not_modified
    context = {"edition": edition, "report": edition.report, "preview": False}
    context.update(context_for(edition))
    response = render(request, template, context)
    store_page(page_key(etag), response.content)
    return mark_public(response, etag, last_modified)


def _cached_current_page(request, year: int, slug: str, edition: str):
    """A page of the current edition straight from the page cache, or None to build it.

    The body of a published edition depends on nothing but what its ETag names (version,
    public version, code release, address) and carries nothing per visitor, so it is kept
    in the shared cache under that name; a reader's request then costs one small query
    (plans.public.editions.current_stamp) and a cache read, without the templates running."""
    if edition != CURRENT:
        return None
    stamp = current_stamp(year, slug)
    if stamp is None:
        return None
    etag, not_modified = conditional(request, stamp.etag_seed, stamp.last_modified)
    if not_modified is not None:
        return not_modified
    body = stored_page(page_key(etag))
    if body is None:
        return None
    return mark_public(HttpResponse(body), etag, stamp.last_modified)


@require_safe
def home(request):
    """The list of published plans, the portal's front door. It prints live names (a renamed
    department) beside the versions, so it is cached under a digest of every value it prints
    (plans.public.listing.home_listing_digest) and the code release: a request costs that one query
    and a cache read, and an edit to any printed value makes a new entry at once. The query
    string is not part of the key: the page ignores it."""
    listing = home_listing_digest()
    etag, not_modified = conditional(request, f"{listing}:{release()}", address=request.path)
    if not_modified is not None:
        return not_modified
    key = page_key(etag)
    body = stored_page(key)
    if body is None:
        context = {"sessions": published_plans_by_session()}
        body = render(request, "plans/home.html", context).content
        if home_listing_digest() != listing:
            # An edit landed between the two reads: this body is newer than its key, so it is
            # neither stored nor tagged, or undoing the edit would bring it back under the key.
            return mark_private(HttpResponse(body))
        store_page(key, body)
    return mark_public(HttpResponse(body), etag)


@require_safe
def plan_detail(request, year: int, slug: str, edition: str = CURRENT, number: int | None = None):
    cached = _cached_current_page(request, year, slug, edition)
    if cached is not None:
        return cached
    edition_or_response = _edition_or_response(
        request, year=year, slug=slug, edition=edition, number=number
    )
    if isinstance(edition_or_response, HttpResponse):
        return edition_or_response

    def context_for(edition: Edition) -> dict:
        report = edition.report
        card_filter = CardFilter.from_request(request.GET, teams=report.teams)
        main_cards = card_filter.apply(report.main_cards)
        special_cards = card_filter.apply(report.special_cards)
        return {
            "filter": card_filter,
            "kind_filters": [(key, label) for key, (_, label) in KIND_FILTERS.items()],
            "main_cards": main_cards,
            "special_cards": special_cards,
            "shown_count": len(main_cards) + len(special_cards),
            "comparison": edition.comparison,
            "versions": other_versions(edition),
            # The plan's published 추진실적 reports (their versions are part of the ETag).
            "progress_reports": [] if edition.preview else public_reports(edition.plan),
            "budget_chart": charts.budget_chart(
                report.budget, teams={team.name for team in report.teams}
            ),
            "staffing_chart": charts.staffing_chart(report.staffing),
        }

    return _page(request, edition_or_response, "plans/plan_detail.html", context_for)


@require_safe
def card_detail(
    request,
    year: int,
    slug: str,
    code: str,
    edition: str = CURRENT,
    number: int | None = None,
):
    section, card_number = parse_card_code(code)
    cached = _cached_current_page(request, year, slug, edition)
    if cached is not None:
        return cached
    edition_or_response = _edition_or_response(
        request, year=year, slug=slug, edition=edition, number=number
    )
    if isinstance(edition_or_response, HttpResponse):
        return edition_or_response
    cards = edition_or_response.report.cards
    index = next(
        (
            i
            for i, view in enumerate(cards)
            if (view.card.section, view.card.number) == (section, card_number)
        ),
        None,
    )
    if index is None:
        raise Http404("과제를 찾을 수 없습니다.")

    def context_for(edition: Edition) -> dict:
        return {
            # The published 추진실적 of the plan's card with this code, as each period's version
            # printed it; on the plan's public version's page only (an older version's cards
            # may have been renumbered since, and a preview is not the public's).
            "timeline": (
                card_timeline(edition.plan.pk, section, card_number)
                if edition.version is not None
                and edition.plan.public_version_id == edition.version.pk
                else []
            ),
            "view": cards[index],
            "previous": cards[index - 1] if index > 0 else None,
            "next": cards[index + 1] if index + 1 < len(cards) else None,
        }

    return _page(request, edition_or_response, "plans/card_detail.html", context_for)


@require_safe
def search(request):
    query = clean_query(request.GET.get("q"))
    results = search_published(query) if query else None
    response = render(request, "plans/search.html", {"query": query, "results": results})
    return conditional_on_body(request, response)


@require_safe
def report_download(
    request, year: int, slug: str, edition: str = CURRENT, number: int | None = None
):
    """The session report as a PDF: a published edition's file is the one stored when it was
    published; a preview renders for staff, marked 초안."""
    return _download(request, year, slug, edition, number, kind="pdf")


@require_safe
def workbook_download(
    request, year: int, slug: str, edition: str = CURRENT, number: int | None = None
):
    """The whole plan as an Excel workbook, with the same editions as the PDF."""
    return _download(request, year, slug, edition, number, kind="xlsx")


@require_safe
def hwpx_download(request, year: int, slug: str, edition: str = CURRENT, number: int | None = None):
    """The session report as a 한글 file (HWPX), with the same editions as the PDF: a published
    edition's file is the one stored when it was published (or, for a version published without
    files, rendered once from its frozen report); a preview renders for staff, marked 초안."""
    return _download(request, year, slug, edition, number, kind="hwpx")


def _download(request, year, slug, edition, number, *, kind: str) -> HttpResponse:
    edition_or_response = _edition_or_response(
        request, year=year, slug=slug, edition=edition, number=number, file_kind=kind
    )
    if isinstance(edition_or_response, HttpResponse):
        return edition_or_response
    shown = edition_or_response
    filename = report_filename(shown.report, kind)
    if shown.preview:
        document = dump_plan_document(shown.plan)
        data, _ = report_file(kind, shown.report, document=document, draft=True)
        return mark_private(file_response(data, kind, filename))
    return _version_file(
        request,
        shown.version,
        kind,
        filename,
        read=lambda version, kind: stored_file(version, kind, shown),
    )


def _version_file(request, version: PublishedVersion, kind: str, filename: str, *, read):
    """A file of a version, conditional on the version alone: ``read(version, kind)`` gives
    its bytes when a body is needed."""
    etag, not_modified = conditional(
        request, f"{version.pk}:{version.content_hash}:{kind}", version.published_at
    )
    if not_modified is not None:
        return not_modified
    data = read(version, kind)
    return mark_public(file_response(data, kind, filename), etag, version.published_at)


def _stored_bytes(version: PublishedVersion, kind: str) -> bytes:
    return bytes(PublishedVersion.objects.filter(pk=version.pk).values_list(kind, flat=True).get())


def stored_file(version: PublishedVersion, kind: str, shown: Edition) -> bytes:
    """The version's file as stored at publication, or rendered once from its frozen report
    (plans.workflow.version_files)."""
    return version_file(version, kind, shown.report)
