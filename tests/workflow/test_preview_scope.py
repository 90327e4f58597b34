"""The staff preview of a working copy is for the plan's own department: a role of another
department gets the same 404 as the public, whatever its permissions."""

import pytest
from django.test import Client

from tests.publishing import build_plan
from tests.workflow.helpers import staff, team_of

pytestmark = pytest.mark.django_db


def preview_urls(plan):
    base = f"{plan.get_absolute_url()}preview/"
    return [base, f"{base}report.pdf", f"{base}report.xlsx", f"{base}{plan.cards.get().code}/"]


def test_a_reviewer_previews_drafts_of_their_own_department_only():
    own, other = build_plan(cards=1, published=False), build_plan(cards=1, published=False)
    reviewer = staff("reviewer", team=team_of(own), groups=["검토자"])
    client = Client()
    client.force_login(reviewer)
    for url in preview_urls(own)[:1] + preview_urls(own)[3:]:
        assert client.get(url).status_code == 200, url
    for url in preview_urls(other):
        assert client.get(url).status_code == 404, url
    # The current address of the other department's draft does not send it to a preview.
    assert client.get(other.get_absolute_url()).status_code == 404


def test_the_public_never_reaches_a_preview():
    plan = build_plan(cards=1)
    for url in preview_urls(plan):
        assert Client().get(url).status_code == 404, url
