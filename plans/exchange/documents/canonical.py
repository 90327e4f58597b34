"""The canonical form of a document (what a dump writes), its digest, and documents as YAML
text."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
from decimal import Decimal
from typing import Any

import yaml
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.dateparse import parse_date, parse_datetime, parse_time

from budget.models import DisplayUnit
from personnel.models import DepartmentKind
from plans.rules.schedules import ScheduleError, normalize_schedule

from .plan import CARD_KINDS
from .shapes import clean_text, number_text, time_text

# Document keys whose values are schedules, dates, or a time (for normalize_document).
_SCHEDULE_KEYS = frozenset(
    {"schedule", "period", "approved", "members_appointed", "ordinance_enacted", "fund_established"}
)
_DATE_KEYS = frozenset({"date", "start_date", "end_date", "as_of", "law_enacted", "law_effective"})


def normalize_document(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` in the canonical form :func:`dump_plan_document` writes: schedules as stored
    ('23. 3.), text trimmed, empty values and defaults left out, officers by name."""
    return _normalize(data)


def _normalize(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        result = {}
        for name, item in value.items():
            item = _normalize(item, name)
            if item is None or (isinstance(item, str | list | dict) and not item):
                continue
            if name == "is_active" and item is True:
                continue
            if key == "department" and name == "kind" and item == DepartmentKind.DIVISION:
                continue  # a 과, the default
            result[name] = item
        if result.get("funding_unit") == DisplayUnit.MILLION and not result.get("funding"):
            del result["funding_unit"]
        return result
    if isinstance(value, list):
        items = [_normalize(item, key) for item in value]
        if key == "notes":
            items = [" ".join(item.split()) for item in items if isinstance(item, str)]
        if key == "kinds":
            items = [label for label in CARD_KINDS if label in items]
        if key == "officers":
            items.sort(key=lambda officer: (officer.get("name", ""), officer.get("phone", "")))
        return items
    if key in _DATE_KEYS and isinstance(value, str):
        return parse_date(value.strip()) or value
    if key == "start_time":
        if isinstance(value, str):
            value = parse_time(value.strip()) or value
        return time_text(value) if isinstance(value, datetime.time) else value
    if key == "published_at" and isinstance(value, str):
        return parse_datetime(value.strip()) or value
    if key == "min_urban_ratio" and isinstance(value, int | float | Decimal | str):
        with contextlib.suppress(ArithmeticError, ValueError):
            return number_text(Decimal(str(value)))
    if isinstance(value, str):
        text = clean_text(value)
        if key in _SCHEDULE_KEYS and text:
            with contextlib.suppress(ScheduleError):
                text = normalize_schedule(text)
        return text
    return value


#: The plan's publication (상태, 게시 시각): the workflow's, not content. Publishing the same plan
#: again, or an upload (which never changes them), must not change a digest.
PUBLICATION_KEYS = ("status", "published_at")


def document_content(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` without its publication, as plain JSON values (dates as ISO text): what a
    published version stores, and what :func:`document_digest` digests."""
    plan = {k: v for k, v in document.get("plan", {}).items() if k not in PUBLICATION_KEYS}
    content = {**document, "plan": plan} if "plan" in document else dict(document)
    return json.loads(json.dumps(content, cls=DjangoJSONEncoder, ensure_ascii=False))


def document_digest(document: dict[str, Any]) -> str:
    """The SHA-256 of a document's content (:func:`document_content`) in one serialisation:
    keys sorted, no blanks. The one digest of a plan document: a published version's content
    hash, and (shortened) the workbook's '내보낸 판'. The caller gives the document in canonical
    form (a dump is; a document read from a file goes through :func:`normalize_document`)."""
    text = json.dumps(
        document_content(document), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(text.encode()).hexdigest()


class _DocumentDumper(yaml.SafeDumper):
    """Writes multi-line text as literal blocks, so outlines stay readable."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_DocumentDumper.add_representer(str, _represent_str)


def document_to_yaml(data: dict[str, Any]) -> str:
    """A document as YAML text in the fixture's style (keys in order, Korean unescaped)."""
    return yaml.dump(data, Dumper=_DocumentDumper, allow_unicode=True, sort_keys=False, width=1000)
