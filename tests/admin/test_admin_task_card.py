"""Saving a task card with its inlines in the admin: a refused save shows a Korean message next
to the wrong field and writes nothing at all; a valid save writes everything."""

import pytest
from django.urls import reverse

from budget.models import FundingRow, FundingSource
from plans.models import CardContact, CardFact, PlanItem, ProgressItem, TaskCard
from tests.admin.forms import add_inline_row, change_form_data
from tests.world import build_world

pytestmark = pytest.mark.django_db

MODELS = (TaskCard, CardFact, ProgressItem, PlanItem, FundingRow, CardContact)


def change_url(card) -> str:
    return reverse("admin:plans_taskcard_change", args=[card.pk])


def snapshot() -> dict:
    """Every row of the card models, with every field: what "nothing was written" compares."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}


def edited_post(admin_client, card) -> dict:
    """The card's form as loaded, with valid edits in the card and in two inlines, so a refused
    save must roll back the card itself and the inlines that were fine."""
    response = admin_client.get(change_url(card))
    assert response.status_code == 200
    data = change_form_data(response)
    data["title"] = "바뀐 과제명"
    data["plan_items-0-text"] = "바뀐 추진계획"
    add_inline_row(
        data, "progress_items", {"order": "2", "text": "새 추진상황", "schedule": "23. 2."}
    )
    return data


def test_the_change_form_shows_the_funding_periods_of_the_plans_year(admin_client, world):
    page = admin_client.get(change_url(world.card)).content.decode()
    for label in ("2022년까지(천원)", "2023년(천원)", "2024년 이후(천원)", "계(확인용)"):
        assert label in page
    assert "348,000" in page  # the row's computed 계 in 천원 (58,000 + 110,000 + 180,000)
    # Before a plan is chosen, the periods have generic names.
    add_page = admin_client.get(reverse("admin:plans_taskcard_add")).content.decode()
    assert "전년까지(천원)" in add_page
    assert "다음해 이후(천원)" in add_page


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        pytest.param(
            {"plan_items-1-schedule": "23. 13."},
            "월 13은(는) 1부터 12 사이여야 합니다.",
            id="bad-schedule",
        ),
        pytest.param(
            {"funding_rows-0-current_year": "-110000"},
            "0 이상의 값을 입력하십시오.",
            id="negative-amount",
        ),
        pytest.param(
            {"funding_rows-0-check_total": "350000"},
            "군비: 계 350,000이(가) 2022년까지 + 2023년 + 2024년 이후의 합 348,000과 다릅니다.",
            id="unbalanced-funding-row",
        ),
    ],
)
def test_a_refused_save_shows_the_korean_message_and_writes_nothing(
    admin_client, world, edit, message
):
    before = snapshot()
    data = edited_post(admin_client, world.card)
    data.update(edit)
    response = admin_client.post(change_url(world.card), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "errorlist" in page
    assert snapshot() == before
    world.card.refresh_from_db()
    assert world.card.title == "주민자치회 전면 실시"


def test_the_typed_total_names_the_row_when_two_rows_are_given(admin_client, world):
    data = edited_post(admin_client, world.card)
    add_inline_row(
        data,
        "funding_rows",
        {
            "order": "2",
            "source": FundingSource.OTHER,
            "later_years": "12000",
            "check_total": "13000",
            "remark": "기부금",
        },
    )
    before = snapshot()
    response = admin_client.post(change_url(world.card), data)
    assert response.status_code == 200
    assert "기타: 계 13,000이(가) 2022년까지 + 2023년 + 2024년 이후의 합 12,000과 다릅니다." in (
        response.content.decode()
    )
    assert snapshot() == before


def test_a_valid_save_writes_the_card_and_every_inline(admin_client, world):
    data = edited_post(admin_client, world.card)
    data["funding_rows-0-check_total"] = "348000"  # 58,000 + 110,000 + 180,000: agrees
    data["is_pending_issue"] = "on"
    add_inline_row(
        data,
        "funding_rows",
        {"order": "2", "source": FundingSource.OTHER, "later_years": "12000", "remark": "기부금"},
    )
    add_inline_row(data, "contacts", {"order": "2", "officer": str(world.officers[0].pk)})
    response = admin_client.post(change_url(world.card), data)
    assert response.status_code == 302, response.context and [
        form.errors
        for formset in response.context["inline_admin_formsets"]
        for form in formset.formset.forms
    ]

    card = TaskCard.objects.get(pk=world.card.pk)
    assert card.title == "바뀐 과제명"
    assert card.kinds == ["계속", "현안"]
    assert list(card.plan_items.values_list("text", flat=True)) == ["바뀐 추진계획", "사업 시행"]
    # The schedule is stored in its canonical form.
    assert card.progress_items.get(order=2).schedule == "'23. 2."
    assert [row.total for row in card.funding_rows.all()] == [348_000, 12_000]
    assert card.contacts.count() == 2


def test_deleting_an_inline_row_and_refusing_another_keeps_both(admin_client, world):
    before = snapshot()
    data = edited_post(admin_client, world.card)
    data["contacts-0-DELETE"] = "on"
    data["funding_rows-0-prior_years"] = "-1"
    response = admin_client.post(change_url(world.card), data)
    assert response.status_code == 200
    assert snapshot() == before


def test_the_funding_row_page_checks_the_typed_total_too(admin_client, world):
    row = FundingRow.objects.get(card=world.card)
    url = reverse("admin:budget_fundingrow_change", args=[row.pk])
    page = admin_client.get(url).content.decode()
    assert "2022년까지(천원)" in page
    assert "348,000" in page
    response = admin_client.get(url)
    data = change_form_data(response)
    data["check_total"] = "350000"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "군비: 계 350,000이(가) 2022년까지 + 2023년 + 2024년 이후의 합 348,000과 다릅니다." in (
        response.content.decode()
    )
    row.refresh_from_db()
    assert row.total == 348_000
    data["later_years"] = "182000"  # now 58,000 + 110,000 + 182,000 = 350,000 as typed
    assert admin_client.post(url, data).status_code == 302
    row.refresh_from_db()
    assert row.later_years == 182_000


def test_a_new_card_refuses_a_contact_of_another_department(admin_client, world):
    """Adding a card with its 담당자 in the same form: the contact's department is checked
    before the card exists, as it is when the card is changed."""
    other = build_world("2")
    stranger = other.officers[0]
    add = reverse("admin:plans_taskcard_add")
    data = change_form_data(admin_client.get(f"{add}?plan={world.plan.pk}"))
    data.update(
        {
            "plan": str(world.plan.pk),
            "section": "main",
            "number": "9",
            "title": "새 과제",
            "team": str(world.card.team_id),
            "overview": "□ 개요",
        }
    )
    add_inline_row(data, "contacts", {"order": "1", "officer": str(stranger.pk)})
    before = snapshot()
    response = admin_client.post(add, data)
    assert response.status_code == 200
    assert "이 업무계획을 작성하는 과의 담당자를 선택하십시오." in response.content.decode()
    assert snapshot() == before
