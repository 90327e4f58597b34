"""The demo plan's session report as a 한글 file, checked without 한글: python-hwpx's own
validator, and a reader of the tests' own (tests.report.owpml) that finds every figure of the
report, every table with its size and merged cells, the 목차 field, and the chapters and cards
in the order the PDF prints them."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from personnel.models import StaffProfile
from plans.models import WorkPlan
from plans.report import hwpx as renderer
from plans.report.context import PlanReport, plan_report
from plans.report.hwpx import CONTENT_TYPE, render_layout, report_hwpx, report_layout
from plans.report.pdf import html_to_pdf, report_html
from plans.rules import figures
from tests.report import owpml
from tests.seed import missing_figures, requires_seed

pytestmark = pytest.mark.django_db


@dataclass
class Demo:
    report: PlanReport
    hwpx: bytes
    pdf: Path


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Demo:
    """The demo plan's report context, 한글 file and PDF, made once for the module; the data
    is rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        report = plan_report(WorkPlan.objects.get(department__slug="자치행정과", year=2023))
        data = render_layout(report_layout(report, draft=False))
        pdf = html_to_pdf(report_html(report, draft=False))
        transaction.set_rollback(True)
    path = tmp_path_factory.mktemp("hwpx") / "report.pdf"
    path.write_bytes(pdf)
    return Demo(report, data, path)


@pytest.fixture(scope="module")
def package(demo) -> owpml.Package:
    return owpml.read(demo.hwpx)


def test_python_hwpx_validates_the_file_and_opens_it_again(demo):
    from hwpx import HwpxDocument
    from hwpx.tools.package_validator import validate_package

    report = validate_package(io.BytesIO(demo.hwpx))
    assert [issue for issue in report.issues if issue.level == "error"] == []
    document = HwpxDocument.open(demo.hwpx)
    try:
        assert document.validate().issues == ()
        texts = [paragraph.text for paragraph in document.paragraphs]
    finally:
        document.close()
    assert "자치행정과" in texts


def test_the_package_is_hwpx_and_names_the_plan(demo, package):
    assert demo.hwpx.startswith(b"PK")
    assert package.members["mimetype"] == CONTENT_TYPE.encode()
    content = package.members["Contents/content.hpf"].decode()
    assert "<opf:title>2023년 자치행정과 주요업무계획</opf:title>" in content
    assert "음성군 행정복지국 자치행정과" in content
    assert "제353회 임시회" in content


def test_the_same_report_gives_the_same_bytes(demo):
    assert render_layout(report_layout(demo.report, draft=False)) == demo.hwpx


def test_the_cover_comes_first(package):
    cover = [text for _, text in package.paragraphs[:6]]
    assert cover == [
        "행정복지국",
        "제353회 임시회",
        "2023. 2. 16. ~ 2. 23.",
        "보고일 2023. 2. 16.(목)",
        "자치행정과",
        "2023년 주요업무계획",
    ]


def test_the_contents_is_hanguls_own_field_rebuilt_on_opening(demo, package):
    """한글 rebuilds a dirty TABLEOFCONTENTS field, pages included, when it opens the file;
    until then its entries are the chapter and card titles."""
    fields = [field for field in package.fields if field.get("type") == "TABLEOFCONTENTS"]
    assert len(fields) == 1
    assert fields[0].get("dirty") == "1"
    command = "".join(fields[0].itertext())
    assert "TableOfContents:set" in command and "ContentsLevel:int:2" in command
    entries = [text for style, text in package.paragraphs if "\t" in text and style == "바탕글"]
    titles = [text.split("\t")[0] for text in entries]
    assert titles == chapter_and_card_titles(demo.report)
    assert all(re.fullmatch(r"\d+", text.split("\t")[1]) for text in entries)
    links = [field for field in package.fields if field.get("type") == "HYPERLINK"]
    assert len(links) == len(titles)


def chapter_and_card_titles(report: PlanReport) -> list[str]:
    year = report.plan.year
    titles = ["I. 일반현황", f"II. {year - 1}년 주요성과", f"III. {year}년 정책방향"]
    titles.append(f"IV. {year}년 주요업무계획")
    titles += [f"{view.card.number}. {view.card.title}" for view in report.main_cards]
    if report.special_cards:
        titles.append("V. 특수시책")
        titles += [f"{view.card.number}. {view.card.title}" for view in report.special_cards]
    return titles


def test_chapters_and_cards_are_outline_titles_in_the_pdfs_order(demo, package):
    titles = [text for style, text in package.paragraphs if style in ("개요 1", "개요 2")]
    assert titles == chapter_and_card_titles(demo.report)
    pdf = subprocess.run(
        ["pdftotext", "-f", "3", str(demo.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    squashed = "".join(pdf.split())
    positions = []
    for title in titles:
        heading = "".join(re.sub(r"^(?:[IV]+|\d+)\.", "", title).split())
        position = squashed.find(heading, positions[-1] + 1 if positions else 0)
        assert position >= 0, title
        positions.append(position)
    assert positions == sorted(positions)


def test_every_chapter_and_card_starts_a_new_page(demo, package):
    """The 목차 and every chapter open a page; a chapter's first card follows its title, and
    every other card opens a page, with its 사업구분 line where it has one (as in the PDF)."""
    report = demo.report

    def openers(views) -> list[str]:
        return [
            f"사업구분 {', '.join(view.kinds)}"
            if view.kinds
            else f"{view.card.number}. {view.card.title}"
            for view in views[1:]
        ]

    expected = ["목 차", *chapter_and_card_titles(report)[:4], *openers(report.main_cards)]
    if report.special_cards:
        expected += ["V. 특수시책", *openers(report.special_cards)]
    assert package.page_starts == expected


def test_the_outline_is_paragraph_styles_with_hanging_indents(demo, package):
    styles = {style for style, _ in package.paragraphs}
    assert {"개조식 □", "개조식 ○", "개조식 -", "개조식 ※", "개조식 ○ 자료"} <= styles
    # A line's style is its symbol's; a symbol without a style of its own (▶, ①, ▣) takes
    # the style of its depth.
    hierarchy = {"□", "○", "-", "·", "※"}
    for style, text in package.paragraphs:
        if style.startswith("개조식") and style != "개조식 ○ 자료":
            symbol = text.split(" ", 1)[0]
            assert symbol == style.split()[1] or symbol not in hierarchy, (style, text)
    header = package.members["Contents/header.xml"].decode()
    # A hanging indent (내어쓰기): a negative first-line indent in the bullets' shapes.
    assert re.search(r'<hc:intent value="-\d+"', header)
    for font in ("HY헤드라인M", "함초롬바탕", "맑은 고딕", "함초롬돋움"):
        assert f'face="{font}"' in header


def test_the_department_runs_at_the_top_and_page_numbers_at_the_bottom(package):
    assert "자치행정과" in package.header_texts
    assert "autoNum" in package.footer_controls and "pageNum" in package.footer_controls
    section = package.members["Contents/section0.xml"].decode()
    assert 'hideFirstHeader="true"' in section and 'hideFirstFooter="true"' in section


def report_figures(report: PlanReport) -> set[str]:
    """Every figure the report context prints, as printed."""
    number = figures.format_number
    printed = {number(report.staffing.authorized), number(report.staffing.current)}
    for row in [report.staffing.total, *report.staffing.rows]:
        printed |= {number(row.total), *(number(value) for value in row.cells if value)}
    budget = report.budget
    for row in [budget.total, *budget.rows]:
        printed |= {number(row.current), number(row.previous), str(row.change)}
    printed.add(figures.format_percent(budget.county_share))
    for view in report.cards:
        if view.funding:
            printed.add(view.funding_total_text)
            for row in [view.funding.total, *view.funding.rows]:
                printed |= {number(row.total), *(number(value) for value in row.periods)}
        for officer in view.contacts:
            printed.add(officer.phone)
    return printed - {"-"}


def test_every_figure_of_the_report_context_is_in_the_file(demo, package):
    text = package.text()
    assert [figure for figure in sorted(report_figures(demo.report)) if figure not in text] == []


@requires_seed
def test_every_seed_figure_is_in_the_file(package):
    assert missing_figures(package.text()) == []


def test_every_table_with_its_size_and_merged_header_cells(demo, package):
    report = demo.report
    tables = package.tables
    cards_with_funding = [view for view in report.cards if view.funding]
    steps = sum(1 for view in report.cards for entry in view.plan_items if entry.steps)
    expected = 3 + 1 + len(cards_with_funding) + steps + len(report.cards)
    assert len(tables) == expected

    staffing = tables[0]
    columns = 2 + sum(cell.colspan for cell in report.staffing.header_top)
    assert (staffing.rows, staffing.cols) == (2 + 1 + len(report.staffing.rows), columns)
    assert (staffing.at(0, 0).text, staffing.at(0, 0).rowspan) == ("구 분", 2)
    column = 2
    for top in report.staffing.header_top:
        cell = staffing.at(0, column)
        assert (cell.text, cell.rowspan, cell.colspan) == (top.label, top.rowspan, top.colspan)
        column += top.colspan
    general = next(cell for cell in staffing.cells if cell.text == "일반직")
    assert general.colspan == 7  # 소계 and 4급 … 9급
    bottom = [cell.text for cell in staffing.cells if cell.row == 1]
    assert bottom == [cell.label for cell in report.staffing.header_bottom]
    assert staffing.at(2, 1).text == figures.format_number(report.staffing.total.total)

    functions = tables[1]
    assert (functions.rows, functions.cols) == (len(report.teams), 2)
    budget = tables[2]
    assert (budget.rows, budget.cols) == (2 + len(report.budget.rows), 4)
    assert budget.at(1, 3).text == str(report.budget.total.change)
    goal = tables[3]
    assert (goal.rows, goal.cols) == (2, 1) and goal.at(1, 0).text == report.plan.policy_goal

    contacts = [table for table in tables if table.cells[0].text == "부서/팀"]
    assert len(contacts) == len(report.cards)
    for table, view in zip(contacts, report.cards, strict=True):
        officers = len(view.contacts)
        assert (table.rows, table.cols) == (max(officers, 1), 6 if officers else 2)
        if officers:
            assert table.at(0, 0).rowspan == officers
            assert table.at(0, 1).text == f"{view.card.department_name}/ {view.card.team_name}"
            names = [cell.text for cell in table.cells if cell.col == 3]
            assert names == [f"{o.position} {o.name}" for o in view.contacts]

    funding = [table for table in tables if table.cols == 6 and table.at(0, 1).text == "계"]
    assert len(funding) == len(cards_with_funding)
    for table, view in zip(funding, cards_with_funding, strict=True):
        rows = len(view.funding.rows) + (1 if view.funding.shows_total_row else 0)
        assert (table.rows, table.cols) == (1 + rows, 6)
        assert [cell.text for cell in table.cells if cell.row == 0][2:5] == list(
            view.funding.period_labels
        )


def test_unit_captions_stand_above_their_tables(demo, package):
    captions = [text for style, text in package.paragraphs if style == "표 제목"]
    assert "팀별·직급별 인력 현황 (2023년, 단위: 명)" in captions
    assert f"팀별 예산 2023년과 2022년 비교\t{demo.report.budget.caption}" in captions
    for view in demo.report.cards:
        if view.funding:
            assert f"{view.card.title} 소요예산\t(단위: {view.funding.unit})" in captions


def test_schedules_stand_after_a_tab_at_the_end_of_their_line(demo, package):
    lines = {text for _, text in package.paragraphs}
    for view in demo.report.cards:
        for item in view.progress:
            if item.schedule:
                assert f"○ {item.text}\t{item.schedule}" in lines
        for entry in view.plan_items:
            tail = ", ".join(part for part in (entry.item.target, entry.item.schedule) if part)
            assert (f"○ {entry.item.text}\t{tail}" if tail else f"○ {entry.item.text}") in lines


# ---------------------------------------------------------------------------------------------
# Downloads


@pytest.fixture
def demo_plan():
    call_command("load_demo", verbosity=0)
    return WorkPlan.objects.get(department__slug="자치행정과", year=2023)


def test_the_plan_page_links_the_hwpx_beside_pdf_and_excel(client, demo_plan):
    html = client.get(demo_plan.get_absolute_url()).content.decode()
    url = reverse("plans:report_hwpx", args=[2023, "자치행정과"])
    assert url in html and 'type="application/hwp+zip"' in html
    assert html.index("report.pdf") < html.index("report.xlsx") < html.index("report.hwpx")


def test_each_edition_serves_its_hwpx_with_a_korean_file_name(client, demo_plan):
    version = demo_plan.public_version
    for url in (
        reverse("plans:report_hwpx", args=[2023, "자치행정과"]),
        reverse("plans:version_hwpx", args=[2023, "자치행정과", version.number]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/hwp+zip"
        name = "2023년_자치행정과_주요업무계획(제353회_임시회).hwpx"
        assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
        assert response.content == bytes(version.hwpx)
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304


def test_the_preview_hwpx_is_for_staff_and_marked_draft(client, demo_plan):
    url = reverse("plans:preview_hwpx", args=[2023, "자치행정과"])
    assert client.get(url).status_code == 404
    user = User.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_workplan"))
    StaffProfile.objects.create(user=user, team=demo_plan.cards.first().team)
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "자치행정과 (초안)" in owpml.read(response.content).header_texts


def test_publishing_stores_the_hwpx_with_the_version(demo_plan):
    version = demo_plan.public_version
    stored = owpml.read(bytes(version.hwpx))
    assert stored.paragraphs[4] == ("표지 과", "자치행정과")
    data, _ = report_hwpx(plan_report(demo_plan), draft=False)
    assert data == bytes(version.hwpx)


def test_render_report_writes_the_hwpx(demo_plan, tmp_path):
    path = tmp_path / "report.hwpx"
    call_command("render_report", "2023", "자치행정과", "--format", "hwpx", "-o", str(path))
    assert owpml.read(path.read_bytes()).paragraphs[1] == ("표지 회기", "제353회 임시회")


def test_a_file_is_rendered_once_per_content_version(demo_plan, empty_report_cache, monkeypatch):
    """Kept in the reports cache under a digest of what it holds: the same content again is a
    cache hit, any printed change a new file."""
    calls = []
    real = renderer.render_layout
    monkeypatch.setattr(renderer, "render_layout", lambda layout: calls.append(1) or real(layout))
    first, version = report_hwpx(plan_report(demo_plan), draft=True)
    again, same = report_hwpx(plan_report(demo_plan), draft=True)
    assert (again, same, len(calls)) == (first, version, 1)
    card = demo_plan.cards.get(section="special", number=1)
    card.title = "우편모아시스템 도입 및 운영"
    card.save()
    changed, other = report_hwpx(plan_report(demo_plan), draft=True)
    assert other != version and len(calls) == 2
    assert "1. 우편모아시스템 도입 및 운영" in owpml.read(changed).text()
