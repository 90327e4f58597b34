"""Reading and writing 추진실적 for a reporting period: the rows a user reports on, and the one
service that saves a batch of them (the team screen today; the period workbook calls the same).

Rules of a save, all or nothing:

- every row names a 추진계획 item of the period's plan that the user may write (a 작성자 its
  team's, a 검토자 its department's: plans.access.scopes); another team's item is refused,
  naming the row;
- a period handed in for review, approved or 공개 is not changed until the 검토자 returns or
  reopens it (plans.workflow.progress_review);
- each row is checked as the model checks it (status, 진행률 and 사유 agree; 실적 is outline text;
  quantities have a unit), and every wrong row is named in Korean ("IV-2 추진계획 1번(…): 완료
  상태의 진행률은 100%입니다(입력: 40%).") before anything is written;
- optimistic locking, as the budget grid does it: the screen carries a digest of the entries it
  was loaded with (:func:`progress_digest`); the save locks the period and those entries,
  recomputes it and writes nothing if someone saved in between.

A save costs a fixed number of queries whatever the number of cards: the items and entries are
read once, the checks run in Python (the model's ``clean()`` states every database constraint,
so ``full_clean`` skips the per-row constraint queries), and writes go in bulk through
simple-history (:mod:`plans.history`), so each written entry still leaves a history row with
its user and reason.

Each save also lists what it changes, field by field (plans.exchange.changes), so the period
workbook's import can show a preview (``dry_run``: everything checked, nothing written) before
the clerk confirms. A row read from a file carries its place (``추진실적 시트 7행``), and every
message about it starts with that place, so the clerk finds the cell."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from plans import history
from plans.access.scopes import reach_of, restrict, scope_for, scope_refusal
from plans.exchange import changes as change_list
from plans.models import (
    ItemProgress,
    PlanItem,
    ProgressStatus,
    ReportingPeriod,
    TaskCard,
)
from plans.rules.korean import with_particle
from plans.rules.progress import FIXED_PERCENT, parse_quantity

#: The fields a save writes (besides who and when).
WRITTEN = ("status", "percent", "result", "reason", "target_amount", "actual_amount", "unit")


def item_label(item: PlanItem, place: str = "") -> str:
    """How messages name a row: ``IV-2 추진계획 1번(리더십 및 조직화합…)``, after its place in a
    file when it has one (``추진실적 시트 7행 IV-2 추진계획 1번(…)``)."""
    text = item.text if len(item.text) <= 20 else item.text[:19] + "…"
    label = _("%(card)s 추진계획 %(order)s번(%(text)s)") % {
        "card": item.card.code,
        "order": item.order,
        "text": text,
    }
    return f"{place} {label}" if place else label


@dataclass
class ProgressRow:
    """An item of the period with its entry (None: not reported yet) and, for a new entry, the
    target the plan states as number and unit ("4명" → 4, 명)."""

    item: PlanItem
    entry: ItemProgress | None

    @property
    def card(self) -> TaskCard:
        return self.item.card

    @property
    def suggested_target(self) -> tuple[Decimal, str] | None:
        return parse_quantity(self.item.target) if self.item.target else None


def period_items(period: ReportingPeriod, *, user, team_id=None) -> list[PlanItem]:
    """The period's plan items ``user`` sees (a 작성자: its team's), optionally one team's, in
    the report's order. One query (plus the user's reach, once per request)."""
    items = PlanItem.objects.filter(card__plan_id=period.plan_id).select_related("card__team")
    if user is not None:  # None: the system (a command), which answers to no team
        items = restrict(items, reach_of(user), _item_scope())
    if team_id is not None:
        items = items.filter(card__team_id=team_id)
    return list(items.order_by("card__section", "card__number", "order"))


def _item_scope():
    # An item is seen as its card is (team and department of the card).
    return scope_for(PlanItem)


def progress_rows(period: ReportingPeriod, *, user, team_id=None) -> list[ProgressRow]:
    """The rows of the team screen: two queries whatever the number of cards."""
    items = period_items(period, user=user, team_id=team_id)
    entries = {
        entry.item_id: entry
        for entry in ItemProgress.objects.filter(
            period=period, item__in=[i.pk for i in items]
        ).select_related("updated_by")
    }
    return [ProgressRow(item, entries.get(item.pk)) for item in items]


def _digest_of(entries: Iterable[ItemProgress]) -> str:
    values = sorted(
        [
            entry.item_id,
            *(str(getattr(entry, name)) for name in WRITTEN),
            entry.updated_at.isoformat() if entry.updated_at else "",
        ]
        for entry in entries
    )
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()


def progress_digest(period: ReportingPeriod, item_ids: Iterable[int]) -> str:
    """A digest of the period's entries for these items, as the screen was loaded."""
    return _digest_of(ItemProgress.objects.filter(period=period, item__in=list(item_ids)))


def rows_digest(rows: Sequence[ProgressRow]) -> str:
    """:func:`progress_digest` of rows already read (no query)."""
    return _digest_of(row.entry for row in rows if row.entry is not None)


@dataclass(frozen=True)
class ProgressInput:
    """One row as typed: every value a string, as a form or a workbook cell gives it; ``place``
    says where a file has the row (``추진실적 시트 7행``), for the messages."""

    item_id: str
    status: str = ""
    percent: str = ""
    result: str = ""
    reason: str = ""
    target_amount: str = ""
    actual_amount: str = ""
    unit: str = ""
    place: str = ""


class ProgressRefused(Exception):
    """Nothing was saved; ``messages`` say why, each naming its row."""

    def __init__(self, messages: list[str], *, stale: bool = False):
        super().__init__(messages)
        self.messages = messages
        self.stale = stale


@dataclass
class ProgressChanges:
    """What a save wrote (or, in a dry run, would write), and the same as a preview lists it."""

    created: list[ItemProgress] = field(default_factory=list)
    updated: list[ItemProgress] = field(default_factory=list)
    preview: change_list.ChangeList = field(default_factory=change_list.ChangeList)

    @property
    def count(self) -> int:
        return len(self.created) + len(self.updated)


def locked_message(period: ReportingPeriod) -> str:
    """Why a period's entries cannot be changed now (plans.models.progress ``is_locked``)."""
    return _(
        "%(period)s 추진실적은 '%(status)s' 상태여서 고칠 수 없습니다. "
        "검토자가 작성 중으로 돌려보내거나 다시 작성을 시작하면 고칠 수 있습니다."
    ) % {"period": period, "status": period.get_status_display()}


STALE_MESSAGE = gettext_lazy(
    "이 화면을 연 뒤에 다른 사람이 추진실적을 저장했습니다. 아무것도 저장하지 않았습니다. "
    "바뀐 내용을 다시 불러왔으니 확인하고 다시 입력하십시오."
)


def _int(text: str, label: str, name: str, errors: list[str]) -> int | None:
    text = text.strip().removesuffix("%").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        errors.append(
            _("%(row)s: %(name)s 0에서 100 사이의 정수로 입력하십시오(입력: %(text)s).")
            % {"row": label, "name": with_particle(name, "은", "는"), "text": text}
        )
        return None


def _decimal(text: str, label: str, name: str, errors: list[str]) -> Decimal | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0 or value >= 10**10:
        errors.append(
            _("%(row)s: %(name)s 0 이상의 숫자로 입력하십시오(입력: %(text)s).")
            % {"row": label, "name": with_particle(name, "은", "는"), "text": text}
        )
        return None
    return value


def _fill(entry: ItemProgress, row: ProgressInput, label: str, errors: list[str]) -> bool:
    """Put ``row`` into ``entry``; False (with messages in ``errors``) when it cannot stand."""
    before = len(errors)
    status = row.status.strip()
    if status not in ProgressStatus.values:
        errors.append(_("%(row)s: 추진 상태를 고르십시오.") % {"row": label})
        return False
    percent = _int(row.percent, label, _("진행률"), errors)
    if percent is None and len(errors) == before:
        # 완료 and 미착수 fix the %, so the clerk need not type it; other statuses must say it.
        percent = FIXED_PERCENT.get(status)
        if percent is None:
            errors.append(_("%(row)s: 진행률을 입력하십시오.") % {"row": label})
    entry.status = status
    entry.percent = percent if percent is not None else 0
    entry.result = row.result.replace("\r\n", "\n").rstrip()
    entry.reason = row.reason.strip()
    entry.target_amount = _decimal(row.target_amount, label, _("목표 수량"), errors)
    entry.actual_amount = _decimal(row.actual_amount, label, _("실적 수량"), errors)
    entry.unit = row.unit.strip()
    if len(errors) > before:
        return False
    if percent is not None and percent < 0:
        errors.append(
            _("%(row)s: 진행률은 0에서 100 사이로 입력하십시오(입력: %(percent)s).")
            % {"row": label, "percent": percent}
        )
        return False
    try:
        # The model's clean() states every constraint, so the per-row constraint queries are
        # skipped; the (period, item) pair is unique because rows are keyed by item below.
        entry.full_clean(
            exclude=["period", "item", "updated_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            verbose = entry._meta.get_field(name).verbose_name if name != "__all__" else ""
            for message in messages:
                prefix = (
                    f"{label}: {verbose}: "
                    if verbose and str(verbose) not in message
                    else (f"{label}: ")
                )
                errors.append(prefix + message)
        return False
    return True


def _typed(row: ProgressInput, item: PlanItem) -> bool:
    """Whether a row without a status says anything: the target the screen offers for an item
    not reported yet (its 목표 "1회" as 1 and 회) is what it was loaded with, not typed."""
    typed = {name for name in WRITTEN if name != "status" and getattr(row, name).strip()}
    if not typed:
        return False
    suggested = parse_quantity(item.target) if item.target else None
    if suggested is None or not typed <= {"target_amount", "unit"}:
        return True
    try:
        amount = Decimal(row.target_amount.strip().replace(",", ""))
    except InvalidOperation:
        return True
    return (amount, row.unit.strip()) != suggested


def _changed(entry: ItemProgress, original: dict | None) -> bool:
    return original is None or any(getattr(entry, name) != original[name] for name in WRITTEN)


@transaction.atomic
def progress_update(
    *,
    period: ReportingPeriod,
    user,
    rows: Sequence[ProgressInput],
    loaded_digest: str | None,
    reason: str = "",
    dry_run: bool = False,
) -> ProgressChanges:
    """Save ``rows`` for ``period`` at once, or nothing (:class:`ProgressRefused`).

    ``user`` None is the system (a management command such as load_demo), which answers to no
    team; everyone else writes only what plans.access.scopes lets them.

    A row with no status on an item not reported yet is left unreported. ``loaded_digest`` is
    :func:`progress_digest` of the posted items as the editor loaded them (None skips the
    check: a command writing on its own). ``dry_run`` checks everything and lists the changes
    (``preview``) without writing."""
    period = (
        ReportingPeriod.objects.select_for_update(of=("self",))
        .select_related("plan__department")
        .get(pk=period.pk)
    )
    if period.is_locked:
        raise ProgressRefused([locked_message(period)])
    errors: list[str] = []
    wanted: dict[int, ProgressInput] = {}
    for number, row in enumerate(rows, start=1):
        where = row.place or _("%(number)s번째 줄") % {"number": number}
        if not str(row.item_id).strip().isdigit():
            errors.append(
                _("%(where)s: 추진계획 번호가 잘못되었습니다(입력: %(id)s).")
                % {"where": where, "id": row.item_id}
            )
            continue
        item_id = int(row.item_id)
        if item_id in wanted:
            errors.append(
                _("%(where)s: 같은 추진계획이 두 번 들어 있습니다(번호 %(id)s).")
                % {"where": where, "id": item_id}
            )
        wanted[item_id] = row
    items = {
        item.pk: item
        for item in PlanItem.objects.filter(
            pk__in=wanted, card__plan_id=period.plan_id
        ).select_related("card__team", "card__plan")
    }
    for item_id, row in wanted.items():
        if item_id not in items:
            where = _("추진계획 번호 %(id)s") % {"id": item_id}
            errors.append(
                _("%(where)s: 이 보고 시기의 업무계획에 없는 추진계획입니다.")
                % {"where": f"{row.place} {where}" if row.place else where}
            )
    entries = {
        entry.item_id: entry
        for entry in ItemProgress.objects.select_for_update(of=("self",)).filter(
            period=period, item__in=list(items)
        )
    }
    for entry in entries.values():
        # The checks and the scope read each entry's period and item (and its card): give
        # them the ones already read, or every changed row costs three more queries.
        entry.period, entry.item = period, items[entry.item_id]
    if loaded_digest is not None and _digest_of(entries.values()) != loaded_digest:
        raise ProgressRefused([str(STALE_MESSAGE)], stale=True)

    reach = reach_of(user)
    scope = scope_for(ItemProgress)
    changes = ProgressChanges()
    now = timezone.now()
    for item_id, row in wanted.items():
        item = items.get(item_id)
        if item is None:
            continue
        label = item_label(item, row.place)
        existing = entries.get(item_id)
        entry = existing or ItemProgress(period=period, item=item)
        refusal = scope_refusal(reach, scope, entry) if user is not None else None
        if refusal is not None:
            errors.append(f"{label}: {refusal.message}")
            continue
        if existing is None and not row.status.strip():
            if _typed(row, item):
                errors.append(_("%(row)s: 추진 상태를 고르십시오.") % {"row": label})
            continue
        original = {name: getattr(existing, name) for name in WRITTEN} if existing else None
        if not _fill(entry, row, label, errors):
            continue
        if not _changed(entry, original):
            changes.preview.unchanged += 1
            continue
        entry.updated_by = user if getattr(user, "is_authenticated", False) else None
        entry.updated_at = now
        (changes.updated if existing else changes.created).append(entry)
        changes.preview.add(
            change_list.updated(original, entry, place=row.place)
            if original is not None
            else change_list.created(entry, place=row.place)
        )
    if errors:
        raise ProgressRefused(errors)
    if dry_run:
        return changes
    with history.recording(
        reason=reason or _("추진실적 입력: %(period)s") % {"period": period}, user=user
    ):
        if changes.created:
            bulk_create_with_history(
                changes.created,
                ItemProgress,
                default_user=history.current_user(),
                default_change_reason=history.current_reason(),
            )
        if changes.updated:
            bulk_update_with_history(
                changes.updated,
                ItemProgress,
                [*WRITTEN, "updated_by", "updated_at"],
                default_user=history.current_user(),
                default_change_reason=history.current_reason(),
            )
    return changes
