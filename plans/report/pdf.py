"""The plan's report and the 추진실적 report as PDFs, kept in the reports cache once per content
version, and their file names. The layout is plans.report.typesetting's (WeasyPrint); the
plan's report is laid out in parts and assembled (plans.report.parts), from the same report
context and templates as the public plan page (plans.report.document)."""

from __future__ import annotations

from plans.report import parts
from plans.report.context import PlanReport
from plans.report.document import report_html
from plans.report.filecache import kept
from plans.report.typesetting import (
    LAYOUT_VERSION,
    PDF_VARIANT,
    REPORT_CSS,
    content_version,
    html_to_pdf,
)

# What the rest of the portal reads from here: the report's HTML and its layout, besides the
# cached files below.
__all__ = [
    "LAYOUT_VERSION",
    "PDF_VARIANT",
    "REPORT_CSS",
    "cached_pdf",
    "content_version",
    "html_to_pdf",
    "plan_filename",
    "report_filename",
    "report_html",
    "report_pdf",
]


def report_pdf(report: PlanReport, *, draft: bool) -> tuple[bytes, str]:
    """The PDF and its version, assembled once per version from parts laid out once per
    content (plans.report.parts) and kept in the reports cache."""
    laid = parts.report_parts(report, draft=draft)
    # The parts' HTML is the report's (what the PDF shows), so its digest is the version.
    version = content_version(laid.text)
    return kept(f"report-pdf:{version}", lambda: parts.assemble_parts(laid)), version


def cached_pdf(html: str, prefix: str) -> tuple[bytes, str]:
    """``html`` laid out once per content version and kept in the reports cache under
    ``prefix``, with that version: a PDF laid out in one go (the 추진실적 report; the plan's
    report is laid out in parts by report_pdf)."""
    version = content_version(html)
    return kept(f"{prefix}:{version}", lambda: html_to_pdf(html)), version


def report_filename(report: PlanReport, extension: str) -> str:
    """2023년_자치행정과_주요업무계획(제353회_임시회).pdf"""
    return plan_filename(report.plan.year, report.department.name, report.session.name, extension)


def plan_filename(year: int, department: str, session: str, extension: str) -> str:
    """The file name of a plan's report or workbook from its year, department name and
    session name."""
    return f"{year}년_{department}_주요업무계획({session.replace(' ', '_')}).{extension}"
