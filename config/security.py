"""The security baseline's own pieces (README: 보안): the page a locked-out login sees, and the
refusal of a request body too large to be a spreadsheet upload. Everything else is settings."""

from __future__ import annotations

import math

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plans.exchange.cells import too_large_message


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a Korean page saying how long to wait and whom to ask, with
    status 429 (Too Many Requests) so that scripts and monitoring see what happened."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": minutes,
    }
    return render(request, "axes/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


class RequestSizeLimitMiddleware:
    """Refuse a request whose body is larger than ``REQUEST_MAX_BYTES`` with a Korean page
    (status 413) before anything reads it. Without this Django streams any size of upload to
    a temporary file (the CSRF check reads the body of every POST, logged in or not) before a
    form's own size check could refuse it. Files up to the limit still reach the import forms,
    which refuse what is over ``SPREADSHEET_MAX_BYTES`` with a message beside the field; both
    say it in the same words (plans.exchange.cells.too_large_message)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # as Django reads it: no body
        if length > settings.REQUEST_MAX_BYTES:
            context = {"message": too_large_message(length)}
            return render(request, "413.html", context, status=413)
        return self.get_response(request)
