"""The admin's grids in Chromium, on the demo plan made a draft again: the budget grid's live
증감, 증감률 and 계 (static/js/budget-grid.js) read from the page equal what plans.rules.figures
computes on the same amounts, for the demo's values and for edge cases typed in (rounding half
up, a zero base, an empty row, amounts beyond a float's exact range); the budget grid fits a
360 px phone; the staffing grid fits 1280 px without scrolling sideways.

Screenshots: bench/out/screenshots/grids-budget-1280.png, grids-budget-360.png,
grids-staffing-1280.png and grids-people-1280.png."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from budget.admin_grid import budget_grid
from personnel.models import Department
from plans.models import WorkPlan
from plans.rules import figures
from plans.workflow.services import plan_start_revision
from tests.browser.helpers import screenshot

PASSWORD = "음성군-자치행정과-2023-grids"


@pytest.fixture
def site(live_server, transactional_db, django_user_model):
    """The demo plan, back in draft (a new revision), so that its figures may be edited."""
    call_command("load_demo", verbosity=0)
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    plan_start_revision(plan=WorkPlan.objects.get(), user=user)
    return live_server.url


def log_in(page, site) -> list[str]:
    """Log in; return the list that collects the page's script errors and console errors."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.goto(f"{site}{reverse('admin:login')}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}{reverse('admin:index')}")
    return problems


def demo_department() -> Department:
    return Department.objects.get(name="자치행정과")


def budget_url(site) -> str:
    grid = reverse("admin:budget_budgetline_grid")
    return f"{site}{grid}?department={demo_department().pk}&year=2023"


READ_CELLS = """() => {
  const rows = {};
  for (const cell of document.querySelectorAll('#budget-grid [data-part]')) {
    rows[cell.dataset.row] = rows[cell.dataset.row] || {};
    rows[cell.dataset.row][cell.dataset.part] = cell.textContent.trim();
  }
  const total = (id) => document.getElementById(id).textContent.trim();
  return {rows, total: [total('total-current'), total('total-previous'),
                        total('total-change-amount'), total('total-change-rate')]};
}"""

# Empty every figure the script writes, then let it write them again.
RECOMPUTE = """() => {
  const written = '#budget-grid [data-part], #budget-grid [id^=total-]';
  for (const cell of document.querySelectorAll(written)) { cell.textContent = ''; }
  document.getElementById('budget-form').dispatchEvent(new Event('input', {bubbles: true}));
}"""


def expected(current: int | None, previous: int | None) -> dict[str, str]:
    if current is None and previous is None:
        return {"amount": "-", "rate": "-"}
    change = figures.change(current or 0, previous or 0)
    return {"amount": change.format_amount(), "rate": change.format_rate()}


def expected_total(pairs) -> list[str]:
    current = figures.sum_values(c for c, _p in pairs)
    previous = figures.sum_values(p for _c, p in pairs)
    change = figures.change(current, previous)
    return [
        figures.format_number(current),
        figures.format_number(previous),
        change.format_amount(),
        change.format_rate(),
    ]


def test_the_budget_grids_live_figures_are_the_servers(page, site):
    problems = log_in(page, site)
    page.goto(budget_url(site))
    grid = budget_grid(department=demo_department(), year=2023)
    rows = {row.key: row for row in grid.stored_rows}
    assert [row.label for row in rows.values()] == [
        "행정팀", "서무팀", "군민소통팀", "대외협력팀", "예비비", "행정운영경비"
    ]  # fmt: skip
    screenshot(page, "grids-budget-1280")

    # The demo's amounts: what the script computes is what the server printed.
    page.evaluate(RECOMPUTE)
    shown = page.evaluate(READ_CELLS)
    for key, row in rows.items():
        assert shown["rows"][key] == {"amount": row.change_amount, "rate": row.change_rate}, key
    assert shown["total"] == [
        grid.total_current_text,
        grid.total_previous_text,
        grid.total_change.format_amount(),
        grid.total_change.format_rate(),
    ]
    assert shown["total"][2:] == ["△11,703,000", "△12.9%"]  # the seed's △11,703(△12.9%)

    # Edge cases typed in, each against plans.rules.figures on the same amounts.
    typed = [
        ("17", "16"),  # 6.25% → 6.3% (half up, not to even)
        ("0", "5"),  # all gone: △100.0%
        ("5", ""),  # from nothing: 순증
        ("", ""),  # nothing either year: -
        ("1", "100,000"),  # a tiny change keeps its rounded rate: 0.0%
        ("99,999,999,999", "3"),  # beyond a float's exact integers once multiplied
    ]
    pairs = []
    for (key, _row), (current, previous) in zip(rows.items(), typed, strict=True):
        page.fill(f'input[data-row="{key}"][data-col="current"]', current)
        page.fill(f'input[data-row="{key}"][data-col="previous"]', previous)
        pair = tuple(int(v.replace(",", "")) if v else None for v in (current, previous))
        pairs.append((key, pair))
    shown = page.evaluate(READ_CELLS)
    for key, (current, previous) in pairs:
        assert shown["rows"][key] == expected(current, previous), (key, current, previous)
    assert shown["total"] == expected_total([pair for _key, pair in pairs])
    assert shown["rows"][pairs[0][0]]["rate"] == "6.3%"

    # Something unreadable counts as empty, as on the server (which refuses it on save).
    key = pairs[0][0]
    page.fill(f'input[data-row="{key}"][data-col="current"]', "17천")
    assert page.evaluate(READ_CELLS)["rows"][key] == expected(None, 16)
    assert "unreadable" in page.get_attribute(
        f'input[data-row="{key}"][data-col="current"]', "class"
    )
    assert problems == []


def test_the_budget_grid_fits_a_phone(mobile_page, site):
    problems = log_in(mobile_page, site)
    mobile_page.goto(budget_url(site))
    width = mobile_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360
    # Every amount can be typed on the phone: the inputs are on the page, not scrolled off.
    for box in mobile_page.locator("#budget-grid input").all():
        bounds = box.bounding_box()
        assert bounds is not None and bounds["x"] + bounds["width"] <= 360
    screenshot(mobile_page, "grids-budget-360")
    assert problems == []


def test_the_staffing_grid_fits_1280_and_still_adds_up(page, site):
    problems = log_in(page, site)
    page.goto(
        f"{site}{reverse('admin:personnel_staffingcount_grid')}"
        f"?department={demo_department().pk}&year=2023"
    )
    widths = page.evaluate(
        """() => {
          const box = document.querySelector('.staffing-grid-scroll');
          return [document.documentElement.scrollWidth, box.scrollWidth, box.clientWidth];
        }"""
    )
    assert widths[0] <= 1280
    assert widths[1] <= widths[2], widths  # no sideways scrolling inside the grid's box either
    total = page.locator("#sum-current-all")
    before = int(total.text_content())
    first = page.locator("#staffing-grid input[data-kind=current]").first
    first.fill(str(int(first.input_value() or 0) + 2))
    assert int(total.text_content()) == before + 2
    first.fill(str(int(first.input_value()) - 2))
    screenshot(page, "grids-staffing-1280")
    assert problems == []


def test_the_people_page_fits_1280(page, site):
    problems = log_in(page, site)
    page.goto(
        f"{site}{reverse('admin:personnel_officer_people')}?department={demo_department().pk}"
    )
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280
    screenshot(page, "grids-people-1280")
    assert problems == []
