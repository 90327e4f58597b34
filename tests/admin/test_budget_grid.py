"""The budget grid (부서 예산 입력): this year and last year side by side with 증감 and 증감률 as
plans.rules.figures computes them; a valid save creates, changes and deletes lines with their
history and admin log; one bad cell refuses the whole grid naming the cell; a rival's newer
save is refused; it opens on the plan's year and is reached from the list and the plan."""

from __future__ import annotations

import html

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.urls import reverse

from budget.admin_grid import (
    DIGEST_FIELD,
    MAX_AMOUNT,
    NEW_HEADING_FIELD,
    NEW_ROW_KEY,
    budget_grid,
    cell_name,
    heading_key,
)
from budget.models import BudgetLine
from plans.models import PlanStatus, WorkPlan
from plans.report.context import budget_table
from plans.rules import figures

pytestmark = pytest.mark.django_db

CONFLICT = "이 표를 연 뒤에 다른 사람이 부서 예산을 저장했습니다. 아무것도 저장하지 않았습니다."


def grid_url(world, year: int = 2023) -> str:
    return f"{reverse('admin:budget_budgetline_grid')}?department={world.department.pk}&year={year}"


def text(response) -> str:
    return html.unescape(response.content.decode())


def post_data(response) -> dict:
    """Every input of the grid as the page shows it, the digest included."""
    grid = response.context["grid"]
    data = {DIGEST_FIELD: grid.digest}
    for row in grid.rows:
        for cell in row.cells:
            if cell.editable:
                data[cell.name] = cell.text
    if grid.new_row is not None and grid.new_row.current.editable:
        data[NEW_HEADING_FIELD] = ""
    return data


def team_cell(world, team: str, year: int) -> str:
    return cell_name(f"t{world.teams[team].pk}", year)


def heading_cell(heading: str, year: int) -> str:
    return cell_name(heading_key(heading), year)


def stored() -> list[tuple]:
    return list(
        BudgetLine.objects.order_by("pk").values_list(
            "pk", "fiscal_year", "team_id", "heading", "order", "amount"
        )
    )


def history_count() -> int:
    return BudgetLine.history.count()


def row(grid, label: str):
    return next(r for r in grid.rows if r.label == label)


def test_the_grid_shows_both_years_with_the_reports_changes(admin_client, world):
    response = admin_client.get(grid_url(world))
    assert response.status_code == 200
    grid = response.context["grid"]
    # Teams in their order, then the headings this year has (신규사업 only this year).
    assert [r.label for r in grid.stored_rows] == [
        "행정팀",
        "서무팀",
        "군민소통팀",
        "대외협력팀",
        "행정운영경비",
        "신규사업",
    ]
    admin_team = row(grid, "행정팀")
    assert (admin_team.current.text, admin_team.previous.text) == ("992,000", "1,848,000")
    assert (admin_team.change_amount, admin_team.change_rate) == ("△856,000", "△46.3%")
    assert (row(grid, "대외협력팀").change_amount, row(grid, "대외협력팀").change_rate) == (
        "162,000",
        "10.5%",
    )
    assert (row(grid, "군민소통팀").change_amount, row(grid, "군민소통팀").change_rate) == (
        "0",
        "0%",
    )
    new_line = row(grid, "신규사업")
    assert (new_line.previous.text, new_line.change_amount, new_line.change_rate) == (
        "",
        "5,000",
        "순증",
    )
    # The 계 row and every row's figures are those of plans.rules.figures on the same amounts.
    assert (grid.total_current, grid.total_previous) == (78_681_000, 90_379_000)
    total = figures.change(78_681_000, 90_379_000)
    assert (grid.total_change.format_amount(), grid.total_change.format_rate()) == (
        total.format_amount(),
        total.format_rate(),
    )
    assert total.format() == "△11,698,000(△12.9%)"
    page = text(response)
    assert 'id="total-change-amount">△11,698,000<' in page
    assert 'id="total-change-rate">△12.9%<' in page
    assert "(단위: 천원)" in page  # the unit as stored; the report prints 백만원
    assert "백만원 단위로 반올림해 표시합니다" in page
    assert "js/budget-grid.js" in page and "css/admin/budget-grid.css" in page
    # The report's table in 백만원 has the same rows and the same direction of every change.
    report = budget_table(department=world.department, year=2023)
    assert [r.label for r in report.rows] == [r.label for r in grid.stored_rows]


def test_a_valid_save_writes_every_changed_line_with_history_and_log(admin_client, world):
    response = admin_client.get(grid_url(world))
    data = post_data(response)
    data[team_cell(world, "행정팀", 2023)] = "1,000,000"  # changed, typed with separators
    data[team_cell(world, "서무팀", 2022)] = "3624000"  # as stored: not a change
    data[heading_cell("신규사업", 2023)] = ""  # deleted
    data[heading_cell("행정운영경비", 2022)] = "83 341 000"  # as stored, spaced
    data[NEW_HEADING_FIELD] = "예비비"  # a new heading in both years
    data[cell_name(NEW_ROW_KEY, 2023)] = "0"
    data[cell_name(NEW_ROW_KEY, 2022)] = "1500"
    before_history = history_count()
    response = admin_client.post(grid_url(world), data)
    assert response.status_code == 302, text(response)

    lines = BudgetLine.objects.filter(department=world.department)
    assert lines.get(fiscal_year=2023, team=world.teams["행정팀"]).amount == 1_000_000
    assert not lines.filter(heading="신규사업").exists()
    reserve = {line.fiscal_year: line for line in lines.filter(heading="예비비")}
    assert (reserve[2023].amount, reserve[2022].amount) == (0, 1500)
    # A new heading goes after the year's last line (신규사업's order 6 is free again in 2023).
    assert reserve[2022].order == 6
    assert reserve[2023].order == 6
    assert lines.get(fiscal_year=2022, team=world.teams["서무팀"]).amount == 3_624_000

    # History: one row per line written, with the page as the reason and the user.
    records = list(BudgetLine.history.order_by("history_id")[before_history:])
    assert sorted(record.history_type for record in records) == ["+", "+", "-", "~"]
    assert {record.history_change_reason for record in records} == {"부서 예산 입력"}
    assert {record.history_user.username for record in records} == {"admin"}
    # The admin's log: each line, and what changed.
    entries = LogEntry.objects.filter(change_message__startswith="부서 예산 입력")
    assert sorted(entry.action_flag for entry in entries) == [ADDITION, ADDITION, CHANGE, DELETION]
    assert entries.get(action_flag=CHANGE).change_message == (
        "부서 예산 입력: 금액 992,000 → 1,000,000"
    )

    page = text(admin_client.get(response["Location"]))
    assert "2023년 자치행정과 부서 예산을 저장했습니다." in page


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        pytest.param(
            {("행정팀", 2023): "-5"},
            "행정팀 2023년: 금액은 0 이상의 정수(천원 단위)로 입력하십시오. (입력한 값: -5)",
            id="negative",
        ),
        pytest.param(
            {("서무팀", 2022): "12.5"},
            "서무팀 2022년: 금액은 0 이상의 정수(천원 단위)로 입력하십시오. (입력한 값: 12.5)",
            id="not-whole",
        ),
        pytest.param(
            {("대외협력팀", 2023): "천만"},
            "대외협력팀 2023년: 금액은 0 이상의 정수(천원 단위)로 입력하십시오. (입력한 값: 천만)",
            id="not-a-number",
        ),
        pytest.param(
            {("군민소통팀", 2022): "△19,000"},
            "군민소통팀 2022년: 금액은 0 이상의 정수(천원 단위)로 입력하십시오.",
            id="decrease-sign",
        ),
        pytest.param(
            {("행정팀", 2022): str(MAX_AMOUNT + 1)},
            "행정팀 2022년: 999,999,999,999천원 이하로 입력하십시오.",
            id="too-large",
        ),
        pytest.param(
            {("new", 2023): "100"},
            "새 항목: 금액을 입력했으면 항목 이름을 입력하십시오.",
            id="new-without-name",
        ),
        pytest.param(
            {("new", "name"): "행정운영경비", ("new", 2023): "100"},
            "새 항목 '행정운영경비': 같은 이름의 줄이 이미 표에 있습니다.",
            id="new-duplicate",
        ),
        pytest.param(
            {("new", "name"): "서무팀", ("new", 2023): "100"},
            "새 항목 '서무팀': 같은 이름의 줄이 이미 표에 있습니다.",
            id="new-named-as-a-team",
        ),
        pytest.param(
            {("new", "name"): "예비비"},
            "새 항목 '예비비': 올해나 전년도 금액을 입력하십시오.",
            id="new-without-amount",
        ),
    ],
)
def test_one_bad_cell_refuses_the_whole_grid_naming_it(admin_client, world, cells, message):
    before, before_history, before_log = stored(), history_count(), LogEntry.objects.count()
    data = post_data(admin_client.get(grid_url(world)))
    data[team_cell(world, "서무팀", 2023)] = "3,000,000"  # a good edit, not saved either
    data[heading_cell("신규사업", 2023)] = ""
    for (where, year), value in cells.items():
        if where == "new":
            key = NEW_HEADING_FIELD if year == "name" else cell_name(NEW_ROW_KEY, year)
        else:
            key = team_cell(world, where, year)
        data[key] = value
    response = admin_client.post(grid_url(world), data)
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert "입력한 값에 오류가 있어 저장하지 않았습니다." in page
    assert (stored(), history_count(), LogEntry.objects.count()) == (
        before,
        before_history,
        before_log,
    )
    # What was typed is shown again, beside the message, so the clerk can fix it.
    assert 'value="3,000,000"' in page
    assert 'aria-invalid="true"' in page


def test_a_save_over_a_rivals_newer_save_is_refused(admin_client, world):
    form_a = post_data(admin_client.get(grid_url(world)))
    form_b = post_data(admin_client.get(grid_url(world)))
    form_b[team_cell(world, "군민소통팀", 2023)] = "25,000"
    assert admin_client.post(grid_url(world), form_b).status_code == 302
    after_b = stored()

    form_a[team_cell(world, "행정팀", 2023)] = "1,000,000"
    response = admin_client.post(grid_url(world), form_a)
    assert response.status_code == 200
    page = text(response)
    assert CONFLICT in page
    assert "입력한 값에 오류가 있어" not in page
    assert stored() == after_b
    # The grid shown is the database's, with a fresh digest: A types again and saves.
    grid = response.context["grid"]
    assert row(grid, "군민소통팀").current.text == "25,000"
    assert row(grid, "행정팀").current.text == "992,000"
    again = post_data(response)
    assert again[DIGEST_FIELD] != form_a[DIGEST_FIELD]
    again[team_cell(world, "행정팀", 2023)] = "1,000,000"
    assert admin_client.post(grid_url(world), again).status_code == 302
    assert BudgetLine.objects.get(fiscal_year=2023, team=world.teams["행정팀"]).amount == 1_000_000


@pytest.mark.parametrize(
    "digest", [None, "", "0" * 64, "위조"], ids=["missing", "empty", "zeros", "junk"]
)
def test_a_missing_or_forged_digest_is_refused(admin_client, world, digest):
    before = stored()
    data = post_data(admin_client.get(grid_url(world)))
    data[team_cell(world, "행정팀", 2023)] = "1"
    if digest is None:
        del data[DIGEST_FIELD]
    else:
        data[DIGEST_FIELD] = digest
    response = admin_client.post(grid_url(world), data)
    assert CONFLICT in text(response)
    assert stored() == before


def test_a_line_created_by_a_concurrent_save_rolls_everything_back(
    admin_client, world, monkeypatch
):
    """Two clerks adding the same heading at once: the database refuses the second insert,
    which is reported as a clash, and nothing of that save is kept."""
    before = stored()
    data = post_data(admin_client.get(grid_url(world)))
    data[team_cell(world, "행정팀", 2023)] = "1,000,000"  # saved before the clash
    data[NEW_HEADING_FIELD] = "예비비"
    data[cell_name(NEW_ROW_KEY, 2023)] = "10"
    original_save = BudgetLine.save

    def save_after_a_rival(self, *args, **kwargs):
        if self.pk is None and self.heading == "예비비":
            BudgetLine.objects.bulk_create([BudgetLine(
                department=self.department, fiscal_year=2023, heading="예비비", order=40, amount=1
            )])  # fmt: skip
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(BudgetLine, "save", save_after_a_rival)
    response = admin_client.post(grid_url(world), data)
    assert response.status_code == 200
    assert "다른 사람이 같은 항목을 동시에 저장했습니다." in text(response)
    assert stored() == before


def test_the_grid_opens_on_the_latest_plans_year(admin_client, world):
    base = reverse("admin:budget_budgetline_grid")
    response = admin_client.get(base, {"department": world.department.pk})
    assert response.status_code == 302
    assert "year=2023" in response["Location"]
    # A plan of 2024 being written: the grid opens on it, although no 2024 line exists yet.
    WorkPlan.objects.create(
        department=world.department, year=2024, session=world.plan.session, status="draft"
    )
    response = admin_client.get(base, {"department": world.department.pk})
    assert "year=2024" in response["Location"]
    grid = admin_client.get(response["Location"]).context["grid"]
    # 2023's lines are now last year's, beside empty cells for 2024.
    assert row(grid, "행정팀").previous.text == "992,000"
    assert row(grid, "행정팀").current.text == ""
    assert (row(grid, "행정팀").change_amount, row(grid, "행정팀").change_rate) == (
        "△992,000",
        "△100.0%",
    )


def test_the_grid_is_reached_from_the_list_and_from_the_plan(admin_client, world):
    base = reverse("admin:budget_budgetline_grid")
    changelist = admin_client.get(reverse("admin:budget_budgetline_changelist"))
    assert base in text(changelist)
    plan_page = text(admin_client.get(reverse("admin:plans_workplan_change", args=[world.plan.pk])))
    assert f"{base}?department={world.department.pk}&year=2023" in plan_page
    staffing = reverse("admin:personnel_staffingcount_grid")
    assert f"{staffing}?department={world.department.pk}&year=2023" in plan_page


def test_a_locked_year_is_shown_and_saved_as_stored(admin_client, world):
    """The plan of 2023 published: both columns are the plan's (2022 is printed beside 2023),
    and nobody saves them, superusers included."""
    WorkPlan.objects.filter(pk=world.plan.pk).update(status=PlanStatus.PUBLISHED)
    response = admin_client.get(grid_url(world))
    page = text(response)
    assert "'게시' 상태라 고칠 수 없습니다" in page
    assert response.context["can_save"] is False
    assert f'name="{team_cell(world, "행정팀", 2023)}"' not in page
    data = {DIGEST_FIELD: response.context["grid"].digest, team_cell(world, "행정팀", 2023): "1"}
    assert admin_client.post(grid_url(world), data).status_code == 403
    # 2021 and 2020 are no plan's: open.
    assert admin_client.get(grid_url(world, year=2021)).context["can_save"] is True


def test_the_budget_figures_match_the_report_on_the_demo_rounding(world):
    """Rounding half up to one decimal, as the report: 1/16 is 6.25% → 6.3%."""
    BudgetLine.objects.filter(department=world.department).delete()
    team = world.teams["행정팀"]
    for year, amount in ((2023, 17), (2022, 16)):
        BudgetLine.objects.create(
            department=world.department, fiscal_year=year, team=team, order=1, amount=amount
        )
    grid = budget_grid(department=world.department, year=2023)
    assert (row(grid, "행정팀").change_amount, row(grid, "행정팀").change_rate) == ("1", "6.3%")
    assert figures.change(17, 16).format() == "1(6.3%)"
