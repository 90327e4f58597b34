"""다음 해 계획 시작 in the admin (plans.admin.nextyear, plans.admin.carried): the button and
form on a published plan's page, the marks with their 확인 and 모두 확인 buttons on a carried
card's page, a mark cleared by editing the row, the link select offering last year's cards, the
demo's start drafting 추진상황 and 주요성과 from its 상반기 추진실적; and the comparison with last
year that follows the link of a renamed card."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import Client
from django.urls import reverse

from plans.models import CouncilSession, SessionKind, TaskCard, WorkPlan
from plans.report.comparison import plan_comparison
from plans.report.context import plan_report
from plans.rules.validators import CARRIED_LABEL
from plans.workflow.nextyear import plan_start_next_year
from plans.workflow.progress_document import load_progress_document
from tests.admin.forms import change_form_data
from tests.helpers import text_of
from tests.workflow.helpers import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief():
    return staff("chief", team=None, superuser=True)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def plan_url(plan: WorkPlan) -> str:
    return reverse("admin:plans_workplan_change", args=[plan.pk])


def card_url(card: TaskCard) -> str:
    return reverse("admin:plans_taskcard_change", args=[card.pk])


def started(plan: WorkPlan, user) -> WorkPlan:
    CouncilSession.objects.create(
        organization=plan.session.organization,
        number=plan.session.number + 1,
        kind=SessionKind.EXTRAORDINARY,
        start_date=datetime.date(plan.year + 1, 2, 15),
        end_date=datetime.date(plan.year + 1, 2, 22),
    )
    cards = list(plan.cards.order_by("section", "number"))
    return plan_start_next_year(plan=plan, user=user, carry=[c.pk for c in cards]).plan


def test_the_plan_page_starts_next_year_through_the_form(demo_plan, chief):
    client = logged_in(chief)
    label = f"{demo_plan.year + 1}년 계획 시작"
    start_url = reverse("admin:plans_workplan_next_year", args=[demo_plan.pk])
    page = client.get(plan_url(demo_plan))
    assert start_url in page.content.decode()
    assert label in text_of(page)

    form = client.get(start_url)
    assert form.status_code == 200
    cards = list(demo_plan.cards.order_by("section", "number"))
    assert form.context["form"]["cards"].initial == [
        card.pk for card in cards if card.is_continuing or card.is_new
    ]
    # No session after the demo's is known: without one entered, nothing is made.
    refused = client.post(start_url, {"cards": [cards[0].pk], "session": ""})
    assert refused.status_code == 200
    assert "보고 회기를 고르거나" in text_of(refused)
    assert not WorkPlan.objects.filter(year=demo_plan.year + 1).exists()

    number = demo_plan.session.number + 1
    response = client.post(
        start_url,
        {
            "cards": [card.pk for card in cards],
            "session": "",
            "new_number": number,
            "new_kind": SessionKind.EXTRAORDINARY,
            "new_start": f"{demo_plan.year + 1}-02-15",
            "new_end": f"{demo_plan.year + 1}-02-22",
        },
    )
    new = WorkPlan.objects.get(department=demo_plan.department, year=demo_plan.year + 1)
    assert response.status_code == 302
    assert response["Location"] == plan_url(new)
    assert new.session == CouncilSession.objects.get(number=number)
    assert new.cards.count() == len(cards)

    hub = client.get(plan_url(new))
    assert "작년에서 가져온 항목" in text_of(hub)
    assert "작년에서 가져와 확인하지 않은 항목이 있습니다" in text_of(hub)

    again = client.get(start_url, follow=True)
    assert again.redirect_chain == [(plan_url(new), 302)]
    assert "이미 있습니다" in text_of(again)
    assert WorkPlan.objects.filter(year=demo_plan.year + 1).count() == 1


def test_a_carried_card_page_shows_marks_and_last_years_items(demo_plan, chief):
    new = started(demo_plan, chief)
    # A card with 소요예산 rows and more than one 추진상황 row, and one with 사업개요.
    card = TaskCard.objects.filter(plan=new, funding_rows__order=1, progress_items__order=2).first()
    with_facts = TaskCard.objects.filter(plan=new, facts__order=1).first()
    assert card is not None
    assert with_facts is not None
    client = logged_in(chief)

    page = client.get(card_url(card))
    assert page.status_code == 200
    text = text_of(page)
    assert str(CARRIED_LABEL) in text
    assert "모두 확인" in text
    assert "작년 추진계획 (참고)" in text
    for item in card.continues.plan_items.all():
        assert item.text in text
    # The link offers last year's cards of the department, and only those.
    offered = page.context["adminform"].form.fields["continues"].queryset
    assert set(offered) == set(demo_plan.cards.all())

    fact = with_facts.facts.first()
    confirm = reverse("admin:plans_workplan_confirm_carried")
    back = client.post(confirm, {"confirm": f"fact:{fact.pk}"}, HTTP_REFERER=card_url(with_facts))
    assert back["Location"] == card_url(with_facts)
    fact.refresh_from_db()
    assert not fact.carried
    assert with_facts.facts.filter(carried=True).count() == with_facts.facts.count() - 1

    # Editing a row clears its mark, and only its own.
    page = client.get(card_url(card))
    data = change_form_data(page)
    data["progress_items-0-text"] = data["progress_items-0-text"] + " (완료)"
    saved = client.post(card_url(card), data)
    assert saved.status_code == 302
    progress = list(card.progress_items.order_by("order"))
    assert [item.carried for item in progress] == [False] + [True] * (len(progress) - 1)
    assert TaskCard.objects.get(pk=card.pk).carried

    client.post(confirm, {"confirm": f"card-all:{card.pk}"})
    assert not TaskCard.objects.get(pk=card.pk).carried
    assert not card.facts.filter(carried=True).exists()
    assert not card.progress_items.filter(carried=True).exists()
    assert not card.funding_rows.filter(carried=True).exists()


def test_the_demo_start_drafts_from_its_progress(demo_plan, chief):
    document = Path(settings.DEMO_DATA_DIR) / "demo" / "progress" / "eumseong-2023-sanbangi.yaml"
    load_progress_document(yaml.safe_load(document.read_text(encoding="utf-8")), reason="test")
    new = started(demo_plan, chief)
    card = new.cards.get(continues__section="main", continues__number=8)

    page = logged_in(chief).get(card_url(card))

    assert page.status_code == 200
    data = change_form_data(page)
    rows = [
        (data[f"progress_items-{n}-text"], data[f"progress_items-{n}-schedule"])
        for n in range(int(data["progress_items-TOTAL_FORMS"]))
    ]
    # The document's IV-8: items 1 and 2 완료 with a bracketed date, item 3 정상추진 (연중)
    # with a ※ line under it.
    assert rows == [
        ("고향사랑기금 운용심의위원회 구성", "'23. 2."),
        ("답례품 12종 추가 선정", "'23. 3."),
        ("기부 1,024건 접수", "연중"),
    ]
    assert text_of(page).count(str(CARRIED_LABEL)) >= len(rows) + 1  # the card and each row
    group = new.achievement_groups.get(title=card.title)
    assert [item.text for item in group.items.order_by("order")] == [
        "고향사랑기금 운용심의위원회 구성('23. 2.)",
        "답례품 12종 추가 선정('23. 3.)",
    ]
    assert group.carried


def test_the_link_must_name_last_years_card_of_the_department(demo_plan, chief):
    new = started(demo_plan, chief)
    card, other = new.cards.order_by("section", "number")[:2]
    card.continues = other  # a card of the same year
    with pytest.raises(Exception, match=f"같은 과의 {demo_plan.year}년 업무계획 과제여야"):
        card.full_clean()


def test_a_renamed_card_with_its_link_is_continued_not_new(demo_plan, chief):
    new = started(demo_plan, chief)
    renamed, by_title, unlinked = new.cards.order_by("section", "number")[:3]
    old_title = renamed.continues.title
    TaskCard.objects.filter(pk=renamed.pk).update(title="새로 바꾼 과제명")
    TaskCard.objects.filter(pk=by_title.pk).update(continues=None)
    unlinked_old = unlinked.continues.title
    TaskCard.objects.filter(pk=unlinked.pk).update(continues=None, title="이름도 연결도 바뀐 과제")

    comparison = plan_comparison(plan_report(WorkPlan.objects.get(pk=new.pk)))

    continued = {link.code: link.title for link in comparison.continued_cards}
    assert continued[renamed.code] == f"새로 바꾼 과제명 (작년 과제명: {old_title})"
    assert continued[by_title.code] == by_title.title
    assert [link.code for link in comparison.new_cards] == [unlinked.code]
    assert comparison.dropped_titles == [unlinked_old]
    assert len(comparison.continued_cards) == new.cards.count() - 1
