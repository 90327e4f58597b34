"""A chapter of the form with nothing in it (a plan without 주요성과, or without 정책방향)
keeps its numeral and says 해당 없음, on the same page as the next chapter: the page, the PDF
and the 한글 file alike (plans.report.context.PlanReport says why it is not left out)."""

import io

import pypdf
import pytest
from django.test import Client

from plans.report.context import plan_report
from plans.report.hwpx import NONE_TEXT, report_layout
from plans.report.pdf import html_to_pdf, report_html
from plans.report.wordbreak import WORD_JOINER
from tests.factories import AchievementGroupFactory, AchievementItemFactory
from tests.helpers import text_of
from tests.publishing import build_plan, republish

pytestmark = pytest.mark.django_db

CHAPTER_II = "II. 2022년 주요성과"
CHAPTER_III = "III. 2023년 정책방향"


def pdf_pages(plan) -> list[str]:
    data = html_to_pdf(report_html(plan_report(plan), draft=False))
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [
        " ".join((page.extract_text() or "").replace(WORD_JOINER, "").split())
        for page in reader.pages
    ]


def heading_pages(pages: list[str], heading: str) -> list[int]:
    # The 목차 (page 2) lists every chapter too; headings are looked for after it.
    return [number for number, text in enumerate(pages[2:], start=3) if heading in text]


def with_policy(plan):
    plan.policy_goal = "주민이 주인인 자치행정"
    plan.save()
    return plan


def test_an_empty_chapter_says_so_and_takes_no_page_of_its_own():
    plan = with_policy(build_plan(cards=1, published=False))
    empty = pdf_pages(plan)
    AchievementItemFactory(group=AchievementGroupFactory(plan=plan, title="선거 관리"))
    full = pdf_pages(plan)

    [chapter_ii] = heading_pages(empty, CHAPTER_II)
    assert heading_pages(empty, CHAPTER_III) == [chapter_ii]
    assert NONE_TEXT in empty[chapter_ii - 1]
    # With a group, chapter II has its page and III starts the next one: one page more.
    [full_ii] = heading_pages(full, CHAPTER_II)
    assert heading_pages(full, CHAPTER_III) == [full_ii + 1]
    assert NONE_TEXT not in " ".join(full)
    assert len(full) == len(empty) + 1


def test_an_empty_policy_chapter_lets_the_cards_follow_on_its_page():
    plan = build_plan(cards=1, published=False)
    AchievementItemFactory(group=AchievementGroupFactory(plan=plan))
    pages = pdf_pages(plan)
    [chapter_iii] = heading_pages(pages, CHAPTER_III)
    assert heading_pages(pages, "IV. 2023년 주요업무계획") == [chapter_iii]
    assert NONE_TEXT in pages[chapter_iii - 1]


def test_the_page_and_the_hangul_file_keep_the_numerals_and_say_none():
    plan = with_policy(build_plan(cards=1, published=False))
    republish(plan)
    text = text_of(Client().get(plan.get_absolute_url()))
    assert f"{CHAPTER_II} {NONE_TEXT} {CHAPTER_III}" in text
    assert "IV. 2023년 주요업무계획" in text

    blocks = list(report_layout(plan_report(plan), draft=False).blocks)
    titles = [getattr(block, "style", None) for block in blocks]
    at = next(
        n
        for n, block in enumerate(blocks)
        if titles[n] == "개요 1" and block.runs[0].text == CHAPTER_II
    )
    assert blocks[at + 1].runs[0].text == NONE_TEXT
    chapter_iii = blocks[at + 2]
    assert chapter_iii.runs[0].text == CHAPTER_III
    assert chapter_iii.page_break is False
