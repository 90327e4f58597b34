"""The portal's admin site: Django's, with the front page starting from the work and the
registers in the order a clerk looks for them.

- The front page (``index``) asks every registered ModelAdmin that has a
  ``front_page_context(request)`` for what it puts above the registers; the plans app's
  WorkPlanAdmin answers with the user's plans and what needs the user now
  (plans.admin.workspace). The site does not import the plans app's admin: that package
  registers its ModelAdmins on this site as it is imported, so the site is built first.
- The registers (the app list, also the navigation sidebar of every page) put 업무계획 first and
  the login throttling's records (로그인 잠금) last: they matter to a superuser on a bad day, not
  to a clerk every day. Django's own order is alphabetical, which put 로그인 잠금 first."""

from django.contrib import admin

#: Apps in this order first; the others follow alphabetically, then LAST_APPS.
FIRST_APPS = ("plans", "personnel", "budget", "civic")
LAST_APPS = ("axes",)


def app_rank(app: dict) -> tuple:
    label = app["app_label"]
    if label in FIRST_APPS:
        return (0, FIRST_APPS.index(label), "")
    if label in LAST_APPS:
        return (2, LAST_APPS.index(label), "")
    return (1, 0, str(app["name"]).lower())


class PortalAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        return sorted(super().get_app_list(request, app_label), key=app_rank)

    def index(self, request, extra_context=None):
        context = {}
        for model_admin in self._registry.values():
            contribute = getattr(model_admin, "front_page_context", None)
            if contribute is not None:
                context.update(contribute(request))
        return super().index(request, {**context, **(extra_context or {})})
