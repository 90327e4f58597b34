"""The PDF renderer's process-level choices, checked by what they must not change: fonts kept
between reports still embed each report's own glyphs, an edited print stylesheet is used at
once, the garbage collector is back on after every render, and the outline bullets are text in
the PDF and separate, hidden boxes on the page."""

import gc
import io
import subprocess

import pytest
from django.template import Context, Template

from plans.reports import pdf as renderer
from plans.selectors import plan_report
from tests.plans.test_public_pages import build_plan

pypdf = pytest.importorskip("pypdf")


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.split())


def embedded_fonts(data: bytes, tmp_path) -> list[str]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    lines = rows.stdout.splitlines()[2:]
    assert all(line.split()[-5] == "yes" for line in lines), lines
    return [line.split()[0] for line in lines]


def page_html(body: str) -> str:
    head = '<head><meta charset="utf-8"><title>시험</title></head>'
    return f'<!doctype html><html lang="ko">{head}<body>{body}</body></html>'


def test_reports_rendered_one_after_another_each_embed_their_own_text(tmp_path):
    first = renderer.html_to_pdf(page_html("<p>가나다 첫 보고서</p>"))
    second = renderer.html_to_pdf(page_html("<p>쀍뙇 두 번째 보고서 ※ ⇨</p>"))
    assert "가나다 첫 보고서" in pdf_text(first, tmp_path)
    # Glyphs the first report never used are in the second one's font subsets.
    assert "쀍뙇 두 번째 보고서 ※ ⇨" in pdf_text(second, tmp_path)
    assert embedded_fonts(second, tmp_path)


def test_an_edited_print_stylesheet_is_laid_out_at_once(tmp_path, monkeypatch):
    stylesheet = tmp_path / "report.css"
    stylesheet.write_text(renderer.REPORT_CSS.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(renderer, "REPORT_CSS", stylesheet)
    html = page_html("<p>쪽 크기</p>")

    def page_size() -> tuple[int, int]:
        box = pypdf.PdfReader(io.BytesIO(renderer.html_to_pdf(html))).pages[0].mediabox
        return round(float(box.width)), round(float(box.height))

    assert page_size() == (595, 842)  # A4
    before = renderer.content_version(html)
    stylesheet.write_text(stylesheet.read_text() + "\n@page { size: A5; }", encoding="utf-8")
    assert page_size() == (420, 595)  # A5
    assert renderer.content_version(html) != before


def test_the_garbage_collector_is_on_again_after_a_render(monkeypatch):
    assert gc.isenabled()
    renderer.html_to_pdf(page_html("<p>가</p>"))
    assert gc.isenabled()

    class Broken:
        def __init__(self, **kwargs):
            assert not gc.isenabled(), "the layout runs with the collector paused"
            raise RuntimeError("layout failed")

    monkeypatch.setattr("weasyprint.HTML", Broken)
    with pytest.raises(RuntimeError):
        renderer.html_to_pdf(page_html("<p>가</p>"))
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off():
    gc.disable()
    try:
        renderer.html_to_pdf(page_html("<p>가</p>"))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_bullets_are_hidden_boxes_on_the_page_and_text_in_the_pdf():
    template = Template('{% load report %}{% bullet_mark "○" %}{% bullet_mark "①" spoken=True %}')
    assert template.render(Context({})) == (
        '<span class="outline__bullet" aria-hidden="true">○</span>'
        '<span class="outline__bullet">①</span>'
    )
    assert template.render(Context({"for_print": True})) == "○\u00a0①\u00a0"


@pytest.mark.django_db
def test_the_pdf_prints_each_bullet_before_its_line(tmp_path):
    plan = build_plan(cards=1, published=False)
    report = plan_report(plan)
    html = renderer.report_html(report, draft=True)
    assert "outline__bullet" not in html
    text = pdf_text(renderer.html_to_pdf(html), tmp_path)
    card = report.main_cards[0]
    assert f"○ {card.plan_items[0].item.text}" in text
    assert "- 세부 계획" in text  # the plan item's detail, one level down
