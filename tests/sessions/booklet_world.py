"""A small session for the booklet tests (PDF and 한글): three departments, two under one
bureau and one directly under the county, each with a few cards, published to one session
without files, as the synthetic county is."""

from __future__ import annotations

from plans.models import CouncilSession, WorkPlan
from tests.factories import (
    BureauFactory,
    CouncilSessionFactory,
    DepartmentFactory,
    OrganizationFactory,
    TaskCardFactory,
    TeamFactory,
    WorkPlanFactory,
)
from tests.publishing import publish_now

# Not the synthetic county's 가람군, which the session tests keep in the database meanwhile.
ORGANIZATION = "나래군"
# In the council's order: a department directly under the county first, then bureau by bureau.
DEPARTMENTS = (
    (None, "가람감사실", 3),
    ("가람복지국", "가람행정과", 2),
    ("가람복지국", "가람민원과", 1),
)


def build_world() -> tuple[CouncilSession, dict[str, WorkPlan]]:
    organization = OrganizationFactory(name=ORGANIZATION)
    session = CouncilSessionFactory(organization=organization, number=401)
    bureau = BureauFactory(organization=organization, name="가람복지국", order=1)
    plans = {}
    for order, (bureau_name, name, cards) in enumerate(DEPARTMENTS, start=1):
        if bureau_name:
            department = DepartmentFactory(bureau=bureau, name=name, slug=name, order=order)
        else:
            department = DepartmentFactory(
                bureau=None, organization=organization, name=name, slug=name, order=order
            )
        team = TeamFactory(department=department)
        plan = WorkPlanFactory(department=department, session=session, published=True)
        for number in range(1, cards + 1):
            TaskCardFactory(plan=plan, number=number, team=team, title=f"{name} 과제 {number}")
        publish_now(plan)
        plan.refresh_from_db()
        plans[name] = plan
    return session, plans
