"""The 공공데이터 page (what the API offers and how to call it) and the iCalendar download.
The API itself is plans.opendata.api; the Atom feed plans.opendata.feeds."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from plans.opendata.calendar import UNDATED_NOTE, calendar_bytes
from plans.opendata.editions import Selection, editions
from plans.opendata.envelope import (
    DEFAULT_ROWS,
    MAX_ROWS,
    RESULT_MESSAGES,
    ResultCode,
    answer,
    to_json,
    to_xml,
)
from plans.opendata.tables import TABLES


@require_safe
def guide(request):
    tables = [
        {
            "name": name,
            "title": title,
            "url": reverse(f"opendata-api:{name}"),
            "csv": reverse(f"opendata-api:{name}_csv"),
        }
        for name, (title, _build) in TABLES.items()
    ]
    return render(
        request,
        "opendata/guide.html",
        {
            "tables": tables,
            "codes": [(code.value, message) for code, message in RESULT_MESSAGES.items()],
            "default_rows": DEFAULT_ROWS,
            "max_rows": MAX_ROWS,
            "undated_note": UNDATED_NOTE,
        },
    )


@require_safe
def calendar(request):
    base_url = request.build_absolute_uri("/").rstrip("/")
    body = calendar_bytes(editions(Selection()), base_url=base_url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="workplan.ics"'
    return response


def no_service(request, rest: str):
    """An address under /api/ that names no operation: the portal's code 12 in the envelope,
    so a client reads the same shape whatever it asked."""
    tree = answer(ResultCode.NO_SERVICE, f"'{rest}': 없는 오픈API 서비스입니다.")
    if request.GET.get("resultType") == "xml":
        return HttpResponse(to_xml(tree), status=404, content_type="application/xml; charset=utf-8")
    return HttpResponse(to_json(tree), status=404, content_type="application/json; charset=utf-8")
