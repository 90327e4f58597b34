"""One subset of a font file for the glyphs of a whole report, made by HarfBuzz as WeasyPrint
makes its own (weasyprint/pdf/fonts.py: glyph ids kept, CFF charstrings desubroutinised), so a
report assembled from parts embeds each face once, as the report laid out in one go does.

WeasyPrint's binding of HarfBuzz does not declare opening a font file, so this module binds the
few functions it needs itself (fontTools subsets the same fonts 30 times slower)."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import cffi

from plans.report.fontfaces import FONT_FACES

_ffi = cffi.FFI()
_ffi.cdef(
    """
    typedef struct hb_blob_t hb_blob_t;
    typedef struct hb_face_t hb_face_t;
    typedef struct hb_set_t hb_set_t;
    typedef struct hb_subset_input_t hb_subset_input_t;
    typedef uint32_t hb_codepoint_t;
    hb_blob_t * hb_blob_create_from_file (const char *file_name);
    void hb_blob_destroy (hb_blob_t *blob);
    const char * hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
    hb_face_t * hb_face_create (hb_blob_t *blob, unsigned int index);
    void hb_face_destroy (hb_face_t *face);
    hb_blob_t * hb_face_reference_blob (hb_face_t *face);
    void hb_set_add (hb_set_t *set, hb_codepoint_t codepoint);
    void hb_set_add_range (hb_set_t *set, hb_codepoint_t first, hb_codepoint_t last);
    hb_subset_input_t * hb_subset_input_create_or_fail (void);
    void hb_subset_input_destroy (hb_subset_input_t *input);
    hb_set_t * hb_subset_input_glyph_set (hb_subset_input_t *input);
    hb_set_t * hb_subset_input_set (hb_subset_input_t *input, int set_type);
    void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned value);
    hb_face_t * hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
    uint32_t hb_tag_from_string (const char *str, int len);
    """
)
# hb_subset_flags_t and hb_subset_sets_t (hb-subset.h)
NO_HINTING = 0x1
RETAIN_GIDS = 0x2
DESUBROUTINIZE = 0x4
PASSTHROUGH_UNRECOGNIZED = 0x20
DROP_TABLE_SET = 3
# The tables WeasyPrint drops from an embedded font: a PDF shapes nothing.
DROPPED_TABLES = (
    b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT",
    b"SVG ",
)  # fmt: skip


# What a part's PDF embeds instead of a font (fonts_named_only): the file's first four bytes
# (its kind, which WeasyPrint reads from them), this mark and the font's PostScript name.
PLACEHOLDER = b"portal-font:"


@contextmanager
def fonts_named_only() -> Iterator[None]:
    """WeasyPrint writes, instead of each font subset, a placeholder naming the font (a few
    bytes): the assembly embeds one subset of each face for all parts, so subsetting and
    compressing a face for every part (a tenth of a second each) is saved. The caller holds the
    render lock, so no other layout in the process sees the change."""
    from weasyprint.pdf.fonts import Font

    original = Font.clean

    def named(font, to_unicode, hinting):
        name = _postscript_name(font.file_content)
        if name not in known_faces():
            # A character none of the portal's fonts draws came from a system font: that font
            # is embedded as WeasyPrint subsets it, since no assembly could subset it again.
            original(font, to_unicode, hinting)
            return
        font.file_content = font.file_content[:4] + PLACEHOLDER + name.encode()

    Font.clean = named
    try:
        yield
    finally:
        Font.clean = original


_names: dict[tuple[int, bytes], str] = {}


def _postscript_name(data: bytes) -> str:
    """The font's PostScript name; "" for a font collection (a system font such as Noto CJK's,
    never one of the portal's faces)."""
    if data[:4] == b"ttcf":
        return ""
    key = (len(data), data[:4096])
    if key not in _names:
        from fontTools.ttLib import TTFont

        _names[key] = TTFont(io.BytesIO(data), lazy=True)["name"].getDebugName(6)
    return _names[key]


@cache
def file_digest(path: Path) -> str:
    """The font file's content digest, read once per process."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def known_faces() -> dict[str, Path]:
    """The repository's font files (plans.report.fontfaces.FONT_FACES) by PostScript name:
    the faces a part names instead of embedding and the assembly embeds once."""
    from fontTools.ttLib import TTFont

    return {TTFont(path, lazy=True)["name"].getDebugName(6): path for _, _, path in FONT_FACES}


def placeholder_name(embedded: bytes) -> str | None:
    """The PostScript name a part's placeholder gives, or None for an embedded font."""
    if embedded[4 : 4 + len(PLACEHOLDER)] != PLACEHOLDER:
        return None
    return embedded[4 + len(PLACEHOLDER) :].decode()


@cache
def _libraries():
    return _ffi.dlopen("libharfbuzz.so.0"), _ffi.dlopen("libharfbuzz-subset.so.0")


@cache
def _face(path: Path):
    """The font file as a HarfBuzz face, kept for the process (fonts are the repository's)."""
    harfbuzz, _ = _libraries()
    blob = harfbuzz.hb_blob_create_from_file(str(path).encode())
    return harfbuzz.hb_face_create(blob, 0)


def subset_font(path: Path, glyphs: set[int]) -> bytes:
    """The font at ``path`` with only ``glyphs`` drawn, every glyph id kept up to the last one
    used (the PDF's CIDs are the glyph ids)."""
    harfbuzz, _ = _libraries()
    # First the glyphs, each keeping its id; then the ids after the last one dropped.
    face = _subset(_face(path), sorted(glyphs), RETAIN_GIDS)
    try:
        face2 = _subset(face, range(max(glyphs) + 1), 0)
    finally:
        harfbuzz.hb_face_destroy(face)
    try:
        blob = harfbuzz.hb_face_reference_blob(face2)
        length = _ffi.new("unsigned int *")
        data = harfbuzz.hb_blob_get_data(blob, length)
        content = bytes(_ffi.buffer(data, length[0]))
        harfbuzz.hb_blob_destroy(blob)
    finally:
        harfbuzz.hb_face_destroy(face2)
    return content


def _subset(face, glyphs, flags: int):
    harfbuzz, subset = _libraries()
    request = subset.hb_subset_input_create_or_fail()
    try:
        glyph_set = subset.hb_subset_input_glyph_set(request)
        if isinstance(glyphs, range):
            harfbuzz.hb_set_add_range(glyph_set, glyphs.start, glyphs.stop - 1)
        else:
            for glyph in glyphs:
                harfbuzz.hb_set_add(glyph_set, glyph)
        dropped = subset.hb_subset_input_set(request, DROP_TABLE_SET)
        for tag in DROPPED_TABLES:
            harfbuzz.hb_set_add(dropped, harfbuzz.hb_tag_from_string(tag, -1))
        subset.hb_subset_input_set_flags(
            request, flags | PASSTHROUGH_UNRECOGNIZED | DESUBROUTINIZE | NO_HINTING
        )
        result = subset.hb_subset_or_fail(face, request)
    finally:
        subset.hb_subset_input_destroy(request)
    if result == _ffi.NULL:
        raise RuntimeError("글꼴을 줄이지 못했습니다.")
    return result
