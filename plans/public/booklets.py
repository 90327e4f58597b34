"""The session booklet (회기 전체 보고서) at /sessions/<기관>/<회차>/booklet.pdf: every
department's published report to the session in one PDF, in the council's order
(plans.public.session_data), put together by plans.report.booklet from the versions' stored
PDFs (a version published without one renders and keeps it once, plans.workflow.version_files).
The same versions in one 한글 file at booklet.hwpx, laid out by plans.report.booklet_hwpx from
their frozen reports.

Each booklet is kept in the reports' file cache under a digest of everything it is made of:
the session page's digest (which versions are public, their content, the departments' names
and order) and the code release. A publication or a withdrawal changes that digest, so the
next request builds a booklet of the versions public then; nothing is invalidated by hand."""

from __future__ import annotations

import hashlib

from django.core.cache import caches
from django.db.models import Max

from plans.models import CouncilSession, WorkPlan
from plans.public.editions import release
from plans.public.session_data import session_digest, session_entries
from plans.report.booklet import Booklet, BookletCover, BookletPart, session_booklet
from plans.report.booklet_hwpx import booklet_hwpx
from plans.workflow.version_files import stored_files, version_file

CACHE_PREFIX = "session-booklet"


def booklet_digest(session: CouncilSession) -> str:
    """What the session's booklet is made of, in one small query (plans.public.session_data)."""
    seed = f"{session_digest(session)}:{release()}"
    return hashlib.sha256(seed.encode()).hexdigest()


def booklet_cover(session: CouncilSession) -> BookletCover:
    """The session's cover: its names and dates, and the year of the plans published to it (a
    session hears one year's plans; should another year's be among them, the latest)."""
    year = (
        WorkPlan.objects.published()
        .filter(public_version__session=session)
        .aggregate(year=Max("year"))["year"]
    )
    return BookletCover(
        organization=session.organization.name,
        session=str(session),
        start_date=session.start_date,
        end_date=session.end_date,
        year=year or session.start_date.year,
    )


def build_session_booklet(session: CouncilSession) -> Booklet:
    """The booklet of the versions public for ``session`` now; withdrawn versions and plans
    not yet published are not in it (the session page lists them as 준비 중)."""
    entries = [entry for entry in session_entries(session) if entry.published]
    # The stored PDFs in one query; a version published without one renders and keeps it.
    stored = stored_files([entry.version for entry in entries], "pdf")
    parts = [
        BookletPart(
            bureau=entry.plan.department.parent_name,
            department=entry.report.department.name,
            pdf=stored.get(entry.version.pk) or version_file(entry.version, "pdf", entry.report),
        )
        for entry in entries
    ]
    return session_booklet(booklet_cover(session), parts)


def build_session_booklet_hwpx(session: CouncilSession) -> bytes:
    """The booklet in 한글, laid out from the frozen reports of the same versions as the PDF
    booklet's."""
    reports = [entry.report for entry in session_entries(session) if entry.published]
    return booklet_hwpx(booklet_cover(session), reports)


def session_booklet_pdf(session: CouncilSession, digest: str) -> bytes:
    """The booklet's bytes for ``digest`` (booklet_digest), built once and then read from the
    file cache."""
    return _kept(
        f"{CACHE_PREFIX}:{digest}", session, digest, lambda: build_session_booklet(session).pdf
    )


def session_booklet_hwpx_file(session: CouncilSession, digest: str) -> bytes:
    """The 한글 booklet's bytes for ``digest``, kept as the PDF's are."""
    key = f"{CACHE_PREFIX}-hwpx:{digest}"
    return _kept(key, session, digest, lambda: build_session_booklet_hwpx(session))


def _kept(key: str, session: CouncilSession, digest: str, build) -> bytes:
    """A file from the reports' file cache, or built and kept there. One built while a
    department published (the digest moved meanwhile) is served but not kept under the old
    digest."""
    store = caches["reports"]
    data = store.get(key)
    if data is None:
        data = build()
        if booklet_digest(session) == digest:
            store.set(key, data, timeout=None)
    return data
