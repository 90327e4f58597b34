"""The synthetic county's 추진실적: every published plan has its periods, with the mix of
statuses county reviews print, valid by the model's rules, deterministic by seed."""

from collections import Counter

import pytest

from personnel.models import Organization
from plans.models import ItemProgress, PeriodKind, PeriodStatus, PlanItem, ReportingPeriod
from plans.report.progress import periods_summary
from plans.synthetic import CountySpec, delete_county, generate_county

pytestmark = pytest.mark.django_db

SPEC = CountySpec(departments=5, cards=6, years=2, seed=11)


def status_counts(organization) -> Counter:
    return Counter(
        ItemProgress.objects.filter(
            period__plan__department__organization=organization
        ).values_list("period__kind", "status")
    )


def test_every_plan_reports_with_a_realistic_mix():
    result = generate_county(SPEC)
    organization = result.organization
    periods = ReportingPeriod.objects.filter(plan__department__organization=organization)
    # 2023 (over): 상반기 and 연간 for five departments; 2024: 상반기 for five.
    assert Counter(periods.values_list("plan__year", "kind")) == {
        (2023, PeriodKind.HALF): 5,
        (2023, PeriodKind.ANNUAL): 5,
        (2024, PeriodKind.HALF): 5,
    }
    # The fifth department's current 상반기 is still being written.
    assert periods.filter(status=PeriodStatus.OPEN).count() == 1
    assert result.counts["추진실적 보고 시기"] == 15
    items = PlanItem.objects.filter(card__plan__department__organization=organization)
    per_year = Counter(items.values_list("card__plan__year", flat=True))
    assert result.counts["추진실적"] == 2 * per_year[2023] + per_year[2024]

    counts = status_counts(organization)
    annual = {status: n for (kind, status), n in counts.items() if kind == PeriodKind.ANNUAL}
    half = {status: n for (kind, status), n in counts.items() if kind == PeriodKind.HALF}
    # Year end: most items 완료; mid-year: most 정상추진, and some 지연 with reasons.
    assert annual["completed"] > sum(annual.values()) / 2
    assert half["on_track"] > sum(half.values()) / 2
    assert half.get("delayed", 0) > 0
    for entry in ItemProgress.objects.filter(
        period__plan__department__organization=organization
    ).select_related("item__card", "period"):
        entry.full_clean(validate_constraints=False, validate_unique=False)

    # The county's 2024 상반기 over every department: every card counted once.
    current = periods.filter(plan__year=2024, kind=PeriodKind.HALF)
    summary = periods_summary(current)
    assert summary.total == 5 * SPEC.cards
    assert summary.planned == summary.total - summary.counts["cancelled"] - summary.unreported


def test_same_seed_same_progress():
    first = status_counts(generate_county(SPEC).organization)
    delete_county(Organization.objects.get(name=SPEC.name))
    assert not ItemProgress.objects.exists()
    assert status_counts(generate_county(SPEC).organization) == first
