"""Spreadsheet import and export of the work plan's task cards (과제) and their parts: 사업개요,
추진상황, 추진계획 and 담당자 (소요예산 is in ``budget/resources.py``). A card is named by its
plan's department and year, its section and number; a part by its card and its order."""

from __future__ import annotations

from personnel.resources import OFFICER, TEAM
from plans.exchange.resources.base import SpreadsheetResource, foreign_key, key_column
from plans.exchange.resources.widgets import (
    ChoiceWidget,
    NaturalKey,
    NumberWidget,
    choice_part,
    integer_part,
    text_part,
)
from plans.models import (
    CardContact,
    CardFact,
    PlanItem,
    ProgressItem,
    Section,
    TaskCard,
    WorkPlan,
)

PLAN = NaturalKey(
    WorkPlan,
    [("department__slug", text_part), ("year", integer_part)],
    label="업무계획",
    select_related=("department",),
)
CARD = NaturalKey(
    TaskCard,
    [
        ("plan__department__slug", text_part),
        ("plan__year", integer_part),
        ("section", choice_part(Section.choices)),
        ("number", integer_part),
    ],
    label="과제",
    select_related=("plan__department",),
)

#: The columns naming a part's card, first in every part's table.
CARD_COLUMNS = ("department", "year", "section", "card")


class TaskCardResource(SpreadsheetResource):
    """과제: 과 + 연도 + 구분 + 번호."""

    department = key_column("과", "plan__department__slug")
    plan = foreign_key("plan", PLAN, ("과", "연도"), column_name="연도", render_path="year")
    team = foreign_key("team", TEAM, ("과", "담당 팀"), column_name="담당 팀", render_path="name")
    select_related = ("plan__department", "team")

    class Meta:
        model = TaskCard
        fields = (
            "department",
            "plan",
            "section",
            "number",
            "title",
            "team",
            "is_continuing",
            "is_new",
            "is_pending_issue",
            "overview",
            "facts_title",
            "policies",
            "expected_effects",
            "funding_unit",
        )
        import_id_fields = ("plan", "section", "number")


class CardPartResource(SpreadsheetResource):
    """A part of a task card: the card's 과, 연도, 구분 and 번호, then the part's columns."""

    department = key_column("과", "card__plan__department__slug")
    year = key_column("연도", "card__plan__year", NumberWidget())
    section = key_column("구분", "card__section", ChoiceWidget(Section.choices))
    card = foreign_key(
        "card", CARD, ("과", "연도", "구분", "번호"), column_name="번호", render_path="number"
    )
    select_related = ("card__plan__department",)


class CardFactResource(CardPartResource):
    """사업개요: card + 순서."""

    class Meta:
        model = CardFact
        fields = (*CARD_COLUMNS, "order", "label", "value")
        import_id_fields = ("card", "order")


class ProgressItemResource(CardPartResource):
    """추진상황: card + 순서."""

    class Meta:
        model = ProgressItem
        fields = (*CARD_COLUMNS, "order", "text", "schedule")
        import_id_fields = ("card", "order")


class PlanItemResource(CardPartResource):
    """추진계획: card + 순서."""

    class Meta:
        model = PlanItem
        fields = (*CARD_COLUMNS, "order", "text", "schedule", "target", "details", "data_block")
        import_id_fields = ("card", "order")


class CardContactResource(CardPartResource):
    """담당자 of a card: card + 순서; the officer by 담당자 팀, 성명 and 전화번호."""

    officer_team = key_column("담당자 팀", "officer__team__name")
    officer = foreign_key(
        "officer",
        OFFICER,
        ("과", "담당자 팀", "담당자", "전화번호"),
        column_name="담당자",
        render_path="name",
    )
    phone = key_column("전화번호", "officer__phone")
    select_related = ("card__plan__department", "officer__team")

    class Meta:
        model = CardContact
        fields = (*CARD_COLUMNS, "order", "officer_team", "officer", "phone")
        import_id_fields = ("card", "order")
