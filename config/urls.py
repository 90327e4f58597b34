from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config import health

admin.site.site_header = _("업무계획 포털 관리")
admin.site.site_title = _("업무계획 포털")
admin.site.index_title = _("업무계획 관리")

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("plans.public.urls")),
]
