"""Reading and writing the parts of PDFs the portal joins (the session booklet and the report
assembled from its parts): links, destinations and outlines, with pikepdf."""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf


def page_destination(pdf: Pdf, index: int, left=None, top=None) -> Array:
    """An explicit destination: page ``index`` of ``pdf``, at (left, top) or its top."""
    return Array([pdf.pages[index].obj, Name.XYZ, left, top, 0])


def links(pages):
    for page in pages:
        for annotation in page.obj.get("/Annots", ()):
            if annotation.get("/Subtype") == Name.Link:
                yield annotation


def named_destinations(source: Pdf) -> dict[str, Array]:
    names = source.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    found = {}
    for name, target in pikepdf.NameTree(names.Dests).items():
        found[str(name)] = target.get("/D") if isinstance(target, Dictionary) else target
    return found


def page_index(source: Pdf, target: Array) -> int | None:
    """The page of ``source`` a destination array points at."""
    try:
        return source.pages.index(pikepdf.Page(target[0]))
    except (ValueError, TypeError, IndexError):
        return None


def outline_tree(source: Pdf) -> list[tuple]:
    """The file's bookmarks as (title, page index, children)."""
    with source.open_outline() as outline:
        return _outline_tree(source, outline.root, named_destinations(source))


def _outline_tree(source: Pdf, items, named: dict[str, Array]) -> list[tuple]:
    tree = []
    for item in items:
        target = item.destination
        if target is None and item.action is not None:
            target = item.action.get("/D")
        if isinstance(target, (pikepdf.String, Name)) or (
            target is not None and not isinstance(target, Array)
        ):
            target = named.get(str(target))
        page = page_index(source, target) if target is not None else None
        if page is not None:
            tree.append((str(item.title), page, _outline_tree(source, item.children, named)))
    return tree


def outline_items(tree, offset: int) -> list:
    """Outline items of a (title, page index, children) tree, the pages moved by ``offset``."""
    items = []
    for title, page, children in tree:
        item = pikepdf.OutlineItem(title, offset + page)
        item.children.extend(outline_items(children, offset))
        items.append(item)
    return items
