"""The base classes every admin page of the portal uses, so rules that hold for all of them
(who may see and change which rows, history of changes) are written once."""

from django.contrib import admin


class PortalAdmin(admin.ModelAdmin):
    """Base of every ModelAdmin in the portal."""


class PortalTabularInline(admin.TabularInline):
    """Base of every tabular inline in the portal."""


class PortalStackedInline(admin.StackedInline):
    """Base of every stacked inline in the portal."""
