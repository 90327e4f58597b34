"""Files built in the tests, and the two admin import paths they are uploaded through."""

from __future__ import annotations

import html
import io
import zipfile

import openpyxl
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

WORKBOOK_URL = "admin:plans_workplan_import_workbook"


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    return saved(workbook)


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def edited(data: bytes, edit) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    edit(workbook)
    return saved(workbook)


def column_of(sheet, header: str) -> int:
    """The column of ``header`` in a sheet of the whole-plan workbook (headers in row 2)."""
    return [cell.value for cell in sheet[2]].index(header) + 1


def row_of(sheet, header: str, value) -> int:
    column = column_of(sheet, header)
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row, column).value == value:
            return row
    raise LookupError((header, value))


def append_row(sheet, values: dict) -> int:
    """Add a row to a sheet of the whole-plan workbook, values by header; its row number."""
    row = sheet.max_row + 1
    for header, value in values.items():
        sheet.cell(row, column_of(sheet, header)).value = value
    return row


def replace_text(data: bytes, old: str, new: str) -> bytes:
    """The package with ``old`` replaced by ``new`` in its XML parts: how a test writes what
    openpyxl will not write, such as Excel's escape of a control character (``_x0001_``)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith(".xml"):
                content = content.replace(old.encode(), new.encode())
            target.writestr(info.filename, content)
    return buffer.getvalue()


def everything() -> dict[str, int]:
    """Rows of every table of the project (change history included) and of the admin's log:
    what an import that writes nothing leaves as it was."""
    counts = {
        model._meta.label: model._default_manager.count()
        for app in ("personnel", "budget", "civic", "plans")
        for model in apps.get_app_config(app).get_models()
    }
    counts["admin.LogEntry"] = LogEntry.objects.count()
    return counts


def table_url(model, action: str = "import") -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}")


def upload_table(client, model, data: bytes, name: str):
    """The per-table import's first step (the preview of a dry run)."""
    return client.post(
        table_url(model), {"import_file": SimpleUploadedFile(name, data), "format": ""}
    )


def upload_workbook(client, data: bytes, name: str = "plan.xlsx"):
    """The whole-plan workbook import's first step (the preview)."""
    return client.post(reverse(WORKBOOK_URL), {"workbook": SimpleUploadedFile(name, data)})


def page_text(response) -> str:
    return html.unescape(response.content.decode("utf-8"))
