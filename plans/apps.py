from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("업무계획")

    def ready(self):
        # Every text field of the portal's models refuses control characters (plans.rules.text).
        from django.apps import apps

        from personnel.roles import PORTAL_APPS
        from plans.rules.validators import refuse_control_characters

        # The worker learns the publication's job, the 추진실적 보고본's and the booklets'.
        from plans.workflow import booklet_jobs, jobs, progress_jobs  # noqa: F401

        for label in PORTAL_APPS:
            for model in apps.get_app_config(label).get_models():
                refuse_control_characters(model)
