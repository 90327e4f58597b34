"""The charts of chapter I in the PDF: each under the section whose table it draws (the
staffing chart under 1 기구 및 인력, the budget chart under 3 예산규모), each with a printed
title, its text at 9 pt or more at 100 %, and a <title> and <desc> for screen readers."""

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from django.db import transaction

from plans.exchange.documents import load_plan_document
from plans.models import WorkPlan
from plans.report import charts
from plans.report.context import plan_report
from plans.report.pdf import html_to_pdf, report_html
from plans.report.wordbreak import WORD_JOINER
from tests.demo import DEMO

pytestmark = pytest.mark.django_db

# pdftotext's word boxes span a glyph's ascent and descent: about 1.0 to 1.2 times the font
# size for Pretendard. A box lower than 9 pt is text printed smaller than 9 pt.
MIN_POINTS = 9


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo report, its charts and its PDF, made once for the module (rolled back)."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_plan_document(yaml.safe_load(DEMO.read_text(encoding="utf-8")))
        report = plan_report(WorkPlan.objects.get())
        pdf = html_to_pdf(report_html(report, draft=False))
        transaction.set_rollback(True)
    path = tmp_path_factory.mktemp("charts") / "report.pdf"
    path.write_bytes(pdf)
    teams = {team.name for team in report.teams}
    return (
        report,
        path,
        charts.staffing_chart(report.staffing),
        charts.budget_chart(report.budget, teams=teams),
    )


def words(path: Path) -> list[tuple[int, float, float, str]]:
    """(page, top, height, word) of every word of the PDF, in reading order."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for page, body in enumerate(html.split("<page ")[1:], start=1):
        for y_min, y_max, text in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
            body,
        ):
            text = text.replace(WORD_JOINER, "")
            found.append((page, float(y_min), float(y_max) - float(y_min), text))
    return found


def position(all_words, phrase: str, *, after: int = 0) -> int:
    """Index in ``all_words`` where the words of ``phrase`` start, at or after ``after``."""
    parts = phrase.split()
    for index in range(after, len(all_words) - len(parts) + 1):
        if [word for _, _, _, word in all_words[index : index + len(parts)]] == parts:
            return index
    raise AssertionError(f"'{phrase}' is not in the PDF after word {after}")


def title_of(svg: str) -> str:
    return re.search(r"<title[^>]*>([^<]+)</title>", svg)[1]


def test_each_chart_sits_in_its_own_section_with_a_printed_title(demo):
    report, path, staffing, budget = demo
    all_words = words(path)
    chapter = position(all_words, "I. 일반현황", after=position(all_words, "목 차") + 1)
    staffing_section = position(all_words, "기구 및 인력", after=chapter)
    functions_section = position(all_words, "주요기능", after=staffing_section)
    budget_section = position(all_words, "예산규모", after=functions_section)
    chapter_ii = position(all_words, f"II. {report.plan.year - 1}년 주요성과", after=budget_section)
    staffing_title = position(all_words, title_of(staffing), after=chapter)
    budget_title = position(all_words, title_of(budget), after=chapter)
    assert staffing_section < staffing_title < functions_section
    assert budget_section < budget_title < chapter_ii


def test_chart_text_prints_at_9_points_or_more(demo):
    _report, path, staffing, budget = demo
    all_words = words(path)
    for svg in (staffing, budget):
        start = position(all_words, title_of(svg))
        labels = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
        # The chart's words follow its title: the legend, the labels and the values.
        chart_words = [w for w in all_words[start : start + 200] if w[3] in set(labels)]
        assert len(chart_words) >= len(set(labels)) - 1
        smallest = min(height for _, _, height, _ in chart_words)
        assert smallest >= MIN_POINTS, smallest


def test_every_chart_has_a_title_and_a_description_for_screen_readers(demo):
    report, _path, staffing, budget = demo
    for svg, chart_id in ((staffing, "staffing-chart"), (budget, "budget-chart")):
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in svg
        description = re.search(rf'<desc id="{chart_id}-desc">([^<]+)</desc>', svg)[1]
        assert description
    staffing_desc = re.search(r"<desc[^>]*>([^<]+)</desc>", staffing)[1]
    assert f"합계 {report.staffing.total.total}명" in title_of(staffing)
    for column, value in zip(report.staffing.columns, report.staffing.total.cells, strict=True):
        if not column.is_subtotal:
            assert f"{column.label} {value}명" in staffing_desc
