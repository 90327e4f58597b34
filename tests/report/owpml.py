"""An HWPX reader of the tests' own, written from the OWPML format alone (ZIP, Contents/*.xml
read with lxml), so that what the tests find in the portal's 한글 file does not depend on the
code that wrote it (python-hwpx) or on the portal's import (plans.exchange.hwpx)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
HH = "{http://www.hancom.co.kr/hwpml/2011/head}"


@dataclass
class Cell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str


@dataclass
class Table:
    rows: int
    cols: int
    cells: list[Cell]

    def at(self, row: int, col: int) -> Cell:
        return next(cell for cell in self.cells if (cell.row, cell.col) == (row, col))

    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


@dataclass
class Package:
    members: dict[str, bytes]
    paragraphs: list[tuple[str, str]] = field(default_factory=list)  # (style name, text)
    page_starts: list[str] = field(default_factory=list)  # paragraphs that open a page
    tables: list[Table] = field(default_factory=list)
    fields: list[etree._Element] = field(default_factory=list)  # every hp:fieldBegin
    header_texts: list[str] = field(default_factory=list)
    footer_controls: list[str] = field(default_factory=list)

    def text(self) -> str:
        """Everything a reader reads: the paragraphs and every cell."""
        return "\n".join(
            [text for _, text in self.paragraphs]
            + [cell.text for table in self.tables for cell in table.cells]
        )


def _text(element) -> str:
    parts = [element.text or ""]
    for child in element:
        parts.append("\t" if etree.QName(child).localname == "tab" else "")
        parts.append(child.tail or "")
    return "".join(parts)


def read(data: bytes) -> Package:
    archive = zipfile.ZipFile(io.BytesIO(data))
    members = {name: archive.read(name) for name in archive.namelist()}
    package = Package(members)
    header = etree.fromstring(members["Contents/header.xml"])
    styles = {style.get("id"): style.get("name") for style in header.iter(f"{HH}style")}
    sections = sorted(
        (name for name in members if re.fullmatch(r"Contents/section\d+\.xml", name)),
        key=lambda name: int(re.search(r"\d+", name).group()),
    )
    for name in sections:
        root = etree.fromstring(members[name])
        package.fields += list(root.iter(f"{HP}fieldBegin"))
        for paragraph in root.findall(f"{HP}p"):
            text = "".join(
                _text(t) for run in paragraph.findall(f"{HP}run") for t in run.findall(f"{HP}t")
            )
            if text.strip():
                package.paragraphs.append((styles.get(paragraph.get("styleIDRef"), ""), text))
                if paragraph.get("pageBreak") == "1":
                    package.page_starts.append(text)
            for table in paragraph.iter(f"{HP}tbl"):
                package.tables.append(_table(table))
        for head in root.iter(f"{HP}header"):
            package.header_texts.append("".join(_text(t) for t in head.iter(f"{HP}t")))
        for foot in root.iter(f"{HP}footer"):
            package.footer_controls += [etree.QName(c).localname for c in foot.iter()]
    return package


def _table(element) -> Table:
    cells = []
    for cell in element.iter(f"{HP}tc"):
        address = cell.find(f"{HP}cellAddr")
        span = cell.find(f"{HP}cellSpan")
        text = "\n".join(
            "".join(_text(t) for t in paragraph.iter(f"{HP}t")) for paragraph in cell.iter(f"{HP}p")
        )
        cells.append(
            Cell(
                int(address.get("rowAddr")),
                int(address.get("colAddr")),
                int(span.get("rowSpan")),
                int(span.get("colSpan")),
                text,
            )
        )
    return Table(int(element.get("rowCnt")), int(element.get("colCnt")), cells)
