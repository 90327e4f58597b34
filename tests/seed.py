"""The seed report (../shared/seed), read the same way by every test that compares with it."""

import html as html_lib
import re
from pathlib import Path

import pytest
from django.conf import settings

SEED = Path(settings.BASE_DIR).parent / "shared" / "seed" / "000_451cbcedb508b10b.txt"

# A figure: digits with thousands separators, or digits with a decimal part (72.04, 12.9).
FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+|\d+\.\d+|\d+")


def seed_body() -> str:
    """The seed without its table of contents, whose numbers are printed-page numbers."""
    text = SEED.read_text(encoding="utf-8")
    return text[text.index("# I . 일반현황") :]


def seed_figures() -> set[str]:
    return set(FIGURE.findall(seed_body()))


def missing_figures(text: str) -> list[str]:
    """The seed's figures that do not occur in ``text``, shortest first."""
    present = set(FIGURE.findall(text))
    return sorted(seed_figures() - present, key=lambda figure: (len(figure), figure))


def page_text(html: str) -> str:
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return html_lib.unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


requires_seed = pytest.mark.skipif(
    not SEED.exists(), reason="the seed report lives in ../shared/seed"
)
