"""The budget grid (부서 예산 입력) by role: a 작성자 writes its own team's row, a 검토자 every
row of its department and new headings, superusers everything, 게시관리자 and 열람자 read;
another department's grid does not exist; each year's column is locked on its own while a plan
that prints it is not a draft, superusers included."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from budget.admin_grid import DIGEST_FIELD, NEW_HEADING_FIELD, NEW_ROW_KEY, cell_name, heading_key
from budget.models import BudgetLine
from personnel.roles import PUBLISHER, READER, REVIEWER, WRITER
from plans.models import PlanStatus, WorkPlan
from tests.roles.conftest import login

pytestmark = pytest.mark.django_db


def grid_url(team, year: int = 2023) -> str:
    base = reverse("admin:budget_budgetline_grid")
    return f"{base}?department={team.department_id}&year={year}"


def text(response) -> str:
    return html.unescape(response.content.decode())


def editable(page) -> set[tuple[str, int]]:
    return {
        (row.label, cell.year)
        for row in page.context["grid"].rows
        for cell in row.cells
        if cell.editable
    }


def data_of(page) -> dict:
    grid = page.context["grid"]
    data = {DIGEST_FIELD: grid.digest}
    for row in grid.rows:
        for cell in row.cells:
            if cell.editable:
                data[cell.name] = cell.text
    return data


@pytest.fixture
def lines(world):
    """Both years of 자치행정과: its two teams, and 예비비 (a heading, no team)."""
    own, other = world.teams["own"], world.teams["team"]
    department = own.department
    for team, amount in ((own, 900), (other, 1_800)):
        BudgetLine.objects.create(
            department=department, fiscal_year=2022, team=team, order=team.order, amount=amount
        )
    for year in (2022, 2023):
        BudgetLine.objects.create(
            department=department, fiscal_year=year, heading="예비비", order=3, amount=50
        )
    return world


def amount(team, year: int) -> int:
    return BudgetLine.objects.get(team=team, fiscal_year=year).amount


def test_a_writer_writes_its_own_teams_row_only(lines):
    world = lines
    own, other = world.teams["own"], world.teams["team"]
    writer = login(world.users[WRITER])
    page = writer.get(grid_url(own))
    assert page.status_code == 200
    assert editable(page) == {("행정팀", 2023), ("행정팀", 2022)}
    assert page.context["can_save"]
    assert "행정팀 행만 고칠 수 있습니다 (행정팀 작성자)." in text(page)
    # Every row is shown (the 계 adds them all up), the others as text; no new heading row.
    assert [row.label for row in page.context["grid"].stored_rows] == ["행정팀", "서무팀", "예비비"]
    assert f'name="{NEW_HEADING_FIELD}"' not in text(page)
    assert page.context["grid"].total_current == 1_000 + 2_000 + 50

    data = data_of(page)
    data[cell_name(f"t{own.pk}", 2023)] = "1,500"
    assert writer.post(grid_url(own), data).status_code == 302
    assert amount(own, 2023) == 1_500

    for name, value in (
        (cell_name(f"t{other.pk}", 2023), "1"),  # another team's row
        (cell_name(heading_key("예비비"), 2023), "1"),  # the department's heading
        (cell_name(NEW_ROW_KEY, 2023), "1"),  # a new heading
        (NEW_HEADING_FIELD, "기타"),
    ):
        data = data_of(writer.get(grid_url(own)))
        data[name] = value
        assert writer.post(grid_url(own), data).status_code == 403, name
    assert amount(other, 2023) == 2_000
    assert BudgetLine.objects.get(heading="예비비", fiscal_year=2023).amount == 50
    # Another department's grid does not exist for it.
    assert writer.get(grid_url(world.teams["dept"])).status_code == 404
    assert [d.pk for d in page.context["departments"]] == [own.department_id]


def test_a_reviewer_writes_every_row_and_adds_headings(lines):
    world = lines
    own, other = world.teams["own"], world.teams["team"]
    reviewer = login(world.users[REVIEWER])
    page = reviewer.get(grid_url(own))
    assert editable(page) == {
        (label, year) for label in ("행정팀", "서무팀", "예비비", "") for year in (2023, 2022)
    }
    data = data_of(page)
    data[cell_name(f"t{other.pk}", 2022)] = "1,700"
    data[cell_name(heading_key("예비비"), 2023)] = ""
    data[NEW_HEADING_FIELD] = "행정운영경비"
    data[cell_name(NEW_ROW_KEY, 2023)] = "70,000"
    assert reviewer.post(grid_url(own), data).status_code == 302
    assert amount(other, 2022) == 1_700
    assert not BudgetLine.objects.filter(heading="예비비", fiscal_year=2023).exists()
    assert BudgetLine.objects.get(heading="행정운영경비").amount == 70_000
    assert reviewer.get(grid_url(world.teams["dept"])).status_code == 404


@pytest.mark.parametrize("role", [PUBLISHER, READER])
def test_publishers_and_readers_read_the_grid(lines, role):
    own = lines.teams["own"]
    client = login(lines.users[role])
    page = client.get(grid_url(own))
    assert page.status_code == 200
    assert page.context["can_save"] is False
    assert editable(page) == set()
    assert 'name="amount-' not in text(page)
    data = {DIGEST_FIELD: page.context["grid"].digest, cell_name(f"t{own.pk}", 2023): "1"}
    assert client.post(grid_url(own), data).status_code == 403
    assert amount(own, 2023) == 1_000


def test_last_years_column_is_locked_by_last_years_published_plan(lines, admin_client):
    """The 2022 plan published, the 2023 plan a draft: 2023's amounts are open, 2022's are the
    published plan's, for everyone."""
    world = lines
    own = world.teams["own"]
    plan = world.plans["own"]
    WorkPlan.objects.create(
        department=own.department,
        year=2022,
        session=plan.session,
        status=PlanStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    for client in (login(world.users[WRITER]), admin_client):
        page = client.get(grid_url(own))
        writable = editable(page)
        assert ("행정팀", 2023) in writable
        assert not any(year == 2022 for _label, year in writable)
        assert "2022년 자치행정과 업무계획은 '게시' 상태라 고칠 수 없습니다." in text(page)
        data = data_of(page)
        data[cell_name(f"t{own.pk}", 2022)] = "1"
        assert client.post(grid_url(own), data).status_code == 403
    assert amount(own, 2022) == 900
    # 2023's own column still saves.
    data = data_of(admin_client.get(grid_url(own)))
    data[cell_name(f"t{own.pk}", 2023)] = "1,234"
    assert admin_client.post(grid_url(own), data).status_code == 302
    assert amount(own, 2023) == 1_234


def test_a_plan_in_review_locks_both_columns(lines, admin_client):
    world = lines
    own = world.teams["own"]
    WorkPlan.objects.filter(pk=world.plans["own"].pk).update(status=PlanStatus.IN_REVIEW)
    for client in (login(world.users[REVIEWER]), admin_client):
        page = client.get(grid_url(own))
        assert editable(page) == set()
        assert page.context["can_save"] is False
        assert "'검토 중' 상태라 고칠 수 없습니다" in text(page)
        data = {DIGEST_FIELD: page.context["grid"].digest, cell_name(f"t{own.pk}", 2023): "1"}
        assert client.post(grid_url(own), data).status_code == 403
    # The year before last is no plan's: open.
    assert editable(admin_client.get(grid_url(own, year=2021)))
