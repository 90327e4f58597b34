"""One department over the years: its published plans side by side (cards, 사업구분, budget,
staffing) and which cards carried on from year to year, read from the published versions'
frozen reports in a fixed number of queries whatever the number of years."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.http import Http404

from personnel.models import Department
from plans.models import WorkPlan
from plans.models.publication import without_contents
from plans.public.editions import CURRENT, EditionUrls
from plans.public.session_data import KIND_LABELS
from plans.report.comparison import Comparison, title_key
from plans.report.context import PlanReport
from plans.rules import figures
from plans.workflow.freezing import FrozenReport, frozen_reports


def department_at(slug: str) -> Department:
    """The department at /departments/<slug>/, or 404 when it has no published plan."""
    department = (
        Department.objects.select_related("bureau", "organization")
        .filter(slug=slug)
        .filter(Exists(WorkPlan.objects.published().filter(department=OuterRef("pk"))))
        .first()
    )
    if department is None:
        raise Http404("과를 찾을 수 없습니다.")
    return department


def _published_plans(department: Department):
    return WorkPlan.objects.published().filter(department=department)


def department_digest(department: Department) -> str:
    """What the page prints, in one query: the department's names and its public versions."""
    rows = (
        _published_plans(department)
        .order_by("year")
        .values_list(
            "year",
            "public_version_id",
            "public_version__content_hash",
            "public_version__session__number",
            "public_version__session__kind",
        )
    )
    head = (department.pk, department.name, department.slug, department.parent_name)
    return hashlib.sha256(repr((head, list(rows))).encode()).hexdigest()


@dataclass(frozen=True)
class YearColumn:
    """One year's published plan of the department."""

    plan: WorkPlan
    report: PlanReport
    comparison: Comparison

    @property
    def year(self) -> int:
        return self.report.plan.year

    @property
    def urls(self) -> EditionUrls:
        return EditionUrls(CURRENT, self.plan.year, self.plan.department.slug)

    @property
    def kind_counts(self) -> list[int]:
        return [sum(kind in view.kinds for view in self.report.cards) for kind in KIND_LABELS]


@dataclass(frozen=True)
class BudgetYear:
    year: int
    current: int
    change: figures.Change | None  # against the year before as this year's plan printed it


@dataclass(frozen=True)
class TitleRow:
    """A card title over the years: the card's code in each year's plan, or None."""

    title: str
    codes: list[tuple[str | None, str | None]]  # (code, address) per year

    @property
    def years_present(self) -> int:
        return sum(code is not None for code, _ in self.codes)


@dataclass
class DepartmentYears:
    department: Department
    columns: list[YearColumn]
    titles: list[TitleRow]

    @property
    def budget(self) -> list[BudgetYear]:
        return [
            BudgetYear(c.year, c.report.budget.total.current, c.report.budget.total.change)
            for c in self.columns
        ]

    @property
    def budget_unit(self) -> str:
        return self.columns[-1].report.budget.unit if self.columns else ""

    @property
    def continued_every_year(self) -> list[TitleRow]:
        return [row for row in self.titles if row.years_present == len(self.columns)]


def department_years(department: Department) -> DepartmentYears:
    """The department's published plans, oldest first, and each card title across them (the
    titles matched as the plan page's comparison matches them, ignoring spaces and ·)."""
    plans = list(
        _published_plans(department)
        .select_related("department", "public_version")
        .defer(*without_contents("public_version__"))
        .order_by("year")
    )
    reports = frozen_reports([plan.public_version for plan in plans])
    columns = []
    for plan in plans:
        frozen = reports.get(plan.public_version_id)
        if isinstance(frozen, FrozenReport):
            columns.append(YearColumn(plan, frozen.report, frozen.comparison))
    # The newest year's titles first, in its order, then titles that ended earlier.
    titles: dict[str, str] = {}
    for column in reversed(columns):
        for view in column.report.cards:
            titles.setdefault(title_key(view.card.title), view.card.title)
    by_year = [
        {title_key(view.card.title): view.code for view in column.report.cards}
        for column in columns
    ]
    rows = []
    for key, title in titles.items():
        codes = []
        for column, codes_of_year in zip(columns, by_year, strict=True):
            code = codes_of_year.get(key)
            codes.append((code, column.urls.card(code) if code else None))
        rows.append(TitleRow(title, codes))
    return DepartmentYears(department, columns, rows)
