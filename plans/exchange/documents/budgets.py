"""Budgets: the county's totals, and the department's budget lines per (year, account, stage)
table, one row per team or other heading."""

from __future__ import annotations

from typing import Any

from budget.models import BudgetLine, CountyBudget
from personnel.models import Department, Organization

from .loading import Loader
from .organization import find_team
from .shapes import Shape, compact, entries, fail, grouped

BUDGET = Shape(None, "county lines")
COUNTY_BUDGET = Shape(
    CountyBudget,
    "fiscal_year account stage total note",
    required="fiscal_year account stage total",
    key="fiscal_year account stage",
)
BUDGET_TABLE = Shape(None, "fiscal_year account stage rows", required="fiscal_year account stage")
#: A row is a team's or, for what no team owns (예비비, 행정운영경비), a heading's.
BUDGET_LINE = Shape(BudgetLine, "team heading amount", required="amount", key="team heading")


def load_budget(loader: Loader, data: Any) -> None:
    if data is None:
        return
    data = BUDGET.read(data, place="예산")
    for _, item, place in entries(data.get("county"), place="군 전체 예산", shape=COUNTY_BUDGET):
        loader.save(
            CountyBudget,
            COUNTY_BUDGET.row(item, place=place),
            scope={"organization": loader.organization},
        )
    for _, table, place in entries(
        data.get("lines"), place="부서 예산", unit="번째 표", shape=BUDGET_TABLE
    ):
        year = table["fiscal_year"]
        table_place = f"부서 예산 {year}년"
        rows = []
        for line, item, row_place in entries(
            table.get("rows"), place=place, each=table_place, shape=BUDGET_LINE
        ):
            if bool(item.get("team")) == bool(item.get("heading")):
                raise fail(row_place, "team(팀)과 heading(기타 항목) 중 하나만 적으십시오.")
            if item.get("team"):
                team = find_team(loader, item["team"], place=row_place)
                row = BUDGET_LINE.row(
                    item, place=f"{row_place}({team.name})", team=team, heading="", order=line
                )
            else:
                row = BUDGET_LINE.row(
                    item, place=f"{row_place}({item['heading']})", team=None, order=line
                )
            rows.append(row)
        loader.sync(
            BudgetLine,
            scope={
                "department": loader.department,
                "fiscal_year": year,
                "account": table["account"],
                "stage": table["stage"],
            },
            rows=rows,
            place=table_place,
        )


def dump_budget(
    organization: Organization, department: Department, years: tuple[int, ...]
) -> dict[str, Any]:
    county = CountyBudget.objects.filter(organization=organization, fiscal_year__in=years)
    lines = (
        BudgetLine.objects.filter(department=department, fiscal_year__in=years)
        .select_related("team")
        .order_by("-fiscal_year", "account", "stage", "order")
    )
    tables = grouped(lines, key=lambda line: (line.fiscal_year, line.account, line.stage))
    return compact(
        BUDGET.dump(
            county=[
                compact(COUNTY_BUDGET.dump(item))
                for item in county.order_by("-fiscal_year", "account", "stage")
            ],
            lines=[
                BUDGET_TABLE.dump(
                    fiscal_year=year,
                    account=account,
                    stage=stage,
                    rows=[
                        compact(BUDGET_LINE.dump(line, team=line.team_id and line.team.name))
                        for line in rows
                    ],
                )
                for (year, account, stage), rows in tables.items()
            ],
        )
    )
