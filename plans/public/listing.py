"""The home page's listing: published plans grouped by council session, and a digest of every
value it prints, which keys its page cache."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from plans.models import WorkPlan
from plans.models.publication import without_contents


@dataclass
class SessionGroup:
    session: object
    plans: list[WorkPlan]


# Everything templates/plans/home.html prints of a plan or orders it by. The page is cached
# under a digest of these values, so an edit to any of them shows at once; a value the
# template starts to print must be added here (tests/plans/test_home_cache.py edits each one).
HOME_LISTING_FIELDS = (
    "year",
    "department__slug",
    "department__name",
    "department__order",
    "department__bureau__name",
    "department__bureau__order",
    "public_version__session_id",
    "public_version__session__number",
    "public_version__session__kind",
    "public_version__session__start_date",
    "public_version__session__end_date",
    "public_version__session__organization__name",
)


def published_plans_by_session() -> list[SessionGroup]:
    """Plans with a public version, newest session first, each session's plans by bureau and
    department. A plan is listed under the session its public version was presented to."""
    plans = (
        WorkPlan.objects.published()
        .with_context()
        .select_related("public_version__session__organization")
        .defer(*without_contents("public_version__"))
        .order_by(
            "-public_version__session__start_date",
            "department__bureau__order",
            "department__order",
            "year",
            "pk",
        )
    )
    groups: dict[int, SessionGroup] = {}
    for plan in plans:
        session = plan.public_version.session
        groups.setdefault(session.pk, SessionGroup(session, [])).plans.append(plan)
    return list(groups.values())


def home_listing_digest() -> str:
    """A digest of what the home page lists, in one query of plain values: much cheaper than
    the listing itself, whose rows are models for the template."""
    rows = WorkPlan.objects.published().order_by("pk").values_list(*HOME_LISTING_FIELDS)
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()
