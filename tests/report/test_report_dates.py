"""Two dates, kept apart and labelled wherever a date shows: 보고일, the day the plan is
presented to the council (the session's first day), and 게시일, the day its version went on
line. The demo's document says it was published on 2023. 2. 16.; its version says the same."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from plans.exchange.workbook.writer import plan_workbook
from plans.models import WorkPlan
from plans.report.context import plan_report
from plans.report.hwpx import report_layout
from plans.report.pdf import report_html
from plans.rules.figures import format_date
from tests.helpers import text_of
from tests.workbooks import open_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_plan) -> WorkPlan:
    """The demo plan published as load_demo publishes it (tests.conftest.demo_plan), its files
    left to their first download."""
    return WorkPlan.objects.get(pk=demo_plan.pk)


def labels(plan: WorkPlan) -> tuple[str, str]:
    reported = format_date(plan.session.start_date)
    published = format_date(
        timezone.localtime(plan.public_version.published_at).date(), weekday=False
    )
    return f"보고일 {reported}", f"게시일 {published}"


def test_the_demo_version_is_dated_as_its_document_says(demo):
    assert demo.public_version.published_at == demo.published_at
    assert timezone.localtime(demo.published_at).date() == datetime.date(2023, 2, 16)
    assert demo.session.start_date == datetime.date(2023, 2, 16)


def test_plan_and_card_pages_label_both_dates(demo):
    reported, published = labels(demo)
    assert reported == "보고일 2023. 2. 16.(목)"
    client = Client()
    for url in (demo.get_absolute_url(), demo.cards.first().get_absolute_url()):
        text = text_of(client.get(url))
        assert f"{reported} · {published}" in text
        assert " 게시 " not in f" {text} "  # no bare date said to be 게시 without its label


def test_the_pdf_and_the_hangul_cover_say_보고일(demo):
    reported, _published = labels(demo)
    report = plan_report(demo)
    assert reported in report_html(report, draft=False)
    texts = [
        run.text
        for block in report_layout(report, draft=False).blocks
        for run in getattr(block, "runs", ())
    ]
    assert reported in texts


def test_the_workbook_guide_sheet_shows_보고일_beside_게시_시각(demo):
    sheet = open_xlsx(plan_workbook(demo))["안내"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["보고일"] == datetime.datetime.combine(demo.session.start_date, datetime.time())
    assert rows["게시 시각"] is not None
