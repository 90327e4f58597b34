"""Per-table spreadsheet files in tests (the admin's 가져오기 / 내보내기 and the resources behind
them): build a .csv or .xlsx file, import it through a resource or upload it to the admin,
export a table as the admin does, read an export back, count every table's rows, and assert
that a refused file is refused with its messages and writes nothing."""

from __future__ import annotations

import csv
import html
import io

import openpyxl
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.urls import reverse

from budget.resources import BudgetLineResource, CountyBudgetResource, FundingRowResource
from civic.resources import (
    CitizenSuggestionResource,
    ElectionResource,
    FieldVisitResource,
    HousingProjectResource,
    ParticipationPointYearResource,
    ResidentCouncilResource,
    TownshipResource,
)
from personnel.resources import OfficerResource, StaffingCountResource, WelfareProgramResource
from plans.exchange.resources.cards import (
    CardContactResource,
    CardFactResource,
    PlanItemResource,
    ProgressItemResource,
    TaskCardResource,
)
from plans.exchange.resources.formats import CSV, XLSX

RESOURCES = [
    TaskCardResource,
    PlanItemResource,
    FundingRowResource,
    ProgressItemResource,
    CardFactResource,
    CardContactResource,
    BudgetLineResource,
    CountyBudgetResource,
    StaffingCountResource,
    OfficerResource,
    WelfareProgramResource,
    TownshipResource,
    ResidentCouncilResource,
    ParticipationPointYearResource,
    HousingProjectResource,
    ElectionResource,
    FieldVisitResource,
    CitizenSuggestionResource,
]
RESOURCE_IDS = [resource._meta.model.__name__ for resource in RESOURCES]

BUDGET_HEADERS = ["과", "회계연도", "회계", "예산 단계", "팀", "기타 항목", "순서", "금액(천원)"]


def row_counts() -> dict[str, int]:
    """Rows of every table of the project, and of the admin's log."""
    counts = {
        model._meta.label: model._default_manager.count()
        for app in ("personnel", "budget", "civic", "plans")
        for model in apps.get_app_config(app).get_models()
    }
    counts["admin.LogEntry"] = LogEntry.objects.count()
    return counts


def csv_bytes(rows, encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def url(model, action: str) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}")


def upload(client, model, data: bytes, name: str, file_format: str = ""):
    return client.post(
        url(model, "import"),
        {"import_file": SimpleUploadedFile(name, data), "format": file_format},
    )


def text(response) -> str:
    return html.unescape(response.content.decode("utf-8"))


def file_format(name: str):
    return XLSX() if name.endswith(".xlsx") else CSV()


def run_import(resource_class, data: bytes, name: str, *, dry_run: bool):
    dataset = file_format(name).create_dataset(data)
    return resource_class().import_data(dataset, dry_run=dry_run)


def result_messages(result) -> list[str]:
    messages = [str(error.error) for error in result.base_errors]
    for row in result.invalid_rows:
        for texts in row.error_dict.values():
            messages.extend(texts)
    return messages


def assert_refused(client, resource_class, data: bytes, name: str, expected: list[str]) -> str:
    """The admin's preview shows every expected message and offers no confirm; importing the
    same file for real reports them too; no table changes. Returns the preview's text."""
    model = resource_class._meta.model
    before = row_counts()
    response = upload(client, model, data, name)
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    page = text(response)
    for message in expected:
        assert message in page
    for dry_run in (True, False):
        result = run_import(resource_class, data, name, dry_run=dry_run)
        messages = result_messages(result)
        for message in expected:
            assert any(message in found for found in messages), (message, messages)
    assert row_counts() == before
    return page


def assert_file_refused(client, model, data: bytes, name: str, message: str) -> None:
    before = row_counts()
    response = upload(client, model, data, name)
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert message in text(response)
    assert row_counts() == before


def exported(resource_class, name: str) -> bytes:
    """The table as the admin's export writes it."""
    file_class = type(file_format(name))
    dataset = resource_class().export(force_native_type=file_class.native_types)
    return file_class().export_data(dataset)


def export_through_admin(client, model, name: str) -> bytes:
    page = client.get(url(model, "export"))
    assert page.status_code == 200
    assert [label for _value, label in page.context["form"].fields["format"].choices] == [
        "xlsx",
        "csv",
    ]
    data = {"format": "0" if name.endswith(".xlsx") else "1", "resource": "0"}
    response = client.post(url(model, "export"), data)
    assert response.status_code == 200, text(response)[-2000:]
    return response.content


def budget_rows(*rows) -> list[list]:
    return [BUDGET_HEADERS, *rows]


def snapshot(model) -> list[tuple]:
    """A table's rows without ids and timestamps, in a stable order."""
    names = [
        field.attname
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name != "updated_at"
    ]
    return sorted(model._default_manager.values_list(*names), key=repr)


def delete_all(model) -> None:
    """Delete a table's rows, first deleting rows elsewhere that protect them."""
    while True:
        try:
            model._default_manager.all().delete()
            return
        except ProtectedError as error:
            for obj in error.protected_objects:
                delete_all(type(obj))


def xlsx_cells(data: bytes) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return list(workbook.active.iter_rows(values_only=True))


def csv_cells(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Korean Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
