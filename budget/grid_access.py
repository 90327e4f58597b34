"""Who may open and write which cells of the budget grid (부서 예산 입력; budget.admin).

- A role opens its own department's grid only (superusers any department): another
  department's lines do not exist for it (404 by address), as everywhere in the admin.
- Every heading of the department is shown, so that the 계 row adds up as the report prints
  it (the report, and a draft's preview, show every row to the department's staff anyway); a
  작성자 writes its own team's row only, a 검토자 every row (headings without a team such as
  예비비, and a new heading, are the department's: the 검토자's), superusers everything.
  게시관리자 and 열람자 read. This is the scope of plans.access.scopes (a 작성자 writes its
  team's budget lines, a line without a team is the 검토자's), applied cell by cell.
- Each year's column is locked on its own by the rule for department-year data
  (plans.access.scopes.plans_printing with plans.access.editing.editing_refusal): this year's
  amounts while the department's plan of this year or of next year is not a draft, last year's
  while its plan of last year or of this year is not. The lock holds for superusers too."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from budget.admin_grid import NEW_HEADING_FIELD, BudgetGrid, BudgetRow, where
from personnel.models import Department
from plans.access.editing import editing_refusal
from plans.access.scopes import plans_printing, reach_of


def column_lock(department: Department, year: int) -> str | None:
    """Why the department's amounts of ``year`` cannot be changed now, or None."""
    for plan in plans_printing(department.pk, year):
        refusal = editing_refusal(plan)
        if refusal:
            return refusal
    return None


@dataclass(frozen=True)
class BudgetGridAccess:
    department: Department
    year: int
    #: Teams whose row the user may write; None: every team.
    editable_team_ids: frozenset | None
    #: Whether the user may write rows without a team (예비비 …) and add a heading.
    edits_headings: bool
    #: Why each year's column is locked (only locked years are keys).
    locks: dict[int, str]
    #: What the page says about the rows the user may change, or None.
    notice: str | None

    def may_write_row(self, row: BudgetRow) -> bool:
        if row.team is None:
            return self.edits_headings
        return self.editable_team_ids is None or row.team.pk in self.editable_team_ids

    def writable(self, grid: BudgetGrid) -> set[tuple[str, int]]:
        """The (row key, year) cells the user may write in ``grid``."""
        return {
            (row.key, cell.year)
            for row in grid.rows
            if self.may_write_row(row)
            for cell in row.cells
            if cell.year not in self.locks
        }

    def mark(self, grid: BudgetGrid) -> BudgetGrid:
        """Set each cell's ``editable`` for the template."""
        writable = self.writable(grid)
        for row in grid.rows:
            for cell in row.cells:
                cell.editable = (row.key, cell.year) in writable
        return grid

    def check_post(self, grid: BudgetGrid, data: Mapping[str, str]) -> None:
        """Refuse (403) a POST that carries a cell the user may not write: the page never
        shows an input for one, so such a POST was made by hand."""
        writable = self.writable(grid)
        for row in grid.rows:
            for cell in row.cells:
                if cell.name in data and (row.key, cell.year) not in writable:
                    raise PermissionDenied(
                        _("%(where)s 금액은 고칠 수 없습니다.") % {"where": where(row, cell.year)}
                    )
        new_row = grid.new_row
        new_writable = new_row is not None and any(
            (new_row.key, cell.year) in writable for cell in new_row.cells
        )
        if data.get(NEW_HEADING_FIELD, "").strip() and not new_writable:
            raise PermissionDenied(_("새 항목은 검토자만 추가할 수 있습니다."))


def budget_grid_access(
    user, *, department: Department, year: int, may_write: bool
) -> BudgetGridAccess:
    """What ``user`` may do on the grid; ``may_write``: the model permissions to add, change and
    delete budget lines (the admin's), without which nothing is writable."""
    locks = {
        column_year: lock
        for column_year in (year, year - 1)
        if (lock := column_lock(department, column_year))
    }
    reach = reach_of(user)
    if not may_write:
        return BudgetGridAccess(department, year, frozenset(), False, locks, None)
    if reach.superuser or reach.edits_department:
        return BudgetGridAccess(department, year, None, True, locks, None)
    team_ids = frozenset({reach.team_id}) if reach.team is not None else frozenset()
    notice = None
    if reach.team is not None and len(locks) < 2:
        notice = _("%(team)s 행만 고칠 수 있습니다 (%(who)s).") % {
            "team": reach.team.name,
            "who": reach.label,
        }
    return BudgetGridAccess(department, year, team_ids, False, locks, notice)
