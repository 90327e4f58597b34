"""The portal's icon: the public pages and the admin link it, /favicon.ico answers (a redirect
to the static file) instead of the 404 that browsers logged on every page, and the committed
icons are the ones scripts/favicon.py draws."""

import runpy

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.test import override_settings
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db

STATIC = settings.BASE_DIR / "static"
SCRIPT = settings.BASE_DIR / "scripts" / "favicon.py"


def test_favicon_ico_redirects_to_the_icon_among_the_static_files(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("favicon.ico")
    assert "max-age=86400" in response["Cache-Control"]
    assert client.post("/favicon.ico").status_code == 405


def test_both_icons_are_served(client):
    # Served as in production: by WhiteNoise, here from static/ (tests collect no files).
    with override_settings(WHITENOISE_USE_FINDERS=True):
        icon = client.get("/favicon.ico", follow=True)
        vector = client.get(static("favicon.svg"))
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content) == (STATIC / "favicon.ico").read_bytes()
    assert vector.status_code == 200
    assert vector["Content-Type"].startswith("image/svg+xml")


def test_the_public_pages_and_the_admin_link_the_icon(client, admin_client):
    pages = {
        "home": client.get(reverse("plans:home")),
        "admin login": client.get(reverse("admin:login")),
        "admin index": admin_client.get(reverse("admin:index")),
        "admin list": admin_client.get(reverse("admin:plans_workplan_changelist")),
    }
    vector = f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">'
    icon = f'<link rel="icon" href="{static("favicon.ico")}" sizes="32x32">'
    for name, response in pages.items():
        html = response.content.decode()
        assert vector in html, name
        assert icon in html, name


def test_the_committed_icons_are_the_drawn_ones():
    drawing = runpy.run_path(str(SCRIPT))
    assert (STATIC / "favicon.svg").read_text(encoding="utf-8") == drawing["svg"]()
    with Image.open(STATIC / "favicon.ico") as icon:
        assert icon.info["sizes"] == {(16, 16), (32, 32), (48, 48)}
        icon.size = (32, 32)
        pixels = icon.convert("RGB")
        assert pixels.getpixel((2, 16)) == (0x25, 0x6E, 0xF4)  # the blue around the page
        assert pixels.getpixel((16, 8)) == (0xFF, 0xFF, 0xFF)  # the page
