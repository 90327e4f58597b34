"""The answer that carries a report file (PDF, workbook, 한글 file): its content type, its Korean
file name, and whether the browser shows it or saves it. Every download of the public site goes
through here: a plan's editions, a 추진실적 보고본, the session booklets, and the staff previews
of them."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from plans.exchange.workbook.writer import CONTENT_TYPE as XLSX_CONTENT_TYPE
from plans.report.hwpx import CONTENT_TYPE as HWPX_CONTENT_TYPE

CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": XLSX_CONTENT_TYPE, "hwpx": HWPX_CONTENT_TYPE}
# Files a browser saves rather than shows.
ATTACHMENTS = frozenset({"xlsx", "hwpx"})


def file_response(data: bytes, kind: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=kind in ATTACHMENTS, filename=filename
    )
    response["Content-Length"] = str(len(data))
    return response
