"""Reading a session across departments: every card of its published plans, and each filter
returning exactly the cards the test picks out of the published reports itself."""

import re

import pytest
from django.urls import reverse

from personnel.models import chart_order
from plans.models import WorkPlan
from plans.report.sections import card_sections
from plans.workflow.freezing import frozen_report
from tests.sessions.conftest import DRAFT_TITLE

pytestmark = pytest.mark.django_db

# 1억원 and 10억원 in 천원, as amounts are stored.
HUNDRED_MILLION, BILLION = 100_000, 1_000_000


def published(county):
    """(plan, report, comparison) of each published plan of the session, in the council's order."""
    plans = (
        WorkPlan.objects.filter(session=county.session, public_version__isnull=False)
        .select_related("department__bureau", "department__organization", "public_version")
        .order_by(*chart_order("department"))
    )
    return [(plan, *_frozen(plan)) for plan in plans]


def _frozen(plan):
    frozen = frozen_report(plan.public_version)
    return frozen.report, frozen.comparison


def every_card(county):
    return [
        (plan, report, comparison, view)
        for plan, report, comparison in published(county)
        for view in report.cards
    ]


def listed(client, county, **params) -> list[tuple[str, str]]:
    """(department, card code) of each card the page lists, in order."""
    url = reverse("plans:session_cards", args=[county.session.organization.name,
                                               county.session.number])  # fmt: skip
    response = client.get(url, params)
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r"<tr>\s*<td>([^<]+)</td>\s*<td>((?:IV|V)-\d+)</td>", html)


def expected(cards, keep) -> list[tuple[str, str]]:
    return [
        (report.department.name, view.code)
        for plan, report, comparison, view in cards
        if keep(plan, report, comparison, view)
    ]


def test_without_filters_every_published_card_is_listed_and_no_draft(client, county):
    cards = every_card(county)
    assert listed(client, county) == expected(cards, lambda *card: True)
    assert len(cards) > 0
    url = reverse("plans:session_cards", args=[county.session.organization.name,
                                               county.session.number])  # fmt: skip
    assert DRAFT_TITLE not in client.get(url).content.decode()


def test_kind_source_and_budget_band(client, county):
    cards = every_card(county)

    def sources(view):
        return {row.label for row in view.funding.rows} if view.funding else set()

    def amount(view):
        return view.funding.total_thousand_won if view.funding else None

    cases = {
        (("kind", "new"),): lambda p, r, c, view: view.card.is_new,
        (("kind", "pending"),): lambda p, r, c, view: view.card.is_pending_issue,
        (("source", "national"),): lambda p, r, c, view: "국비" in sources(view),
        (("source", "provincial"),): lambda p, r, c, view: "도비" in sources(view),
        (("source", "county"),): lambda p, r, c, view: "군비" in sources(view),
        (("band", "none"),): lambda p, r, c, view: view.funding is None,
        (("band", "under-100m"),): lambda p, r, c, view: (
            amount(view) is not None and amount(view) < HUNDRED_MILLION
        ),
        (("band", "100m-1b"),): lambda p, r, c, view: (
            amount(view) is not None and HUNDRED_MILLION <= amount(view) < BILLION
        ),
        (("kind", "continuing"), ("source", "county")): lambda p, r, c, view: (
            view.card.is_continuing and "군비" in sources(view)
        ),
    }
    non_empty = 0
    for params, keep in cases.items():
        want = expected(cards, keep)
        assert listed(client, county, **dict(params)) == want, params
        non_empty += bool(want) and len(want) < len(cards)
    # The filters were tried on cases that pick some cards and leave others.
    assert non_empty >= 4


def test_department_team_status_and_phrase(client, county):
    cards = every_card(county)
    plan, _, _, view = cards[-1]
    assert listed(client, county, department=plan.department.slug) == expected(
        cards, lambda p, r, c, v: p.pk == plan.pk
    )
    team = view.card.team_id
    assert listed(client, county, team=team) == expected(
        cards, lambda p, r, c, v: v.card.team_id == team
    )

    def continued(c, v):
        return c.previous_version_pk is not None and v.code in {
            link.code for link in c.continued_cards
        }

    assert listed(client, county, status="continued") == expected(
        cards, lambda p, r, c, v: continued(c, v)
    )
    assert listed(client, county, status="new") == expected(
        cards, lambda p, r, c, v: c.previous_version_pk is not None and not continued(c, v)
    )
    assert expected(cards, lambda p, r, c, v: continued(c, v))  # the county has both
    word = view.card.title.split()[0]

    def has_word(v):
        return any(word in text for _, texts in card_sections(v) for text in texts)

    assert listed(client, county, q=word) == expected(cards, lambda p, r, c, v: has_word(v))


def test_unknown_filter_values_are_ignored_not_an_error(client, county):
    cards = every_card(county)
    everything = expected(cards, lambda *card: True)
    for params in ({"kind": "x"}, {"source": "달러"}, {"team": "abc"}, {"band": "9"}):
        assert listed(client, county, **params) == everything, params
