"""What an import would change, field by field, for the previews a clerk confirms: the
whole-plan workbook and the 한글 file (both through plans.exchange.documents.loading) and the
per-table import (plans.exchange.resources.base). One module, so the three previews name rows,
format figures and decide what counts as a change the same way.

- A row is named the way a clerk knows it: ``과제 IV-3 '주민자치회 운영'``, ``과제 IV-3
  '…' 추진계획 2행``, ``팀 '행정팀' 2023년 행정6급 인원``, ``부서 예산 2023년 '행정팀'``.
- A changed row lists each changed field with its Korean label, old → new; a new row its
  values; a removed row only its name (and how many rows went with it).
- Figures read as in the report: money in 천원 with thousands separators (``1,234천원``),
  other numbers with separators, choices by their Korean names, yes/no as 예/아니요.
- Multi-line text (an outline) shows only the lines that differ, not whole paragraphs.
- Text is compared through plans.rules.text.clean_text, the rule every import and admin form
  stores text by, so a value that differs only by CRLF, trailing blanks or NFC is no change.
  The loader saves a row only when :func:`updated` finds a change, so what the preview lists
  is what the confirmation writes.

Everything here is computed while the load runs (inside its transaction, before a dry run
rolls back): the results hold strings only, never model instances."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from plans.rules.figures import format_date, format_number, format_time
from plans.rules.text import clean_text
from plans.rules.validators import MoneyField

CREATED, UPDATED, DELETED = "created", "updated", "deleted"
KIND_LABELS = {CREATED: "새로 만듦", UPDATED: "고침", DELETED: "지움"}
EMPTY = "(없음)"

#: Rows a preview lists (the counts always cover every row): a page of thousands of rows is
#: read by nobody and slows every browser.
PREVIEW_ROWS = 500

#: Fields never shown or compared: they follow from the save, not from the file.
_AUTOMATIC = ("auto_now", "auto_now_add")


@dataclass(frozen=True)
class FieldChange:
    """One field of a row: its Korean label, the value before and after as a clerk reads them;
    for multi-line text, ``removed`` and ``added`` hold the lines that differ instead."""

    label: str
    old: str = ""
    new: str = ""
    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()

    @property
    def is_lines(self) -> bool:
        return bool(self.removed or self.added)


@dataclass(frozen=True)
class RowChange:
    """One row an import creates, changes or deletes. ``place`` is where the file has it (the
    per-table import's row number), ``cascade`` how many rows a deletion takes with it."""

    kind: str
    table: str
    name: str
    fields: tuple[FieldChange, ...] = ()
    place: str = ""
    cascade: int = 0

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass
class ChangeList:
    """The rows an import changes, in the order it meets them, and how many it left as they
    were (counted, never listed)."""

    rows: list[RowChange] = field(default_factory=list)
    unchanged: int = 0

    def add(self, change: RowChange | None) -> None:
        if change is not None:
            self.rows.append(change)

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def shown(self) -> list[RowChange]:
        return self.rows[: preview_rows()]

    @property
    def left_out(self) -> int:
        return max(0, len(self.rows) - preview_rows())

    @property
    def counts(self) -> dict[str, int]:
        """Rows listed per kind (created, updated, deleted)."""
        return {kind: sum(1 for row in self.rows if row.kind == kind) for kind in KIND_LABELS}


def preview_rows() -> int:
    return getattr(settings, "SPREADSHEET_PREVIEW_ROWS", PREVIEW_ROWS)


# ---------------------------------------------------------------------------------------------
# Comparing


def compared_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not any(getattr(f, flag, False) for flag in _AUTOMATIC)
    ]


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The stored values of ``instance`` that an import may change, before it changes them."""
    return {f.attname: getattr(instance, f.attname) for f in compared_fields(type(instance))}


def comparable(value: Any) -> Any:
    """A value as compared: text through the import's own text rule."""
    return clean_text(value) if isinstance(value, str) else value


def differs(old: Any, new: Any) -> bool:
    return comparable(old) != comparable(new)


def updated(before: dict[str, Any], instance: models.Model, *, place: str = "") -> RowChange | None:
    """The change from ``before`` (a :func:`snapshot`) to ``instance`` as it is about to be
    saved, or None when no field changed (text compared as stored)."""
    fields = tuple(
        field_change(f, before[f.attname], getattr(instance, f.attname), instance=instance)
        for f in compared_fields(type(instance))
        if f.attname in before and differs(before[f.attname], getattr(instance, f.attname))
    )
    if not fields:
        return None
    return RowChange(UPDATED, table_name(instance), row_name(instance), fields, place)


def created(instance: models.Model, *, place: str = "") -> RowChange:
    """A new row with the values it is given: empty ones left out, and the row it belongs to
    (a cascading foreign key: the card of a 추진계획 row), which its name already says."""
    fields = tuple(
        FieldChange(label_of(f), new=display(f, getattr(instance, f.attname), instance=instance))
        for f in compared_fields(type(instance))
        if not _is_empty(getattr(instance, f.attname)) and not _is_owner(f)
    )
    return RowChange(CREATED, table_name(instance), row_name(instance), fields, place)


def deleted(instance: models.Model, *, cascade: int = 0, place: str = "") -> RowChange:
    """A removed row, named before it goes; ``cascade``: the rows deleted along with it."""
    return RowChange(
        DELETED, table_name(instance), row_name(instance), place=place, cascade=cascade
    )


def field_change(
    model_field: models.Field, old: Any, new: Any, *, instance: models.Model | None = None
) -> FieldChange:
    """One changed field; ``instance`` holds the new value (and its related object, if loaded)."""
    label = label_of(model_field)
    if isinstance(old, str) and isinstance(new, str):
        old, new = clean_text(old), clean_text(new)
        if "\n" in old + new:
            removed, added = changed_lines(old, new)
            return FieldChange(label, removed=removed, added=added)
    return FieldChange(
        label, display(model_field, old), display(model_field, new, instance=instance)
    )


def changed_lines(old: str, new: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Of two multi-line texts, only the lines that differ (removed, added), indentation kept
    so an outline's level still shows."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    removed: list[str] = []
    added: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += [line for line in old_lines[i1:i2] if line.strip()]
            added += [line for line in new_lines[j1:j2] if line.strip()]
    return tuple(removed), tuple(added)


# ---------------------------------------------------------------------------------------------
# Showing


def label_of(model_field: models.Field) -> str:
    return str(capfirst(model_field.verbose_name))


def table_name(instance: models.Model) -> str:
    return str(instance._meta.verbose_name_plural)


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value is False


def _is_owner(model_field: models.Field) -> bool:
    return model_field.is_relation and model_field.remote_field.on_delete is models.CASCADE


def display(model_field: models.Field, value: Any, *, instance: models.Model | None = None) -> str:
    """A stored value as the report prints it; a foreign key by what it refers to (taken from
    ``instance`` when it has the object at hand, else looked up)."""
    if value is None or value == "":
        return EMPTY
    if model_field.is_relation:
        if instance is not None and model_field.is_cached(instance):
            related = getattr(instance, model_field.name)
            if related is not None and related.pk == value:
                return _safe_str(related)
        return _related(model_field, value)
    if model_field.flatchoices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "예" if value else "아니요"
    if isinstance(model_field, MoneyField):
        return f"{format_number(value)}천원"
    if isinstance(value, int | Decimal):
        return format_number(value)
    if isinstance(value, datetime.datetime):
        # Stored in UTC; the clerk reads Korean time, as on the history pages.
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return format_date(value, weekday=False)
    if isinstance(value, datetime.time):
        return format_time(value)
    return str(value)


def _related(model_field: models.Field, pk: Any) -> str:
    related = model_field.related_model._base_manager.filter(pk=pk).first()
    if related is None:
        return f"(삭제된 {model_field.related_model._meta.verbose_name} #{pk})"
    return _safe_str(related)


def _safe_str(obj: models.Model) -> str:
    try:
        return str(obj)
    except ObjectDoesNotExist:  # its __str__ names a related row that is gone
        return f"{obj._meta.verbose_name} #{obj.pk}"


def _parent(instance: models.Model, name: str) -> Any:
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


def _card_name(card: Any) -> str:
    # 과제 IV-3, as every message and address names a card.
    return "과제" if card is None else f"과제 {card.code} '{card.title}'"


def row_name(instance: models.Model) -> str:
    """How a clerk names the row: by its card, team, year and label rather than by an id."""
    opts = instance._meta
    label = opts.label
    if label == "plans.TaskCard":
        return _card_name(instance)
    if label in ("plans.CardFact", "plans.ProgressItem", "plans.PlanItem"):
        return f"{_card_name(_parent(instance, 'card'))} {opts.verbose_name} {instance.order}행"
    if label == "plans.ItemProgress":
        item = _parent(instance, "item")
        card = _parent(item, "card") if item is not None else None
        order = item.order if item is not None else ""
        return f"{_card_name(card)} 추진계획 {order}행 추진실적"
    if label == "budget.FundingRow":
        source = instance.get_source_display()
        return f"{_card_name(_parent(instance, 'card'))} 소요예산 '{source}'"
    if label == "plans.CardContact":
        officer = _parent(instance, "officer")
        return f"{_card_name(_parent(instance, 'card'))} 담당자 '{officer}'"
    if label == "personnel.Team":
        return f"팀 '{instance.name}'"
    if label == "personnel.StaffingCount":
        team = _parent(instance, "team")
        grade = _parent(instance, "grade")
        return f"팀 '{team.name if team else ''}' {instance.year}년 {grade} 인원"
    if label == "budget.BudgetLine":
        head = f"부서 예산 {instance.fiscal_year}년 {instance.get_account_display()}"
        stage = instance.get_stage_display()
        return f"{head} {stage} '{instance.label}'"
    return f"{opts.verbose_name} '{_safe_str(instance)}'"
