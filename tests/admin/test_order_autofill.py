"""순서 fields fill themselves (plans.admin.ordering): an ``order`` (a card's ``number``) left
empty in an admin form or an inline row gets the next free value within its parent, several new
rows of one formset consecutive ones, and nobody is told a bare "필수 항목입니다." for it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from budget.models import BudgetLine
from personnel.models import Bureau, Department, DepartmentKind, Organization
from personnel.roles import REVIEWER
from plans.models import AchievementGroup, CardFact, PlanItem, Section, TaskCard
from tests.admin.forms import add_inline_row, change_form_data
from tests.admin.office import build_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return build_office(cards=3)


def add_card(office, *, section: str, number: str = "", title: str = "새 과제", rows=()):
    client = office.client(REVIEWER)
    url = reverse("admin:plans_taskcard_add")
    data = change_form_data(client.get(url))
    data.update(
        plan=str(office.plan.pk),
        section=section,
        number=number,
        title=title,
        team=str(office.teams[0].pk),
    )
    for prefix, values in rows:
        add_inline_row(data, prefix, values)
    return client.post(url, data)


@pytest.mark.parametrize(("section", "expected"), [(Section.MAIN, 4), (Section.SPECIAL, 1)])
def test_a_card_left_without_a_number_takes_the_next_of_its_chapter(office, section, expected):
    response = add_card(office, section=section)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert TaskCard.objects.get(title="새 과제").number == expected


def test_a_typed_number_is_kept_and_a_taken_one_is_refused_by_its_own_message(office):
    assert add_card(office, section=Section.MAIN, number="9").status_code == 302
    assert TaskCard.objects.get(title="새 과제").number == 9
    response = add_card(office, section=Section.MAIN, number="9", title="또 새 과제")
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors)
    assert "같은 구분에 같은 번호의 과제가 이미 있습니다." in errors


def test_the_number_field_says_it_fills_itself(office):
    form = office.client(REVIEWER).get(reverse("admin:plans_taskcard_add")).context["adminform"]
    field = form.form.fields["number"]
    assert not field.required
    assert field.help_text == "비워 두면 다음 번호가 자동으로 들어갑니다."


def test_rows_of_a_new_card_are_numbered_from_one(office):
    response = add_card(
        office,
        section=Section.MAIN,
        rows=[
            ("facts", {"label": "기간", "value": "연중"}),
            ("facts", {"label": "대상", "value": "군민"}),
            ("plan_items", {"text": "계획 하나"}),
        ],
    )
    assert response.status_code == 302, response.context["errors"]
    card = TaskCard.objects.get(title="새 과제")
    assert list(CardFact.objects.filter(card=card).values_list("label", "order")) == [
        ("기간", 1),
        ("대상", 2),
    ]
    assert list(card.plan_items.values_list("order", flat=True)) == [1]


def test_new_inline_rows_continue_after_the_stored_and_the_typed_ones(office):
    client = office.client(REVIEWER)
    card = TaskCard.objects.get(plan=office.plan, number=1)
    assert list(card.plan_items.values_list("order", flat=True)) == [1, 2]
    url = reverse("admin:plans_taskcard_change", args=[card.pk])
    data = change_form_data(client.get(url))
    add_inline_row(data, "plan_items", {"text": "셋째"})
    add_inline_row(data, "plan_items", {"text": "넷째"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert list(card.plan_items.values_list("text", "order"))[2:] == [("셋째", 3), ("넷째", 4)]

    data = change_form_data(client.get(url))
    add_inline_row(data, "plan_items", {"text": "일곱째", "order": "7"})
    add_inline_row(data, "plan_items", {"text": "그다음"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert PlanItem.objects.get(card=card, text="그다음").order == 8


def test_inline_order_inputs_say_they_fill_themselves(office):
    card = TaskCard.objects.get(plan=office.plan, number=1)
    page = office.client(REVIEWER).get(reverse("admin:plans_taskcard_change", args=[card.pk]))
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        if "order" not in formset.form.base_fields:
            continue
        assert not formset.empty_form.fields["order"].required
        assert 'placeholder="자동"' in str(formset.empty_form["order"])


def test_an_achievement_left_without_an_order_takes_the_next(office):
    client = office.client(REVIEWER)
    url = reverse("admin:plans_achievementgroup_add")
    data = change_form_data(client.get(url))
    data.update(plan=str(office.plan.pk), title="둘째 성과", order="")
    add_inline_row(data, "items", {"text": "항목"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    group = AchievementGroup.objects.get(title="둘째 성과")
    assert group.order == 2
    assert list(group.items.values_list("order", flat=True)) == [1]


def test_a_budget_line_takes_the_next_order_of_its_department_year_and_account(office):
    client = office.client(REVIEWER)
    url = reverse("admin:budget_budgetline_add")
    data = change_form_data(client.get(url))
    data.update(
        department=str(office.plan.department_id),
        fiscal_year=str(office.plan.year),
        heading="예비비",
        amount="1000",
        order="",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    stored = BudgetLine.objects.filter(
        department=office.plan.department, fiscal_year=office.plan.year
    )
    line = stored.get(heading="예비비")
    assert line.order == max(stored.exclude(pk=line.pk).values_list("order", flat=True)) + 1


def test_a_form_missing_what_the_order_depends_on_names_that_field_not_the_order(office):
    client = office.client(REVIEWER)
    url = reverse("admin:budget_budgetline_add")
    data = change_form_data(client.get(url))
    data.update(department="", fiscal_year=str(office.plan.year), heading="예비비", amount="1")
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "order" not in errors
    assert "department" in errors


def test_a_department_under_the_county_is_numbered_among_those_with_no_bureau(admin_client):
    """A 실 directly under the county has no 국 to be numbered in: its order comes from the
    second constraint (county, order where there is no 국), not a demand for a 국."""
    county = Organization.objects.create(name="시험군")
    bureau = Bureau.objects.create(organization=county, name="행정국", order=1)
    Department.objects.create(organization=county, bureau=bureau, name="총무과", slug="a", order=5)
    Department.objects.create(organization=county, name="감사담당관", slug="b", order=2)
    url = reverse("admin:personnel_department_add")
    data = change_form_data(admin_client.get(url))
    data.update(organization=str(county.pk), kind=DepartmentKind.OFFICE, name="기획감사실")
    data.update(slug="c", order="")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    # Numbered after the other department with no bureau (2), not after 총무과 (5).
    assert Department.objects.get(name="기획감사실").order == 3
    data.update(bureau=str(bureau.pk), name="재무과", slug="d")
    assert admin_client.post(url, data).status_code == 302
    assert Department.objects.get(name="재무과").order == 6
