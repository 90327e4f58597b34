"""The two file formats of the admin's import and export, as Korean Excel makes them.

- ``XLSX``: the first sheet of a workbook; numbers and dates keep their types on export.
- ``CSV``: read from UTF-8 with or without BOM or from CP949 (what Korean Excel saves as
  "CSV"), written as UTF-8 with a BOM so Korean Excel opens it without garbling the text.

Both read through :mod:`plans.exchange.cells` (size and row limits, encodings, a renamed file
refused) into a ``tablib.Dataset`` that remembers each data row's row number in the file, so a
message can say "5행" even when blank rows were skipped."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import tablib
from import_export.formats import base_formats

from plans.exchange import cells
from plans.exchange.cells import CellError, SpreadsheetError, UncomputedFormula, cell_text
from plans.exchange.resources.widgets import is_blank


@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    numbers: list[int]  # the file's row number of each data row (the header is row 1)


def read_table(rows: Iterable[Sequence]) -> Table:
    """A header row and the data rows under it. Blank rows are skipped (their numbers kept for
    messages); a value beyond the last named column is refused rather than dropped, and so is a
    formula without its result (read as blank, it would erase the stored value), naming every
    such cell."""
    iterator = iter(rows)
    header: list = []
    header_number = 0
    for header_number, candidate in enumerate(iterator, start=1):  # noqa: B007
        if not all(is_blank(value) for value in candidate):
            header = list(candidate)
            break
    else:
        raise SpreadsheetError(
            "빈 파일입니다. 첫 행에 열 이름(머리글)을, 둘째 행부터 자료를 넣으십시오."
        )
    while header and is_blank(header[-1]):
        header.pop()
    headers = [cell_text(value).strip() for value in header]
    width = len(headers)
    table = Table(headers=headers, rows=[], numbers=[])
    for number, values in enumerate(iterator, start=header_number + 1):
        values = list(values)
        if all(is_blank(value) for value in values):
            continue
        for position, value in enumerate(values[width:], start=width + 1):
            if not is_blank(value):
                raise SpreadsheetError(
                    f"{number}행 {position}번째 열: 머리글이 없는 열에 값({cell_text(value)})이 "
                    "있습니다. 첫 행에 열 이름을 쓰거나 값을 지우십시오."
                )
        values = values[:width] + [None] * (width - len(values))
        table.rows.append(values)
        table.numbers.append(number)
    if not table.rows:
        raise SpreadsheetError("머리글만 있고 가져올 행이 없습니다. 둘째 행부터 자료를 넣으십시오.")
    formulas = [
        str(
            CellError(
                number, headers[position] or f"{position + 1}번째", cells.formula_message(value)
            )
        )
        for number, values in zip(
            [header_number, *table.numbers], [header, *table.rows], strict=True
        )
        for position, value in enumerate(values[:width])
        if isinstance(value, UncomputedFormula)
    ]
    if formulas:
        raise SpreadsheetError("\n".join(formulas))
    return without_empty_columns(table)


def without_empty_columns(table: Table) -> Table:
    """Drop columns with neither a header nor a value (a spacer column left in the sheet)."""
    keep = [
        index
        for index, header in enumerate(table.headers)
        if header or any(not is_blank(row[index]) for row in table.rows)
    ]
    if len(keep) == len(table.headers):
        return table
    return Table(
        headers=[table.headers[index] for index in keep],
        rows=[[row[index] for index in keep] for row in table.rows],
        numbers=table.numbers,
    )


def table_dataset(table: Table) -> tablib.Dataset:
    dataset = tablib.Dataset(*table.rows, headers=table.headers)
    dataset.file_rows = table.numbers
    return dataset


#: No table has nearly this many columns; a sheet claiming more is read only this far.
MAX_COLUMNS = 200


def as_bytes(data) -> bytes:
    return data if isinstance(data, bytes) else data.encode("utf-8")


class XLSX(base_formats.XLSX):
    #: Numbers, dates and times are written as Excel values, not text.
    native_types = True

    def create_dataset(self, in_stream):
        workbook = cells.open_workbook(as_bytes(in_stream))
        try:
            sheet = workbook.worksheets[0]
            rows = cells.sheet_rows(sheet, max_col=self.width(sheet))
            return table_dataset(read_table(rows))
        finally:
            workbook.close()

    @staticmethod
    def width(sheet) -> int:
        """Columns to read: the sheet's stated width, unless a stray format stretched it to
        column XFD; then the header's width and one more (to catch a value beyond it)."""
        declared = getattr(sheet, "max_column", None)
        if isinstance(declared, int) and 0 < declared <= MAX_COLUMNS:
            return declared
        first = next(cells.sheet_rows(sheet), ())
        while first and first[-1] is None:
            first = first[:-1]
        return min(len(first) + 1, MAX_COLUMNS)


class CSV(base_formats.CSV):
    native_types = False
    CONTENT_TYPE = "text/csv; charset=utf-8"

    # Bytes in, so our decoder chooses the encoding (the library would assume UTF-8).
    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        rows = cells.csv_rows(as_bytes(in_stream))
        return table_dataset(read_table(rows))

    def export_data(self, dataset, **kwargs):
        text = super().export_data(dataset, **kwargs)
        return ("\ufeff" + text).encode("utf-8")


#: The formats the admin offers, in the order of its menu.
FORMATS = [XLSX, CSV]
