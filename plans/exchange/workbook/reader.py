"""Reading the whole-plan workbook (plans.exchange.workbook.writer) back into the plan document,
so a plan edited in Excel can be uploaded again.

The reader checks the whole file before anything is written and lists every bad cell, named as
a clerk finds it in Excel (``추진계획 시트 5행 '일정' 열: …``): missing or renamed sheets and
columns, text in a number cell, negative money, unreadable dates and schedules, values the
models' own validators refuse, references to a team, card or officer the workbook does not
have, rows repeating a key, and typed figures in ``(자동 계산)`` columns that disagree with the
computation. Only a file without a single bad cell becomes a document; loading that document
(plans.exchange.documents.load_plan_document) is one transaction, so a refusal there writes
nothing too.

Every cell is read by the rules of plans.exchange.cells, the ones the per-table import reads
by: numbers (``1,234``, ``△856``, ``(856)``), dates, times, yes/no, text (cleaned as every
text is stored, control characters refused; text the writer escaped with an apostrophe,
``'=HYPERLINK…``, reads back as it was), and a formula without its result is refused in its own
cell. A column the layout does not have is refused too, as the per-table import refuses it: the
clerk must know that what they typed there was not read.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    ObjectDoesNotExist,
    ValidationError,
)
from django.db import models, transaction
from django.utils import timezone, translation

from personnel.models import DepartmentKind, GradeCategory
from plans.exchange.cells import (
    UNKNOWN_COLUMN,
    CellError,
    SpreadsheetError,
    UncomputedFormula,
    formula_message,
    open_workbook,
    parse_boolean,
    parse_date,
    parse_datetime,
    parse_integer,
    parse_number,
    parse_time,
    read_text,
    sheet_rows,
    unescape_cell,
)
from plans.exchange.documents import (
    PUBLICATION_KEYS,
    LoadResult,
    document_digest,
    dump_plan_document,
    load_plan_document,
    normalize_document,
)
from plans.exchange.workbook.layout import (
    ACHIEVEMENT_ITEMS,
    ACHIEVEMENTS,
    BUDGET,
    BUREAU_NAME,
    BUREAU_ORDER,
    CARD_KINDS,
    CARDS,
    CONTACTS,
    COUNCILS,
    COUNTY_BUDGET,
    DATA_SHEETS,
    DONATIONS,
    ELECTIONS,
    FACTS,
    FUND,
    FUNDING,
    GRADES,
    HOUSING,
    INFO_FIELDS,
    INFO_HEADERS,
    INFO_TITLE,
    OFFICERS,
    PLAN_ITEMS,
    POINTS,
    POLICY,
    PROGRESS,
    PROMOTION_RULE,
    PROMOTION_STEPS,
    PROMOTION_TARGETS,
    SHEET_ORDER,
    STAFFING,
    TEAMS,
    TOWNSHIPS,
    VISITS,
    WELFARE,
    Column,
    InfoField,
    Kind,
    PolicyPart,
    Sheet,
    card_code,
    grade_label,
)
from plans.models import PlanStatus, Section, WorkPlan
from plans.rules import figures

__all__ = [
    "WorkbookError",
    "document_from_workbook",
    "import_plan_workbook",
    "plan_version",
    "read_plan_workbook",
]

# The header row is looked for in the first rows, so a deleted caption row is forgiven.
HEADER_SEARCH_ROWS = 3
# Columns read past the expected ones, to notice a header typed where none belongs.
EXTRA_COLUMNS = 10

SECTION_CODES = {"IV": Section.MAIN, "Ⅳ": Section.MAIN, "V": Section.SPECIAL, "Ⅴ": Section.SPECIAL}

_CARD = re.compile(r"^(IV|V|Ⅳ|Ⅴ)\s*-\s*(\d{1,3})$", re.IGNORECASE)
_KIND_SEPARATORS = re.compile(r"[,·/\s]+")


#: Why an upload over a plan changed since the file was exported is refused.
STALE_FILE_MESSAGE = (
    "이 파일을 내려받은 뒤에 업무계획이 바뀌었습니다(다른 사람이 고쳤을 수 있습니다). "
    "최신 엑셀 통합문서를 내려받아 다시 고치십시오."
)


def document_version(document: dict[str, Any]) -> str:
    """The content version of a plan document, as the workbook's '내보낸 판' shows it: its
    digest (plans.exchange.documents.document_digest, which leaves the publication out, so
    publishing does not make a file stale), shortened to what a person can compare."""
    return document_digest(normalize_document(document))[:32]


def plan_version(plan: WorkPlan) -> str:
    """What the export writes as '내보낸 판', and what an upload over ``plan`` must carry."""
    return document_version(dump_plan_document(plan))


def existing_plan(document: dict[str, Any], *, lock: bool = False) -> WorkPlan | None:
    """The plan in the database that loading ``document`` would update (one per department
    and year), or ``None`` for a plan the load would create."""
    try:
        slug, year = document["department"]["slug"], document["plan"]["year"]
    except (KeyError, TypeError):
        return None
    plans = WorkPlan.objects.filter(department__slug=slug, year=year)
    if lock:
        plans = plans.select_for_update(of=("self",))
    return plans.first()


def _keep_publication(document: dict[str, Any], plan: WorkPlan | None) -> None:
    """The existing plan's 상태 and 게시 시각 in ``document``; a new plan is a draft."""
    for key in PUBLICATION_KEYS:
        document["plan"].pop(key, None)
    if plan is not None:
        document["plan"]["status"] = plan.status
        if plan.published_at is not None:
            document["plan"]["published_at"] = plan.published_at
    else:
        document["plan"]["status"] = PlanStatus.DRAFT


class WorkbookError(SpreadsheetError):
    """A workbook with bad cells; ``errors`` lists every one of them."""

    def __init__(self, errors: list[CellError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


def document_from_workbook(data: bytes) -> dict[str, Any]:
    """The plan document (the shape plans.exchange.documents loads) of a workbook made by
    plans.exchange.workbook.writer. Raises :class:`WorkbookError` listing every bad cell, or
    :class:`~plans.exchange.cells.SpreadsheetError` for a file that is not such a workbook."""
    document, errors = read_plan_workbook(data)
    if errors:
        raise WorkbookError(errors)
    assert document is not None
    return document


def read_plan_workbook(data: bytes) -> tuple[dict[str, Any] | None, list[CellError]]:
    """The document, or ``None`` and every bad cell; an unreadable file is one error.

    The file's 상태 and 게시 시각 are not read: the document keeps those of the plan in the
    database (a plan the file would create is a draft)."""
    document, _, errors = _read(data)
    if document is not None:
        _keep_publication(document, existing_plan(document))
    return document, errors


def _read(data: bytes) -> tuple[dict[str, Any] | None, str | None, list[CellError]]:
    """The document and the file's '내보낸 판', or ``None`` and every bad cell."""
    try:
        workbook = open_workbook(data)
    except SpreadsheetError as error:
        return None, None, [CellError(0, "", str(error))]
    try:
        with translation.override("ko"):
            reader = _Reader(workbook)
            document = reader.read()
    finally:
        workbook.close()
    if reader.errors:
        return None, None, _in_workbook_order(reader.errors)
    return document, reader.version, []


def _in_workbook_order(errors: list[CellError]) -> list[CellError]:
    """Errors sheet by sheet as the workbook orders them, then by row (the file first)."""
    sheets = {title: index for index, title in enumerate(SHEET_ORDER, start=1)}
    return sorted(errors, key=lambda error: (sheets.get(error.sheet, 0), error.row))


def import_plan_workbook(
    data: bytes, *, dry_run: bool
) -> tuple[LoadResult | None, list[CellError]]:
    """Load a whole-plan workbook: ``(result, [])``, or ``(None, errors)`` with nothing written.

    With ``dry_run`` the load runs and is rolled back, so the result tells what a real import
    would create, change and delete (for a preview before confirming).

    A file over a plan that has changed since it was exported (its '내보낸 판' is missing or
    differs from the plan's version now) is refused: it would undo the others' changes."""
    document, version, errors = _read(data)
    if errors:
        return None, errors
    assert document is not None
    try:
        with transaction.atomic():
            plan = existing_plan(document, lock=True)
            if plan is not None and version != plan_version(plan):
                return None, [CellError(0, "", STALE_FILE_MESSAGE)]
            _keep_publication(document, plan)
            result = load_plan_document(document)
            if dry_run:
                transaction.set_rollback(True)
    except ValidationError as error:
        return None, [CellError(0, "", message) for message in error.messages]
    return result, []


# ---------------------------------------------------------------------------------------------
# Cells


def _squash(text: Any) -> str:
    """A header or label compared without its spaces: '일 정' finds '일정'."""
    return "".join(str(text).split()) if text is not None else ""


def _choice(column: Column, value: Any) -> str:
    text = _squash(value)
    labels = column.choice_labels()
    for stored, label in labels:
        if text in (_squash(label), stored) or (stored and text.lower() == stored.lower()):
            return stored
    if column.choices is Section and text.upper() in SECTION_CODES:
        return SECTION_CODES[text.upper()]
    options = ", ".join(label for stored, label in labels if stored != "")
    raise ValueError(f"'{value}'은(는) 고를 수 없는 값입니다. 다음 중 하나: {options}")


def parse_cell(column: Column, raw: Any) -> Any:
    """A cell's value in the document's type, ``None`` for a blank cell; ValueError with a
    Korean message for a value that does not fit the column (plans.exchange.cells)."""
    if isinstance(raw, UncomputedFormula):
        raise ValueError(formula_message(raw))
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    kind = column.kind
    if kind in (Kind.TEXT, Kind.LONG_TEXT, Kind.SCHEDULE):
        return read_text(raw, schedule=kind == Kind.SCHEDULE) or None
    if isinstance(raw, str):
        raw = unescape_cell(raw)
    if kind in (Kind.INTEGER, Kind.COUNT, Kind.YEAR, Kind.MONEY):
        return parse_integer(raw)
    if kind == Kind.DECIMAL:
        number = parse_number(raw)
        return Decimal(number) if isinstance(number, int) else number
    if kind == Kind.DATE:
        return parse_date(raw)
    if kind == Kind.TIME:
        return parse_time(raw)
    if kind == Kind.DATETIME:
        return parse_datetime(raw, timezone.get_current_timezone())
    if kind == Kind.BOOLEAN:
        return parse_boolean(raw)
    if kind == Kind.CHOICE:
        return _choice(column, raw)
    raise AssertionError(kind)  # pragma: no cover


def _model_field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if model_field.is_relation or not model_field.concrete or model_field.primary_key:
        return None
    return model_field


# ---------------------------------------------------------------------------------------------
# Sheets


@dataclass
class Row:
    sheet: Sheet
    number: int  # the row number Excel shows
    values: dict[str, Any]
    ok: bool = True  # no cell of the row was refused

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)


@dataclass
class _Reader:
    workbook: Any
    errors: list[CellError] = field(default_factory=list)
    # Sheets that are missing or lack a column: their rows are unknown, so references into
    # them are not checked (that would only repeat the one real error many times).
    broken: set[str] = field(default_factory=set)
    unknown_note: str = ""
    info_failed: set[str] = field(default_factory=set)
    version: str | None = None  # the file's '내보낸 판'

    def error(self, sheet: str, row: int, column: str, message: str) -> None:
        self.errors.append(CellError(row, column, message, sheet))

    def row_error(self, row: Row, key: str | None, message: str) -> None:
        header = row.sheet.column(key).header if key else ""
        self.error(row.sheet.title, row.number, header, message)
        row.ok = False
        if any(key in keys for keys in row.sheet.unique):
            # A row whose key is unreadable cannot be referred to: other sheets' rows naming it
            # are not reported as well.
            self.broken.add(row.sheet.title)

    # -- reading ----------------------------------------------------------------------------

    def read(self) -> dict[str, Any] | None:
        names = list(self.workbook.sheetnames)
        known = set(SHEET_ORDER)
        if not known & set(names):
            self.error(
                "",
                0,
                "",
                "업무계획 통합문서가 아닙니다. 포털에서 내려받은 통합문서를 고쳐 올리십시오. "
                f"(이 파일의 시트: {', '.join(names)})",
            )
            return None
        unknown = [name for name in names if name not in known]
        self.unknown_note = f" (알 수 없는 시트: {', '.join(unknown)})" if unknown else ""
        info = self.read_info()
        self.version = (info or {}).get("version")
        sheets = {sheet.title: self.read_sheet(sheet) for sheet in DATA_SHEETS}
        document = _Assembler(self, info or {}, sheets).document()
        return None if self.errors or info is None else document

    def worksheet(self, title: str):
        if title in self.workbook.sheetnames:
            return self.workbook[title]
        self.error(
            title,
            0,
            "",
            f"시트가 없습니다. 시트 이름을 바꾸거나 지우지 마십시오.{self.unknown_note}",
        )
        self.broken.add(title)
        return None

    def rows_of(self, worksheet, width: int) -> list[tuple] | None:
        try:
            return list(sheet_rows(worksheet, max_col=width + EXTRA_COLUMNS))
        except SpreadsheetError as error:
            self.error("", 0, "", str(error))
            self.broken.add(worksheet.title)
            return None

    def header_row(self, title: str, rows: list[tuple], headers: set[str]) -> int | None:
        """The 0-based index of the header row: the first row naming an expected column."""
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            if any(_squash(value) in headers for value in row):
                return index
        self.error(
            title,
            2,
            "",
            "열 제목 줄이 없습니다. 1행은 표 제목, 2행은 열 제목이어야 합니다. "
            "내려받은 통합문서의 열 제목을 지우지 마십시오.",
        )
        self.broken.add(title)
        return None

    def read_sheet(self, sheet: Sheet) -> list[Row]:
        worksheet = self.worksheet(sheet.title)
        if worksheet is None:
            return []
        raw_rows = self.rows_of(worksheet, len(sheet.columns))
        if raw_rows is None:
            return []
        expected = {_squash(column.header): column for column in sheet.columns}
        start = self.header_row(sheet.title, raw_rows, set(expected))
        if start is None:
            return []
        header_number = start + 1
        positions: dict[str, int] = {}
        unknown: list[str] = []
        for index, value in enumerate(raw_rows[start]):
            name = _squash(value)
            if not name:
                continue
            column = expected.get(name)
            if column is None:
                unknown.append(str(value).strip())
            elif column.key in positions:
                self.error(sheet.title, header_number, column.header, "같은 열이 두 번 있습니다.")
                self.broken.add(sheet.title)
            else:
                positions[column.key] = index
        missing = [column for column in sheet.input_columns if column.key not in positions]
        for column in missing:
            self.error(
                sheet.title,
                header_number,
                column.header,
                "열이 없습니다. 열 제목을 바꾸거나 열을 지우지 마십시오.",
            )
        # A column the layout does not have is not read: refused, so that nobody believes
        # what they typed there was imported (next to a missing column it is most likely that
        # column renamed).
        for header in unknown:
            self.error(
                sheet.title,
                header_number,
                header,
                f"{UNKNOWN_COLUMN} 있어야 할 열: "
                + ", ".join(c.header for c in sheet.input_columns),
            )
        if missing or sheet.title in self.broken:
            self.broken.add(sheet.title)
            return []

        rows: list[Row] = []
        for offset, raw in enumerate(raw_rows[start + 1 :], start=header_number + 1):
            cells = {
                key: raw[index] if index < len(raw) else None for key, index in positions.items()
            }
            if all(
                value is None or (isinstance(value, str) and not value.strip())
                for value in cells.values()
            ):
                continue
            row = Row(sheet, offset, {})
            if sheet.max_rows is not None and len(rows) >= sheet.max_rows:
                self.row_error(row, None, f"이 시트에는 {sheet.max_rows}줄만 적습니다.")
                continue
            self.read_cells(row, cells)
            if row.ok:
                self.check_row(row)
            rows.append(row)
        self.check_unique(sheet, rows)
        return rows

    def read_cells(self, row: Row, cells: dict[str, Any]) -> None:
        for column in row.sheet.columns:
            if column.key not in cells:
                continue
            try:
                value = parse_cell(column, cells[column.key])
            except ValueError as error:
                self.row_error(row, column.key, str(error))
                continue
            row.values[column.key] = value
            if value is None:
                if column.required:
                    self.row_error(row, column.key, "값을 입력하십시오.")
                continue
            if column.computed:
                continue
            model_field = _model_field(row.sheet.model, column.field or column.key)
            if model_field is not None:
                try:
                    model_field.clean(value, None)
                except ValidationError as error:
                    self.row_error(row, column.key, " ".join(error.messages))

    # -- checks of one row -------------------------------------------------------------------

    def check_row(self, row: Row) -> None:
        """Rules across the cells of one row: computed columns, and the model's own rules
        (clean() where it reads only the row, and its check constraints)."""
        sheet = row.sheet
        if sheet is FUNDING and row["total"] is not None:
            periods = [row["prior_years"], row["current_year"], row["later_years"]]
            self.check_computed(row, "total", Decimal(figures.sum_values(periods)))
        if sheet is ELECTIONS and row["turnout"] is not None:
            self.check_computed(row, "turnout", figures.turnout(row["voters"], row["electorate"]))
        if sheet.model is None:
            return
        fields = {}
        for column in sheet.input_columns:
            model_field = _model_field(sheet.model, column.field or column.key)
            if model_field is None:
                continue
            value = row[column.key]
            if value is None and not model_field.null:
                value = "" if isinstance(model_field, models.CharField | models.TextField) else None
            if value is None and not model_field.null:
                continue
            fields[model_field.attname] = value
        instance = sheet.model(**fields)
        if sheet.row_clean:
            try:
                instance.clean()
            except ValidationError as error:
                self.model_errors(row, error)
            except ObjectDoesNotExist:  # a rule about a related record: checked when loading
                pass
        if not row.ok:
            return
        excluded = {f.name for f in sheet.model._meta.concrete_fields if f.attname not in fields}
        for constraint in sheet.model._meta.constraints:
            if not isinstance(constraint, models.CheckConstraint):
                continue
            try:
                constraint.validate(sheet.model, instance, exclude=excluded)
            except ValidationError as error:
                names = constraint.condition.referenced_base_fields
                blamed = [c.key for c in sheet.input_columns if (c.field or c.key) in names]
                self.row_error(row, blamed[-1] if blamed else None, " ".join(error.messages))

    def check_computed(self, row: Row, key: str, expected: Decimal | int | None) -> None:
        typed = row[key]
        if expected is not None and Decimal(typed) == Decimal(expected):
            return
        shown = "없음" if expected is None else figures.format_number(expected)
        self.row_error(
            row,
            key,
            f"자동 계산 값은 {shown}인데 {figures.format_number(typed)}이(가) 적혀 있습니다. "
            "다른 칸의 값을 확인하거나 이 칸을 비우십시오.",
        )

    def model_errors(self, row: Row, error: ValidationError) -> None:
        columns = {column.field or column.key: column.key for column in row.sheet.columns}
        if not hasattr(error, "error_dict"):
            self.row_error(row, None, " ".join(error.messages))
            return
        for name, messages in error.message_dict.items():
            key = columns.get(name) if name != NON_FIELD_ERRORS else None
            self.row_error(row, key, " ".join(messages))

    def check_unique(self, sheet: Sheet, rows: list[Row]) -> None:
        for keys in sheet.unique:
            seen: dict[tuple, int] = {}
            for row in rows:
                if any(row[key] is None and sheet.column(key).required for key in keys):
                    continue
                identity = tuple(
                    _squash(row[key]) if isinstance(row[key], str) else row[key] for key in keys
                )
                if identity in seen:
                    headers = "·".join(f"'{sheet.column(key).header}'" for key in keys)
                    self.row_error(
                        row,
                        keys[-1],
                        f"{headers}이(가) 같은 행이 {seen[identity]}행에 이미 있습니다. "
                        "한 행만 남기십시오.",
                    )
                else:
                    seen[identity] = row.number

    # -- 안내 ---------------------------------------------------------------------------------

    def read_info(self) -> dict[str, Any] | None:
        worksheet = self.worksheet(INFO_TITLE)
        if worksheet is None:
            return None
        raw_rows = self.rows_of(worksheet, len(INFO_HEADERS))
        if raw_rows is None:
            return None
        start = self.header_row(INFO_TITLE, raw_rows, {_squash(h) for h in INFO_HEADERS})
        if start is None:
            return None
        fields = {_squash(info.label): info for info in INFO_FIELDS}
        values: dict[str, Any] = {"notes": []}
        found: dict[str, int] = {}
        for number, raw in enumerate(raw_rows[start + 1 :], start=start + 2):
            label, value = [*raw, None, None][:2]
            if _squash(label) == "" and (value is None or _squash(value) == ""):
                break  # the table ends at the first blank row; the guide follows
            info = fields.get(_squash(label))
            if info is None:
                self.error(INFO_TITLE, number, INFO_HEADERS[0], f"알 수 없는 항목 '{label}'입니다.")
                continue
            if info.label in found and not info.repeated:
                self.error(
                    INFO_TITLE,
                    number,
                    INFO_HEADERS[0],
                    f"'{info.label}' 항목이 {found[info.label]}행에 이미 있습니다.",
                )
                continue
            found[info.label] = number
            if info.shown_only:
                continue
            parsed = self.info_value(info, value, number)
            if info.repeated:
                if parsed:
                    values[info.key].append(parsed)
            else:
                values[info.key] = parsed
        for info in INFO_FIELDS:
            if info.required and info.label not in found:
                self.error(INFO_TITLE, 0, "", f"'{info.label}' 항목이 없습니다.")
        self.check_bureau(values, found)
        self.check_info_constraints(values, found)
        return values

    def check_bureau(self, values: dict[str, Any], found: dict[str, int]) -> None:
        """국 and 국 순서 are both given (a department under a 국) or both blank (one directly
        under the county); one without the other is a slip, named at the blank one."""
        if {BUREAU_NAME, BUREAU_ORDER} & self.info_failed:
            return
        given = {key: values.get(key) is not None for key in (BUREAU_NAME, BUREAU_ORDER)}
        if given[BUREAU_NAME] == given[BUREAU_ORDER]:
            return
        label = "국 순서" if given[BUREAU_NAME] else "국"
        self.error(
            INFO_TITLE,
            found.get(label, 0),
            INFO_HEADERS[1],
            f"{label}: 국과 국 순서는 함께 적거나, 군에 바로 속한 부서이면 둘 다 비워 두십시오.",
        )

    def info_value(self, info: InfoField, value: Any, number: int) -> Any:
        place = f"{info.label}: "
        try:
            parsed = parse_cell(info.as_column(), value)
        except ValueError as error:
            self.error(INFO_TITLE, number, INFO_HEADERS[1], place + str(error))
            self.info_failed.add(info.key)
            return None
        if parsed is None:
            if info.required:
                self.error(INFO_TITLE, number, INFO_HEADERS[1], place + "값을 입력하십시오.")
            return None
        model_field = _model_field(info.model, info.field or "")
        if model_field is not None:
            try:
                model_field.clean(parsed, None)
            except ValidationError as error:
                self.error(INFO_TITLE, number, INFO_HEADERS[1], place + " ".join(error.messages))
                self.info_failed.add(info.key)
                return None
        return parsed

    def check_info_constraints(self, values: dict[str, Any], found: dict[str, int]) -> None:
        """The session's and the plan's own rules (종료일 ≥ 시작일, 게시 시각 when 게시)."""
        by_model: dict[type[models.Model], dict[str, tuple[str, Any]]] = defaultdict(dict)
        for info in INFO_FIELDS:
            if (
                info.model is not None
                and info.field
                and info.key in values
                and info.key not in self.info_failed
            ):
                by_model[info.model][info.field] = (info.label, values[info.key])
        for model, items in by_model.items():
            fields = {name: value for name, (_, value) in items.items() if value is not None}
            fields.update({name: None for name, (_, value) in items.items() if value is None})
            try:
                instance = model(**fields)
            except (TypeError, ValueError):
                continue
            excluded = {f.name for f in model._meta.concrete_fields if f.name not in items}
            for constraint in model._meta.constraints:
                if not isinstance(constraint, models.CheckConstraint):
                    continue
                try:
                    constraint.validate(model, instance, exclude=excluded)
                except ValidationError as error:
                    names = [n for n in items if n in constraint.condition.referenced_base_fields]
                    label = items[names[-1]][0] if names else ""
                    self.error(
                        INFO_TITLE,
                        found.get(label, 0),
                        INFO_HEADERS[1],
                        f"{label}: {' '.join(error.messages)}"
                        if label
                        else " ".join(error.messages),
                    )


# ---------------------------------------------------------------------------------------------
# From rows to the document, checking references between sheets


def _order(row: Row) -> int:
    return row["order"]


def _grouped(rows: list[Row], key) -> dict[Any, list[Row]]:
    """Rows by parent, parents in the order the sheet first names them, rows by 순서 (when the
    sheet has one) within each parent."""
    groups: dict[Any, list[Row]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    if rows and "order" in rows[0].values:
        groups = {parent: sorted(members, key=_order) for parent, members in groups.items()}
    return groups


class _Assembler:
    def __init__(self, reader: _Reader, info: dict[str, Any], sheets: dict[str, list[Row]]):
        self.reader = reader
        self.info = info
        self.sheets = sheets

    def rows(self, sheet: Sheet) -> list[Row]:
        return [row for row in self.sheets[sheet.title] if row.ok]

    def refuse(self, row: Row, key: str | None, message: str, *, about: Sheet | None = None):
        """Name a bad cell; a reference into a sheet that could not be read (``about``) is not
        checked, and the row is only left out."""
        if about is not None and about.title in self.reader.broken:
            row.ok = False
            return
        self.reader.row_error(row, key, message)

    def missing(self, row: Row, key: str, sheet: Sheet, what: str, value: Any = None) -> None:
        shown = row[key] if value is None else value
        self.refuse(row, key, f"'{sheet.title}' 시트에 없는 {what}입니다: {shown}", about=sheet)

    @staticmethod
    def ordered(rows: list[Row]) -> list[Row]:
        return sorted(rows, key=_order)

    def document(self) -> dict[str, Any] | None:
        info = self.info
        doc: dict[str, Any] = {}
        if info.get("format") is not None:
            doc["format"] = info["format"]
        doc["notes"] = info.get("notes", [])
        doc["organization"] = info.get("organization")
        # Both blank: the department sits directly under the county (read_info checks that
        # they are given together).
        if info.get(BUREAU_NAME) is not None or info.get(BUREAU_ORDER) is not None:
            doc["bureau"] = {"name": info.get(BUREAU_NAME), "order": info.get(BUREAU_ORDER)}
        doc["department"] = {
            "name": info.get("department.name"),
            "slug": info.get("department.slug"),
            "order": info.get("department.order"),
            "kind": info.get("department.kind") or DepartmentKind.DIVISION.value,
        }
        doc["grades"] = self.grades()
        doc["teams"] = self.teams()
        doc["staffing"] = self.staffing()
        doc["budget"] = self.budget()
        doc["welfare_programs"] = self.welfare()
        doc["civic"] = self.civic()
        doc["plan"] = self.plan()
        if self.reader.errors:
            return None
        return doc

    # -- people ---------------------------------------------------------------------------

    def grades(self) -> list[dict[str, Any]]:
        labels = {value: str(label) for value, label in GradeCategory.choices}
        self.grade_labels = {
            (row["category"], _squash(row["name"])): grade_label(
                labels[row["category"]], row["name"]
            )
            for row in self.sheets[GRADES.title]
            if row["category"] and row["name"]
        }
        return [
            {"category": row["category"], "name": row["name"]}
            for row in self.ordered(self.rows(GRADES))
        ]

    def grade_of(self, row: Row, key: str, label: str) -> str | None:
        labels = {_squash(known): known for known in self.grade_labels.values()}
        if _squash(label) in labels:
            return labels[_squash(label)]
        self.missing(row, key, GRADES, "직급")
        return None

    def teams(self) -> list[dict[str, Any]]:
        self.team_names = {_squash(row["name"]): row["name"] for row in self.sheets[TEAMS.title]}
        officers: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.officers: dict[tuple[str, str], list[str]] = defaultdict(list)
        for row in self.rows(OFFICERS):
            team = self.team_of(row, "team")
            grade = self.grade_of(row, "grade", row["grade"]) if row["grade"] else None
            if team is None or not row.ok:
                continue
            self.officers[(team, _squash(row["name"]))].append(row["phone"])
            officer = {
                "position": row["position"],
                "grade": grade,
                "name": row["name"],
                "phone": row["phone"],
            }
            if row["is_active"] is False:
                officer["is_active"] = False
            officers[team].append({k: v for k, v in officer.items() if v is not None})
        teams = []
        for row in self.ordered(self.rows(TEAMS)):
            team = {"name": row["name"], "functions": row["functions"] or ""}
            if row["is_active"] is False:
                team["is_active"] = False
            team["officers"] = officers.get(row["name"], [])
            teams.append(team)
        return teams

    def team_of(self, row: Row, key: str) -> str | None:
        name = self.team_names.get(_squash(row[key]))
        if name is None:
            self.missing(row, key, TEAMS, "팀")
        return name

    def staffing(self) -> list[dict[str, Any]]:
        groups: dict[tuple[int, str], list[dict[str, Any]]] = {}
        for row in self.rows(STAFFING):
            team = self.team_of(row, "team")
            label = self.grade_labels.get((row["category"], _squash(row["grade_name"])))
            if label is None:
                self.refuse(
                    row,
                    "grade_name",
                    f"'{GRADES.title}' 시트에 없는 직급입니다: "
                    f"{GradeCategory(row['category']).label} {row['grade_name']}",
                    about=GRADES,
                )
            elif row["category"] == GradeCategory.SUPERNUMERARY and row["authorized"] is not None:
                self.refuse(
                    row,
                    "authorized",
                    "정원외 인력에는 정원을 입력하지 않습니다. 현원만 입력하십시오.",
                )
            elif row["category"] != GradeCategory.SUPERNUMERARY and row["authorized"] is None:
                self.refuse(row, "authorized", "정원을 입력하십시오.")
            if team is None or not row.ok:
                continue
            count = {"grade": label, "current": row["current"]}
            if row["authorized"] is not None:
                count["authorized"] = row["authorized"]
            groups.setdefault((row["year"], team), []).append(count)
        return [
            {"year": year, "team": team, "counts": counts}
            for (year, team), counts in groups.items()
        ]

    def budget(self) -> dict[str, Any]:
        tables: dict[tuple, list[dict[str, Any]]] = {}
        for key, rows in _grouped(
            self.rows(BUDGET), lambda row: (row["fiscal_year"], row["account"], row["stage"])
        ).items():
            lines = tables.setdefault(key, [])
            for row in rows:
                if bool(row["team"]) == bool(row["heading"]):
                    self.refuse(
                        row,
                        "heading" if row["team"] else "team",
                        "'팀'과 '기타 항목' 중 하나만 적으십시오.",
                    )
                elif row["heading"]:
                    lines.append({"heading": row["heading"], "amount": row["amount"]})
                elif (team := self.team_of(row, "team")) is not None:
                    lines.append({"team": team, "amount": row["amount"]})
        county = [self.values(row, COUNTY_BUDGET) for row in self.rows(COUNTY_BUDGET)]
        lines = [
            {"fiscal_year": year, "account": account, "stage": stage, "rows": rows}
            for (year, account, stage), rows in tables.items()
        ]
        return {"county": county, "lines": lines}

    def welfare(self) -> list[dict[str, Any]]:
        self.programs = {
            (row["year"], _squash(row["name"])): row["name"] for row in self.sheets[WELFARE.title]
        }
        return [
            {
                "year": year,
                "programs": [
                    {
                        k: v
                        for k, v in self.values(row, WELFARE).items()
                        if k not in ("year", "order")
                    }
                    for row in rows
                ],
            }
            for year, rows in _grouped(self.rows(WELFARE), lambda row: row["year"]).items()
        ]

    # -- civic ----------------------------------------------------------------------------

    def township_of(self, row: Row, key: str) -> str | None:
        name = self.townships.get(_squash(row[key]))
        if name is None:
            self.missing(row, key, TOWNSHIPS, "읍·면")
        return name

    def civic(self) -> dict[str, Any]:
        self.townships = {_squash(row["name"]): row["name"] for row in self.sheets[TOWNSHIPS.title]}
        kinds = {_squash(row["name"]): row["kind"] for row in self.sheets[TOWNSHIPS.title]}
        civic: dict[str, Any] = {
            "townships": [
                {"name": row["name"], "kind": row["kind"]}
                for row in self.ordered(self.rows(TOWNSHIPS))
            ]
        }
        councils = []
        for row in self.rows(COUNCILS):
            township = self.township_of(row, "township")
            if township is not None:
                councils.append(self.values(row, COUNCILS, township=township))
        civic["resident_councils"] = councils
        civic["participation_points"] = [self.values(row, POINTS) for row in self.rows(POINTS)]

        fund_rows = self.rows(FUND)
        donations = [self.values(row, DONATIONS) for row in self.rows(DONATIONS)]
        if fund_rows:
            civic["hometown_love_fund"] = {
                **self.values(fund_rows[0], FUND),
                "donations": donations,
            }
        elif self.sheets[DONATIONS.title]:
            self.refuse(
                self.sheets[DONATIONS.title][0],
                None,
                f"기부금을 적으려면 '{FUND.title}' 시트에 기금을 한 줄 적으십시오.",
                about=FUND,
            )

        promotion: dict[str, Any] = {}
        rule_rows = self.rows(PROMOTION_RULE)
        if rule_rows:
            promotion["rule"] = self.values(rule_rows[0], PROMOTION_RULE)
        promotion["steps"] = [row["name"] for row in self.ordered(self.rows(PROMOTION_STEPS))]
        targets = []
        for row in self.rows(PROMOTION_TARGETS):
            township = self.township_of(row, "township")
            if township is None:
                continue
            if kinds.get(_squash(township)) != "myeon":
                self.refuse(row, "township", "읍 승격 대상은 면이어야 합니다.", about=TOWNSHIPS)
                continue
            targets.append(self.values(row, PROMOTION_TARGETS, township=township))
        promotion["targets"] = targets
        housing = []
        for township, rows in _grouped(
            self.rows(HOUSING), lambda row: self.township_of(row, "township")
        ).items():
            if township is not None:
                projects = [self.values(row, HOUSING) for row in rows]
                for project in projects:
                    del project["township"], project["order"]
                housing.append({"township": township, "projects": projects})
        promotion["housing_projects"] = housing
        civic["town_promotion"] = promotion

        self.elections = {_squash(row["name"]): row["name"] for row in self.sheets[ELECTIONS.title]}
        civic["elections"] = [self.values(row, ELECTIONS) for row in self.rows(ELECTIONS)]
        visits = []
        for row in self.rows(VISITS):
            visit = self.values(row, VISITS)
            if "start_time" in visit:
                visit["start_time"] = visit["start_time"].strftime("%H:%M")
            visits.append(visit)
        civic["field_visits"] = visits
        return civic

    @staticmethod
    def values(row: Row, sheet: Sheet, **overrides: Any) -> dict[str, Any]:
        """A row's input values by document key, blanks left out."""
        values = {
            column.key: row[column.key]
            for column in sheet.input_columns
            if row[column.key] is not None
        }
        values.update(overrides)
        return values

    # -- the plan -------------------------------------------------------------------------

    def plan(self) -> dict[str, Any]:
        info = self.info
        plan: dict[str, Any] = {
            "year": info.get("plan.year"),
            "session": {
                "number": info.get("plan.session.number"),
                "kind": info.get("plan.session.kind"),
                "start_date": info.get("plan.session.start_date"),
                "end_date": info.get("plan.session.end_date"),
            },
        }
        plan.update(self.policy())
        plan["achievements"] = self.achievements()
        plan["cards"] = self.cards()
        return plan

    def policy(self) -> dict[str, str]:
        parts: dict[str, list[str]] = defaultdict(list)
        for row in sorted(self.rows(POLICY), key=_order):
            if row["part"] == PolicyPart.GOAL and parts[PolicyPart.GOAL]:
                self.refuse(row, "part", "정책목표는 한 줄만 적습니다.")
                continue
            parts[row["part"]].append(row["text"])
        return {part.value: "\n".join(parts.get(part.value, [])) for part in PolicyPart}

    def achievements(self) -> list[dict[str, Any]]:
        groups = {row["order"]: row for row in self.sheets[ACHIEVEMENTS.title]}
        items: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in sorted(self.rows(ACHIEVEMENT_ITEMS), key=_order):
            if row["group"] not in groups:
                self.refuse(
                    row,
                    "group",
                    f"'{ACHIEVEMENTS.title}' 시트에 없는 순서입니다: {row['group']}",
                    about=ACHIEVEMENTS,
                )
                continue
            item: dict[str, Any] = {}
            welfare = row["welfare_year"] is not None or row["welfare_name"] is not None
            if row["election"] and welfare:
                self.refuse(row, "election", "선거와 후생복지 사업 중 하나만 적으십시오.")
                continue
            if row["election"]:
                name = self.elections.get(_squash(row["election"]))
                if name is None:
                    self.missing(row, "election", ELECTIONS, "선거")
                    continue
                item["election"] = name
            if welfare:
                if row["welfare_year"] is None or row["welfare_name"] is None:
                    key = "welfare_year" if row["welfare_year"] is None else "welfare_name"
                    self.refuse(row, key, "후생복지 연도와 사업을 함께 적으십시오.")
                    continue
                name = self.programs.get((row["welfare_year"], _squash(row["welfare_name"])))
                if name is None:
                    self.refuse(
                        row,
                        "welfare_name",
                        f"'{WELFARE.title}' 시트에 없는 사업입니다: "
                        f"{row['welfare_year']}년 {row['welfare_name']}",
                        about=WELFARE,
                    )
                    continue
                item["welfare_program"] = {"year": row["welfare_year"], "name": name}
            if row["text"]:
                item["text"] = row["text"]
            if not item:
                self.refuse(row, "text", "내용을 입력하거나 선거·후생복지 사업을 적으십시오.")
                continue
            items[row["group"]].append(item)
        return [
            {"title": row["title"], "items": items.get(row["order"], [])}
            for row in self.ordered(self.rows(ACHIEVEMENTS))
        ]

    def card_of(self, row: Row) -> str | None:
        match = _CARD.match(str(row["card"]).strip())
        code = None
        if match:
            code = card_code(SECTION_CODES[match.group(1).upper()], int(match.group(2)))
        if code not in self.card_parts:
            self.refuse(
                row,
                "card",
                f"'{CARDS.title}' 시트에 없는 과제입니다: {row['card']} "
                "(과제는 IV-3, V-1처럼 적습니다)",
                about=CARDS,
            )
            return None
        return code

    def cards(self) -> list[dict[str, Any]]:
        self.card_parts: dict[str, dict[str, list]] = {}
        for row in self.sheets[CARDS.title]:
            if row["section"] and row["number"] is not None:
                self.card_parts[card_code(row["section"], row["number"])] = defaultdict(list)
        cards = []
        for row in self.rows(CARDS):
            team = self.team_of(row, "team")
            kinds = [kind for kind in _KIND_SEPARATORS.split(row["kinds"] or "") if kind]
            unknown = [kind for kind in kinds if kind not in CARD_KINDS]
            if unknown:
                self.refuse(
                    row,
                    "kinds",
                    f"사업구분 '{unknown[0]}'은(는) {', '.join(CARD_KINDS)} 중에서 적으십시오.",
                )
            if team is None or not row.ok:
                continue
            card = self.values(row, CARDS, team=team)
            card["kinds"] = [kind for kind in CARD_KINDS if kind in kinds]
            cards.append(card)

        parts = (
            (FACTS, "facts"),
            (PROGRESS, "progress_items"),
            (PLAN_ITEMS, "plan_items"),
            (FUNDING, "funding"),
        )
        for sheet, key in parts:
            for row in sorted(self.rows(sheet), key=_order):
                code = self.card_of(row)
                if code is not None:
                    values = self.values(row, sheet)
                    del values["card"], values["order"]
                    self.card_parts[code][key].append(values)
        for row in sorted(self.rows(CONTACTS), key=_order):
            code = self.card_of(row)
            contact = self.contact(row)
            if code is not None and contact is not None:
                self.card_parts[code]["contacts"].append(contact)
        for card in cards:
            card.update(self.card_parts[card_code(card["section"], card["number"])])
        return cards

    def contact(self, row: Row) -> dict[str, Any] | None:
        team = self.team_of(row, "team")
        if team is None:
            return None
        phones = self.officers.get((team, _squash(row["name"])), [])
        if not phones:
            self.refuse(
                row,
                "name",
                f"'{OFFICERS.title}' 시트의 {team}에 없는 담당자입니다: {row['name']}",
                about=OFFICERS,
            )
            return None
        contact = {"team": team, "name": row["name"]}
        if row["phone"] and row["phone"] not in phones:
            self.refuse(
                row,
                "phone",
                f"'{OFFICERS.title}' 시트의 {team} {row['name']}의 전화번호와 다릅니다: "
                f"{', '.join(phones)}",
                about=OFFICERS,
            )
            return None
        if len(phones) > 1:
            if not row["phone"]:
                self.refuse(
                    row,
                    "phone",
                    f"{team}에 '{row['name']}'이(가) 여럿입니다. 전화번호를 적으십시오.",
                )
                return None
            contact["phone"] = row["phone"]
        return contact
