"""The base classes every admin page of the portal uses, so rules that hold for all of them
(who may see and change which rows, history of changes, how text is cleaned and checked) are
written once."""

from django.contrib import admin

from plans.admin.access import ScopedAdminMixin, ScopedInlineMixin
from plans.admin.forms import TextFieldsMixin
from plans.admin.history import HistoryAdmin


class PortalAdmin(TextFieldsMixin, ScopedAdminMixin, HistoryAdmin):
    """Base of every ModelAdmin in the portal. Its change history (변경 이력, with diffs and
    revert for 검토자) comes from plans.admin.history, a simple-history ``ModelAdmin``; who
    sees and changes which rows (roles, teams, the workflow lock) from plans.admin.access;
    text inputs from plans.admin.forms (cleaned and checked as the imports do)."""


class PortalTabularInline(TextFieldsMixin, ScopedInlineMixin, admin.TabularInline):
    """Base of every tabular inline in the portal."""


class PortalStackedInline(TextFieldsMixin, ScopedInlineMixin, admin.StackedInline):
    """Base of every stacked inline in the portal."""
