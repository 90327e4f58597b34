"""python manage.py send_progress_reminders [--dry-run] [--period 2023:상반기 …] [--date 2023-07-10]

E-mails each owner of 추진실적 items not yet reported in the current period (or the periods
named) one digest of them, at most once per owner and period (plans.workflow.reminders), and
prints what went, what had gone before, and who has no address. Meant for cron or a systemd
timer: run daily, it sends each owner one message when a period becomes current and nothing
after. Exits with status 1 when the mail server refused a message (it is tried again next run).
"""

import argparse
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plans.models import ReportingPeriod
from plans.report.reminders import (
    GRACE_DAYS,
    PeriodChoiceError,
    chosen_periods,
    current_periods,
    overdue,
)
from plans.rules.figures import format_date
from plans.workflow.reminders import (
    ALREADY_SENT,
    FAILED,
    NO_EMAIL,
    NOBODY,
    SENT,
    WOULD_SEND,
    item_line,
    send_reminders,
)

STATE_WORDS = {
    SENT: "보냄",
    WOULD_SEND: "보낼 예정",
    ALREADY_SENT: "이미 보냄",
    NO_EMAIL: "이메일 없음",
    NOBODY: "담당자 없음",
    FAILED: "보내지 못함",
}


class Command(BaseCommand):
    help = "추진실적을 아직 입력하지 않은 담당자에게 보고 시기마다 한 번 알림 메일을 보냅니다."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="보내지도 기록하지도 않고, 누구에게 무엇을 보낼지만 보여 줍니다.",
        )
        parser.add_argument(
            "--period",
            action="append",
            dest="periods",
            metavar="2023:상반기",
            help=(
                "알릴 보고 시기: 번호나 '연도:시기'(2023:상반기, 2023:half, 2023:행정사무감사). "
                "여러 번 쓸 수 있습니다. 없으면 업무계획마다 현재 보고 시기"
                f"(작성 중이고 기준일이 {GRACE_DAYS}일 넘게 지나지 않은 것 중 오늘에 가장 가까운 "
                "것)입니다."
            ),
        )
        parser.add_argument(
            "--date",
            type=_date,
            metavar="2023-07-10",
            help="현재 보고 시기를 정할 날짜(기본: 오늘).",
        )

    def handle(self, *args, dry_run, periods, date, **options):
        all_periods = ReportingPeriod.objects.select_related("plan__department")
        if periods:
            chosen: dict[int, ReportingPeriod] = {}
            for choice in periods:
                try:
                    found = list(chosen_periods(all_periods, choice))
                except PeriodChoiceError as error:
                    raise CommandError(str(error)) from error
                if not found:
                    raise CommandError(
                        f"'{choice}'에 맞는 작성 중인 보고 시기가 없습니다 "
                        "(공개한 보고 시기에는 알리지 않습니다)."
                    )
                chosen.update((period.pk, period) for period in found)
            selected = list(chosen.values())
        else:
            selected = current_periods(all_periods, date or timezone.localdate())
        if not selected:
            self.stdout.write("현재 보고 시기인 작성 중 보고 시기가 없어 보낼 알림이 없습니다.")
            return
        found = overdue(selected)
        outcomes = send_reminders(found, dry_run=dry_run)
        self._report(found, outcomes, dry_run)
        if any(outcome.state == FAILED for outcome in outcomes):
            raise CommandError("보내지 못한 알림이 있습니다. 메일 서버 설정을 확인하십시오.")

    def _report(self, found, outcomes, dry_run):
        by_period: dict[int, list] = {}
        for outcome in outcomes:
            by_period.setdefault(outcome.entry.period.pk, []).append(outcome)
        items_by_period = {}
        for department in found.departments:
            for team in department.teams:
                items_by_period[team.period.pk] = items_by_period.get(team.period.pk, 0) + len(
                    team.items
                )
        for period in sorted(found.periods, key=lambda p: (p.plan.department.name, p.as_of)):
            plan = period.plan
            self.stdout.write(
                f"{plan.year}년 {plan.department.name} {period.label}"
                f"(기준일 {format_date(period.as_of, weekday=False)}): "
                f"미입력 추진계획 {items_by_period.get(period.pk, 0)}건"
            )
            for outcome in by_period.get(period.pk, []):
                self.stdout.write("  " + _outcome_line(outcome))
        counts = dict.fromkeys(STATE_WORDS, 0)
        for outcome in outcomes:
            counts[outcome.state] += 1
        shown = (WOULD_SEND,) if dry_run else (SENT,)
        totals = [f"{STATE_WORDS[state]} {counts[state]}통" for state in shown]
        totals += [
            f"{STATE_WORDS[state]} {counts[state]}명"
            for state in (ALREADY_SENT, NO_EMAIL, FAILED)
            if counts[state]
        ]
        if counts[NOBODY]:
            totals.append(f"담당자 없는 과제 묶음 {counts[NOBODY]}개")
        prefix = "[시험 실행: 보내지도 기록하지도 않았습니다] " if dry_run else ""
        self.stdout.write(prefix + ", ".join(totals) + ".")


def _outcome_line(outcome) -> str:
    entry = outcome.entry
    owner = entry.owner
    count = len(entry.items)
    if outcome.state == NOBODY:
        items = "; ".join(item_line(item) for item in entry.items)
        return f"담당자 없음 {count}건: {items} (과제에 담당자를 지정하십시오)"
    head = f"{STATE_WORDS[outcome.state]}: {owner.name}"
    if outcome.state == NO_EMAIL:
        where = "직원 관리" if owner.officer is not None else "사용자 화면"
        return f"{head} {count}건 ({where}에서 이메일을 입력하십시오)"
    if outcome.state == ALREADY_SENT:
        sent = timezone.localtime(entry.reminder.sent_at) if entry.reminder else None
        when = f", {sent:%Y-%m-%d %H:%M}" if sent else ""
        return f"{head} <{owner.email}> {count}건 (이번 보고 시기에 이미 알림{when})"
    if outcome.state == FAILED:
        return f"{head} <{owner.email}> {count}건 ({outcome.error})"
    return f"{head} <{owner.email}> {count}건"


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"2023-07-10처럼 연-월-일로 적습니다(입력: {text})."
        ) from error
