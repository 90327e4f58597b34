from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivicConfig(AppConfig):
    name = "civic"
    verbose_name = _("주민참여·자치")
