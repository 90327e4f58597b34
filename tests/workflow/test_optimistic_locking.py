"""No lost updates on a task card (plans.access.locking): two editors load the same card form and
both save; the second save is refused with what changed, nothing of either is lost, and the
form shown again can be saved with the other change in view."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from plans.models import PlanItem, TaskCard
from tests.admin.forms import change_form_data
from tests.helpers import text_of
from tests.workflow.helpers import publishable_plan, staff

pytestmark = pytest.mark.django_db

OLD_TITLE = "주민자치회 전면 실시"
NEW_TITLE = "주민자치회 전면 확대"
OLD_OVERVIEW = "주민자치회 전환으로 풀뿌리자치의 활성화"
NEW_OVERVIEW = "읍면 주민자치회 전면 운영"
CONFLICT = "다른 사람이 이 과제를 고쳐 저장했습니다"


@pytest.fixture
def card() -> TaskCard:
    plan = publishable_plan(cards=1)  # a draft: every part of it may be edited
    card = plan.cards.get()
    card.title, card.overview = OLD_TITLE, OLD_OVERVIEW
    card.save()
    return card


def editor(username: str, full_name: str) -> Client:
    client = Client()
    client.force_login(staff(username, team=None, superuser=True, full_name=full_name))
    return client


def change_url(card: TaskCard) -> str:
    return reverse("admin:plans_taskcard_change", args=[card.pk])


def loaded(client: Client, card: TaskCard) -> dict:
    """The card's change form as the editor's browser loaded it, ready to post."""
    response = client.get(change_url(card))
    assert response.status_code == 200
    data = change_form_data(response)
    assert data["loaded_state"]
    return data


def errors_of(response) -> list[str]:
    return list(response.context["adminform"].form.non_field_errors())


def saved(response) -> bool:
    if response.status_code == 302:
        return True
    form = response.context["adminform"].form
    inline_errors = [
        form.errors
        for formset in response.context["inline_admin_formsets"]
        for form in formset.formset.forms
        if form.errors
    ]
    pytest.fail(f"not saved: {form.errors} {inline_errors}")


def test_the_second_of_two_saves_is_refused_and_nothing_is_lost(card):
    kim, lee = editor("kim", "김철수"), editor("lee", "이영희")
    first, second = loaded(kim, card), loaded(lee, card)

    first["title"] = NEW_TITLE
    assert saved(kim.post(change_url(card), first))

    second["overview"] = NEW_OVERVIEW
    refused = lee.post(change_url(card), second)
    assert refused.status_code == 200
    messages = errors_of(refused)
    assert CONFLICT in messages[0]
    assert "김철수" in messages[0]  # who saved in between, from the card's history
    assert f"바뀐 내용: 과제명: {OLD_TITLE} → {NEW_TITLE}" in messages
    assert CONFLICT in text_of(refused)
    assert f"바뀐 내용: 과제명: {OLD_TITLE} → {NEW_TITLE}" in text_of(refused)
    stored = TaskCard.objects.get(pk=card.pk)
    assert (stored.title, stored.overview) == (NEW_TITLE, OLD_OVERVIEW)

    # The editor's input stays in the form, the field they left as loaded shows the other
    # editor's value, and the form now carries the state it was compared with.
    again = change_form_data(refused)
    assert again["overview"] == NEW_OVERVIEW
    assert again["title"] == NEW_TITLE
    assert again["loaded_state"] != second["loaded_state"]
    assert saved(lee.post(change_url(card), again))
    stored = TaskCard.objects.get(pk=card.pk)
    assert (stored.title, stored.overview) == (NEW_TITLE, NEW_OVERVIEW)


def test_a_field_both_editors_changed_keeps_the_second_editors_input(card):
    kim, lee = editor("kim", "김철수"), editor("lee", "이영희")
    first, second = loaded(kim, card), loaded(lee, card)
    first["title"], first["is_pending_issue"] = NEW_TITLE, "on"
    assert saved(kim.post(change_url(card), first))

    second["title"] = "세 번째 과제명"
    refused = lee.post(change_url(card), second)
    assert f"바뀐 내용: 과제명: {OLD_TITLE} → {NEW_TITLE}" in errors_of(refused)
    assert any(line.startswith("바뀐 내용: 현안: ") for line in errors_of(refused))
    again = change_form_data(refused)
    assert again["title"] == "세 번째 과제명"  # their decision, with the other in view
    assert again.get("is_pending_issue") == "on"  # left as loaded: the other change shows
    assert saved(lee.post(change_url(card), again))
    stored = TaskCard.objects.get(pk=card.pk)
    assert (stored.title, stored.is_pending_issue) == ("세 번째 과제명", True)


def test_a_change_to_a_part_between_loading_and_saving_is_detected(card):
    lee = editor("lee", "이영희")
    form = loaded(lee, card)
    item = PlanItem.objects.filter(card=card).order_by("order").first()
    old_text = item.text
    item.text = "다른 사람이 고친 추진계획"
    item.save()

    form["title"] = NEW_TITLE
    refused = lee.post(change_url(card), form)
    assert refused.status_code == 200
    messages = errors_of(refused)
    assert CONFLICT in messages[0]
    assert f"바뀐 내용: 추진계획 내용: {old_text} → 다른 사람이 고친 추진계획" in messages
    assert TaskCard.objects.get(pk=card.pk).title == OLD_TITLE
    assert PlanItem.objects.get(pk=item.pk).text == "다른 사람이 고친 추진계획"

    # The form shown again still holds this editor's copy of the rows, so it cannot save
    # them over the other change: saving again is refused too, until the page is reloaded.
    again = lee.post(change_url(card), change_form_data(refused))
    assert again.status_code == 200
    assert any("새로 불러와" in line for line in errors_of(again))
    assert PlanItem.objects.get(pk=item.pk).text == "다른 사람이 고친 추진계획"
    fresh = loaded(lee, card)
    fresh["title"] = NEW_TITLE
    assert saved(lee.post(change_url(card), fresh))
    assert TaskCard.objects.get(pk=card.pk).title == NEW_TITLE
    assert PlanItem.objects.get(pk=item.pk).text == "다른 사람이 고친 추진계획"


def test_a_part_edited_on_its_own_admin_page_is_detected(card):
    kim, lee = editor("kim", "김철수"), editor("lee", "이영희")
    form = loaded(lee, card)
    item = PlanItem.objects.filter(card=card).order_by("order").first()
    item_url = reverse("admin:plans_planitem_change", args=[item.pk])
    item_form = change_form_data(kim.get(item_url))
    item_form["target"] = "10개소"
    assert saved(kim.post(item_url, item_form))

    form["overview"] = NEW_OVERVIEW
    refused = lee.post(change_url(card), form)
    assert refused.status_code == 200
    assert any(line.startswith("바뀐 내용: 추진계획 목표") for line in errors_of(refused))
    assert TaskCard.objects.get(pk=card.pk).overview == OLD_OVERVIEW


def test_a_tampered_loaded_state_is_refused(card):
    lee = editor("lee", "이영희")
    form = loaded(lee, card)
    form["title"] = NEW_TITLE
    for token in (form["loaded_state"][:-3] + "xyz", "", "bm90IHNpZ25lZA"):
        refused = lee.post(change_url(card), {**form, "loaded_state": token})
        assert refused.status_code == 200
        assert "이 화면을 연 뒤의 상태를 확인할 수 없습니다." in errors_of(refused)[0]
        assert TaskCard.objects.get(pk=card.pk).title == OLD_TITLE


def test_a_single_editor_saves_as_usual(card):
    kim = editor("kim", "김철수")
    form = loaded(kim, card)
    form["title"] = NEW_TITLE
    form["plan_items-0-text"] = "바뀐 추진계획"
    assert saved(kim.post(change_url(card), form))
    stored = TaskCard.objects.get(pk=card.pk)
    assert stored.title == NEW_TITLE
    assert stored.plan_items.order_by("order").first().text == "바뀐 추진계획"
    # Loading again and saving again works too: the new form carries the new state.
    form = loaded(kim, card)
    form["overview"] = NEW_OVERVIEW
    assert saved(kim.post(change_url(card), form))
    assert TaskCard.objects.get(pk=card.pk).overview == NEW_OVERVIEW
