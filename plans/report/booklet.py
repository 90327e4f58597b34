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
length guessed (cover and one 목차 page), and again with the numbers of the length it took,
until the two agree.

Everything here is a pure function of the parts given (their bytes and names): no rows, no
requests, so building it can move to a job queue unchanged. The links inside a department's
report (its 목차 to its chapters) name destinations that every department's file shares
(``chapter-1``); they are rewritten to explicit pages, so department 20's 목차 leads into
department 20's chapters."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NullObject,
    NumberObject,
)

from plans.report.pdf import html_to_pdf

# A 목차 entry's link: an address WeasyPrint keeps as a link of the front's page, which is then
# pointed at the booklet page after the number (no file of the front has the target).
PAGE_LINK = "booklet-page:"
# The corner number: Helvetica (one of PDF's standard fonts, nothing embedded) holds the digits,
# each 0.556 em wide, so the number is right-aligned without measuring it.
NUMBER_FONT = NameObject("/BookletPageNumber")
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


def booklet_filename(cover: BookletCover) -> str:
    """2023년_음성군_주요업무계획_전체(제353회_임시회).pdf, beside the departments'
    2023년_자치행정과_주요업무계획(제353회_임시회).pdf."""
    session = cover.session.replace(" ", "_")
    return f"{cover.year}년_{cover.organization}_주요업무계획_전체({session}).pdf"


def session_booklet(cover: BookletCover, parts: Sequence[BookletPart]) -> Booklet:
    """The booklet of ``parts``, in the order given (the council's)."""
    readers = [PdfReader(io.BytesIO(part.pdf)) for part in parts]
    lengths = [len(reader.pages) for reader in readers]
    front_pages, front, entries = _front(cover, parts, lengths)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(front)), import_outline=False)
    for reader in readers:
        start = len(writer.pages)
        writer.append(reader, import_outline=False)
        _resolve_named_links(writer, reader, start)
    _point_links_at_pages(writer, range(front_pages))
    _forget_named_destinations(writer)
    _add_outline(writer, entries, readers)
    _stamp_page_numbers(writer)
    writer.add_metadata(
        {
            "/Title": f"{cover.organization}의회 {cover.session} 주요업무계획",
            "/Subject": f"{cover.year}년 주요업무계획 (부서 {len(parts)}개)",
            "/Author": cover.organization,
            "/Creator": "업무계획 포털",
        }
    )
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return Booklet(out.getvalue(), front_pages, tuple(entries))


def _front(
    cover: BookletCover, parts: Sequence[BookletPart], lengths: Sequence[int]
) -> tuple[int, bytes, list[BookletEntry]]:
    """The cover and 목차 as a PDF, laid out until the numbers it prints assume its own length."""
    front_pages = 2
    for _ in range(4):
        entries = _entries(parts, lengths, first=front_pages + 1)
        front = html_to_pdf(_front_html(cover, entries))
        laid_out = len(PdfReader(io.BytesIO(front)).pages)
        if laid_out == front_pages:
            return front_pages, front, entries
        front_pages = laid_out
    raise RuntimeError("회기 전체 보고서의 목차 쪽수가 정해지지 않습니다.")


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


def _page_destination(writer: PdfWriter, index: int, left=None, top=None) -> ArrayObject:
    """An explicit destination: page ``index`` of the booklet, at (left, top) or its top."""
    return ArrayObject(
        [
            writer.pages[index].indirect_reference,
            NameObject("/XYZ"),
            NullObject() if left is None else FloatObject(left),
            NullObject() if top is None else FloatObject(top),
            NumberObject(0),
        ]
    )


def _links(writer: PdfWriter, pages: Iterable[int]):
    for index in pages:
        for annotation in writer.pages[index].get("/Annots") or ():
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link":
                yield annotation


def _point_links_at_pages(writer: PdfWriter, pages: Iterable[int]) -> None:
    """The combined 목차's links (``booklet-page:57``) become links to booklet page 57."""
    for annotation in _links(writer, pages):
        action = annotation.get("/A")
        uri = str(action.get_object().get("/URI", "")) if action is not None else ""
        if uri.startswith(PAGE_LINK):
            del annotation[NameObject("/A")]
            page = int(uri.removeprefix(PAGE_LINK))
            annotation[NameObject("/Dest")] = _page_destination(writer, page - 1)


def _resolve_named_links(writer: PdfWriter, reader: PdfReader, start: int) -> None:
    """A department's links to its own named destinations, made explicit pages of the booklet
    (every department's file names its chapters alike)."""
    named = reader.named_destinations
    for annotation in _links(writer, range(start, start + len(reader.pages))):
        name = annotation.get("/Dest")
        if not isinstance(name, str) or name not in named:
            continue
        target = named[name]
        page = reader.get_destination_page_number(target)
        annotation[NameObject("/Dest")] = _page_destination(
            writer, start + page, target.get("/Left"), target.get("/Top")
        )


def _forget_named_destinations(writer: PdfWriter) -> None:
    """The names the first department brought along would send another's links astray."""
    names = writer.root_object.get("/Names")
    if names is not None and "/Dests" in names.get_object():
        del names.get_object()[NameObject("/Dests")]


def _add_outline(
    writer: PdfWriter, entries: Sequence[BookletEntry], readers: Sequence[PdfReader]
) -> None:
    writer.add_outline_item("목차", 1)
    bureau_item, bureau = None, None
    for entry, reader in zip(entries, readers, strict=True):
        if bureau_item is None or entry.bureau != bureau:
            bureau = entry.bureau
            bureau_item = writer.add_outline_item(bureau, entry.start - 1)
        department = writer.add_outline_item(entry.department, entry.start - 1, parent=bureau_item)
        for title, page, children in _department_outline(reader):
            _copy_outline(writer, title, entry.start - 1 + page, children, department, entry)


def _department_outline(reader: PdfReader) -> list[tuple]:
    """The department's bookmarks as (title, page, children) from the start of its file. Its
    cover's heading (page 0) is the department's own name, which the booklet's department
    bookmark already is: its children (목차) are lifted. A file without bookmarks gives its
    chapters' headings as their text finds them."""
    tree = _outline_tree(reader, reader.outline)
    if not tree:
        return _chapters_from_text(reader)
    lifted = []
    for title, page, children in tree:
        if page == 0:
            lifted.extend(children)
        else:
            lifted.append((title, page, children))
    return lifted


def _outline_tree(reader: PdfReader, outline) -> list[tuple]:
    tree: list[tuple] = []
    for item in outline:
        if isinstance(item, list):
            if tree:
                title, page, _ = tree[-1]
                tree[-1] = (title, page, _outline_tree(reader, item))
            continue
        page = reader.get_destination_page_number(item)
        if page is not None and page >= 0:
            tree.append((str(item.title), page, []))
    return tree


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


def _copy_outline(writer, title, page, children, parent, entry: BookletEntry) -> None:
    item = writer.add_outline_item(title, page, parent=parent)
    for child_title, child_page, grandchildren in children:
        _copy_outline(writer, child_title, entry.start - 1 + child_page, grandchildren, item, entry)


def _stamp_page_numbers(writer: PdfWriter) -> None:
    """The booklet's page number in the bottom right corner of every page but the cover.

    Each page's content is wrapped in q … Q (WeasyPrint leaves its coordinates flipped) and a
    few bytes of text are added after it, with a standard font in the page's resources: the
    pages are not parsed, so stamping 800 pages costs milliseconds."""
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    opening = DecodedStreamObject()
    opening.set_data(b"q\n")
    opening_ref = writer._add_object(opening)
    for index, page in enumerate(writer.pages):
        if index == 0:
            continue
        width = float(page.mediabox.width)
        label = str(index + 1)
        x = width - NUMBER_RIGHT_MM * MM - DIGIT_WIDTH * NUMBER_SIZE * len(label)
        y = NUMBER_BASELINE_MM * MM
        closing = DecodedStreamObject()
        closing.set_data(
            f"\nQ\nq BT {NUMBER_FONT} {NUMBER_SIZE} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm ({label}) Tj "
            "ET Q\n".encode("ascii")
        )
        resources = page[NameObject("/Resources")].get_object()
        if "/Font" not in resources:
            resources[NameObject("/Font")] = DictionaryObject()
        resources["/Font"].get_object()[NUMBER_FONT] = font
        contents = page[NameObject("/Contents")]
        streams = contents.get_object()
        existing = list(streams) if isinstance(streams, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject(
            [opening_ref, *existing, writer._add_object(closing)]
        )
