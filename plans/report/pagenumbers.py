"""The footer's page number ("- 12 -") of a report page laid out as a part of its own
(plans.report.parts), rewritten to the page's number in the assembled report.

A part is laid out numbered from 1, so that its layout does not depend on the length of the
parts before it: a part is laid out once whatever moves before it, all parts can be laid out
at once, and an edit to one card lays out that card alone even when it gains a page. Nothing
else on a page depends on its number (only the 목차 counts pages, and the front prints them as
text), so the assembly rewrites the footer: WeasyPrint draws it last on the page, as one text
run centred in the bottom margin; its glyphs are replaced with the new number's (the font's own
glyph ids, as WeasyPrint writes them) and the run moved by half the change in width, where
WeasyPrint centres it."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pikepdf
from pikepdf import Name

# The footer as WeasyPrint 70 writes it: the page's last text run, in its own marked content.
FOOTER = re.compile(
    rb"1 0 0 -1 (?P<x>-?[\d.]+) (?P<y>-?[\d.]+) Tm\n/(?P<font>[A-Za-z0-9]+) (?P<size>[\d.]+) Tf\n"
    rb"\[(?P<glyphs>[^\]]*)\] TJ\nET\nEMC\n(?:Q\n)*Q?\s*$"
)
# The TJ array's strings: WeasyPrint writes a kerning number only where it is not zero, so
# several glyphs may share one string, four hex digits each (Identity-H: two-byte ids).
GLYPH_STRING = re.compile(rb"<([0-9a-fA-F]*)>")


@dataclass
class FontGlyphs:
    """Glyphs a font needs besides those its parts drew: the digits of the new numbers."""

    widths: dict[int, float] = field(default_factory=dict)
    text: dict[int, str] = field(default_factory=dict)


def renumber(pdf: pikepdf.Pdf, first_index: int, original_file) -> dict[str, FontGlyphs]:
    """Give every page from ``first_index`` on the footer of its number in ``pdf`` (index + 1);
    the glyphs used, by the font's BaseFont, for the fonts to embed them."""
    added: dict[str, FontGlyphs] = {}
    for index in range(first_index, len(pdf.pages)):
        page = pdf.pages[index]
        stream = page.obj.Contents
        content = stream.read_bytes()
        match = FOOTER.search(content)
        if match is None:
            raise ValueError(f"보고서 PDF {index + 1}쪽의 쪽 번호를 찾지 못했습니다.")
        font = page.Resources.Font[Name("/" + match["font"].decode())]
        path = original_file(font.DescendantFonts[0].FontDescriptor)
        if path is None:
            raise ValueError(f"보고서 PDF {index + 1}쪽의 쪽 번호 글꼴을 알 수 없습니다.")
        metrics = _metrics(path)
        old = _glyph_ids(match["glyphs"])
        # "- ", the digits, " -": the dashes and spaces are kept as shaped (the font draws a
        # dash beside digits with a glyph of its own), the digits replaced.
        number = str(index + 1)
        if not old[2:-2] or "?" in _digits_of(old[2:-2], metrics):
            raise ValueError(f"보고서 PDF {index + 1}쪽의 쪽 번호를 읽지 못했습니다.")
        new = old[:2] + [metrics.digits[digit] for digit in number] + old[-2:]
        size = float(match["size"])
        shift = (metrics.width(old) - metrics.width(new)) / 2 * size / 1000
        x = float(match["x"]) + shift
        glyphs = b"".join(b"<%04x>0" % glyph for glyph in new)
        replaced = (
            content[: match.start("x")]
            + f"{x:f}".encode()
            + content[match.end("x") : match.start("glyphs")]
            + glyphs
            + content[match.end("glyphs") :]
        )
        stream.write(zlib.compress(replaced), filter=Name.FlateDecode)
        needed = added.setdefault(str(font.BaseFont), FontGlyphs())
        for digit in number:
            glyph = metrics.digits[digit]
            needed.widths[glyph] = metrics.advance(glyph)
            needed.text[glyph] = digit
    return added


def _glyph_ids(array: bytes) -> list[int]:
    """The glyph ids of a TJ array's strings, in order; its numbers (kerning) left out."""
    ids = []
    for string in GLYPH_STRING.findall(array):
        ids += [int(string[i : i + 4], 16) for i in range(0, len(string), 4)]
    return ids


def _digits_of(glyphs: list[int], metrics: _Metrics) -> str:
    by_glyph = {glyph: digit for digit, glyph in metrics.digits.items()}
    return "".join(by_glyph.get(glyph, "?") for glyph in glyphs)


class _Metrics:
    """A font file's digits and advances."""

    def __init__(self, path: Path) -> None:
        from fontTools.ttLib import TTFont

        # Read whole here, once: a lazily read font would read its tables later, from
        # whichever thread asks first, on one shared file.
        font = TTFont(path, lazy=True)
        order = font.getGlyphOrder()
        cmap = font.getBestCmap()
        ids = {name: index for index, name in enumerate(order)}
        self.digits = {str(digit): ids[cmap[ord(str(digit))]] for digit in range(10)}
        scale = 1000 / font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        self.advances = [metrics[name][0] * scale for name in order]
        font.close()

    def advance(self, glyph: int) -> float:
        return self.advances[glyph]

    def width(self, glyphs) -> float:
        return sum(self.advance(glyph) for glyph in glyphs)


@cache
def _metrics(path: Path) -> _Metrics:
    return _Metrics(path)
