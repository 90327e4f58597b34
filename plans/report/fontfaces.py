"""The fonts the report PDF is set in (plans.report.typesetting), which a report assembled
from parts embeds once each (plans.report.fontsubset)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor"
# Fonts are the OTF files: WeasyPrint subsets them ~10× faster than the web woff2 files. Every
# font comes from the repository, so the PDF looks the same on every machine; DejaVu Sans covers
# the few symbols Pretendard GOV lacks (⇨, ▣).
FONT_FACES = [
    ("Pretendard GOV", 400, VENDOR / "pretendard-gov/otf/PretendardGOV-Regular.otf"),
    ("Pretendard GOV", 600, VENDOR / "pretendard-gov/otf/PretendardGOV-SemiBold.otf"),
    ("Pretendard GOV", 700, VENDOR / "pretendard-gov/otf/PretendardGOV-Bold.otf"),
    ("Report Symbols", 400, VENDOR / "dejavu/DejaVuSans.ttf"),
]
