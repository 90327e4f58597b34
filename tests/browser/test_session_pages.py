"""The council session's pages in a real browser, on the demo plan with a small synthetic county
beside it: axe-core (WCAG 2.1 A and AA, every impact), the structure a screen reader relies on,
and a 360 px phone on which the wide tables scroll in their own box instead of the page.

Every test saves a screenshot under bench/out/screenshots/session-*.png for a person to look at.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.management import call_command

from plans.synthetic import CountySpec, generate_county
from tests.browser.helpers import fonts_settled, format_violations, run_axe, screenshot
from tests.browser.test_public_pages import STRUCTURE_JS

SPEC = CountySpec(departments=3, cards=2, years=2, seed=5)
SESSION = f"/sessions/{quote(SPEC.name)}/{SPEC.session_number + 10}/"
PAGES = {
    "list": "/sessions/",
    "session": SESSION,
    "session-demo": f"/sessions/{quote('음성군')}/353/",
    "cards": SESSION + "cards/",
    "cards-filtered": SESSION + "cards/?kind=continuing&source=county&q=" + quote("추진"),
    "department": f"/departments/{quote('자치행정과')}/",
}


@pytest.fixture
def site(live_server, transactional_db):
    call_command("load_demo", verbosity=0)
    generate_county(SPEC)
    return live_server.url


@pytest.mark.parametrize("name", PAGES)
def test_session_pages_are_accessible(page, site, name):
    response = page.goto(site + PAGES[name])
    assert response is not None
    assert response.status == 200
    fonts_settled(page)
    screenshot(page, f"session-a11y-{name}")
    violations = run_axe(page)
    assert violations == [], format_violations(violations)
    problems = page.evaluate(STRUCTURE_JS)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("name", ["session", "cards"])
def test_session_pages_fit_a_360px_phone(mobile_page, site, name):
    page = mobile_page
    page.goto(site + PAGES[name])
    fonts_settled(page)
    sizes = page.evaluate(
        """() => ({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth})"""
    )
    assert sizes["inner"] == 360, sizes
    assert sizes["scroll"] <= sizes["inner"], sizes
    assert page.locator(".table-wrap").first.evaluate("el => getComputedStyle(el).overflowX") == (
        "auto"
    )
    screenshot(page, f"session-mobile-{name}")
    violations = run_axe(page)
    assert violations == [], format_violations(violations)
