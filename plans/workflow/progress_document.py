"""A 추진실적 document (YAML, read by ``manage.py load_demo``): one period of one published plan,
its entries found by card number (IV-1, V-1) and the 추진계획's order, statuses in Korean.

The entries are written by the same service as the team screen
(plans.workflow.progress.progress_update), so a document cannot hold what the screen would
refuse. Loading is idempotent: unchanged entries are not written again, and a period already
공개 is left as it is (what the public reads changes only after the 검토자 reopens it).

A document whose period says ``public: true`` names the council session the report is
presented to (``session: {number, kind, start, end}``, made if the organisation has no session
of that number yet), and the period is published as the review publishes it
(plans.workflow.progress_review.period_record_publication): frozen into a version whose PDF
and workbook are rendered from it on their first download (and kept), so that loading the demo,
which many tests do, does not lay out a PDF nobody may ask for."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from plans.models import (
    SECTION_NUMERALS,
    CouncilSession,
    PeriodKind,
    PlanItem,
    ProgressStatus,
    ReportingPeriod,
    SessionKind,
    WorkPlan,
)
from plans.workflow.progress import ProgressInput, ProgressRefused, progress_update
from plans.workflow.progress_review import period_record_publication

#: Who the review log says published a period read from a document.
DOCUMENT_ACTOR = "추진실적 문서"
_SESSION_KIND_BY_NAME = {str(label): value for value, label in SessionKind.choices}

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
    session = _session(plan, spec.get("session"))
    if session is not None and period.session_id != session.pk:
        period.session = session
        period.full_clean()
        period.save(update_fields=["session"])
    if period.is_public:
        return ProgressLoad(period, kept_public=True)
    if period.is_locked:
        # Handed in for review (or approved, as migration 0013 left an old 공개 period): the
        # entries wait for the review; a document that says public publishes them as they are.
        load = ProgressLoad(period)
        if spec.get("public"):
            _publish(load)
        return load

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
        _publish(load)
    return load


def _publish(load: ProgressLoad) -> None:
    period_record_publication(period=load.period, actor_name=DOCUMENT_ACTOR, render_files=False)
    load.period.refresh_from_db()
    load.published = True


def _session(plan: WorkPlan, spec) -> CouncilSession | None:
    """The session a document's period names, made if its organisation has none of that
    number; None when the document names none."""
    if not spec:
        return None
    organization = plan.department.organization
    try:
        number = int(spec["number"])
        found = CouncilSession.objects.filter(organization=organization, number=number).first()
        if found is not None:
            return found
        session = CouncilSession(
            organization=organization,
            number=number,
            kind=_SESSION_KIND_BY_NAME[str(spec["kind"])],
            start_date=spec["start"],
            end_date=spec["end"],
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ValidationError(
            "보고 회기(period.session)에는 number, kind(임시회·정례회), start, end를 적습니다."
        ) from error
    session.full_clean()
    session.save()
    return session
