"""What a council session hears: the plans presenting to it in the council's order, each with
the published version shown for the session (or none, 준비 중), and a digest of every value of
them that the session's pages and booklets print or are ordered by.

The session's public pages (plans.public.session_data) and its booklets (plans.workflow.
booklets, built by a request or by their job on the queue) read the session through here, so
the page and the booklet agree on who presents, in which order, and when they changed. Each costs
a fixed number of queries whatever the number of departments."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Q

from personnel.models import chart_order
from plans.models import CouncilSession, PublishedVersion, WorkPlan
from plans.models.publication import without_contents
from plans.report.context import PlanReport
from plans.workflow.freezing import FrozenReport, frozen_reports

# The order the council hears departments in, as the home page lists them (plans.public.listing).
COUNCIL_ORDER = (*chart_order("department"), "year", "pk")


def presenting(session: CouncilSession):
    """The plans presented to ``session``: those written for it, and those whose public version
    was presented to it (a plan revised for a later session keeps its place in this one)."""
    return WorkPlan.objects.filter(Q(session=session) | Q(public_version__session=session))


def session_digest(session: CouncilSession) -> str:
    """A digest of every value the session's pages print or are ordered by, in one query of
    plain values: it keys their page cache and the booklets, so a publication, a withdrawal or
    a renamed department makes a new entry at once."""
    rows = (
        presenting(session)
        .order_by("pk")
        .values_list(
            "pk",
            "year",
            "department__name",
            "department__slug",
            "department__order",
            "department__bureau__name",
            "department__bureau__order",
            "public_version_id",
            "public_version__session_id",
            "public_version__content_hash",
            "public_version__number",
            "public_version__published_at",
        )
    )
    head = (
        session.pk,
        session.number,
        session.kind,
        session.start_date,
        session.end_date,
        session.organization.name,
    )
    return hashlib.sha256(repr((head, list(rows))).encode()).hexdigest()


@dataclass
class Presenting:
    """A department presenting: its plan row, and the published version shown for this
    session with its frozen report, or none ("준비 중")."""

    plan: WorkPlan
    version: PublishedVersion | None = None
    frozen: FrozenReport | None = None

    @property
    def published(self) -> bool:
        return self.frozen is not None

    @property
    def report(self) -> PlanReport | None:
        return self.frozen.report if self.frozen else None


Entry = TypeVar("Entry", bound=Presenting)


def presenting_versions(session: CouncilSession, entry: type[Entry] = Presenting) -> list[Entry]:
    """The departments presenting to ``session`` in the council's order, each an ``entry``,
    in two queries at most: the plans, and the reports of their public versions not yet
    decoded. A plan whose public version was presented to another session is 준비 중 here (its
    revision for this session is not published yet); a version this code cannot read is left
    out like a draft, as its own page answers that it cannot be shown."""
    plans = list(
        presenting(session)
        .select_related("department__bureau", "department__organization", "public_version")
        .defer(*without_contents("public_version__"))
        .order_by(*COUNCIL_ORDER)
    )
    shown = [
        plan.public_version
        for plan in plans
        if plan.public_version is not None and plan.public_version.session_id == session.pk
    ]
    reports = frozen_reports(shown)
    entries = []
    for plan in plans:
        version = plan.public_version
        frozen = reports.get(version.pk) if version is not None else None
        if isinstance(frozen, FrozenReport):
            entries.append(entry(plan, version, frozen))
        else:
            entries.append(entry(plan))
    return entries
