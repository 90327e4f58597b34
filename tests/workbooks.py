"""The whole-plan workbook in tests: open an exported file, find a cell by its sheet's headers,
edit a file as a clerk would in Excel, empty the database for a file to be imported into,
assert that an import refuses a file (and read its messages), and upload a file to the admin's
workbook import."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.urls import reverse
from openpyxl import load_workbook

from plans.exchange import cells as spreadsheets
from plans.exchange.cells import CellError
from plans.exchange.workbook.reader import document_from_workbook, import_plan_workbook
from plans.models import PlanEvent, PublishedVersion, WorkPlan
from tests.demo import project_models, row_counts


def open_xlsx(data: bytes, **options):
    return load_workbook(io.BytesIO(data), **options)


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def headers(ws) -> list[str]:
    return [cell.value for cell in ws[2] if cell.value is not None]


def column_of(ws, header: str) -> int:
    return headers(ws).index(header) + 1


def find_row(ws, match: dict | None = None, **more) -> int:
    """The row number whose cells under the given headers hold the given values."""
    match = {**(match or {}), **more}
    columns = {column_of(ws, header): value for header, value in match.items()}
    for row in range(3, ws.max_row + 1):
        if all(ws.cell(row, column).value == value for column, value in columns.items()):
            return row
    raise LookupError(match)


def cell(ws, header: str, match: dict | None = None, **more):
    return ws.cell(find_row(ws, match, **more), column_of(ws, header))


def edited(data: bytes, edit) -> bytes:
    workbook = open_xlsx(data)
    edit(workbook)
    return saved(workbook)


def delete_all_plan_data() -> None:
    """Empty every table of the project's apps, children before the records they protect."""
    WorkPlan.objects.update(public_version=None)
    PublishedVersion.objects.all().delete()  # the queryset's delete: tests may, the admin not
    PlanEvent.objects.all().delete()
    remaining = project_models()
    while remaining:
        deleted = []
        for model in remaining:
            try:
                with transaction.atomic():
                    model.objects.all().delete()
            except (ProtectedError, RestrictedError):
                continue
            deleted.append(model)
        assert deleted, remaining
        remaining = [model for model in remaining if model not in deleted]
    assert set(row_counts().values()) == {0}


URL = "admin:plans_workplan_import_workbook"


def upload(client, data: bytes, name: str = "plan.xlsx"):
    return client.post(reverse(URL), {"workbook": SimpleUploadedFile(name, data)})


def messages(errors: list[CellError]) -> list[str]:
    return [str(error) for error in errors]


def refused(data: bytes, *, read_twice: bool = True) -> list[str]:
    """The messages of a refused upload, after checking that no table changed."""
    counts = row_counts()
    result, errors = import_plan_workbook(data, dry_run=False)
    assert result is None
    assert errors
    assert row_counts() == counts
    if read_twice:
        with pytest.raises(spreadsheets.SpreadsheetError):
            document_from_workbook(data)
    return messages(errors)
