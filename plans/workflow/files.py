"""A published version's files (PDF, workbook, 한글 file): the bytes stored at publication, or,
for a version published without them (the synthetic county, a render that failed), rendered
once from its frozen report and document and kept, never from the plan rows, which may be a
draft by now. The downloads and the session booklet read them through here."""

from __future__ import annotations

from plans.exchange.workbook.writer import report_xlsx
from plans.models import PublishedVersion
from plans.report.context import PlanReport
from plans.report.hwpx import report_hwpx
from plans.report.pdf import report_pdf
from plans.workflow.freezing import published_document


def render_file(kind: str, report: PlanReport, *, document: dict, draft: bool) -> tuple[bytes, str]:
    """A file of ``report`` and its content version: the workbook's data sheets are ``document``
    (the working copy's dump for the preview, the version's frozen document for a version)."""
    if kind == "pdf":
        return report_pdf(report, draft=draft)
    if kind == "hwpx":
        return report_hwpx(report, draft=draft)
    return report_xlsx(report, document=document, draft=draft)


def version_file(version: PublishedVersion, kind: str, report: PlanReport) -> bytes:
    """The version's ``kind`` file as stored, filled once from ``report`` (the version's frozen
    report) when the version has none. The update fills an empty column only: a version is
    never rewritten (PublishedVersion.FILL_ONCE_FIELDS)."""
    data = PublishedVersion.objects.filter(pk=version.pk).values_list(kind, flat=True).get()
    if data is None:
        document = published_document(
            PublishedVersion.objects.only("document", "published_at").get(pk=version.pk)
        )
        data, _ = render_file(kind, report, document=document, draft=False)
        PublishedVersion.objects.filter(pk=version.pk, **{f"{kind}__isnull": True}).update(
            **{kind: data}
        )
    return bytes(data)
