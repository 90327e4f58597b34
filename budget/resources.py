"""Spreadsheet import and export of money: department budget lines, the county's budgets and
task cards' funding rows (소요예산). Amounts are 천원; a negative amount is refused."""

from __future__ import annotations

from budget.models import BudgetLine, CountyBudget, FundingRow
from personnel.resources import DEPARTMENT, ORGANIZATION, TEAM
from plans.exchange.resources.base import SpreadsheetResource, foreign_key
from plans.exchange.resources.cards import CARD_COLUMNS, CardPartResource


class BudgetLineResource(SpreadsheetResource):
    """부서 예산: 과 + 회계연도 + 회계 + 예산 단계 + (팀 또는 기타 항목)."""

    department = foreign_key(
        "department", DEPARTMENT, ("과",), column_name="과", render_path="slug"
    )
    team = foreign_key("team", TEAM, ("과", "팀"), column_name="팀", render_path="name")
    select_related = ("department", "team")

    class Meta:
        model = BudgetLine
        fields = (
            "department",
            "fiscal_year",
            "account",
            "stage",
            "team",
            "heading",
            "order",
            "amount",
        )
        import_id_fields = ("department", "fiscal_year", "account", "stage", "team", "heading")


class CountyBudgetResource(SpreadsheetResource):
    """군 전체 예산: 기관 + 회계연도 + 회계 + 예산 단계."""

    organization = foreign_key(
        "organization", ORGANIZATION, ("기관",), column_name="기관", render_path="name"
    )
    select_related = ("organization",)

    class Meta:
        model = CountyBudget
        fields = ("organization", "fiscal_year", "account", "stage", "total", "note")
        import_id_fields = ("organization", "fiscal_year", "account", "stage")


class FundingRowResource(CardPartResource):
    """소요예산: card + 재원 (a source has one row per card)."""

    non_field_columns = ("전년까지(천원)", "올해(천원)", "다음해 이후(천원)")

    class Meta:
        model = FundingRow
        fields = (
            *CARD_COLUMNS,
            "order",
            "source",
            "prior_years",
            "current_year",
            "later_years",
            "remark",
        )
        import_id_fields = ("card", "source")
