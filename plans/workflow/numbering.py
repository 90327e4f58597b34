"""Moving a task card up or down its chapter (the plan page's ↑↓ buttons): the card swaps its
number with the card before or after it in the same chapter (IV or V), in one transaction, so
a chapter numbered 1, 2, 3 … stays so, as the 게시 전 점검 wants it and council questions cite
it (IV-3).

Like every edit, a move is made on a draft only, and only by someone who may change both
cards: a 작성자 moves its team's cards past each other, not past another team's card, whose
number would change too. Both numbers change or neither; each card's history records its new
number with the reason 과제 순서 바꿈."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.access.editing import editing_refusal
from plans.access.scopes import reach_of, scope_for, write_refusal
from plans.history import recording
from plans.models import TaskCard, WorkPlan

UP = "up"
DOWN = "down"
DIRECTIONS = (UP, DOWN)

CHANGE_PERMISSION = "plans.change_taskcard"


def renumber_refusal(user, card: TaskCard) -> str | None:
    """Why ``user`` may not change ``card``'s number, or None. Reads no rows when the card's
    plan (with its department) and team are loaded."""
    if not user.has_perm(CHANGE_PERMISSION):
        return _("과제 번호를 바꿀 권한이 없습니다.")
    refusal = write_refusal(reach_of(user), scope_for(TaskCard), card)
    return refusal.message if refusal is not None else None


def move_card(card: TaskCard, direction: str, *, user) -> tuple[TaskCard, TaskCard]:
    """Swap ``card``'s number with its neighbour's in ``direction`` (UP: the card before it).
    Returns (the card, the neighbour) with their new numbers. Raises ValidationError on a
    plan that is not a draft or at the end of the chapter, PermissionDenied when ``user`` may
    not change either card."""
    if direction not in DIRECTIONS:
        raise ValidationError(_("알 수 없는 방향입니다: %(direction)s") % {"direction": direction})
    with transaction.atomic():
        # The plan row first, as every workflow write locks it: a 검토 요청 at the same moment
        # comes before or after the move, never in the middle.
        plan = WorkPlan.objects.select_for_update(of=("self",)).with_context().get(pk=card.plan_id)
        refusal = editing_refusal(plan)
        if refusal:
            raise ValidationError(refusal)
        chapter = list(
            TaskCard.objects.select_for_update(of=("self",))
            .filter(plan=plan, section=card.section)
            .select_related("team")
            .order_by("number", "pk")
        )
        index = next((i for i, other in enumerate(chapter) if other.pk == card.pk), None)
        if index is None:
            raise ValidationError(_("이 업무계획의 과제가 아닙니다."))
        neighbour_index = index - 1 if direction == UP else index + 1
        if not 0 <= neighbour_index < len(chapter):
            raise ValidationError(
                _("%(code)s은(는) 이미 맨 앞입니다.") % {"code": chapter[index].code}
                if direction == UP
                else _("%(code)s은(는) 이미 맨 뒤입니다.") % {"code": chapter[index].code}
            )
        moving, neighbour = chapter[index], chapter[neighbour_index]
        for each in (moving, neighbour):
            each.plan = plan
            refusal = renumber_refusal(user, each)
            if refusal:
                raise PermissionDenied(
                    _("%(code)s %(title)s: %(reason)s")
                    % {"code": each.code, "title": each.title, "reason": refusal}
                )
        first, second = moving.number, neighbour.number
        # A free number to park the card on while the other takes its place: the unique
        # (plan, section, number) constraint holds after each statement. Parking bypasses the
        # history (update()); the save below records the card's real new number.
        parked = max(other.number for other in chapter) + 1
        with recording(reason=_("과제 순서 바꿈"), user=user):
            TaskCard.objects.filter(pk=moving.pk).update(number=parked)
            neighbour.number = first
            neighbour.save(update_fields=["number"])
            moving.number = second
            moving.save(update_fields=["number"])
    return moving, neighbour
