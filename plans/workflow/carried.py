"""Rows carried from last year's plan (plans.workflow.nextyear) until a person confirms them:
which are left in a plan, and confirming them, one row or a whole card at a time.

A carried row is marked by its ``carried`` flag (the plan's policy by ``policy_carried``). A
person clears it by editing the row (the admin's forms do that, plans.admin.carried) or by
confirming it as it is here. The 게시 전 점검 (plans.workflow.checks) lists what is left, and
검토 요청, 승인 and 게시 wait until nothing is."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from budget.models import BudgetLine, FundingRow
from personnel.models import StaffingCount
from plans.access.editing import editing_refusal
from plans.history import recording
from plans.models import AchievementGroup, CardFact, ProgressItem, TaskCard, WorkPlan
from plans.rules.figures import format_number

#: The parts of a card that carry the flag, as the 점검 names them.
CARD_PARTS: tuple[tuple[type[models.Model], str], ...] = (
    (CardFact, "facts"),
    (FundingRow, "funding_rows"),
    (ProgressItem, "progress_items"),
)

#: Each kind of carried row by the name the admin's confirm button posts.
KINDS: dict[str, type[models.Model]] = {
    "plan": WorkPlan,
    "card": TaskCard,
    "fact": CardFact,
    "funding": FundingRow,
    "progress": ProgressItem,
    "achievement": AchievementGroup,
    "budget": BudgetLine,
    "staffing": StaffingCount,
}

CONFIRM_REASON = "작년에서 가져온 내용 확인"


def flag_name(model: type[models.Model]) -> str:
    return "policy_carried" if model is WorkPlan else "carried"


def kind_of(obj: models.Model) -> str:
    return next(kind for kind, model in KINDS.items() if isinstance(obj, model))


@dataclass(frozen=True)
class CardLeft:
    """A card with carried rows still unconfirmed: the card itself and how many of each part."""

    card: TaskCard
    card_itself: bool
    parts: dict[str, int]
    later_years: int  # 다음해 이후 (천원) still unsplit in its unconfirmed funding rows

    @property
    def count(self) -> int:
        return int(self.card_itself) + sum(self.parts.values())


@dataclass(frozen=True)
class PlanLeft:
    policy: bool
    achievements: int
    budget_lines: int
    staffing: int
    cards: list[CardLeft]

    @property
    def count(self) -> int:
        return (
            int(self.policy)
            + self.achievements
            + self.budget_lines
            + self.staffing
            + sum(card.count for card in self.cards)
        )


def _carried_kinds(plan: WorkPlan) -> dict[str, bool]:
    """Which kinds of rows of ``plan`` have any mark left, in one query: most plans were never
    started from last year's, and the pages that ask (the front page, for every plan in
    progress) should pay one query for that, not one per kind."""
    card_rows = {
        "card": TaskCard.objects.filter(plan=OuterRef("pk")),
        **{
            related: model.objects.filter(card__plan=OuterRef("pk"))
            for model, related in CARD_PARTS
        },
        "achievement": AchievementGroup.objects.filter(plan=OuterRef("pk")),
        "budget": BudgetLine.objects.filter(
            department=OuterRef("department"), fiscal_year=OuterRef("year")
        ),
        "staffing": StaffingCount.objects.filter(
            team__department=OuterRef("department"), year=OuterRef("year")
        ),
    }
    return (
        WorkPlan.objects.filter(pk=plan.pk)
        .values(**{name: Exists(rows.filter(carried=True)) for name, rows in card_rows.items()})
        .get()
    )


def unconfirmed(plan: WorkPlan) -> PlanLeft:
    """What of ``plan`` is carried and not yet confirmed: one query, and one more for each kind
    of row that has marks left."""
    kinds = _carried_kinds(plan)
    cards: dict[int, dict] = {}
    if kinds["card"]:
        for card in plan.cards.filter(carried=True):
            cards[card.pk] = {"card": card, "itself": True, "parts": {}, "later": 0}
    for model, related in CARD_PARTS:
        if not kinds[related]:
            continue
        rows = model.objects.filter(card__plan=plan, carried=True).select_related("card")
        for row in rows:
            entry = cards.setdefault(
                row.card_id, {"card": row.card, "itself": False, "parts": {}, "later": 0}
            )
            label = str(model._meta.verbose_name)
            entry["parts"][label] = entry["parts"].get(label, 0) + 1
            if model is FundingRow:
                entry["later"] += row.later_years or 0
    ordered = sorted(cards.values(), key=lambda e: (e["card"].section, e["card"].number))
    return PlanLeft(
        policy=plan.policy_carried,
        achievements=(
            plan.achievement_groups.filter(carried=True).count() if kinds["achievement"] else 0
        ),
        budget_lines=(
            BudgetLine.objects.filter(
                department=plan.department_id, fiscal_year=plan.year, carried=True
            ).count()
            if kinds["budget"]
            else 0
        ),
        staffing=(
            StaffingCount.objects.filter(
                team__department=plan.department_id, year=plan.year, carried=True
            ).count()
            if kinds["staffing"]
            else 0
        ),
        cards=[
            CardLeft(e["card"], e["itself"], e["parts"], later_years=e["later"]) for e in ordered
        ],
    )


def card_summary(left: CardLeft) -> str:
    """'과제, 사업개요 2건, 소요예산 3건' and what the funding rows still need."""
    parts = [_("과제 내용")] if left.card_itself else []
    parts += [
        _("%(part)s %(count)s건") % {"part": part, "count": count}
        for part, count in left.parts.items()
    ]
    text = ", ".join(parts)
    if left.later_years:
        text += _(
            " (작년 다음해 이후 %(amount)s천원을 올해와 다음해 이후로 나누어 입력하십시오)"
        ) % {"amount": format_number(left.later_years)}
    return text


def _plan_of(obj: models.Model) -> WorkPlan | None:
    """The plan whose editing lock applies to ``obj``; None for a department's yearly rows
    (budget lines and staffing), which their own registers govern."""
    if isinstance(obj, WorkPlan):
        return obj
    if isinstance(obj, TaskCard | AchievementGroup):
        return obj.plan
    if isinstance(obj, CardFact | FundingRow | ProgressItem):
        return obj.card.plan
    return None


def _clear(obj: models.Model) -> bool:
    name = flag_name(type(obj))
    if not getattr(obj, name):
        return False
    setattr(obj, name, False)
    obj.save(update_fields=[name])
    return True


@transaction.atomic
def carried_confirm(*, obj: models.Model, user: User) -> bool:
    """Confirm one carried row as it is; False if it was not marked."""
    refusal = editing_refusal(_plan_of(obj))
    if refusal:
        raise ValidationError(refusal)
    with recording(reason=CONFIRM_REASON, user=user):
        return _clear(obj)


@transaction.atomic
def carried_confirm_card(*, card: TaskCard, user: User) -> int:
    """모두 확인: the card and every carried part of it; how many rows were confirmed."""
    refusal = editing_refusal(card.plan)
    if refusal:
        raise ValidationError(refusal)
    confirmed = 0
    with recording(reason=CONFIRM_REASON, user=user):
        confirmed += _clear(card)
        for _model, related in CARD_PARTS:
            for row in getattr(card, related).filter(carried=True):
                confirmed += _clear(row)
    return confirmed
