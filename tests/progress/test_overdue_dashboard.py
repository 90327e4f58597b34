"""추진실적 미입력 현황, the staff dashboard: scoped as the admin is (a 작성자 its team, a 검토자
its department, a superuser every department), per department → team → owner with the items
and the team screen's link, the reminders sent and the addresses missing, the current period
by default, linked from the front page, the plan's page and the team screen, and a fixed
number of queries whatever the number of cards."""

import datetime
import html

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone

from personnel.roles import REVIEWER, WRITER
from plans.models import ItemProgress, PlanItem, ProgressStatus
from plans.report.reminders import overdue, team_screen_path
from plans.workflow.reminders import send_reminders
from tests.helpers import text_of
from tests.progress.conftest import open_period, staff
from tests.progress.test_reminders import with_email
from tests.publishing import build_plan

pytestmark = pytest.mark.django_db

URL = "admin:plans_reportingperiod_overdue"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def dashboard(user, **query):
    response = login(user).get(reverse(URL), query)
    assert response.status_code == 200
    return response


def shown(response) -> dict:
    """{department: {team: number of items}} as the page lists them."""
    return {
        department.department.name: {team.team.name: len(team.items) for team in department.teams}
        for department in response.context["overdue"].departments
    }


def not_updated(plan, period, team=None) -> dict:
    """{team: items without an entry in ``period``}, counted from the rows."""
    items = PlanItem.objects.filter(card__plan=plan).exclude(progress_entries__period=period)
    if team is not None:
        items = items.filter(card__team=team)
    counts = {}
    for item in items.select_related("card__team"):
        counts[item.card.team.name] = counts.get(item.card.team.name, 0) + 1
    return counts


@pytest.fixture
def other_plan(db):
    plan = build_plan(cards=3)
    plan.refresh_from_db()
    open_period(plan)
    return plan


def test_each_role_sees_its_reach(plan, period, own_card, other_plan):
    first = own_card.plan_items.order_by("order").first()
    ItemProgress.objects.create(
        period=period, item=first, status=ProgressStatus.ON_TRACK, percent=30
    )
    department = plan.department.name
    writer = staff("writer", WRITER, own_card.team)
    assert shown(dashboard(writer, period="2023:상반기")) == {
        department: not_updated(plan, period, own_card.team)
    }
    reviewer = staff("reviewer", REVIEWER, own_card.team)
    assert shown(dashboard(reviewer, period="2023:상반기")) == {
        department: not_updated(plan, period)
    }
    superuser = User.objects.create_superuser("root", password="pw-12345678")
    other_period = other_plan.periods.get()
    assert shown(dashboard(superuser, period="2023:상반기")) == {
        department: not_updated(plan, period),
        other_plan.department.name: not_updated(other_plan, other_period),
    }
    stranger = staff("stranger", REVIEWER, other_plan.cards.first().team)
    assert shown(dashboard(stranger, period="2023:상반기")) == {
        other_plan.department.name: not_updated(other_plan, other_period)
    }
    # Another department's period by number is not there for it.
    assert shown(dashboard(stranger, period=str(period.pk))) == {}


def test_lists_owners_their_items_addresses_and_reminders(plan, period, own_card):
    card, officer, silent = with_email(plan)
    send_reminders(overdue([period]))
    reviewer = staff("reviewer", REVIEWER, own_card.team)
    response = dashboard(reviewer, period=str(period.pk))
    page = response.content.decode()
    text = text_of(response)
    assert team_screen_path(period.pk, card.team_id).replace("&", "&amp;") in page
    (team,) = [
        t for d in response.context["overdue"].departments for t in d.teams if t.team == card.team
    ]
    rows = {entry.owner.officer: entry for entry in team.owners}
    assert set(rows) == {officer, silent}
    assert rows[officer].reminder is not None and rows[silent].reminder is None
    assert officer.email in text and "이메일 없음" in text
    sent_at = timezone.localtime(rows[officer].reminder.sent_at)
    assert f"{officer} {officer.email} {len(rows[officer].items)}건 {sent_at:%Y}. " in text
    assert dateformat.format(sent_at, "Y. n. j. H:i") in text
    for item in card.plan_items.all():
        assert f"{item.order}. {item.text}" in text
    total = sum(not_updated(plan, period).values())
    assert f"추진실적을 입력하지 않은 추진계획 {total}건" in text


def test_the_current_period_by_default(plan, period, own_card, monkeypatch):
    reviewer = staff("reviewer", REVIEWER, own_card.team)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2023, 7, 10))
    response = dashboard(reviewer)
    assert response.context["periods"] == [period]
    assert "2023년 " + plan.department.name + " 상반기(기준일 2023. 6. 30.)" in text_of(response)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2024, 3, 1))
    response = dashboard(reviewer)
    assert response.context["periods"] == []
    assert "지금 추진실적을 입력하는 보고 시기가 없습니다." in text_of(response)


def test_a_period_named_wrongly_is_said_so(plan, period, own_card):
    reviewer = staff("reviewer", REVIEWER, own_card.team)
    text = html.unescape(text_of(dashboard(reviewer, period="상반기")))
    assert "보고 시기는 번호나 '연도:시기'로 적습니다" in text


def test_a_login_without_a_role_is_refused(plan, period):
    nobody = User.objects.create_user("nobody", password="pw-12345678", is_staff=True)
    assert login(nobody).get(reverse(URL)).status_code == 403


def test_linked_from_front_page_plan_page_team_screen_and_periods(plan, period, own_card):
    client = login(staff("reviewer", REVIEWER, own_card.team))
    url = reverse(URL)
    for page in (
        reverse("admin:index"),
        reverse("admin:plans_workplan_change", args=[plan.pk]),
        reverse("admin:plans_reportingperiod_update", args=[period.pk]),
        reverse("admin:plans_reportingperiod_changelist"),
    ):
        assert f'href="{url}"' in client.get(page).content.decode(), page


def queries_of(user, period) -> int:
    client = login(user)
    client.get(reverse("admin:index"))  # the session and the user's reach, as in use
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(URL), {"period": str(period.pk)})
    assert response.status_code == 200
    assert (
        response.context["overdue"].item_count
        == PlanItem.objects.filter(card__plan=period.plan).count()
    )
    return len(queries)


def test_queries_do_not_grow_with_the_cards():
    counts = []
    for size in (3, 12):
        plan = build_plan(cards=size)
        plan.refresh_from_db()
        period = open_period(plan)
        reviewer = staff(f"reviewer-{size}", REVIEWER, plan.cards.first().team)
        counts.append(queries_of(reviewer, period))
    assert counts[0] == counts[1]
