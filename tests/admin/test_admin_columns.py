"""Computed changelist columns print the seed's figures: 증감 of the budget table, turnout."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from budget.admin import BudgetLineAdmin
from budget.models import BudgetLine

pytestmark = pytest.mark.django_db


def rows(page: str) -> list[list[str]]:
    """The changelist's result rows as lists of cell texts."""
    body = re.search(r'<table id="result_list">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    result = []
    for row in re.findall(r"<tr.*?>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        result.append([re.sub(r"<[^>]+>", "", cell).strip() for cell in cells])
    return result


def test_budget_lines_show_last_year_and_the_change_as_the_seed_prints_it(admin_client, world):
    page = admin_client.get(
        reverse("admin:budget_budgetline_changelist"), {"fiscal_year": 2023}
    ).content.decode()
    by_item = {row[3]: row[4:] for row in rows(page)}
    # 회계, 단계, 금액(백만원), 금액(천원), 전년도(백만원), 증감(%)
    assert by_item["행정팀"] == ["일반회계", "본예산", "992", "992,000", "1,848", "△856(△46.3%)"]
    assert by_item["서무팀"][-1] == "△483(△13.3%)"
    assert by_item["군민소통팀"][-1] == "0(0%)"
    assert by_item["대외협력팀"][-1] == "162(10.5%)"
    assert by_item["행정운영경비"][-2:] == ["83,341", "△10,526(△12.6%)"]
    assert by_item["신규사업"][-2:] == ["-", "5(순증)"]  # a heading new this year


def test_a_year_without_last_years_table_shows_no_change(admin_client, world):
    page = admin_client.get(
        reverse("admin:budget_budgetline_changelist"), {"fiscal_year": 2022}
    ).content.decode()
    for row in rows(page):
        assert row[-2:] == ["-", "-"]


def test_the_previous_amount_is_one_subquery_not_a_query_per_row(rf, admin_user, world):
    request = rf.get("/")
    request.user = admin_user
    queryset = BudgetLineAdmin(BudgetLine, admin.site).get_queryset(request)
    lines = {(line.fiscal_year, line.label): line for line in queryset.select_related("team")}
    assert lines[(2023, "행정팀")].previous_amount == 1_848_000
    assert lines[(2023, "행정운영경비")].previous_amount == 83_341_000
    assert lines[(2023, "신규사업")].previous_amount is None
    assert lines[(2022, "행정팀")].previous_amount is None


def test_elections_show_their_turnout(admin_client, world):
    page = admin_client.get(reverse("admin:civic_election_changelist")).content.decode()
    assert "72.04%" in page
    assert "80,946" in page
    change = admin_client.get(
        reverse("admin:civic_election_change", args=[world.election.pk])
    ).content.decode()
    assert "72.04%" in change


def test_task_cards_filter_by_kind_and_search_plan_items(admin_client, world):
    url = reverse("admin:plans_taskcard_changelist")
    new = admin_client.get(url, {"kind": "new"}).content.decode()
    assert "우편모아시스템 도입" in new
    assert "주민자치회 전면 실시" not in new
    found = admin_client.get(url, {"q": "자치계획"}).content.decode()  # a plan item's text
    assert "주민자치회 전면 실시" in found
    assert "우편모아시스템 도입" not in found
