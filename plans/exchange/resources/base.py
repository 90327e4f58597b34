"""The resource every table's import and export uses.

- Columns are the model fields' Korean verbose names; foreign keys are written and read by what
  they are called (``foreign_key``), and the parent's names a row needs are extra columns
  (``key_column``), so a file exported from one installation imports into another.
- Rows match existing ones by a natural key (``Meta.import_id_fields``), looked up in one query
  per import (``NaturalKeyInstanceLoader``); a row equal to the stored one is reported as
  unchanged and not written.
- Every bad cell is reported as ``5행 '금액(천원)' 열: …`` (the file's row, the header's text),
  every bad row is listed, and one bad row means nothing is written: the import runs in one
  transaction that is rolled back on any error, also when rows are written in bulk.
- Uniqueness (within the file and against the database) is checked in memory from one query per
  constraint, and foreign keys come from the per-import caches, so 10,000 rows cost a few
  queries, not tens of thousands.
- Exported text that a spreadsheet would run as a formula is written with a leading apostrophe
  (:func:`plans.exchange.cells.safe_cell`), here and nowhere else; numbers stay numbers.
- Every row an import writes leaves a row in the change history (plans.history) naming the
  importing user and "엑셀 가져오기: <file>"; bulk writes go through simple-history's
  ``bulk_*_with_history``. A dry run is rolled back, so it writes none."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured, ValidationError
from django.core.validators import MinValueValidator
from django.db import DatabaseError, models
from django.db.models.fields import PositiveIntegerRelDbTypeMixin
from import_export import resources
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from plans import history
from plans.exchange import changes
from plans.exchange.cells import UNKNOWN_COLUMN, CellError, SpreadsheetError, safe_cell
from plans.exchange.changes import ChangeList, preview_rows
from plans.exchange.resources.scoped import ScopedResourceMixin
from plans.exchange.resources.widgets import (
    AMBIGUOUS,
    ChoiceWidget,
    DateWidget,
    NaturalKey,
    NaturalKeyWidget,
    NumberWidget,
    ScheduleWidget,
    TextWidget,
    TimeWidget,
    YesNoWidget,
    normalize_text,
)
from plans.rules.validators import valid_schedule

# ---------------------------------------------------------------------------------------------
# Columns


def allows_negative(field: models.Field) -> bool:
    if isinstance(field, PositiveIntegerRelDbTypeMixin):
        return False
    return not any(
        isinstance(validator, MinValueValidator) and validator.limit_value >= 0
        for validator in field.validators
    )


def widget_for(field: models.Field):
    """The widget of a model field's column."""
    if field.is_relation:
        raise ImproperlyConfigured(
            f"{field.model.__name__}.{field.name}: declare foreign keys with foreign_key(), "
            "so they are read by natural key, never by id."
        )
    if field.choices:
        return ChoiceWidget(field.choices)
    if isinstance(field, models.BooleanField):
        return YesNoWidget()
    if isinstance(field, models.DateTimeField):
        raise ImproperlyConfigured(f"{field.name}: date-times are not imported.")
    if isinstance(field, models.DateField):
        return DateWidget()
    if isinstance(field, models.TimeField):
        return TimeWidget()
    if isinstance(field, models.IntegerField):
        return NumberWidget(integer=True, allow_negative=allows_negative(field))
    if isinstance(field, models.DecimalField):
        return NumberWidget(integer=False, allow_negative=allows_negative(field))
    if isinstance(field, models.TextField):
        return TextWidget(multiline=True)
    if isinstance(field, models.CharField):
        if valid_schedule in field.validators:
            return ScheduleWidget()
        return TextWidget()
    raise ImproperlyConfigured(f"{field.name}: no spreadsheet widget for {type(field).__name__}.")


def foreign_key(
    name: str,
    key: NaturalKey,
    columns: Sequence[str],
    *,
    column_name: str,
    render_path: str | None = None,
) -> Field:
    """The column ``column_name`` of foreign key ``name``: read as ``key`` from ``columns`` (its
    own among them) and written as ``render_path`` of the related object."""
    return Field(
        attribute=name,
        column_name=column_name,
        widget=NaturalKeyWidget(key, columns, own_column=column_name, render_path=render_path),
    )


def key_column(column_name: str, path: str, widget=None) -> Field:
    """A column that names a parent (``과`` of a task card's plan): written on export, read by
    the foreign key that needs it, never saved itself."""
    return Field(
        attribute=path, column_name=column_name, widget=widget or TextWidget(), readonly=True
    )


# ---------------------------------------------------------------------------------------------
# Matching rows to stored ones


def plain(value):
    """A cleaned value as it is stored: a related object as its id."""
    return value.pk if isinstance(value, models.Model) else value


class NaturalKeyInstanceLoader(BaseInstanceLoader):
    """Finds the stored row a file row names, by the resource's ``import_id_fields``, from one
    query per import (limited to the parents the file names when it names few)."""

    MAX_PARENT_FILTER = 2000

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        opts = resource._meta.model._meta
        self.id_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.attnames = [opts.get_field(field.attribute).attname for field in self.id_fields]
        self.text = [isinstance(field.widget, TextWidget) for field in self.id_fields]
        self._index: dict[tuple, object] | None = None

    def key_of_row(self, row) -> tuple:
        return tuple(plain(field.clean(row)) for field in self.id_fields)

    def key_of(self, obj) -> tuple:
        return tuple(
            normalize_text(value) if text and isinstance(value, str) else value
            for value, text in zip(
                (getattr(obj, attname) for attname in self.attnames), self.text, strict=True
            )
        )

    def index(self) -> dict[tuple, object]:
        if self._index is None:
            queryset = self.resource.get_queryset()
            parents = self.parent_ids()
            if parents is not None:
                queryset = queryset.filter(**{f"{self.attnames[0]}__in": parents})
            self._index = {}
            for obj in queryset:
                key = self.key_of(obj)
                self._index[key] = AMBIGUOUS if key in self._index else obj
        return self._index

    def parent_ids(self) -> set | None:
        first = self.id_fields[0]
        if self.dataset is None or not isinstance(first.widget, NaturalKeyWidget):
            return None
        ids = set()
        headers = self.dataset.headers
        for values in self.dataset:
            try:
                parent = first.clean(dict(zip(headers, values, strict=False)))
            except ValueError:
                continue
            if parent is not None:
                ids.add(parent.pk)
        return ids if len(ids) <= self.MAX_PARENT_FILTER else None

    def get_instance(self, row):
        try:
            key = self.key_of_row(row)
        except ValueError:
            return None  # the bad cell is reported when the row is read
        found = self.index().get(key)
        if found is AMBIGUOUS:
            raise self.resource.row_error(
                self.resource.key_columns(),
                "이 값으로 저장된 항목이 둘 이상 있어 어느 것을 고칠지 알 수 없습니다. "
                "관리자 화면에서 중복을 먼저 정리하십시오.",
            )
        return found


@dataclass(frozen=True)
class UniqueSet:
    """Fields whose values must not repeat: the natural key (within the file), or a unique
    constraint (within the file and against the database)."""

    fields: tuple[str, ...]
    message: str
    check_database: bool
    is_key: bool = False


# ---------------------------------------------------------------------------------------------
# The resource


class SpreadsheetResource(ScopedResourceMixin, resources.ModelResource):
    """Base of every table's resource; subclasses declare ``Meta.model``, ``Meta.fields`` (in
    column order), ``Meta.import_id_fields`` (the natural key) and the foreign-key columns."""

    #: Related objects every row shows (export, preview, ``__str__``), fetched with the rows.
    select_related: tuple[str, ...] = ()
    #: Columns named by a row-wide error (a rule across cells); default: the key's columns.
    non_field_columns: tuple[str, ...] = ()
    #: Model fields written on update besides the columns (``updated_at``).
    bulk_update_extra: tuple[str, ...] = ()

    class Meta:
        use_bulk = True
        batch_size = 1000
        skip_unchanged = True
        report_skipped = True
        # The library's diff deep-copies every row and renders an HTML diff of every cell;
        # skip_row and the preview below compare a snapshot of the stored values instead.
        skip_diff = True
        clean_model_instances = True
        use_transactions = True
        instance_loader_class = NaturalKeyInstanceLoader
        chunk_size = 2000

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        return Field(
            attribute=field_name,
            column_name=str(django_field.verbose_name),
            widget=widget_for(django_field),
            readonly=readonly,
            default=django_field.default,
        )

    @classmethod
    def get_display_name(cls) -> str:
        return str(cls._meta.model._meta.verbose_name_plural)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._import_fields: list[Field] | None = None
        self._compared: list[str] | None = None
        self._start_import(None)

    # -- columns ---------------------------------------------------------------------------

    def get_import_fields(self):
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def key_columns(self) -> list[str]:
        """The columns that name a row: the key's own and those its foreign keys read."""
        columns: list[str] = []
        for name in self.get_import_id_fields():
            field = self.fields[name]
            extra = field.widget.columns if isinstance(field.widget, NaturalKeyWidget) else ()
            for column in (*extra, field.column_name):
                if column not in columns:
                    columns.append(column)
        return columns

    def required_columns(self) -> list[str]:
        """Columns a file must have: the key's and those of fields without a default. Other
        columns may be left out; their stored values are then kept."""
        opts = self._meta.model._meta
        required = self.key_columns()
        for field in self.get_import_fields():
            if field.readonly:
                needed = True
            else:
                django_field = opts.get_field(field.attribute)
                needed = not (django_field.blank or django_field.null or django_field.has_default())
            if isinstance(field.widget, NaturalKeyWidget) and needed:
                required += [column for column in field.widget.columns if column not in required]
            if needed and field.column_name not in required:
                required.append(field.column_name)
        return required

    def header_problems(self, headers: Sequence) -> list[str]:
        """What is wrong with the file's header row (row 1), one message per column."""
        names = ["" if header is None else str(header).strip() for header in headers]
        known = [field.column_name for field in self.get_import_fields()]
        problems = []
        seen = set()
        for position, name in enumerate(names, start=1):
            if not name:
                problems.append(
                    str(
                        CellError(
                            1, f"{position}번째", "머리글이 비어 있습니다. 열 이름을 쓰십시오."
                        )
                    )
                )
            elif name in seen:
                problems.append(str(CellError(1, name, "같은 이름의 열이 두 번 있습니다.")))
            elif name not in known:
                problems.append(str(CellError(1, name, UNKNOWN_COLUMN)))
            seen.add(name)
        for column in self.required_columns():
            if column not in seen:
                problems.append(str(CellError(1, column, "이 열이 없습니다.")))
        if problems:
            problems.append(
                "이 표의 열: "
                + ", ".join(known)
                + ". 내보내기로 받은 파일의 첫 행(머리글)을 그대로 쓰십시오."
            )
        return problems

    # -- export ----------------------------------------------------------------------------

    def get_queryset(self):
        return super().get_queryset().select_related(*self.select_related)

    def filter_export(self, queryset, **kwargs):
        if isinstance(queryset, models.QuerySet):
            return queryset.select_related(*self.select_related)
        return queryset

    def export_field(self, field, instance, **kwargs):
        """Every exported cell passes here: text a spreadsheet would run as a formula gets a
        leading apostrophe; numbers (negative ones too) are left as numbers."""
        value = super().export_field(field, instance, **kwargs)
        if isinstance(field.widget, NumberWidget):
            return value
        return safe_cell(value)

    # -- import: the whole file ------------------------------------------------------------

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        # One bad row means nothing is written: roll back on validation errors too (the
        # library keeps the valid rows otherwise, and in bulk they are already written).
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def import_data_inner(
        self, dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs
    ):
        self._start_import(getattr(dataset, "file_rows", None))
        problems = self.header_problems(dataset.headers or [])
        if problems:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.total_rows = len(dataset)
            for message in problems:
                result.append_base_error(self.get_error_result_class()(SpreadsheetError(message)))
            return result
        file_name = kwargs.get("file_name")
        reason = f"엑셀 가져오기: {PurePath(str(file_name)).name}" if file_name else "엑셀 가져오기"
        with history.recording(reason=reason, user=kwargs.get("user")):
            return super().import_data_inner(
                dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs
            )

    def _start_import(self, file_rows: list[int] | None) -> None:
        """Forget everything a previous import on this resource learnt."""
        self._file_rows = file_rows
        self._row_number = 0
        self._instance = None
        self._seen: dict[UniqueSet, dict[tuple, int]] = {}
        self._stored: dict[UniqueSet, dict[tuple, object]] = {}
        self._preview_left = preview_rows()
        self._changes = ChangeList()
        for field in self.fields.values():
            if isinstance(field.widget, NaturalKeyWidget):
                field.widget.reset()

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # What the preview lists, field by field (plans.exchange.changes).
        result.changes = self._changes
        # The library numbers data rows from 1; a clerk counts the file's rows in Excel.
        for row in (*result.invalid_rows, *result.error_rows):
            row.number = self.file_row(row.number)

    def handle_import_error(self, result, error, raise_errors=False):
        if isinstance(error, DatabaseError):
            error = SpreadsheetError(
                f"데이터베이스가 저장을 거부했습니다({error}). 아무것도 저장하지 않았습니다."
            )
        super().handle_import_error(result, error, raise_errors)

    def get_bulk_update_fields(self):
        ids = set(self.get_import_id_fields())
        names = [
            field.attribute
            for name, field in self.fields.items()
            if not field.readonly and field.attribute and name not in ids
        ]
        return [*names, *self.bulk_update_extra]

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """As the library's, with a history row per created row (none in a dry run, which is
        rolled back anyway)."""
        if dry_run or not self.create_instances:
            return super().bulk_create(
                using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result
            )
        try:
            bulk_create_with_history(
                self.create_instances,
                self._meta.model,
                batch_size=batch_size,
                default_user=history.current_user(),
                default_change_reason=history.current_reason(),
            )
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """As the library's, with a history row per changed row (none in a dry run)."""
        if dry_run or not self.update_instances:
            return super().bulk_update(
                using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result
            )
        try:
            bulk_update_with_history(
                self.update_instances,
                self._meta.model,
                self.get_bulk_update_fields(),
                batch_size=batch_size,
                default_user=history.current_user(),
                default_change_reason=history.current_reason(),
            )
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.update_instances.clear()

    # -- import: one row -------------------------------------------------------------------

    def file_row(self, number: int) -> int:
        """The row of the file (header = 1) of the ``number``-th data row."""
        if self._file_rows and 0 < number <= len(self._file_rows):
            return self._file_rows[number - 1]
        return number + 1

    def before_import_row(self, row, **kwargs):
        self._row_number = kwargs.get("row_number", self._row_number + 1)

    def after_init_instance(self, instance, new, row, **kwargs):
        self._instance = instance
        if not new:
            instance._sheet_stored = self.stored_values(instance)
            if kwargs.get("dry_run") and self._preview_left > 0:
                instance._sheet_before = changes.snapshot(instance)

    def stored_values(self, instance) -> tuple:
        return tuple(changes.comparable(getattr(instance, attname)) for attname in self._attnames())

    def _attnames(self) -> list[str]:
        if self._compared is None:
            opts = self._meta.model._meta
            self._compared = [
                opts.get_field(field.attribute).attname
                for field in self.get_import_fields()
                if not field.readonly
            ]
        return self._compared

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for unique, message in self.repeated_values(instance, errors):
            errors.setdefault(unique, []).append(ValidationError(message))
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or not self._meta.skip_unchanged:
            return False
        stored = getattr(instance, "_sheet_stored", None)
        return stored is not None and self.stored_values(instance) == stored

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own validation (fields, ``clean()``, check constraints) with messages
        naming row and column. Foreign keys found by natural key need no query to check, and
        uniqueness was checked in memory (``repeated_values``)."""
        errors: dict[str, list] = dict(import_validation_errors or {})
        opts = self._meta.model._meta
        for field in self.fields.values():
            if isinstance(field.widget, NaturalKeyWidget) and field.attribute not in errors:
                django_field = opts.get_field(field.attribute)
                if getattr(instance, django_field.attname) is None and not django_field.null:
                    errors[field.attribute] = [ValidationError("값을 입력하십시오.")]
        exclude = set(errors) | {
            field.attribute
            for field in self.fields.values()
            if isinstance(field.widget, NaturalKeyWidget)
        }
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        failed = set(errors)
        constraint_errors = []
        for constraint in opts.constraints:
            if isinstance(constraint, models.CheckConstraint):
                try:
                    constraint.validate(
                        self._meta.model, instance, exclude=failed, using=self.get_db_name()
                    )
                except ValidationError as error:
                    fields = sorted(constraint.condition.referenced_base_fields)
                    constraint_errors.append((fields, error))
        if errors or constraint_errors:
            raise self.cell_errors(errors, constraint_errors)

    def get_db_name(self) -> str:
        return self.get_db_connection_name()

    def after_import_row(self, row, row_result, **kwargs):
        instance, self._instance = self._instance, None
        if not kwargs.get("dry_run") or instance is None:
            return
        if row_result.import_type == RowResult.IMPORT_TYPE_SKIP:
            self._changes.unchanged += 1
        elif self._preview_left > 0 and row_result.import_type in RowResult.valid_import_types:
            self._preview_left -= 1
            place = f"{self.file_row(self._row_number)}행"
            before = getattr(instance, "_sheet_before", None)
            self._changes.add(
                changes.created(instance, place=place)
                if before is None
                else changes.updated(before, instance, place=place)
            )

    # -- messages --------------------------------------------------------------------------

    def column_of(self, name: str) -> str:
        """The column where an error on model field (or attribute) ``name`` is shown."""
        for field in self.fields.values():
            if not field.readonly and field.attribute == name:
                return field.column_name
        opts = self._meta.model._meta
        for django_field in opts.concrete_fields:
            if name in (django_field.name, django_field.attname):
                for field in self.fields.values():
                    if not field.readonly and field.attribute == django_field.name:
                        return field.column_name
                return str(django_field.verbose_name)
        return name

    def row_error(self, columns: Iterable[str], message: str) -> ValidationError:
        place = "', '".join(columns)
        return ValidationError(
            {place: [str(CellError(self.file_row(self._row_number), place, message))]}
        )

    def cell_errors(self, errors: dict[str, list], constraint_errors=()) -> ValidationError:
        """``{column: ["5행 '컬럼' 열: 메시지", …]}`` from errors keyed by field name."""
        row = self.file_row(self._row_number)
        result: dict[str, list[str]] = {}

        def add(columns: Sequence[str], messages: Iterable[str]) -> None:
            place = "', '".join(columns)
            for message in messages:
                result.setdefault(place, []).append(str(CellError(row, place, message)))

        for name, error_list in errors.items():
            if name == NON_FIELD_ERRORS:
                columns = self.non_field_columns or tuple(self.key_columns())
            else:
                columns = (self.column_of(name),)
            add(columns, (m for error in error_list for m in ValidationError(error).messages))
        for fields, error in constraint_errors:
            add([self.column_of(name) for name in fields], error.messages)
        return ValidationError(result)

    # -- uniqueness ------------------------------------------------------------------------

    def unique_sets(self) -> list[UniqueSet]:
        cached = self.__class__.__dict__.get("_unique_sets")
        if cached is not None:
            return cached
        opts = self._meta.model._meta
        key = tuple(self.fields[name].attribute for name in self.get_import_id_fields())
        sets = [UniqueSet(key, "", check_database=False, is_key=True)]
        for constraint in opts.constraints:
            if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
                fields = tuple(constraint.fields)
                if set(fields) != set(key):
                    message = str(constraint.violation_error_message)
                    sets.append(UniqueSet(fields, message, check_database=True))
        for field in opts.concrete_fields:
            if field.unique and not field.primary_key and (field.name,) != key:
                message = f"같은 {field.verbose_name}이(가) 이미 있습니다."
                sets.append(UniqueSet((field.name,), message, check_database=True))
        type(self)._unique_sets = sets
        return sets

    def repeated_values(self, instance, errors) -> list[tuple[str, str]]:
        """Values that must be unique and are not: a second row of the file with the same key
        or the same unique values, or a row taking values another stored row has."""
        problems = []
        opts = self._meta.model._meta
        row = self.file_row(self._row_number)
        for unique in self.unique_sets():
            if any(name in errors for name in unique.fields):
                continue
            values = tuple(
                changes.comparable(getattr(instance, opts.get_field(name).attname))
                for name in unique.fields
            )
            if not unique.is_key and any(value is None or value == "" for value in values):
                continue  # a conditional constraint (team or heading) or a blank optional value
            shown = next(
                (name for name, value in reversed(list(zip(unique.fields, values, strict=True)))
                 if value not in (None, "")),
                unique.fields[-1],
            )  # fmt: skip
            first = self._seen.setdefault(unique, {}).setdefault(values, row)
            if first != row:
                if unique.is_key:
                    columns = ", ".join(self.key_columns())
                    message = (
                        f"{first}행과 같은 항목입니다({columns} 값이 같습니다). "
                        "한 항목은 한 행에만 쓰십시오."
                    )
                else:
                    message = f"{unique.message} ({first}행과 겹칩니다.)"
                problems.append((shown, message))
                continue
            if unique.check_database:
                stored = self._stored_values(unique).get(values)
                if stored is not None and stored != instance.pk:
                    problems.append((shown, unique.message))
        return problems

    def _stored_values(self, unique: UniqueSet) -> dict[tuple, object]:
        if unique not in self._stored:
            opts = self._meta.model._meta
            attnames = [opts.get_field(name).attname for name in unique.fields]
            rows = self._meta.model._default_manager.values_list("pk", *attnames)
            self._stored[unique] = {
                tuple(changes.comparable(value) for value in values): pk for pk, *values in rows
            }
        return self._stored[unique]
