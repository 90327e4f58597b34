"""Files as Korean Excel saves them: CSV in CP949, UTF-8 or UTF-8 with BOM imports the same,
and numbers, yes/no, dates and times are read as Korean offices type them (1,234, △856, 예,
2023. 2. 16.)."""

from __future__ import annotations

import datetime

import pytest

from budget.models import BudgetLine
from budget.resources import BudgetLineResource
from plans.exchange.resources.widgets import NumberWidget
from tests.tables import budget_rows, csv_bytes, result_messages, run_import, snapshot

pytestmark = pytest.mark.django_db


def test_csv_in_cp949_utf8_and_utf8_with_bom_import_identically(world):
    rows = budget_rows(
        ["자치행정과", 2024, "일반회계", "본예산", "행정팀", "", 1, "1,234"],
        ["자치행정과", 2024, "일반회계", "제1회 추경", "", "행정운영경비", 2, "72,815,000"],
        ["자치행정과", 2024, "특별회계", "본예산", "대외협력팀", "", 1, "0"],
    )
    snapshots = []
    for encoding in ("cp949", "utf-8", "utf-8-sig"):
        data = csv_bytes(rows, encoding)
        result = run_import(BudgetLineResource, data, "lines.csv", dry_run=False)
        assert not result.has_validation_errors(), (encoding, result_messages(result))
        assert result.totals["new"] == 3
        snapshots.append(snapshot(BudgetLine))
        BudgetLine.objects.filter(fiscal_year=2024).delete()
    assert snapshots[0] == snapshots[1] == snapshots[2]
    assert csv_bytes(rows, "cp949") != csv_bytes(rows, "utf-8")
    # The amounts, by the column's place in the snapshot (tests.tables.snapshot's order).
    columns = [f.attname for f in BudgetLine._meta.concrete_fields if not f.primary_key]
    stored = {line[columns.index("amount")] for line in snapshots[0]}
    assert {1234, 72_815_000, 0} <= stored


def test_numbers_as_korean_offices_type_them():
    money = NumberWidget()
    assert money.clean("1,234") == 1234
    assert money.clean("72,815,000") == 72_815_000
    assert money.clean(" 992 ") == 992
    assert money.clean(1500.0) == 1500
    assert money.clean("-") is None
    for typed in ("△856", "(856)", "-856"):
        with pytest.raises(ValueError, match="음수는 입력할 수 없습니다"):
            money.clean(typed)
    # No table of the portal stores a negative number; a column that may have one reads
    # △856 and (856) as the decrease they are.
    change = NumberWidget(allow_negative=True)
    assert change.clean("△856") == -856
    assert change.clean("(856)") == -856
    assert change.clean("△1,234") == -1234


def test_yes_no_dates_and_times_as_typed():
    from plans.exchange.resources.widgets import DateWidget, TimeWidget, YesNoWidget

    yes_no = YesNoWidget()
    assert [yes_no.clean(typed) for typed in ("예", "O", "○", "Y", "1", True, 1.0)] == [True] * 7
    assert [yes_no.clean(typed) for typed in ("아니오", "X", "", None, "0")] == [False] * 5
    with pytest.raises(ValueError, match="예 또는 아니오로 입력하십시오"):
        yes_no.clean("글쎄")
    date = DateWidget()
    for typed in ("2023-02-16", "2023. 2. 16.", "2023.2.16", "2023/2/16"):
        assert date.clean(typed) == datetime.date(2023, 2, 16)
    assert date.clean(datetime.datetime(2023, 2, 16)) == datetime.date(2023, 2, 16)  # noqa: DTZ001
    assert TimeWidget().clean("9:30") == datetime.time(9, 30)


def test_amounts_typed_with_separators_are_stored_as_numbers(admin_client, world):
    rows = budget_rows(["자치행정과", 2024, "일반회계", "본예산", "", "예비비", 9, "1,234"])
    result = run_import(BudgetLineResource, csv_bytes(rows, "cp949"), "l.csv", dry_run=False)
    assert not result.has_validation_errors()
    assert BudgetLine.objects.get(fiscal_year=2024, heading="예비비").amount == 1234
