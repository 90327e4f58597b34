"""Per-table round trips, rows matched by natural keys and not ids: every table's export imports
back into an empty table as the same rows, an unchanged file changes nothing, a file moves
between installations whose ids differ, and a changed row updates the stored one."""

from __future__ import annotations

import io

import openpyxl
import pytest

from budget.models import BudgetLine
from budget.resources import BudgetLineResource
from personnel.models import Team
from plans.exchange.resources.cards import TaskCardResource
from plans.models import TaskCard
from tests.tables import (
    RESOURCE_IDS,
    RESOURCES,
    delete_all,
    exported,
    result_messages,
    run_import,
    snapshot,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("resource_class", RESOURCES, ids=RESOURCE_IDS)
@pytest.mark.parametrize("name", ["table.xlsx", "table.csv"])
def test_an_export_imports_back_into_an_empty_table(world, resource_class, name):
    model = resource_class._meta.model
    rows = snapshot(model)
    assert rows, f"the test world has no {model.__name__}"
    data = exported(resource_class, name)
    delete_all(model)
    assert not model._default_manager.exists()

    preview = run_import(resource_class, data, name, dry_run=True)
    assert not preview.has_errors() and not preview.has_validation_errors(), result_messages(
        preview
    )
    assert preview.totals["new"] == len(rows)
    assert not model._default_manager.exists()  # a dry run writes nothing

    result = run_import(resource_class, data, name, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert snapshot(model) == rows

    # The same file again changes nothing: every row is reported unchanged.
    again = run_import(resource_class, data, name, dry_run=False)
    assert (again.totals["new"], again.totals["update"]) == (0, 0)
    assert again.totals["skip"] == len(rows)
    assert len(again.rows) == len(rows)  # skipped rows are reported
    assert snapshot(model) == rows


def test_rows_are_matched_by_names_so_files_move_between_installations(world):
    """Teams re-created in another order get other ids; the file names them, so it still
    imports into the same lines."""
    data = exported(BudgetLineResource, "lines.xlsx")
    figures = sorted(
        BudgetLine.objects.values_list("fiscal_year", "team__name", "heading", "amount"), key=repr
    )
    delete_all(BudgetLine)
    department = world.department
    old = list(Team.objects.filter(department=department).order_by("order").values())
    old_ids = {values.pop("id") for values in old}
    delete_all(Team)  # and the staffing, officers and cards that name them
    for values in reversed(old):
        Team.objects.create(**{**values, "order": values["order"] + 10})
    assert not set(Team.objects.values_list("pk", flat=True)) & old_ids

    result = run_import(BudgetLineResource, data, "lines.xlsx", dry_run=False)
    assert not result.has_validation_errors(), result_messages(result)
    after = sorted(
        BudgetLine.objects.values_list("fiscal_year", "team__name", "heading", "amount"), key=repr
    )
    assert after == figures


def test_a_changed_row_updates_the_stored_one_and_the_rest_are_unchanged(world):
    workbook = openpyxl.load_workbook(io.BytesIO(exported(TaskCardResource, "cards.xlsx")))
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=headers.index("과제명") + 1, value="주민자치회 전면 실시(수정)")
    buffer = io.BytesIO()
    workbook.save(buffer)
    count = TaskCard.objects.count()
    result = run_import(TaskCardResource, buffer.getvalue(), "cards.xlsx", dry_run=False)
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 1, 1)
    assert TaskCard.objects.count() == count
    assert TaskCard.objects.filter(title="주민자치회 전면 실시(수정)").exists()
