"""The session report PDF of the demo plan, read back as a council clerk's printer and a
member citing page numbers would: pages, 목차, figures, fonts, metadata."""

import io
import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from django.core.management import call_command
from django.db import transaction

from plans.models import WorkPlan
from plans.report.context import plan_report
from plans.report.pdf import html_to_pdf, report_html
from plans.report.wordbreak import WORD_JOINER
from tests.seed import missing_figures, requires_seed

# The module's fixture reads the database: this marks it as needed even when the file runs
# alone (pytest-django sets up only the databases that marked tests ask for).
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_pdf(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """The demo plan's PDF, rendered once for the module; the data is rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        report = plan_report(WorkPlan.objects.get(department__slug="자치행정과", year=2023))
        data = html_to_pdf(report_html(report, draft=False))
        transaction.set_rollback(True)
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def pages(demo_pdf) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(demo_pdf.read_bytes()))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@pytest.fixture(scope="module")
def toc(demo_pdf) -> list[tuple[str, int]]:
    """(title, page) pairs from the 목차 page as poppler lays it out: a line per entry, the
    title on the left and its page number at the right margin (the dots are drawing, not
    text)."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-f", "2", "-l", "2", str(demo_pdf), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    lines = result.stdout.splitlines()
    assert any(line.split() == ["목", "차"] for line in lines), "the 목차 is page 2"
    entries = []
    for line in lines:
        if found := re.fullmatch(r"\s*((?:[IV]+|\d+)\. .+?)\s{2,}(\d+)\s*", line):
            entries.append((found[1], int(found[2])))
    return entries


def test_cover_then_contents_then_chapters(pages, demo_pdf):
    cover = pages[0].replace(" ", "")
    assert "제353회임시회" in cover
    assert "자치행정과" in cover
    assert "2023. 2. 16. ~ 2. 23." in pages[0]
    assert "목 차" in pages[1]
    # The letter-spaced session line reads as written (no word joiners spaced apart in it).
    cover = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(demo_pdf), "-"], capture_output=True, text=True
    ).stdout
    assert "제353회 임시회" in cover


def test_bookmarks_are_the_headings_as_written(demo_pdf):
    """The outline a reader navigates by: chapters, then their task cards, in plain text (no
    word joiners from the layout, which a search of the bookmarks would trip over)."""

    def titles(outline) -> list:
        return [titles(item) if isinstance(item, list) else item.title for item in outline]

    outline = titles(pypdf.PdfReader(str(demo_pdf)).outline)
    flat = [title for item in outline for title in (item if isinstance(item, list) else [item])]
    assert "I. 일반현황" in flat
    assert any("공정, 투명, 공감하는 인사·조직문화 실현" in title for title in flat)
    assert not [title for title in flat if WORD_JOINER in title]


def test_contents_page_numbers_are_the_pages_the_headings_are_printed_on(pages, toc):
    titles = [title for title, _ in toc]
    assert titles[:4] == [
        "I. 일반 현황",
        "II. 2022년 주요성과",
        "III. 2023년 정책방향",
        "IV. 2023년 주요업무계획",
    ]
    assert len(toc) == 4 + 8 + 1 + 1  # four chapters, eight cards, V and its card
    for title, page in toc:
        printed = pages[page - 1].replace(" ", "")
        heading = re.sub(r"^(?:[IV]+|\d+)\.", "", title).replace(" ", "")
        assert heading.replace("일반현황", "일반현황") in printed, (title, page)


def title_position(page, title: str) -> float | None:
    """How far down the page (0 = top, 1 = bottom) the first text of ``title`` is drawn."""
    height = float(page.mediabox.height)
    found: list[float] = []

    def visit(text, cm, tm, font_dict, font_size):
        if not found and text.strip() and text.strip() in title:
            # Text space → page space: y = tm.e·cm.b + tm.f·cm.d + cm.f (PDF origin bottom-left).
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append(1 - y / height)

    page.extract_text(visitor_text=visit)
    return found[0] if found else None


def test_every_card_starts_at_the_top_of_a_new_page(demo_pdf, pages, toc):
    reader = pypdf.PdfReader(str(demo_pdf))
    cards = [(title, page) for title, page in toc if re.match(r"\d+\.", title)]
    assert len(cards) == 9
    for title, page in cards:
        name = title.split(". ", 1)[1]
        assert name.replace(" ", "") in pages[page - 1].replace(" ", ""), (title, page)
        position = title_position(reader.pages[page - 1], name)
        assert position is not None, title
        # The title sits in the top quarter: at most a chapter title is above it, so a card
        # never starts mid-page.
        assert position < 0.25, (title, page, position)
        assert pages[page - 1].rstrip().endswith(f"- {page} -"), "page number in the footer"


@requires_seed
def test_every_seed_figure_is_in_the_pdf(pages):
    assert missing_figures(" ".join(pages)) == []


def test_fonts_are_the_bundled_ones_and_all_embedded(demo_pdf):
    result = subprocess.run(["pdffonts", str(demo_pdf)], capture_output=True, text=True, check=True)
    rows = result.stdout.splitlines()[2:]
    assert rows, "the report uses fonts"
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert emb == "yes", row
        assert re.match(r"[A-Z]{6}\+(Pretendard-GOV|Report-Symbols)", name), row


def test_metadata_names_the_plan_department_and_session(demo_pdf):
    reader = pypdf.PdfReader(str(demo_pdf))
    info = reader.metadata
    assert info.title == "2023년 자치행정과 주요업무계획"
    assert info.author == "음성군 행정복지국 자치행정과"
    assert "제353회 임시회" in info.subject
    root = reader.trailer["/Root"]
    assert root.get("/Lang") == "ko"
    assert root["/MarkInfo"]["/Marked"]  # tagged (PDF/UA-1) for screen readers
    assert "/StructTreeRoot" in root


def test_poppler_opens_the_file_without_complaint(demo_pdf):
    for command in (["pdfinfo", str(demo_pdf)], ["pdftotext", "-layout", str(demo_pdf), "-"]):
        result = subprocess.run(command, capture_output=True, text=True)
        assert result.returncode == 0
        assert result.stderr == ""
    info = subprocess.run(["pdfinfo", str(demo_pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
