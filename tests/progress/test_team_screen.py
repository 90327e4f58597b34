"""The team update screen: a team's items of a period on one page, saved at once; bad input
refused with a Korean message naming the row and nothing written; stale edits refused; a
작성자 sees and saves only its team's items; queries do not grow with the cards."""

import pytest
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from personnel.roles import REVIEWER
from plans.models import ItemProgress, PlanItem, ProgressStatus
from plans.workflow.progress import ProgressInput, progress_update
from plans.workflow.progress_review import period_submit
from tests.helpers import text_of
from tests.progress.conftest import open_period, staff
from tests.publishing import build_plan

pytestmark = pytest.mark.django_db


def screen(period) -> str:
    return reverse("admin:plans_reportingperiod_update", args=[period.pk])


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def loaded(client, period, team=None) -> dict:
    """The hidden fields of the screen as loaded (digest, team)."""
    response = client.get(screen(period), {"team": team.pk} if team else {})
    assert response.status_code == 200
    return {"loaded_digest": response.context["digest"], "team": response.context["team"].pk}


def row(item, status="", percent="", result="", reason="", **extra) -> dict:
    data = {
        "item": str(item.pk),
        f"status-{item.pk}": status,
        f"percent-{item.pk}": percent,
        f"result-{item.pk}": result,
        f"reason-{item.pk}": reason,
    }
    data.update({f"{name}-{item.pk}": value for name, value in extra.items()})
    return data


def post(client, period, base: dict, *rows: dict):
    items = [r["item"] for r in rows]
    data = {**base}
    for r in rows:
        data.update({key: value for key, value in r.items() if key != "item"})
    data["item"] = items
    return client.post(screen(period), data)


def test_writer_sees_only_its_teams_items(period, own_card, writer, plan):
    response = login(writer).get(screen(period))
    text = text_of(response)
    assert own_card.title in text
    others = plan.cards.exclude(team=own_card.team)
    assert others.exists()
    shown = {row.row.item.card_id for card in response.context["cards"] for row in card.rows}
    assert shown == {own_card.pk}
    assert [team.pk for team in response.context["teams"]] == [own_card.team_id]


def test_saves_every_row_at_once_with_history(period, own_card, writer):
    first, second = own_card.plan_items.order_by("order")
    client = login(writer)
    response = post(
        client,
        period,
        loaded(client, period),
        row(first, ProgressStatus.COMPLETED, "", "직무 교육 1회 실시\n  ※ 신규 공무원 25명"),
        row(
            second,
            ProgressStatus.DELAYED,
            "30",
            "",
            "강사 섭외 지연",
            target_amount="1",
            actual_amount="0",
            unit="회",
        ),
    )
    assert response.status_code == 302
    entries = {entry.item_id: entry for entry in ItemProgress.objects.filter(period=period)}
    assert entries[first.pk].percent == 100  # 완료 fills 100 when left empty
    assert entries[first.pk].updated_by == writer
    assert (entries[second.pk].status, entries[second.pk].reason) == (
        ProgressStatus.DELAYED,
        "강사 섭외 지연",
    )
    record = entries[second.pk].history.get()
    assert (record.history_user, record.history_type) == (writer, "+")
    assert record.history_change_reason == f"추진실적 입력: {period}"
    # The card's line shows its roll-up: 지연, (100 + 30) / 2 = 65.0%.
    page = text_of(client.get(screen(period)))
    assert "지연 · 65.0%" in page


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            {"status": ProgressStatus.ON_TRACK, "percent": "120"},
            "진행률은 0에서 100 사이로 입력하십시오(입력: 120).",
        ),
        (
            {"status": ProgressStatus.COMPLETED, "percent": "40"},
            "완료 상태의 진행률은 100%입니다(입력: 40%).",
        ),
        ({"status": ProgressStatus.DELAYED, "percent": "20"}, "지연 상태에는 사유를 입력하십시오."),
        (
            {"status": ProgressStatus.ON_TRACK, "percent": "절반"},
            "진행률은 0에서 100 사이의 정수로 입력하십시오(입력: 절반).",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_row_and_nothing_is_written(
    period, own_card, writer, bad, message
):
    first, second = own_card.plan_items.order_by("order")
    client = login(writer)
    response = post(
        client,
        period,
        loaded(client, period),
        row(first, ProgressStatus.ON_TRACK, "50"),
        row(second, **bad),
    )
    assert response.status_code == 200
    assert response.context["errors"] == [
        f"{own_card.code} 추진계획 {second.order}번(사업 시행): {message}"
    ]
    assert not ItemProgress.objects.exists()
    # The typed values stay on the screen.
    assert response.context["cards"][0].rows[0].values["percent"] == "50"


def test_an_item_left_as_loaded_with_its_offered_target_stays_unreported(period, own_card, writer):
    """The screen offers an unreported item's 목표 ("1회") as 1 and 회; saving the other rows
    leaves it unreported instead of asking for its status."""
    first, second = own_card.plan_items.order_by("order")
    client = login(writer)
    response = client.get(screen(period))
    offered = {row.item.pk: row.values for card in response.context["cards"] for row in card.rows}
    assert (offered[second.pk]["target_amount"], offered[second.pk]["unit"]) == ("1", "회")
    base = {"loaded_digest": response.context["digest"], "team": response.context["team"].pk}
    rows = [
        row(first, ProgressStatus.ON_TRACK, "50"),
        row(second, target_amount="1", unit="회"),
    ]
    assert post(client, period, base, *rows).status_code == 302
    assert list(ItemProgress.objects.values_list("item_id", flat=True)) == [first.pk]
    # A quantity the clerk changed still needs a status.
    response = post(
        client,
        period,
        loaded(client, period),
        row(first, ProgressStatus.ON_TRACK, "50"),
        row(second, target_amount="2", unit="회"),
    )
    assert response.context["errors"] == [
        f"{own_card.code} 추진계획 {second.order}번(사업 시행): 추진 상태를 고르십시오."
    ]


def test_another_teams_item_is_refused(period, own_card, writer, plan):
    other = PlanItem.objects.filter(card__plan=plan).exclude(card__team=own_card.team).first()
    mine = own_card.plan_items.first()
    client = login(writer)
    response = post(
        client,
        period,
        loaded(client, period),
        row(mine, ProgressStatus.ON_TRACK, "50"),
        row(other, ProgressStatus.COMPLETED, "100"),
    )
    assert response.status_code == 200
    (error,) = response.context["errors"]
    assert error.startswith(f"{other.card.code} 추진계획 {other.order}번")
    assert f"{other.card.team.name}의 추진실적은 고칠 수 없습니다" in error
    assert not ItemProgress.objects.exists()


def test_stale_screen_is_refused(period, own_card, writer, reviewer):
    item = own_card.plan_items.first()
    client = login(writer)
    base = loaded(client, period)
    progress_update(
        period=period,
        user=reviewer,
        rows=[ProgressInput(str(item.pk), ProgressStatus.ON_TRACK, "40")],
        loaded_digest=None,
    )
    response = post(client, period, base, row(item, ProgressStatus.ON_TRACK, "70"))
    assert response.status_code == 200
    assert response.context["errors"][0].startswith("이 화면을 연 뒤에 다른 사람이")
    assert ItemProgress.objects.get().percent == 40
    # The screen now shows what is stored, with a fresh digest: saving again works.
    assert response.context["cards"][0].rows[0].values["percent"] == "40"


def test_a_period_in_review_is_read_only(period, own_card, writer):
    item = own_card.plan_items.first()
    progress_update(
        period=period,
        user=writer,
        rows=[ProgressInput(str(item.pk), status=ProgressStatus.ON_TRACK, percent="10")],
        loaded_digest=None,
    )
    period_submit(period=period, user=writer)
    client = login(writer)
    response = client.get(screen(period))
    assert response.context["may_change"] is False
    assert "상태여서 고칠 수 없습니다" in text_of(response)
    assert post(client, period, {}, row(item, ProgressStatus.ON_TRACK, "20")).status_code == 403
    assert ItemProgress.objects.get().percent == 10


def test_plan_page_links_the_screen(period, reviewer, plan):
    response = login(reviewer).get(reverse("admin:plans_workplan_change", args=[plan.pk]))
    assert screen(period) in response.content.decode()
    assert "상반기 추진실적 입력" in text_of(response)


def counted(request) -> tuple:
    """The response of ``request()`` and the queries it made. The query log is emptied first:
    it keeps the last 9,000 queries only, so one full of the plans' building counts nothing."""
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = request()
    return response, len(queries)


def save_all(client, period, team, percent: str) -> int:
    """Queries of a save that reports every item of the team's screen 정상추진 at ``percent``;
    every entry holds that 진행률 afterwards."""
    response = client.get(screen(period), {"team": team.pk})
    items = [r.row.item for card in response.context["cards"] for r in card.rows]
    rows = [row(item, ProgressStatus.ON_TRACK, percent) for item in items]
    base = {"loaded_digest": response.context["digest"], "team": team.pk}
    response, count = counted(lambda: post(client, period, base, *rows))
    assert response.status_code == 302
    stored = ItemProgress.objects.filter(period=period).values_list("percent", flat=True)
    assert sorted(stored) == [int(percent)] * len(items)
    return count


def queries_of(client, period, team) -> tuple[int, int, int]:
    """Queries to read the team's screen, to save every row new, then to change every row."""
    response, reading = counted(lambda: client.get(screen(period), {"team": team.pk}))
    assert response.status_code == 200
    return reading, save_all(client, period, team, "50"), save_all(client, period, team, "60")


def test_queries_do_not_grow_with_the_cards():
    small, large = build_plan(cards=3), build_plan(cards=30)
    counts = []
    for plan in (small, large):
        plan.refresh_from_db()
        card = plan.cards.order_by("number").first()
        user = staff(f"reviewer-{plan.pk}", REVIEWER, card.team)
        counts.append(queries_of(login(user), open_period(plan), card.team))
    # One card of the team against ten: the same number of queries to read, to save new
    # entries and to change stored ones.
    assert counts[0] == counts[1]
