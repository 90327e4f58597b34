"""Optimistic locking of the admin's grids (부서 예산 입력 in budget.admin_grid, 인력 현황 입력 in
personnel.admin_staffing), and the record of what a grid's save wrote.

A grid form carries a digest of the stored rows it was loaded with, in the hidden field
``DIGEST_FIELD``. Saving locks those rows, digests them again and writes nothing if the two
differ: someone saved in between, and one clerk's save must never silently undo another's. Each
grid says which fields of a row count (what the page shows); this module only hashes them, so
both grids compare digests the same way."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

#: The POST name of the hidden field holding the digest of the rows the form was loaded with.
DIGEST_FIELD = "grid_digest"

Row = TypeVar("Row")


def rows_digest(items: Iterable[tuple[Any, ...]]) -> str:
    """sha256 of the sorted ``items`` (one tuple of plain values per stored row): it changes
    whenever a row of the grid is created, changed or deleted, whatever order they were read in."""
    ordered = sorted(items)
    return hashlib.sha256(json.dumps(ordered, ensure_ascii=False).encode()).hexdigest()


@dataclass
class GridChanges(Generic[Row]):
    """The rows a grid's save created, changed (each with what changed, "현원 3 → 4") and
    deleted, for the admin's log (plans.admin.log)."""

    created: list[Row] = field(default_factory=list)
    updated: list[tuple[Row, str]] = field(default_factory=list)
    deleted: list[Row] = field(default_factory=list)
