"""Which edition of a plan an address shows.

- /plans/2023/자치행정과/… — the current edition: the plan's public version (the newest
  publication not withdrawn). Anyone may read it; it never changes until the next publication.
- /plans/2023/자치행정과/v/1/… — one published version by number ("제353회 임시회 보고본"),
  reachable for as long as the portal runs; a withdrawn one answers 410 with the reason.
- /plans/2023/자치행정과/preview/… — the working copy as staff are editing it, for staff
  with permission to view plans only (미리보기, the PDF marked 초안).

Published editions render from the frozen report (plans.workflow.freezing); only the preview reads
the live plan rows. Either way the report is plain data (plans.report.context) and holds no
address: an edition's addresses, and the list of its plan's versions, come from the live plan
row (`Edition.plan`), so they follow the department's address as it is now."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from personnel.models import Department
from plans.access.scopes import may_read
from plans.models import PublishedVersion, WorkPlan
from plans.models.publication import without_contents
from plans.report.comparison import Comparison, plan_comparison
from plans.report.context import PlanReport, plan_report
from plans.report.progress import progress_columns, progress_stamp, stamp_of
from plans.report.release import release
from plans.workflow.freezing import UnreadableReport, frozen_report

CURRENT, VERSION, PREVIEW = "current", "version", "preview"

# URL names per edition: page, PDF, workbook, card, 한글 file.
URL_NAMES = {
    CURRENT: ("plan_detail", "report_pdf", "report_xlsx", "card_detail", "report_hwpx"),
    VERSION: ("version_detail", "version_pdf", "version_xlsx", "version_card", "version_hwpx"),
    PREVIEW: ("preview_detail", "preview_pdf", "preview_xlsx", "preview_card", "preview_hwpx"),
}


class Gone(Exception):
    """The address names a withdrawn version."""

    def __init__(self, version: PublishedVersion):
        super().__init__(version)
        self.version = version


class Unreadable(Exception):
    """The address names a version whose frozen report this code cannot read
    (plans.workflow.freezing.UnreadableReport): its pages cannot be shown, its stored files
    can."""

    def __init__(self, plan: WorkPlan, version: PublishedVersion, urls: EditionUrls, reason: str):
        super().__init__(version)
        self.plan = plan
        self.version = version
        self.urls = urls
        self.reason = reason


class EditionRedirect(Exception):
    def __init__(self, response):
        super().__init__(response)
        self.response = response


@dataclass(frozen=True)
class EditionUrls:
    edition: str
    year: int
    slug: str
    number: int | None = None

    def _reverse(self, index: int, *extra) -> str:
        args = [self.year, self.slug]
        if self.edition == VERSION:
            args.append(self.number)
        return reverse(f"plans:{URL_NAMES[self.edition][index]}", args=[*args, *extra])

    @property
    def page(self) -> str:
        return self._reverse(0)

    @property
    def pdf(self) -> str:
        return self._reverse(1)

    @property
    def xlsx(self) -> str:
        return self._reverse(2)

    def card(self, code: str) -> str:
        return self._reverse(3, code)

    @property
    def hwpx(self) -> str:
        return self._reverse(4)


@dataclass
class Edition:
    """A plan as one address shows it: ``plan`` is the live row (addresses, versions),
    ``report`` what the edition prints (frozen for a version, read now for the preview)."""

    plan: WorkPlan
    report: PlanReport
    urls: EditionUrls
    version: PublishedVersion | None = None
    frozen_comparison: Comparison | None = None

    @property
    def preview(self) -> bool:
        return self.version is None

    @property
    def comparison(self) -> Comparison:
        if self.frozen_comparison is None:
            self.frozen_comparison = plan_comparison(self.report)
        return self.frozen_comparison

    @property
    def etag_seed(self) -> str:
        """What the responses of a published edition depend on: the version, the version the
        public reads now (an older version's page says it is older and lists the versions;
        both change only when that one does) and the code."""
        if self.version is None:
            return ""
        return _seed(
            self.version.pk,
            self.version.content_hash,
            self.plan.public_version_id,
            progress_stamp(self.plan.pk),
        )

    @property
    def last_modified(self):
        """When what the edition's pages show last changed: its publication or, for an older
        version, the publication of the one public now; None when no version is public (the
        time of the withdrawal is not at hand, and the ETag still answers)."""
        public = self.plan.public_version
        if self.version is None or public is None:
            return None
        return max(self.version.published_at, public.published_at)


def _seed(version_pk: int, content_hash: str, public_version_pk: int | None, progress: str) -> str:
    # ``progress``: the card pages print the 공개 추진실적 (plans.report.progress.progress_stamp).
    return f"{version_pk}:{content_hash}:{public_version_pk}:{progress}:{release()}"


@dataclass(frozen=True)
class Stamp:
    """What names the current edition's responses, read without building the edition."""

    etag_seed: str
    last_modified: datetime.datetime


def current_stamp(year: int, slug: str) -> Stamp | None:
    """The stamp of the current edition at /plans/<year>/<slug>/, or None when the plan has
    no public version (or does not exist): then the full resolution decides what to answer.

    This is the public pages' hot path: with the page cache, a reader's request costs this
    one query and a cache read. It is plain SQL because building the ORM query costs more
    than running it; the same seed as `Edition.etag_seed` (a test holds them equal)."""
    plan, department = WorkPlan._meta.db_table, Department._meta.db_table
    version = PublishedVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT v.id, v.content_hash, v.published_at, {progress_columns('w.id')} "
            f"FROM {plan} w "
            f"JOIN {department} d ON d.id = w.department_id "
            f"JOIN {version} v ON v.id = w.public_version_id "
            "WHERE w.year = %s AND d.slug = %s",
            [year, slug],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    version_pk, content_hash, published_at, *progress = row
    if isinstance(published_at, str):  # SQLite without converters
        published_at = datetime.datetime.fromisoformat(published_at)
    if timezone.is_naive(published_at):
        published_at = timezone.make_aware(published_at, datetime.UTC)
    return Stamp(_seed(version_pk, content_hash, version_pk, stamp_of(*progress)), published_at)


def can_preview(user, plan: WorkPlan) -> bool:
    """Staff who may view plans, and reach this one (a role reads its own department's)."""
    return bool(
        user.is_authenticated
        and user.is_staff
        and user.has_perm("plans.view_workplan")
        and may_read(user, plan)
    )


def _plan(year: int, slug: str) -> WorkPlan:
    """The plan at the address, with only what every request needs joined: a published page
    is answered from the version (and mostly from the page cache), so the query stays small
    enough for the planner to be quick; a preview reloads the plan with its context."""
    plan = (
        WorkPlan.objects.select_related("department", "public_version")
        .defer(*without_contents("public_version__"))
        .filter(year=year, department__slug=slug)
        .order_by()
        .first()
    )
    if plan is None:
        raise Http404("업무계획을 찾을 수 없습니다.")
    return plan


def _published(plan: WorkPlan, version: PublishedVersion, urls: EditionUrls) -> Edition:
    version.plan = plan
    try:
        frozen = frozen_report(version)
    except UnreadableReport as error:
        raise Unreadable(plan, version, urls, error.reason) from error
    return Edition(plan, frozen.report, urls, version, frozen.comparison)


def resolve(request, *, year: int, slug: str, edition: str, number: int | None = None) -> Edition:
    """The edition an address names, or Http404/Gone/Unreadable; a draft's current address sends
    staff to its preview (EditionRedirect)."""
    plan = _plan(year, slug)
    urls = EditionUrls(edition, year, plan.department.slug, number)
    if edition == CURRENT:
        if plan.public_version is not None:
            return _published(plan, plan.public_version, urls)
        if can_preview(request.user, plan):
            raise EditionRedirect(redirect(_preview_of(request, year, plan.department.slug)))
        raise Http404("업무계획을 찾을 수 없습니다.")
    if edition == VERSION:
        version = (
            PublishedVersion.objects.released()
            .light()
            .select_related("session__organization")
            .filter(plan=plan, number=number)
            .first()
        )
        if version is None:
            raise Http404("게시본을 찾을 수 없습니다.")
        if version.is_withdrawn:
            version.plan = plan
            raise Gone(version)
        return _published(plan, version, urls)
    if not can_preview(request.user, plan):
        raise Http404("업무계획을 찾을 수 없습니다.")
    return Edition(plan, plan_report(plan), urls)


def _preview_of(request, year: int, slug: str) -> str:
    """The preview address of what the current address asked for (page, PDF, card …)."""
    match = request.resolver_match
    index = URL_NAMES[CURRENT].index(match.url_name) if match else 0
    code = match.kwargs.get("code") if match else None
    return reverse(
        f"plans:{URL_NAMES[PREVIEW][index]}", args=[year, slug, *([code] if code else [])]
    )


def other_versions(edition: Edition) -> list[PublishedVersion]:
    """Every version of the plan that went public, newest first, for the list of 게시본 on its
    pages (a version whose files are being made, or failed, is the staff's alone)."""
    return list(
        PublishedVersion.objects.released()
        .light()
        .select_related("session")
        .filter(plan=edition.plan)
        .order_by("-number")
    )
