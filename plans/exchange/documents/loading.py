"""The upsert engine: rows found by natural key, brought to what a form would give, checked by
``full_clean()``, saved only when something changed, counted; children the document no longer
lists deleted; every refusal prefixed with its place in the document. Every change that stays is
made by a model's ``save()`` or ``delete()``, so it has its row in the change history
(plans.history)."""

from __future__ import annotations

import contextlib
import datetime
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import ProtectedError

from plans.exchange import changes
from plans.exchange.changes import ChangeList
from plans.rules.schedules import ScheduleError, normalize_schedule
from plans.rules.validators import valid_schedule

from .shapes import Row, clean_text, fail

if TYPE_CHECKING:
    from collections.abc import Iterable

    from civic.models import Township
    from personnel.models import Department, Grade, Officer, Organization, Team
    from plans.models import WorkPlan


@dataclass
class LoadResult:
    """What a load did, per model name: rows created, updated, deleted, and left unchanged."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    plan: WorkPlan | None = None
    #: Field by field, for the preview (plans.exchange.changes); unchanged rows only counted.
    changes: ChangeList = field(default_factory=ChangeList)

    def totals(self) -> dict[str, int]:
        return {
            "created": sum(self.created.values()),
            "updated": sum(self.updated.values()),
            "deleted": sum(self.deleted.values()),
            "unchanged": sum(self.unchanged.values()),
        }

    @property
    def changed(self) -> bool:
        totals = self.totals()
        return bool(totals["created"] or totals["updated"] or totals["deleted"])

    def summary(self) -> str:
        """One Korean line: what was loaded and how many rows changed."""
        totals = self.totals()
        if self.plan is not None:
            department = self.plan.department
            organization = department.organization
            head = f"{organization.name} {department.name} {self.plan.year}년 업무계획"
        else:
            head = "업무계획"
        if not self.changed:
            return f"{head}: 바뀐 내용 없음 (그대로 {totals['unchanged']:,}건)"
        return (
            f"{head}: 새로 만듦 {totals['created']:,}건, 고침 {totals['updated']:,}건, "
            f"지움 {totals['deleted']:,}건, 그대로 {totals['unchanged']:,}건"
        )


class Loader:
    """Upserts rows into the database for one load, and keeps what the parts of the document
    loaded so far for the later parts that refer to it (the department, its teams, …)."""

    def __init__(self) -> None:
        self.result = LoadResult()
        self.pending_deletes: list[tuple[models.Model, str]] = []
        self.organization: Organization | None = None
        self.department: Department | None = None
        self.grades: dict[str, Grade] = {}
        self.teams: dict[str, Team] = {}
        self.officers: dict[tuple[str, str], list[Officer]] = {}
        self.townships: dict[str, Township] = {}

    def save(
        self,
        model: type[models.Model],
        row: Row,
        *,
        scope: dict[str, Any] | None = None,
        instance: models.Model | None = None,
    ) -> models.Model:
        """Create or update the object ``row`` describes, found by its key within ``scope``
        (or given); save it only if something changed."""
        place = row.place
        key = _prepare(model, {**(scope or {}), **row.key}, place=place)
        values = _prepare(model, row.values, place=place)
        name = model.__name__
        if instance is None:
            instance = _find(model, key, place=place)
        if instance is None:
            instance = model(**key, **values)
            _clean(instance, place=place)
            instance.save()
            self.result.created[name] += 1
            self.result.changes.add(changes.created(instance))
            return instance
        before = changes.snapshot(instance)
        for attribute, value in values.items():
            setattr(instance, attribute, value)
        _clean(instance, place=place)
        # Saved only when the preview's comparison finds a change: text that differs only by
        # CRLF or NFC from what is stored is left as it is, so nothing unlisted is written.
        change = changes.updated(before, instance)
        if change is not None:
            instance.save()
            self.result.updated[name] += 1
            self.result.changes.add(change)
        else:
            self.result.unchanged[name] += 1
            self.result.changes.unchanged += 1
        return instance

    def sync(
        self,
        model: type[models.Model],
        *,
        scope: dict[str, Any],
        rows: list[Row],
        place: str,
        delete: bool | str = True,
    ) -> list[models.Model]:
        """Upsert ``rows`` under one parent (``scope``), matched by their keys.

        Rows of the parent missing from ``rows`` are deleted (``delete=True``), deleted at the
        end of the load (``"later"``, for records that the plan refers to), or kept (``False``).
        When rows change places, their orders are first moved out of the way, so the unique
        order of the parent holds at every step.
        """
        wanted: dict[tuple, Row] = {}
        for row in rows:
            row_key = _natural_key(model, row.key, place=row.place)
            identity = _identity(row_key)
            if identity in wanted:
                raise fail(row.place, "같은 항목이 두 번 적혀 있습니다.")
            wanted[identity] = Row(row_key, row.values, row.place)

        key_names = sorted(next(iter(wanted.values())).key) if wanted else []
        instances = list(model.objects.filter(**scope))
        existing: dict[tuple, models.Model] = {}
        if key_names:
            for instance in instances:
                existing[_identity(_instance_key(instance, key_names))] = instance
        stale = [instance for identity, instance in existing.items() if identity not in wanted]
        if not key_names:
            stale = instances
        if stale and delete is True:
            self.delete(stale, place=place)
            stale_ids = {instance.pk for instance in stale}
            existing = {k: v for k, v in existing.items() if v.pk not in stale_ids}
        elif stale and delete == "later":
            self.pending_deletes.extend((instance, place) for instance in stale)

        if "order" not in key_names and any("order" in row.values for row in wanted.values()):
            self._make_room(model, scope=scope, existing=existing, wanted=wanted)

        return [
            self.save(model, row, scope=scope, instance=existing.get(identity))
            for identity, row in wanted.items()
        ]

    def _make_room(
        self,
        model: type[models.Model],
        *,
        scope: dict[str, Any],
        existing: dict[tuple, models.Model],
        wanted: dict[tuple, Row],
    ) -> None:
        """Park rows whose order is wanted by another row above every order in use."""
        desired = {identity: row.values["order"] for identity, row in wanted.items()}
        holder = {instance.order: identity for identity, instance in existing.items()}
        if all(holder.get(order, identity) == identity for identity, order in desired.items()):
            return
        numbers = [instance.order for instance in existing.values()]
        numbers += [order for order in desired.values() if isinstance(order, int)]
        numbers += list(model.objects.filter(**scope).values_list("order", flat=True))
        top = max(numbers, default=0)
        for identity, instance in existing.items():
            if desired.get(identity) == instance.order:
                continue
            top += 1
            before = changes.snapshot(instance)
            instance.order = top
            if identity in desired:
                # Parked for a moment: the save that gives it its wanted order follows and
                # records the change in the history (old order → new), so no row for this.
                model.objects.filter(pk=instance.pk).update(order=top)
            else:  # a row the document does not list, moved aside: saved, so it has history
                instance.save(update_fields=["order"])
                self.result.updated[model.__name__] += 1
                self.result.changes.add(changes.updated(before, instance))

    def delete(self, instances: Iterable[models.Model], *, place: str) -> None:
        for instance in instances:
            name = changes.deleted(instance)  # named while its parents are still there
            try:
                total, per_model = instance.delete()
            except ProtectedError as error:
                raise fail(
                    place,
                    f"'{instance}'을(를) 지울 수 없습니다. 다른 자료가 참조하고 있습니다.",
                ) from error
            for label, count in per_model.items():
                if count:
                    self.result.deleted[label.rsplit(".", 1)[-1]] += count
            self.result.changes.add(replace(name, cascade=total - 1))

    def finish(self) -> LoadResult:
        """Delete what was kept until the plan no longer referred to it."""
        for instance, place in self.pending_deletes:
            self.delete([instance], place=place)
        return self.result


def _prepare(model: type[models.Model], values: dict[str, Any], *, place: str) -> dict[str, Any]:
    """Bring document values to what a form would give: clean text, canonical schedules,
    no floats for exact numbers."""
    prepared: dict[str, Any] = {}
    for name, value in values.items():
        model_field = model._meta.get_field(name)
        label = model_field.verbose_name
        if model_field.is_relation:
            prepared[name] = value
        elif isinstance(model_field, models.CharField | models.TextField):
            if isinstance(value, dict | list):
                raise fail(place, f"{label} - 글로 입력하십시오(목록이나 묶음이 아님).")
            if value is None and not model_field.null:
                value = ""
            if value is not None:
                value = clean_text(value)
            if value and _has_schedule_validator(model_field):
                # An unreadable schedule is reported by full_clean, naming the field.
                with contextlib.suppress(ScheduleError):
                    value = normalize_schedule(value)
            prepared[name] = value
        elif isinstance(model_field, models.DateField | models.TimeField) and not (
            value is None or isinstance(value, str | datetime.date | datetime.time)
        ):
            hint = ' 시각은 "15:30"처럼 따옴표로 감싸 적으십시오.' if isinstance(value, int) else ""
            raise fail(place, f"{label} - 날짜·시각 형식이 아닙니다(입력값: {value}).{hint}")
        elif isinstance(model_field, models.DecimalField) and isinstance(value, float):
            prepared[name] = Decimal(str(value))
        elif isinstance(model_field, models.IntegerField) and isinstance(value, float | bool):
            raise fail(place, f"{label} - 정수로 입력하십시오(입력값: {value}).")
        else:
            prepared[name] = value
    return prepared


def _natural_key(model: type[models.Model], key: dict[str, Any], *, place: str) -> dict[str, Any]:
    """A natural key with each value in its field's Python type, so "3" finds 3."""
    prepared = _prepare(model, key, place=place)
    for name, value in prepared.items():
        model_field = model._meta.get_field(name)
        if model_field.is_relation or value is None:
            continue
        try:
            prepared[name] = model_field.to_python(value)
        except ValidationError as error:
            raise _placed(
                ValidationError({name: error.messages}), place=place, model=model
            ) from error
    return prepared


def _identity(key: dict[str, Any]) -> tuple:
    """A natural key as a comparable value: names in order, objects as their pks."""
    return tuple(
        (name, value.pk if isinstance(value, models.Model) else value)
        for name, value in sorted(key.items())
    )


def _instance_key(instance: models.Model, names: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, instance._meta.get_field(name).attname) for name in names}


def _has_schedule_validator(model_field: models.Field) -> bool:
    return any(validator is valid_schedule for validator in model_field.validators)


def _find(model: type[models.Model], lookup: dict[str, Any], *, place: str) -> models.Model | None:
    try:
        return model.objects.filter(**lookup).first()
    except (ValidationError, ValueError, TypeError) as error:
        raise fail(place, f"찾을 수 없는 값입니다: {error}") from error


def _clean(instance: models.Model, *, place: str) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise _placed(error, place=place, model=type(instance)) from error


def _placed(error: ValidationError, *, place: str, model: type[models.Model]) -> ValidationError:
    """A model's ValidationError, each message prefixed with the place and the field name."""
    messages: list[str] = []
    if hasattr(error, "error_dict"):
        for name, texts in error.message_dict.items():
            label = ""
            if name != NON_FIELD_ERRORS:
                try:
                    label = str(model._meta.get_field(name).verbose_name)
                except FieldDoesNotExist:
                    label = name
            for text in texts:
                messages.append(f"{place}: {label} - {text}" if label else f"{place}: {text}")
    else:
        messages = [f"{place}: {text}" for text in error.messages]
    return ValidationError(messages)
