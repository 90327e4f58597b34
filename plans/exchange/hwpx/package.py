"""Opening an uploaded 한글 file (HWPX: a ZIP of OWPML XML) safely, and reading its body as
paragraphs and tables in reading order.

An upload is untrusted, so the limits hold before anything is decompressed or parsed: the
file's size; then, by the zip guard every upload shares (plans.exchange.packages, with the
limits of a 한글 file), the number of members, each member's and the total uncompressed size as
the ZIP declares them, each member's compression ratio, and, while a member is decompressed, the
bytes actually read (a member may declare a smaller size than it inflates to); and what 한글
never writes (an encrypted member, another compression). The XML is parsed without DTDs,
entities or network access, and its paragraphs are counted in the raw text before the parse, so
a million empty paragraphs are refused without building them. Every refusal is a
:class:`HwpxRefused` with a Korean message (the zip guard's said as the reader's), and nothing
has been written when it is raised.

What comes out is plain data for the recognition in plans.exchange.hwpx.shape: for each body
paragraph its text, style name, bold runs, indentation and outline level, and for each table
its cells with their spans. Paragraphs and tables are numbered as a reader counts them in
한글 ("12번째 문단", "표 3"), and a paragraph inside 한글's table-of-contents field says so."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from lxml import etree

from plans.exchange.packages import (
    MEGABYTE,
    PackageLimits,
    PackageRefused,
    check_parts,
    read_part,
)

#: The largest upload read, as for spreadsheets.
MAX_BYTES = getattr(settings, "HWPX_MAX_BYTES", 10 * MEGABYTE)
#: The file's kind as the shared zip guard's messages name it.
KIND = "한글(HWPX)"
#: What the ZIP may hold, checked by plans.exchange.packages before anything is inflated:
#: 한글's own files have a dozen members and an image each, and OWPML compresses 10–25 to 1.
LIMITS = PackageLimits(parts=256, part_bytes=32 * MEGABYTE, unpacked_bytes=64 * MEGABYTE, ratio=100)
#: Body paragraphs, tables' cells included: a 60-card plan has about 4,000.
MAX_PARAGRAPHS = 20_000

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MIMETYPE = b"application/hwp+zip"

HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
HH = "{http://www.hancom.co.kr/hwpml/2011/head}"
HC = "{http://www.hancom.co.kr/hwpml/2011/core}"
OPF = "{http://www.idpf.org/2007/opf/}"

_SECTION = re.compile(r"^Contents/section(\d+)\.xml$")
# A paragraph's start tag with any namespace prefix, counted in the raw XML before parsing.
_PARAGRAPH_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s/>]")


class HwpxRefused(ValueError):
    """A file the portal does not read; the message is Korean and says what to do."""


@dataclass
class Paragraph:
    number: int  # 1-based, among the body paragraphs that hold text
    text: str  # a tab is "\t", a line break "\n"
    bold: tuple[bool, ...]  # per character of ``text``: drawn bold
    style: str
    indent: int  # where the first line starts, HWPUNIT from the margin
    outline_level: int | None  # 1 for 개요 1, 2 for 개요 2 …
    in_contents: bool  # inside 한글's table-of-contents field
    bullet: str = ""  # the symbol of 한글's automatic 글머리표, which is not in the text

    @property
    def place(self) -> str:
        return f"{self.number}번째 문단"

    def leading_bold(self) -> str:
        """The text of the bold run the paragraph starts with ("" when it starts plain)."""
        end = 0
        while end < len(self.bold) and self.bold[end]:
            end += 1
        return self.text[:end]


@dataclass
class Cell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str


@dataclass
class Table:
    number: int  # 1-based, in reading order
    rows: int
    cols: int
    cells: list[Cell]
    after: int  # the number of the last body paragraph before it (0: before any)

    @property
    def place(self) -> str:
        return f"표 {self.number} ({self.rows}행 {self.cols}열)"

    def grid(self) -> list[list[str]]:
        """The table as rows of cell text, a merged cell's text in its top-left place only and
        "" under the rest of it."""
        grid = [[""] * self.cols for _ in range(self.rows)]
        for cell in self.cells:
            if cell.row < self.rows and cell.col < self.cols:
                grid[cell.row][cell.col] = cell.text
        return grid

    def cell_at(self, row: int, col: int) -> Cell | None:
        for cell in self.cells:
            if (
                cell.row <= row < cell.row + cell.rowspan
                and cell.col <= col < cell.col + cell.colspan
            ):
                return cell
        return None

    def flat_text(self) -> str:
        return " / ".join(" | ".join(text for text in row) for row in self.grid())


@dataclass
class Body:
    """The file's body in reading order, and its document properties."""

    items: list[Paragraph | Table] = field(default_factory=list)
    author: str = ""
    title: str = ""
    #: What the body holds besides its paragraphs and tables, by place: footnotes, text boxes,
    #: pictures (the recognition lists them as not placed); and the running head and foot.
    extras: list[tuple[str, str]] = field(default_factory=list)
    running: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [item for item in self.items if isinstance(item, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [item for item in self.items if isinstance(item, Table)]


# ---------------------------------------------------------------------------------------------
# The package


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if len(data) > MAX_BYTES:
        raise HwpxRefused(
            f"파일이 너무 큽니다({len(data) / MEGABYTE:,.1f}MB). "
            f"{MAX_BYTES // MEGABYTE}MB 이하로 올리십시오."
        )
    if data.startswith(OLE2_MAGIC):
        raise HwpxRefused(
            "한글 97~2018 형식(.hwp) 파일입니다. 한글에서 '다른 이름으로 저장하기'로 "
            "'한글 표준 문서(*.hwpx)'를 골라 저장한 파일을 올리십시오."
        )
    if not data.startswith(b"PK"):
        raise HwpxRefused(
            "HWPX 파일이 아닙니다. 한글에서 '한글 표준 문서(*.hwpx)'로 저장한 파일을 올리십시오."
        )
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise HwpxRefused(
            "파일이 손상되어 열 수 없습니다(압축 목록이 없거나 잘렸습니다). "
            "한글에서 다시 저장해 올리십시오."
        ) from error


def _check_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The members by name, checked before anything is inflated: the shared zip guard's
    counts, sizes and ratios, then what 한글 itself never writes (an encrypted member, a
    compression other than stored or deflated)."""
    infos = archive.infolist()
    check_parts(infos, kind=KIND, limits=LIMITS)
    for info in infos:
        if info.flag_bits & 0x1:
            raise HwpxRefused(
                "암호가 걸린 파일은 읽을 수 없습니다. 한글에서 암호를 풀고 저장해 올리십시오."
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise HwpxRefused(
                f"파일 안의 '{info.filename}'이(가) 한글이 쓰지 않는 방식으로 압축되어 있습니다. "
                "한글에서 다시 저장해 올리십시오."
            )
    return {info.filename: info for info in infos}


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, the inflated bytes counted against its declared size."""
    return read_part(archive, info, kind=KIND, limits=LIMITS)


def _parse_xml(data: bytes, name: str) -> etree._Element:
    head = data[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data:
        raise HwpxRefused(
            f"파일 안의 '{name}'에 한글 문서에 없는 선언(DOCTYPE)이 있어 읽지 않습니다."
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno or error.position[0]
        raise HwpxRefused(
            f"파일이 손상되어 읽을 수 없습니다('{name}' {line}번째 줄의 XML이 "
            "끊기거나 어긋났습니다)."
        ) from error


def read_body(data: bytes) -> Body:
    """The body of an uploaded HWPX file, or :class:`HwpxRefused`."""
    try:
        return _read_body(data)
    except PackageRefused as refusal:  # the shared zip guard's, said as this reader's
        raise HwpxRefused(str(refusal)) from refusal


def _read_body(data: bytes) -> Body:
    archive = _open_zip(data)
    with archive:
        members = _check_members(archive)
        if "mimetype" in members and _read_member(archive, members["mimetype"]).strip() != MIMETYPE:
            raise HwpxRefused(
                "HWPX 파일이 아닙니다(문서 형식 표시가 다릅니다). "
                "한글에서 '한글 표준 문서(*.hwpx)'로 저장한 파일을 올리십시오."
            )
        manifest = members.get("META-INF/manifest.xml")
        if manifest is not None and b"encryption" in _read_member(archive, manifest):
            raise HwpxRefused(
                "암호가 걸린 파일은 읽을 수 없습니다. 한글에서 암호를 풀고 저장해 올리십시오."
            )
        sections = sorted(
            (int(match.group(1)), name) for name in members if (match := _SECTION.match(name))
        )
        if "Contents/header.xml" not in members or not sections:
            raise HwpxRefused(
                "한글 문서의 본문(Contents/section0.xml)이나 서식(Contents/header.xml)이 없습니다. "
                "HWPX 파일이 아니거나 손상된 파일입니다."
            )
        raw_sections = [(name, _read_member(archive, members[name])) for _, name in sections]
        paragraphs = sum(len(_PARAGRAPH_TAG.findall(raw)) for _, raw in raw_sections)
        if paragraphs > MAX_PARAGRAPHS:
            raise HwpxRefused(
                f"문단이 너무 많습니다({paragraphs:,}개, 최대 {MAX_PARAGRAPHS:,}개). "
                "한 과의 업무보고가 아닌 것 같습니다."
            )
        header = _parse_xml(
            _read_member(archive, members["Contents/header.xml"]), "Contents/header.xml"
        )
        shapes = _Shapes(header)
        body = Body()
        reader = _BodyReader(shapes, body)
        for name, raw in raw_sections:
            reader.section(_parse_xml(raw, name))
        content = members.get("Contents/content.hpf")
        if content is not None:
            _read_properties(_parse_xml(_read_member(archive, content), content.filename), body)
    return body


def _read_properties(package: etree._Element, body: Body) -> None:
    for meta in package.iter(f"{OPF}meta"):
        if meta.get("name") == "creator" and meta.text:
            body.author = meta.text.strip()
    title = package.find(f".//{OPF}title")
    if title is not None and title.text:
        body.title = title.text.strip()


# ---------------------------------------------------------------------------------------------
# The header part: what a paragraph's style, shape and characters say


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


class _Shapes:
    def __init__(self, header: etree._Element) -> None:
        self.styles = {
            style.get("id"): style.get("name", "") for style in header.iter(f"{HH}style")
        }
        self.bold = {
            char.get("id"): char.find(f"{HH}bold") is not None
            for char in header.iter(f"{HH}charPr")
        }
        bullets = {
            bullet.get("id"): bullet.get("char", "") for bullet in header.iter(f"{HH}bullet")
        }
        self.indents: dict[str, int] = {}
        self.levels: dict[str, int | None] = {}
        self.bullets: dict[str, str] = {}
        for para in header.iter(f"{HH}paraPr"):
            self.indents[para.get("id")] = self._indent(para)
            heading = para.find(f"{HH}heading")
            if heading is None:
                heading = para.find(f".//{HH}heading")
            kind = heading.get("type") if heading is not None else None
            self.levels[para.get("id")] = (
                _int(heading.get("level")) + 1 if kind == "OUTLINE" else None
            )
            if kind == "BULLET":
                self.bullets[para.get("id")] = bullets.get(heading.get("idRef"), "")

    @staticmethod
    def _indent(para: etree._Element) -> int:
        """Where the first line starts: the left margin, and a positive first-line indent
        (a negative one, 내어쓰기, moves the other lines). 한글 writes the margins twice,
        inside hp:switch, the hp:default copy at twice the value: the hp:case one is read."""
        margin = para.find(f"{HP}switch/{HP}case/{HH}margin")
        if margin is None:
            margin = para.find(f"{HH}margin")
        if margin is None:
            return 0

        def value(name: str) -> int:
            element = margin.find(f"{HC}{name}")
            if element is None:
                return 0
            return (
                _int(element.get("value"))
                if element.get("value") is not None
                else _int(element.text)
            )

        return value("left") + max(value("intent"), 0)


class _BodyReader:
    """Walks sections in order: top-level paragraphs, and tables anchored in them (a cell's own
    paragraphs and tables are the cell's text)."""

    def __init__(self, shapes: _Shapes, body: Body) -> None:
        self.shapes = shapes
        self.body = body
        self.paragraphs = 0
        self.tables = 0
        self.in_contents = False
        self.contents_field: str | None = None

    def section(self, root: etree._Element) -> None:
        for paragraph in root.findall(f"{HP}p"):
            self.paragraph(paragraph)

    def paragraph(self, element: etree._Element) -> None:
        pieces: list[tuple[str, bool]] = []
        tables: list[etree._Element] = []
        objects: list[tuple[str, str]] = []  # (what, text) of notes, boxes and pictures
        starts_in_contents = self.in_contents
        for run in element.findall(f"{HP}run"):
            bold = self.shapes.bold.get(run.get("charPrIDRef"), False)
            for child in run:
                name = etree.QName(child).localname
                if name == "t":
                    pieces.append((_run_text(child), bold))
                elif name == "tbl":
                    tables.append(child)
                elif name == "ctrl":
                    objects += self._control(child)
                elif name in _OBJECTS:
                    objects.append((_OBJECTS[name], _inner_text(child)))
        text = "".join(piece for piece, _ in pieces)
        if text.strip():
            self.paragraphs += 1
            para_pr = element.get("paraPrIDRef")
            style = self.shapes.styles.get(element.get("styleIDRef"), "")
            self.body.items.append(
                Paragraph(
                    number=self.paragraphs,
                    text=text,
                    bold=tuple(bold for piece, bold in pieces for _ in piece),
                    style=style,
                    indent=self.shapes.indents.get(para_pr, 0),
                    outline_level=self.shapes.levels.get(para_pr),
                    in_contents=starts_in_contents or self.in_contents,
                    bullet=self.shapes.bullets.get(para_pr, ""),
                )
            )
        where = f"{self.paragraphs}번째 문단" if text.strip() else f"{self.paragraphs}번째 문단 뒤"
        for what, inner in objects:
            self.body.extras.append((f"{where}의 {what}", inner))
        for table in tables:
            self.table(table)

    def _control(self, control: etree._Element) -> list[tuple[str, str]]:
        """Follow 한글's table-of-contents field; the running head and foot; and what a
        control holds that is text of the body (a footnote, an endnote)."""
        found = []
        for child in control:
            name = etree.QName(child).localname
            if name == "fieldBegin" and child.get("type") == "TABLEOFCONTENTS":
                self.in_contents = True
                self.contents_field = child.get("id")
            elif name == "fieldEnd" and child.get("beginIDRef") == self.contents_field:
                self.in_contents = False
            elif name in ("header", "footer"):
                if text := _inner_text(child):
                    self.body.running.append(text)
            elif name in _OBJECTS:
                found.append((_OBJECTS[name], _inner_text(child)))
        return found

    def table(self, element: etree._Element) -> None:
        self.tables += 1
        cells = []
        for cell in element.iter(f"{HP}tc"):
            if cell.getparent().getparent() is not element:
                continue  # a table nested in a cell: its text is that cell's
            address = cell.find(f"{HP}cellAddr")
            span = cell.find(f"{HP}cellSpan")
            lines = [
                "".join(_run_text(t) for t in paragraph.iter(f"{HP}t")).strip()
                for paragraph in cell.iter(f"{HP}p")
            ]
            cells.append(
                Cell(
                    row=_int(address.get("rowAddr")) if address is not None else 0,
                    col=_int(address.get("colAddr")) if address is not None else 0,
                    rowspan=max(1, _int(span.get("rowSpan"))) if span is not None else 1,
                    colspan=max(1, _int(span.get("colSpan"))) if span is not None else 1,
                    text="\n".join(line for line in lines if line),
                )
            )
        rows = _int(element.get("rowCnt")) or max((c.row + c.rowspan for c in cells), default=0)
        cols = _int(element.get("colCnt")) or max((c.col + c.colspan for c in cells), default=0)
        self.body.items.append(
            Table(number=self.tables, rows=rows, cols=cols, cells=cells, after=self.paragraphs)
        )


_SPECIAL = {"tab": "\t", "lineBreak": "\n", "nbSpace": " ", "fwSpace": "\u3000", "hyphen": "-"}
#: Objects in a paragraph whose content the report's shape has no place for.
_OBJECTS = {
    "footNote": "각주",
    "endNote": "미주",
    "pic": "그림",
    "rect": "글상자",
    "ellipse": "도형",
    "polygon": "도형",
    "container": "묶음 개체",
    "ole": "OLE 개체",
    "equation": "수식",
    "chart": "차트",
}


def _inner_text(element: etree._Element) -> str:
    """The text of every paragraph inside ``element``, one line each."""
    lines = [
        "".join(_run_text(t) for t in paragraph.iter(f"{HP}t")).strip()
        for paragraph in element.iter(f"{HP}p")
    ]
    return " / ".join(line for line in lines if line)


def _run_text(element: etree._Element) -> str:
    """The text of an hp:t: its own text, tabs and breaks as characters, and what follows
    each of them."""
    parts = [element.text or ""]
    for child in element:
        parts.append(_SPECIAL.get(etree.QName(child).localname, ""))
        parts.append(child.tail or "")
    return "".join(parts)
