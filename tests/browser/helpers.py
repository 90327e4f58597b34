"""Helpers for the browser tests: screenshots a person can look at, and axe-core checks.

Usage in a test module under tests/browser/:

from tests.browser.helpers import format_violations, run_axe, screenshot

def test_home(page, live_server):
    page.goto(live_server.url + "/")
    screenshot(page, "home")                     # bench/out/screenshots/home.png
    violations = run_axe(page)                   # WCAG 2.1 A+AA, every impact
    assert violations == [], format_violations(violations)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = ROOT / "bench" / "out" / "screenshots"  # git-ignored (bench/out/)
AXE_SCRIPT = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

# A chromium executable; tests skip (with this path in the reason) when it is missing.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in a container: Chromium's sandbox refuses root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


def fonts_settled(page: Page) -> None:
    """Wait until a public page has switched to Pretendard GOV (static/js/webfont.js adds the
    class after the load event and the first paint) and every face its text needs has loaded,
    so that what is measured or photographed is the page as it stays."""
    page.wait_for_function("() => document.documentElement.classList.contains('webfont')")
    page.evaluate("() => document.fonts.ready")


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG of ``page`` as bench/out/screenshots/<name>.png and return its path."""
    safe = re.sub(r"[^\w.-]+", "-", name).strip("-") or "page"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{safe}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def run_axe(
    page: Page, *, context: str | None = None, disable_rules: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; return every violation, whatever its impact
    (minor and moderate as well as serious and critical).

    Checks the WCAG 2.0/2.1 level A and AA rules (tags wcag2a, wcag2aa, wcag21a, wcag21aa).
    Each violation is axe's own dict: ``id``, ``impact``, ``help``, ``helpUrl``, ``nodes``
    (each with ``target`` selectors, ``html`` and ``failureSummary``). ``context`` is an
    optional CSS selector to check only part of the page.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Compiled as a function by DevTools rather than added as a <script>, so a page's
        # Content-Security-Policy cannot block it.
        page.evaluate("() => {\n" + AXE_SCRIPT.read_text(encoding="utf-8") + "\n}")
    options = {
        "runOnly": {"type": "tag", "values": list(AXE_TAGS)},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in disable_rules},
    }
    return page.evaluate(
        """async ([context, options]) => {
            const results = await window.axe.run(context || document, options);
            return results.violations;
        }""",
        [context, options],
    )


def format_violations(violations: list[dict[str, Any]]) -> str:
    """A readable summary for an assertion message: rule, impact, help and offending nodes."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}  {node['html'][:120]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)
