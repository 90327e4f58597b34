"""A per-table import is all or nothing: one bad row among rows written in bulk batches, a
database error in a later batch, or a duplicate only the database notices leaves every table as
it was."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from plans.exchange.resources.cards import PlanItemResource
from plans.models import PlanItem
from tests.tables import csv_bytes, result_messages, row_counts, run_import

pytestmark = pytest.mark.django_db


def plan_item_rows(count: int, *, bad: int | None = None) -> list[list]:
    header = ["과", "연도", "구분", "번호", "순서", "내용", "일정", "목표", "세부 내용",
              "함께 표시할 자료"]  # fmt: skip
    rows = [header]
    for order in range(10, count + 10):
        schedule = "23. 13." if order - 9 == bad else "'23. 5."
        rows.append(["자치행정과", 2023, "주요업무계획", 7, order, f"항목 {order}", schedule,
                     "", "", ""])  # fmt: skip
    return rows


def test_one_bad_row_writes_nothing_even_when_rows_are_written_in_bulk(world):
    assert PlanItemResource._meta.use_bulk
    assert PlanItemResource._meta.batch_size == 1000
    before = row_counts()
    # 1,500 rows: the first 1,000 are written in a batch before row 1,400 turns out bad.
    data = csv_bytes(plan_item_rows(1500, bad=1400))
    result = run_import(PlanItemResource, data, "items.csv", dry_run=False)
    assert [row.number for row in result.invalid_rows] == [1401]
    assert row_counts() == before
    # Without the bad row the same file is written whole.
    result = run_import(PlanItemResource, csv_bytes(plan_item_rows(1500)), "i.csv", dry_run=False)
    assert not result.has_validation_errors() and not result.has_errors()
    assert PlanItem.objects.count() == before["plans.PlanItem"] + 1500


def test_a_database_error_in_a_later_batch_undoes_the_earlier_batches(world, monkeypatch):
    before = row_counts()
    manager = type(PlanItem.objects)
    real_bulk_create = manager.bulk_create
    calls = []

    def failing_bulk_create(self, objs, *args, **kwargs):
        if self.model is not PlanItem:  # the change history's rows, written with each batch
            return real_bulk_create(self, objs, *args, **kwargs)
        calls.append(len(objs))
        if len(calls) == 2:
            raise IntegrityError("UNIQUE constraint failed: plans_planitem.card_id")
        return real_bulk_create(self, objs, *args, **kwargs)

    monkeypatch.setattr(manager, "bulk_create", failing_bulk_create)
    result = run_import(PlanItemResource, csv_bytes(plan_item_rows(1500)), "i.csv", dry_run=False)
    assert calls == [1000, 500]
    assert result.has_errors()
    assert "데이터베이스가 저장을 거부했습니다" in result_messages(result)[0]
    assert row_counts() == before


def test_a_real_database_refusal_is_reported_and_rolled_back(world, monkeypatch):
    """Were the in-memory checks to miss a duplicate, the database's own unique constraint
    refuses the batch; the import reports it and writes nothing (on PostgreSQL too, whose
    transaction must not be left aborted)."""
    from plans.exchange.resources.base import SpreadsheetResource

    monkeypatch.setattr(SpreadsheetResource, "repeated_values", lambda self, *args: [])
    before = row_counts()
    rows = plan_item_rows(1200)
    rows.append(rows[-1])  # the same card and 순서 twice: only the database notices now
    result = run_import(PlanItemResource, csv_bytes(rows), "items.csv", dry_run=False)
    assert result.has_errors()
    assert "데이터베이스가 저장을 거부했습니다" in result_messages(result)[0]
    assert row_counts() == before
