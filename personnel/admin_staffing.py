"""The staffing grid of the admin (인력 현황 입력): one department × year, teams as rows and grades
as columns, each cell holding 현원 and (except 정원외) 정원.

Reading builds the grid with the columns, headers and sums of the report's table
(personnel.staffing, every sum by :mod:`plans.rules.figures`), a column for every grade; saving
parses every
cell first, refuses the whole grid with messages naming team and grade if one cell is wrong,
and otherwise creates, updates or deletes the ``StaffingCount`` rows in one transaction.

The form carries a digest of the counts it was loaded with (``DIGEST_FIELD``). Saving locks the
department's counts of the year, recomputes the digest and saves nothing if someone else saved in
between, so one editor's save never silently undoes another's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from personnel import staffing as staffing_layout
from personnel.models import Department, Grade, GradeCategory, StaffingCount, Team
from personnel.staffing import HeaderCell
from plans.history import recording
from plans.rules import figures
from plans.rules.grid_lock import DIGEST_FIELD, GridChanges, rows_digest

#: The largest count a cell accepts: a typo guard, far above any team's size.
MAX_COUNT = 9999

CURRENT = "current"
AUTHORIZED = "authorized"

CONFLICT_MESSAGE = gettext_noop(
    "이 표를 연 뒤에 다른 사람이 인력 현황을 저장했습니다. 아무것도 저장하지 않았습니다. "
    "바뀐 표를 다시 불러왔으니 확인하고 다시 입력하십시오."
)
CLASH_MESSAGE = gettext_noop(
    "다른 사람이 같은 칸을 동시에 저장했습니다. 아무것도 저장하지 않았습니다. "
    "바뀐 표를 다시 불러왔으니 확인하고 다시 입력하십시오."
)


def cell_name(team_id: int, grade_id: int, kind: str) -> str:
    """The POST name of a cell's input."""
    return f"cell-{team_id}-{grade_id}-{kind}"


@dataclass
class GridColumn:
    """A grade column, or a subtotal column (일반직 소계) summing the grades of a category."""

    label: str
    category: str
    grades: list[Grade]
    is_subtotal: bool = False

    @property
    def grade(self) -> Grade | None:
        return None if self.is_subtotal else self.grades[0]

    @property
    def has_authorized(self) -> bool:
        return any(not grade.is_supernumerary for grade in self.grades)

    @property
    def grade_ids(self) -> str:
        """Space-separated ids, for the live sums of the page's script."""
        return " ".join(str(grade.pk) for grade in self.grades)


@dataclass
class GridCell:
    team: Team
    column: GridColumn
    current: str = ""  # as typed (or as stored), so a refused grid shows what was typed
    authorized: str = ""
    current_sum: int = 0  # for subtotal cells
    authorized_sum: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def current_name(self) -> str:
        return cell_name(self.team.pk, self.column.grades[0].pk, CURRENT)

    @property
    def authorized_name(self) -> str:
        return cell_name(self.team.pk, self.column.grades[0].pk, AUTHORIZED)


@dataclass
class GridRow:
    team: Team
    cells: list[GridCell]
    current_total: int
    authorized_total: int


@dataclass
class StaffingGrid:
    department: Department
    year: int
    columns: list[GridColumn]
    rows: list[GridRow]
    current_sums: list[int]  # per column
    authorized_sums: list[int]
    current_total: int  # 합계, 정원외 included (the report's 계 column)
    authorized_total: int  # 정원
    regular_current: int  # 현원 without 정원외
    supernumerary_current: int  # 정원외
    errors: list[str] = field(default_factory=list)
    #: Digest of the stored counts the form stands on: computed when the grid shows the database,
    #: carried over from the POST when it shows what was typed (so a refused grid keeps its base).
    digest: str = ""
    #: Refused because someone else saved first, not because a cell is wrong.
    conflict: bool = False
    #: What a successful save wrote, for the admin's history.
    changes: GridChanges[StaffingCount] | None = None

    @property
    def regular_grade_ids(self) -> str:
        """Space-separated ids of the grades counted in 현원 (all but 정원외), for the script."""
        return " ".join(
            str(g.pk)
            for c in self.columns
            if not c.is_subtotal
            for g in c.grades
            if not g.is_supernumerary
        )

    @property
    def supernumerary_grade_ids(self) -> str:
        return " ".join(
            str(g.pk)
            for c in self.columns
            if not c.is_subtotal
            for g in c.grades
            if g.is_supernumerary
        )

    @property
    def totals(self) -> list[tuple[GridColumn, int, int]]:
        return list(zip(self.columns, self.current_sums, self.authorized_sums, strict=True))

    @property
    def header_top(self) -> list[HeaderCell]:
        return staffing_layout.header_top(self.columns)

    @property
    def header_bottom(self) -> list[GridColumn]:
        return staffing_layout.header_bottom(self.columns)


def _teams_query(department: Department, year: int):
    """The department's active teams, and any inactive team that has counts in ``year``."""
    has_counts = StaffingCount.objects.filter(team=OuterRef("pk"), year=year)
    return (
        Team.objects.filter(department=department)
        .filter(Q(is_active=True) | Exists(has_counts))
        .select_related("department")
        .order_by("order")
    )


def counts_digest(counts: Iterable[StaffingCount]) -> str:
    """sha256 of the sorted (team, grade, 정원, 현원) of ``counts``: changes whenever a count of
    the grid is created, changed or deleted."""
    return rows_digest((c.team_id, c.grade_id, c.authorized, c.current) for c in counts)


def _department_counts(department: Department, year: int):
    """Every count of ``department`` in ``year`` (no join, so a row lock takes only these rows)."""
    return StaffingCount.objects.filter(
        team__in=Team.objects.filter(department=department).values("pk"), year=year
    )


def _as_int(text: str) -> int | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def staffing_grid(
    *, department: Department, year: int, data: Mapping[str, str] | None = None
) -> StaffingGrid:
    """The grid for ``department`` in ``year`` (3 queries): stored values, or ``data`` as typed.

    Sums are computed from what can be read as a number; a cell that cannot is counted as empty
    (the save refuses it anyway)."""
    teams = list(_teams_query(department, year))
    grades = list(Grade.objects.order_by("order"))
    layout = staffing_layout.staffing_columns(grades, every_grade=True)
    columns = [
        GridColumn(column.label, column.category, list(column.grades), column.is_subtotal)
        for column in layout
    ]
    stored = {
        (count.team_id, count.grade_id): count
        for count in StaffingCount.objects.filter(team__in=teams, year=year)
    }

    rows: list[GridRow] = []
    current_table: list[list[int | None]] = []
    authorized_table: list[list[int | None]] = []
    for team in teams:
        typed: dict[int, tuple[str, str]] = {}
        for grade in grades:
            if data is not None:
                typed[grade.pk] = (
                    data.get(cell_name(team.pk, grade.pk, CURRENT), "").strip(),
                    data.get(cell_name(team.pk, grade.pk, AUTHORIZED), "").strip(),
                )
            else:
                count = stored.get((team.pk, grade.pk))
                typed[grade.pk] = (
                    "" if count is None else str(count.current),
                    "" if count is None or count.authorized is None else str(count.authorized),
                )
        cells: list[GridCell] = []
        current_row: list[int | None] = []
        authorized_row: list[int | None] = []
        currents = {pk: _non_negative(current) for pk, (current, _a) in typed.items()}
        authorizeds = {
            grade.pk: None if grade.is_supernumerary else _non_negative(typed[grade.pk][1])
            for grade in grades
        }
        current_sums = staffing_layout.column_values(layout, currents)
        authorized_sums = staffing_layout.column_values(layout, authorizeds)
        for column, current_sum, authorized_sum in zip(
            columns, current_sums, authorized_sums, strict=True
        ):
            current_row.append(current_sum)
            authorized_row.append(authorized_sum)
            if column.is_subtotal:
                cells.append(
                    GridCell(team, column, current_sum=current_sum, authorized_sum=authorized_sum)
                )
            else:
                current_text, authorized_text = typed[column.grades[0].pk]
                cells.append(
                    GridCell(
                        team,
                        column,
                        current=current_text,
                        authorized=authorized_text,
                        current_sum=current_sum,
                        authorized_sum=authorized_sum,
                    )
                )
        current_table.append(current_row)
        authorized_table.append(authorized_row)
        rows.append(
            GridRow(
                team,
                cells,
                current_total=staffing_layout.row_total(currents),
                authorized_total=staffing_layout.row_total(authorizeds),
            )
        )

    width = len(columns)
    current_sums = figures.column_sums(current_table) if rows else [0] * width
    authorized_sums = figures.column_sums(authorized_table) if rows else [0] * width
    grade_columns = [i for i, column in enumerate(columns) if not column.is_subtotal]
    supernumerary = [i for i in grade_columns if columns[i].category == GradeCategory.SUPERNUMERARY]
    current_total = figures.sum_values(current_sums[i] for i in grade_columns)
    supernumerary_current = figures.sum_values(current_sums[i] for i in supernumerary)
    return StaffingGrid(
        department=department,
        year=year,
        columns=columns,
        rows=rows,
        current_sums=current_sums,
        authorized_sums=authorized_sums,
        current_total=current_total,
        authorized_total=figures.sum_values(authorized_sums[i] for i in grade_columns),
        regular_current=current_total - supernumerary_current,
        supernumerary_current=supernumerary_current,
        digest=counts_digest(stored.values()) if data is None else data.get(DIGEST_FIELD, ""),
    )


def _non_negative(text: str) -> int | None:
    value = _as_int(text)
    return value if value is not None and value >= 0 else None


@dataclass
class _Parsed:
    team: Team
    grade: Grade
    current: int | None
    authorized: int | None


def _parse_count(text: str, where: str, errors: list[str]) -> int | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < 0:
        errors.append(
            _("%(where)s: 0 이상의 정수를 입력하십시오. (입력한 값: %(text)s)")
            % {"where": where, "text": text}
        )
        return None
    if value > MAX_COUNT:
        errors.append(
            _("%(where)s: %(max)s 이하의 값을 입력하십시오. (입력한 값: %(text)s)")
            % {"where": where, "max": f"{MAX_COUNT:,}", "text": text}
        )
        return None
    return value


def _where(team: Team, grade: Grade, kind: str | None = None) -> str:
    place = f"{team.name} {grade}"
    if kind == CURRENT:
        return f"{place} {_('현원')}"
    if kind == AUTHORIZED:
        return f"{place} {_('정원')}"
    return place


def staffing_grid_save(
    *, department: Department, year: int, data: Mapping[str, str]
) -> tuple[StaffingGrid, bool]:
    """Validate every cell of ``data`` and save the grid; return the grid and whether it saved.

    Nothing is written unless every cell is valid. An empty cell (no 현원, no 정원) deletes the
    stored count; otherwise the count is created or updated.

    Nothing is written either if the counts changed since the form was loaded (the digest of
    ``DIGEST_FIELD`` differs, or is missing), or if a concurrent save created the same cell; the
    grid returned then is the database's, with a message saying so."""
    grid = staffing_grid(department=department, year=year, data=data)
    teams = [row.team for row in grid.rows]
    grades = [column.grade for column in grid.columns if column.grade is not None]
    cells_by_key = {
        (cell.team.pk, cell.column.grades[0].pk): cell
        for row in grid.rows
        for cell in row.cells
        if not cell.column.is_subtotal
    }

    parsed: list[_Parsed] = []
    for team in teams:
        for grade in grades:
            errors: list[str] = []
            cell = cells_by_key[(team.pk, grade.pk)]
            current = _parse_count(cell.current, _where(team, grade, CURRENT), errors)
            authorized = _parse_count(cell.authorized, _where(team, grade, AUTHORIZED), errors)
            if not errors:
                if grade.is_supernumerary and cell.authorized:
                    errors.append(
                        _(
                            "%(where)s: 정원외 인력에는 정원을 입력하지 않습니다. "
                            "현원만 입력하십시오."
                        )
                        % {"where": _where(team, grade)}
                    )
                elif authorized is not None and current is None:
                    errors.append(
                        _("%(where)s: 현원을 입력하십시오. 없으면 0을 입력합니다.")
                        % {"where": _where(team, grade)}
                    )
                elif current is not None and authorized is None and not grade.is_supernumerary:
                    errors.append(
                        _("%(where)s: 정원을 입력하십시오. 없으면 0을 입력합니다.")
                        % {"where": _where(team, grade)}
                    )
            if errors:
                cell.errors = errors
                grid.errors += errors
                continue
            parsed.append(_Parsed(team, grade, current, authorized))

    if grid.errors:
        return grid, False

    try:
        # The change history names the page; the user comes from the request.
        with transaction.atomic(), recording(reason=_("인력 현황 입력")):
            # Lock the counts, then read them again: the first query waits for a save holding
            # them, the second also sees (and locks) the rows that save committed meanwhile.
            list(_department_counts(department, year).select_for_update(of=("self",)))
            locked = list(_department_counts(department, year).select_for_update(of=("self",)))
            # The digest is of figures the page shows: nothing secret to compare in constant time.
            if counts_digest(locked) != grid.digest:
                return _refused(department, year, CONFLICT_MESSAGE), False
            stored = {(count.team_id, count.grade_id): count for count in locked}
            changes = _changes(parsed, stored, year, grid, cells_by_key)
            if grid.errors:
                return grid, False
            StaffingCount.objects.filter(pk__in=[count.pk for count in changes.deleted]).delete()
            for count in [*changes.created, *(count for count, _what in changes.updated)]:
                count.save()
    except IntegrityError:
        # Someone created the same cell at the same moment: the whole save is rolled back.
        return _refused(department, year, CLASH_MESSAGE), False
    saved = staffing_grid(department=department, year=year)
    saved.changes = changes
    return saved, True


def _refused(department: Department, year: int, message: str) -> StaffingGrid:
    """The grid as stored now (with a fresh digest), carrying ``message``."""
    grid = staffing_grid(department=department, year=year)
    grid.errors.append(_(message))
    grid.conflict = True
    return grid


def _changes(
    parsed: list[_Parsed],
    stored: dict[tuple[int, int], StaffingCount],
    year: int,
    grid: StaffingGrid,
    cells_by_key: dict[tuple[int, int], GridCell],
) -> GridChanges[StaffingCount]:
    """The counts to create, update and delete (a cell left as stored is none of them); model
    validation errors go to ``grid``."""
    changes = GridChanges[StaffingCount]()
    for item in parsed:
        existing = stored.get((item.team.pk, item.grade.pk))
        if item.current is None:
            if existing is not None:
                changes.deleted.append(existing)
            continue
        what = "" if existing is None else _what_changed(existing, item)
        if existing is not None and not what:
            continue
        count = existing or StaffingCount(year=year)
        count.team, count.grade = item.team, item.grade
        count.current, count.authorized = item.current, item.authorized
        try:
            # Unique checks are ours to keep (one row per cell), so the grid skips them.
            count.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            cell = cells_by_key[(item.team.pk, item.grade.pk)]
            for message in error.messages:
                text = f"{_where(item.team, item.grade)}: {message}"
                cell.errors.append(text)
                grid.errors.append(text)
            continue
        if existing is None:
            changes.created.append(count)
        else:
            changes.updated.append((count, what))
    return changes


def _what_changed(count: StaffingCount, item: _Parsed) -> str:
    """What ``item`` changes in a stored count, as "정원 3 → 4, 현원 3 → 5" ("" if nothing)."""
    parts = []
    for label, old, new in (
        (_("정원"), count.authorized, item.authorized),
        (_("현원"), count.current, item.current),
    ):
        if old != new:
            parts.append(f"{label} {'-' if old is None else old} → {'-' if new is None else new}")
    return ", ".join(parts)


def latest_year(department: Department | None) -> int | None:
    """The latest year with staffing counts for ``department`` (or any department)."""
    counts = StaffingCount.objects.all()
    if department is not None:
        counts = counts.filter(team__department=department)
    return counts.order_by("-year").values_list("year", flat=True).first()
