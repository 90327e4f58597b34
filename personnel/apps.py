from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonnelConfig(AppConfig):
    name = "personnel"
    verbose_name = _("조직·인력")
