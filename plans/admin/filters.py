"""List filters the admin pages of every app share: related choices read in one query, and
filters titled for the list they sit on."""

from django.contrib import admin


class SelectRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A related-field filter whose choices are read in one query even when the related
    model's ``__str__`` follows a foreign key (a team prints its department's name)."""

    choices_select_related: tuple[str, ...] = ()

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        queryset = field.related_model._default_manager.select_related(*self.choices_select_related)
        if ordering:
            queryset = queryset.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in queryset]


class TeamListFilter(SelectRelatedFieldListFilter):
    choices_select_related = ("department",)


def titled(title, base=admin.AllValuesFieldListFilter):
    """A list filter on a related model's field, titled for this list (계획 연도, not 연도)."""

    class TitledFilter(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledFilter
