"""A 추진실적 document (YAML, read by ``manage.py load_demo``): one period of one published plan,
its entries found by card number (IV-1, V-1) and the 추진계획's order, statuses in Korean.

The entries are written by the same service as the team screen
(plans.workflow.progress.progress_update), so a document cannot hold what the screen would
refuse. Loading is idempotent: unchanged entries are not written again, and a period already
marked 공개 is left as it is (what the public reads changes only after the 검토자 reopens it)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from plans.models import (
    SECTION_NUMERALS,
    PeriodKind,
    PlanItem,
    ProgressStatus,
    ReportingPeriod,
    WorkPlan,
)
from plans.workflow.progress import (
    ProgressInput,
    ProgressRefused,
    period_set_public,
    progress_update,
)

_STATUS_BY_LABEL = {str(label): value for value, label in ProgressStatus.choices}
_KIND_BY_NAME = {**{value: value for value in PeriodKind.values},
                 **{str(label): value for value, label in PeriodKind.choices}}  # fmt: skip


@dataclass
class ProgressLoad:
    period: ReportingPeriod
    created: int = 0
    updated: int = 0
    published: bool = False
    kept_public: bool = False

    def summary(self) -> str:
        if self.kept_public:
            return f"{self.period} 추진실적은 이미 공개되어 그대로 두었습니다."
        text = f"{self.period} 추진실적 {self.created}건 추가, {self.updated}건 변경"
        return text + (", 공개했습니다." if self.published else ".")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(str(value))
    return str(value)


@transaction.atomic
def load_progress_document(document: dict, *, reason: str) -> ProgressLoad:
    try:
        plan = WorkPlan.objects.get(
            department__organization__name=document["organization"],
            department__name=document["department"],
            year=document["year"],
        )
    except (KeyError, WorkPlan.DoesNotExist) as error:
        raise ValidationError(
            "추진실적 문서의 기관·과·연도(organization, department, year)에 맞는 "
            "업무계획이 없습니다."
        ) from error
    spec = document.get("period") or {}
    kind = _KIND_BY_NAME.get(str(spec.get("kind", "")))
    if kind is None:
        raise ValidationError(f"보고 시기(period.kind)가 잘못되었습니다: {spec.get('kind')!r}")
    lookup = {"plan": plan, "kind": kind}
    if kind == PeriodKind.CUSTOM:
        lookup.update(name=spec.get("name", ""), as_of=spec.get("as_of"))
    period = ReportingPeriod.objects.filter(**lookup).first()
    if period is None:
        period = ReportingPeriod(**lookup)
        period.full_clean()
        period.save()
    if period.is_public:
        return ProgressLoad(period, kept_public=True)

    items = {
        (f"{SECTION_NUMERALS[item.card.section]}-{item.card.number}", item.order): item
        for item in PlanItem.objects.filter(card__plan=plan).select_related("card")
    }
    rows, errors = [], []
    for code, entries in (document.get("entries") or {}).items():
        for entry in entries:
            item = items.get((code, entry.get("item")))
            status = _STATUS_BY_LABEL.get(str(entry.get("status", "")))
            if item is None:
                errors.append(f"{code} 추진계획 {entry.get('item')}번: 이 업무계획에 없습니다.")
                continue
            if status is None:
                errors.append(
                    f"{code} 추진계획 {entry.get('item')}번: 상태 {entry.get('status')!r}는 "
                    "미착수·정상추진·완료·지연·유보·취소 중 하나여야 합니다."
                )
                continue
            rows.append(
                ProgressInput(
                    str(item.pk),
                    status=status,
                    percent=_text(entry.get("percent")),
                    result=_text(entry.get("result")),
                    reason=_text(entry.get("reason")),
                    target_amount=_text(entry.get("target")),
                    actual_amount=_text(entry.get("actual")),
                    unit=_text(entry.get("unit")),
                )
            )
    if errors:
        raise ValidationError(errors)
    try:
        changes = progress_update(
            period=period, user=None, rows=rows, loaded_digest=None, reason=reason
        )
    except ProgressRefused as refused:
        raise ValidationError(refused.messages) from refused
    load = ProgressLoad(period, len(changes.created), len(changes.updated))
    if spec.get("public"):
        load.period = period_set_public(period=period, user=None, public=True)
        load.published = True
    return load
