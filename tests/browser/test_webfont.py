"""Pretendard GOV on the public pages (README: 글꼴): the first frame is painted in the device's own
Korean font and static/js/webfont.js switches to Pretendard GOV after it, by the class "webfont"
on <html>; where this browser fetched the faces before, the head's inline switch
(templates/webfont-switch.js, the one inline script the Content-Security-Policy allows, by its
digest) adds the class before the first paint, so going from page to page shows no change of font.

Each path is taken on its own by aborting the other's script: a font request is then made only
where the page has switched."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.browser.helpers import fonts_settled, screenshot

PLAN_PATH = "/plans/2023/자치행정과/"
SWITCH_SCRIPT = "**/js/webfont*.js"  # the deferred switch, under its hashed name in production
FIRST_FAMILY = "() => getComputedStyle(document.body).fontFamily.split(',')[0].trim()"
HAS_CLASS = "() => document.documentElement.classList.contains('webfont')"


@pytest.fixture
def site(live_server, transactional_db):
    call_command("load_demo", verbosity=0)
    return live_server.url


def font_requests(page) -> list[str]:
    requests: list[str] = []

    def seen(request):
        if request.resource_type == "font":
            requests.append(request.url)

    page.on("request", seen)
    return requests


def test_without_the_switch_the_page_keeps_the_system_font_and_fetches_no_font(page, site):
    page.route(SWITCH_SCRIPT, lambda route: route.abort())
    fonts = font_requests(page)
    page.goto(site + PLAN_PATH)
    page.wait_for_load_state("networkidle")

    assert page.evaluate(HAS_CLASS) is False
    assert page.evaluate(FIRST_FAMILY) == "-apple-system"
    assert fonts == []
    screenshot(page, "webfont-system-font")


def test_the_switch_brings_pretendard_gov_and_remembers_it(page, site):
    fonts = font_requests(page)
    page.goto(site + PLAN_PATH)
    fonts_settled(page)

    assert page.evaluate(FIRST_FAMILY) == '"Pretendard GOV"'
    assert fonts and all("/pretendard-gov/" in url for url in fonts)
    assert page.evaluate("() => document.fonts.check('16px \"Pretendard GOV\"', '자치행정과')")
    assert page.evaluate("() => localStorage.getItem('portal-webfont')") == "1"
    screenshot(page, "webfont-pretendard")


def test_a_browser_that_fetched_the_faces_switches_before_the_first_paint(page, site):
    page.goto(site + PLAN_PATH)
    fonts_settled(page)

    # The next page, with the deferred switch taken away: only the head's inline switch is left.
    page.route(SWITCH_SCRIPT, lambda route: route.abort())
    page.goto(site + PLAN_PATH + "IV-1/")
    fonts_settled(page)
    assert page.evaluate(FIRST_FAMILY) == '"Pretendard GOV"'


def test_a_browser_refusing_storage_still_switches_after_the_first_paint(page, site):
    page.context.add_init_script(
        "Object.defineProperty(window, 'localStorage', "
        "{get() { throw new DOMException('refused'); }})"
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site + PLAN_PATH)
    fonts_settled(page)

    assert page.evaluate(FIRST_FAMILY) == '"Pretendard GOV"'
    assert errors == []
