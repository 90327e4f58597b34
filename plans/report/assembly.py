"""The parts of a report PDF (plans.report.parts) joined into one file that reads as the report
laid out in one go: the pages in order, each font face embedded once, the tags (PDF/UA-1) of
every part under one Document, the bookmarks of every part, and the 목차's links pointing at
the pages of the parts they name.

- Fonts: WeasyPrint subsets a face keeping the font's own glyph ids (CIDToGIDMap /Identity),
  so every part's text draws with the original ids and one subset of the original file, for the
  union of the glyphs the parts use, serves them all (plans.report.fontsubset), with the parts'
  widths and ToUnicode maps merged.
- Tags: each part's Document element's children go under the first part's Document; the
  parent tree is numbered on, each page's /StructParents and each annotation's /StructParent
  moved by the same amount.
- The first part (the front) gives the file its metadata (XMP with the PDF/UA identification,
  /Lang, /MarkInfo, /ViewerPreferences, document information): the parts share one <head>."""

from __future__ import annotations

import hashlib
import io
import re
import warnings
import zlib
from collections.abc import Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

from plans.report.filecache import kept
from plans.report.fontsubset import file_digest, known_faces, placeholder_name, subset_font
from plans.report.pagenumbers import FontGlyphs, renumber
from plans.report.pdfdoc import links, named_destinations, outline_items, outline_tree, page_index

# A 목차 link names its target (an element of another part) by this address, which WeasyPrint
# keeps as a link (it drops one to an anchor outside its document); the assembly points it at
# the named destination.
ANCHOR_LINK = "report-anchor:"


def assemble(
    parts: Sequence[bytes], continues: Sequence[bool], *, link_texts: dict[str, str]
) -> bytes:
    """One PDF of ``parts`` in order; ``continues[i]`` says part i+1's first bookmarks belong
    under the last top-level bookmark before it (cards after their chapter's first);
    ``link_texts`` describes each 목차 link by its anchor."""
    joined = Pdf.open(io.BytesIO(parts[0]))
    front_pages = len(joined.pages)
    document = _document_element(joined)
    parent_tree = pikepdf.NumberTree(joined.Root.StructTreeRoot.ParentTree)
    next_key = _next_key(joined)
    destinations = _destinations(joined, joined, 0)
    outline = outline_tree(joined)
    for data, continued in zip(parts[1:], continues, strict=True):
        source = Pdf.open(io.BytesIO(data))
        start = len(joined.pages)
        with warnings.catch_warnings():
            # Named destinations are not copied with the pages: _destinations does that.
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            joined.pages.extend(source.pages)
        _move_structure(joined, source, document, parent_tree, start, next_key)
        next_key += _next_key(source)
        destinations.update(_destinations(joined, source, start))
        tree = [
            (title, start + page, _moved(children, start))
            for title, page, children in outline_tree(source)
        ]
        if continued and outline:
            title, page, children = outline[-1]
            outline[-1] = (title, page, children + tree)
        else:
            outline.extend(tree)
    joined.Root.StructTreeRoot.ParentTreeNextKey = next_key
    _name_destinations(joined, destinations)
    _point_links_at_anchors(joined, link_texts)
    _write_outline(joined, outline)
    numbers = renumber(joined, front_pages, _descriptor_file)
    unify_fonts(joined, numbers)
    out = io.BytesIO()
    joined.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
    return out.getvalue()


def _moved(tree, offset: int) -> list[tuple]:
    return [(title, offset + page, _moved(children, offset)) for title, page, children in tree]


def _document_element(pdf: Pdf) -> Dictionary:
    kids = pdf.Root.StructTreeRoot.K
    return kids[0] if isinstance(kids, Array) else kids


def _kids(element: Dictionary) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _next_key(pdf: Pdf) -> int:
    root = pdf.Root.StructTreeRoot
    if "/ParentTreeNextKey" in root:
        return int(root.ParentTreeNextKey)
    keys = [int(key) for key, _ in pikepdf.NumberTree(root.ParentTree).items()]
    return max(keys, default=-1) + 1


def _move_structure(joined, source, document, parent_tree, start: int, offset: int) -> None:
    """``source``'s tags under ``document``, its parent tree entries and its pages' (now
    ``joined``'s from ``start``) keys moved on by ``offset``."""
    kids = Array(_kids(document))
    for kid in _kids(_document_element(source)):
        copied = _copy(joined, kid)
        if isinstance(copied, Dictionary):
            copied.P = document
        kids.append(copied)
    document.K = kids
    for key, value in pikepdf.NumberTree(source.Root.StructTreeRoot.ParentTree).items():
        parent_tree[int(key) + offset] = _copy(joined, value)
    for page in joined.pages[start:]:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get("/Annots", ()):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset
    role_map = source.Root.StructTreeRoot.get("/RoleMap")
    if role_map is not None:
        root = joined.Root.StructTreeRoot
        if "/RoleMap" not in root:
            root.RoleMap = Dictionary()
        for name, role in role_map.items():
            root.RoleMap[name] = role


def _copy(joined: Pdf, value):
    """``value`` of another file in ``joined``: its indirect objects copied once (pikepdf
    remembers what it copied from each file, so a page copied with the pages is the same)."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return joined.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copy(joined, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copy(joined, item) for key, item in value.items()})
    return value


def _destinations(joined: Pdf, source: Pdf, start: int) -> dict[str, tuple]:
    """``source``'s named destinations as (page in ``joined``, left, top)."""
    found = {}
    for name, target in named_destinations(source).items():
        page = page_index(source, target)
        if page is not None:
            left, top = (target[2], target[3]) if len(target) >= 4 else (None, None)
            found[name] = (start + page, left, top)
    return found


def _name_destinations(joined: Pdf, destinations: dict[str, tuple]) -> None:
    names = Dictionary()
    tree = pikepdf.NameTree.new(joined)
    for name in sorted(destinations):
        page, left, top = destinations[name]
        tree[name] = Array([joined.pages[page].obj, Name.XYZ, left, top, 0])
    names.Dests = tree.obj
    joined.Root.Names = names


def _point_links_at_anchors(joined: Pdf, texts: dict[str, str]) -> None:
    """The front's 목차 links (``report-anchor:card-main-3``) name the anchor's destination,
    as the report laid out in one go does, and are described by their entry's words (WeasyPrint
    describes a link by its target's id)."""
    for annotation in links(joined.pages):
        action = annotation.get("/A")
        uri = str(action.get("/URI", "")) if action is not None else ""
        if uri.startswith(ANCHOR_LINK):
            anchor = uri.removeprefix(ANCHOR_LINK)
            del annotation["/A"]
            annotation.Dest = String(anchor)
            annotation.Contents = String(texts.get(anchor, anchor))


def _write_outline(joined: Pdf, outline: list[tuple]) -> None:
    if "/Outlines" in joined.Root:
        del joined.Root["/Outlines"]
    with joined.open_outline() as root:
        root.root.extend(outline_items(outline, 0))


# Fonts


def unify_fonts(pdf: Pdf, added: dict[str, FontGlyphs]) -> None:
    """Every font dictionary of a face (one per part) replaced by one, embedding the original
    font file subset to the glyphs all of them use and those ``added`` by BaseFont."""
    uses: dict[str, list[tuple[Dictionary, Name, Dictionary]]] = {}
    for resources in _all_resources(pdf):
        fonts = resources.get("/Font")
        for name, font in (fonts or {}).items():
            if font.get("/Subtype") == Name.Type0:
                uses.setdefault(str(font.BaseFont), []).append((fonts, Name(name), font))
    for found in uses.values():
        kept = found[0][2]
        if _descriptor_file(kept.DescendantFonts[0].FontDescriptor) is None:
            continue  # a system font each part embedded as its own subset: left as it is
        distinct = {font.objgen: font for _, _, font in found}
        _merge_into(pdf, kept, list(distinct.values()), added.get(str(kept.BaseFont)))
        for fonts, name, _ in found:
            fonts[name] = kept


def _all_resources(pdf: Pdf):
    seen, pending = set(), [page.obj.get("/Resources") for page in pdf.pages]
    while pending:
        resources = pending.pop()
        if resources is None or (resources.is_indirect and resources.objgen in seen):
            continue
        if resources.is_indirect:
            seen.add(resources.objgen)
        yield resources
        for kind in ("/XObject", "/Pattern"):
            for item in (resources.get(kind) or {}).values():
                if item.is_indirect and item.objgen in seen:
                    continue
                if item.is_indirect:
                    seen.add(item.objgen)
                if "/Resources" in item:
                    pending.append(item.Resources)


def _merge_into(pdf: Pdf, kept: Dictionary, fonts: list[Dictionary], added) -> None:
    descendant = kept.DescendantFonts[0]
    descriptor = descendant.FontDescriptor
    file_key = "/FontFile3" if "/FontFile3" in descriptor else "/FontFile2"
    path = _descriptor_file(descriptor)
    widths: dict[int, float] = dict(added.widths) if added else {}
    to_unicode: dict[int, str] = dict(added.text) if added else {}
    for font in fonts:
        widths.update(_widths(font.DescendantFonts[0].get("/W", Array())))
        if "/ToUnicode" in font:
            to_unicode.update(_unicode_map(font.ToUnicode.read_bytes()))
    glyphs = set(widths) | set(to_unicode) | {0}
    data = _subset_cached(path, frozenset(glyphs))
    stream = pikepdf.Stream(pdf, zlib.compress(data))
    stream.Filter = Name.FlateDecode
    if file_key == "/FontFile3":
        stream.Subtype = Name.OpenType
    else:
        stream.Length1 = len(data)
    descriptor[file_key] = stream
    descendant.W = _widths_array(widths)
    cmap = pikepdf.Stream(pdf, zlib.compress(_cmap(to_unicode)))
    cmap.Filter = Name.FlateDecode
    kept.ToUnicode = cmap


def _subset_cached(path, glyphs: frozenset[int]) -> bytes:
    """The subset, kept in the reports cache: an edit to a card rarely brings a new glyph."""
    # The file's own digest, not its name: a font vendored anew under the same name may move
    # its glyph ids, and a subset of the old file would then draw the wrong glyphs.
    seed = f"{file_digest(path)}:{sorted(glyphs)}"
    digest = hashlib.sha256(seed.encode()).hexdigest()[:32]
    return kept(f"report-font:{digest}", lambda: subset_font(path, set(glyphs)))


def _descriptor_file(descriptor: Dictionary):
    """The repository's font file a part's placeholder names (fontsubset.fonts_named_only), or
    None for a font the part embedded itself (a system font's fallback glyph)."""
    embedded = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
    return known_faces().get(placeholder_name(embedded.read_bytes()) or "")


def _widths(array) -> dict[int, float]:
    """A /W array ([first [w …]] or [first last w]) as {glyph: width}."""
    found, items, i = {}, list(array), 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], Array):
            for offset, width in enumerate(items[i + 1]):
                found[first + offset] = float(width)
            i += 2
        else:
            for glyph in range(first, int(items[i + 1]) + 1):
                found[glyph] = float(items[i + 2])
            i += 3
    return found


def _widths_array(widths: dict[int, float]) -> Array:
    """{glyph: width} as a /W array, a run of consecutive glyphs in one list."""
    result, run_start, run = [], None, []
    for glyph in sorted(widths):
        if run and glyph == run_start + len(run):
            run.append(widths[glyph])
            continue
        if run:
            result += [run_start, Array(run)]
        run_start, run = glyph, [widths[glyph]]
    if run:
        result += [run_start, Array(run)]
    return Array([_number(item) for item in result])


def _number(value):
    if isinstance(value, Array):
        return Array([round(width, 3) if width % 1 else int(width) for width in value])
    return value


BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")


def _unicode_map(cmap: bytes) -> dict[int, str]:
    """The glyph → text pairs of a ToUnicode CMap written by WeasyPrint (bfchar entries)."""
    found = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for glyph, text in BFCHAR.findall(block):
            found[int(glyph, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    return found


def _cmap(to_unicode: dict[int, str]) -> bytes:
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo",
        b"<< /Registry (Adobe)",
        b"/Ordering (UCS)",
        b"/Supplement 0",
        b">> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <ffff>",
        b"endcodespacerange",
    ]
    items = sorted(to_unicode.items())
    for i in range(0, len(items), 100):  # a bfchar block holds at most 100 entries
        batch = items[i : i + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        for glyph, text in batch:
            lines.append(f"<{glyph:04x}> <{text.encode('utf-16-be').hex()}>".encode())
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines)
