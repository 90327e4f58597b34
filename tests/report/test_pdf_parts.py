"""The report PDF laid out in parts and assembled (plans.report.parts, plans.report.assembly)
reads as the report laid out in one go: the same text page by page, page numbers running on,
one embedded font per face, the tags of every part in one tree, the bookmarks and 목차 links
to the same pages; an edit to one card lays out that card and the front only."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
import yaml
from django.core.cache import caches
from django.db import transaction
from django.test import override_settings

from plans.exchange.documents import load_plan_document
from plans.models import WorkPlan
from plans.report import parts
from plans.report.context import plan_report
from plans.report.pdf import html_to_pdf, report_html
from plans.report.pdfdoc import named_destinations, outline_tree, page_index
from tests.demo import DEMO
from tests.plans.test_pdf_renderer import poppler

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def laid_out_demo(django_db_setup, django_db_blocker) -> tuple[bytes, bytes, bytes]:
    """The demo plan's report laid out in one go, assembled from its parts laid out in this
    process, and assembled from parts laid out in two processes (once for the module; the
    database is left empty again)."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_plan_document(yaml.safe_load(DEMO.read_text(encoding="utf-8")))
        report = plan_report(WorkPlan.objects.get())
        caches["reports"].clear()
        whole = html_to_pdf(report_html(report, draft=False))
        assembled = parts.assembled_report(report, draft=False)
        caches["reports"].clear()
        with override_settings(REPORT_PDF_PROCESSES=2):
            in_two = parts.assembled_report(report, draft=False)
        transaction.set_rollback(True)
    return whole, assembled, in_two


@pytest.fixture
def demo_pdfs(laid_out_demo) -> tuple[bytes, bytes]:
    return laid_out_demo[:2]


def test_parts_laid_out_in_processes_of_their_own_make_the_same_file(laid_out_demo):
    _, assembled, in_two = laid_out_demo
    assert in_two == assembled


def page_texts(data: bytes, tmp_path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return poppler("pdftotext", "-enc", "UTF-8", str(path), "-").decode().split("\f")


def test_every_page_reads_as_the_report_laid_out_in_one_go(demo_pdfs, tmp_path):
    whole, assembled = demo_pdfs
    expected = page_texts(whole, tmp_path)
    assert page_texts(assembled, tmp_path) == expected
    # The footers run on across the parts: "- 3 -" … on every page after the cover.
    pages = len(expected) - 1  # pdftotext ends the last page with a form feed too
    footers = [re.findall(r"^-\s*(\d+)\s*-$", text, re.M) for text in expected[1:pages]]
    assert footers == [[str(number)] for number in range(2, pages + 1)]


def test_each_face_is_embedded_once(demo_pdfs):
    whole, assembled = demo_pdfs
    faces, files = set(), set()
    with pikepdf.open(io.BytesIO(assembled)) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = font.DescendantFonts[0].FontDescriptor
                embedded = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
                faces.add(str(font.BaseFont))
                files.add(embedded.objgen)
    assert len(files) == len(faces) == 4  # Pretendard GOV, its bold, DejaVu and its bold
    # Close to the one-go file's size (parts embedding their own subsets were 14 times it).
    assert len(assembled) < 1.1 * len(whole)


def _marked_content_ids(page: pikepdf.Page) -> list[int]:
    ids = []
    for operands, operator in pikepdf.parse_content_stream(page):
        properties = operands[1] if str(operator) == "BDC" else None
        if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
            ids.append(int(properties.MCID))
    return ids


def _walk(element, found: dict, annotations: set) -> None:
    """Every marked content (page, MCID) and annotation the structure tree reaches."""
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
    for kid in kids:
        if isinstance(kid, int):
            found.setdefault(element.Pg.objgen, set()).add(kid)
        elif kid.get("/Type") == "/MCR":
            found.setdefault(kid.get("/Pg", element.get("/Pg")).objgen, set()).add(int(kid.MCID))
        elif kid.get("/Type") == "/OBJR":
            annotations.add(kid.Obj.objgen)
        else:
            assert kid.P.objgen == element.objgen
            _walk(kid, found, annotations)


def _tagged_pages(data: bytes) -> list[tuple[list[int], set[int]]]:
    """Each page's marked contents, and those of them the structure tree reaches, after
    checking that the parent tree names an element for each and for each link, whose
    structure element refers back to it."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.StructTreeRoot
        assert [str(kid.S) for kid in root.K] == ["/Document"]
        parents = dict(pikepdf.NumberTree(root.ParentTree).items())
        found, annotations = {}, set()
        _walk(root.K[0], found, annotations)
        pages = []
        for page in pdf.pages:
            ids = _marked_content_ids(page)
            entry = parents[int(page.obj.StructParents)]
            assert all("/S" in entry[mcid] for mcid in ids)
            for annotation in page.obj.get("/Annots", ()):
                assert annotation.objgen in annotations
                assert str(parents[int(annotation.StructParent)].S) == "/Link"
            pages.append((ids, found.get(page.obj.objgen, set())))
        return pages


def test_the_tags_of_every_part_are_one_tree(demo_pdfs):
    whole, assembled = demo_pdfs
    tagged = _tagged_pages(assembled)
    # The tree reaches what it reaches in the one-go file (WeasyPrint leaves the running
    # header and footer out of it there too), and the parts' marked contents are all kept.
    assert tagged == _tagged_pages(whole)
    assert sum(len(reached) for _, reached in tagged) > 20 * len(tagged)
    with pikepdf.open(io.BytesIO(assembled)) as pdf:
        root = pdf.Root.StructTreeRoot
        keys = [int(key) for key, _ in pikepdf.NumberTree(root.ParentTree).items()]
        assert int(root.ParentTreeNextKey) == max(keys) + 1
        assert str(pdf.Root.Lang) == "ko" and pdf.Root.MarkInfo.Marked
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        assert b'pdfuaid:part="1"' in pdf.Root.Metadata.read_bytes()


def _link_pages(data: bytes) -> list[tuple[int, str, int]]:
    """Each 목차 link: its page, the destination it names and the page that destination is."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        named = named_destinations(pdf)
        return [
            (index, str(link.Dest), page_index(pdf, named[str(link.Dest)]))
            for index, page in enumerate(pdf.pages)
            for link in page.obj.get("/Annots", ())
        ]


def test_bookmarks_and_toc_links_lead_to_the_same_pages(demo_pdfs):
    whole, assembled = demo_pdfs
    with pikepdf.open(io.BytesIO(whole)) as one, pikepdf.open(io.BytesIO(assembled)) as joined:
        expected = outline_tree(one)
        assert outline_tree(joined) == expected
    chapter_4 = next(children for title, _, children in expected if title.startswith("IV."))
    # The cards, each from a part of its own, under chapter IV in order.
    numbers = [title.split()[0] for title, _, _ in chapter_4]
    assert len(numbers) > 1 and numbers == [str(n) for n in range(1, len(numbers) + 1)]
    links = _link_pages(assembled)
    assert links == _link_pages(whole)
    assert {page for page, _, _ in links} == {1}  # the 목차's page


def test_an_edit_to_one_card_lays_out_that_card_and_the_front(demo_plan, monkeypatch):
    caches["reports"].clear()
    laid_out = []
    real = parts.renderer.html_to_pdf

    def counted(html, **options):
        laid_out.append(html)
        return real(html, **options)

    monkeypatch.setattr(parts.renderer, "html_to_pdf", counted)
    first = parts.assembled_report(plan_report(demo_plan), draft=True)
    card = demo_plan.cards.order_by("number")[3]
    assert len(laid_out) == len(parts.body_parts(plan_report(demo_plan))) + 1
    laid_out.clear()
    card.title = f"{card.title} 보완"
    card.save(update_fields=["title"])
    second = parts.assembled_report(plan_report(demo_plan), draft=True)
    assert len(laid_out) == 2
    assert 'class="toc"' in laid_out[1] and card.title in laid_out[0]
    assert first != second


@pytest.mark.parametrize("cards", [0, 2])
def test_a_chapter_after_an_empty_one_is_laid_out_with_it(cards, tmp_path):
    """Without 정책방향 (III) chapter IV follows III on its page, and without cards V follows
    IV: the part holding the empty chapter holds what follows it on the page."""
    from tests.publishing import build_plan

    report = plan_report(build_plan(cards=cards, published=False))
    assert not report.has_policy
    assert len(parts.body_parts(report)) == max(1, cards)
    whole = html_to_pdf(report_html(report, draft=True))
    assert page_texts(parts.assembled_report(report, draft=True), tmp_path) == page_texts(
        whole, tmp_path
    )


def test_a_character_no_portal_font_draws_keeps_its_system_font(demo_plan, tmp_path):
    """㉿ is in neither Pretendard GOV nor DejaVu Sans: it comes from a system font, which the
    part embeds itself (nothing can subset it again from the repository), beside the portal's
    faces embedded once."""
    caches["reports"].clear()
    card = demo_plan.cards.order_by("number")[0]
    card.title = f"{card.title} ㉿"
    card.save(update_fields=["title"])
    assembled = parts.assembled_report(plan_report(demo_plan), draft=True)
    assert "㉿" in "".join(page_texts(assembled, tmp_path))
    portal, other = set(), set()
    with pikepdf.open(io.BytesIO(assembled)) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                base = str(font.BaseFont).split("+")[-1]
                (portal if "Pretendard" in base or "Report-Symbols" in base else other).add(base)
    assert other, "㉿ drawn with a portal font"
    assert "Pretendard-GOV" in portal


def test_a_footer_read_whatever_way_its_glyphs_are_grouped():
    """WeasyPrint writes a kerning number only where it is not zero, so a footer's glyphs may
    stand one string each or several to a string."""
    from plans.report.pagenumbers import _glyph_ids

    assert _glyph_ids(b"<0010>0<0005>-12.5<0011>") == [0x10, 0x05, 0x11]
    assert _glyph_ids(b"<001000050011>") == [0x10, 0x05, 0x11]
    assert _glyph_ids(b"<0010>-0.5<00050011>3") == [0x10, 0x05, 0x11]


def test_each_toc_link_is_described_by_its_entrys_words(demo_pdfs, tmp_path):
    _, assembled = demo_pdfs
    with pikepdf.open(io.BytesIO(assembled)) as pdf:
        described = {
            str(link.Dest): str(link.Contents)
            for page in pdf.pages
            for link in page.obj.get("/Annots", ())
        }
    toc_page = page_texts(assembled, tmp_path)[1]
    # A 목차 line: the entry's words, a leader of dots, its page number.
    lines = {
        " ".join(re.sub(r"[.·…\s]*\d+\s*$", "", line).split())
        for line in toc_page.splitlines()
        if line.strip()
    }
    assert len(described) > 1
    assert set(described.values()) <= lines
    assert described["card-main-3"].startswith("3.")


def test_a_front_going_back_and_forth_between_two_lengths_keeps_the_longer(monkeypatch):
    """With its numbers counted from a front of 2 pages the 목차 takes 3, and from 3 pages it
    takes 2 (a wider number moving an entry): the front keeps 3 pages, the third blank."""
    caches["reports"].clear()
    laid_out = []

    def lay_out(front_parts):
        (front,) = front_parts
        first_page = int(re.search(r'data-page="(\d+)"', front.html).group(1))
        front.pages = (3 if first_page == 3 else 2) + front.html.count(parts.BLANK_PAGE)
        laid_out.append((first_page, front.pages))

    monkeypatch.setattr(parts, "_lay_out", lay_out)
    body = [parts.Part("<p>I</p>", pages=4, anchors={"intro": 0})]
    html = '<html><body><a href="#intro">Ⅰ. 일반현황</a></body></html>'
    front = parts._front(html, body, toc_entries=1)
    assert front.pages == 3
    assert front.html.count(parts.BLANK_PAGE) == 1
    assert 'data-page="4"' in front.html  # the body starts after the front's three pages
    assert laid_out == [(3, 3), (4, 2), (4, 3)]
    # The next time only the length is known: the blank page is found again, not assumed, as a
    # body of other lengths may not need it (a real layout reads those rounds from its cache).
    laid_out.clear()
    again = parts._front(html, body, toc_entries=1)
    assert (again.pages, again.html.count(parts.BLANK_PAGE)) == (3, 1)
    assert laid_out == [(4, 2), (3, 3), (4, 2), (4, 3)]
    laid_out.clear()
    longer_body = [parts.Part("<p>I</p>", pages=4, anchors={"intro": 1})]
    assert parts._front(html, longer_body, toc_entries=1).html.count(parts.BLANK_PAGE) == 0


def test_a_blank_page_is_one_more_page():
    html = (
        '<html><body><section class="toc"><a href="#intro">Ⅰ. 일반현황</a></section></body></html>'
    )
    plain, padded = parts.lay_out_run(
        [
            (parts.front_html_with_pages(html, {"intro": 3}), None),
            (parts.front_html_with_pages(html, {"intro": 3}, blank_pages=1), None),
        ]
    )
    with pikepdf.open(io.BytesIO(plain)) as one, pikepdf.open(io.BytesIO(padded)) as two:
        assert len(two.pages) == len(one.pages) + 1


def test_a_toc_links_words_are_read_as_printed():
    front = '<a href="#card-main-1"><span>1.</span> R&amp;D 지원 &#x27;시범&#x27;</a>'
    assert parts.toc_link_texts(front) == {"card-main-1": "1. R&D 지원 '시범'"}
