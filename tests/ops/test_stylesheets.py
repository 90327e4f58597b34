"""The public pages' stylesheet (issue 17, item 7): static/build/site.css holds what
scripts/build_css.py makes of the vendored Pretendard GOV and KRDS and of the portal's own rules,
the pages link it alone (one render-blocking request) and ask for no font before their first
paint (static/js/webfont.js switches Pretendard GOV on after it; tests/browser/test_webfont.py),
and the admin links none of it."""

import re
import runpy

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

pytestmark = pytest.mark.django_db

STATIC = settings.BASE_DIR / "static"
BUILD = runpy.run_path(str(settings.BASE_DIR / "scripts" / "build_css.py"))
SITE_CSS = STATIC / "build" / "site.css"
FONT_SOURCE = STATIC / "vendor" / "pretendard-gov" / "web" / "pretendard-gov-dynamic-subset.css"


def rules_of(css: str) -> list[str]:
    return [line for line in css.splitlines() if "{" in line and not line.startswith("@")]


def test_the_committed_stylesheets_are_what_the_build_makes():
    for path, text in BUILD["outputs"]().items():
        assert path.read_text(encoding="utf-8") == text, f"make css: {path.name} is out of date"


def test_the_stylesheet_is_the_font_faces_then_krds_then_the_portals_rules():
    css = SITE_CSS.read_text(encoding="utf-8")
    font = BUILD["build_font"]()
    krds = BUILD["build_krds"](BUILD["Used"](BUILD["CONTENT"]))
    portal = (STATIC / "css" / "portal.css").read_text(encoding="utf-8")
    assert css.startswith(font)
    assert css[len(font) :].startswith(krds)
    assert css.endswith(portal)
    assert len(css) < len(font) + len(krds) + len(portal) + 100


def test_krds_keeps_the_rules_of_the_pages_elements_and_drops_unused_components():
    css = BUILD["build_krds"](BUILD["Used"](BUILD["CONTENT"]))
    source = (STATIC / "vendor" / "krds" / "css" / "component" / "output.css").read_text()
    assert css.startswith("/*! KRDS (krds-uiux 1.1.0, ISC licence")
    selectors = {line.split("{")[0] for line in rules_of(css)}
    assert "html{font-size:var(--krds-font-size-base)}" in css  # 1rem = 10px, as portal.css counts
    assert "h1,h2,h3,h4,h5,h6,strong" in selectors  # <h{{ level }}> in card.html
    assert ".sr-only,caption" in selectors
    # A component no page uses, and a selector list cut to the members that can match.
    assert ".krds-btn" in source and ".krds-btn" not in css
    assert "input[type=tel]" in source and "input[type=tel]" not in css
    # Every custom property read is defined; none is defined that nothing reads.
    defined = set(re.findall(r"(--krds-[A-Za-z0-9_-]+):", css))
    read = set(re.findall(r"var\((--krds-[A-Za-z0-9_-]+)", css))
    portal = (STATIC / "css" / "portal.css").read_text(encoding="utf-8")
    read_by_portal = set(re.findall(r"var\((--krds-[A-Za-z0-9_-]+)", portal))
    assert read | read_by_portal == defined
    assert len(css) < len(source) / 50


def test_the_font_stylesheet_keeps_every_slice_of_krds_two_weights():
    css = BUILD["build_font"]()
    source = FONT_SOURCE.read_text(encoding="utf-8")
    assert "Open Font License" in css
    built = re.findall(r"src:url\(\.\./(vendor/[^)]+)\)", css)
    vendored = re.findall(r"src: url\(\./([^)]+)\)", source)
    wanted = [name for name in vendored if not name.split("/")[-1].startswith("PretendardGOV-Semi")]
    assert sorted(built) == sorted(f"vendor/pretendard-gov/web/{name}" for name in wanted)
    slices = len(set(re.findall(r"subset\.(\d+)\.woff2", source)))
    assert len(built) == 2 * slices
    assert {weight: css.count(f"font-weight:{weight}") for weight in ("400", "600", "700")} == {
        "400": slices,
        "600": 0,
        "700": slices,
    }
    assert all((STATIC / path).exists() for path in built)
    assert css.count("unicode-range:") == len(built)


def test_no_rule_asks_for_a_weight_without_its_font():
    """Every font-weight the pages' rules set is one of the two the stylesheet has faces for
    (KRDS's tokens, 400 and 700), so no text waits for a third set of slices."""
    css = SITE_CSS.read_text(encoding="utf-8")
    rules = css[len(BUILD["build_font"]()) :]
    weights = set(re.findall(r"font-weight:\s*([^;}\s]+)", rules))
    tokens = {"var(--krds-font-weight-bold)", "var(--krds-font-weight-regular)"}
    assert weights <= {"400", "700", "inherit", "bold", "normal", *tokens}
    assert "--krds-font-weight-bold:700" in rules and "--krds-font-weight-regular:400" in rules
    assert "600" not in weights


def test_the_pages_link_the_built_stylesheet_alone_and_the_font_switch(client):
    html = client.get(reverse("plans:home")).content.decode()
    blocking = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
    assert blocking == [static("build/site.css")]
    assert f'<link rel="stylesheet" href="{static("css/print.css")}" media="print">' in html
    assert "vendor/krds" not in html and "dynamic-subset" not in html
    # No font is preloaded: the faces are fetched after the first paint.
    assert 'rel="preload"' not in html
    assert f'<script src="{static("js/webfont.js")}" defer></script>' in html


def test_the_admin_links_no_krds(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "krds" not in html and "pretendard-gov" not in html
