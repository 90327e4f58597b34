"""The admin grids' optimistic lock (plans.rules.grid_lock): the digest of the rows a form was
loaded with is the same whatever order the rows are read in, and changes when any value of any
row changes, so a save over a rival's newer rows is refused (tests/admin/test_budget_grid.py and
test_admin_staffing_grid.py check the refusal on the pages)."""

from __future__ import annotations

import hashlib
import json

from plans.rules.grid_lock import GridChanges, rows_digest

ROWS = [(2023, 7, "예비비", 2, 1_000), (2022, 7, "행정팀", 1, 992_000)]


def test_the_digest_is_sha256_of_the_sorted_rows_with_korean_kept():
    expected = hashlib.sha256(
        json.dumps(sorted(ROWS), ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    assert rows_digest(ROWS) == expected
    assert rows_digest(reversed(ROWS)) == expected


def test_any_changed_value_changes_the_digest():
    before = rows_digest(ROWS)
    changed = [ROWS[0], (2022, 7, "행정팀", 1, 992_001)]
    assert rows_digest(changed) != before
    assert rows_digest(ROWS[:1]) != before  # a row deleted
    assert rows_digest([*ROWS, (2023, 8, "", 3, 0)]) != before  # a row added


def test_changes_start_empty_and_are_not_shared():
    first, second = GridChanges[str](), GridChanges[str]()
    first.created.append("행정팀 2023년")
    assert (second.created, second.updated, second.deleted) == ([], [], [])
