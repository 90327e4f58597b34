"""Writing entries and publishing periods in the 추진실적 report's tests."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.contrib.auth import get_user_model

from plans.models import PlanItem, ReportingPeriod
from plans.workflow import progress_files
from plans.workflow.progress import ProgressInput, progress_update
from plans.workflow.progress_review import period_record_publication, period_reopen
from tests.queue import StandInRenderers

#: What the stand-ins of a 보고본's renderers give (tests.queue).
FILES = {"pdf": b"%PDF-progress-stand-in", "xlsx": b"PK-progress-stand-in"}


def items_of(plan) -> list[list[PlanItem]]:
    """The plan's items by card, in the report's order."""
    cards = plan.cards.order_by("section", "number")
    return [list(card.plan_items.order_by("order")) for card in cards]


def write(period: ReportingPeriod, *rows: tuple) -> None:
    """Entries as the system writes them: (item, status, percent, reason[, result])."""
    progress_update(
        period=period,
        user=None,
        loaded_digest=None,
        rows=[
            ProgressInput(
                str(item.pk),
                status=status,
                percent=str(percent),
                reason=reason,
                result=rest[0] if rest else "",
            )
            for item, status, percent, reason, *rest in rows
        ],
    )


def publish(period: ReportingPeriod, session=None) -> None:
    """Published as the demo's document is, to ``session`` (by default the plan's own)."""
    period.session = session or period.session or period.plan.session
    period.save(update_fields=["session"])
    period_record_publication(period=period, actor_name="test", render_files=False)
    period.refresh_from_db()


def reopen(period: ReportingPeriod) -> None:
    """Back to 작성 중 as a 검토자 reopens it (다시 작성), here by a superuser."""
    admin = get_user_model().objects.filter(is_superuser=True).first()
    if admin is None:
        admin = get_user_model().objects.create_superuser("reopening-admin", password="x")
    period_reopen(period=period, user=admin, note="고칠 것이 있습니다.")
    period.refresh_from_db()


def tenths(numerator, denominator=1) -> Decimal:
    """A rate as the report prints it: one decimal place, rounded half up (사사오입)."""
    value = Fraction(numerator) / Fraction(denominator)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def renderers(monkeypatch, failures: dict[str, int], message: str = "글꼴을 찾을 수 없음"):
    """Stand-ins of the 보고본's two renderers, each failing ``failures[kind]`` times first."""
    return StandInRenderers(
        monkeypatch, failures, table=progress_files.RENDERERS, files=FILES, message=message
    )
