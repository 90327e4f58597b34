"""Uploading an exported workbook again rebuilds the same plan (into an empty database, and
without a change over itself), and edits made in Excel are applied while a dry run writes
nothing."""

import pytest
from django.utils import timezone

from plans.exchange.documents import dump_plan_document, load_plan_document, normalize_document
from plans.exchange.workbook.reader import document_from_workbook, import_plan_workbook
from plans.exchange.workbook.writer import plan_workbook
from plans.models import PlanItem, PlanStatus, PublishedVersion, TaskCard, WorkPlan
from plans.report.context import plan_report
from tests.demo import row_counts
from tests.publishing import build_plan, publish_now
from tests.seed import page_text
from tests.workbooks import cell, delete_all_plan_data, edited

pytestmark = pytest.mark.django_db


def report_figures(plan: WorkPlan) -> dict:
    report = plan_report(plan)
    return {
        "org": report.org_summary,
        "staffing": (
            report.staffing.authorized,
            report.staffing.current,
            report.staffing.supernumerary,
            report.staffing.total,
            report.staffing.rows,
        ),
        "budget": [
            (row.label, row.current, row.previous, str(row.change))
            for row in [report.budget.total, *report.budget.rows]
        ],
        "share": report.budget.county_share,
        "funding": [
            (view.code, view.funding_total_text, view.funding and view.funding.rows)
            for view in report.cards
        ],
        "cards": [
            (view.code, view.card.title, view.kinds, len(view.plan_items)) for view in report.cards
        ],
    }


def test_a_workbook_rebuilds_the_same_plan_in_an_empty_database(client, demo_plan, monkeypatch):
    # The page prints the minute each version was published: the rebuilt plan is published at
    # the same moment, so a run crossing a minute cannot make the pages differ.
    published = PublishedVersion.objects.get(plan=demo_plan).published_at
    monkeypatch.setattr(timezone, "now", lambda: published)
    figures_before = report_figures(demo_plan)
    page_before = page_text(client.get(demo_plan.get_absolute_url()).content.decode())
    document_before = dump_plan_document(demo_plan)
    data = plan_workbook(demo_plan)
    assert normalize_document(document_from_workbook(data)) == document_before

    publication = (demo_plan.status, demo_plan.published_at)
    delete_all_plan_data()
    result, errors = import_plan_workbook(data, dry_run=False)

    assert errors == []
    assert result.totals()["created"] == sum(row_counts().values())
    plan = WorkPlan.objects.get()
    # A plan an upload creates is a draft: publishing it is the admin's step.
    assert (plan.status, plan.published_at) == (PlanStatus.DRAFT, None)
    plan.status, plan.published_at = publication
    plan.save()
    publish_now(plan)
    assert report_figures(plan) == figures_before
    assert page_text(client.get(plan.get_absolute_url()).content.decode()) == page_before
    assert dump_plan_document(plan) == document_before


def test_uploading_an_unchanged_workbook_changes_nothing(demo_plan, demo_workbook):
    counts = row_counts()
    result, errors = import_plan_workbook(demo_workbook, dry_run=False)
    assert errors == []
    assert not result.changed
    assert "바뀐 내용 없음" in result.summary()
    assert row_counts() == counts


def test_a_factory_built_plan_round_trips_too():
    plan = build_plan(cards=3)
    # Factories number teams from a global sequence; a document numbers them 1, 2, 3 by their
    # place. Loading the plan's own document first brings it to that canonical numbering.
    load_plan_document(dump_plan_document(plan))
    data = plan_workbook(plan)
    assert normalize_document(document_from_workbook(data)) == dump_plan_document(plan)
    result, errors = import_plan_workbook(data, dry_run=False)
    assert errors == [] and not result.changed


def test_edits_made_in_excel_are_applied_and_a_dry_run_writes_nothing(demo_plan, demo_workbook):
    def edit(workbook):
        cards = workbook["과제"]
        cell(cards, "과제명", 구분="특수시책", 번호=1).value = "우편모아시스템 전면 도입"
        items = workbook["추진계획"]
        # Typed in Excel without the apostrophe: normalised to the report's form.
        cell(items, "일정", 과제="IV-4", 순서=1).value = "23. 4."
        budget = workbook["예산"]
        cell(budget, "금액", 회계연도=2023, 팀="행정팀").value = "1,000,000"

    data = edited(demo_workbook, edit)
    preview, errors = import_plan_workbook(data, dry_run=True)
    assert errors == []
    assert preview.updated["TaskCard"] == 1
    assert preview.updated["PlanItem"] == 1
    assert preview.updated["BudgetLine"] == 1
    assert TaskCard.objects.get(section="special").title == "우편모아시스템 도입"

    result, errors = import_plan_workbook(data, dry_run=False)
    assert errors == [] and result.changed
    assert TaskCard.objects.get(section="special").title == "우편모아시스템 전면 도입"
    item = PlanItem.objects.get(card__section="main", card__number=4, order=1)
    assert item.schedule == "'23. 4."
    assert plan_report(demo_plan).budget.rows[0].current == 1_000
