"""The public pages in a real browser, on the demo plan (음성군 자치행정과 2023): following links
from the home page, the table of contents, the card filter, search, a 360 px phone, the keyboard,
and accessibility (axe-core plus the structure a screen reader relies on).

Every test saves a screenshot under bench/out/screenshots/public-*.png for a person to look at.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.helpers import fonts_settled, format_violations, run_axe, screenshot

PLAN_PATH = "/plans/2023/자치행정과/"
CARD_PATH = PLAN_PATH + "IV-7/"


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's base URL, with the demo plan loaded into its (per-test) database."""
    call_command("load_demo", verbosity=0)
    return live_server.url


def path_of(page) -> str:
    """The page's path and fragment, percent-decoded (the slug is Korean)."""
    parts = urlsplit(page.url)
    return unquote(parts.path) + (f"#{parts.fragment}" if parts.fragment else "")


def card_ids(page) -> list[str]:
    return page.locator("article.card").evaluate_all("cards => cards.map(card => card.id)")


def test_home_links_to_the_demo_plan_cover(page, site):
    page.goto(site + "/")
    expect(page.locator("h1")).to_have_text("주요업무계획")
    session = page.locator("section.session", has_text="제353회 임시회")
    expect(session.locator("h2")).to_contain_text("음성군의회 제353회 임시회")
    screenshot(page, "public-home")

    session.get_by_role("link", name=re.compile("자치행정과")).click()
    page.wait_for_url(re.compile(r"/plans/2023/"))
    assert path_of(page) == PLAN_PATH

    cover = page.locator("section.cover")
    expect(cover).to_contain_text("제353회 임시회")
    expect(cover.get_by_role("heading", level=1)).to_contain_text("자치행정과")
    expect(cover).to_contain_text("2023년 주요업무계획")
    screenshot(page, "public-plan-desktop")


def test_toc_link_scrolls_to_card_and_card_page_pages_through(page, site):
    page.goto(site + PLAN_PATH)
    toc = page.get_by_role("navigation", name="목 차")
    toc.get_by_role("link", name="7. 주민자치회 전면 실시").click()

    heading = page.locator("#card-main-7-title")
    expect(heading).to_have_text(re.compile(r"7\s+주민자치회 전면 실시"))
    expect(heading).to_be_in_viewport()  # retries while KRDS's smooth scrolling runs
    assert path_of(page) == PLAN_PATH + "#card-main-7"
    screenshot(page, "public-plan-toc-card-7", full_page=False)

    page.locator("#card-main-7").get_by_role("link", name="이 과제만 보기 (IV-7)").click()
    page.wait_for_url(re.compile(r"/IV-7/$"))
    assert path_of(page) == CARD_PATH
    expect(page.locator("h1")).to_have_text(re.compile(r"7\s+주민자치회 전면 실시"))
    screenshot(page, "public-card-IV-7")

    pager = page.get_by_role("navigation", name="다른 과제")
    expect(pager.locator("a[rel=prev]")).to_contain_text("IV-6")
    pager.locator("a[rel=next]").click()
    page.wait_for_url(re.compile(r"/IV-8/$"))
    expect(page.locator("h1")).to_have_text(re.compile(r"8\s+고향사랑기부제 추진"))

    page.get_by_role("navigation", name="다른 과제").locator("a[rel=prev]").click()
    page.wait_for_url(re.compile(r"/IV-7/$"))
    expect(page.locator("h1")).to_have_text(re.compile(r"7\s+주민자치회 전면 실시"))

    # The last main card leads on to the special measures (V-1), which has no next.
    page.goto(site + PLAN_PATH + "IV-8/")
    page.get_by_role("navigation", name="다른 과제").locator("a[rel=next]").click()
    page.wait_for_url(re.compile(r"/V-1/$"))
    expect(page.locator("h1")).to_contain_text("우편모아시스템 도입")
    expect(page.locator("a[rel=next]")).to_have_count(0)


def test_filter_by_team_keeps_only_its_cards(page, site):
    page.goto(site + PLAN_PATH)
    assert len(card_ids(page)) == 9
    form = page.get_by_role("form", name="과제 거르기")
    form.get_by_label("담당 팀").select_option(label="대외협력팀")
    form.get_by_role("button", name="적용").click()
    page.wait_for_url(re.compile(r"team="))

    expect(page.get_by_role("status")).to_have_text("과제 9개 중 2개가 조건에 맞습니다.")
    assert card_ids(page) == ["card-main-7", "card-main-8"]
    expect(form.get_by_label("담당 팀")).to_have_value(re.compile(r"\d+"))
    expect(page.locator("#filter-team option:checked")).to_have_text("대외협력팀")
    # V. 특수시책 has no card of this team and says so.
    expect(page.locator("#chapter-5")).to_contain_text("조건에 맞는 과제가 없습니다.")
    page.locator("#chapter-4").scroll_into_view_if_needed()
    screenshot(page, "public-plan-filtered-team")


def test_header_search_finds_the_card_and_names_the_matching_sections(page, site):
    page.goto(site + PLAN_PATH)
    header_search = page.locator("header").get_by_role("search")
    header_search.get_by_label("업무계획 검색").fill("답례품")
    header_search.get_by_role("button", name="검색").click()
    page.wait_for_url(re.compile(r"/search/\?q="))

    expect(page.get_by_role("status")).to_have_text("‘답례품’이 있는 과제 1개")
    result = page.locator(".search-results__item")
    expect(result).to_have_count(1)
    expect(result.locator(".search-results__meta")).to_contain_text("일치: ")
    expect(result.locator(".search-results__meta")).to_contain_text("추진계획")
    screenshot(page, "public-search-results")

    result.get_by_role("link", name="IV-8 고향사랑기부제 추진").click()
    page.wait_for_url(re.compile(r"/IV-8/$"))
    expect(page.locator("h1")).to_have_text(re.compile(r"8\s+고향사랑기부제 추진"))
    expect(page.locator("article.card")).to_contain_text("답례품")


def test_plan_page_fits_a_360px_phone(mobile_page, site):
    page = mobile_page
    page.goto(site + PLAN_PATH)
    fonts_settled(page)
    sizes = page.evaluate(
        """() => ({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth})"""
    )
    # A phone widens its layout viewport to fit content that overflows (window.innerWidth
    # then grows with scrollWidth and the page is zoomed out), so the width itself is checked.
    assert sizes["inner"] == 360, sizes
    assert sizes["scroll"] <= sizes["inner"], sizes

    expect(page.locator("h1")).to_be_in_viewport()
    first_table = page.locator("table").first
    first_table.scroll_into_view_if_needed()
    expect(first_table.locator("caption")).to_be_in_viewport()
    expect(first_table).to_be_visible()
    # A wide table scrolls inside its own wrapper, which is keyboard-focusable for that.
    wrap = page.locator(".table-wrap").first
    overflow = wrap.evaluate("el => getComputedStyle(el).overflowX")
    assert overflow == "auto"
    # Each table's unit (단위: 백만원) shows at the start of its caption, not scrolled off.
    offscreen = page.evaluate(
        """() => [...document.querySelectorAll('caption .unit')]
            .filter(unit => unit.getBoundingClientRect().right > window.innerWidth)
            .map(unit => unit.closest('caption').textContent.trim())"""
    )
    assert offscreen == []
    screenshot(page, "public-plan-mobile")
    page.evaluate("() => window.scrollTo(0, 0)")
    screenshot(page, "public-plan-mobile-top", full_page=False)

    violations = run_axe(page)
    assert violations == [], format_violations(violations)


def test_first_tab_reaches_the_skip_link_and_enter_moves_to_main(page, site):
    page.goto(site + PLAN_PATH)
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "본문 바로가기"
    skip = page.get_by_role("link", name="본문 바로가기")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # shown on focus, not left off-screen
    screenshot(page, "public-skip-link", full_page=False)
    violations = run_axe(page, context=".skip-link")  # its contrast while shown
    assert violations == [], format_violations(violations)

    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()
    assert path_of(page).endswith("#content")
    # The next Tab continues inside the main content (the breadcrumb), not at the header.
    page.keyboard.press("Tab")
    in_main = page.evaluate("() => document.querySelector('main').contains(document.activeElement)")
    assert in_main


# The structure a screen reader relies on, checked on the page as rendered.
STRUCTURE_JS = """() => {
    const problems = [];
    const lang = document.documentElement.getAttribute('lang');
    if (lang !== 'ko') problems.push(`html lang is ${lang}`);
    const h1s = document.querySelectorAll('h1');
    if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements`);
    let previous = 0;
    for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
        const level = Number(h.tagName[1]);
        if (level > previous + 1) {
            problems.push(`heading skips from h${previous} to h${level}: ${h.textContent.trim()}`);
        }
        previous = level;
    }
    document.querySelectorAll('table').forEach((table, i) => {
        const caption = table.querySelector(':scope > caption');
        if (!caption || !caption.textContent.trim()) problems.push(`table ${i} has no caption`);
        if (!table.querySelector('th')) problems.push(`table ${i} has no th`);
        table.querySelectorAll('th').forEach(th => {
            if (!['row', 'col', 'rowgroup', 'colgroup'].includes(th.getAttribute('scope'))) {
                problems.push(`table ${i}: th without scope: ${th.textContent.trim()}`);
            }
        });
    });
    document.querySelectorAll('svg').forEach((svg, i) => {
        if (svg.getAttribute('aria-hidden') === 'true') return;
        if (svg.getAttribute('role') !== 'img') problems.push(`svg ${i} has no role=img`);
        const title = svg.querySelector(':scope > title');
        if (!title || !title.textContent.trim()) problems.push(`svg ${i} has no title`);
        const labelledby = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/);
        if (title && !(labelledby.includes(title.id) || svg.getAttribute('aria-label'))) {
            problems.push(`svg ${i} is not labelled by its title`);
        }
    });
    return problems;
}"""

PAGES = {
    "home": "/",
    "plan": PLAN_PATH,
    "plan-filtered": PLAN_PATH + "?team=&kind=&q=%EB%8B%B5%EB%A1%80%ED%92%88",
    "card": CARD_PATH,
    "card-special": PLAN_PATH + "V-1/",
    "search": "/search/?q=%EC%A3%BC%EB%AF%BC%EC%9E%90%EC%B9%98%ED%9A%8C",
    "search-empty": "/search/?q=%EC%97%86%EB%8A%94%EB%82%B1%EB%A7%90",
    "404": "/plans/2023/없는과/",
}


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible(page, site, name):
    response = page.goto(site + PAGES[name])
    assert response is not None
    assert response.status == (404 if name == "404" else 200)
    fonts_settled(page)
    screenshot(page, f"public-a11y-{name}")

    violations = run_axe(page)
    assert violations == [], format_violations(violations)

    problems = page.evaluate(STRUCTURE_JS)
    assert problems == [], "\n".join(problems)
    if name == "plan":
        # The report's own tables and charts are there to be checked at all.
        assert page.locator("table").count() >= 5
        assert page.locator("svg[role=img]").count() == 2
