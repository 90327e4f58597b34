from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from config import health
from config.favicon import favicon
from config.login import StaffLoginForm
from plans.opendata import views as opendata_views
from plans.opendata.urls import api_urls

admin.site.site_header = _("업무계획 포털 관리")
admin.site.site_title = _("업무계획 포털")
admin.site.index_title = _("업무계획 관리")
# Tells a login without staff status why it cannot enter, once its password is right.
admin.site.login_form = StaffLoginForm

# A lost database answers 503 with its own page, any other error the 500 page (config/errors.py).
handler500 = "config.errors.portal_server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    # Open data: the read-only API (django-ninja) and the 공공데이터 page with its feeds.
    # Before the API's own root, which django-ninja answers 404 outside DEBUG.
    path("api/", RedirectView.as_view(pattern_name="opendata:guide")),
    path("api/", api_urls),
    path("api/<path:rest>", opendata_views.no_service),
    path("opendata/", include("plans.opendata.urls")),
    path("", include("plans.public.urls")),
]
