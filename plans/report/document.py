"""The report as HTML for print: one document (templates/plans/report/document.html), or
segments of it, each a part of the PDF laid out on its own (plans.report.parts). The public
plan page shares its includes."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string

from plans.report import charts
from plans.report.context import PlanReport

FRONT = "plans/report/parts/front.html"
INTRO = "plans/report/parts/intro.html"
CHAPTER = "plans/report/parts/chapter.html"


@dataclass(frozen=True)
class Segment:
    """A piece of the report's body template: ``template`` with, for chapter IV or V, its
    number, the cards it holds, whether it opens the chapter (its title and anchor) and
    whether it starts a page (it does unless the chapter before it was empty)."""

    template: str
    chapter: int | None = None
    cards: tuple = ()
    opens: bool = True
    empty: bool = False
    starts_page: bool = True


def whole_report(report) -> list[Segment]:
    """The segments of the report as one document."""
    return _segments(report, split=False)


def _segments(report, *, split: bool) -> list[Segment]:
    segments = [Segment(FRONT), Segment(INTRO)]
    chapters = [(4, tuple(report.main_cards))]
    if report.special_cards:
        chapters.append((5, tuple(report.special_cards)))
    # report.css: the chapter after an empty one follows on the same page.
    previous_empty = not report.has_policy
    for number, cards in chapters:
        if split and cards:
            segments.append(Segment(CHAPTER, number, cards[:1], starts_page=not previous_empty))
            segments.extend(Segment(CHAPTER, number, (card,), opens=False) for card in cards[1:])
        else:
            empty = not cards
            segments.append(
                Segment(CHAPTER, number, cards, empty=empty, starts_page=not previous_empty)
            )
        previous_empty = not cards
    return segments


def body_parts(report) -> list[tuple[Segment, ...]]:
    """The body's segments grouped into parts, each starting on a new page."""
    parts: list[list[Segment]] = []
    for segment in _segments(report, split=True)[1:]:
        if segment.starts_page or not parts:
            parts.append([])
        parts[-1].append(segment)
    return [tuple(part) for part in parts]


def report_html(report: PlanReport, *, draft: bool, segments=None) -> str:
    """The report as one HTML document, or only ``segments`` of it (a part of the PDF laid out
    on its own: plans.report.parts)."""
    segments = whole_report(report) if segments is None else segments
    team_names = {team.name for team in report.teams}
    # The charts are drawn in chapter I only: a card's part does not draw them for nothing.
    charted = any(segment.template == INTRO for segment in segments)
    return render_to_string(
        "plans/report/document.html",
        {
            "report": report,
            "draft": draft,
            "segments": segments,
            # The shared includes print bullets as text for the PDF (report tag bullet_mark).
            "for_print": True,
            "staffing_chart": charted and charts.staffing_chart(report.staffing),
            "budget_chart": charted and charts.budget_chart(report.budget, teams=team_names),
        },
    )
