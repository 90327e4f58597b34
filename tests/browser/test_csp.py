"""The Content-Security-Policy in a real browser: on the demo plan, the public pages and the
admin pages staff use (a task card with its inlines and autocompletes, the staffing grid with its
live sums, a plan, the imports) load with no violation in the console, and the staffing grid's
script, now a static file, still adds up as one types.

Every test saves a screenshot under bench/out/screenshots/csp-*.png."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.urls import reverse

from personnel.models import Department
from plans.models import TaskCard, WorkPlan
from plans.workflow.services import plan_start_revision
from tests.browser.helpers import screenshot

PASSWORD = "음성군-자치행정과-2023"
PLAN_PATH = quote("/plans/2023/자치행정과/")

# Collects every violation the page reports, whether or not the console shows it.
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  const target = event.target && event.target.outerHTML ? event.target.outerHTML : '';
  window.__cspViolations.push(
    `${event.violatedDirective} at ${event.sourceFile}:${event.lineNumber} ${target.slice(0, 160)}`
  );
}, true);
"""


@pytest.fixture
def site(live_server, transactional_db, django_user_model):
    call_command("load_demo", verbosity=0)
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    return live_server.url


@pytest.fixture
def editable(site, django_user_model):
    """The demo plan back in draft (a new revision), so the admin shows its editing widgets."""
    plan = WorkPlan.objects.get()
    plan_start_revision(plan=plan, user=django_user_model.objects.get(username="editor"))
    return site


@pytest.fixture
def watched(page):
    """The page, with every CSP violation and console error collected in ``page.problems``."""
    problems: list[str] = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            problems.append(message.text)

    page.context.add_init_script(LISTEN)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.problems = problems
    return page


def violations(page) -> list[str]:
    return page.problems + page.evaluate("() => window.__cspViolations || []")


def log_in(page, site):
    page.goto(f"{site}{reverse('admin:login')}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}{reverse('admin:index')}")


def test_public_pages_load_with_no_violation(watched, site):
    page = watched
    for name, path in (
        ("home", "/"),
        ("plan", PLAN_PATH),
        ("card", PLAN_PATH + "IV-7/"),
        ("search", "/search/?q=" + quote("주민자치")),
        ("404", "/no-such-page/"),
    ):
        response = page.goto(site + path)
        assert response is not None
        assert response.status == (404 if name == "404" else 200), path
        assert response.headers.get("content-security-policy"), path
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path
        screenshot(page, f"csp-public-{name}", full_page=False)


def test_admin_pages_load_with_no_violation(watched, editable):
    page, site = watched, editable
    log_in(page, site)
    card = TaskCard.objects.order_by("pk").first()
    page.goto(site + reverse("admin:plans_taskcard_change", args=[card.pk]))
    # Use the admin's own scripts: an autocomplete (select2) and a new inline row.
    page.locator(".select2-selection").first.click()
    page.wait_for_selector(".select2-results__option")
    page.keyboard.press("Escape")
    page.locator(".add-row a:visible").first.click()
    assert violations(page) == []
    screenshot(page, "csp-admin-task-card", full_page=False)

    for name, url in (
        ("plan", reverse("admin:plans_workplan_change", args=[WorkPlan.objects.get().pk])),
        ("taskcard-import", reverse("admin:plans_taskcard_import")),
        ("workbook-import", reverse("admin:plans_workplan_import_workbook")),
        ("users", reverse("admin:auth_user_changelist")),
    ):
        page.goto(site + url)
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], name


def test_the_staffing_grid_adds_up_with_its_script_from_a_file(watched, editable):
    page, site = watched, editable
    log_in(page, site)
    department = Department.objects.get(name="자치행정과")
    url = reverse("admin:personnel_staffingcount_grid")
    page.goto(f"{site}{url}?department={department.pk}&year=2023")
    total = page.locator("#sum-current-all")
    assert total.text_content() == "30"
    first = page.locator("#staffing-grid input[data-kind=current]").first
    first.fill(str(int(first.input_value() or 0) + 5))
    assert total.text_content() == "35"
    assert violations(page) == []
    screenshot(page, "csp-admin-staffing-grid", full_page=False)
