"""Who has 추진실적 still to report, and to whom a reminder goes: the reads behind the staff
dashboard (plans.admin.reminders) and the e-mail digest (plans.workflow.reminders).

**The current period** of a plan is its open (작성 중) period whose 기준일 is nearest to today
among those not long past: 기준일 on or after today − :data:`GRACE_DAYS`, ties to the earlier.
A department reports in the weeks after the 기준일 (상반기, 6. 30., is written in July), so a
기준일 45 days gone is still being written and is what staff are chased for; one longer past
is left alone (its 검토자 makes it 공개 or it was forgotten: the periods' list shows it, not a
reminder). A 공개 period is never current: its entries are what the public reads and are not
changed. A plan with no such period is not reminded at all. The command and the dashboard
also take a period by name (:func:`chosen_periods`) for a period outside that window.

**Not updated** means the item has no entry in the period. Entries belong to their period
(plans.models.progress), so an entry is always written for it: there is no older entry to be
left untouched, and an item with any entry, even 미착수 0%, has been reported.

**Who owns an item**: the 재직 중 officers named as the card's 담당자 (``CardContact``), in
the card's order. A card that names none (or only officers who have left) falls to the active
작성자 logins of the card's team (``StaffProfile``), who write its 추진실적 on the team screen
anyway. Officers and logins are different records (a 담당자 printed on a card needs no login),
so an officer is reminded at the address on his own row (직원 관리's 이메일) and a login at its
account's. An item with neither is listed under 담당자 없음 and reminds nobody.

Everything here reads a fixed number of queries whatever the number of plans and cards: the
periods, the items, the entries, the contacts, the fall-back logins and the reminders sent."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from personnel.models import Department, Officer, StaffProfile, Team
from personnel.roles import WRITER
from plans.access.scopes import Reach, restrict, scope_for
from plans.models import (
    CardContact,
    ItemProgress,
    PeriodKind,
    PeriodStatus,
    PlanItem,
    ProgressReminder,
    ReportingPeriod,
    TaskCard,
)

#: How long after its 기준일 a period is still the one to report (see the module docstring).
GRACE_DAYS = 45


def team_screen_path(period_id: int, team_id: int | None = None) -> str:
    """The team screen of a period (팀별 입력), opened on ``team_id``."""
    url = reverse("admin:plans_reportingperiod_update", args=[period_id])
    return f"{url}?{urlencode({'team': team_id})}" if team_id else url


# ---------------------------------------------------------------------------------------------
# Which periods


def current_periods(periods: QuerySet, today: datetime.date) -> list[ReportingPeriod]:
    """The current period of each plan among ``periods`` (the rule above): one query."""
    candidates = periods.filter(
        status=PeriodStatus.OPEN, as_of__gte=today - datetime.timedelta(days=GRACE_DAYS)
    ).select_related("plan__department")
    best: dict[int, ReportingPeriod] = {}
    for period in candidates:
        chosen = best.get(period.plan_id)
        if chosen is None or _distance(period, today) < _distance(chosen, today):
            best[period.plan_id] = period
    return list(best.values())


def _distance(period: ReportingPeriod, today: datetime.date) -> tuple:
    return (abs((period.as_of - today).days), period.as_of, period.pk)


class PeriodChoiceError(ValueError):
    """A period named in a form the portal does not read; the message says how to write it."""


#: A kind of period as staff write it: 상반기 or half.
KIND_WORDS = {
    **{str(label): value for value, label in PeriodKind.choices if value != PeriodKind.CUSTOM},
    **{value: value for value in PeriodKind.values if value != PeriodKind.CUSTOM},
}


def chosen_periods(periods: QuerySet, choice: str) -> QuerySet:
    """The open periods ``choice`` names: a period's number, or ``연도:시기`` for every plan's
    period of that year (``2023:상반기``, ``2023:half``, or a 기준일 period's name,
    ``2023:행정사무감사``). A 공개 period is never chosen."""
    choice = choice.strip()
    open_periods = periods.filter(status=PeriodStatus.OPEN)
    if choice.isdigit():
        return open_periods.filter(pk=int(choice))
    year, separator, word = choice.partition(":")
    year, word = year.strip(), word.strip()
    if not separator or not year.isdigit() or not word:
        raise PeriodChoiceError(
            _(
                "보고 시기는 번호나 '연도:시기'로 적습니다. 예: 2023:상반기, 2023:3/4분기, "
                "2023:행정사무감사 (입력: %(choice)s)"
            )
            % {"choice": choice}
        )
    by_kind = Q(kind=KIND_WORDS[word]) if word in KIND_WORDS else Q(pk__in=[])
    return open_periods.filter(
        by_kind | Q(kind=PeriodKind.CUSTOM, name=word), plan__year=int(year)
    ).select_related("plan__department")


def period_choices(periods: QuerySet) -> list[tuple[str, str]]:
    """The open periods as a dashboard's choice offers them, by year and kind across plans:
    ``("2023:half", "2023년 상반기")``. One query."""
    rows = (
        periods.filter(status=PeriodStatus.OPEN)
        .values_list("plan__year", "kind", "name")
        .order_by()
        .distinct()
    )
    # The year's order: 1/4분기, 상반기, 3/4분기, 연간, then the 기준일 periods by name.
    kinds = list(PeriodKind.values)
    labels = dict(PeriodKind.choices)
    choices = {}
    for year, kind, name in sorted(rows, key=lambda row: (-row[0], kinds.index(row[1]), row[2])):
        word = name if kind == PeriodKind.CUSTOM else kind
        label = name if kind == PeriodKind.CUSTOM else str(labels[kind])
        choices[f"{year}:{word}"] = _("%(year)s년 %(label)s") % {"year": year, "label": label}
    return list(choices.items())


# ---------------------------------------------------------------------------------------------
# Owners and their items


@dataclass(frozen=True)
class Owner:
    """Who answers for an item: an officer, a login, or nobody (both None)."""

    officer: Officer | None = None
    user: User | None = None

    @property
    def key(self) -> tuple[str, int]:
        if self.officer is not None:
            return ("officer", self.officer.pk)
        if self.user is not None:
            return ("user", self.user.pk)
        return ("nobody", 0)

    @property
    def name(self) -> str:
        """행정7급 홍길동; 작성자 kim(김철수); 담당자 없음."""
        if self.officer is not None:
            return str(self.officer)
        if self.user is not None:
            full = self.user.get_full_name()
            username = self.user.get_username()
            return _("작성자 %(user)s") % {"user": f"{full}({username})" if full else username}
        return _("담당자 없음")

    @property
    def person(self) -> str:
        """How a mail greets the owner: the name alone."""
        if self.officer is not None:
            return self.officer.name
        if self.user is not None:
            return self.user.get_full_name() or self.user.get_username()
        return ""

    @property
    def email(self) -> str:
        if self.officer is not None:
            return self.officer.email.strip()
        if self.user is not None:
            return self.user.email.strip()
        return ""

    @property
    def is_nobody(self) -> bool:
        return self.officer is None and self.user is None


NOBODY = Owner()


@dataclass
class OwnerItems:
    """One owner's items not updated in one period (within one team on the dashboard, all of
    them in a mail) and the reminder already sent for that period, if any."""

    owner: Owner
    period: ReportingPeriod
    items: list[PlanItem] = field(default_factory=list)
    reminder: ProgressReminder | None = None

    def teams(self) -> list[tuple[Team, list[PlanItem]]]:
        """The items by the card's team, in order (a mail links each team's screen)."""
        by_team: dict[int, tuple[Team, list[PlanItem]]] = {}
        for item in self.items:
            team = item.card.team
            by_team.setdefault(team.pk, (team, []))[1].append(item)
        return list(by_team.values())

    def cards(self) -> list[tuple[TaskCard, list[PlanItem]]]:
        return by_card(self.items)


def by_card(items: list[PlanItem]) -> list[tuple[TaskCard, list[PlanItem]]]:
    """``items`` under their cards, in order: a page or a mail names each card once."""
    cards: dict[int, tuple[TaskCard, list[PlanItem]]] = {}
    for item in items:
        cards.setdefault(item.card_id, (item.card, []))[1].append(item)
    return list(cards.values())


@dataclass
class TeamOverdue:
    period: ReportingPeriod
    team: Team
    items: list[PlanItem] = field(default_factory=list)
    owners: list[OwnerItems] = field(default_factory=list)

    @property
    def screen_path(self) -> str:
        return team_screen_path(self.period.pk, self.team.pk)


@dataclass
class DepartmentOverdue:
    department: Department
    teams: list[TeamOverdue] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return sum(len(team.items) for team in self.teams)


@dataclass
class Overdue:
    """The items not updated in ``periods``, by department → team → owner, and by owner."""

    periods: list[ReportingPeriod]
    departments: list[DepartmentOverdue]
    owners: list[OwnerItems]  # one per (period, owner), every team's items, nobody last

    @property
    def item_count(self) -> int:
        return sum(department.item_count for department in self.departments)


def overdue(periods: list[ReportingPeriod], *, reach: Reach | None = None) -> Overdue:
    """The items of ``periods``' plans with no entry in their period, with their owners, as
    ``reach`` sees them (None: everything, for the command). Five queries."""
    if not periods:
        return Overdue([], [], [])
    periods_of_plan: dict[int, list[ReportingPeriod]] = defaultdict(list)
    for period in periods:
        periods_of_plan[period.plan_id].append(period)
    items = PlanItem.objects.filter(card__plan_id__in=list(periods_of_plan)).select_related(
        "card__team__department", "card__plan__department"
    )
    if reach is not None:
        items = restrict(items, reach, scope_for(PlanItem))
    items = list(
        items.order_by(
            "card__plan__department__organization",
            F("card__plan__department__bureau__order").asc(nulls_first=True),
            "card__plan__department__order",
            "card__plan__year",
            "card__team__order",
            "card__section",
            "card__number",
            "order",
        )
    )
    reported = set(
        ItemProgress.objects.filter(period__in=periods).values_list("period_id", "item_id")
    )
    due = [
        (period, item)
        for item in items
        for period in periods_of_plan[item.card.plan_id]
        if (period.pk, item.pk) not in reported
    ]
    owners_of_card = _owners_of_cards({item.card for _, item in due})
    sent = {
        (reminder.period_id, _recipient_key(reminder)): reminder
        for reminder in ProgressReminder.objects.filter(period__in=periods)
    }
    return _grouped(periods, due, owners_of_card, sent)


def _owners_of_cards(cards) -> dict[int, list[Owner]]:
    """Each card's owners (the rule above): two queries for any number of cards."""
    owners: dict[int, list[Owner]] = defaultdict(list)
    contacts = CardContact.objects.filter(
        card__in=[card.pk for card in cards], officer__is_active=True
    ).select_related("officer__team")
    for contact in contacts.order_by("card", "order"):
        owners[contact.card_id].append(Owner(officer=contact.officer))
    orphan_teams = {card.team_id for card in cards if card.pk not in owners}
    writers: dict[int, list[Owner]] = defaultdict(list)
    profiles = (
        StaffProfile.objects.filter(
            team_id__in=orphan_teams, user__is_active=True, user__groups__name=WRITER
        )
        .select_related("user")
        .order_by("team", "user__username")
        .distinct()
    )
    for profile in profiles:
        writers[profile.team_id].append(Owner(user=profile.user))
    for card in cards:
        if card.pk not in owners:
            owners[card.pk] = writers.get(card.team_id) or [NOBODY]
    return owners


def _recipient_key(reminder: ProgressReminder) -> tuple[str, int]:
    if reminder.officer_id is not None:
        return ("officer", reminder.officer_id)
    return ("user", reminder.user_id)


def _grouped(periods, due, owners_of_card, sent) -> Overdue:
    departments: dict[int, DepartmentOverdue] = {}
    teams: dict[tuple[int, int], TeamOverdue] = {}
    team_owners: dict[tuple, OwnerItems] = {}
    all_owners: dict[tuple, OwnerItems] = {}
    for period, item in due:
        card = item.card
        department = card.plan.department
        if department.pk not in departments:
            departments[department.pk] = DepartmentOverdue(department)
        team_key = (period.pk, card.team_id)
        if team_key not in teams:
            teams[team_key] = TeamOverdue(period, card.team)
            departments[department.pk].teams.append(teams[team_key])
        teams[team_key].items.append(item)
        for owner in owners_of_card[card.pk]:
            reminder = sent.get((period.pk, owner.key))
            key = (period.pk, card.team_id, owner.key)
            if key not in team_owners:
                team_owners[key] = OwnerItems(owner, period, reminder=reminder)
                teams[team_key].owners.append(team_owners[key])
            team_owners[key].items.append(item)
            if (period.pk, owner.key) not in all_owners:
                all_owners[(period.pk, owner.key)] = OwnerItems(owner, period, reminder=reminder)
            all_owners[(period.pk, owner.key)].items.append(item)
    for team in teams.values():
        team.owners.sort(key=lambda entry: entry.owner.is_nobody)
    by_owner = sorted(all_owners.values(), key=lambda entry: entry.owner.is_nobody)
    return Overdue(list(periods), list(departments.values()), by_owner)
