"""A small synthetic county for the session pages, with one department presenting a draft:
the session page must list it as 준비 중, and nothing of its draft may appear anywhere."""

from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.urls import reverse

from personnel.models import Bureau
from plans.models import CouncilSession, WorkPlan
from plans.synthetic import CountySpec, generate_county
from tests.factories import DepartmentFactory, TaskCardFactory, TeamFactory, WorkPlanFactory

# Departments of more than one bureau, three years (a department compared over more than two),
# few cards: the county takes seconds to publish, so it is built once (see ``shared_county``).
SPEC = CountySpec(departments=5, cards=3, years=3, seed=11)
DRAFT_TITLE = "초안에만 있는 과제"


@dataclass
class SessionCounty:
    session: CouncilSession
    draft: WorkPlan  # a new department's plan, presented to the session but not published

    @property
    def url(self) -> str:
        return reverse(
            "plans:session_detail", args=[self.session.organization.name, self.session.number]
        )


def county_with_draft(spec: CountySpec = SPEC) -> SessionCounty:
    organization = generate_county(spec).organization
    # The session the latest plans are presented to (the county's 추진실적 go to later ones).
    session = (
        WorkPlan.objects.filter(department__organization=organization).order_by("-year").first()
    ).session
    # First in the second bureau: it must be listed in its place, between published ones.
    bureau = Bureau.objects.filter(organization=organization).order_by("order")[1]
    department = DepartmentFactory(bureau=bureau, name="신설과", slug="가람-신설과", order=0)
    team = TeamFactory(department=department, name="신설팀")
    draft = WorkPlanFactory(department=department, year=spec.year, session=session)
    TaskCardFactory(plan=draft, number=1, team=team, title=DRAFT_TITLE, is_new=True)
    return SessionCounty(session, draft)


@pytest.fixture(scope="package")
def shared_county(django_db_setup, django_db_blocker):
    """The county, built once for these tests and deleted after them; each test's own changes
    (a publication, an edit) are rolled back with the test."""
    with django_db_blocker.unblock():
        built = county_with_draft()
    yield built
    # Emptied as a transactional test leaves the database: deleting the county alone would leave
    # the grades it added (shared by every county) and its history rows, and a later test on
    # this process (they are spread over several with pytest-xdist) would meet them.
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def county(shared_county, db) -> SessionCounty:
    return shared_county
