"""How the document is written, for reading and dumping alike: mappings with known keys
(:class:`Shape`), numbered lists, and text; and the places that refusals name."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

# Text as every way in stores it (plans.rules.text); the document's modules take it from here.
from plans.rules.text import clean_text as clean_text

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def fail(place: str, message: str) -> ValidationError:
    return ValidationError(f"{place}: {message}")


def read_mapping(
    data: Any, *, place: str, required: Iterable[str] = (), optional: Iterable[str] = ()
) -> dict[str, Any]:
    """A mapping of the document, checked for unknown and missing keys."""
    if not isinstance(data, dict):
        raise fail(place, "'이름: 값' 형식의 항목 묶음이어야 합니다.")
    required = tuple(required)
    allowed = set(required) | set(optional)
    unknown = sorted(str(key) for key in data if key not in allowed)
    if unknown:
        raise fail(place, f"알 수 없는 항목이 있습니다: {', '.join(unknown)}")
    missing = [key for key in required if data.get(key) in (None, "")]
    if missing:
        raise fail(place, f"필수 항목이 없습니다: {', '.join(missing)}")
    return data


def read_list(data: Any, *, place: str) -> list[Any]:
    if data is None:
        return []
    if not isinstance(data, list):
        raise fail(place, "목록(- 로 시작하는 줄)이어야 합니다.")
    return data


def read_texts(data: Any, *, place: str) -> list[str]:
    return [clean_text(item) for item in read_list(data, place=place)]


def entries(
    data: Any, *, place: str, each: str | None = None, unit: str = "행", shape: Shape | None = None
) -> Iterator[tuple[int, Any, str]]:
    """The items of the list ``data`` (named ``place``) with their numbers, from 1, and their
    places, ``"{each} {number}{unit}"`` (``each`` is ``place`` unless given); each item is read
    by ``shape`` when one is given."""
    for number, item in enumerate(read_list(data, place=place), start=1):
        item_place = f"{place if each is None else each} {number}{unit}"
        yield number, shape.read(item, place=item_place) if shape else item, item_place


def lookup(table: dict[str, T], name: Any, *, place: str, missing: str) -> T:
    """What the document calls ``name`` (a team, a grade, a township), or a refusal."""
    found = table.get(clean_text(name))
    if found is None:
        raise fail(place, missing)
    return found


@dataclass
class Row:
    """One object to upsert: the natural key (within its parent), the other values, its place."""

    key: dict[str, Any]
    values: dict[str, Any]
    place: str


class Shape:
    """One kind of mapping in the document: its keys in the order a dump writes them (names
    separated by spaces, as for a namedtuple), which are required (``True``: all of them), and,
    for a mapping that is a row, its model, natural key and default values.

    The keys that are fields of the model are copied as they are in both directions; the others
    (lists of parts, references by name, positions) are given by the caller as ``special``.
    """

    def __init__(
        self,
        model: type[models.Model] | None,
        fields: str,
        *,
        required: str | Literal[True] = "",
        key: str = "",
        defaults: dict[str, Any] | None = None,
    ) -> None:
        self.model = model
        self.fields = tuple(fields.split())
        self.required = tuple((fields if required is True else required).split())
        self.optional = tuple(name for name in self.fields if name not in self.required)
        self.key = tuple(key.split())
        self.defaults = defaults or {}
        model_fields = {f.name for f in model._meta.concrete_fields} if model else set()
        self.columns = tuple(name for name in self.fields if name in model_fields)

    def read(self, data: Any, *, place: str) -> dict[str, Any]:
        return read_mapping(data, place=place, required=self.required, optional=self.optional)

    def row(self, item: dict[str, Any], *, place: str, **special: Any) -> Row:
        """The row a read mapping describes: the model fields as written (missing ones as their
        defaults), then ``special``, split into the natural key and the other values."""
        values = {
            name: item.get(name, self.defaults.get(name))
            for name in self.columns
            if name not in special
        }
        values.update(special)
        key = {name: values.pop(name) for name in self.key}
        return Row(key, values, place)

    def dump(self, instance: Any = None, /, **special: Any) -> dict[str, Any]:
        """The mapping of ``instance``: ``special`` values as given, the others its attributes
        (left out, as ``None``, where they are the default)."""
        dumped = {}
        for name in self.fields:
            if name in special:
                dumped[name] = special[name]
            else:
                value = getattr(instance, name)
                is_default = name in self.defaults and value == self.defaults[name]
                dumped[name] = None if is_default else value
        return dumped


def compact(mapping: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values, as a document would."""
    return {
        key: value
        for key, value in mapping.items()
        if value is not None and not (isinstance(value, str | list | dict) and not value)
    }


def number_text(value: Decimal | int | None) -> int | str | None:
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else str(value.normalize())


def time_text(value: datetime.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def grouped(objects: Iterable[T], key: Callable[[T], K]) -> dict[K, list[T]]:
    """``objects`` in lists by ``key``, in the order each key first comes."""
    groups: dict[K, list[T]] = {}
    for obj in objects:
        groups.setdefault(key(obj), []).append(obj)
    return groups
