"""Who may open and save which rows of the staffing grid (인력 현황 입력; personnel.admin).

- A role opens its own department's grid only (superusers any department).
- A 작성자 saves its own team's row; the other rows are shown read-only, and a POST that
  changes one anyway is refused (403). A 검토자 saves every row of its department.
- The grid of a year that a plan of the department prints (that year's plan or the next
  year's, as last year's figures) is read-only to everyone while that plan is not a draft
  (plans.access.editing.editing_refusal).

The department and year a grid opens on (:func:`opening_department`, :func:`plan_year`) are
here too, because the budget grid (budget.admin) opens the same way: on the year of the
department's latest plan, the one its staff are working on, rather than the oldest year
on record or the year of the calendar."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from personnel.admin_staffing import staffing_grid
from personnel.models import Department, chart_order
from plans.access.editing import editing_refusal
from plans.access.scopes import plans_printing, reach_of
from plans.models import WorkPlan


def grid_departments(user):
    """The departments whose grid ``user`` may open, in the order of the selector."""
    departments = Department.objects.select_related("organization", "bureau").order_by(
        *chart_order()
    )
    reach = reach_of(user)
    if reach.superuser:
        return departments
    if reach.team is None:
        return departments.none()
    return departments.filter(pk=reach.department_id)


def opening_department(user) -> Department | None:
    """The department a grid opens on without one in its address: a role's own (a superuser
    chooses from the list)."""
    reach = reach_of(user)
    if reach.superuser or reach.team is None:
        return None
    return grid_departments(user).first()


def plan_year(department: Department) -> int | None:
    """The year of the department's latest plan (the one being written), or None."""
    plans = WorkPlan.objects.filter(department=department).order_by("-year")
    return plans.values_list("year", flat=True).first()


@dataclass(frozen=True)
class GridAccess:
    department: Department
    year: int
    #: Teams whose row the user may save; None: every team.
    editable_team_ids: frozenset | None
    #: Why nothing may be saved (the workflow lock), or None.
    lock: str | None
    #: What the page says about the rows the user may change, or None.
    notice: str | None

    @property
    def may_save(self) -> bool:
        return self.lock is None and self.editable_team_ids != frozenset()

    def readonly_team_ids(self, grid) -> frozenset:
        teams = {row.team.pk for row in grid.rows}
        if not self.may_save:
            return frozenset(teams)
        if self.editable_team_ids is None:
            return frozenset()
        return frozenset(teams - self.editable_team_ids)

    def posted_data(self, data: Mapping[str, str]) -> dict:
        """``data`` with every read-only row's cells as stored (a read-only input posts its
        value, a disabled one none). A read-only cell posted with another value is refused:
        the page never sends one."""
        if self.editable_team_ids is None:
            return data
        stored = staffing_grid(department=self.department, year=self.year)
        merged = {key: data.get(key) for key in data}
        for row in stored.rows:
            if row.team.pk in self.editable_team_ids:
                continue
            for cell in row.cells:
                if cell.column.is_subtotal:
                    continue
                for name, value in (
                    (cell.current_name, cell.current),
                    (cell.authorized_name, cell.authorized),
                ):
                    posted = data.get(name)
                    if posted is not None and posted.strip().replace(",", "") != value:
                        raise PermissionDenied(
                            _("%(team)s의 인력 현황은 고칠 수 없습니다.") % {"team": row.team.name}
                        )
                    merged[name] = value
        return merged


def grid_access(user, *, department: Department, year: int) -> GridAccess:
    lock = None
    for plan in plans_printing(department.pk, year):
        lock = editing_refusal(plan)
        if lock:
            break
    reach = reach_of(user)
    editable = None
    notice = lock
    if not reach.superuser and not reach.edits_department:
        editable = frozenset({reach.team_id}) if reach.team is not None else frozenset()
        if lock is None and reach.team is not None:
            notice = _("%(team)s 행만 고칠 수 있습니다 (%(who)s).") % {
                "team": reach.team.name,
                "who": reach.label,
            }
    return GridAccess(department, year, editable, lock, notice)
