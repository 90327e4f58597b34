"""The budget grid of the admin (부서 예산 입력): one department's budget headings for a year and
the year before, side by side as the report's 예산규모 table prints them, with 증감 and 증감률.

Rows are the department's teams and its other headings (예비비, 행정운영경비 …, as its budget
lines name them), plus one blank row for a new heading; columns are this year and last year,
amounts in 천원 as stored. A cell is a :class:`~budget.models.BudgetLine` of that heading and
year (same account and stage): typing an amount creates or changes it, emptying it deletes it.

Every figure the page shows (row 증감 and 증감률, the 계 row) comes from
:mod:`plans.rules.figures`; the page's script (static/js/budget-grid.js) recomputes them the same
way as the clerk types, and tests/browser check that the two agree.

Saving parses every cell first and refuses the whole grid, naming each wrong cell ("행정팀
2023년: …"), if one is wrong. Like the staffing grid it carries a digest of the lines it was
loaded with (``DIGEST_FIELD``): saving locks the lines of both years, recomputes the digest and
writes nothing if someone saved in between, so one clerk's save never silently undoes another's.
Which cells a user may write is decided by budget.grid_access; this module only reads, checks
and writes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from budget.models import Account, BudgetLine, Stage
from personnel.models import Department, Team
from plans.history import recording
from plans.rules import figures
from plans.rules.grid_lock import DIGEST_FIELD, GridChanges, rows_digest

#: The largest amount a cell accepts, in 천원 (a typo guard: about 1,000조 원).
MAX_AMOUNT = 999_999_999_999

#: The POST name of the new heading's name (the blank row at the bottom).
NEW_HEADING_FIELD = "new-heading"
NEW_ROW_KEY = "new"

#: The unit amounts are typed and stored in; the report prints 백만원 (plans.report.context).
STORED_UNIT = "천원"

CONFLICT_MESSAGE = gettext_noop(
    "이 표를 연 뒤에 다른 사람이 부서 예산을 저장했습니다. 아무것도 저장하지 않았습니다. "
    "바뀐 표를 다시 불러왔으니 확인하고 다시 입력하십시오."
)
CLASH_MESSAGE = gettext_noop(
    "다른 사람이 같은 항목을 동시에 저장했습니다. 아무것도 저장하지 않았습니다. "
    "바뀐 표를 다시 불러왔으니 확인하고 다시 입력하십시오."
)


def cell_name(row_key: str, year: int) -> str:
    """The POST name of a cell's input: ``amount-t12-2023`` (team 12), ``amount-h…-2022``."""
    return f"amount-{row_key}-{year}"


def team_key(team: Team) -> str:
    return f"t{team.pk}"


def heading_key(heading: str) -> str:
    """A heading's row key, from its name: stable whichever lines exist, and safe in a name."""
    return "h" + heading.encode().hex()


@dataclass
class BudgetCell:
    """One heading in one year: the stored line (if any) and the text shown in the input."""

    row_key: str
    year: int
    line: BudgetLine | None
    text: str  # as typed (a refused grid shows what was typed) or as stored, with separators
    value: int | None = None  # what the text reads as (None: empty or unreadable)
    editable: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return cell_name(self.row_key, self.year)

    @property
    def raw(self) -> str:
        """The value for the page's script: digits only, "" when empty or unreadable."""
        return "" if self.value is None else str(self.value)


@dataclass
class BudgetRow:
    key: str
    label: str
    team: Team | None
    heading: str
    current: BudgetCell
    previous: BudgetCell
    #: The blank row for a new heading (its label is typed).
    is_new: bool = False

    @property
    def is_team(self) -> bool:
        return self.team is not None

    @property
    def cells(self) -> tuple[BudgetCell, BudgetCell]:
        return (self.current, self.previous)

    @property
    def change(self) -> figures.Change | None:
        """증감 as the report computes it (an empty cell counts as 0); None when both are empty."""
        if self.current.value is None and self.previous.value is None:
            return None
        return figures.change(self.current.value or 0, self.previous.value or 0)

    @property
    def change_amount(self) -> str:
        change = self.change
        return change.format_amount() if change else figures.format_number(None)

    @property
    def change_rate(self) -> str:
        change = self.change
        return change.format_rate() if change else figures.format_number(None)


@dataclass
class BudgetGrid:
    department: Department
    year: int
    account: str
    stage: str
    rows: list[BudgetRow]
    errors: list[str] = field(default_factory=list)
    #: Digest of the stored lines the form stands on (see the staffing grid's).
    digest: str = ""
    #: Refused because someone else saved first, not because a cell is wrong.
    conflict: bool = False
    #: What a successful save wrote ("금액 992,000 → 1,000,000"), for the admin's history.
    changes: GridChanges[BudgetLine] | None = None

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def years(self) -> tuple[int, int]:
        return (self.year, self.year - 1)

    @property
    def total_current(self) -> int:
        return figures.sum_values(row.current.value for row in self.rows)

    @property
    def total_previous(self) -> int:
        return figures.sum_values(row.previous.value for row in self.rows)

    @property
    def total_current_text(self) -> str:
        return figures.format_number(self.total_current)

    @property
    def total_previous_text(self) -> str:
        return figures.format_number(self.total_previous)

    @property
    def total_change(self) -> figures.Change:
        return figures.change(self.total_current, self.total_previous)

    @property
    def caption(self) -> str:
        return figures.unit_caption(STORED_UNIT)

    @property
    def account_label(self) -> str:
        return str(Account(self.account).label)

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def stored_rows(self) -> list[BudgetRow]:
        return [row for row in self.rows if not row.is_new]

    @property
    def new_row(self) -> BudgetRow | None:
        return next((row for row in self.rows if row.is_new), None)


def department_lines(department: Department, year: int, account: str, stage: str):
    """The department's lines of ``year`` and the year before, one account and stage (no join,
    so a row lock takes only these rows)."""
    return BudgetLine.objects.filter(
        department=department, fiscal_year__in=(year, year - 1), account=account, stage=stage
    )


def lines_digest(lines: Iterable[BudgetLine]) -> str:
    """sha256 of every (year, team, heading, order, amount): changes whenever a line of the grid
    is created, changed or deleted."""
    return rows_digest(
        (line.fiscal_year, line.team_id or 0, line.heading, line.order, line.amount)
        for line in lines
    )


def _teams(department: Department, year: int, account: str, stage: str) -> list[Team]:
    """The department's active teams, and any inactive team with a line in either year."""
    has_lines = BudgetLine.objects.filter(
        team=OuterRef("pk"), fiscal_year__in=(year, year - 1), account=account, stage=stage
    )
    return list(
        Team.objects.filter(department=department)
        .filter(Q(is_active=True) | Exists(has_lines))
        .order_by("order")
    )


def _read(text: str) -> int | None:
    """What a cell reads as: a whole number of 천원 with optional separators, else None."""
    text = "".join(text.split()).replace(",", "")
    return int(text) if text.isascii() and text.isdigit() else None


def _stored_text(line: BudgetLine | None) -> str:
    return "" if line is None else f"{line.amount:,}"


def _row_order(row: BudgetRow, team_order: dict[int, int]) -> tuple:
    """Rows as the report lists them: this year's lines in their order, then headings only last
    year had, then teams with no line yet (in the department's order of teams)."""
    if row.current.line is not None:
        return (0, row.current.line.order, 0)
    if row.previous.line is not None:
        return (1, row.previous.line.order, 0)
    return (2, team_order.get(row.team.pk if row.team else 0, 0), 0)


def budget_grid(
    *,
    department: Department,
    year: int,
    account: str = Account.GENERAL,
    stage: str = Stage.ORIGINAL,
    data: Mapping[str, str] | None = None,
) -> BudgetGrid:
    """The grid for ``department`` in ``year`` (3 queries): stored amounts, or ``data`` as
    typed. A cell that cannot be read as an amount counts as empty in the sums (the save
    refuses it anyway)."""
    lines = list(department_lines(department, year, account, stage).select_related("team"))
    teams = _teams(department, year, account, stage)
    by_key: dict[tuple[str, int], BudgetLine] = {}
    headings: list[str] = []
    for line in lines:
        key = team_key(line.team) if line.team_id else heading_key(line.heading)
        by_key[(key, line.fiscal_year)] = line
        if not line.team_id and line.heading not in headings:
            headings.append(line.heading)

    def cell(key: str, cell_year: int) -> BudgetCell:
        line = by_key.get((key, cell_year))
        text = _stored_text(line) if data is None else data.get(cell_name(key, cell_year), "")
        text = text.strip()
        return BudgetCell(key, cell_year, line, text, _read(text))

    rows: list[BudgetRow] = []
    for team in teams:
        key = team_key(team)
        label = team.name if team.is_active else f"{team.name} ({_('폐지')})"
        rows.append(BudgetRow(key, label, team, "", cell(key, year), cell(key, year - 1)))
    for heading in headings:
        key = heading_key(heading)
        rows.append(BudgetRow(key, heading, None, heading, cell(key, year), cell(key, year - 1)))
    team_order = {team.pk: team.order for team in teams}
    rows.sort(key=lambda row: _row_order(row, team_order))

    new_label = "" if data is None else data.get(NEW_HEADING_FIELD, "").strip()
    rows.append(
        BudgetRow(
            NEW_ROW_KEY,
            new_label,
            None,
            new_label,
            cell(NEW_ROW_KEY, year),
            cell(NEW_ROW_KEY, year - 1),
            is_new=True,
        )
    )
    return BudgetGrid(
        department=department,
        year=year,
        account=account,
        stage=stage,
        rows=rows,
        digest=lines_digest(lines) if data is None else data.get(DIGEST_FIELD, ""),
    )


# ---------------------------------------------------------------------------------------------
# Saving


def where(row: BudgetRow, year: int) -> str:
    """How a message names a cell: ``행정팀 2023년``, ``새 항목 2022년``."""
    label = row.label if not row.is_new else (row.label or _("새 항목"))
    return f"{label} {year}년"


def _parse_amount(cell: BudgetCell, place: str) -> int | None:
    """The cell's amount, or None when empty; a wrong value goes to ``cell.errors``."""
    text = cell.text
    if not text:
        return None
    value = _read(text)
    if value is None:
        cell.errors.append(
            _("%(where)s: 금액은 0 이상의 정수(천원 단위)로 입력하십시오. (입력한 값: %(text)s)")
            % {"where": place, "text": text}
        )
        return None
    if value > MAX_AMOUNT:
        cell.errors.append(
            _("%(where)s: %(max)s천원 이하로 입력하십시오. (입력한 값: %(text)s)")
            % {"where": place, "max": f"{MAX_AMOUNT:,}", "text": text}
        )
        return None
    return value


@dataclass
class _Wanted:
    """A cell as the save wants it: its row and year, and the amount (None: no line)."""

    row: BudgetRow
    cell: BudgetCell
    amount: int | None


def _check_new_row(grid: BudgetGrid, row: BudgetRow) -> list[str]:
    """The new heading's name: required when an amount is typed, unique, not a team's name."""
    errors: list[str] = []
    typed = any(cell.text for cell in row.cells)
    name = row.label
    if not name:
        if typed:
            errors.append(
                _("새 항목: 금액을 입력했으면 항목 이름을 입력하십시오. 예: 예비비, 행정운영경비")
            )
        return errors
    if not typed:
        errors.append(_("새 항목 '%(name)s': 올해나 전년도 금액을 입력하십시오.") % {"name": name})
    max_length = BudgetLine._meta.get_field("heading").max_length
    if len(name) > max_length:
        errors.append(
            _("새 항목 '%(name)s': 항목 이름은 %(max)s자 이하로 입력하십시오.")
            % {"name": name, "max": max_length}
        )
    for other in grid.stored_rows:
        if other.label == name or (other.team is not None and other.team.name == name):
            errors.append(
                _("새 항목 '%(name)s': 같은 이름의 줄이 이미 표에 있습니다. 그 줄에 입력하십시오.")
                % {"name": name}
            )
            break
    return errors


def budget_grid_save(
    *,
    department: Department,
    year: int,
    account: str,
    stage: str,
    data: Mapping[str, str],
    writable: Iterable[tuple[str, int]],
) -> tuple[BudgetGrid, bool]:
    """Check every cell of ``data`` and save the grid; return the grid and whether it saved.

    Only the cells in ``writable`` ((row key, year) pairs, from budget.grid_access) are read
    from ``data``; the others keep their stored amount. Nothing is written unless every cell is
    valid, and nothing either if the lines changed since the form was loaded (the digest of
    ``DIGEST_FIELD`` differs, or is missing) or a concurrent save created the same line: the
    grid returned then is the database's, with a message saying so."""
    writable = set(writable)
    grid = budget_grid(department=department, year=year, account=account, stage=stage, data=data)
    stored = budget_grid(department=department, year=year, account=account, stage=stage)
    stored_cells = {(c.row_key, c.year): c for row in stored.rows for c in row.cells}

    wanted: list[_Wanted] = []
    for row in grid.rows:
        for cell in row.cells:
            if (row.key, cell.year) not in writable:
                # Not this user's to change (or locked): shown as stored, saved as stored.
                kept = stored_cells[(row.key, cell.year)]
                cell.text, cell.value, cell.line = kept.text, kept.value, kept.line
                continue
            amount = _parse_amount(cell, where(row, cell.year))
            grid.errors += cell.errors
            wanted.append(_Wanted(row, cell, amount))
        if row.is_new and any((row.key, c.year) in writable for c in row.cells):
            errors = _check_new_row(grid, row)
            if errors:
                row.current.errors += errors
                grid.errors += errors
    if grid.errors:
        return grid, False

    try:
        # The change history names the page; the user comes from the request.
        with transaction.atomic(), recording(reason=_("부서 예산 입력")):
            # Lock the lines, then read them again: the first query waits for a save holding
            # them, the second also sees (and locks) the lines that save committed meanwhile.
            lines = department_lines(department, year, account, stage)
            # Only the lines' own rows: a line without a team is the nullable side of an outer
            # join, which PostgreSQL cannot lock.
            list(lines.select_for_update(of=("self",)))
            locked = list(lines.select_for_update(of=("self",)).select_related("team"))
            # The digest is of figures the page shows: nothing secret to compare in constant time.
            if lines_digest(locked) != grid.digest:
                return _refused(grid, CONFLICT_MESSAGE), False
            changes = _changes(grid, wanted, locked)
            if grid.errors:
                return grid, False
            BudgetLine.objects.filter(pk__in=[line.pk for line in changes.deleted]).delete()
            for line in [*changes.created, *(line for line, _what in changes.updated)]:
                line.save()
    except IntegrityError:
        # Someone created the same line at the same moment: the whole save is rolled back.
        return _refused(grid, CLASH_MESSAGE), False
    saved = budget_grid(department=department, year=year, account=account, stage=stage)
    saved.changes = changes
    return saved, True


def _refused(grid: BudgetGrid, message: str) -> BudgetGrid:
    """The grid as stored now (with a fresh digest), carrying ``message``."""
    fresh = budget_grid(
        department=grid.department, year=grid.year, account=grid.account, stage=grid.stage
    )
    fresh.errors.append(_(message))
    fresh.conflict = True
    return fresh


def _changes(
    grid: BudgetGrid, wanted: list[_Wanted], locked: list[BudgetLine]
) -> GridChanges[BudgetLine]:
    """The lines to create, update and delete (a cell left as stored is none of them); model
    validation errors go to ``grid``.

    A new line takes the order of the same heading's line in the other year when that number is
    free in its own year (a heading keeps its place from one year to the next), otherwise the
    next number after the year's last line: it is printed at the end of the table, and its place
    can be changed on the line's own page."""
    changes = GridChanges[BudgetLine]()
    by_pk = {line.pk: line for line in locked}
    taken: dict[int, set[int]] = {y: set() for y in grid.years}
    deleted_pks = {
        item.cell.line.pk for item in wanted if item.amount is None and item.cell.line is not None
    }
    for line in locked:
        if line.pk not in deleted_pks:
            taken[line.fiscal_year].add(line.order)

    for item in wanted:
        row, cell = item.row, item.cell
        existing = by_pk.get(cell.line.pk) if cell.line is not None else None
        if item.amount is None:
            if existing is not None:
                changes.deleted.append(existing)
            continue
        if existing is not None:
            if existing.amount == item.amount:
                continue
            what = _("금액 %(old)s → %(new)s") % {
                "old": f"{existing.amount:,}",
                "new": f"{item.amount:,}",
            }
            existing.amount = item.amount
            line, created = existing, False
        else:
            line = BudgetLine(
                department=grid.department,
                fiscal_year=cell.year,
                account=grid.account,
                stage=grid.stage,
                team=row.team,
                heading="" if row.team is not None else row.label,
                amount=item.amount,
                order=_free_order(row, cell.year, taken),
            )
            taken[cell.year].add(line.order)
            what, created = "", True
        try:
            # Unique checks are ours to keep (one line per heading and year, free order
            # numbers), so the grid skips them; the database still refuses a clash.
            line.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for message in error.messages:
                text = f"{where(row, cell.year)}: {message}"
                cell.errors.append(text)
                grid.errors.append(text)
            continue
        if created:
            changes.created.append(line)
        else:
            changes.updated.append((line, what))
    return changes


def _free_order(row: BudgetRow, year: int, taken: dict[int, set[int]]) -> int:
    other = row.previous if year == row.current.year else row.current
    if other.line is not None and other.line.order not in taken[year]:
        return other.line.order
    return max(taken[year], default=0) + 1
