"""The session report PDF laid out in parts and assembled (issue 17 item 6).

Each chapter and each task card starts a new page, so the report splits there into parts that
WeasyPrint lays out as documents of their own: the front (cover and 목차), chapters I to III,
chapter IV's title with its first card, each further card of IV, the same for chapter V. A
part's PDF is kept in the reports cache under a digest of its HTML, so an edit to one card
lays out that card (and the front, whose 목차 prints its title) only; the missing parts are
laid out in processes of their own where the machine has cores to spare.
plans.report.assembly joins them into one tagged PDF.

Page numbers. A body part is laid out numbered from 1, whatever comes before it, and the
assembly gives each page its number in the report (plans.report.pagenumbers): so no part waits
for the length of the parts before it, and none is laid out again when they change. The front
is laid out last: its 목차 prints as text the pages the parts' anchors landed on, counted from
the front's own length, which is guessed (the length last seen for the same 목차, or from its
entries), and the front laid out again with the length it took until the two agree, as the
session booklet does."""

from __future__ import annotations

import html as html_text
import io
import math
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import pikepdf
from django.conf import settings
from django.core.cache import caches

from plans.report import typesetting as renderer
from plans.report.assembly import ANCHOR_LINK, assemble
from plans.report.document import FRONT, Segment, body_parts, report_html
from plans.report.pdfdoc import named_destinations, page_index

# What a 목차 page holds in entries, for a first guess of the front's length.
TOC_PAGE_ENTRIES = 32
# Rounds of laying out until every part's first page is the one it was laid out with; two do
# unless a part's length changes with its page numbers.
MAX_ROUNDS = 5


@dataclass
class Part:
    """A part's HTML and, once laid out, its PDF, its page count and the page index of each
    anchor in it."""

    html: str
    continues: bool = False  # its first bookmarks belong under a chapter a part before opened
    department: str | None = None  # a body part's running header; None for the front
    pdf: bytes | None = None
    pages: int = 0
    anchors: dict[str, int] = field(default_factory=dict)


@dataclass
class ReportParts:
    """A report's parts, as HTML until laid out: the front (its 목차 without page numbers)
    and the body."""

    front_html: str
    body: list[Part]
    toc_entries: int

    @property
    def text(self) -> str:
        """All of the parts' HTML: what the PDF shows."""
        return "\0".join([self.front_html, *(part.html for part in self.body)])


def report_parts(report, *, draft: bool) -> ReportParts:
    department = report.department.name
    body = [
        Part(
            report_html(report, draft=draft, segments=segments),
            continues=not segments[0].opens,
            department=department,
        )
        for segments in body_parts(report)
    ]
    front_html = report_html(report, draft=draft, segments=[Segment(FRONT)])
    return ReportParts(front_html, body, 4 + len(report.main_cards) + len(report.special_cards))


def assembled_report(report, *, draft: bool) -> bytes:
    """The report's PDF, from its parts (laid out or kept) joined into one."""
    return assemble_parts(report_parts(report, draft=draft))


def assemble_parts(parts: ReportParts) -> bytes:
    _lay_out(parts.body)
    front = _front(parts.front_html, parts.body, toc_entries=parts.toc_entries)
    return assemble(
        [front.pdf, *(p.pdf for p in parts.body)],
        [p.continues for p in parts.body],
        link_texts=toc_link_texts(parts.front_html),
    )


def body_page_css(department: str) -> str:
    """A body part's pages, its first too, with the running header and footer; the header
    names the department, which the whole report takes from the cover (string-set) and a
    part has no cover to take it from."""
    header = '"' + department.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (
        f"@page {{ @top-right {{ content: {header}; }} }}\n"
        f"@page :first {{ @top-right {{ content: {header}; }}"
        ' @bottom-center { content: "- " counter(page) " -"; } }'
    )


TOC_LINK = re.compile(r'<a href="#([^"]+)">(.*?)</a>', re.DOTALL)
# A blank page that lengthens the front to the length its 목차 numbers assume (report.css).
BLANK_PAGE = '<div class="blank-page"></div>'


def front_html_with_pages(html: str, pages: dict[str, int], *, blank_pages: int = 0) -> str:
    """The 목차 with each entry's page as text (``data-page``, printed where the whole report
    counts it: report.css) and its link naming the anchor, which is in another part; then
    ``blank_pages`` blank pages."""

    def numbered(match: re.Match) -> str:
        anchor, text = match.groups()
        return f'<a href="{ANCHOR_LINK}{anchor}" data-page="{pages.get(anchor, "")}">{text}</a>'

    html = TOC_LINK.sub(numbered, html)
    return html.replace("</body>", BLANK_PAGE * blank_pages + "</body>", 1)


def toc_link_texts(front_html: str) -> dict[str, str]:
    """Each 목차 entry's words by its anchor: a link's description in the PDF, which a screen
    reader announces (PDF/UA: a link annotation's /Contents)."""
    return {
        anchor: " ".join(html_text.unescape(re.sub(r"<[^>]+>", " ", text)).split())
        for anchor, text in TOC_LINK.findall(front_html)
    }


def _front(front_html: str, body: list[Part], *, toc_entries: int) -> Part:
    """The front, laid out until the pages its 목차 prints assume its own length.

    A longer front moves every page number on by one, and a wider number may take an entry onto
    another line; so a front may come out shorter with the numbers of the longer length and
    longer with those of the shorter one. Then it keeps the longer length and is filled to it
    with a blank page, rather than going back and forth. Only the length is remembered, not the
    blank page: whether one is needed depends on the body's page numbers, which the next report
    with the same 목차 may not share (the rounds that find it again are read from the cache of
    parts, the numbered 목차 being the same)."""
    store = caches["reports"]
    length_key = f"report-front-pages:{renderer.content_version(front_html)}"
    front_pages = store.get(length_key) or 1 + math.ceil(toc_entries / TOC_PAGE_ENTRIES)
    came_out: dict[int, int] = {}  # assumed length -> the length laid out
    blank_pages = 0
    for _ in range(MAX_ROUNDS):
        anchors, start = {}, front_pages + 1
        for part in body:
            anchors.update({name: start + index for name, index in part.anchors.items()})
            start += part.pages
        front = Part(front_html_with_pages(front_html, anchors, blank_pages=blank_pages))
        _lay_out([front])
        if front.pages == front_pages:
            store.set(length_key, front_pages, timeout=None)
            return front
        came_out[front_pages] = front.pages
        if front.pages < front_pages and came_out.get(front.pages, 0) > front.pages:
            blank_pages += front_pages - front.pages  # the shorter length was tried: it grows
        else:
            front_pages = front.pages
    raise RuntimeError("보고서 PDF 목차의 쪽수가 정해지지 않습니다.")


def _part_key(part: Part) -> str:
    """A part's cache key: everything its layout reads, its page rules (the running header)
    with its HTML, under the layout's version (typesetting.content_version)."""
    page_css = "" if part.department is None else body_page_css(part.department)
    return f"report-part:{renderer.content_version(page_css + chr(0) + part.html)}"


def _lay_out(parts: list[Part]) -> None:
    """Give each part its PDF, from the cache or laid out now (in processes of their own
    where there are cores to spare)."""
    store = caches["reports"]
    missing = []
    for part in parts:
        pdf = store.get(_part_key(part))
        if pdf is None:
            missing.append(part)
        else:
            _take(part, pdf)
    runs = _chunks([(part.html, part.department) for part in missing], processes())
    laid = [pdf for run in _run_all(runs) for pdf in run]
    for part, pdf in zip(missing, laid, strict=True):
        store.set(_part_key(part), pdf, timeout=None)
        _take(part, pdf)


def _take(part: Part, pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(pdf)) as laid:
        part.pages = len(laid.pages)
        part.anchors = {
            name: index
            for name, target in named_destinations(laid).items()
            if (index := page_index(laid, target)) is not None
        }
    part.pdf = pdf


MAX_PROCESSES = 4


def processes() -> int:
    """How many processes lay out parts at once: settings.REPORT_PDF_PROCESSES (1 lays them out
    in this process), else the cores this process may run on (a container's share, not the
    host's count, as gunicorn.conf.py counts them), at most MAX_PROCESSES: each server worker
    may fork as many at once."""
    configured = getattr(settings, "REPORT_PDF_PROCESSES", None)
    return configured or min(len(os.sched_getaffinity(0)), MAX_PROCESSES)


def _chunks(items: list, count: int) -> list[list]:
    """``items`` in at most ``count`` runs of about equal length, in order."""
    if not items:
        return []
    size = math.ceil(len(items) / max(1, count))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _run_all(runs: list[list]) -> list[list[bytes]]:
    if len(runs) <= 1:
        return [lay_out_run(run) for run in runs]
    # The children are forked, so they start with this process's modules loaded; they adopt
    # its fonts (typesetting.adopt_inherited_typesetting) rather than load them again.
    context = multiprocessing.get_context("fork")
    with (
        renderer.forking_typesetting(),
        ProcessPoolExecutor(
            max_workers=len(runs),
            mp_context=context,
            initializer=renderer.adopt_inherited_typesetting,
        ) as pool,
    ):
        return list(pool.map(lay_out_run, runs))


def lay_out_run(run: list[tuple[str, str | None]]) -> list[bytes]:
    """Lay out parts given as (html, department: None for the front), each numbered from 1."""
    return [
        renderer.html_to_pdf(
            html, page_css="" if department is None else body_page_css(department), part=True
        )
        for html, department in run
    ]
