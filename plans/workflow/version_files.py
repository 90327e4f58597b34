"""The files a published version hands out, made from what the version froze: the PDF, the
workbook and the 한글 file (HWPX) render from its frozen report, the workbook's data sheets from
its frozen document, never from the plan rows, which may be a draft again by now.

The publication's job (plans.workflow.jobs) stores each as it is made; a version published
without files (the synthetic county) gets each when it is first read (:func:`version_file`: the
downloads in plans.public.views and the session booklet). A version's files are written once:
:func:`store_file` never replaces one already there. The staff preview renders the working copy
by the same renderers (:func:`report_file`), marked 초안."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.db.models import Q

from plans.exchange.workbook.writer import report_xlsx
from plans.models import FILE_KINDS, PublishedVersion
from plans.report.context import PlanReport
from plans.report.hwpx import report_hwpx
from plans.report.pdf import report_pdf
from plans.workflow.freezing import frozen_report, published_document

#: What each file is called on the staff page and in the log, with its object particle.
FILE_NAMES = {
    "pdf": "보고서 PDF를",
    "xlsx": "엑셀 통합문서를",
    "hwpx": "한글 파일(HWPX)을",
}


def report_file(kind: str, report: PlanReport, *, document: dict, draft: bool) -> tuple[bytes, str]:
    """A file of ``report`` and its content version: the workbook's data sheets are ``document``
    (the working copy's dump for the preview, the version's frozen document for a version)."""
    if kind == "pdf":
        return report_pdf(report, draft=draft)
    if kind == "hwpx":
        return report_hwpx(report, draft=draft)
    return report_xlsx(report, document=document, draft=draft)


def _pdf(report: PlanReport, version: PublishedVersion) -> bytes:
    return report_file("pdf", report, document={}, draft=False)[0]


def _xlsx(report: PlanReport, version: PublishedVersion) -> bytes:
    document = published_document(
        PublishedVersion.objects.only("document", "published_at").get(pk=version.pk)
    )
    return report_file("xlsx", report, document=document, draft=False)[0]


def _hwpx(report: PlanReport, version: PublishedVersion) -> bytes:
    return report_file("hwpx", report, document={}, draft=False)[0]


#: The renderer of each kind of file, ``(frozen report, version) → bytes``.
RENDERERS: dict[str, Callable[[PlanReport, PublishedVersion], bytes]] = {
    "pdf": _pdf,
    "xlsx": _xlsx,
    "hwpx": _hwpx,
}


def render_file(version: PublishedVersion, kind: str, report: PlanReport | None = None) -> bytes:
    """The version's file of ``kind`` made from its frozen report (``report`` if already read)."""
    if report is None:
        report = frozen_report(version).report
    return RENDERERS[kind](report, version)


def keep_file(version: models.Model, kind: str, data: bytes) -> None:
    """Keep ``data`` as the version's file of ``kind`` unless one is stored already (two
    renders racing: the first stays). ``version`` is any record of what was published with
    its files as columns: a plan's version, a 추진실적 보고본 (plans.workflow.progress_files)."""
    type(version)._default_manager.filter(pk=version.pk, **{f"{kind}__isnull": True}).update(
        **{kind: data}
    )


def store_file(version: models.Model, kind: str, data: bytes) -> bytes:
    """:func:`keep_file`, then the file the version now has."""
    keep_file(version, kind, data)
    return stored_file(version, kind)


def version_file(version: PublishedVersion, kind: str, report: PlanReport | None = None) -> bytes:
    """The version's file of ``kind`` as stored, or made once from its frozen report
    (``report`` if already read) and kept."""
    data = stored_file(version, kind)
    if data is None:
        data = store_file(version, kind, render_file(version, kind, report))
    return data


def stored_files(versions: list[models.Model], kind: str) -> dict[int, bytes]:
    """The stored files of ``kind`` of many versions (of one model) by pk, in one query; a
    version without one is left out."""
    if not versions:
        return {}
    rows = (
        type(versions[0])
        ._default_manager.filter(pk__in=[v.pk for v in versions], **{f"{kind}__isnull": False})
        .values_list("pk", kind)
    )
    return {pk: bytes(data) for pk, data in rows}


def stored_file(version: models.Model, kind: str) -> bytes | None:
    manager = type(version)._default_manager
    data = manager.filter(pk=version.pk).values_list(kind, flat=True).get()
    return None if data is None else bytes(data)


def missing_kinds(version: PublishedVersion) -> list[str]:
    """The kinds of file the version has not stored yet, in the order they are made."""
    present = files_present(version.pk)
    return [kind for kind in FILE_KINDS if not present[kind]]


def files_present(
    version_pk: int,
    *,
    model: type[models.Model] = PublishedVersion,
    kinds: tuple[str, ...] = FILE_KINDS,
) -> dict[str, bool]:
    """Which of the version's files are stored, in one query that reads none of them."""
    return files_present_of([version_pk], model=model, kinds=kinds)[version_pk]


def files_present_of(
    version_pks: list[int],
    *,
    model: type[models.Model] = PublishedVersion,
    kinds: tuple[str, ...] = FILE_KINDS,
) -> dict[int, dict[str, bool]]:
    """:func:`files_present` of many versions (of one model) by pk, in one query."""
    rows = (
        model._default_manager.filter(pk__in=version_pks)
        .order_by()
        .values("pk", **{f"has_{kind}": Q(**{f"{kind}__isnull": False}) for kind in kinds})
    )
    return {row["pk"]: {kind: bool(row[f"has_{kind}"]) for kind in kinds} for row in rows}
