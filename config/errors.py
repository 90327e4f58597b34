"""The server error page, and its one exception: a database that cannot be reached.

Every public page reads the database (at least the plan's version), so without it nothing can
be served; that is an outage, not a bug. Django hands every uncaught exception to ``handler500``
while it is being handled, wherever it was raised (a view, a middleware reading the session),
so this is the one place to tell the two apart: a lost database answers 503 with a Korean page
and ``Retry-After`` (the load balancer's /healthz says 503 too), anything else the usual 500.
Neither page shows a stack trace; the error is logged by Django as always."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error

# Seconds a browser or crawler should wait before asking again.
RETRY_AFTER = 30


def database_unreachable() -> bool:
    error = sys.exc_info()[1]
    return isinstance(error, OperationalError | InterfaceError)


@requires_csrf_token
def portal_server_error(request):
    if not database_unreachable():
        return server_error(request)
    # Rendered without a request context: context processors might read the database.
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response
