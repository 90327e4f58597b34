"""The PDF writer's page references are built once per page added, not once per structure
element that names its page (plans.report.pagerefs): the same references, each page's own, in
order, and anew after a page is added."""

import io

import pydyf
import pypdf

from plans.report import typesetting as renderer  # installs the kept references, as a server does


def references_built_from_scratch(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    return tuple(f"{number} 0 R".encode("ascii") for number in pdf.pages["Kids"][::3])


def add_page(pdf: pydyf.PDF) -> None:
    pdf.add_page(pydyf.Dictionary({"Type": "/Page", "Parent": pdf.pages.reference}))


def test_the_references_are_kept_until_a_page_is_added():
    pdf = pydyf.PDF()
    for _ in range(3):
        add_page(pdf)
    kept = pdf.page_references
    assert kept == references_built_from_scratch(pdf)
    assert len(kept) == 3
    assert pdf.page_references is kept, "looked up again, the same tuple"
    add_page(pdf)
    assert pdf.page_references == references_built_from_scratch(pdf)
    assert len(pdf.page_references) == 4


def test_each_pdf_keeps_its_own_references():
    first, second = pydyf.PDF(), pydyf.PDF()
    add_page(first)
    add_page(second)
    add_page(second)
    assert first.page_references == references_built_from_scratch(first)
    assert second.page_references == references_built_from_scratch(second)
    assert len(first.page_references) == 1 and len(second.page_references) == 2


def test_tagged_headings_name_the_pages_they_are_printed_on():
    """Structure elements of a three-page tagged report point at their own page."""
    body = "".join(
        f'<h2 style="break-before: page">{number}쪽 제목</h2><p>{number}쪽 본문</p>'
        for number in (1, 2, 3)
    )
    html = (
        f'<!doctype html><html lang="ko"><head><title>쪽</title></head><body>{body}</body></html>'
    )
    reader = pypdf.PdfReader(io.BytesIO(renderer.html_to_pdf(html)))
    pages = [page.indirect_reference.idnum for page in reader.pages]
    headings = []

    def visit(element) -> None:
        element = element.get_object()
        if element.get("/S") == "/H2":
            headings.append(element.raw_get("/Pg").idnum)
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, (pypdf.generic.IndirectObject, pypdf.generic.DictionaryObject)):
                visit(kid)

    visit(reader.trailer["/Root"]["/StructTreeRoot"])
    assert headings == pages
