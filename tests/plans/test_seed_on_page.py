"""Every figure the seed report prints appears on the published plan page: the portal
reproduces the report, whether a figure was typed (an input) or computed (a total, 증감, %)."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from plans.models import WorkPlan
from tests.seed import missing_figures, page_text, requires_seed

# The module's fixture reads the database: this marks it as needed even when the file runs
# alone (pytest-django sets up only the databases that marked tests ask for).
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def plan_page(django_db_setup, django_db_blocker):
    """The demo plan page's text, rendered once; the data is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        plan = WorkPlan.objects.get(department__slug="자치행정과", year=2023)
        response = Client().get(plan.get_absolute_url())
        transaction.set_rollback(True)
    assert response.status_code == 200
    return page_text(response.content.decode())


@requires_seed
def test_every_figure_of_the_seed_is_on_the_plan_page(plan_page):
    assert missing_figures(plan_page) == []


@requires_seed
@pytest.mark.parametrize(
    "printed",
    [
        "1과 4팀",
        "정원 27명 / 현원 27명(정원외 3명)",
        "※ 정원외 인력: 3명(청원경찰 1명, 공무원 2명)",
        "78,676백만원(군 예산의 11.38%)",
        "△11,703(△12.9%)",
        "△856(△46.3%)",
        "△483(△13.3%)",
        "162(10.5%)",
        "0(0%)",
        "△10,526(△12.6%)",
        "투표율: 72.04%",
        "투표율: 49.89%",
        "<소요예산>: 348백만원",
        "<소요예산>: 144백만원",
        "2022. 3. 9.(수)",
        "2023. 1. 30.(월) ~ 2. 9.(목)",
        "행정7급 반가영",
        "871-3175",
        "2030 음성시",
        "이·반장 관리",
        "유도와 소통",
        "인재 양성으로",
        "대외협력팀",
        "군민소통팀",
    ],
)
def test_printed_phrases_and_corrections_are_on_the_plan_page(plan_page, printed):
    assert printed in plan_page


@pytest.mark.parametrize(
    "typo",
    ["정원의", "대의협력팀", "주민소통팀", "읍성시", "반기영", "유도과", "양성을으로", "아반장"],
)
def test_conversion_typos_are_not(plan_page, typo):
    assert typo not in plan_page
