"""The session's pages read the same number of queries for 3 departments as for 30, and a
department's page the same for one year as for three: a page that grew with the county would be
an N+1 waiting for the council session."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import WorkPlan
from plans.public.caching import recent_pages
from plans.synthetic import CountySpec, generate_county
from plans.workflow.freezing import forget_frozen_reports

pytestmark = pytest.mark.django_db

FILTERS = {"q": "추진", "kind": "continuing", "source": "county", "band": "under-100m"}


def forget_everything():
    """Cold caches: every page is built and every report read, as after a publication."""
    caches["default"].clear()
    recent_pages.clear()
    forget_frozen_reports()


def query_counts(client, organization) -> dict[str, int]:
    # The session the latest plans are presented to (the county's 추진실적 go to later ones).
    session = (
        WorkPlan.objects.filter(department__organization=organization).order_by("-year").first()
    ).session
    args = [organization.name, session.number]
    department = (
        WorkPlan.objects.filter(session=session).order_by("department__order").first().department
    )
    urls = {
        "session": reverse("plans:session_detail", args=args),
        "cards": reverse("plans:session_cards", args=args),
        "filtered": reverse("plans:session_cards", args=args),
        "department": reverse("plans:department_detail", args=[department.slug]),
        "list": reverse("plans:session_list"),
    }
    counts = {}
    for page, url in urls.items():
        params = FILTERS if page == "filtered" else {}
        forget_everything()
        with CaptureQueriesContext(connection) as cold:
            assert client.get(url, params).status_code == 200, url
        with CaptureQueriesContext(connection) as warm:
            assert client.get(url, params).status_code == 200, url
        counts[page] = (len(cold), len(warm))
    return counts


def test_the_same_queries_for_3_departments_and_for_30(client):
    small = generate_county(
        CountySpec(name="나래군", departments=3, cards=2, years=3, seed=2, session_number=500)
    ).organization
    large = generate_county(
        CountySpec(name="다온군", departments=30, cards=2, years=1, seed=2, session_number=600)
    ).organization
    assert WorkPlan.objects.filter(department__organization=large).count() == 30
    small_counts = query_counts(client, small)
    assert query_counts(client, large) == small_counts
    # A page from the cache costs its digest's query and no more.
    assert small_counts["session"][1] <= 2
