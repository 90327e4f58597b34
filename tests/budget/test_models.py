import pytest

from budget.models import BudgetLine, FundingRow, FundingSource
from tests.factories import (
    BudgetLineFactory,
    CountyBudgetFactory,
    DepartmentFactory,
    FundingRowFactory,
    OrganizationFactory,
    TaskCardFactory,
    TeamFactory,
)
from tests.helpers import assert_database_refuses, assert_invalid, assert_valid

pytestmark = pytest.mark.django_db


def test_a_budget_line_is_a_team_or_a_named_heading_never_both_nor_neither():
    department = DepartmentFactory()
    team = TeamFactory(department=department)
    assert_valid(BudgetLine(department=department, fiscal_year=2023, team=team, order=1, amount=1))
    assert_valid(
        BudgetLine(department=department, fiscal_year=2023, heading="예비비", order=2, amount=0)
    )
    both = BudgetLine(
        department=department, fiscal_year=2023, team=team, heading="예비비", order=3, amount=1
    )
    assert_invalid(both, "팀을 선택했다면 기타 항목은 비워 두십시오.")
    assert_database_refuses(both)
    neither = BudgetLine(department=department, fiscal_year=2023, order=4, amount=1)
    assert_invalid(neither, "팀을 선택하거나 기타 항목 이름을 입력하십시오.")
    assert_database_refuses(neither)


def test_a_team_or_heading_appears_once_per_budget_table():
    line = BudgetLineFactory()
    again = BudgetLine(
        department=line.department, fiscal_year=2023, team=line.team, order=99, amount=5
    )
    assert_invalid(again, "이 팀의 예산이 같은 연도·회계에 이미 있습니다.")
    assert_database_refuses(again)
    next_year = BudgetLine(
        department=line.department, fiscal_year=2024, team=line.team, order=1, amount=5
    )
    assert_valid(next_year)
    BudgetLine.objects.create(
        department=line.department, fiscal_year=2023, heading="예비비", order=50, amount=0
    )
    twice = BudgetLine(
        department=line.department, fiscal_year=2023, heading="예비비", order=51, amount=0
    )
    assert_invalid(twice, "같은 이름의 항목이 같은 연도·회계에 이미 있습니다.")
    assert_database_refuses(twice)


def test_budget_rows_keep_distinct_order_numbers():
    line = BudgetLineFactory(order=1)
    clash = BudgetLine(
        department=line.department, fiscal_year=2023, heading="예비비", order=1, amount=0
    )
    assert_invalid(clash, "같은 순서 번호가 이미 있습니다.")
    assert_database_refuses(clash)


def test_budget_amounts_cannot_be_negative():
    line = BudgetLineFactory.build(department=DepartmentFactory(), amount=-856)
    line.team = TeamFactory(department=line.department)
    assert_invalid(line, "0 이상의 값을 입력하십시오.")
    assert_database_refuses(line)
    county = CountyBudgetFactory.build(organization=OrganizationFactory(), total=-1)
    assert_invalid(county, "0 이상의 값을 입력하십시오.")
    assert_database_refuses(county)


def test_a_budget_line_team_must_belong_to_its_department():
    line = BudgetLineFactory.build(department=DepartmentFactory(), team=TeamFactory())
    assert_invalid(line, "이 과에 속한 팀을 선택하십시오.")


def test_funding_rows_one_per_source_and_non_negative():
    row = FundingRowFactory()
    duplicate = FundingRow(card=row.card, order=2, source=FundingSource.COUNTY, current_year=1)
    assert_invalid(duplicate, "같은 재원이 이미 있습니다.")
    assert_database_refuses(duplicate)
    negative = FundingRow(card=row.card, order=3, source=FundingSource.OTHER, later_years=-12)
    assert_invalid(negative, "0 이상의 값을 입력하십시오.")
    assert_database_refuses(negative)
    assert_valid(FundingRow(card=row.card, order=3, source=FundingSource.OTHER, later_years=12))


def test_a_funding_row_needs_at_least_one_amount():
    empty = FundingRow(card=TaskCardFactory(), order=1, source=FundingSource.NATIONAL)
    assert_invalid(empty, "소요예산 한 줄에는 금액이 하나 이상 있어야 합니다.")


def test_funding_row_total_treats_blank_as_nothing():
    row = FundingRow(prior_years=None, current_year=None, later_years=12_000)
    assert row.total == 12_000
