"""A county is the demo's department thirty times over: every public page must cost the same
number of queries for the demo plan alone as for a plan of a county of many departments and
years (a page that grew with the county would be an N+1 waiting for the council session)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import WorkPlan
from plans.synthetic import CountySpec, generate_county

pytestmark = pytest.mark.django_db

PAGES = ["home", "plan", "card", "search", "pdf", "xlsx"]


def urls(plan: WorkPlan) -> dict[str, str]:
    args = [plan.year, plan.department.slug]
    return {
        "home": "/",
        "plan": plan.get_absolute_url(),
        "card": plan.get_absolute_url() + "IV-3/",
        "search": reverse("plans:search") + "?q=주민",
        "pdf": reverse("plans:report_pdf", args=args),
        "xlsx": reverse("plans:report_xlsx", args=args),
    }


def query_counts(client, plan: WorkPlan) -> dict[str, int]:
    """Queries of each page on its second request (a first download may store its file)."""
    counts = {}
    for page, url in urls(plan).items():
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[page] = len(queries)
    return counts


def test_every_public_page_costs_the_same_queries_for_the_demo_and_a_county(client):
    call_command("load_demo", verbosity=0)
    demo = WorkPlan.objects.get(year=2023, department__slug="자치행정과")
    demo_counts = query_counts(client, demo)

    county = generate_county(CountySpec(departments=5, cards=4, years=3, seed=3)).organization
    # The county's largest plan of its last year: the most teams, a plan the year before to
    # compare with, and a home page and search listing many plans.
    largest = (
        WorkPlan.objects.filter(department__organization=county)
        .annotate(teams=Count("department__teams"))
        .order_by("-year", "-teams")
        .first()
    )
    assert WorkPlan.objects.filter(department=largest.department, year=largest.year - 1).exists()
    assert WorkPlan.objects.count() == 1 + 5 * 3
    county_counts = query_counts(client, largest)

    assert county_counts == demo_counts
    # and the demo's own pages did not change with a county beside them
    assert query_counts(client, demo) == demo_counts
