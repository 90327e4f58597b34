"""Every figure the seed report prints as a result of arithmetic, computed by the portal from
the demo plan's stored inputs and compared with the printed value."""

import pytest
from django.core.management import call_command
from django.db import transaction

from plans.models import WorkPlan
from plans.report.context import plan_report
from plans.rules import figures
from plans.rules.outline import render_text

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker):
    """The demo plan's report context, built once for the module (it is plain data, holding no
    model instance); the demo's rows are rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        plan = WorkPlan.objects.get(department__slug="자치행정과", year=2023)
        built = plan_report(plan)
        transaction.set_rollback(True)
    return built


def test_organisation_line_is_counted(report):
    assert report.org_summary == "1과 4팀"


def test_staffing_totals_match_the_seed(report):
    staffing = report.staffing
    assert [column.label for column in staffing.columns] == [
        "정무직", "소계", "4급", "5급", "6급", "7급", "8급", "9급", "별정직", "연구직", "정원외",
    ]  # fmt: skip
    assert (staffing.total.total, *staffing.total.cells) == (30, 1, 24, 2, 1, 9, 8, 2, 2, 1, 1, 3)
    rows = {row.label: (row.total, *row.cells) for row in staffing.rows}
    assert rows == {
        "행정팀": (17, 1, 13, 2, 1, 5, 3, 1, 1, 1, 0, 2),
        "서무팀": (6, 0, 4, 0, 0, 1, 3, 0, 0, 0, 1, 1),
        "군민소통팀": (3, 0, 3, 0, 0, 2, 1, 0, 0, 0, 0, 0),
        "대외협력팀": (4, 0, 4, 0, 0, 1, 1, 1, 1, 0, 0, 0),
    }
    assert [row.label for row in staffing.rows] == ["행정팀", "서무팀", "군민소통팀", "대외협력팀"]
    assert (staffing.authorized, staffing.current, staffing.supernumerary) == (27, 27, 3)
    assert staffing.supernumerary_breakdown == [("청원경찰", 1), ("공무원", 2)]


def test_staffing_header_groups_general_grades_under_one_heading(report):
    top = [(cell.label, cell.colspan, cell.rowspan) for cell in report.staffing.header_top]
    assert top == [
        ("정무직", 1, 2),
        ("일반직", 7, 1),
        ("별정직", 1, 2),
        ("연구직", 1, 2),
        ("정원외 인력", 1, 2),
    ]


def test_budget_table_matches_the_seed(report):
    budget = report.budget
    printed = [
        (
            row.label,
            figures.format_number(row.current),
            figures.format_number(row.previous),
            str(row.change),
        )
        for row in [budget.total, *budget.rows]
    ]
    assert printed == [
        ("계", "78,676", "90,379", "△11,703(△12.9%)"),
        ("행정팀", "992", "1,848", "△856(△46.3%)"),
        ("서무팀", "3,141", "3,624", "△483(△13.3%)"),
        ("군민소통팀", "19", "19", "0(0%)"),
        ("대외협력팀", "1,709", "1,547", "162(10.5%)"),
        ("예비비", "0", "0", "0(0%)"),
        ("행정운영경비", "72,815", "83,341", "△10,526(△12.6%)"),
    ]
    assert budget.caption == "(단위: 백만원)"
    assert (budget.year, budget.previous_year) == (2023, 2022)
    assert figures.format_percent(budget.county_share) == "11.38%"
    assert figures.format_money(budget.total_thousand_won, "백만원") == "78,676백만원"


def test_turnout_is_computed_from_electorate_and_voters(report):
    text = render_text(report.achievements[0].nodes)
    assert "제20대 대통령선거: 2022. 3. 9.(수)" in text
    assert "선거인수: 80,946명 / 투표자수: 58,315명 / 투표율: 72.04%" in text
    assert "선거사무 종사자: 간사서기 18명, (사전)투표 298명, 개표 60명" in text
    assert "제8회 전국동시지방선거: 2022. 6. 1.(수)" in text
    assert "선거인수: 81,419명 / 투표자수: 40,617명 / 투표율: 49.89%" in text


def test_welfare_lines_are_built_from_their_figures(report):
    text = "\n".join(render_text(section.nodes) for section in report.achievements)
    for line in [
        "맞춤형 복지포인트 제공: 1,315명 / 1,500,724천원",
        "전 직원 종합 건강검진 실시: 1,126명 / 1인당 250천원",
        "휴양시설 이용 지원: 7월 ~ 12월 / 23개소 / 452명",
        "직장어린이집 위탁 운영: 51개소 / 111명(아동 수)",
        "출산공무원 축하금 지급: 36명 / 11,700천원",
        "※ 첫째·둘째아 300천원, 셋째아 500천원 지급",
        "장제서비스 지원: 36명 / 18,000천원",
        "※ 1인당 500천원 지원",
    ]:
        assert line in text, line


def test_funding_totals_are_sums_of_their_parts(report):
    cards = {view.card.title: view for view in report.main_cards}
    councils = cards["주민자치회 전면 실시"].funding
    assert councils.caption == "(단위: 백만원)"
    assert councils.period_labels == ("2022년까지 투자", "2023년", "2024년 이후")
    assert [(row.label, row.total, row.periods) for row in councils.rows] == [
        ("군비", 348, (58, 110, 180))
    ]
    assert not councils.shows_total_row
    assert cards["주민자치회 전면 실시"].funding_total_text == "348백만원"

    donations = cards["고향사랑기부제 추진"].funding
    assert donations.shows_total_row
    assert (donations.total.total, donations.total.periods) == (144, (30, 46, 68))
    assert [(row.label, row.total, row.periods, row.remark) for row in donations.rows] == [
        ("군비", 132, (30, 46, 56), ""),
        ("기타", 12, (None, None, 12), "기부금"),
    ]
    assert cards["고향사랑기부제 추진"].funding_total_text == "144백만원"


def test_key_tasks_are_numbered_by_the_portal(report):
    assert [number for number, _ in report.key_tasks] == ["①", "②", "③", "④"]
    assert report.key_tasks[0][1] == "자치분권 확대 및 공정하고 합리적인 인사·조직 운영"


def test_cards_keep_the_seed_order_and_contacts(report):
    assert [view.code for view in report.cards] == [
        "IV-1", "IV-2", "IV-3", "IV-4", "IV-5", "IV-6", "IV-7", "IV-8", "V-1",
    ]  # fmt: skip
    first = report.main_cards[0]
    assert first.kinds == ["계속", "현안"]
    assert [(o.position, o.name, o.phone) for o in first.contacts] == [
        ("행정6급", "남기종", "871-3163"),
        ("행정7급", "정영택", "871-3164"),
        ("행정7급", "김주현", "871-3165"),
    ]
    special = report.special_cards[0]
    assert [(o.position, o.name, o.phone) for o in special.contacts] == [
        ("행정7급", "반가영", "871-3175")
    ]


def test_schedules_print_in_the_seed_style(report):
    welfare_card = report.main_cards[2]
    schedules = {view.item.text: view.item.schedule for view in welfare_card.plan_items}
    assert schedules["휴양시설 운영"] == "'23. 5. ~ 12."
    assert schedules["이 달의 으뜸 공무원 표창"] == "매월"


def test_housing_projects_and_promotion_steps_come_from_civic_data(report):
    promotion = report.main_cards[5]
    blocks = {view.data_block: view for view in promotion.plan_items if view.data_block}
    housing = dict(blocks["housing_projects"].housing)
    assert dict(housing["맹동면"])["행복주택"] == (
        "근로자전용(294세대, 24년 하반기 준공), 일자리연계(300세대)"
    )
    assert "성분산단(4,880세대, 24년 ~ 26년 준공)" in dict(housing["대소면"])["산단공동주택"]
    assert blocks["promotion_steps"].steps == [
        "주민 의견 수렴", "군의회 의견 청취", "도 승인 건의", "행정안전부 승인", "조례 개정",
    ]  # fmt: skip


def test_session_dates_print_as_on_the_cover(report):
    session = report.session
    assert str(session) == "제353회 임시회"
    assert figures.format_date_range(session.start_date, session.end_date, weekday=False) == (
        "2023. 2. 16. ~ 2. 23."
    )


def test_report_reads_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    call_command("load_demo", verbosity=0)
    plan = WorkPlan.objects.get(department__slug="자치행정과", year=2023)
    with django_assert_max_num_queries(20):
        plan_report(plan)
