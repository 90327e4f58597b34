"""The base classes every admin page of the portal uses, so rules that hold for all of them
(who may see and change which rows, history of changes, how text is cleaned and checked, 순서
fields that fill themselves, the way back to a plan's page) are written once."""

from django.contrib import admin

from plans.admin.access import ScopedAdminMixin, ScopedInlineMixin
from plans.admin.carried import clear_on_edit
from plans.admin.forms import TextFieldsMixin
from plans.admin.history import HistoryAdmin
from plans.admin.hub import HubReturnMixin
from plans.admin.ordering import auto_order_form, auto_order_formset


class PortalAdmin(TextFieldsMixin, ScopedAdminMixin, HubReturnMixin, HistoryAdmin):
    """Base of every ModelAdmin in the portal. Its change history (변경 이력, with diffs and
    revert for 검토자) comes from plans.admin.history, a simple-history ``ModelAdmin``; who
    sees and changes which rows (roles, teams, the workflow lock) from plans.admin.access; an
    empty 순서 (or a card's 번호) takes the next free value (plans.admin.ordering); a page
    opened from a plan's page goes back there after saving (plans.admin.hub); text inputs from
    plans.admin.forms (cleaned and checked as the imports do)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        return auto_order_form(super().get_form(request, obj, change=change, **kwargs))

    # A row carried from last year's plan loses its "확인 필요" mark when a person saves a
    # change to it (plans.admin.carried), here and in any inline of the page.
    def save_model(self, request, obj, form, change):
        if change:
            clear_on_edit(obj, form.changed_data)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for row_form in formset.forms:
            if row_form.instance.pk and row_form.has_changed():
                clear_on_edit(row_form.instance, row_form.changed_data)
        super().save_formset(request, form, formset, change)


class AutoOrderInlineMixin:
    """Inline rows whose 순서 left empty take the next free values (plans.admin.ordering)."""

    def get_formset(self, request, obj=None, **kwargs):
        return auto_order_formset(super().get_formset(request, obj, **kwargs))


class PortalTabularInline(
    TextFieldsMixin, ScopedInlineMixin, AutoOrderInlineMixin, admin.TabularInline
):
    """Base of every tabular inline in the portal."""


class PortalStackedInline(
    TextFieldsMixin, ScopedInlineMixin, AutoOrderInlineMixin, admin.StackedInline
):
    """Base of every stacked inline in the portal."""
