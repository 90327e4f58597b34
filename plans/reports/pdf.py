"""The session report as a PDF, laid out by WeasyPrint from the same report context and the
same templates as the public plan page, with print rules of its own (report.css)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string

from plans import charts
from plans.selectors import PlanReport

REPORT_CSS = Path(__file__).with_name("report.css")
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
# Part of every cache key: bump it when report.css, the fonts or the layout change, so a cached
# PDF is never served from an older layout.
LAYOUT_VERSION = "1"
# The download is tagged (PDF/UA-1): headings, lists and tables reach a screen reader. Measured on
# the demo plan it costs about 0.15 s and a quarter more bytes than the untagged file (README).
PDF_VARIANT = "pdf/ua-1"


def report_html(report: PlanReport, *, draft: bool) -> str:
    team_names = {team.name for team in report.teams}
    return render_to_string(
        "plans/report/document.html",
        {
            "report": report,
            "draft": draft,
            "staffing_chart": charts.staffing_chart(report.staffing),
            "budget_chart": charts.budget_chart(report.budget, teams=team_names),
        },
    )


@cache
def _font_css() -> str:
    rules = [
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
        f'src: url("{path.as_uri()}"); }}'
        for family, weight, path in FONT_FACES
    ]
    return "\n".join(rules)


def html_to_pdf(html: str, *, variant: str | None = PDF_VARIANT) -> bytes:
    """Lay out the report HTML as a PDF; ``variant=None`` gives the untagged form."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    stylesheets = [
        CSS(string=_font_css(), font_config=fonts),
        CSS(filename=str(REPORT_CSS), font_config=fonts),
    ]
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(stylesheets=stylesheets, font_config=fonts, pdf_variant=variant)


def content_version(html: str) -> str:
    """A digest of what the PDF will show: any change to the plan or its parts changes the HTML
    and so the version, whichever table it was made in; nothing needs to remember to bump it."""
    digest = hashlib.sha256()
    digest.update(LAYOUT_VERSION.encode())
    digest.update(REPORT_CSS.read_bytes())
    digest.update(html.encode())
    return digest.hexdigest()[:32]


def report_pdf(report: PlanReport, *, draft: bool) -> tuple[bytes, str]:
    """The PDF and its version, rendered once per version and kept in the reports cache."""
    html = report_html(report, draft=draft)
    version = content_version(html)
    store = caches["reports"]
    key = f"report-pdf:{version}"
    pdf = store.get(key)
    if pdf is None:
        pdf = html_to_pdf(html)
        store.set(key, pdf, timeout=None)
    return pdf, version


def report_filename(report: PlanReport, extension: str) -> str:
    """2023년_자치행정과_주요업무계획(제353회_임시회).pdf"""
    session = str(report.session).replace(" ", "_")
    return f"{report.plan.year}년_{report.department.name}_주요업무계획({session}).{extension}"
