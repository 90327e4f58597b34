"""What the search finds on the demo plan: chapter II (주요성과) as well as the cards, the
department by its name once rather than in every card, and a result line whose particle fits
the phrase. Expected counts are computed from the plan's own report, not typed."""

import pytest
from django.urls import reverse

from plans.public.search import search_published
from plans.report.context import plan_report
from plans.report.sections import achievement_lines, card_sections
from plans.rules.korean import folded
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def _cards_with(report, phrase: str) -> set[str]:
    needle = folded(phrase)
    return {
        view.code
        for view in report.cards
        if any(needle in folded(text) for _, texts in card_sections(view) for text in texts)
    }


def _achievements_with(report, phrase: str) -> list[str]:
    needle = folded(phrase)
    return [
        section.title
        for section in report.achievements
        if any(needle in folded(text) for text in [section.title, *achievement_lines(section)])
    ]


def test_search_finds_chapter_ii_achievements(client, demo_plan):
    report = plan_report(demo_plan)
    # Turnout is printed in chapter II (the 2022 elections), computed from the election rows.
    phrase = "투표율"
    expected = _achievements_with(report, phrase)
    assert expected, "the demo's chapter II reports turnout"
    results = search_published(phrase)
    assert [hit.achievement.title for hit in results.achievements] == expected
    html = client.get(reverse("plans:search"), {"q": phrase}).content.decode()
    assert f"{demo_plan.get_absolute_url()}#chapter-2" in html
    assert f"‘{phrase}’이 있는 주요성과 {len(expected)}건" in text_of(
        client.get(reverse("plans:search"), {"q": phrase})
    )


def test_search_for_the_department_finds_the_plan_not_every_card(client, demo_plan):
    name = demo_plan.department.name
    results = search_published(name)
    assert [plan.pk for plan in results.plans] == [demo_plan.pk]
    # Only the cards that print the department's name in their own text are found.
    assert {hit.card.code for hit in results.cards} == _cards_with(plan_report(demo_plan), name)
    assert len(results.cards) < demo_plan.cards.count()
    html = client.get(reverse("plans:search"), {"q": name}).content.decode()
    assert demo_plan.get_absolute_url() in html


@pytest.mark.parametrize(("phrase", "particle"), [("주민자치회", "가"), ("행정", "이")])
def test_search_result_line_uses_the_particle_of_the_phrase(client, demo_plan, phrase, particle):
    expected = _cards_with(plan_report(demo_plan), phrase)
    assert expected
    response = client.get(reverse("plans:search"), {"q": phrase})
    assert {hit.card.code for hit in search_published(phrase).cards} == expected
    assert f"‘{phrase}’{particle} 있는 과제 {len(expected)}개" in text_of(response)
    assert "이(가)" not in text_of(response)
