"""The iCalendar feed: council sessions and the dated 추진계획 items of the current editions.

A session is an all-day event from its first to its last day. A 추진계획 item's schedule is
parsed as the report parsed it (plans.rules.schedules) and becomes month-long all-day events:
``'23. 3.`` one month, ``'23. 5. ~ 9.`` one event from May to the end of September, ``3월, 9월``
one event per month, 상반기/하반기 and 1/4분기 their months, a year (``2023.``) the whole year.
A schedule without a year takes the plan's year. Undated schedules (연중, 매월, 수시, 분기별,
상·하반기 and words such as 설·추석 명절) name no day a calendar could hold: they are left out of
the calendar and stay in the API's cards and the plan pages. The feed says so in its
description."""

from __future__ import annotations

import datetime
import hashlib

from icalendar import Calendar, Event

from plans.opendata.editions import Edition
from plans.rules.schedules import Schedule, ScheduleError, parse_schedule

UNDATED_NOTE = (
    "연중·매월·수시·분기별·상하반기처럼 날짜가 정해지지 않은 추진계획은 달력에 넣지 않았습니다. "
    "과제 쪽과 공공데이터 API에서 볼 수 있습니다."
)


def _month_start(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, 1)


def _after_month(year: int, month: int) -> datetime.date:
    return datetime.date(year + month // 12, month % 12 + 1, 1)


def month_spans(schedule: Schedule, *, year: int) -> list[tuple[datetime.date, datetime.date]]:
    """The [start, end) date spans a schedule covers, or none for an undated one."""
    kind = schedule.kind
    if kind == "months":
        return [(_month_start(year, m), _after_month(year, m)) for m in schedule.months]
    if kind in ("month", "month_range", "half", "quarter"):
        (start_year, start_month), (end_year, end_month) = schedule.start, schedule.end
        start_year = start_year or year
        end_year = end_year or start_year
        return [(_month_start(start_year, start_month), _after_month(end_year, end_month))]
    if kind in ("year", "year_range"):
        end_year = schedule.end_year or schedule.start_year
        return [(datetime.date(schedule.start_year, 1, 1), datetime.date(end_year + 1, 1, 1))]
    return []


def _uid(*parts) -> str:
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:32]
    return f"{digest}@workplan"


def _event(
    summary: str, start: datetime.date, end: datetime.date, uid: str, stamp, **extra
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("dtstamp", stamp)  # when the version holding it was published
    for name, value in extra.items():
        event.add(name, value)
    return event


def calendar_bytes(editions: list[Edition], *, base_url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//업무계획 포털//공공데이터//KO")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "업무계획 포털: 의회 회기와 추진계획")
    calendar.add("x-wr-caldesc", UNDATED_NOTE)
    sessions_seen = set()
    for edition in editions:
        report = edition.report
        session = report.session
        key = (report.organization.name, session.number)
        if key not in sessions_seen:
            sessions_seen.add(key)
            calendar.add_component(
                _event(
                    f"{report.organization.name}의회 {session.name}",
                    session.start_date,
                    session.end_date + datetime.timedelta(days=1),
                    _uid("session", *key),
                    edition.version.published_at,
                )
            )
        page = f"{base_url}{edition.version.get_absolute_url()}"
        for view in report.cards:
            for index, item_view in enumerate(view.plan_items, start=1):
                item = item_view.item
                try:
                    schedule = parse_schedule(item.schedule, default_year=report.plan.year)
                except ScheduleError:
                    continue  # stored schedules were parsed when saved; an old one may not be
                spans = month_spans(schedule, year=report.plan.year)
                for start, end in spans:
                    target = f" (목표: {item.target})" if item.target else ""
                    calendar.add_component(
                        _event(
                            f"[{report.department.name} {view.code}] {item.text}",
                            start,
                            end,
                            _uid("item", edition.version.pk, view.code, index, start),
                            edition.version.published_at,
                            description=(
                                f"{view.card.title}: {item.text}{target}\n일정: {item.schedule}"
                            ),
                            url=f"{page}{view.code}/",
                        )
                    )
    return calendar.to_ical()
