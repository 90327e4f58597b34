"""The demo plan's illustrative 2023 상반기 추진실적 (fixtures/demo/progress): what it loads, every
roll-up against values computed by hand from the document, and the public card page's 추진 경과,
shown only once the period is 공개."""

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from plans.models import ItemProgress, PeriodStatus, PlanItem, ProgressStatus, ReportingPeriod
from plans.report.progress import period_progress, periods_summary
from plans.report.progress_report import card_timeline
from plans.report.reminders import chosen_periods, overdue
from plans.workflow.progress_document import load_progress_document
from plans.workflow.progress_review import period_record_publication
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

DOCUMENT = Path(settings.DEMO_DATA_DIR) / "demo" / "progress" / "eumseong-2023-sanbangi.yaml"


def load(document=None):
    document = document or yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    return load_progress_document(document, reason="test")


def test_the_document_says_it_is_illustrative():
    text = DOCUMENT.read_text(encoding="utf-8")
    assert "예시 자료입니다" in text
    assert yaml.safe_load(text)["illustrative"] is True


def test_loads_every_entry_and_publishes_the_period(demo_plan):
    result = load()
    assert (result.created, result.updated, result.published) == (41, 0, True)
    assert result.period.status == PeriodStatus.PUBLIC
    counts = {
        status: ItemProgress.objects.filter(status=status).count()
        for status in ProgressStatus.values
    }
    assert counts == {
        "not_started": 8,
        "on_track": 19,
        "completed": 11,
        "delayed": 2,
        "on_hold": 1,
        "cancelled": 0,
    }
    # Again: the 공개 period is left as it is.
    again = load()
    assert again.kept_public
    assert ItemProgress.objects.count() == 41


def test_card_rollups_and_department_figures(demo_plan):
    load()
    progress = period_progress(ReportingPeriod.objects.get())
    by_code = {card.code: progress.rollups[card.pk] for card in progress.cards}
    # By hand from the document: IV-1 (100 + 50 + 60 + 20) / 4 = 57.5, 지연 (one item 지연);
    # IV-2 (100 + 100 + 55 + 0 + 50 + 50) / 6 = 59.17 → 59.2; IV-3 420 / 13 = 32.31 → 32.3
    # (유보 among 정상추진: 정상추진); IV-4 (100 + 100 + 20 + 0) / 4 = 55.0, 지연;
    # IV-5 245 / 3 = 81.67 → 81.7; IV-6 75 / 3 = 25.0; IV-7 170 / 4 = 42.5;
    # IV-8 250 / 3 = 83.33 → 83.3; V-1 100.0, 완료.
    assert {code: (r.status_label, str(r.percent)) for code, r in by_code.items()} == {
        "IV-1": ("지연", "57.5"),
        "IV-2": ("정상추진", "59.2"),
        "IV-3": ("정상추진", "32.3"),
        "IV-4": ("지연", "55.0"),
        "IV-5": ("정상추진", "81.7"),
        "IV-6": ("정상추진", "25.0"),
        "IV-7": ("정상추진", "42.5"),
        "IV-8": ("정상추진", "83.3"),
        "V-1": ("완료", "100.0"),
    }
    cards = progress.summary()
    # 9 cards: 완료 1, 정상추진 6, 지연 2; 평균 536.5 / 9 = 59.61 → 59.6; 완료율 1 / 9 → 11.1.
    assert [(label, count) for _status, label, count in cards.rows() if count] == [
        ("정상추진", 6),
        ("완료", 1),
        ("지연", 2),
    ]
    assert (cards.average, cards.completion_rate) == (Decimal("59.6"), Decimal("11.1"))
    items = progress.item_summary()
    # 41 items: percents sum 2,065 → 50.37 → 50.4; 완료 11 / 41 = 26.83 → 26.8.
    assert (items.planned, items.average, items.completion_rate) == (
        41,
        Decimal("50.4"),
        Decimal("26.8"),
    )
    assert [(d.card, d.reason.split()[0]) for d in progress.delayed()] == [
        ("IV-1", "조직진단"),
        ("IV-4", "지방자치단체기능분류시스템(BRM)"),
    ]
    # The 서무팀's cards only (IV-3, IV-4, V-1): 정상추진 1, 지연 1, 완료 1.
    team = next(card.team for card in progress.cards if card.code == "IV-4")
    assert progress.summary(team_id=team.pk).counts["delayed"] == 1
    assert periods_summary([progress.period]).counts == cards.counts


def card_page(plan, code="IV-1") -> str:
    return reverse("plans:card_detail", args=[plan.year, plan.department.slug, code])


def test_public_card_page_shows_the_timeline_once_public(client, demo_plan):
    document = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    document["period"]["public"] = False
    load(document)
    before = client.get(card_page(demo_plan))
    assert "추진 경과" not in text_of(before)
    assert card_timeline(demo_plan.pk, "main", 1) == []

    period = ReportingPeriod.objects.get()
    period_record_publication(period=period, actor_name="test", render_files=False)
    after = client.get(card_page(demo_plan))
    assert after["ETag"] != before["ETag"]  # the cached page is renewed
    text = text_of(after)
    assert "추진 경과" in text
    assert "상반기(2023. 6. 30. 기준): 지연 진행률 57.5%" in text
    assert "사유: 조직진단 용역 발주가 추가경정예산 편성 이후로 미뤄져 하반기 착수 예정" in text
    # An item's 실적 is outline text, printed as the card's bullets are.
    assert "2023년 인사운영 기본계획 수립·공개" in text
    assert "목표 1회 · 실적 1회" in text_of(client.get(card_page(demo_plan, "IV-2")))


def test_timeline_figures(demo_plan):
    load()
    (point,) = card_timeline(demo_plan.pk, "main", 3)
    assert (point.label, point.status_label, point.percent) == ("상반기", "정상추진", "32.3%")
    held = next(item for item in point.items if item.status_label == "유보")
    assert held.reason.startswith("도 주관 체육대회")


def test_the_demo_third_quarter_is_open_and_partly_written(demo_plan):
    """The demo's 3/4분기 is left 작성 중 with a few cards written, so that 추진실적 미입력 현황
    and send_progress_reminders have something to show after `make run`."""
    path = DOCUMENT.with_name("eumseong-2023-3bungi.yaml")
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert document["illustrative"] is True
    written = sum(len(entries) for entries in document["entries"].values())
    result = load(document)
    assert (result.created, result.period.status) == (written, PeriodStatus.OPEN)
    found = overdue(list(chosen_periods(ReportingPeriod.objects.all(), "2023:3/4분기")))
    assert found.item_count == PlanItem.objects.filter(card__plan=demo_plan).count() - written
