"""The plan's admin page is the hub of the work (plans.admin.hub): it lists every chapter with
its links, each add form starts filled in from the plan, and every page opened from it (a card,
a 주요성과, a budget line, the staffing grid, the plan's own 정책방향) comes back to it after
saving."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from budget.models import BudgetLine
from personnel.admin_staffing import DIGEST_FIELD, cell_name
from personnel.models import StaffingCount
from personnel.roles import READER, REVIEWER, WRITER
from plans.models import AchievementGroup, PlanStatus, Section, TaskCard, WorkPlan
from tests.admin.forms import change_form_data
from tests.admin.office import INLINE, build_office, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return build_office(cards=3)


def hub_url(plan) -> str:
    return reverse("admin:plans_workplan_change", args=[plan.pk])


def hub_of(office, who: str):
    response = office.client(who).get(hub_url(office.plan))
    assert response.status_code == 200
    return response


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_the_hub_lists_every_chapter_with_its_links(office):
    response = hub_of(office, REVIEWER)
    hub = response.context["hub"]
    text = text_of(response)
    for heading in ("I. 일반현황", "II. 2022년 주요성과", "III. 2023년 정책방향",
                    "IV. 2023년 주요업무계획", "V. 특수시책"):  # fmt: skip
        assert heading in text
    assert "인력 현황 입력" in text and "예산 항목 추가" in text and "주요성과 추가" in text
    main = hub.chapters[0]
    assert [item.card.code for item in main.cards] == ["IV-1", "IV-2", "IV-3"]
    assert all(item.url.endswith(f"?_hub={office.plan.pk}") for item in main.cards)
    # The staffing grid of the plan's department and year, with the way back.
    assert query(hub.staffing_url) == {
        "department": str(office.plan.department_id),
        "year": str(office.plan.year),
        "_hub": str(office.plan.pk),
    }
    assert INLINE.findall(response.content.decode()) == []


def test_a_writer_sees_its_team_cards_and_the_budget_without_a_partial_total(office):
    hub = hub_of(office, WRITER).context["hub"]
    own = office.cards(office.teams[0])
    assert [item.card for item in hub.chapters[0].cards] == own
    assert hub.budget_total is None
    assert {line.team_id for line, _url in hub.budget_lines} <= {office.teams[0].pk, None}
    # Its add form starts with its own team.
    assert query(hub.chapters[0].add_url)["team"] == str(office.teams[0].pk)
    assert query(hub.budget_add_url)["team"] == str(office.teams[0].pk)


def test_the_add_card_form_starts_with_the_plan_the_next_number_and_the_writer_team(office):
    hub = hub_of(office, WRITER).context["hub"]
    main, special = hub.chapters
    assert query(main.add_url) == {
        "plan": str(office.plan.pk),
        "section": Section.MAIN,
        "number": "4",
        "team": str(office.teams[0].pk),
        "_hub": str(office.plan.pk),
    }
    assert query(special.add_url)["number"] == "1"
    form = office.client(WRITER).get(main.add_url).context["adminform"].form
    assert form.initial["plan"] == str(office.plan.pk)
    assert str(form.initial["number"]) == "4"
    assert str(form.initial["team"]) == str(office.teams[0].pk)
    # The number input knows each chapter's next number, for its script.
    html = form["number"].as_widget()
    assert 'data-next-main="4"' in html and 'data-next-special="1"' in html


def test_a_card_added_from_the_hub_comes_back_to_the_hub(office):
    client = office.client(WRITER)
    add_url = hub_of(office, WRITER).context["hub"].chapters[0].add_url
    data = change_form_data(client.get(add_url))
    data["title"] = "새 과제"
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert response["Location"] == hub_url(office.plan)
    card = TaskCard.objects.get(title="새 과제")
    assert (card.number, card.team, card.plan) == (4, office.teams[0], office.plan)


def test_saving_a_card_opened_from_the_hub_comes_back_and_continuing_keeps_the_way(office):
    client = office.client(REVIEWER)
    card = TaskCard.objects.get(plan=office.plan, number=1)
    url = f"{reverse('admin:plans_taskcard_change', args=[card.pk])}?_hub={office.plan.pk}"
    page = client.get(url)
    assert "업무계획으로 돌아가기" in text_of(page)
    data = change_form_data(page)
    data["title"] = "고친 과제"
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == hub_url(office.plan)

    data = change_form_data(client.get(url))
    response = client.post(url, {**data, "_continue": "1"})
    assert response.status_code == 302
    assert query(response["Location"])["_hub"] == str(office.plan.pk)
    # Opened from anywhere else, a save goes to the list as before.
    plain = reverse("admin:plans_taskcard_change", args=[card.pk])
    response = client.post(plain, change_form_data(client.get(plain)))
    assert response["Location"].startswith(reverse("admin:plans_taskcard_changelist"))


def test_a_card_deleted_from_a_page_opened_from_the_hub_comes_back(office):
    client = office.client(REVIEWER)
    card = TaskCard.objects.get(plan=office.plan, number=3)
    change = f"{reverse('admin:plans_taskcard_change', args=[card.pk])}?_hub={office.plan.pk}"
    delete = f"{reverse('admin:plans_taskcard_delete', args=[card.pk])}?_hub={office.plan.pk}"
    assert delete in client.get(change).content.decode()
    response = client.post(delete, {"post": "yes"})
    assert response.status_code == 302
    assert response["Location"] == hub_url(office.plan)
    assert not TaskCard.objects.filter(pk=card.pk).exists()


def test_an_achievement_added_from_the_hub_comes_back(office):
    client = office.client(REVIEWER)
    add_url = hub_of(office, REVIEWER).context["hub"].achievement_add_url
    data = change_form_data(client.get(add_url))
    data["title"] = "새 성과"
    response = client.post(add_url, data)
    assert response.status_code == 302
    assert response["Location"] == hub_url(office.plan)
    assert AchievementGroup.objects.get(title="새 성과").plan == office.plan


def test_a_budget_line_edited_from_the_hub_comes_back(office):
    client = office.client(REVIEWER)
    hub = hub_of(office, REVIEWER).context["hub"]
    line, url = hub.budget_lines[0]
    data = change_form_data(client.get(url))
    data["amount"] = "12345"
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == hub_url(office.plan)
    assert BudgetLine.objects.get(pk=line.pk).amount == 12345


def test_the_staffing_grid_opened_from_the_hub_comes_back_after_saving(office):
    client = office.client(REVIEWER)
    url = hub_of(office, REVIEWER).context["hub"].staffing_url
    page = client.get(url)
    assert page.status_code == 200
    grid = page.context["grid"]
    data = {DIGEST_FIELD: grid.digest}
    for row in grid.rows:
        for cell in row.cells:
            if cell.column.is_subtotal:
                continue
            data[cell.current_name] = cell.current
            if cell.column.has_authorized:
                data[cell.authorized_name] = cell.authorized
    count = StaffingCount.objects.filter(team__department=office.plan.department).first()
    data[cell_name(count.team_id, count.grade_id, "current")] = str(count.current + 1)
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == hub_url(office.plan)


def test_saving_the_plan_itself_stays_on_the_hub(office):
    client = office.client(REVIEWER)
    data = change_form_data(hub_of(office, REVIEWER))
    data["policy_goal"] = "새 정책목표"
    response = client.post(hub_url(office.plan), data)
    assert response.status_code == 302
    assert response["Location"] == hub_url(office.plan)
    assert WorkPlan.objects.get(pk=office.plan.pk).policy_goal == "새 정책목표"


def test_a_plan_not_in_draft_offers_no_adding_and_says_why(office):
    WorkPlan.objects.filter(pk=office.plan.pk).update(status=PlanStatus.IN_REVIEW)
    response = hub_of(office, REVIEWER)
    hub = response.context["hub"]
    assert hub.locked_reason and hub.locked_reason in text_of(response)
    assert hub.achievement_add_url is None and hub.budget_add_url is None
    assert all(chapter.add_url is None for chapter in hub.chapters)
    assert not any(
        item.can_move_up or item.can_move_down for chapter in hub.chapters for item in chapter.cards
    )


def test_a_reader_sees_the_hub_without_any_way_to_change(office):
    hub = hub_of(office, READER).context["hub"]
    assert hub.achievement_add_url is None and hub.budget_add_url is None
    assert all(chapter.add_url is None for chapter in hub.chapters)
    assert not hub.may_change_plan


def test_the_hub_reads_no_query_per_card(office, django_assert_max_num_queries):
    client = office.client(REVIEWER)
    client.get(hub_url(office.plan))
    for number in range(10, 50):
        TaskCard.objects.create(
            plan=office.plan, number=number, title=f"과제 {number}", team=office.teams[0]
        )
    with django_assert_max_num_queries(45):
        assert client.get(hub_url(office.plan)).status_code == 200
