"""Admin of money: county budgets, department budget lines with their change from last year
and the budget grid (부서 예산 입력: a department's headings × this year and last year, see
budget.admin_grid), and task cards' funding rows (also edited inline on the task card)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from budget.admin_grid import NEW_HEADING_FIELD, budget_grid, budget_grid_save
from budget.grid_access import budget_grid_access
from budget.models import Account, BudgetLine, CountyBudget, DisplayUnit, FundingRow, Stage
from budget.resources import BudgetLineResource, CountyBudgetResource, FundingRowResource
from plans.admin.base import PortalAdmin
from plans.admin.filters import titled
from plans.admin.forms import FormOnlyFields, FundingRowForm
from plans.admin.grid import GridPageMixin, grid_place, opening_year
from plans.admin.import_export import SpreadsheetImportExportMixin
from plans.rules import figures

MILLION = str(DisplayUnit.MILLION)
PLAN_YEAR = _("계획 연도")


def in_millions(amount: int | None) -> str:
    """An amount stored in 천원, shown in 백만원 as the report's tables do (``78,676``)."""
    if amount is None:
        return figures.format_number(None)
    return figures.format_number(figures.money_in_unit(amount, MILLION))


@admin.register(CountyBudget)
class CountyBudgetAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = (CountyBudgetResource,)
    list_display = ("fiscal_year", "organization", "account", "stage", "total_millions", "total")
    list_filter = ("fiscal_year", "organization", "account", "stage")
    search_fields = ("organization__name", "note")
    ordering = ("organization__name", "-fiscal_year", "account", "stage")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)
    fields = ("organization", "fiscal_year", "account", "stage", "total", "note")

    @admin.display(description=_("총액(백만원)"), ordering="total")
    def total_millions(self, obj: CountyBudget) -> str:
        return in_millions(obj.total)


def previous_year_amount() -> Subquery:
    """The amount of the same line (same department, account, stage, and team or heading) in
    the previous fiscal year, as one correlated subquery: no query per row."""
    same_line = Q(team__isnull=False, team=OuterRef("team")) | Q(
        team__isnull=True, heading=OuterRef("heading")
    )
    previous = BudgetLine.objects.filter(
        same_line,
        department=OuterRef("department"),
        account=OuterRef("account"),
        stage=OuterRef("stage"),
        fiscal_year=OuterRef("fiscal_year") - 1,
    ).order_by()
    return Subquery(previous.values("amount")[:1])


def previous_year_exists() -> Exists:
    """Whether the department has any line (same account and stage) in the previous year: a
    missing line is then new this year (순증), otherwise there is nothing to compare with."""
    return Exists(
        BudgetLine.objects.filter(
            department=OuterRef("department"),
            account=OuterRef("account"),
            stage=OuterRef("stage"),
            fiscal_year=OuterRef("fiscal_year") - 1,
        )
    )


def budget_grid_url(
    *,
    department_id=None,
    year: int | None = None,
    account: str | None = None,
    stage: str | None = None,
) -> str:
    """The address of the budget grid (URL name ``admin:budget_budgetline_grid``), opened on a
    department and year when given, e.g. from a plan's page."""
    url = reverse("admin:budget_budgetline_grid")
    query = {
        key: value
        for key, value in (
            ("department", department_id),
            ("year", year),
            ("account", account),
            ("stage", stage),
        )
        if value is not None
    }
    return f"{url}?{urlencode(query)}" if query else url


def _latest_budget_year(department) -> int | None:
    lines = BudgetLine.objects.filter(department=department).order_by("-fiscal_year")
    return lines.values_list("fiscal_year", flat=True).first()


@admin.register(BudgetLine)
class BudgetLineAdmin(GridPageMixin, SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = (BudgetLineResource,)
    list_display = (
        "fiscal_year",
        "department",
        "item",
        "account",
        "stage",
        "amount_millions",
        "amount_thousands",
        "previous_millions",
        "change_display",
    )
    list_display_links = ("item",)
    list_filter = ("fiscal_year", "department", "account", "stage")
    search_fields = ("department__name", "team__name", "heading")
    ordering = ("department__order", "-fiscal_year", "account", "stage", "order")
    list_select_related = ("department", "team")
    autocomplete_fields = ("department", "team")
    fieldsets = (
        (None, {"fields": ("department", "fiscal_year", "account", "stage", "order")}),
        (
            _("항목"),
            {
                "fields": ("team", "heading"),
                "description": _(
                    "팀 예산이면 팀을, 예비비·행정운영경비 같은 항목이면 이름을 입력합니다."
                ),
            },
        ),
        (
            _("금액"),
            {
                "fields": ("amount",),
                "description": _(
                    "금액은 천원 단위로 입력합니다. 보고서에는 백만원 단위로 반올림해 표시합니다."
                ),
            },
        ),
    )

    change_list_template = "admin/budget/budgetline/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                previous_amount=previous_year_amount(),
                has_previous_year=previous_year_exists(),
            )
        )

    def get_urls(self):
        return [
            path(
                "grid/",
                self.admin_site.admin_view(self.grid_view),
                name="budget_budgetline_grid",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "budget_grid_url": budget_grid_url()}
        return super().changelist_view(request, extra_context)

    def grid_view(self, request):
        """부서 예산 입력: one department's headings × this year and last year."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        place = grid_place(request)
        department, year = place.department, place.year
        account = request.GET.get("account", "")
        account = account if account in Account.values else Account.GENERAL
        stage = request.GET.get("stage", "")
        stage = stage if stage in Stage.values else Stage.ORIGINAL
        if department is not None and year is None:
            year = opening_year(department, latest_year=_latest_budget_year)
            return HttpResponseRedirect(
                budget_grid_url(
                    department_id=department.pk, year=year, account=account, stage=stage
                )
            )

        grid = access = None
        if department is not None:
            where = {"department": department, "year": year, "account": account, "stage": stage}
            access = budget_grid_access(
                request.user,
                department=department,
                year=year,
                may_write=self.has_grid_write_permission(request),
            )
            if request.method == "POST":
                stored = budget_grid(**where)
                writable = access.writable(stored)
                if not writable:
                    raise PermissionDenied
                access.check_post(stored, request.POST)
                grid, leave = self.save_grid(
                    request,
                    lambda: budget_grid_save(**where, data=request.POST, writable=writable),
                    via=_("부서 예산 입력"),
                    saved=_("%(year)s년 %(department)s 부서 예산을 저장했습니다.")
                    % {"year": year, "department": department.name},
                )
                if leave is not None:
                    return leave
            else:
                grid = budget_grid(**where)
                for lock in dict.fromkeys(access.locks.values()):
                    self.message_user(request, lock, messages.WARNING)
                if access.notice:
                    self.message_user(request, access.notice, messages.INFO)
            access.mark(grid)

        return self.grid_response(
            request,
            "admin/budget/budget_grid.html",
            title=_("부서 예산 입력"),
            place=place,
            grid=grid,
            year=year or timezone.localdate().year,
            can_save=grid is not None
            and any(cell.editable for row in grid.rows for cell in row.cells),
            account=account,
            stage=stage,
            accounts=Account.choices,
            stages=Stage.choices,
            locks=access.locks if access else {},
            new_heading_field=NEW_HEADING_FIELD,
        )

    @admin.display(description=_("항목"), ordering="order")
    def item(self, obj: BudgetLine) -> str:
        return obj.label

    @admin.display(description=_("금액(백만원)"), ordering="amount")
    def amount_millions(self, obj: BudgetLine) -> str:
        return in_millions(obj.amount)

    @admin.display(description=_("금액(천원)"), ordering="amount")
    def amount_thousands(self, obj: BudgetLine) -> str:
        return figures.format_number(obj.amount)

    @admin.display(description=_("전년도(백만원)"), ordering="previous_amount")
    def previous_millions(self, obj: BudgetLine) -> str:
        return in_millions(getattr(obj, "previous_amount", None))

    @admin.display(description=_("증감(%)"))
    def change_display(self, obj: BudgetLine) -> str:
        """증감 and 증감률 as the report prints them, from the amounts in 백만원 as printed."""
        previous = getattr(obj, "previous_amount", None)
        if previous is None and not getattr(obj, "has_previous_year", False):
            return figures.format_number(None)
        current = figures.money_in_unit(obj.amount, MILLION)
        before = figures.money_in_unit(previous, MILLION) if previous is not None else 0
        return figures.change(int(current), int(before)).format()


@admin.register(FundingRow)
class FundingRowAdmin(FormOnlyFields, SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = (FundingRowResource,)
    form = FundingRowForm
    form_only_fields = ("check_total",)
    list_display = (
        "card",
        "plan",
        "source",
        "prior",
        "current",
        "later",
        "row_total",
        "remark",
    )
    list_filter = (("card__plan__year", titled(PLAN_YEAR)), "card__plan__department", "source")
    search_fields = ("card__title", "remark")
    ordering = ("-card__plan__year", "card__plan__department__order", "card__number", "order")
    list_select_related = ("card__plan__department", "card__plan__session")
    autocomplete_fields = ("card",)
    fields = (
        "card",
        "order",
        "source",
        "prior_years",
        "current_year",
        "later_years",
        "check_total",
        "row_total",
        "remark",
    )
    readonly_fields = ("row_total",)

    @admin.display(description=_("업무계획"))
    def plan(self, obj: FundingRow) -> str:
        return f"{obj.card.plan.year}년 {obj.card.plan.department.name}"

    @admin.display(description=_("전년까지(천원)"), ordering="prior_years")
    def prior(self, obj: FundingRow) -> str:
        return figures.format_number(obj.prior_years)

    @admin.display(description=_("올해(천원)"), ordering="current_year")
    def current(self, obj: FundingRow) -> str:
        return figures.format_number(obj.current_year)

    @admin.display(description=_("다음해 이후(천원)"), ordering="later_years")
    def later(self, obj: FundingRow) -> str:
        return figures.format_number(obj.later_years)

    @admin.display(description=_("계(천원)"))
    def row_total(self, obj: FundingRow) -> str:
        return figures.format_number(obj.total) if obj.pk else "-"
