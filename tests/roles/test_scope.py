"""What the permission matrix does not show cell by cell: autocomplete and foreign-key choices,
inline rows, values posted by hand, new rows in an import, exports, list filters, the staffing
grid, the whole-plan workbook, and the workflow lock."""

from __future__ import annotations

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budget.models import BudgetLine, FundingRow
from civic.models import CitizenSuggestion
from personnel.admin_staffing import DIGEST_FIELD, cell_name
from personnel.models import Department, StaffingCount, Team, WelfareProgram
from personnel.roles import PUBLISHER, READER, REVIEWER, WRITER
from plans.exchange.workbook.writer import plan_workbook
from plans.models import PlanStatus, TaskCard, WorkPlan
from tests.admin.forms import change_form_data
from tests.roles.conftest import login
from tests.workbooks import cell, column_of, edited

pytestmark = pytest.mark.django_db


def url(model, action: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=args)


def text(response) -> str:
    return html.unescape(response.content.decode())


def autocomplete(client, model, field_name: str) -> set[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": model._meta.app_label,
            "model_name": model._meta.model_name,
            "field_name": field_name,
            "term": "",
        },
    )
    assert response.status_code == 200
    return {result["id"] for result in response.json()["results"]}


def ids(*objects) -> set[str]:
    return {str(obj.pk) for obj in objects}


# ---------------------------------------------------------------------------------------------
# Choosing: autocomplete and foreign keys


def test_autocomplete_offers_only_what_the_role_may_pick(world):
    own, other = world.teams["own"], world.teams["team"]
    writer, reviewer = login(world.users[WRITER]), login(world.users[REVIEWER])
    # A card's team: a 작성자 its own, a 검토자 any team of the department.
    assert autocomplete(writer, TaskCard, "team") == ids(own)
    assert autocomplete(reviewer, TaskCard, "team") == ids(own, other)
    # A funding row's card: the cards the role may write.
    assert autocomplete(writer, FundingRow, "card") == ids(world.cards["own"])
    assert autocomplete(reviewer, FundingRow, "card") == ids(
        world.cards["own"], world.cards["team"]
    )
    # A plan's department: only one's own, never another county's.
    assert autocomplete(reviewer, WorkPlan, "department") == ids(own.department)
    # Where a key decides nothing about the reach, the choice is what the role reads: the
    # county's departments for a suggestion's 담당 과, never another county's.
    reader = login(world.users[READER])
    departments = ids(own.department, world.teams["dept"].department)
    assert autocomplete(reader, CitizenSuggestion, "responsible_department") == departments


def test_a_value_posted_by_hand_outside_the_reach_is_refused(world):
    writer = login(world.users[WRITER])
    card = world.cards["own"]
    page = writer.get(url(TaskCard, "change", card.pk))
    data = change_form_data(page)
    # Moving one's own card to another team: not a choice the form offers.
    response = writer.post(
        url(TaskCard, "change", card.pk), {**data, "team": world.teams["team"].pk}
    )
    assert response.status_code == 200
    assert "team" in response.context["adminform"].form.errors
    card.refresh_from_db()
    assert card.team == world.teams["own"]
    # A new card in another team's name, or in another department's plan.
    add = writer.get(url(TaskCard, "add"))
    assert add.status_code == 200
    for values in (
        {"team": world.teams["team"].pk, "plan": world.plans["own"].pk},
        {"team": world.teams["own"].pk, "plan": world.plans["dept"].pk},
    ):
        posted = {
            **change_form_data(add),
            **{"section": "main", "number": "9", "title": "몰래", "funding_unit": "백만원"},
            **values,
        }
        response = writer.post(url(TaskCard, "add"), posted)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors
    assert not TaskCard.objects.filter(title="몰래").exists()


def test_a_writer_may_not_make_a_budget_line_without_a_team(world):
    department = world.teams["own"].department
    posted = {
        **{"department": department.pk, "fiscal_year": "2023", "account": "general"},
        **{"stage": "original", "order": "9", "team": "", "heading": "예비비", "amount": "5"},
    }
    response = login(world.users[WRITER]).post(url(BudgetLine, "add"), posted)
    assert response.status_code == 200
    assert "팀이 정해지지 않은 부서 예산은 검토자만 고칠 수 있습니다 (행정팀 작성자)." in text(
        response
    )
    response = login(world.users[REVIEWER]).post(url(BudgetLine, "add"), posted)
    assert response.status_code == 302
    assert BudgetLine.objects.filter(heading="예비비").count() == 1


def test_a_team_may_change_its_functions_only(world):
    writer = login(world.users[WRITER])
    team = world.teams["own"]
    page = writer.get(url(Team, "change", team.pk))
    assert list(page.context["adminform"].form.fields) == ["functions"]
    response = writer.post(
        url(Team, "change", team.pk),
        {"functions": "인사관리, 선거", "name": "바꾼팀", "order": "7"},
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert (team.functions, team.name, team.order) == ("인사관리, 선거", "행정팀", 1)


# ---------------------------------------------------------------------------------------------
# Inlines, lists, filters, exports


def test_inline_rows_are_those_the_role_sees(world):
    department = world.teams["own"].department
    writer, reviewer = login(world.users[WRITER]), login(world.users[REVIEWER])

    def teams_listed(client) -> list[Team]:
        page = client.get(url(Department, "change", department.pk))
        assert page.status_code == 200
        inlines = page.context["inline_admin_formsets"]
        teams = next(inline.formset for inline in inlines if inline.formset.model is Team)
        return [form.instance for form in teams.forms]

    assert teams_listed(writer) == [world.teams["own"]]
    assert set(teams_listed(reviewer)) == {world.teams["own"], world.teams["team"]}

    # The plan's page lists its cards (the hub of plans.admin.hub) by the same reach.
    def cards_listed(client) -> set[TaskCard]:
        page = client.get(url(WorkPlan, "change", world.plans["own"].pk))
        assert page.status_code == 200
        return {item.card for chapter in page.context["hub"].chapters for item in chapter.cards}

    assert cards_listed(writer) == {world.cards["own"]}
    assert cards_listed(reviewer) == {world.cards["own"], world.cards["team"]}


def test_list_filters_offer_only_what_the_role_sees(world):
    page = text(login(world.users[WRITER]).get(url(TaskCard, "changelist")))
    assert "자치행정과" in page
    for hidden in ("서무팀", "민원과", "민원팀", "총무과", "진천군"):
        assert hidden not in page, hidden


def test_an_export_holds_only_the_rows_the_role_sees(world):
    response = login(world.users[WRITER]).post(
        url(TaskCard, "export"), {"format": "1", "resource": "0"}
    )
    assert response.status_code == 200
    exported = response.content.decode("utf-8-sig")
    assert "과제 own" in exported
    for hidden in ("과제 team", "과제 dept", "과제 org"):
        assert hidden not in exported


# ---------------------------------------------------------------------------------------------
# Imports of new rows


def card_file(*rows) -> bytes:
    header = ["과", "연도", "구분", "번호", "과제명", "담당 팀"]
    buffer = io.StringIO()
    import csv

    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue().encode("utf-8")


def upload(client, model, data: bytes):
    return client.post(
        url(model, "import"), {"import_file": SimpleUploadedFile("cards.csv", data), "format": ""}
    )


def test_an_import_of_a_new_row_for_another_team_is_refused_naming_the_row(world):
    writer = login(world.users[WRITER])
    data = card_file(
        ["자치행정과", 2023, "주요업무계획", 10, "새 과제", "행정팀"],
        ["자치행정과", 2023, "주요업무계획", 11, "남의 과제", "서무팀"],
    )
    response = upload(writer, TaskCard, data)
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert "3행 '담당 팀' 열: 서무팀의 과제는 가져올 수 없습니다 (행정팀 작성자)." in text(response)
    assert not TaskCard.objects.filter(number__in=(10, 11)).exists()

    # The own team's row alone is accepted, and confirming writes it.
    data = card_file(["자치행정과", 2023, "주요업무계획", 10, "새 과제", "행정팀"])
    preview = upload(writer, TaskCard, data)
    assert "confirm_form" in preview.context
    confirm = preview.context["confirm_form"]
    response = writer.post(url(TaskCard, "process_import"), {
        name: confirm[name].value() for name in confirm.fields
    })  # fmt: skip
    assert response.status_code == 302
    assert TaskCard.objects.get(number=10).team == world.teams["own"]


def test_an_import_into_another_department_is_refused(world):
    data = card_file(["민원과", 2023, "주요업무계획", 10, "남의 과의 과제", "민원팀"])
    response = upload(login(world.users[REVIEWER]), TaskCard, data)
    assert "2행 '연도' 열: 다른 과의 과제는 가져올 수 없습니다 (행정팀 검토자)." in text(response)


# ---------------------------------------------------------------------------------------------
# The workflow lock


def test_a_plan_in_review_makes_its_cards_read_only_for_everyone(world, admin_client):
    plan = world.plans["own"]
    plan.status = PlanStatus.IN_REVIEW
    plan.save()
    card = world.cards["own"]
    funding = FundingRow.objects.get(card=card)
    for client in (login(world.users[WRITER]), login(world.users[REVIEWER]), admin_client):
        page = client.get(url(TaskCard, "change", card.pk))
        assert page.status_code == 200
        assert "'검토 중' 상태라 고칠 수 없습니다" in text(page)
        assert page.context["has_change_permission"] is False  # shown read-only
        assert (
            client.post(url(TaskCard, "change", card.pk), change_form_data(page)).status_code == 403
        )
        assert client.post(url(TaskCard, "delete", card.pk), {"post": "yes"}).status_code == 403
        assert (
            client.get(url(FundingRow, "change", funding.pk)).context["has_change_permission"]
            is False
        )
        assert (
            client.get(url(WorkPlan, "change", plan.pk)).context["has_change_permission"] is False
        )
    assert TaskCard.objects.filter(pk=card.pk, title="과제 own").exists()

    # Adding a card to it is refused too, naming the plan.
    reviewer = login(world.users[REVIEWER])
    add = reviewer.get(url(TaskCard, "add"))
    posted = {
        **change_form_data(add),
        **{"plan": plan.pk, "team": world.teams["own"].pk, "section": "main", "number": "9"},
        **{"title": "늦은 과제", "funding_unit": "백만원"},
    }
    response = reviewer.post(url(TaskCard, "add"), posted)
    assert response.status_code == 200
    assert "'검토 중' 상태라 고칠 수 없습니다" in text(response)
    # And so is an import over it.
    data = card_file(["자치행정과", 2023, "주요업무계획", 1, "바꾼 제목", "행정팀"])
    response = upload(reviewer, TaskCard, data)
    assert "2행 '연도' 열: 2023년 자치행정과 업무계획은 '검토 중' 상태라" in text(response)
    # The civic registers are not the plan's: they stay open.
    township = world.rows["civic.Township"]["own"]
    page = reviewer.get(url(type(township), "change", township.pk))
    assert page.context["has_change_permission"] is True


def test_department_year_data_a_plan_prints_is_locked_with_it(world, admin_client):
    plan = world.plans["own"]
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = plan.updated_at
    plan.save()
    reviewer = login(world.users[REVIEWER])
    line = world.rows["budget.BudgetLine"]["own"]
    count = world.rows["personnel.StaffingCount"]["own"]
    welfare = WelfareProgram.objects.get(department=plan.department)
    last_year = BudgetLine.objects.create(
        department=plan.department, fiscal_year=2022, team=world.teams["own"], order=1, amount=1
    )
    older = BudgetLine.objects.create(
        department=plan.department, fiscal_year=2021, team=world.teams["own"], order=1, amount=1
    )
    for model, obj, locked in (
        (BudgetLine, line, True),
        (BudgetLine, last_year, True),  # printed as last year's figure in the 2023 plan
        (BudgetLine, older, False),
        (StaffingCount, count, True),
        (WelfareProgram, welfare, True),
    ):
        page = reviewer.get(url(model, "change", obj.pk))
        assert page.context["has_change_permission"] is not locked, (model, obj)
    # Another department's figures of the same year are not this plan's.
    other = world.rows["budget.BudgetLine"]["dept"]
    page = login(world.users[WRITER]).get(url(BudgetLine, "change", line.pk))
    assert "'게시' 상태라 고칠 수 없습니다" in text(page)
    page = admin_client.get(url(BudgetLine, "change", other.pk))
    assert page.context["has_change_permission"] is True


# ---------------------------------------------------------------------------------------------
# The staffing grid


def grid_url(team, year=2023) -> str:
    base = reverse("admin:personnel_staffingcount_grid")
    return f"{base}?department={team.department_id}&year={year}"


def grid_data(page) -> dict:
    data = {DIGEST_FIELD: page.context["grid"].digest}
    for row in page.context["grid"].rows:
        for grid_cell in row.cells:
            if not grid_cell.column.is_subtotal:
                data[grid_cell.current_name] = grid_cell.current
                data[grid_cell.authorized_name] = grid_cell.authorized
    return data


def test_the_staffing_grid_lets_a_writer_change_its_own_row_only(world):
    own, other = world.teams["own"], world.teams["team"]
    grade = world.rows["personnel.Grade"]["own"]
    writer = login(world.users[WRITER])
    page = writer.get(grid_url(own))
    assert page.status_code == 200
    assert page.context["can_save"]
    assert page.context["readonly_team_ids"] == {other.pk}
    assert [department.pk for department in page.context["departments"]] == [own.department_id]
    assert "행정팀 행만 고칠 수 있습니다 (행정팀 작성자)." in text(page)
    # Another department's grid cannot be opened.
    assert writer.get(grid_url(world.teams["dept"])).status_code == 404

    data = grid_data(page)
    data[cell_name(own.pk, grade.pk, "current")] = "1"
    assert writer.post(grid_url(own), data).status_code == 302
    assert StaffingCount.objects.get(team=own).current == 1

    page = writer.get(grid_url(own))
    data = grid_data(page)
    data[cell_name(other.pk, grade.pk, "current")] = "0"
    assert writer.post(grid_url(own), data).status_code == 403
    assert StaffingCount.objects.get(team=other).current == 2
    # Left out (a disabled input), the other team's cells keep their stored values.
    data = grid_data(page)
    del (
        data[cell_name(other.pk, grade.pk, "current")],
        data[cell_name(other.pk, grade.pk, "authorized")],
    )
    assert writer.post(grid_url(own), data).status_code == 302
    assert StaffingCount.objects.get(team=other).current == 2

    # A 검토자 changes every row of the department.
    reviewer = login(world.users[REVIEWER])
    page = reviewer.get(grid_url(own))
    assert page.context["readonly_team_ids"] == frozenset()
    data = grid_data(page)
    data[cell_name(other.pk, grade.pk, "current")] = "1"
    assert reviewer.post(grid_url(own), data).status_code == 302
    assert StaffingCount.objects.get(team=other).current == 1
    # 게시관리자 and 열람자 read it.
    for role in (PUBLISHER, READER):
        client = login(world.users[role])
        assert client.get(grid_url(own)).context["can_save"] is False
        assert client.post(grid_url(own), data).status_code == 403


def test_the_staffing_grid_of_a_published_plans_year_is_read_only(world, admin_client):
    plan = world.plans["own"]
    plan.status = PlanStatus.APPROVED
    plan.save()
    own = world.teams["own"]
    for client in (login(world.users[REVIEWER]), admin_client):
        page = client.get(grid_url(own))
        assert page.context["can_save"] is False
        assert "'승인' 상태라 고칠 수 없습니다" in text(page)
        assert client.post(grid_url(own), grid_data(page)).status_code == 403
    # Another year that no plan prints is open.
    assert admin_client.get(grid_url(own, year=2020)).context["can_save"] is True


# ---------------------------------------------------------------------------------------------
# The whole-plan workbook


@pytest.fixture
def pending_dir(tmp_path, monkeypatch):
    monkeypatch.setattr("plans.admin.workbook.PENDING_DIR", tmp_path)
    return tmp_path


def workbook_of(plan, edit=None) -> bytes:
    data = plan_workbook(plan)
    return edited(data, edit) if edit else data


def upload_workbook(client, data: bytes):
    return client.post(
        reverse("admin:plans_workplan_import_workbook"),
        {"workbook": SimpleUploadedFile("plan.xlsx", data)},
    )


def retitle(workbook):
    """The first card's title changed."""
    cards = workbook["과제"]
    cards.cell(3, column_of(cards, "과제명")).value = "고친 과제명"


def county_budget(workbook):
    cell(workbook["군예산"], "총액", 회계연도=2023).value = 2_000_000


def test_a_writer_cannot_import_a_whole_plan(world, pending_dir):
    writer = login(world.users[WRITER])
    assert writer.get(reverse("admin:plans_workplan_import_workbook")).status_code == 403
    data = workbook_of(world.plans["own"], retitle)
    assert upload_workbook(writer, data).status_code == 403
    assert world.cards["own"].title == TaskCard.objects.get(pk=world.cards["own"].pk).title


def test_a_reviewer_imports_its_departments_plan_within_its_permissions(world, pending_dir):
    reviewer = login(world.users[REVIEWER])
    preview = upload_workbook(reviewer, workbook_of(world.plans["own"], retitle))
    assert preview.status_code == 200, text(preview)
    assert "token" in preview.context, preview.context.get("errors")
    response = reviewer.post(
        reverse("admin:plans_workplan_import_workbook"), {"token": preview.context["token"]}
    )
    assert response.status_code == 302
    assert TaskCard.objects.get(pk=world.cards["own"].pk).title == "고친 과제명"


@pytest.mark.parametrize(
    ("target", "edit", "message"),
    [
        pytest.param(
            "own",
            county_budget,
            "군 전체 예산 표는 관리자만 바꿀 수 있습니다",
            id="reference-data",
        ),
        pytest.param(
            "dept", retitle, "다른 과의 업무계획은 가져올 수 없습니다 (행정팀 검토자).", id="other"
        ),
    ],
)
def test_a_reviewer_cannot_import_beyond_its_reach(world, pending_dir, target, edit, message):
    before = list(TaskCard.objects.values_list("title", flat=True))
    response = upload_workbook(login(world.users[REVIEWER]), workbook_of(world.plans[target], edit))
    assert response.status_code == 200
    assert "token" not in response.context
    assert message in text(response)
    assert list(TaskCard.objects.values_list("title", flat=True)) == before


def test_nobody_imports_over_a_plan_in_review(world, pending_dir, admin_client):
    plan = world.plans["own"]
    data = workbook_of(plan, retitle)
    WorkPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.IN_REVIEW)
    for client in (login(world.users[REVIEWER]), admin_client):
        response = upload_workbook(client, data)
        assert "'검토 중' 상태라 고칠 수 없습니다" in text(response)
        assert "token" not in response.context
