"""Django's admin app with the portal's site (config.admin_site) as the default one, as Django's
documentation overrides the default admin site: INSTALLED_APPS names this class instead of
"django.contrib.admin", and ``admin.site`` everywhere is a PortalAdminSite."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "config.admin_site.PortalAdminSite"
