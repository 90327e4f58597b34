"""Charts as SVG markup rendered on the server, so the page and the PDF show the same picture
without JavaScript. Each chart carries its title twice: printed at its top for the eye, and as
the SVG's <title> with a <desc> of every figure for screen readers; the numbers themselves are
also printed as the table it follows (the staffing chart under 1 기구 및 인력, the budget chart
under 3 예산규모, on the page and in the PDF alike).

Text sizes are in the chart's own units. The PDF draws a chart across the text width of an A4
page (174 mm, about 493 pt, for the 590 units of the chart's width), so a unit prints at about
0.84 pt: 12 units, the smallest text here, print at about 10 pt, above the 9 pt that a printed
figure needs to be read without a magnifier."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from plans.report.context import BudgetTable, StaffingTable
from plans.rules import figures

# Colours from the KRDS palette with enough contrast against white (WCAG 1.4.11, 3:1).
CURRENT_COLOUR = "#256ef4"
PREVIOUS_COLOUR = "#8a949e"
TEXT_COLOUR = "#1e2124"
#: Sizes of the chart's text, in chart units (see the module doc for what they print at).
TITLE_SIZE = 15
LABEL_SIZE = 13
VALUE_SIZE = 12
# The report's own fonts, named on the SVG itself: the PDF renderer draws SVG text apart from
# the page's CSS, and would otherwise fall back to whatever system font is installed.
FONT_FAMILY = "Pretendard GOV, Report Symbols, sans-serif"


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    values: tuple[int, ...]


def _bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: list[str],
    series: list[Series],
    unit: str,
) -> SafeString:
    """Horizontal bars, one group per label, one bar per series; values printed at the bar."""
    label_width, value_width, bar_area = 120, 90, 380
    bar_height, gap, group_gap = 16, 4, 14
    title_height, legend_height = 26, 28
    width = label_width + bar_area + value_width
    group_height = len(series) * (bar_height + gap) - gap
    height = title_height + legend_height + len(labels) * (group_height + group_gap) + 4
    largest = max((value for s in series for value in s.values), default=0) or 1

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" font-family="{FONT_FAMILY}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        # The visible title; the <title> above is what a screen reader announces, so this copy
        # is hidden from it.
        f'<text x="0" y="{TITLE_SIZE + 2}" font-size="{TITLE_SIZE}" font-weight="700" '
        f'fill="{TEXT_COLOUR}" aria-hidden="true">{escape(title)}</text>',
    ]
    x = label_width
    for item in series:
        parts.append(
            f'<rect x="{x}" y="{title_height + 6}" width="12" height="12" fill="{item.colour}"/>'
            f'<text x="{x + 18}" y="{title_height + 17}" font-size="{LABEL_SIZE}" '
            f'fill="{TEXT_COLOUR}">{escape(item.name)}</text>'
        )
        x += 130
    y = title_height + legend_height
    for index, label in enumerate(labels):
        parts.append(
            f'<text x="{label_width - 8}" y="{y + group_height / 2 + 5:.1f}" '
            f'font-size="{LABEL_SIZE}" '
            f'text-anchor="end" fill="{TEXT_COLOUR}">{escape(label)}</text>'
        )
        for row, item in enumerate(series):
            value = item.values[index]
            length = round(bar_area * value / largest, 1)
            top = y + row * (bar_height + gap)
            parts.append(
                f'<rect x="{label_width}" y="{top}" width="{length}" height="{bar_height}" '
                f'fill="{item.colour}"/>'
                f'<text x="{label_width + length + 6}" y="{top + bar_height - 3}" '
                f'font-size="{VALUE_SIZE}" fill="{TEXT_COLOUR}">'
                f"{escape(figures.format_number(value))}{escape(unit)}</text>"
            )
        y += group_height + group_gap
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text inside was escaped above


def budget_chart(budget: BudgetTable, *, teams: set[str]) -> SafeString | None:
    """This year's budget of each team against last year's (other headings such as
    행정운영경비 are left out: they dwarf the teams and are not a team's work)."""
    rows = [row for row in budget.rows if row.label in teams]
    if not rows:
        return None
    labels = [row.label for row in rows]
    description = ", ".join(
        f"{row.label} {budget.year}년 {figures.format_number(row.current)}{budget.unit}, "
        f"{budget.previous_year}년 {figures.format_number(row.previous)}{budget.unit}"
        for row in rows
    )
    return _bar_chart(
        chart_id="budget-chart",
        title=f"팀별 예산 {budget.year}년과 {budget.previous_year}년 비교(단위: {budget.unit})",
        description=description,
        labels=labels,
        series=[
            Series(f"{budget.year}년", CURRENT_COLOUR, tuple(row.current for row in rows)),
            Series(
                f"{budget.previous_year}년",
                PREVIOUS_COLOUR,
                tuple(row.previous or 0 for row in rows),
            ),
        ],
        unit="",
    )


def staffing_chart(staffing: StaffingTable) -> SafeString | None:
    """People in post by grade (일반직 by its grades, the other categories as one bar each)."""
    pairs = [
        (column.label, value)
        for column, value in zip(staffing.columns, staffing.total.cells, strict=True)
        if not column.is_subtotal
    ]
    if not pairs:
        return None
    description = ", ".join(f"{label} {value}명" for label, value in pairs)
    return _bar_chart(
        chart_id="staffing-chart",
        title=f"직급별 인력 (합계 {staffing.total.total}명)",
        description=description,
        labels=[label for label, _ in pairs],
        series=[Series("인원", CURRENT_COLOUR, tuple(value for _, value in pairs))],
        unit="명",
    )


def comparison_chart(
    *,
    chart_id: str,
    title: str,
    labels: list[str],
    current: tuple[str, tuple[int, ...]],
    previous: tuple[str, tuple[int, ...]] | None = None,
    unit: str = "",
) -> SafeString | None:
    """Bars of named groups, this year's (and last year's) value each, as the plan page's
    budget chart draws its teams: the session page's bureaus, a department's years.
    ``current`` and ``previous`` are (series name, values in the order of ``labels``)."""
    if not labels:
        return None
    series = [Series(current[0], CURRENT_COLOUR, current[1])]
    if previous is not None:
        series.append(Series(previous[0], PREVIOUS_COLOUR, previous[1]))
    description = ", ".join(
        f"{label} "
        + ", ".join(f"{s.name} {figures.format_number(s.values[i])}{unit}" for s in series)
        for i, label in enumerate(labels)
    )
    return _bar_chart(
        chart_id=chart_id,
        title=title,
        description=description,
        labels=labels,
        series=series,
        unit="",
    )
