"""Every response carries the Content-Security-Policy and the other security headers, and no
page has the inline script or style that the policy would block. The one inline script, the
public pages' switch to the web font (templates/webfont-switch.js), runs because the policy lists
the digest of its text as the page carries it."""

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from plans.models import TaskCard, WorkPlan

pytestmark = pytest.mark.django_db

EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "<the font switch's digest>"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

#: What a Content-Security-Policy without 'unsafe-inline' blocks: an inline <script> (a JSON data
#: block is not run, so it may stay), a <style> element, a style attribute, an event handler
#: attribute, a javascript: URL.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>"
    r"|<style\b|\sstyle=|\son[a-z]+\s*=|javascript:",
    re.IGNORECASE,
)


INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
FONT_SWITCH_TAG = '<script>{% include "webfont-switch.js" %}</script>'


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def policy(response) -> dict[str, list[str]]:
    """The policy with the font switch's digest named rather than spelled out."""
    found = directives(response)
    if "script-src" in found:
        found["script-src"] = [
            "<the font switch's digest>" if value.startswith("'sha256-") else value
            for value in found["script-src"]
        ]
    return found


def digest(script: str) -> str:
    """The source expression a browser matches an inline script's text against."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"


def test_the_font_switch_runs_by_its_digest_and_is_the_pages_only_inline_script(client):
    response = client.get("/")
    html = response.content.decode()
    scripts = INLINE_SCRIPT.findall(html)
    assert len(scripts) == 1
    assert 'classList.add("webfont")' in scripts[0]
    assert directives(response)["script-src"] == ["'self'", digest(scripts[0])]
    assert INLINE.findall(INLINE_SCRIPT.sub("", html)) == []


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),  # public
        ("/search/?q=주민자치", 200),
        ("/admin/login/", 200),  # the admin
        ("/no-such-page/", 404),  # an error page
    ],
)
def test_every_page_has_the_policy_and_security_headers(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert policy(response) == EXPECTED_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_admin_pages_have_the_policy_and_no_inline_script_or_style(admin_client, world):
    card = TaskCard.objects.get(pk=world.card.pk)
    grid = reverse("admin:personnel_staffingcount_grid")
    for url in (
        reverse("admin:index"),
        reverse("admin:plans_taskcard_change", args=[card.pk]),  # every inline, 소요예산 too
        reverse("admin:plans_workplan_change", args=[WorkPlan.objects.get().pk]),
        f"{grid}?department={world.department.pk}&year=2023",
        reverse("admin:plans_taskcard_import"),
        reverse("admin:plans_workplan_import_workbook"),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert policy(response) == EXPECTED_POLICY, url
        html = response.content.decode()
        assert INLINE.findall(html) == [], url


def test_no_template_has_inline_script_or_style():
    """Pages the tests do not open are held to the policy too."""
    roots = [Path(root) for root in settings.TEMPLATES[0]["DIRS"]]
    offending = {
        str(path.relative_to(settings.BASE_DIR)): INLINE.findall(text)
        for root in roots
        for path in root.rglob("*.html")
        for text in [path.read_text(encoding="utf-8").replace(FONT_SWITCH_TAG, "")]
    }
    assert {path: found for path, found in offending.items() if found} == {}
