"""The admin side of plans.access.scopes: mixins for every ModelAdmin and inline of the portal (see
plans.admin.base) that apply a user's reach and the workflow lock to

- the rows of a list, of an export (the library exports the admin's queryset) and of a page
  opened by address (a row out of reach answers 404, as a row that does not exist);
- view, change and delete permission on a row, and add permission (no team, no adding);
- foreign-key choices and autocomplete results (a 작성자 picks its own team and cards);
- the values a form saves (a row posted by hand outside the reach is refused, naming the
  field), inline rows (the parent row decides) and the fields a role may change;
- list filters (choices only from the rows the user sees);
- imports, row by row (:class:`ImportGuard`, given to the resource by
  plans.admin.import_export).

A row that the workflow locks is shown read-only with the reason above the form."""

from __future__ import annotations

import functools

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404
from django.utils.translation import gettext as _

from plans.access import scopes


def _reach(request) -> scopes.Reach:
    return scopes.reach_of(request.user)


def scoped_form(form_class, reach: scopes.Reach, scope: scopes.Scope):
    """``form_class`` refusing, after its own validation, a row that ``reach`` may not write as
    the form would save it (the values are posted by the browser, so they may be anything)."""
    if reach.superuser and scope.plans is None:
        return form_class

    class ScopedForm(form_class):
        def _post_clean(self):
            super()._post_clean()
            refusal = scopes.write_refusal(reach, scope, self.instance)
            if refusal is None or (refusal.field and refusal.field in self._errors):
                return  # the field's own error says enough
            field = refusal.field if refusal.field in self.fields else None
            self.add_error(field, refusal.message)

    ScopedForm.__name__ = form_class.__name__
    return ScopedForm


@functools.cache
def _scoped_filter(base):
    """A related-field list filter offering only values found in the rows the user sees."""

    class ScopedRelatedFilter(base):
        def field_choices(self, field, request, model_admin):
            choices = super().field_choices(field, request, model_admin)
            present = set(
                model_admin.get_queryset(request)
                .order_by()
                .values_list(f"{self.field_path}__pk", flat=True)
                .distinct()
            )
            return [(pk, label) for pk, label in choices if pk in present]

    ScopedRelatedFilter.__name__ = f"Scoped{base.__name__}"
    return ScopedRelatedFilter


class ScopedMixin:
    """What model admins and inlines share: the scope, the queryset and the choices."""

    def get_scope(self) -> scopes.Scope:
        return scopes.scope_for(self.model)

    def get_queryset(self, request):
        return scopes.restrict(super().get_queryset(request), _reach(request), self.get_scope())

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        reach = _reach(request)
        if field is None or reach.superuser or not hasattr(field, "queryset"):
            return field
        condition = scopes.choice_filter(
            reach, self.get_scope(), db_field.name, db_field.related_model
        )
        field.queryset = (
            field.queryset.none() if condition is None else field.queryset.filter(condition)
        )
        return field

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        editable = self.get_scope().editable_fields
        if editable is None or request.user.is_superuser:
            return fields
        others = [
            field.name
            for field in self.model._meta.fields
            if field.editable and not field.primary_key and field.name not in editable
        ]
        return (*fields, *(name for name in others if name not in fields))

    def row_refusal(self, request, obj) -> scopes.Refusal | None:
        """Why the request's user may not change or delete ``obj``, or None. Answered once per
        object: a change page asks many times, and the answer is about the row as loaded
        (a form's values are checked by the form)."""
        cached = obj.__dict__.get("_portal_refusal")
        if cached is None or cached[0] is not request.user:
            cached = (request.user, scopes.write_refusal(_reach(request), self.get_scope(), obj))
            obj.__dict__["_portal_refusal"] = cached
        return cached[1]


class ScopedAdminMixin(ScopedMixin):
    """Mixed into every ModelAdmin of the portal, before ``admin.ModelAdmin``."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not request.user.is_superuser:
            # Out of reach or missing alike: nothing tells the two apart.
            raise Http404(_("찾는 자료가 없거나 볼 수 없습니다."))
        return obj

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or scopes.is_visible(_reach(request), self.get_scope(), obj)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or self.row_refusal(request, obj) is None

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or self.row_refusal(request, obj) is None

    def has_add_permission(self, request):
        return super().has_add_permission(request) and scopes.may_add(
            _reach(request), self.get_scope()
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return scoped_form(form, _reach(request), self.get_scope())

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            refusal = self.row_refusal(request, obj)
            # Say why a row the user could otherwise change is read-only (the plan is in
            # review, published …); rows the user never may change need no explanation.
            if refusal is not None and super().has_change_permission(request, obj):
                messages.warning(request, refusal.message)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        source = _autocomplete_source(request)
        reach = _reach(request)
        if source is not None and not reach.superuser:
            source_model, field_name = source
            condition = scopes.choice_filter(
                reach, scopes.scope_for(source_model), field_name, self.model
            )
            queryset = queryset.none() if condition is None else queryset.filter(condition)
        return queryset, may_have_duplicates

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [self._scoped_list_filter(entry) for entry in filters]

    def _scoped_list_filter(self, entry):
        if isinstance(entry, str):
            try:
                field = get_fields_from_path(self.model, entry)[-1]
            except (FieldDoesNotExist, NotRelationField):
                return entry
            if field.is_relation:
                return (entry, _scoped_filter(admin.RelatedFieldListFilter))
            return entry
        if isinstance(entry, tuple | list) and len(entry) == 2:
            path, filter_class = entry
            if isinstance(filter_class, type) and issubclass(
                filter_class, admin.RelatedFieldListFilter
            ):
                return (path, _scoped_filter(filter_class))
        return entry


class ScopedInlineMixin(ScopedMixin):
    """Mixed into every inline of the portal, before ``admin.TabularInline`` or
    ``StackedInline``: the rows shown are those the user sees, and whether they may be
    added, changed or deleted follows the parent row (its reach and its lock)."""

    def _parent_refusal(self, request, obj):
        if obj is None:
            return None
        # Every inline of the portal sits on a PortalAdmin (plans.admin.base).
        return self.admin_site._registry[type(obj)].row_refusal(request, obj)

    def has_add_permission(self, request, obj):
        return (
            super().has_add_permission(request, obj)
            and scopes.may_add(_reach(request), self.get_scope())
            and self._parent_refusal(request, obj) is None
        )

    def has_change_permission(self, request, obj=None):
        return (
            super().has_change_permission(request, obj)
            and self._parent_refusal(request, obj) is None
        )

    def has_delete_permission(self, request, obj=None):
        return (
            super().has_delete_permission(request, obj)
            and self._parent_refusal(request, obj) is None
        )


def _autocomplete_source(request):
    """(model, field name) of the form field an autocomplete request searches for, or None
    for any other request. Django's view has already checked the parameters."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "autocomplete":
        return None
    try:
        model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
        model._meta.get_field(request.GET["field_name"])
    except (KeyError, LookupError, FieldDoesNotExist):
        return None
    return model, request.GET["field_name"]


# ---------------------------------------------------------------------------------------------
# Imports


class ImportGuard:
    """Given to a resource for one import by the admin: refuses a row (new or stored) that the
    importing user may not write, or that the workflow locks."""

    def __init__(self, model_admin, request):
        self.reach = _reach(request)
        self.scope = model_admin.get_scope()
        self.locks: dict = {}  # per plan, or department and year: one query each per import

    def refusal(self, instance) -> scopes.Refusal | None:
        return scopes.write_refusal(
            self.reach, self.scope, instance, verb=scopes.IMPORT, cache=self.locks
        )
