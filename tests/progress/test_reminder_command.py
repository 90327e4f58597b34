"""``manage.py send_progress_reminders``: what it prints for each period and owner (sent, no
address, nobody), that a second run sends nothing and says so, the dry run, choosing periods
by name, and the refusals of a period it does not read or a 공개 one."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from plans.models import PlanItem, ProgressReminder
from tests.progress.helpers import publish
from tests.progress.test_reminders import with_email

pytestmark = pytest.mark.django_db


def run(*args) -> list[str]:
    out = StringIO()
    call_command("send_progress_reminders", *args, stdout=out)
    return out.getvalue().splitlines()


def test_prints_each_owner_and_the_totals(plan, period):
    card, officer, silent = with_email(plan)
    other_cards = plan.cards.exclude(pk=card.pk)
    items = PlanItem.objects.filter(card__plan=plan).count()
    own_items = card.plan_items.count()
    lines = run("--date", "2023-07-10")
    assert lines[0] == (
        f"2023년 {plan.department.name} 상반기(기준일 2023. 6. 30.): 미입력 추진계획 {items}건"
    )
    assert f"  보냄: {officer} <hong@example.go.kr> {own_items}건" in lines
    assert f"  이메일 없음: {silent} {own_items}건 (직원 관리에서 이메일을 입력하십시오)" in lines
    # The other cards' officers have no address either.
    without = 1 + other_cards.count()
    assert lines[-1] == f"보냄 1통, 이메일 없음 {without}명."
    assert [m.to for m in mail.outbox] == [["hong@example.go.kr"]]

    again = run("--date", "2023-07-10")
    already = f"  이미 보냄: {officer} <hong@example.go.kr> {own_items}건 (이번 보고 시기에"
    assert any(line.startswith(already) for line in again)
    assert again[-1] == f"보냄 0통, 이미 보냄 1명, 이메일 없음 {without}명."
    assert len(mail.outbox) == 1


def test_a_dry_run_says_what_would_go(plan, period):
    card, officer, _ = with_email(plan)
    lines = run("--dry-run", "--period", "2023:상반기")
    assert f"  보낼 예정: {officer} <hong@example.go.kr> {card.plan_items.count()}건" in lines
    assert lines[-1].startswith("[시험 실행: 보내지도 기록하지도 않았습니다] 보낼 예정 1통")
    assert mail.outbox == []
    assert not ProgressReminder.objects.exists()


def test_nothing_current_is_said(plan, period):
    assert run("--date", "2024-03-01") == [
        "현재 보고 시기인 작성 중 보고 시기가 없어 보낼 알림이 없습니다."
    ]


def test_a_card_without_anyone_is_named(plan, period):
    card = plan.cards.order_by("number").first()
    card.contacts.all().delete()
    first = card.plan_items.order_by("order").first()
    lines = run("--period", str(period.pk))
    assert any(
        line.startswith(f"  담당자 없음 {card.plan_items.count()}건: ")
        and f"{card.code} {card.title} · 추진계획 {first.order}. {first.text}" in line
        for line in lines
    )


def test_refuses_a_public_or_unreadable_period(plan, period):
    publish(period)
    with pytest.raises(CommandError, match="'2023:상반기'에 맞는 작성 중인 보고 시기가 없습니다"):
        run("--period", "2023:상반기")
    with pytest.raises(CommandError, match="연도:시기"):
        run("--period", "상반기")
    with pytest.raises(CommandError, match="연-월-일"):
        run("--date", "7월 10일")
