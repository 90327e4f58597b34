"""The staffing table (인력: teams as rows, grades as columns), built once for the report's table
(plans.report.context.staffing_table) and the admin's grid where it is typed
(personnel.admin_staffing): its columns, its two header rows and its sums, every sum by
plans.rules.figures.

The two differ only in what a column is. The report prints 일반직 by grade with a 소계 in
front and sums every other category into one column (정원외 kinds are itemised under it); the
grid needs a column to type into for every grade, so there a category of several grades is
broken down as 일반직 is."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from personnel.models import CATEGORIES_BROKEN_DOWN, Grade, GradeCategory
from plans.rules import figures


@dataclass(frozen=True)
class HeaderCell:
    label: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class StaffingColumnLayout:
    """One column: a grade, a category's grades summed, or a category's 소계."""

    label: str
    category: str
    grades: tuple[Grade, ...]
    is_subtotal: bool = False

    @property
    def grade_ids(self) -> tuple[int, ...]:
        return tuple(grade.pk for grade in self.grades)


class _Column(Protocol):
    label: str
    category: str
    is_subtotal: bool


C = TypeVar("C", bound=_Column)


def staffing_columns(grades: Iterable[Grade], *, every_grade: bool) -> list[StaffingColumnLayout]:
    """The columns for ``grades``, categories in the report's order and grades in theirs.

    A category broken down (일반직, and with ``every_grade`` any category of several grades)
    has a 소계 column and then one per grade. Otherwise a category is one column: with
    ``every_grade`` its one grade (named as the grade is, "정원외 청원경찰"), else all its grades
    summed and named as the category."""
    columns: list[StaffingColumnLayout] = []
    for category in GradeCategory:
        members = tuple(sorted((g for g in grades if g.category == category), key=_order))
        if not members:
            continue
        if category in CATEGORIES_BROKEN_DOWN or (every_grade and len(members) > 1):
            columns.append(StaffingColumnLayout("소계", category, members, is_subtotal=True))
            columns += [StaffingColumnLayout(g.name, category, (g,)) for g in members]
        elif every_grade:
            columns.append(StaffingColumnLayout(str(members[0]), category, members))
        else:
            columns.append(StaffingColumnLayout(str(category.label), category, members))
    return columns


def _order(grade: Grade) -> int:
    return grade.order


def header_top(columns: Sequence[_Column]) -> list[HeaderCell]:
    """The first header row: a category broken down spans its columns (its grades are named in
    the second row); any other column spans both rows ("정원외 인력" for the 정원외 sum)."""
    cells: list[HeaderCell] = []
    for category in GradeCategory:
        members = [column for column in columns if column.category == category]
        if not members:
            continue
        if any(column.is_subtotal for column in members):
            cells.append(HeaderCell(str(category.label), colspan=len(members)))
        else:
            label = members[0].label
            if label == str(GradeCategory.SUPERNUMERARY.label):
                label = "정원외 인력"
            cells.append(HeaderCell(label, rowspan=2))
    return cells


def header_bottom(columns: Sequence[C]) -> list[C]:
    """The second header row: the columns of the categories broken down."""
    broken_down = {column.category for column in columns if column.is_subtotal}
    return [column for column in columns if column.category in broken_down]


def column_values(
    columns: Sequence[StaffingColumnLayout], values: Mapping[int, int | None]
) -> list[int]:
    """One row's value in each column, from its values by grade id (a 소계 or a summed
    category adds its grades)."""
    return [figures.sum_values(values.get(pk) for pk in column.grade_ids) for column in columns]


def row_total(values: Mapping[int, int | None]) -> int:
    """A row's 계: every grade of it."""
    return figures.sum_values(values.values())
