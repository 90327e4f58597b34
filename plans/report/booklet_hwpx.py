"""The session booklet in 한글 (회기 전체 보고서, HWPX): every department's report presented to a
council session in one file, as plans.report.booklet binds their PDFs, laid out by
plans.report.hwpx from the reports themselves (a HWPX file cannot be joined from others).

What it holds, each part a 한글 구역 (section) of its own, so that each starts on a new page
and has its own running header:

- the session's cover, and a combined 목차: 한글's own TABLEOFCONTENTS field over the
  departments, rebuilt with the pages 한글 lays out when it opens the file;
- each department's report as its HWPX file lays it out (cover, chapters, cards, tables), with
  the department named at the top of its pages and the page numbers counting on through the
  booklet.

A department's own 목차 is left out: 한글 rebuilds a 목차 field from the titles of the whole
file, so in the booklet each would list every department's chapters. To let the combined 목차
list the departments, the department's name on its cover is the booklet's first outline level
(개요 1) and its chapters and cards move one level down (개요 2, 개요 3), looking as they do in
the department's file.

Nothing here reads rows: the reports given are the published versions' frozen reports
(plans.workflow.booklets chooses them, as for the PDF booklet)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from plans.report.booklet import BookletCover
from plans.report.context import PlanReport
from plans.report.hwpx import (
    STYLES,
    Contents,
    Layout,
    Section,
    StyleSpec,
    para,
    render_sections,
    report_layout,
)
from plans.rules import figures

#: The department's name on its cover is the booklet's top outline level; the session's title on
#: its cover looks the same without being one (the 목차 lists departments only).
BOOKLET_STYLES: dict[str, StyleSpec] = {
    **STYLES,
    "표지 과": dataclasses.replace(
        STYLES["표지 과"], name="개요 1", eng_name="Outline 1", outline_level=1
    ),
    "개요 1": dataclasses.replace(
        STYLES["개요 1"], name="개요 2", eng_name="Outline 2", outline_level=2
    ),
    "개요 2": dataclasses.replace(
        STYLES["개요 2"], name="개요 3", eng_name="Outline 3", outline_level=3
    ),
    "표지 책자": dataclasses.replace(STYLES["표지 과"], name="표지 책자", eng_name="Cover Booklet"),
}
#: The combined 목차 lists the first outline level: the departments.
CONTENTS_LEVEL = 1


def booklet_sections(
    cover: BookletCover, reports: Sequence[PlanReport]
) -> tuple[Layout, list[Section]]:
    """The booklet as records: its properties (a Layout whose blocks are the whole file's) and
    its sections, the front then a department each, in the order given (the council's)."""
    dates = figures.format_date_range(cover.start_date, cover.end_date, weekday=False)
    front_head = f"{cover.organization}의회 {cover.session}"
    front = [
        para("표지 국", f"{cover.organization}의회"),
        para("표지 회기", cover.session),
        para("표지 일자", dates),
        para("표지 일자", f"보고일 {figures.format_date(cover.start_date)}"),
        para("표지 책자", f"{cover.year}년 주요업무계획"),
        para("표지 제목", cover.organization),
    ]
    if reports:
        # 한글 builds a 목차 from titles; a session with no department has none to list.
        front.append(Contents())
    sections = [Section(tuple(front), front_head)]
    for report in reports:
        layout = report_layout(report, draft=False)
        blocks = tuple(block for block in layout.blocks if not isinstance(block, Contents))
        sections.append(Section(blocks, layout.running_head))
    properties = Layout(
        blocks=tuple(block for section in sections for block in section.blocks),
        title=f"{cover.organization}의회 {cover.session} 주요업무계획",
        author=cover.organization,
        subject=f"{cover.year}년 주요업무계획 (부서 {len(reports)}개)",
        keywords=f"주요업무계획, {cover.session}, {cover.year}",
        running_head=front_head,
        created=f"{cover.start_date.isoformat()}T00:00:00Z",
    )
    return properties, sections


def booklet_hwpx(cover: BookletCover, reports: Sequence[PlanReport]) -> bytes:
    """The booklet's HWPX file."""
    properties, sections = booklet_sections(cover, reports)
    return render_sections(
        properties, sections, styles=BOOKLET_STYLES, contents_level=CONTENTS_LEVEL
    )
