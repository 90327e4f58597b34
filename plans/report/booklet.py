"""The session booklet (회기 전체 보고서): one PDF of every department's report presented to a
council session, as the council clerk binds them, built from the departments' stored PDFs
without laying any of them out again.

What it holds, in order:

- a session cover and a combined 목차 (laid out by WeasyPrint with report.css, one or two
  pages): the session, its dates, the departments by bureau in the council's order, each with
  the booklet page its report starts on;
- each department's report exactly as published, its own cover and 목차 kept: the file is the
  one handed out for that version, and its 목차 still points at its own page numbers;
- bookmarks: 목차, then each bureau, each department under it, and under a department its
  report's own bookmarks (목차, chapters I to V, the cards under IV and V), read from the
  department PDF's outline, or from its text where a file has none.

Page numbers. Each department's report keeps its own numbers ("- 3 -", bottom centre), which its
own 목차 refers to; the booklet adds its continuous page number in the bottom right corner of
every page but the cover, and the combined 목차 refers to those. A council member holding the
bound booklet finds "57쪽" by the corner number, and a department's own 목차 still reads true, so
nothing printed is ever wrong; the 목차 page says which number is which.

The 목차's length is known before its numbers: it is laid out with the numbers a front of the
length guessed from its lines, and again with the numbers of the length it took, until the two
agree.

Everything here is a pure function of the parts given (their bytes and names): no rows, no
requests, so building it can move to a job queue unchanged. The links inside a department's
report (its 목차 to its chapters) name destinations that every department's file shares
(``chapter-1``); they are rewritten to explicit pages, so department 20's 목차 leads into
department 20's chapters."""

from __future__ import annotations

import datetime
import io
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf
from django.template.loader import render_to_string
from pikepdf import Dictionary, Name, Pdf
from pypdf import PdfReader

from plans.report.pdfdoc import (
    links,
    named_destinations,
    outline_items,
    outline_tree,
    page_destination,
    page_index,
)
from plans.report.typesetting import html_to_pdf

# A 목차 entry's link: an address WeasyPrint keeps as a link of the front's page, which is then
# pointed at the booklet page after the number (no file of the front has the target).
PAGE_LINK = "booklet-page:"
# The corner number: Helvetica (one of PDF's standard fonts, nothing embedded) holds the digits,
# each 0.556 em wide, so the number is right-aligned without measuring it.
NUMBER_FONT = "/BookletPageNumber"
NUMBER_SIZE = 9
DIGIT_WIDTH = 0.556
# Bottom right, in the page's margin (report.css: 18 mm at the side and the bottom), on the
# baseline of the department's own centred number.
NUMBER_RIGHT_MM = 18
NUMBER_BASELINE_MM = 9
MM = 72 / 25.4


@dataclass(frozen=True)
class BookletCover:
    """What the booklet's cover and 목차 say of the session."""

    organization: str  # 음성군
    session: str  # 제353회 임시회
    start_date: datetime.date
    end_date: datetime.date
    year: int  # the plans' year: 2023년 주요업무계획


@dataclass(frozen=True)
class BookletPart:
    """One department's report: its names as its report prints them, and its PDF."""

    bureau: str  # the bureau, or the county's name for a department directly under it
    department: str
    pdf: bytes


@dataclass(frozen=True)
class BookletEntry:
    """A line of the combined 목차: the department's booklet page (1 is the cover) and the
    number of pages of its report."""

    bureau: str
    department: str
    start: int
    pages: int


@dataclass(frozen=True)
class Booklet:
    pdf: bytes
    front_pages: int  # the cover and the combined 목차
    entries: tuple[BookletEntry, ...]

    @property
    def pages(self) -> int:
        return self.front_pages + sum(entry.pages for entry in self.entries)


def booklet_filename(cover: BookletCover, extension: str = "pdf") -> str:
    """2023년_음성군_주요업무계획_전체(제353회_임시회).pdf (or .hwpx), beside the departments'
    2023년_자치행정과_주요업무계획(제353회_임시회).pdf."""
    session = cover.session.replace(" ", "_")
    return f"{cover.year}년_{cover.organization}_주요업무계획_전체({session}).{extension}"


def session_booklet(cover: BookletCover, parts: Sequence[BookletPart]) -> Booklet:
    """The booklet of ``parts``, in the order given (the council's)."""
    sources = [Pdf.open(io.BytesIO(part.pdf)) for part in parts]
    front_pages, front, entries = _front(cover, parts, [len(pdf.pages) for pdf in sources])
    booklet = Pdf.open(io.BytesIO(front))
    front_links = list(links(booklet.pages))
    outline = []
    for entry, source, part in zip(entries, sources, parts, strict=True):
        start = len(booklet.pages)
        with warnings.catch_warnings():
            # It warns that named destinations are not copied: _resolve_named_links does that.
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            booklet.pages.extend(source.pages)
        _resolve_named_links(booklet, source, start)
        outline.append((entry, _department_outline(source, part.pdf)))
    _point_links_at_pages(booklet, front_links)
    _drop_front_structure(booklet)
    _add_outline(booklet, outline)
    _stamp_page_numbers(booklet)
    booklet.docinfo["/Title"] = f"{cover.organization}의회 {cover.session} 주요업무계획"
    booklet.docinfo["/Subject"] = f"{cover.year}년 주요업무계획 (부서 {len(parts)}개)"
    booklet.docinfo["/Author"] = cover.organization
    booklet.docinfo["/Creator"] = "업무계획 포털"
    booklet.Root.PageMode = Name.UseOutlines
    out = io.BytesIO()
    # The same parts give the same bytes (the file ID is a digest of the content).
    booklet.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
    return Booklet(out.getvalue(), front_pages, tuple(entries))


def _front(
    cover: BookletCover, parts: Sequence[BookletPart], lengths: Sequence[int]
) -> tuple[int, bytes, list[BookletEntry]]:
    """The cover and 목차 as a PDF, laid out until the numbers it prints assume its own length."""
    front_pages = 1 + _toc_pages_guess(parts)
    for _ in range(4):
        entries = _entries(parts, lengths, first=front_pages + 1)
        front = html_to_pdf(_front_html(cover, entries))
        with Pdf.open(io.BytesIO(front)) as laid:
            laid_out = len(laid.pages)
        if laid_out == front_pages:
            return front_pages, front, entries
        front_pages = laid_out
    raise RuntimeError("회기 전체 보고서의 목차 쪽수가 정해지지 않습니다.")


# What a 목차 page holds, in lines: its title and note take about six, a bureau's heading one
# and a half. Only a first guess, to lay the front out once rather than twice.
TOC_PAGE_LINES = 30


def _toc_pages_guess(parts: Sequence[BookletPart]) -> int:
    bureaus = len({part.bureau for part in parts})
    return max(1, math.ceil((6 + len(parts) + 1.5 * bureaus) / TOC_PAGE_LINES))


def _entries(
    parts: Sequence[BookletPart], lengths: Sequence[int], *, first: int
) -> list[BookletEntry]:
    entries, start = [], first
    for part, pages in zip(parts, lengths, strict=True):
        entries.append(BookletEntry(part.bureau, part.department, start, pages))
        start += pages
    return entries


def _front_html(cover: BookletCover, entries: Sequence[BookletEntry]) -> str:
    bureaus: list[tuple[str, list[BookletEntry]]] = []
    for entry in entries:
        if not bureaus or bureaus[-1][0] != entry.bureau:
            bureaus.append((entry.bureau, []))
        bureaus[-1][1].append(entry)
    return render_to_string(
        "plans/report/booklet_front.html",
        {"cover": cover, "bureaus": bureaus, "page_link": PAGE_LINK},
    )


def _point_links_at_pages(booklet: Pdf, front_links) -> None:
    """The combined 목차's links (``booklet-page:57``) become links to booklet page 57."""
    for annotation in front_links:
        action = annotation.get("/A")
        uri = str(action.get("/URI", "")) if action is not None else ""
        if uri.startswith(PAGE_LINK):
            del annotation["/A"]
            annotation.Dest = page_destination(booklet, int(uri.removeprefix(PAGE_LINK)) - 1)


def _resolve_named_links(booklet: Pdf, source: Pdf, start: int) -> None:
    """A department's links to its own named destinations, made explicit pages of the booklet
    (every department's file names its chapters alike)."""
    named = named_destinations(source)
    pages = booklet.pages[start : start + len(source.pages)]
    for annotation in links(pages):
        target = named.get(str(annotation.get("/Dest", "")))
        page = page_index(source, target) if target is not None else None
        if page is not None:
            left, top = (target[2], target[3]) if len(target) >= 4 else (None, None)
            annotation.Dest = page_destination(booklet, start + page, left, top)


def _drop_front_structure(booklet: Pdf) -> None:
    """The front's tags (WeasyPrint's PDF/UA structure) would cover three pages of hundreds and
    name links that moved, and its XMP metadata claims PDF/UA: the joined file is not tagged,
    and does not claim to be (its document information says what it is)."""
    for key in ("/StructTreeRoot", "/MarkInfo", "/Metadata", "/Names", "/Outlines"):
        if key in booklet.Root:
            del booklet.Root[key]


def _add_outline(booklet: Pdf, outline) -> None:
    bureaus: list[pikepdf.OutlineItem] = []
    with booklet.open_outline() as root:
        root.root.append(pikepdf.OutlineItem("목차", 1))
        for entry, chapters in outline:
            if not bureaus or str(bureaus[-1].title) != entry.bureau:
                bureaus.append(pikepdf.OutlineItem(entry.bureau, entry.start - 1))
                root.root.append(bureaus[-1])
            department = pikepdf.OutlineItem(entry.department, entry.start - 1)
            bureaus[-1].children.append(department)
            department.children.extend(outline_items(chapters, entry.start - 1))


def _department_outline(source: Pdf, pdf: bytes) -> list[tuple]:
    """The department's bookmarks as (title, page, children) from the start of its file. Its
    cover's heading (page 0) is the department's own name, which the booklet's department
    bookmark already is: its children (목차) are lifted. A file without bookmarks gives its
    chapters' headings as their text finds them."""
    tree = outline_tree(source)
    if not tree:
        return _chapters_from_text(PdfReader(io.BytesIO(pdf)))
    lifted = []
    for title, page, children in tree:
        if page == 0:
            lifted.extend(children)
        else:
            lifted.append((title, page, children))
    return lifted


CHAPTER_HEADINGS = ("I. ", "II. ", "III. ", "IV. ", "V. ")


def _chapters_from_text(reader: PdfReader) -> list[tuple]:
    """Each chapter heading (a line starting "I. " … "V. ") on the first page it begins, after
    the cover and the 목차 (whose lines name the chapters too)."""
    found, seen = [], set()
    for index, page in enumerate(reader.pages[2:], start=2):
        for line in (page.extract_text() or "").splitlines():
            line = line.strip()
            numeral = next((h for h in CHAPTER_HEADINGS if line.startswith(h)), None)
            if numeral is not None and numeral not in seen:
                seen.add(numeral)
                found.append((line, index, []))
    return found


def _stamp_page_numbers(booklet: Pdf) -> None:
    """The booklet's page number in the bottom right corner of every page but the cover.

    Each page's content is wrapped in q … Q (WeasyPrint leaves its coordinates flipped) and a
    few bytes of text are added after it, with a standard font in the page's resources: the
    pages are not parsed, so stamping 800 pages costs milliseconds."""
    font = booklet.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type1,
            BaseFont=Name.Helvetica,
            Encoding=Name.WinAnsiEncoding,
        )
    )
    opening = pikepdf.Stream(booklet, b"q\n")
    for index, page in enumerate(booklet.pages):
        if index == 0:
            continue
        width = float(page.mediabox[2]) - float(page.mediabox[0])
        label = str(index + 1)
        x = width - NUMBER_RIGHT_MM * MM - DIGIT_WIDTH * NUMBER_SIZE * len(label)
        y = NUMBER_BASELINE_MM * MM
        page.add_resource(font, Name.Font, NUMBER_FONT)
        page.contents_add(opening, prepend=True)
        closing = (
            f"\nQ\nq BT {NUMBER_FONT} {NUMBER_SIZE} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm ({label}) Tj "
            "ET Q\n"
        )
        page.contents_add(pikepdf.Stream(booklet, closing.encode("ascii")))
