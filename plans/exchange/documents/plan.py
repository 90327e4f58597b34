"""The plan itself: its council session, policy texts, achievements, and task cards with their
facts, progress, plan items, funding rows and contacts."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, NamedTuple

from django.db import models
from django.utils import timezone

from budget.models import DisplayUnit, FundingRow
from personnel.models import Officer
from plans.models import (
    SECTION_NUMERALS,
    AchievementGroup,
    AchievementItem,
    CardContact,
    CardFact,
    CouncilSession,
    PlanItem,
    PlanStatus,
    ProgressItem,
    Section,
    TaskCard,
    WorkPlan,
)

from .civic_records import find_election
from .loading import Loader
from .organization import (
    OFFICER_REFERENCE,
    PROGRAM_REFERENCE,
    find_officer,
    find_team,
    find_welfare_program,
)
from .shapes import Row, Shape, clean_text, compact, entries, fail, read_texts

#: 사업구분 labels in the document, and the card flag each sets.
CARD_KINDS = {"계속": "is_continuing", "신규": "is_new", "현안": "is_pending_issue"}


PLAN = Shape(
    WorkPlan,
    "year session status published_at policy_goal policy_directions key_tasks achievements cards",
    required="year session",
    key="year session",
)
SESSION = Shape(CouncilSession, "number kind start_date end_date", required=True, key="number")
ACHIEVEMENT_GROUP = Shape(AchievementGroup, "title items", required="title", key="order")
ACHIEVEMENT_ITEM = Shape(AchievementItem, "election welfare_program text", key="order")
CARD = Shape(
    TaskCard,
    "section number title team kinds continues overview facts_title facts policies progress_items"
    " funding_unit funding plan_items expected_effects contacts",
    required="section number title team",
    key="section number",
)
FACT = Shape(CardFact, "label value", required="value", key="order")
PROGRESS_ITEM = Shape(ProgressItem, "text schedule", required="text", key="order")
PLAN_ITEM = Shape(PlanItem, "text schedule target details data_block", required="text", key="order")
FUNDING_ROW = Shape(
    FundingRow,
    "source prior_years current_year later_years remark",
    required="source",
    key="source",
)


class CardPart(NamedTuple):
    """A list of rows on a card: its key in the document, shape, name in messages, related name."""

    key: str
    shape: Shape
    label: str
    related_name: str


#: The parts of a card that are rows of their own (contacts aside), in the order they load.
CARD_PARTS = (
    CardPart("facts", FACT, "사업개요", "facts"),
    CardPart("progress_items", PROGRESS_ITEM, "추진상황", "progress_items"),
    CardPart("plan_items", PLAN_ITEM, "추진계획", "plan_items"),
    CardPart("funding", FUNDING_ROW, "소요예산", "funding_rows"),
)


def card_place(section: Any, number: Any) -> str:
    """How messages name a card: 과제 IV-3, 과제 V-1."""
    return f"과제 {SECTION_NUMERALS.get(section, section)}-{number}"


# ---------------------------------------------------------------------------------------------
# Loading


def load_plan(loader: Loader, data: Any, *, notes: list[str]) -> WorkPlan:
    data = PLAN.read(data, place="업무계획")
    session = SESSION.read(data["session"], place="의회 회기")
    session = loader.save(
        CouncilSession,
        SESSION.row(session, place=f"의회 회기 제{session['number']}회"),
        scope={"organization": loader.organization},
    )
    row = PLAN.row(
        data, place=f"업무계획 {data['year']}년", session=session, corrections_note="\n".join(notes)
    )
    row.values["status"] = row.values["status"] or PlanStatus.DRAFT
    plan = loader.save(WorkPlan, row, scope={"department": loader.department})
    load_achievements(loader, plan, data.get("achievements"))
    load_cards(loader, plan, data.get("cards"))
    return plan


def load_achievements(loader: Loader, plan: WorkPlan, data: Any) -> None:
    groups = list(entries(data, place="주요성과", unit="그룹", shape=ACHIEVEMENT_GROUP))
    rows = [
        ACHIEVEMENT_GROUP.row(group, place=place, order=number) for number, group, place in groups
    ]
    saved = loader.sync(AchievementGroup, scope={"plan": plan}, rows=rows, place="주요성과")
    for group, (_, data_group, place) in zip(saved, groups, strict=True):
        rows = [
            ACHIEVEMENT_ITEM.row(
                item,
                place=item_place,
                election=find_election(loader, item.get("election"), place=item_place),
                welfare_program=find_welfare_program(
                    loader, item.get("welfare_program"), place=item_place
                ),
                order=line,
            )
            for line, item, item_place in entries(
                data_group.get("items"), place=place, shape=ACHIEVEMENT_ITEM
            )
        ]
        loader.sync(AchievementItem, scope={"group": group}, rows=rows, place=place)


def load_cards(loader: Loader, plan: WorkPlan, data: Any) -> None:
    cards, rows = [], []
    for _, card, _ in entries(data, place="과제", unit="번째", shape=CARD):
        place = card_place(card["section"], card["number"])
        kinds = read_texts(card.get("kinds"), place=place)
        unknown = [kind for kind in kinds if kind not in CARD_KINDS]
        if unknown:
            raise fail(place, f"사업구분 '{unknown[0]}'은(는) 계속, 신규, 현안 중 하나여야 합니다.")
        flags = {flag: label in kinds for label, flag in CARD_KINDS.items()}
        team = find_team(loader, card["team"], place=place)
        funding_unit = card.get("funding_unit") or DisplayUnit.MILLION
        continues = find_previous_card(plan, card.get("continues"), place=place)
        rows.append(
            CARD.row(
                card,
                place=place,
                **flags,
                team=team,
                funding_unit=funding_unit,
                continues=continues,
            )
        )
        cards.append(card)
    saved = loader.sync(TaskCard, scope={"plan": plan}, rows=rows, place="과제")
    for card, card_data in zip(saved, cards, strict=True):
        load_card_parts(loader, card, card_data)


_CARD_CODE = re.compile(r"(IV|V)\s*-\s*(\d+)")


def find_previous_card(plan: WorkPlan, value: Any, *, place: str) -> TaskCard | None:
    """The card of the department's plan of the year before that ``value`` names by its number
    (``IV-3``, optionally followed by its title), or None for an empty value."""
    text = clean_text(value) if value is not None else ""
    if not text:
        return None
    code = _CARD_CODE.match(text)
    if code is None:
        raise fail(
            place,
            f"이어받은 작년 과제 '{text}': 'IV-3'처럼 작년 과제 번호로 적으십시오.",
        )
    section = Section.MAIN if code[1] == "IV" else Section.SPECIAL
    found = TaskCard.objects.filter(
        plan__department=plan.department_id,
        plan__year=plan.year - 1,
        section=section,
        number=int(code[2]),
    ).first()
    if found is None:
        raise fail(
            place,
            f"이어받은 작년 과제 {code[1]}-{code[2]}: "
            f"{plan.year - 1}년 업무계획에 없는 과제입니다.",
        )
    return found


def load_card_parts(loader: Loader, card: TaskCard, data: dict[str, Any]) -> None:
    place = card_place(card.section, card.number)
    for part in CARD_PARTS:
        each = f"{place} {part.label}"
        rows = [
            part.shape.row(item, place=row_place, order=number)
            for number, item, row_place in entries(
                data.get(part.key), place=place, each=each, shape=part.shape
            )
        ]
        loader.sync(part.shape.model, scope={"card": card}, rows=rows, place=each)
    each = f"{place} 담당자"
    rows = [
        Row({"officer": find_officer(loader, item, place=row_place)}, {"order": number}, row_place)
        for number, item, row_place in entries(data.get("contacts"), place=place, each=each)
    ]
    loader.sync(CardContact, scope={"card": card}, rows=rows, place=each)


# ---------------------------------------------------------------------------------------------
# Dumping


def dump_plan(plan: WorkPlan) -> dict[str, Any]:
    groups = plan.achievement_groups.order_by("order").prefetch_related(
        models.Prefetch(
            "items",
            queryset=AchievementItem.objects.select_related("election", "welfare_program"),
        )
    )
    cards = (
        TaskCard.objects.filter(plan=plan)
        .select_related("team", "continues")
        .prefetch_related(
            *(part.related_name for part in CARD_PARTS),
            models.Prefetch(
                "contacts", queryset=CardContact.objects.select_related("officer__team")
            ),
        )
    )
    cards = list(cards)
    names = _officer_names(cards)
    # Sections in report order (IV before V), whatever their codes sort to.
    section_order = {value: index for index, value in enumerate(Section.values)}
    return compact(
        PLAN.dump(
            plan,
            session=SESSION.dump(plan.session),
            published_at=timezone.localtime(plan.published_at) if plan.published_at else None,
            achievements=[
                compact(
                    ACHIEVEMENT_GROUP.dump(
                        group, items=[_dump_item(item) for item in group.items.all()]
                    )
                )
                for group in groups
            ],
            cards=[
                _dump_card(card, names)
                for card in sorted(cards, key=lambda c: (section_order[c.section], c.number))
            ],
        )
    )


def _dump_item(item: AchievementItem) -> dict[str, Any]:
    program = item.welfare_program
    return compact(
        ACHIEVEMENT_ITEM.dump(
            item,
            election=item.election.name if item.election_id else None,
            welfare_program=program and PROGRAM_REFERENCE.dump(program),
        )
    )


def _officer_names(cards: list[TaskCard]) -> Counter:
    """How many officers of each contact's team share a name (one query for the whole plan):
    a contact is written by name, with the phone only where the name alone is ambiguous."""
    teams = {contact.officer.team_id for card in cards for contact in card.contacts.all()}
    return Counter(
        (officer.team_id, officer.name)
        for officer in Officer.objects.filter(team_id__in=teams).only("team_id", "name")
    )


def _dump_card(card: TaskCard, names: Counter) -> dict[str, Any]:
    parts = {
        part.key: [compact(part.shape.dump(row)) for row in getattr(card, part.related_name).all()]
        for part in CARD_PARTS
    }
    contacts = [contact.officer for contact in card.contacts.all()]
    return compact(
        CARD.dump(
            card,
            team=card.team.name,
            kinds=[label for label, flag in CARD_KINDS.items() if getattr(card, flag)],
            continues=card.continues.code if card.continues_id else None,
            funding_unit=card.funding_unit
            if parts["funding"] or card.funding_unit != DisplayUnit.MILLION
            else None,
            contacts=[
                compact(
                    OFFICER_REFERENCE.dump(
                        officer,
                        team=officer.team.name,
                        phone=officer.phone if names[(officer.team_id, officer.name)] > 1 else None,
                    )
                )
                for officer in contacts
            ],
            **parts,
        )
    )
