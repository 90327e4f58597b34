"""The admin side of the per-table import and export: a mixin for the existing ``ModelAdmin``
classes that adds 가져오기 / 내보내기 with .xlsx and .csv, a two-step import (a dry run whose
preview counts new, changed, unchanged and invalid rows; then the confirmed import) and Korean
messages throughout.

Importing needs the model's change permission, exporting its view permission
(``IMPORT_EXPORT_*_PERMISSION_CODE`` in settings)."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm, ImportForm
from import_export.results import RowResult

from plans.admin.access import ImportGuard
from plans.exchange import cells
from plans.exchange.cells import SpreadsheetError
from plans.exchange.changes import preview_rows
from plans.exchange.resources.formats import FORMATS


class SpreadsheetImportForm(ImportForm):
    """The upload form: the format may be left to the file's extension; a file over the size
    limit, of another kind or empty is refused before it is read."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        upload = self.fields["import_file"]
        upload.label = "파일"
        upload.help_text = (
            f"엑셀(.xlsx) 또는 CSV(UTF-8, CP949) 파일, {cells.limits_text()}. "
            "첫 행은 열 이름(머리글)입니다. 내보내기로 받은 파일을 고쳐 올리면 됩니다."
        )
        upload.error_messages["empty"] = "빈 파일입니다. 자료가 든 파일을 올리십시오."
        choice = self.fields["format"]
        choice.label = "형식"
        choice.required = False
        choice.help_text = "비워 두면 파일 확장자로 고릅니다."

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > cells.upload_limit():
            raise forms.ValidationError(cells.too_large_message(upload.size))
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is None:
            return cleaned
        extension = Path(upload.name).suffix.lower().lstrip(".")
        by_extension = {format_().get_extension(): str(i) for i, format_ in enumerate(self.formats)}
        chosen = cleaned.get("format")
        if extension not in by_extension:
            self.add_error(
                "import_file",
                f"'{upload.name}'은(는) 가져올 수 없는 파일입니다. "
                "엑셀(.xlsx) 또는 CSV(.csv) 파일을 올리십시오.",
            )
        elif not chosen:
            cleaned["format"] = by_extension[extension]
        elif by_extension[extension] != chosen:
            self.add_error(
                "format",
                f"파일 확장자(.{extension})와 고른 형식이 다릅니다. "
                "형식을 비워 두거나 맞게 고르십시오.",
            )
        return cleaned


class SpreadsheetExportForm(ExportForm):
    """Every column, always: an exported file is the import's format (its key columns
    included), so it can be edited and imported back. .xlsx is the default."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        choice = self.fields["format"]
        choice.label = "형식"
        choice.choices = [(value, label) for value, label in choice.choices if value != ""]
        choice.initial = "0"


class SpreadsheetImportExportMixin(ImportExportMixin):
    """Mixed into an admin before ``admin.ModelAdmin``; the admin sets ``resource_classes``."""

    formats = FORMATS
    import_form_class = SpreadsheetImportForm
    import_template_name = "admin/import_export/spreadsheet_import.html"
    import_error_display = ("message",)
    export_form_class = SpreadsheetExportForm
    export_template_name = "admin/import_export/spreadsheet_export.html"

    def has_import_permission(self, request):
        """An import both creates and changes rows, so it needs both permissions (the library
        checks one code only)."""
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        """Every row of the file, new or stored, must be one this user may write here (their
        team's, their department's; not locked by the workflow): plans.exchange.resources.scoped."""
        kwargs = super().get_import_resource_kwargs(request, **kwargs)
        return {**kwargs, "access": ImportGuard(self, request)}

    def get_import_context_data(self, **kwargs):
        return {
            **super().get_import_context_data(**kwargs),
            "limits": cells.limits_text(),
            "preview_rows": preview_rows(),
        }

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetError):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file",
                "파일을 읽을 수 없습니다. 엑셀(.xlsx) 또는 CSV 파일인지, 손상되지 않았는지 "
                "확인하십시오.",
            )

    def get_export_data(self, file_format, request, queryset, **kwargs):
        """As the library's, except that a format says itself whether it keeps numbers and
        dates as values (.xlsx) or writes text (.csv)."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        kwargs.pop("encoding", None)  # .csv is written as UTF-8 with BOM by the format
        data = self.get_data_for_export(
            request,
            queryset,
            force_native_type=getattr(file_format, "native_types", False),
            **kwargs,
        )
        return file_format.export_data(data)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The file changed between preview and confirm, or the data did: nothing was
            # written (the import rolled back); show why, as the preview would have.
            messages.error(request, "잘못된 행이 있어 아무것도 저장하지 않았습니다.")
            form = self.get_import_form_class(request)(
                self.get_import_formats(), self.get_import_resource_classes(request)
            )
            context = {
                **self.get_import_context_data(),
                **self.admin_site.each_context(request),
                "title": "가져오기",
                "form": form,
                "opts": self.model._meta,
                "media": self.media + form.media,
                "result": result,
                "fields_list": [],
                "import_error_display": self.import_error_display,
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(request, [self.import_template_name], context)
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            f"{self.model._meta.verbose_name_plural} 가져오기를 마쳤습니다: "
            f"새로 추가 {totals[RowResult.IMPORT_TYPE_NEW]:,}건, "
            f"변경 {totals[RowResult.IMPORT_TYPE_UPDATE]:,}건, "
            f"변경 없음 {totals[RowResult.IMPORT_TYPE_SKIP]:,}건.",
        )
