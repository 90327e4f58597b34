"""The hub's ↑↓ buttons (plans.workflow.numbering through the plan's admin page): a card swaps
its number with its neighbour in the chapter, both or neither, recorded in both cards' history
and the admin's log; refused on a plan that is not a draft, to a role that may not change the
cards, and past a card of another team for a 작성자."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from personnel.roles import PUBLISHER, READER, REVIEWER, WRITER
from plans.models import PlanStatus, TaskCard, WorkPlan
from plans.workflow.numbering import DOWN, UP, move_card
from tests.admin.office import build_office, text_of
from tests.factories import TaskCardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return build_office(cards=4)


def numbers(office) -> dict[str, int]:
    return dict(TaskCard.objects.filter(plan=office.plan).values_list("title", "number"))


def move(office, who: str, card: TaskCard, direction: str, *, follow: bool = False):
    url = reverse("admin:plans_workplan_move_card", args=[office.plan.pk])
    return office.client(who).post(url, {"move": f"{card.pk}:{direction}"}, follow=follow)


def card(office, number: int) -> TaskCard:
    return TaskCard.objects.get(plan=office.plan, section="main", number=number)


def test_a_reviewer_moves_a_card_up_and_both_numbers_change(office):
    second, first = card(office, 2), card(office, 1)
    page = move(office, REVIEWER, second, UP, follow=True)
    assert page.redirect_chain[0][0].endswith("#hub-cards")
    assert numbers(office)[second.title] == 1 and numbers(office)[first.title] == 2
    assert f"과제 번호를 바꿨습니다: IV-1 {second.title}, IV-2 {first.title}" in text_of(page)
    # Each card's history records its new number and why; the admin's log says who.
    latest = second.history.order_by("-history_id").first()
    assert (latest.number, latest.history_change_reason) == (1, "과제 순서 바꿈")
    assert first.history.order_by("-history_id").first().number == 2
    assert LogEntry.objects.filter(change_message__startswith="과제 순서 바꿈").count() == 2


def test_moving_down_and_back_restores_the_chapter(office):
    before = numbers(office)
    moved = card(office, 1)
    assert move(office, REVIEWER, moved, DOWN).status_code == 302
    assert numbers(office)[moved.title] == 2
    assert move(office, REVIEWER, TaskCard.objects.get(pk=moved.pk), UP).status_code == 302
    assert numbers(office) == before


def test_the_first_card_cannot_move_up_and_says_so(office):
    first = card(office, 1)
    page = move(office, REVIEWER, first, UP, follow=True)
    assert "IV-1은(는) 이미 맨 앞입니다." in text_of(page)
    assert numbers(office)[first.title] == 1


def test_a_card_moves_within_its_own_chapter_only(office):
    special = TaskCardFactory(plan=office.plan, team=office.teams[0], section="special", number=1)
    with pytest.raises(ValidationError):
        move_card(special, UP, user=office.users[REVIEWER])
    assert TaskCard.objects.get(pk=special.pk).number == 1


@pytest.mark.parametrize(
    "status", [PlanStatus.IN_REVIEW, PlanStatus.APPROVED, PlanStatus.PUBLISHED]
)
def test_a_plan_that_is_not_a_draft_refuses_every_move(office, status):
    WorkPlan.objects.filter(pk=office.plan.pk).update(status=status, published_at=timezone.now())
    before = numbers(office)
    page = move(office, REVIEWER, card(office, 2), UP, follow=True)
    assert "상태라 고칠 수 없습니다" in text_of(page)
    assert numbers(office) == before


@pytest.mark.parametrize("who", [READER, PUBLISHER])
def test_a_role_that_may_not_change_cards_is_refused(office, who):
    before = numbers(office)
    assert move(office, who, card(office, 2), UP).status_code == 403
    assert numbers(office) == before


def test_a_writer_moves_its_own_cards_but_not_past_another_team(office):
    # Cards 1..4 belong to teams 1, 2, 0, 1: the logins' team (0) has card 3 only.
    own = card(office, 3)
    assert own.team == office.teams[0]
    before = numbers(office)
    assert move(office, WRITER, own, UP).status_code == 403  # card 2 is another team's
    assert numbers(office) == before
    with pytest.raises(PermissionDenied) as refused:
        move_card(own, DOWN, user=office.users[WRITER])
    assert "IV-4" in str(refused.value)

    neighbour = TaskCardFactory(plan=office.plan, team=office.teams[0], number=5)
    TaskCard.objects.filter(pk=card(office, 4).pk).update(team=office.teams[0])
    assert move(office, WRITER, neighbour, UP).status_code == 302
    assert TaskCard.objects.get(pk=neighbour.pk).number == 4


def test_the_hub_offers_the_buttons_only_where_a_move_is_allowed(office):
    hub = office.client(WRITER).get(reverse("admin:plans_workplan_change", args=[office.plan.pk]))
    items = hub.context["hub"].chapters[0].cards
    assert [(i.card.number, i.can_move_up, i.can_move_down) for i in items] == [(3, False, False)]

    hub = office.client(REVIEWER).get(reverse("admin:plans_workplan_change", args=[office.plan.pk]))
    items = hub.context["hub"].chapters[0].cards
    assert [(i.can_move_up, i.can_move_down) for i in items] == [
        (False, True),
        (True, True),
        (True, True),
        (True, False),
    ]
    html = hub.content.decode()
    assert f'form="card-move-form" name="move" value="{card(office, 2).pk}:up"' in html
    assert 'id="card-move-form"' in html


def test_a_get_is_not_a_move(office):
    url = reverse("admin:plans_workplan_move_card", args=[office.plan.pk])
    assert office.client(REVIEWER).get(url).status_code == 405


def test_another_department_plan_cannot_be_reached(office):
    url = reverse("admin:plans_workplan_move_card", args=[office.other_plan.pk])
    response = office.client(REVIEWER).post(url, {"move": f"{office.other_card.pk}:up"})
    assert response.status_code == 404
