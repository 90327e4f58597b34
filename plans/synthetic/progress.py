"""추진실적 of the synthetic county: every published plan reports its items at 상반기 and, for
the years already over, 연간, with the mix of statuses county reviews print (most items 정상추진
at mid-year and 완료 at year end, a few 지연 and 유보, the odd 취소), each 지연, 유보 and 취소
with a reason.

Deterministic like the rest of the county: one ``random.Random`` per plan, seeded with the
county's seed and the plan's department and year. Rows are checked by the model's ``clean()``
(which states every constraint) and written with ``bulk_create``; the periods of past years and
the current 상반기 are 공개, except in every fifth department, whose current 상반기 is still
being written (작성 중), as a real county's never all arrive on time.

A 공개 period is published as the review publishes it
(plans.workflow.progress_review.period_record_publication, its files left to the first
download), presented to the first council session after its 기준일: each year gets a 정례회 in
September for the 상반기 reports, and a year's 연간 goes to the next year's session."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable

from plans.models import (
    PERIOD_END,
    CouncilSession,
    ItemProgress,
    PeriodKind,
    PeriodStatus,
    PlanItem,
    ProgressStatus,
    ReportingPeriod,
    SessionKind,
    WorkPlan,
)
from plans.workflow.progress_review import period_record_publication

#: Who the review log says published the county's periods.
ACTOR_NAME = "합성 자료"
#: The 정례회 that hears the 상반기 reports: its number after the year's 임시회, and its days.
REGULAR_SESSION_OFFSET = 5
REGULAR_SESSION_DAYS = ((9, 5), (9, 15))

#: Status weights (%) by period: what share of items stands where.
MIX = {
    PeriodKind.HALF: {
        ProgressStatus.NOT_STARTED: 12,
        ProgressStatus.ON_TRACK: 64,
        ProgressStatus.COMPLETED: 15,
        ProgressStatus.DELAYED: 6,
        ProgressStatus.ON_HOLD: 2,
        ProgressStatus.CANCELLED: 1,
    },
    PeriodKind.ANNUAL: {
        ProgressStatus.NOT_STARTED: 1,
        ProgressStatus.ON_TRACK: 9,
        ProgressStatus.COMPLETED: 80,
        ProgressStatus.DELAYED: 5,
        ProgressStatus.ON_HOLD: 3,
        ProgressStatus.CANCELLED: 2,
    },
}
#: 진행률 ranges (inclusive) by period and status; 완료 and 미착수 are fixed.
PERCENT = {
    (PeriodKind.HALF, ProgressStatus.ON_TRACK): (20, 90),
    (PeriodKind.ANNUAL, ProgressStatus.ON_TRACK): (70, 95),
    (PeriodKind.HALF, ProgressStatus.DELAYED): (5, 40),
    (PeriodKind.ANNUAL, ProgressStatus.DELAYED): (30, 80),
    (PeriodKind.HALF, ProgressStatus.ON_HOLD): (0, 30),
    (PeriodKind.ANNUAL, ProgressStatus.ON_HOLD): (10, 60),
    (PeriodKind.HALF, ProgressStatus.CANCELLED): (0, 10),
    (PeriodKind.ANNUAL, ProgressStatus.CANCELLED): (0, 20),
}
REASONS = {
    ProgressStatus.DELAYED: (
        "관계기관 협의가 길어져 일정을 조정함",
        "용역 발주가 추가경정예산 이후로 미뤄짐",
        "국비 교부 결정이 늦어져 착수가 지연됨",
        "입찰 유찰로 재공고 중",
    ),
    ProgressStatus.ON_HOLD: (
        "상위 계획 변경에 따라 추진 여부를 재검토 중",
        "도 주관 일정이 확정되지 않아 보류함",
    ),
    ProgressStatus.CANCELLED: (
        "관련 법령 개정으로 사업 대상이 없어짐",
        "유사 사업과 통합하여 추진하기로 함",
    ),
}
RESULTS = {
    ProgressStatus.ON_TRACK: "{text} 추진 중\n  세부 일정에 따라 정상 추진",
    ProgressStatus.COMPLETED: "{text} 완료",
    ProgressStatus.DELAYED: "{text} 일부 추진",
    ProgressStatus.ON_HOLD: "{text} 준비",
    ProgressStatus.NOT_STARTED: "",
    ProgressStatus.CANCELLED: "",
}


def _periods(plan: WorkPlan, last_year: int, lagging: bool) -> list[tuple[str, str]]:
    """(kind, status) of the plan's periods: a past year has 상반기 and 연간, both 공개; the
    last year 상반기, 공개 unless the department is ``lagging``."""
    if plan.year < last_year:
        return [(PeriodKind.HALF, PeriodStatus.PUBLIC), (PeriodKind.ANNUAL, PeriodStatus.PUBLIC)]
    return [(PeriodKind.HALF, PeriodStatus.OPEN if lagging else PeriodStatus.PUBLIC)]


def _entry(rng: random.Random, period: ReportingPeriod, kind: str, item: PlanItem):
    statuses, weights = zip(*MIX[kind].items(), strict=True)
    status = rng.choices(statuses, weights=weights)[0]
    if status == ProgressStatus.COMPLETED:
        percent = 100
    elif status == ProgressStatus.NOT_STARTED:
        percent = 0
    else:
        low, high = PERCENT[(kind, status)]
        percent = rng.randint(low, high)
    reasons = REASONS.get(status)
    entry = ItemProgress(
        period=period,
        item=item,
        status=status,
        percent=percent,
        result=RESULTS[status].format(text=item.text[:40]),
        reason=rng.choice(reasons) if reasons else "",
    )
    entry.clean()
    return entry


def generate_progress(plans: Iterable[WorkPlan], *, seed: int, last_year: int) -> dict[str, int]:
    """Periods and entries for ``plans`` (published, with their public version set); returns
    the counts written, for the county's summary."""
    plans = list(plans)
    plan_items: dict[int, list[PlanItem]] = {plan.pk: [] for plan in plans}
    for item in (
        PlanItem.objects.filter(card__plan__in=plans)
        .select_related("card")
        .order_by("card__section", "card__number", "order")
    ):
        plan_items[item.card.plan_id].append(item)

    sessions = _sessions(plans)
    periods: list[tuple[ReportingPeriod, str, random.Random, int]] = []
    public: list[ReportingPeriod] = []
    for index, plan in enumerate(plans):
        rng = random.Random(f"{seed}:{plan.department.name}:{plan.year}:progress")
        for kind, status in _periods(plan, last_year, lagging=index % 5 == 4):
            month, day = PERIOD_END[kind]
            as_of = datetime.date(plan.year, month, day)
            period = ReportingPeriod(
                plan=plan,
                kind=kind,
                as_of=as_of,
                session=next((s for s in sessions if s.start_date > as_of), None),
            )
            periods.append((period, kind, rng, plan.pk))
            if status == PeriodStatus.PUBLIC:
                public.append(period)
    ReportingPeriod.objects.bulk_create([period for period, *_rest in periods])
    entries = [
        _entry(rng, period, kind, item)
        for period, kind, rng, plan_id in periods
        for item in plan_items[plan_id]
    ]
    ItemProgress.objects.bulk_create(entries, batch_size=500)
    for period in public:
        period_record_publication(period=period, actor_name=ACTOR_NAME, render_files=False)
    return {"추진실적 보고 시기": len(periods), "추진실적": len(entries)}


def _sessions(plans: list[WorkPlan]) -> list[CouncilSession]:
    """The organisation's sessions by start date, with a 정례회 each plan year for the 상반기
    reports (made once)."""
    if not plans:
        return []
    organization = plans[0].department.organization
    years = CouncilSession.objects.in_bulk({plan.session_id for plan in plans})
    for plan in plans:
        number = years[plan.session_id].number + REGULAR_SESSION_OFFSET
        (start_month, start_day), (end_month, end_day) = REGULAR_SESSION_DAYS
        CouncilSession.objects.get_or_create(
            organization=organization,
            number=number,
            defaults={
                "kind": SessionKind.REGULAR,
                "start_date": datetime.date(plan.year, start_month, start_day),
                "end_date": datetime.date(plan.year, end_month, end_day),
            },
        )
    return list(CouncilSession.objects.filter(organization=organization).order_by("start_date"))
