"""The PDF writer's list of page references, built once per page added instead of once per use.

WeasyPrint's tagging (PDF/UA-1) asks pydyf for ``pdf.page_references[page]`` for every
structure element it writes, and pydyf builds that tuple anew from all the pages on each call:
the work grows with the elements times the pages, so with the square of a plan's cards. Measured
on the synthetic plans of bench/pdf.py (function calls of one render, which do not drift with
the machine): 0.22 million a card from 9 to 30 cards, 0.26 million from 60 to 120, the tuple's
building alone 2.6 million calls at 120 cards, as many as 12 cards' whole layout (README, The
session report PDF). Keeping the tuple until a page is added gives the same references and the
same bytes."""

from __future__ import annotations

import pydyf

_CACHE = "_report_page_references"


def _page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    """pydyf's ``page_references``, kept on the PDF while its page list is the same list of the
    same length (pydyf only ever extends it, by ``add_page``)."""
    kids = pdf.pages["Kids"]
    kept = pdf.__dict__.get(_CACHE)
    if kept is None or kept[0] is not kids or kept[1] != len(kids):
        references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
        kept = (kids, len(kids), references)
        pdf.__dict__[_CACHE] = kept
    return kept[2]


def keep_page_references() -> None:
    """Give pydyf's PDF the kept page references; calling it again changes nothing."""
    pydyf.PDF.page_references = property(_page_references)
