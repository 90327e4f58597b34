"""Who is reminded of 추진실적 not yet reported, for which period, and the e-mail digest: the
current period's rule, the owners' rule (담당자, else the team's 작성자 logins, else nobody),
items already reported left out, officers without an address skipped, one message per owner
and period however often it runs, a refused message leaving no record, and what the message
says (plans.report.reminders, plans.workflow.reminders)."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings

from personnel.roles import REVIEWER, WRITER
from plans.models import (
    ItemProgress,
    PeriodKind,
    PlanItem,
    ProgressReminder,
    ProgressStatus,
    ReportingPeriod,
)
from plans.report.reminders import (
    GRACE_DAYS,
    NOBODY,
    chosen_periods,
    current_periods,
    overdue,
    period_choices,
    team_screen_path,
)
from plans.workflow.reminders import (
    ALREADY_SENT,
    FAILED,
    NO_EMAIL,
    SENT,
    WOULD_SEND,
    send_reminders,
)
from tests.factories import CardContactFactory, OfficerFactory
from tests.progress.conftest import open_period, staff
from tests.progress.helpers import publish, reopen

pytestmark = pytest.mark.django_db

BASE_URL = "https://plan.example.go.kr"


def day(month, number, year=2023):
    return datetime.date(year, month, number)


def current(plan, today):
    return current_periods(ReportingPeriod.objects.filter(plan=plan), today)


def report(period, item, status=ProgressStatus.ON_TRACK, percent=50):
    return ItemProgress.objects.create(period=period, item=item, status=status, percent=percent)


# ---------------------------------------------------------------------------------------------
# The current period


def test_current_period_is_the_open_one_nearest_today_not_long_past(plan):
    q1 = open_period(plan, PeriodKind.Q1)
    half = open_period(plan, PeriodKind.HALF)
    audit = open_period(plan, PeriodKind.CUSTOM, name="행정사무감사", as_of=day(11, 10))
    # In July the 상반기 (6. 30.) is being written.
    assert current(plan, day(7, 10)) == [half]
    # Three weeks after 3. 31. the 1/4분기 is nearer than the 상반기.
    assert current(plan, day(4, 20)) == [q1]
    # Once the 1/4분기 is longer past than the grace, the next one is current.
    assert current(plan, q1.as_of + datetime.timedelta(days=GRACE_DAYS + 1)) == [half]
    # In October the 감사's 기준일 is nearest.
    assert current(plan, day(10, 20)) == [audit]


def test_a_public_or_long_past_period_is_never_current(plan):
    half = open_period(plan)
    publish(half)
    assert current(plan, day(7, 10)) == []
    reopen(half)
    assert current(plan, half.as_of + datetime.timedelta(days=GRACE_DAYS)) == [half]
    assert current(plan, half.as_of + datetime.timedelta(days=GRACE_DAYS + 1)) == []


def test_a_period_is_named_by_number_or_year_and_kind(plan):
    half = open_period(plan)
    audit = open_period(plan, PeriodKind.CUSTOM, name="행정사무감사", as_of=day(11, 10))
    periods = ReportingPeriod.objects.all()
    assert list(chosen_periods(periods, "2023:상반기")) == [half]
    assert list(chosen_periods(periods, "2023:half")) == [half]
    assert list(chosen_periods(periods, "2023:행정사무감사")) == [audit]
    assert list(chosen_periods(periods, str(audit.pk))) == [audit]
    assert list(chosen_periods(periods, "2024:상반기")) == []
    publish(half)
    assert list(chosen_periods(periods, "2023:상반기")) == []


def test_the_dashboard_offers_open_periods_in_the_years_order(plan):
    open_period(plan, PeriodKind.CUSTOM, name="행정사무감사", as_of=day(11, 10))
    open_period(plan, PeriodKind.Q3)
    half = open_period(plan, PeriodKind.HALF)
    open_period(plan, PeriodKind.Q1)
    assert period_choices(ReportingPeriod.objects.all()) == [
        ("2023:q1", "2023년 1/4분기"),
        ("2023:half", "2023년 상반기"),
        ("2023:q3", "2023년 3/4분기"),
        ("2023:행정사무감사", "2023년 행정사무감사"),
    ]
    publish(half)
    assert "2023:half" not in dict(period_choices(ReportingPeriod.objects.all()))


# ---------------------------------------------------------------------------------------------
# Owners and items


def test_officers_named_on_the_card_own_its_items_not_updated(plan, period):
    card = plan.cards.order_by("number").first()
    first, second = card.plan_items.order_by("order")
    report(period, first)
    found = overdue([period])
    officer = card.contacts.get().officer
    (entry,) = [e for e in found.owners if e.owner.officer == officer]
    assert entry.items == [second]
    # Every item of the plan without an entry, and nothing else, is counted.
    expected = PlanItem.objects.filter(card__plan=plan).exclude(pk=first.pk).count()
    assert found.item_count == expected


def test_an_entry_in_another_period_does_not_count(plan, period):
    item = plan.cards.order_by("number").first().plan_items.order_by("order").first()
    q1 = open_period(plan, PeriodKind.Q1)
    report(q1, item)
    listed = [i for e in overdue([period]).owners for i in e.items]
    assert item in listed


def test_a_card_without_active_officers_falls_to_its_teams_writers(plan, period):
    card = plan.cards.order_by("number").first()
    contact = card.contacts.get()
    contact.officer.is_active = False
    contact.officer.save()
    writer = staff("writer", WRITER, card.team)
    staff("reviewer", REVIEWER, card.team)  # not a 작성자: not reminded
    gone = staff("gone", WRITER, card.team)
    gone.is_active = False
    gone.save()
    owners = {e.owner.key: e for e in overdue([period]).owners if card.pk in _cards(e)}
    assert list(owners) == [("user", writer.pk)]
    assert _cards(owners[("user", writer.pk)]) == {card.pk}


def test_a_card_with_nobody_to_remind_is_listed_under_nobody(plan, period):
    card = plan.cards.order_by("number").first()
    card.contacts.all().delete()
    (entry,) = [e for e in overdue([period]).owners if card.pk in _cards(e)]
    assert entry.owner == NOBODY
    assert entry.owner.name == "담당자 없음"


def _cards(entry) -> set[int]:
    return {item.card_id for item in entry.items}


# ---------------------------------------------------------------------------------------------
# The digest


def with_email(plan):
    """Give the first card's officer an address and a second officer on the same card."""
    card = plan.cards.order_by("number").first()
    officer = card.contacts.get().officer
    officer.email = "hong@example.go.kr"
    officer.save()
    silent = OfficerFactory(team=card.team, name="주소없음")
    CardContactFactory(card=card, officer=silent, order=2)
    return card, officer, silent


@override_settings(PORTAL_BASE_URL=BASE_URL)
def test_one_message_per_officer_naming_the_items_period_and_screen(plan, period):
    card, officer, silent = with_email(plan)
    reported, waiting = card.plan_items.order_by("order")
    report(period, reported)
    outcomes = {o.entry.owner.key: o for o in send_reminders(overdue([period]))}
    assert outcomes[("officer", officer.pk)].state == SENT
    assert outcomes[("officer", silent.pk)].state == NO_EMAIL
    (message,) = [m for m in mail.outbox if m.to == ["hong@example.go.kr"]]
    assert message.subject == "[업무계획 포털] 2023년 상반기 추진실적 입력 요청 (1건)"
    body = message.body
    assert f"{officer.name} 님께" in body
    assert f"{card.code} {card.title}\n  - {waiting.order}. {waiting.text}\n" in body
    assert f"{reported.order}. {reported.text}" not in body
    assert "상반기 추진실적(기준일 2023. 6. 30.(금))" in body
    assert f"{plan.department.name} 업무계획" in body
    assert BASE_URL + team_screen_path(period.pk, card.team_id) in body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert waiting.text in html and 'lang="ko"' in html
    assert f'href="{BASE_URL}{team_screen_path(period.pk, card.team_id)}' in html.replace(
        "&amp;", "&"
    )
    reminder = ProgressReminder.objects.get(officer=officer)
    assert (reminder.period, reminder.email, reminder.item_count) == (
        period,
        "hong@example.go.kr",
        1,
    )


def test_a_second_run_sends_nothing(plan, period):
    _, officer, _ = with_email(plan)
    send_reminders(overdue([period]))
    sent = len(mail.outbox)
    assert sent == 1
    states = {o.entry.owner.key: o.state for o in send_reminders(overdue([period]))}
    assert states[("officer", officer.pk)] == ALREADY_SENT
    assert len(mail.outbox) == sent
    assert ProgressReminder.objects.filter(officer=officer, period=period).count() == 1
    # The next period reminds again.
    q3 = open_period(plan, PeriodKind.Q3)
    send_reminders(overdue([q3]))
    assert len(mail.outbox) == sent + 1


def test_a_login_is_reminded_at_its_accounts_address(plan, period):
    card = plan.cards.order_by("number").first()
    card.contacts.all().delete()
    writer = staff("writer", WRITER, card.team)
    writer.email, writer.first_name = "writer@example.go.kr", "김작성"
    writer.save()
    (outcome,) = [o for o in send_reminders(overdue([period])) if o.entry.owner.user == writer]
    assert outcome.state == SENT
    (message,) = [m for m in mail.outbox if m.to == ["writer@example.go.kr"]]
    assert "김작성 님께" in message.body
    assert ProgressReminder.objects.get(user=writer).officer is None


def test_a_dry_run_sends_and_records_nothing(plan, period):
    _, officer, _ = with_email(plan)
    states = {o.entry.owner.key: o.state for o in send_reminders(overdue([period]), dry_run=True)}
    assert states[("officer", officer.pk)] == WOULD_SEND
    assert mail.outbox == []
    assert not ProgressReminder.objects.exists()


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("메일 서버에 연결할 수 없습니다")


@override_settings(EMAIL_BACKEND="tests.progress.test_reminders.RefusingBackend")
def test_a_refused_message_leaves_no_record_and_is_tried_again(plan, period):
    _, officer, _ = with_email(plan)
    (outcome,) = [
        o for o in send_reminders(overdue([period])) if o.entry.owner.key[1] == officer.pk
    ]
    assert outcome.state == FAILED
    assert "연결할 수 없습니다" in outcome.error
    assert not ProgressReminder.objects.exists()
