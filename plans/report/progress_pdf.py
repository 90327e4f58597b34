"""The 추진실적 report as a PDF: laid out by WeasyPrint with the plan's print rules
(report.css: A4, the running header with the department, the page number as "- 3 -" in the
footer, the cover on a page of its own) from the same body template as the public page, so the
two print the same rows. A draft is marked 초안 across every page, as the plan's draft is."""

from __future__ import annotations

from django.template.loader import render_to_string

from plans.report.pdf import cached_pdf
from plans.report.progress_report import ProgressReport


def progress_html(report: ProgressReport, *, draft: bool) -> str:
    return render_to_string(
        "plans/progress/document.html",
        {"report": report, "draft": draft, "for_print": True},
    )


def progress_pdf(report: ProgressReport, *, draft: bool) -> bytes:
    """The PDF, rendered once per content and kept in the reports cache."""
    return cached_pdf(progress_html(report, draft=draft), "progress-pdf")[0]


def progress_filename(report: ProgressReport, extension: str) -> str:
    """2023년_자치행정과_상반기_주요업무_추진실적(제358회_정례회).pdf"""
    cover = report.cover
    session = f"({cover.session.name})" if cover.session else ""
    name = f"{cover.year}년 {cover.department} {cover.period_label} 주요업무 추진실적{session}"
    return f"{name.replace(' ', '_')}.{extension}"
