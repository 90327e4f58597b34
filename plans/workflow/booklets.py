"""The session booklet (회기 전체 보고서) at /sessions/<기관>/<회차>/booklet.pdf, served by
plans.public.sessions: every department's published report to the session in one PDF, in the
council's order (plans.workflow.session_versions), put together by plans.report.booklet from
the versions' stored PDFs (a version published without one renders and keeps it once,
plans.workflow.version_files). The same versions in one 한글 file at booklet.hwpx, laid out by
plans.report.booklet_hwpx from their frozen reports.

Each booklet is kept in the reports' file cache under a digest of everything it is made of:
the session page's digest (which versions are public, their content, the departments' names
and order) and the code release. A publication or a withdrawal changes that digest, so the
booklets of the versions public then are built by a job on the queue (plans.workflow.
booklet_jobs, where BOOKLET_PREBUILD is on) or, should a request come first, by that request;
nothing is invalidated by hand. The building lives here, under the public pages, so that the
request and the job build one booklet under one key."""

from __future__ import annotations

import hashlib

from django.core.cache import caches
from django.db.models import Max

from plans.models import CouncilSession, WorkPlan
from plans.report.booklet import Booklet, BookletCover, BookletPart, session_booklet
from plans.report.booklet_hwpx import booklet_hwpx
from plans.report.release import release
from plans.workflow.session_versions import presenting_versions, session_digest
from plans.workflow.version_files import stored_files, version_file

CACHE_PREFIX = "session-booklet"


def booklet_digest(session: CouncilSession) -> str:
    """What the session's booklet is made of, in one small query (session_versions)."""
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
    entries = [entry for entry in presenting_versions(session) if entry.published]
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
    reports = [entry.report for entry in presenting_versions(session) if entry.published]
    return booklet_hwpx(booklet_cover(session), reports)


#: The booklets a session has, each built from the session by ``(session) → bytes``.
BUILDERS = {
    "pdf": lambda session: build_session_booklet(session).pdf,
    "hwpx": build_session_booklet_hwpx,
}
_PREFIXES = {"pdf": CACHE_PREFIX, "hwpx": f"{CACHE_PREFIX}-hwpx"}


def booklet_key(kind: str, digest: str) -> str:
    """Where the booklet of ``kind`` for ``digest`` is kept in the reports' file cache."""
    return f"{_PREFIXES[kind]}:{digest}"


def session_booklet_file(session: CouncilSession, digest: str, kind: str) -> bytes:
    """The booklet's bytes of ``kind`` for ``digest`` (booklet_digest): read from the file
    cache, or built and kept there (the first request after a publication whose job has not
    kept it yet)."""
    return _kept(booklet_key(kind, digest), session, digest, lambda: BUILDERS[kind](session))


def keep_session_booklets(session: CouncilSession, digest: str) -> list[str]:
    """Build and keep each booklet of ``digest`` not kept yet (the job of
    plans.workflow.booklet_jobs); the kinds built. Asking whether one is kept reads none."""
    store = caches["reports"]
    built = []
    for kind in BUILDERS:
        if not store.has_key(booklet_key(kind, digest)):
            session_booklet_file(session, digest, kind)
            built.append(kind)
    return built


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
