"""The rows of each open-data table, read from editions' frozen reports.

Every figure is the one the report prints (plans.rules.figures computed it when the version was
frozen): budget amounts in the table's unit with their 증감, funding in the card's unit, staffing
counts per team and grade column with the report's totals. Each row names its edition (year,
department, version number), so rows of several plans can be told apart. Keys are camelCase, as
the national portal's APIs name theirs; values are str, int, bool or None only, so JSON, XML and
CSV print them alike."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from plans.models import Section
from plans.opendata.editions import Edition

Row = dict[str, str | int | bool | None]

SECTION_LABELS = {Section.MAIN.value: "주요업무계획", Section.SPECIAL.value: "특수시책"}


def _edition_fields(edition: Edition) -> Row:
    report = edition.report
    return {
        "year": report.plan.year,
        "organization": report.organization.name,
        "department": report.department.name,
        "departmentSlug": report.department.slug,
        "versionNo": edition.version.number,
    }


def _rate(rate: Decimal | None) -> str | None:
    return None if rate is None else str(rate)


def plan_rows(edition: Edition) -> list[Row]:
    report, version = edition.report, edition.version
    return [
        {
            **_edition_fields(edition),
            "bureau": report.bureau.name if report.bureau else "",
            "versionName": f"{report.session.name} 보고본",
            "sessionName": report.session.name,
            "publishedAt": timezone.localtime(version.published_at).isoformat(),
            "policyGoal": report.plan.policy_goal,
            "cardCount": len(report.cards),
            "budgetTotal": report.budget.total.current,
            "budgetUnit": report.budget.unit,
            "staffCurrent": report.staffing.current,
            "url": version.get_absolute_url(),
        }
    ]


def session_rows(edition: Edition) -> list[Row]:
    session = edition.report.session
    return [
        {
            "organization": edition.report.organization.name,
            "sessionNo": session.number,
            "sessionKind": session.kind_label,
            "sessionName": session.name,
            "startDate": session.start_date.isoformat(),
            "endDate": session.end_date.isoformat(),
        }
    ]


def card_rows(edition: Edition) -> list[Row]:
    rows = []
    for view in edition.report.cards:
        card = view.card
        rows.append(
            {
                **_edition_fields(edition),
                "cardCode": view.code,
                "section": SECTION_LABELS.get(card.section, card.section),
                "cardNo": card.number,
                "title": card.title,
                "team": card.team_name,
                "kinds": ", ".join(view.kinds),
                "fundingTotal": view.funding.total.total if view.funding else None,
                "fundingUnit": view.funding.unit if view.funding else None,
                "url": f"{edition.version.get_absolute_url()}{view.code}/",
            }
        )
    return rows


def budget_rows(edition: Edition) -> list[Row]:
    table = edition.report.budget
    rows = []
    for row, is_total in [*((row, False) for row in table.rows), (table.total, True)]:
        change = row.change
        rows.append(
            {
                **_edition_fields(edition),
                "fiscalYear": table.year,
                "account": table.account_label,
                "stage": table.stage_label,
                "heading": row.label,
                "isTotal": is_total,
                "amount": row.current,
                "previousAmount": row.previous,
                "changeAmount": change.amount if change else None,
                "changeRate": _rate(change.rate) if change else None,
                "unit": table.unit,
            }
        )
    return rows


def staffing_rows(edition: Edition) -> list[Row]:
    table = edition.report.staffing
    rows = []
    for row, is_total in [*((row, False) for row in table.rows), (table.total, True)]:
        base = {**_edition_fields(edition), "team": row.label, "isTotal": is_total}
        rows.append({**base, "grade": "계", "category": "", "isSubtotal": True, "count": row.total})
        for column, count in zip(table.columns, row.cells, strict=True):
            rows.append(
                {
                    **base,
                    "grade": column.label,
                    "category": column.category,
                    "isSubtotal": column.is_subtotal,
                    "count": count,
                }
            )
    return rows


def funding_rows(edition: Edition) -> list[Row]:
    rows = []
    for view in edition.report.cards:
        funding = view.funding
        if funding is None:
            continue
        prior, year, later = funding.period_labels
        for row in funding.rows:
            rows.append(
                {
                    **_edition_fields(edition),
                    "cardCode": view.code,
                    "cardTitle": view.card.title,
                    "source": row.label,
                    "total": row.total,
                    "priorLabel": prior,
                    "priorAmount": row.periods[0],
                    "yearLabel": year,
                    "yearAmount": row.periods[1],
                    "laterLabel": later,
                    "laterAmount": row.periods[2],
                    "remark": row.remark,
                    "unit": funding.unit,
                }
            )
    return rows


def distinct_sessions(rows: list[Row]) -> list[Row]:
    """Sessions once each (several plans are reported to one session), newest first."""
    unique = {(row["organization"], row["sessionNo"]): row for row in rows}
    return sorted(
        unique.values(), key=lambda row: (row["startDate"], row["sessionNo"]), reverse=True
    )


# Table name → (Korean name, row builder). The order is the API's and the guide page's.
TABLES: dict[str, tuple[str, Callable[[Edition], list[Row]]]] = {
    "sessions": ("의회 회기", session_rows),
    "plans": ("업무계획 게시본", plan_rows),
    "cards": ("과제", card_rows),
    "budget": ("예산규모", budget_rows),
    "staffing": ("기구 및 인력", staffing_rows),
    "funding": ("소요예산", funding_rows),
}


_EDITION = ("year", "organization", "department", "departmentSlug", "versionNo")

# Each table's fields in order: the CSV headings, also when a selection has no rows.
COLUMNS: dict[str, tuple[str, ...]] = {
    "sessions": ("organization", "sessionNo", "sessionKind", "sessionName", "startDate",
                 "endDate"),
    "plans": (*_EDITION, "bureau", "versionName", "sessionName", "publishedAt", "policyGoal",
              "cardCount", "budgetTotal", "budgetUnit", "staffCurrent", "url"),
    "cards": (*_EDITION, "cardCode", "section", "cardNo", "title", "team", "kinds",
              "fundingTotal", "fundingUnit", "url"),
    "budget": (*_EDITION, "fiscalYear", "account", "stage", "heading", "isTotal", "amount",
               "previousAmount", "changeAmount", "changeRate", "unit"),
    "staffing": (*_EDITION, "team", "isTotal", "grade", "category", "isSubtotal", "count"),
    "funding": (*_EDITION, "cardCode", "cardTitle", "source", "total", "priorLabel",
                "priorAmount", "yearLabel", "yearAmount", "laterLabel", "laterAmount", "remark",
                "unit"),
}  # fmt: skip


def table_rows(table: str, editions: list[Edition]) -> list[Row]:
    build = TABLES[table][1]
    rows = [row for edition in editions for row in build(edition)]
    return distinct_sessions(rows) if table == "sessions" else rows
