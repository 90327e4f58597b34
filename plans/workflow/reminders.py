"""The 추진실적 e-mail digest: one message per owner and period, listing the owner's items not
yet reported (plans.report.reminders says who owns what and which period is current), with
the period, its 기준일 and the team screen's address; ``manage.py send_progress_reminders``
calls it from cron or a scheduler.

**At most one per owner per period.** Each message is recorded as a ``ProgressReminder`` in
the same transaction as it is handed to the mail server: a message the server refuses leaves
no record (the next run tries again), and a second run, or two at once, finds the record (the
database's unique constraint decides a race) and sends nothing. An owner without an address is
skipped and reported, as is an item nobody owns.

The bodies, plain text and HTML, are built here in Korean from the report's rows, not from a
template (the workflow reads no template); the HTML is escaped by ``format_html``."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from plans.models import PlanItem, ProgressReminder
from plans.report.reminders import Overdue, OwnerItems, by_card, team_screen_path
from plans.rules.figures import format_date

SENT = "sent"
WOULD_SEND = "would_send"  # a dry run
ALREADY_SENT = "already_sent"
NO_EMAIL = "no_email"
NOBODY = "nobody"
FAILED = "failed"


@dataclass
class ReminderOutcome:
    """What became of one owner's digest."""

    entry: OwnerItems
    state: str
    error: str = ""


def item_line(item: PlanItem) -> str:
    """``IV-2 주민자치 활성화 · 추진계획 1. 주민자치회 위원 위촉``."""
    card = item.card
    return _("%(code)s %(title)s · 추진계획 %(order)s. %(text)s") % {
        "code": card.code,
        "title": card.title,
        "order": item.order,
        "text": item.text,
    }


def _heading(entry: OwnerItems) -> str:
    period = entry.period
    return _(
        "%(year)s년 %(department)s 업무계획의 %(period)s 추진실적(기준일 %(as_of)s)에 "
        "아직 입력하지 않은 추진계획이 %(count)s건 있습니다."
    ) % {
        "year": period.plan.year,
        "department": period.plan.department.name,
        "period": period.label,
        "as_of": format_date(period.as_of),
        "count": len(entry.items),
    }


CLOSING = (
    "포털에 로그인한 뒤 위 주소의 팀별 입력 화면에서 추진실적을 입력하십시오. "
    "이 알림은 보고 시기마다 한 번만 보냅니다."
)


def reminder_subject(entry: OwnerItems) -> str:
    period = entry.period
    return _("[업무계획 포털] %(year)s년 %(period)s 추진실적 입력 요청 (%(count)s건)") % {
        "year": period.plan.year,
        "period": period.label,
        "count": len(entry.items),
    }


def _item(item: PlanItem) -> str:
    return f"{item.order}. {item.text}"


def reminder_text(entry: OwnerItems, base_url: str) -> str:
    lines = [_("%(name)s 님께") % {"name": entry.owner.person}, "", _heading(entry)]
    for team, items in entry.teams():
        lines += [
            "",
            _("[%(team)s] 입력 화면: %(url)s")
            % {"team": team.name, "url": base_url + team_screen_path(entry.period.pk, team.pk)},
        ]
        for card, card_items in by_card(items):
            lines.append(f"{card.code} {card.title}")
            lines += [f"  - {_item(item)}" for item in card_items]
    lines += ["", _(CLOSING), "", _("업무계획 포털")]
    return "\n".join(lines) + "\n"


def reminder_html(entry: OwnerItems, base_url: str) -> str:
    def cards(items):
        return format_html_join(
            "",
            "<li>{} {}<ul>{}</ul></li>",
            (
                (
                    card.code,
                    card.title,
                    format_html_join("", "<li>{}</li>", ((_item(i),) for i in card_items)),
                )
                for card, card_items in by_card(items)
            ),
        )

    teams = format_html_join(
        "",
        '<h2 style="font-size:1em">{} <a href="{}">{}</a></h2><ul>{}</ul>',
        (
            (
                team.name,
                base_url + team_screen_path(entry.period.pk, team.pk),
                _("팀별 입력 화면 열기"),
                cards(items),
            )
            for team, items in entry.teams()
        ),
    )
    return format_html(
        '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{}</title></head>'
        "<body><p>{}</p><p>{}</p>{}<p>{}</p><p>{}</p></body></html>",
        reminder_subject(entry),
        _("%(name)s 님께") % {"name": entry.owner.person},
        _heading(entry),
        teams,
        _(CLOSING),
        _("업무계획 포털"),
    )


def reminder_message(entry: OwnerItems, *, base_url: str, connection=None):
    message = EmailMultiAlternatives(
        reminder_subject(entry),
        reminder_text(entry, base_url),
        to=[entry.owner.email],
        connection=connection,
    )
    message.attach_alternative(reminder_html(entry, base_url), "text/html")
    return message


def send_reminders(
    overdue: Overdue, *, dry_run: bool = False, base_url: str | None = None
) -> list[ReminderOutcome]:
    """Send each owner of ``overdue`` its digest, once per period; a dry run sends and records
    nothing but says what would go."""
    base_url = (base_url or settings.PORTAL_BASE_URL).rstrip("/")
    outcomes = []
    connection = None if dry_run else get_connection()
    for entry in overdue.owners:
        if entry.owner.is_nobody:
            outcomes.append(ReminderOutcome(entry, NOBODY))
        elif entry.reminder is not None:
            outcomes.append(ReminderOutcome(entry, ALREADY_SENT))
        elif not entry.owner.email:
            outcomes.append(ReminderOutcome(entry, NO_EMAIL))
        elif dry_run:
            outcomes.append(ReminderOutcome(entry, WOULD_SEND))
        else:
            outcomes.append(_send(entry, base_url, connection))
    return outcomes


def _send(entry: OwnerItems, base_url: str, connection) -> ReminderOutcome:
    owner = entry.owner
    try:
        with transaction.atomic():
            entry.reminder = ProgressReminder.objects.create(
                period=entry.period,
                officer=owner.officer,
                user=owner.user,
                email=owner.email,
                item_count=len(entry.items),
                sent_at=timezone.now(),
            )
            # Inside the transaction: a refused message takes its record with it.
            reminder_message(entry, base_url=base_url, connection=connection).send()
    except IntegrityError:
        # Another run recorded this owner and period first, and sent it.
        return ReminderOutcome(entry, ALREADY_SENT)
    except (OSError, smtplib.SMTPException) as error:
        entry.reminder = None
        return ReminderOutcome(entry, FAILED, str(error))
    return ReminderOutcome(entry, SENT)
