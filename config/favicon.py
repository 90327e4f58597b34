"""/favicon.ico: browsers ask for it on every site, whatever the page links, and logged a 404 for
each page here. It answers with a redirect to the icon among the static files (static/favicon.ico,
drawn by scripts/favicon.py), whose name in production carries its content's hash; so the
redirect itself is kept a day only, and a new icon reaches browsers by the next day. Pages link
static/favicon.svg (templates/base.html, templates/admin/base_site.html)."""

from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

#: How long a browser keeps the redirect (the icon itself is kept a year, by its hashed name).
MAX_AGE = 24 * 60 * 60


@require_safe
def favicon(request) -> HttpResponseRedirect:
    response = HttpResponseRedirect(static("favicon.ico"))
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
