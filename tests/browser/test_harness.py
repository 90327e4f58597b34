"""Smoke tests of the browser harness itself: Chromium starts, the live server answers, a
screenshot is written, axe runs and reports what it finds at every impact, and the KRDS CSS and
Pretendard GOV font that scripts/build_css.py builds from the vendored packages load."""

from django.templatetags.static import static

from tests.browser.helpers import SCREENSHOT_DIR, format_violations, run_axe, screenshot

# Two faults of different impact for axe to find: an image without a text alternative
# (image-alt, WCAG 1.1.1, critical) and a viewport that stops zooming at 150% (meta-viewport,
# WCAG 1.4.4, moderate).
FAULTS = """() => document.body.insertAdjacentHTML('beforeend',
    '<img src="/static/none.png"><meta name="viewport" content="maximum-scale=1.5">')"""

VENDOR_CSS = ("build/site.css",)


def test_admin_login_page_opens_screenshots_and_runs_axe(page, live_server):
    response = page.goto(f"{live_server.url}/admin/login/")
    assert response is not None and response.ok
    assert "업무계획 포털" in page.title()

    path = screenshot(page, "harness-admin-login")
    assert path.parent == SCREENSHOT_DIR
    assert path.read_bytes().startswith(b"\x89PNG")

    violations = run_axe(page)
    assert violations == [], format_violations(violations)


def test_axe_reports_violations_of_every_impact(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.evaluate(FAULTS)
    found = {(violation["id"], violation["impact"]) for violation in run_axe(page)}
    assert found == {("image-alt", "critical"), ("meta-viewport", "moderate")}


def test_vendored_krds_css_and_pretendard_gov_font_load(mobile_page, live_server):
    page = mobile_page
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: response.ok or failed.append(response.url))
    page.goto(f"{live_server.url}/admin/login/")
    for css in VENDOR_CSS:
        page.add_style_tag(url=live_server.url + static(css))
    # KRDS sets font-family from its token on body, which portal.css points at its own stack:
    # with the class "webfont" on <html> (as static/js/webfont.js adds it on a public page),
    # Pretendard GOV first, before its fallbacks.
    page.evaluate("() => document.documentElement.classList.add('webfont')")
    page.evaluate("() => document.fonts.load('700 16px \"Pretendard GOV\"', '업무계획 포털')")
    page.evaluate("() => document.fonts.ready")

    family = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert family.split(",")[0].strip('"') == "Pretendard GOV"
    assert page.evaluate("() => document.fonts.check('16px \"Pretendard GOV\"', '업무계획 포털')")
    loaded = page.evaluate(
        """() => [...document.fonts]
            .filter(face => face.family.replace(/["']/g, '') === 'Pretendard GOV'
                            && face.status === 'loaded')
            .length"""
    )
    assert loaded >= 1  # only the unicode-range slices this page uses are fetched
    assert failed == []
    screenshot(page, "harness-krds-pretendard-mobile")
