"""순서 fields that fill themselves. Every model with an ``order`` (a task card: its ``number``)
keeps it unique within a parent (``unique_order_constraint``: a card's parts per card, budget
lines per department, year, account and stage …). A clerk adding a row should not have to look
up the last number used: left empty, the field gets the next free value (the largest in its
parent plus one) when the form is saved, in the admin's own forms and in inline rows alike,
several new rows of one formset getting consecutive values. A form never answers a bare
"필수 항목입니다." for it; when the parent is not known yet, the message names the field the
number depends on.

The parent is read from the model's unique constraint on the field (the other fields of the
constraint), so a model needs nothing declared here to join."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Max
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.rules.korean import with_particle

#: Models whose sequence field is not ``order``.
SEQUENCE_FIELDS = {"plans.TaskCard": "number"}

AUTO_HELP = gettext_lazy("비워 두면 다음 번호가 자동으로 들어갑니다.")
AUTO_PLACEHOLDER = gettext_lazy("자동")


def sequence_field(model: type[models.Model]) -> str | None:
    """The name of ``model``'s field that fills itself, or None."""
    name = SEQUENCE_FIELDS.get(model._meta.label, "order")
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return name if isinstance(field, models.IntegerField) else None


def sequence_scope(model: type[models.Model], name: str) -> tuple[str, ...]:
    """The fields within which ``name`` is unique (() when it is unique in the whole table)."""
    scopes = sequence_scopes(model, name)
    return scopes[0][0] if scopes else ()


def sequence_scopes(model: type[models.Model], name: str) -> list[tuple[tuple[str, ...], object]]:
    """Every unique constraint on ``name``: (the other fields, its condition or None), the
    unconditional ones first. A department is numbered within its 국, or, with no 국, within
    its county (a second constraint with the condition ``bureau IS NULL``)."""
    if model._meta.get_field(name).unique:
        return [((), None)]
    scopes = [
        (tuple(field for field in constraint.fields if field != name), constraint.condition)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and name in constraint.fields
    ]
    return sorted(scopes, key=lambda scope: scope[1] is not None)


def _condition_holds(condition, values: dict) -> bool:
    """Whether a constraint's condition holds for a row's ``values``. Only the shape this
    project's constraints use is read: ``field__isnull`` tests joined by AND; any other
    condition is taken not to hold, so its constraint is never used to number a row."""
    if condition is None:
        return True
    if condition.connector != "AND" or condition.negated:
        return False
    for child in condition.children:
        if not (isinstance(child, tuple) and child[0].endswith("__isnull")):
            return False
        field, expected = child[0].removesuffix("__isnull"), child[1]
        if (values.get(field) in (None, "")) != bool(expected):
            return False
    return True


def next_free(model: type[models.Model], name: str, scope: dict) -> int:
    """The largest ``name`` among the rows of ``scope`` (field → value or object), plus one."""
    largest = model._default_manager.filter(**scope).aggregate(largest=Max(name))["largest"]
    return (largest or 0) + 1


def _scope_value(form, field_name: str):
    """The value the row will have for a scope field: as cleaned, or as the instance has it."""
    if field_name in form.fields:
        return form.cleaned_data.get(field_name)
    model_field = form._meta.model._meta.get_field(field_name)
    return getattr(form.instance, model_field.attname, None)


def _key(value):
    return value.pk if isinstance(value, models.Model) else value


def _relax(field, *, placeholder: bool) -> None:
    field.required = False
    if not field.help_text:
        field.help_text = AUTO_HELP
    if placeholder:
        field.widget.attrs.setdefault("placeholder", AUTO_PLACEHOLDER)


def _missing_scope_message(form, name: str, missing: list[str]) -> str:
    model = form._meta.model
    labels = [str(capfirst(model._meta.get_field(field).verbose_name)) for field in missing]
    subject = with_particle(str(capfirst(model._meta.get_field(name).verbose_name)), "은", "는")
    return _("%(subject)s %(fields)s에 따라 정해집니다. %(fields)s부터 입력하십시오.") % {
        "subject": subject,
        "fields": ", ".join(labels),
    }


def auto_order_form(form_class):
    """``form_class`` (a ModelForm) with its sequence field optional and filled when empty."""
    model = form_class._meta.model
    name = sequence_field(model)
    if name is None or name not in form_class.base_fields:
        return form_class
    scopes = sequence_scopes(model, name)

    class AutoOrderForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            _relax(self.fields[name], placeholder=False)

        def clean(self):
            cleaned = super().clean()
            if cleaned.get(name) is not None or self.has_error(name):
                return cleaned
            fields = {field for scope, condition in scopes for field in scope}
            fields |= {
                child[0].removesuffix("__isnull")
                for _scope, condition in scopes
                if condition is not None
                for child in condition.children
                if isinstance(child, tuple)
            }
            row = {field: _scope_value(self, field) for field in fields}
            first_missing: list[str] = []
            for scope, condition in scopes:
                if not _condition_holds(condition, row):
                    continue
                missing = [field for field in scope if row[field] in (None, "")]
                if not missing:
                    values = {field: row[field] for field in scope}
                    if condition is not None:
                        values.update({child[0]: child[1] for child in condition.children})
                    cleaned[name] = next_free(model, name, values)
                    return cleaned
                first_missing = first_missing or missing
            if first_missing and not any(self.has_error(field) for field in first_missing):
                self.add_error(name, _missing_scope_message(self, name, first_missing))
            return cleaned

    AutoOrderForm.__name__ = form_class.__name__
    return AutoOrderForm


def auto_order_formset(formset_class):
    """An inline formset class whose rows' sequence field is optional; rows left empty get
    consecutive values after the largest stored in their parent and the largest typed in the
    formset."""
    model = formset_class.model
    name = sequence_field(model)
    if name is None or name not in formset_class.form.base_fields:
        return formset_class
    scope = sequence_scope(model, name)

    class AutoOrderFormSet(formset_class):
        def _construct_form(self, i, **kwargs):
            form = super()._construct_form(i, **kwargs)
            if name in form.fields:
                _relax(form.fields[name], placeholder=True)
            return form

        @property
        def empty_form(self):
            form = super().empty_form
            if name in form.fields:
                _relax(form.fields[name], placeholder=True)
            return form

        def _scope(self, form) -> dict:
            return {
                field: self.instance if field == self.fk.name else _scope_value(form, field)
                for field in scope
            }

        def clean(self):
            rows = [
                form
                for form in self.forms
                if form.has_changed()
                and not self._should_delete_form(form)
                and hasattr(form, "cleaned_data")
            ]
            largest: dict[tuple, int] = {}
            for form in rows:
                typed = form.cleaned_data.get(name)
                if typed is not None:
                    key = tuple(_key(value) for value in self._scope(form).values())
                    largest[key] = max(largest.get(key, 0), typed)
            stored: dict[tuple, int] = {}  # one query per parent, not per row
            for form in rows:
                if form.cleaned_data.get(name) is not None or form.has_error(name):
                    continue
                values = self._scope(form)
                key = tuple(_key(value) for value in values.values())
                if key not in stored:
                    # A parent being added has nothing stored under it yet.
                    new_parent = self.instance.pk is None and self.fk.name in scope
                    stored[key] = 0 if new_parent else next_free(model, name, values) - 1
                value = max(largest.get(key, 0), stored[key]) + 1
                largest[key] = value
                form.cleaned_data[name] = value
                setattr(form.instance, name, value)
            super().clean()

    AutoOrderFormSet.__name__ = formset_class.__name__
    return AutoOrderFormSet
