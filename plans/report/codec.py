"""The report context as JSON values and back, for the versions that keep it
(plans.workflow.freezing).

The context is plain data (plans.report.context), so the mapping is small and explicit: a
dataclass is an object of its fields by name, a list or a tuple an array, a Decimal and a date
their text (``"11.38"``, ``"2023-02-16"``: JSON numbers would lose a Decimal's exactness), and
str, int, bool and None themselves. Nothing else is written: a value of any other type (a
model instance, an enum member, a lazy translation) is refused when the report is frozen, not
discovered when it is read years later.

Reading is driven by the dataclasses' own type hints and is strict: an object with a field
missing or too many, or a value of another type than the hint, is refused with `ShapeError`.
No name in the data chooses what is built, so stored data can only ever give the report's own
dataclasses and plain values."""

from __future__ import annotations

import dataclasses
import datetime
import types
import typing
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")

# Written and read as themselves. bool is not an int here: the hints say which one is meant.
_SCALARS = (str, int, bool)


class ShapeError(ValueError):
    """Stored data that is not the shape of the report's dataclasses."""


def to_json(value: Any) -> Any:
    """``value`` (a report dataclass, or a plain value inside one) as JSON values."""
    if value is None or type(value) in _SCALARS:
        return value
    if type(value) is Decimal:
        return str(value)
    if type(value) is datetime.date:
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_json(getattr(value, field.name)) for field in _fields(type(value))}
    if type(value) in (list, tuple):
        return [to_json(item) for item in value]
    kind = f"{type(value).__module__}.{type(value).__qualname__}"
    raise TypeError(
        f"보고서 내용에 넣을 수 없는 값입니다({kind}): "
        "보고서 내용은 문자열, 수, 날짜와 그 목록, 데이터클래스만 담습니다."
    )


def from_json(kind: type[T], data: Any) -> T:
    """The ``kind`` dataclass that ``to_json`` wrote as ``data``; ShapeError if it is not one."""
    return _read(kind, data, kind.__name__)


@cache
def _fields(kind: type) -> tuple[dataclasses.Field, ...]:
    return dataclasses.fields(kind)


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def _read(hint: Any, data: Any, where: str) -> Any:
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if data is None and type(None) in arguments:
            return None
        others = [argument for argument in arguments if argument is not type(None)]
        if len(others) != 1:
            raise TypeError(f"{where}: 보고서 내용의 형에 읽을 수 없는 합집합이 있습니다: {hint}")
        return _read(others[0], data, where)
    if origin is list:
        return [
            _read(arguments[0], item, f"{where}[{n}]") for n, item in enumerate(_array(data, where))
        ]
    if origin is tuple:
        items = _array(data, where)
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return tuple(_read(arguments[0], item, f"{where}[{n}]") for n, item in enumerate(items))
        if len(items) != len(arguments):
            raise ShapeError(
                f"{where}: 값 {len(arguments)}개가 있어야 하는데 {len(items)}개입니다."
            )
        return tuple(
            _read(argument, item, f"{where}[{n}]")
            for n, (argument, item) in enumerate(zip(arguments, items, strict=True))
        )
    if dataclasses.is_dataclass(hint):
        return _read_dataclass(hint, data, where)
    if hint in _SCALARS:
        if type(data) is not hint:
            raise ShapeError(
                f"{where}: {hint.__name__} 값이어야 하는데 {type(data).__name__}입니다."
            )
        return data
    if hint is Decimal:
        try:
            return Decimal(_text(data, where))
        except InvalidOperation as error:
            raise ShapeError(f"{where}: 수가 아닙니다: {data!r}") from error
    if hint is datetime.date:
        try:
            return datetime.date.fromisoformat(_text(data, where))
        except ValueError as error:
            raise ShapeError(f"{where}: 날짜가 아닙니다: {data!r}") from error
    raise TypeError(f"{where}: 보고서 내용의 형으로 읽을 수 없는 형입니다: {hint}")


def _read_dataclass(kind: type, data: Any, where: str) -> Any:
    if type(data) is not dict:
        raise ShapeError(f"{where}: 이름과 값의 묶음이어야 하는데 {type(data).__name__}입니다.")
    names = [field.name for field in _fields(kind)]
    if set(data) != set(names):
        missing = ", ".join(name for name in names if name not in data)
        extra = ", ".join(str(name) for name in data if name not in names)
        raise ShapeError(f"{where}: 빠진 항목({missing or '없음'}), 모르는 항목({extra or '없음'})")
    hints = _hints(kind)
    return kind(**{name: _read(hints[name], data[name], f"{where}.{name}") for name in names})


def _array(data: Any, where: str) -> list:
    if type(data) is not list:
        raise ShapeError(f"{where}: 목록이어야 하는데 {type(data).__name__}입니다.")
    return data


def _text(data: Any, where: str) -> str:
    if type(data) is not str:
        raise ShapeError(f"{where}: 글자로 적힌 값이어야 하는데 {type(data).__name__}입니다.")
    return data
