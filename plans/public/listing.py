"""The home page's listing: published plans grouped by council session, and a digest of every
value it prints, which keys its page cache."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from personnel.models import chart_order
from plans.models import WorkPlan
from plans.models.publication import without_contents


@dataclass
class UnitGroup:
    """The plans of one unit of the county's chart in a session: a 국, or the county itself for
    departments directly under it (기획감사실 under the 부군수)."""

    name: str
    plans: list[WorkPlan]


@dataclass
class SessionGroup:
    session: object
    plans: list[WorkPlan]

    @property
    def units(self) -> list[UnitGroup]:
        """The plans by unit, in the order of ``plans`` (the county's chart: its own departments
        first, then each 국)."""
        units: dict[int | None, UnitGroup] = {}
        for plan in self.plans:
            department = plan.department
            units.setdefault(
                department.bureau_id, UnitGroup(department.parent_name, [])
            ).plans.append(plan)
        return list(units.values())


# Everything templates/plans/home.html prints of a plan or orders it by. The page is cached
# under a digest of these values, so an edit to any of them shows at once; a value the
# template starts to print must be added here (tests/plans/test_home_cache.py edits each one).
HOME_LISTING_FIELDS = (
    "year",
    "department__slug",
    "department__name",
    "department__order",
    "department__organization__name",
    "department__bureau_id",
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
    """Plans with a public version, newest session first, each session's plans in the county's
    chart order (departments directly under the county, then by bureau and department). A plan
    is listed under the session its public version was presented to."""
    plans = (
        WorkPlan.objects.published()
        .with_context()
        .select_related("public_version__session__organization")
        .defer(*without_contents("public_version__"))
        .order_by(
            "-public_version__session__start_date",
            *chart_order("department"),
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
