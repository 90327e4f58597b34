"""``/healthz``: the load balancer's health check, and the trivial view the benchmark measures
as the ceiling of a request through the whole stack (middleware, one database round trip).

It names what the app server depends on, one line each. The database is the one thing the
portal cannot serve without: without it the answer is 503 and the load balancer takes the
server out. A cache that is down (Redis, the reports directory) only makes pages slower, since
every cached thing is made again from the database (config.cache): the server stays in with
200, and the body says ``degraded`` and which cache, for whoever watches."""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.cache import cache_health


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        database = "unavailable"
    else:
        database = "ok"
    caches = cache_health()
    lines = [f"database: {database}", *(f"cache {name}: {state}" for name, state in caches.items())]
    if database != "ok":
        status, code = "unavailable", 503
    elif any(state != "ok" for state in caches.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    body = "\n".join([status, *lines]) + "\n"
    return HttpResponse(body, status=code, content_type="text/plain; charset=utf-8")
