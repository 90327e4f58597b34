"""The files of a published 추진실적 보고본, the PDF and the workbook, made from the report the
version froze (plans.report.progress_report.frozen_progress), never from the entries, which may
be written again by now.

Publishing a period stores the version without them and queues their rendering
(plans.workflow.progress_jobs); a version whose job has not run yet, or failed, or which was
published without a job (the demo's document, the synthetic county), gets each file when it is
first downloaded (:func:`progress_file`). Either way a file is written once: :func:`store_file`
never replaces one already there (plans.models.progress_publication fills them once)."""

from __future__ import annotations

from collections.abc import Callable

from plans.exchange.workbook.progress_report_writer import progress_xlsx
from plans.models import PublishedProgress
from plans.report.progress_pdf import progress_pdf
from plans.report.progress_report import ProgressReport, frozen_progress
from plans.workflow.version_files import files_present, store_file, stored_file

#: The kinds of file a 보고본 hands out, in the order they are made.
PROGRESS_FILE_KINDS = ("pdf", "xlsx")


def _pdf(report: ProgressReport, version: PublishedProgress) -> bytes:
    return progress_pdf(report, draft=False)


def _xlsx(report: ProgressReport, version: PublishedProgress) -> bytes:
    return progress_xlsx(report, draft=False, published_at=version.published_at)


#: The renderer of each kind of file, ``(frozen report, version) → bytes``.
RENDERERS: dict[str, Callable[[ProgressReport, PublishedProgress], bytes]] = {
    "pdf": _pdf,
    "xlsx": _xlsx,
}


def render_file(version: PublishedProgress, kind: str) -> bytes:
    """The version's file of ``kind`` made from its frozen report."""
    return RENDERERS[kind](frozen_progress(version), version)


def progress_file(version: PublishedProgress, kind: str) -> bytes:
    """The version's file of ``kind`` as stored, or made once from its frozen report and
    kept."""
    data = stored_file(version, kind)
    if data is None:
        data = store_file(version, kind, render_file(version, kind))
    return data


def missing_kinds(version_pk: int) -> list[str]:
    """The kinds of file the version has not stored yet, in one query that reads none of
    them."""
    present = files_present(version_pk, model=PublishedProgress, kinds=PROGRESS_FILE_KINDS)
    return [kind for kind in PROGRESS_FILE_KINDS if not present[kind]]
