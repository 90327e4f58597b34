"""The PDF renderer's process-level choices, checked by what they must not change: fonts kept
between reports still draw each report's own glyphs, also after their temporary copies vanish
or the process forks; an edited print stylesheet is used at once; the garbage collector is back
on after every render; and the outline bullets are text in the PDF and separate, hidden boxes
on the page."""

import gc
import io
import logging
import os
import re
import subprocess

import pypdf
import pytest
from django.template import Context, Template
from PIL import Image

from plans.report import typesetting as renderer
from plans.report.context import plan_report
from plans.report.document import report_html
from plans.report.wordbreak import WORD_JOINER, keep_words_together
from tests.publishing import build_plan, republish


def page_html(body: str) -> str:
    head = '<head><meta charset="utf-8"><title>시험</title></head>'
    return f'<!doctype html><html lang="ko">{head}<body>{body}</body></html>'


def poppler(tool: str, *arguments: str) -> bytes:
    """What a poppler tool writes to stdout. Poppler complains on stderr about a font it cannot
    use (a broken or missing font program), even where the text still extracts."""
    result = subprocess.run([tool, *arguments], capture_output=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b"", result.stderr.decode(errors="replace")
    return result.stdout


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(data)
    return " ".join(poppler("pdftotext", str(path), "-").decode().split())


def assert_drawn(data: bytes, text: str, tmp_path) -> None:
    """The text is in the PDF and its fonts can be drawn: poppler rasterises the first page
    without a complaint, and the page is not blank."""
    assert text in pdf_text(data, tmp_path)
    path = tmp_path / "drawn.pdf"
    path.write_bytes(data)
    png = poppler("pdftoppm", "-f", "1", "-l", "1", "-r", "30", "-gray", "-png", str(path))
    darkest, _ = Image.open(io.BytesIO(png)).convert("L").getextrema()
    assert darkest < 128, "the text is drawn"


def test_reports_rendered_one_after_another_each_draw_their_own_text(tmp_path):
    first = renderer.html_to_pdf(page_html("<p>가나다 첫 보고서</p>"))
    # Glyphs and a weight the first report never used, from the kept fonts.
    second = renderer.html_to_pdf(page_html("<p>쀍뙇 두 번째 보고서 ※ ⇨ <b>굵게</b></p>"))
    assert_drawn(first, "가나다 첫 보고서", tmp_path)
    assert_drawn(second, "쀍뙇 두 번째 보고서 ※ ⇨ 굵게", tmp_path)


def test_fonts_whose_copies_vanished_are_loaded_again(tmp_path):
    renderer.html_to_pdf(page_html("<p>가</p>"))
    folder = renderer._kept._font_folder()
    for path in folder.iterdir():  # what a /tmp cleaner does to a long-lived worker
        path.unlink()
    folder.rmdir()
    data = renderer.html_to_pdf(page_html("<p>뜕 <b>굵은</b> <strong>글씨</strong></p>"))
    assert_drawn(data, "뜕 굵은 글씨", tmp_path)


def test_a_forked_worker_leaves_the_parents_fonts_in_place(tmp_path):
    renderer.html_to_pdf(page_html("<p>가</p>"))
    folder = renderer._kept._font_folder()
    child = os.fork()
    if child == 0:  # the worker: it ends as a recycled gunicorn worker does, atexit included
        try:
            renderer._release_fonts()
            gc.collect()
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    assert folder.is_dir() and any(folder.iterdir())
    data = renderer.html_to_pdf(page_html("<p>뛟 <b>굵게</b></p>"))
    assert_drawn(data, "뛟 굵게", tmp_path)


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


@pytest.mark.django_db
def test_a_render_leaves_no_layout_behind():
    """The collector's one pass at the end of a render frees the whole layout: a layout still
    reachable then would wait for the next collection of an older generation, and a server's
    memory would grow by a report's worth with every render until it came."""
    from weasyprint.formatting_structure.boxes import Box

    html = report_html(plan_report(build_plan(cards=2, published=False)), draft=True)
    renderer.html_to_pdf(html)
    # type(), not isinstance(): isinstance reads __class__, which sets up any lazy object on the
    # heap, such as a finished request's CSP nonce, and that raises.
    assert not [thing for thing in gc.get_objects() if issubclass(type(thing), Box)]


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


@pytest.mark.parametrize(
    ("symbol", "hang"),
    [
        ("○", ""),
        ("□", ""),
        ("※", ""),
        ("-", " hang-dash"),
        ("·", " hang-dot"),
        ("**", " hang-star2"),
    ],
)
def test_a_line_hangs_by_the_width_of_the_symbol_it_prints(symbol, hang):
    assert (
        Template("{% load report %}{{ symbol|hang }}").render(Context({"symbol": symbol})) == hang
    )


@pytest.mark.django_db
def test_the_pdf_prints_each_bullet_before_its_line(tmp_path):
    plan = build_plan(cards=1, published=False)
    card = plan.cards.get()
    card.expected_effects = "- 대시로 적은 효과\n  ** 두 별 주석"
    card.save()
    report = plan_report(plan)
    html = report_html(report, draft=True)
    assert "outline__bullet" not in html
    item = report.main_cards[0].plan_items[0].item.text
    assert f'○\u00a0<span class="outline__text">{item}' in html
    # The symbol typed, not the depth, decides the hanging indent.
    assert '<li class="outline__item outline__item--bullet hang-dash">-\u00a0대시로' in html
    assert '<li class="outline__item outline__item--footnote hang-star2">**\u00a0두 별' in html
    text = pdf_text(renderer.html_to_pdf(html), tmp_path)
    assert f"○ {item}" in text
    assert "- 세부 계획" in text  # the plan item's detail, one level down


@pytest.mark.django_db
def test_the_page_hides_bullets_from_screen_readers_but_reads_the_key_task_numbers(client):
    plan = build_plan(cards=1)
    plan.key_tasks = "① 첫째 역점과제\n② 둘째 역점과제"
    plan.save()
    republish(plan)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert '<span class="outline__bullet" aria-hidden="true">□</span>' in html  # 기구, 인력
    assert '<span class="outline__bullet" aria-hidden="true">○</span>' in html
    assert '<span class="outline__bullet">①</span><span class="outline__text">첫째 역점과제' in html
    assert "\u00a0첫째" not in html


def test_word_joiners_go_inside_korean_words_of_the_body_text_only():
    html = (
        '<html><head><title>보고서 제목</title></head><body class="draft">'
        '<section class="cover"><p class="cover__session">제353회 임시회</p></section>'
        '<p title="속성 > 값">주민자치회 2023년 8기 (인사·조직 인사ㆍ조직) ok &lt;맹동면&gt;</p>'
        "<!-- 주석 > 글 --><style>p::after { content: '가나'; }</style>"
        "<svg><text>그림 글자</text></svg><p>끝말</p></body></html>"
    )
    joined = keep_words_together(html)
    wj = WORD_JOINER
    assert joined.replace(wj, "") == html
    untouched = [
        '<html><head><title>보고서 제목</title></head><body class="draft">',
        '<section class="cover"><p class="cover__session">제353회 임시회</p></section>',
        '<p title="속성 > 값">',
        "<!-- 주석 > 글 --><style>p::after { content: '가나'; }</style>",
        "<svg><text>그림 글자</text></svg>",
    ]
    for markup in untouched:
        assert markup in joined
    assert f"주{wj}민{wj}자{wj}치{wj}회 2023{wj}년 8{wj}기 " in joined
    assert f"(인{wj}사{wj}·{wj}조{wj}직 인{wj}사{wj}ㆍ{wj}조{wj}직) ok" in joined
    assert f"&lt;맹{wj}동{wj}면&gt;" in joined
    assert f"<p>끝{wj}말</p>" in joined


def test_korean_lines_break_between_words_and_a_word_too_long_still_wraps(tmp_path):
    words = ["군민과", "함께하고", "공감하는", "소통행정", "추진으로", "주민자치회를", "활성화"]
    long_word = "가나다라마바사아자차카타파하" * 3
    html = page_html(
        f'<p style="width: 42mm">{" ".join(words)}</p><p style="width: 30mm">{long_word}</p>'
    )
    path = tmp_path / "lines.pdf"
    path.write_bytes(renderer.html_to_pdf(html))
    text = poppler("pdftotext", "-layout", str(path), "-").decode()
    assert WORD_JOINER not in text
    assert "\u2060" not in " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    lines = [line.split() for line in text.splitlines() if line.strip()]
    paragraph = [word for line in lines for word in line if word in words]
    assert paragraph == words, "every word is on a line whole"
    assert len([line for line in lines if line and line[0] in words]) > 1, "the text wrapped"
    cell = [line[0] for line in lines if line and line[0][0] in long_word]
    assert len(cell) > 1 and "".join(cell) == long_word, "the long word wrapped in its box"


def test_weasyprint_understands_every_rule_of_the_print_stylesheet(caplog):
    """WeasyPrint drops a declaration it cannot parse with a warning nobody sees; this is where
    it is seen. word-break: keep-all is the one it ignores on purpose: browsers follow it, and
    the PDF gets word joiners instead (keep_words_together)."""
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        renderer._Typesetting().stylesheets(renderer.REPORT_CSS.read_text(encoding="utf-8"))
    ignored = [record.getMessage() for record in caplog.records]
    assert any("keep-all" in message for message in ignored)
    assert [message for message in ignored if "keep-all" not in message] == []


def test_the_contents_draw_dot_leaders_between_title_and_page(tmp_path):
    html = page_html(
        '<ol class="toc__list"><li class="toc__chapter"><a href="#one">I. 하나</a></li></ol>'
        '<h2 id="one" style="break-before: page">하나</h2>'
    )
    path = tmp_path / "toc.pdf"
    path.write_bytes(renderer.html_to_pdf(html))
    png = poppler("pdftoppm", "-f", "1", "-l", "1", "-r", "60", "-gray", "-png", str(path))
    page = Image.open(io.BytesIO(png)).convert("L")
    width, height = page.size
    # The middle of the line, well clear of the title on the left and the number on the right.
    middle = page.crop((int(width * 0.4), 0, int(width * 0.7), int(height * 0.2)))
    dark = sum(middle.histogram()[:160])
    assert dark > 20, "a row of dots runs between the title and its page number"


@pytest.mark.django_db
def test_long_titles_in_the_contents_keep_their_own_page_numbers(tmp_path):
    """Titles ending anywhere on their line, up to its right end, wrap before the page
    number's column: every number stays beside its own title."""
    plan = build_plan(cards=24, published=False)
    filler = "주민 참여 확대와 소통 강화를 위한 자치 행정 혁신 과제"
    for card in plan.cards.order_by("number"):
        card.title = (filler * 3)[: 50 + card.number].strip()
        card.save()
    path = tmp_path / "long.pdf"
    path.write_bytes(renderer.html_to_pdf(report_html(plan_report(plan), draft=False)))
    # The 목차 of 24 long titles takes pages 2 and 3.
    toc = poppler("pdftotext", "-layout", "-f", "2", "-l", "3", str(path), "-").decode()
    entries, pending = [], []
    for line in toc.splitlines():
        running = line.strip() in ("", plan.department.name) or line.split() == ["목", "차"]
        if running or re.fullmatch(r"\s*-\s*\d+\s*-\s*", line):
            continue
        if found := re.fullmatch(r"\s*(.*?)\s{2,}(\d+)\s*", line):
            entries.append((("".join(pending) + found[1]).replace(" ", ""), int(found[2])))
            pending = []
        else:
            pending.append(line.strip())
    pages = ["".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]
    cards = [(title, page) for title, page in entries if re.match(r"\d+\.", title)]
    assert len(cards) == 24
    for (title, page), card in zip(cards, plan.cards.order_by("number"), strict=True):
        assert title == f"{card.number}.{card.title}".replace(" ", "")
        assert card.title.replace(" ", "") in pages[page - 1], (title, page)
