"""How one spreadsheet cell is read (``clean``) and written (``render``), as Korean offices type
them: text, numbers, yes/no, dates and times by the rules of :mod:`plans.exchange.cells` (the
ones the whole-plan workbook reads by), choices by their Korean labels, and foreign keys by
what they are called (a team by its department and name), never by database id.

Every ``clean`` raises ``ValueError`` with a Korean message for a bad cell; the resource adds
the row and column. ``render`` returns native values (numbers, dates) when the format keeps
types (.xlsx) and text otherwise (.csv)."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.db import models
from import_export import widgets

from plans.exchange.cells import (
    cell_text,
    parse_boolean,
    parse_date,
    parse_integer,
    parse_number,
    parse_time,
    read_text,
)
from plans.rules.korean import with_particle
from plans.rules.schedules import ScheduleError, normalize_schedule
from plans.rules.text import clean_text


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def with_object_particle(word: str) -> str:
    """``팀을``, ``과를``: the object particle after a Korean word."""
    return with_particle(word, "을", "를")


# ---------------------------------------------------------------------------------------------
# Plain values


class TextWidget(widgets.CharWidget):
    """Text, read by :func:`plans.exchange.cells.read_text`: cleaned as every text is stored
    (plans.rules.text), a formula escaped by our export (``'=x``) read back as typed, control
    characters refused."""

    #: Passed to read_text: a date cell in the column gets the hint for typing a schedule.
    schedule = False

    def __init__(self, *, multiline: bool = False):
        super().__init__(coerce_to_string=True, allow_blank=True)
        self.multiline = multiline

    def clean(self, value, row=None, **kwargs) -> str:
        return read_text(value, schedule=self.schedule)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


def normalize_text(text: str) -> str:
    """Stored text as an imported cell of it reads, for comparing the two."""
    return clean_text(text)


class ScheduleWidget(TextWidget):
    """A schedule (``'23. 3.``, ``연중``), stored in its canonical form so an unchanged row
    compares equal however it was typed. Text that is not a schedule is kept as typed: the
    model's validator refuses it with a message that quotes it."""

    schedule = True

    def clean(self, value, row=None, **kwargs) -> str:
        text = super().clean(value, row, **kwargs)
        return canonical_schedule(text) if text else text


@functools.lru_cache(maxsize=4096)
def canonical_schedule(text: str) -> str:
    try:
        return normalize_schedule(text)
    except ScheduleError:
        return text


class NumberWidget(widgets.NumberWidget):
    """A count or an amount: ``1,234``; ``△856`` and ``(856)`` are −856, refused (naming the
    cell) where a negative number makes no sense, as for money."""

    def __init__(self, *, integer: bool = True, allow_negative: bool = False):
        super().__init__(coerce_to_string=True)
        self.integer = integer
        self.allow_negative = allow_negative

    def clean(self, value, row=None, **kwargs) -> int | Decimal | None:
        parse = parse_integer if self.integer else parse_number
        return parse(value, allow_negative=self.allow_negative)

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return "" if value is None else str(value)


class ChoiceWidget(widgets.Widget):
    """A choice written by its Korean label (``특수시책``); the stored value (``special``) is
    read too."""

    def __init__(self, choices: Sequence[tuple[str, str]]):
        super().__init__(coerce_to_string=True)
        self.labels = {value: str(label) for value, label in choices}
        self.values = {label: value for value, label in self.labels.items()}
        self.values.update({value.lower(): value for value in self.labels})

    def clean(self, value, row=None, **kwargs) -> str:
        text = read_text(value)
        if not text:
            return ""
        found = self.values.get(text, self.values.get(text.lower()))
        if found is None:
            shown = ", ".join(label for label in self.labels.values() if label)
            raise ValueError(f"'{text}'은(는) 쓸 수 없는 값입니다. {shown} 중 하나를 쓰십시오.")
        return found

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, "" if value is None else str(value))


class YesNoWidget(widgets.Widget):
    """A yes/no column (:func:`plans.exchange.cells.parse_boolean`). Blank is 아니오."""

    def clean(self, value, row=None, **kwargs) -> bool:
        return bool(parse_boolean(value))

    def render(self, value, obj=None, **kwargs):
        return "예" if value else "아니오"


class DateWidget(widgets.Widget):
    """A date (:func:`plans.exchange.cells.parse_date`)."""

    def clean(self, value, row=None, **kwargs) -> datetime.date | None:
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return value.isoformat() if value else ""


class TimeWidget(widgets.Widget):
    """A time of day (:func:`plans.exchange.cells.parse_time`)."""

    def clean(self, value, row=None, **kwargs) -> datetime.time | None:
        return parse_time(value)

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return value.strftime("%H:%M") if value else ""


# ---------------------------------------------------------------------------------------------
# Foreign keys by natural key


def text_part(value) -> str:
    return read_text(value)


def integer_part(value) -> int | None:
    return parse_integer(value)


def date_part(value) -> datetime.date | None:
    return parse_date(value)


def choice_part(choices) -> Callable:
    widget = ChoiceWidget(choices)
    return widget.clean


AMBIGUOUS = object()


class NaturalKey:
    """How rows of ``model`` are named in a spreadsheet: the values at ``paths`` (e.g. a team is
    ``department__slug`` and ``name``), each read from a cell by its converter.

    ``index()`` loads every row once, with ``select_related``, into a dict from key to object;
    the widgets that use it keep one index per import, so a file of 10,000 rows costs one query
    per related table, not one per row."""

    def __init__(
        self,
        model: type[models.Model],
        parts: Sequence[tuple[str, Callable]],
        *,
        label: str,
        select_related: Sequence[str] = (),
    ):
        self.model = model
        self.paths = tuple(path for path, _convert in parts)
        self.converters = tuple(convert for _path, convert in parts)
        self.label = label
        self.select_related = tuple(select_related)

    def keys_of(self, obj) -> list[tuple]:
        """The keys naming ``obj`` (more than one where a model accepts aliases)."""
        return [tuple(follow(obj, path) for path in self.paths)]

    def index(self) -> dict[tuple, object]:
        found: dict[tuple, object] = {}
        queryset = self.model._default_manager.select_related(*self.select_related)
        for obj in queryset:
            for key in self.keys_of(obj):
                found[key] = AMBIGUOUS if key in found and found[key] is not obj else obj
        return found


def follow(obj, path: str):
    for attr in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, attr)
    return obj


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key read from the cells ``columns`` (one per part of ``key``, its own column
    among them) and written as ``render_path`` of the related object (its name, number …, or
    ``STR`` for its ``str()``).

    Unknown values are refused with the value quoted: ``'서무2팀' 팀을 찾을 수 없습니다``."""

    def __init__(
        self,
        key: NaturalKey,
        columns: Sequence[str],
        *,
        own_column: str | None = None,
        render_path: str | None = None,
    ):
        super().__init__(model=key.model, field=render_path or key.paths[-1])
        if len(columns) != len(key.paths):
            raise ValueError("one column per part of the key")
        self.key = key
        self.columns = tuple(columns)
        self.own_column = own_column or self.columns[-1]
        self._index: dict[tuple, object] | None = None
        self._found: dict[tuple, object] = {}

    def reset(self) -> None:
        self._index = None
        self._found = {}

    def index(self) -> dict[tuple, object]:
        if self._index is None:
            self._index = self.key.index()
        return self._index

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        row = row or {}
        # The same cells name the same object: remember it (a file has few parents, many rows).
        cells = tuple(row.get(column) for column in self.columns)
        try:
            found = self._found.get(cells)
        except TypeError:  # an unhashable cell value
            return self._clean(value, row)
        if found is None:
            found = self._found[cells] = self._clean(value, row)
        return found

    def _clean(self, value, row):
        try:
            key = tuple(
                convert(row.get(column))
                for convert, column in zip(self.key.converters, self.columns, strict=True)
            )
        except ValueError:
            raise ValueError(self.not_found(value, row)) from None
        found = self.index().get(key)
        if found is None:
            raise ValueError(self.not_found(value, row))
        if found is AMBIGUOUS:
            raise ValueError(
                f"'{cell_text(value)}'에 해당하는 {self.key.label}이(가) 둘 이상 있습니다."
                f"{self.context(row)}"
            )
        return found

    def not_found(self, value, row) -> str:
        return (
            f"'{cell_text(value).strip()}' {with_object_particle(self.key.label)} "
            f"찾을 수 없습니다{self.context(row)}."
        )

    def context(self, row) -> str:
        """The other cells of the key, so the message says where it looked."""
        others = [
            f"{column} '{cell_text(row.get(column)).strip()}'"
            for column in self.columns
            if column != self.own_column
        ]
        return f"({', '.join(others)})" if others else ""

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if self.field == STR:
            return str(value)
        return follow(value, self.field)


#: ``render_path`` of a foreign key written as the related object's ``str()``.
STR = "__str__"
