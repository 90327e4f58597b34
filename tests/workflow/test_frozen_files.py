"""Every file and page of a published version comes from the version alone.

A version published without its files (the synthetic county, a render that failed) renders them
on first download. That download may come after 개정판 작성 시작 and edits to the working copy,
and whatever it renders is stored into the version for good, so it must be made from the
frozen version, never from the plan rows as they are now."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from django.urls import reverse

from budget.models import FundingRow
from personnel.models import StaffingCount
from plans.exchange.documents import dump_plan_document
from plans.exchange.workbook.writer import workbook_content
from plans.models import AchievementGroup, PlanItem, PlanStatus, PublishedVersion, WorkPlan
from plans.public.caching import recent_pages
from plans.report.context import plan_report
from plans.workflow.freezing import forget_frozen_reports, frozen_report, published_document
from plans.workflow.services import plan_publish, plan_start_revision
from tests.report import owpml
from tests.workflow.helpers import (
    WORKFLOW_PERMS,
    bring_to,
    budget_line_of,
    publishable_plan,
    staff,
    team_of,
)

pytestmark = pytest.mark.django_db

DRAFT_TEXT = "개정 중인 초안 문구"


@contextmanager
def rolled_back():
    """Run the block in a transaction that is undone afterwards: what a download stores into
    the version is forgotten, so the next download renders again."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def forget_everything_cached() -> None:
    caches["default"].clear()
    recent_pages.clear()
    forget_frozen_reports()


def addresses(plan: WorkPlan, version: PublishedVersion) -> list[str]:
    """Every address the public reads the plan at: the current edition and version 1, each
    with its page, every card, the PDF, the workbook and the 한글 file."""
    slug, year = plan.department.slug, plan.year
    codes = [card.code for card in plan.cards.order_by("section", "number")]
    urls = [
        reverse("plans:plan_detail", args=[year, slug]),
        reverse("plans:report_pdf", args=[year, slug]),
        reverse("plans:report_xlsx", args=[year, slug]),
        reverse("plans:report_hwpx", args=[year, slug]),
        *(reverse("plans:card_detail", args=[year, slug, code]) for code in codes),
    ]
    number = version.number
    urls += [
        reverse("plans:version_detail", args=[year, slug, number]),
        reverse("plans:version_pdf", args=[year, slug, number]),
        reverse("plans:version_xlsx", args=[year, slug, number]),
        reverse("plans:version_hwpx", args=[year, slug, number]),
        *(reverse("plans:version_card", args=[year, slug, number, code]) for code in codes),
    ]
    return urls


def read_all(urls: list[str]) -> dict[str, bytes]:
    reader = Client()
    bodies = {}
    for url in urls:
        response = reader.get(url)
        assert response.status_code == 200, url
        bodies[url] = response.content
    return bodies


def edit_the_working_copy(plan: WorkPlan) -> None:
    """Every kind of row the report prints, changed."""
    card = plan.cards.order_by("number").first()
    card.title = DRAFT_TEXT
    card.overview = f"□ {DRAFT_TEXT}"
    card.save()
    item = PlanItem.objects.filter(card=card).order_by("order").first()
    item.text = DRAFT_TEXT
    item.save()
    row = FundingRow.objects.filter(card=card).order_by("order").first()
    row.current_year += 1_000
    row.save()
    line = budget_line_of(plan)
    line.amount += 5_000
    line.save()
    count = StaffingCount.objects.filter(team__department=plan.department, year=plan.year).first()
    count.current += 3
    count.save()
    officer = card.contacts.first().officer
    officer.name = "새담당"
    officer.save()
    AchievementGroup.objects.create(plan=plan, order=9, title=DRAFT_TEXT)
    plan.policy_goal = DRAFT_TEXT
    plan.save(update_fields=["policy_goal"])


def test_files_rendered_after_a_draft_edit_are_the_versions_not_the_drafts():
    plan = publishable_plan(cards=2)
    user = staff("publisher", team=team_of(plan), perms=WORKFLOW_PERMS)
    plan = bring_to(plan, PlanStatus.APPROVED, user=user)
    version = plan_publish(plan=plan, user=user, render_files=False).version
    urls = addresses(plan, version)

    with rolled_back():
        forget_everything_cached()
        published = read_all(urls)
    assert not PublishedVersion.objects.filter(pk=version.pk, xlsx__isnull=False).exists()
    assert not PublishedVersion.objects.filter(pk=version.pk, hwpx__isnull=False).exists()

    plan_start_revision(plan=WorkPlan.objects.get(pk=plan.pk), user=user)
    edit_the_working_copy(WorkPlan.objects.get(pk=plan.pk))

    forget_everything_cached()
    first_after_edit = read_all(urls)  # renders the files now, and stores them
    forget_everything_cached()
    stored_after_edit = read_all(urls)

    for url in urls:
        assert first_after_edit[url] == published[url], url
        assert stored_after_edit[url] == published[url], url
    assert DRAFT_TEXT.encode() not in b"".join(first_after_edit.values())
    stored = PublishedVersion.objects.filter(pk=version.pk).values_list("pdf", "xlsx", "hwpx").get()
    assert [bytes(data) for data in stored] == [
        published[reverse("plans:version_pdf", args=[plan.year, plan.department.slug, 1])],
        published[reverse("plans:version_xlsx", args=[plan.year, plan.department.slug, 1])],
        published[reverse("plans:version_hwpx", args=[plan.year, plan.department.slug, 1])],
    ]

    # The staff preview shows the working copy: the edits were real.
    previewer = Client()
    previewer.force_login(staff("previewer", team=team_of(plan), perms=["plans.view_workplan"]))
    preview = previewer.get(f"{plan.get_absolute_url()}preview/")
    assert DRAFT_TEXT in preview.content.decode()


def test_a_versions_workbook_is_its_frozen_document_with_its_publication():
    plan = publishable_plan(cards=2)
    user = staff("publisher", team=team_of(plan), perms=WORKFLOW_PERMS)
    plan = bring_to(plan, PlanStatus.APPROVED, user=user)
    version = plan_publish(plan=plan, user=user, render_files=False).version
    plan = WorkPlan.objects.get(pk=plan.pk)

    from_rows = workbook_content(plan_report(plan), document=dump_plan_document(plan), draft=False)
    from_version = workbook_content(
        frozen_report(version).report, document=published_document(version), draft=False
    )
    # Nothing was edited yet: the frozen document gives every sheet exactly as the rows do.
    assert from_version.version() == from_rows.version()
    info = {label: value for label, value, _ in from_version.info.rows}
    assert info["상태"] == "게시"
    assert info["게시 시각"] == version.published_at
    assert plan.published_at == version.published_at


def test_a_versions_hwpx_rendered_after_a_draft_edit_is_the_versions(client):
    """The 한글 file of a version published without files is rendered on its first download
    from the frozen report, whatever the working copy says by then, even with every cache
    empty; once stored, it is served as stored."""
    plan = publishable_plan(cards=2)
    user = staff("publisher", team=team_of(plan), perms=WORKFLOW_PERMS)
    plan = bring_to(plan, PlanStatus.APPROVED, user=user)
    version = plan_publish(plan=plan, user=user, render_files=False).version
    url = reverse("plans:version_hwpx", args=[plan.year, plan.department.slug, version.number])

    with rolled_back():
        forget_everything_cached()
        caches["reports"].clear()
        before = client.get(url).content
    assert before.startswith(b"PK")

    plan_start_revision(plan=WorkPlan.objects.get(pk=plan.pk), user=user)
    edit_the_working_copy(WorkPlan.objects.get(pk=plan.pk))
    forget_everything_cached()
    caches["reports"].clear()
    after = client.get(url).content
    assert after == before
    assert DRAFT_TEXT not in owpml.read(after).text()  # the file is a ZIP: read its text
    stored = PublishedVersion.objects.filter(pk=version.pk).values_list("hwpx", flat=True).get()
    assert bytes(stored) == before
    caches["reports"].clear()
    assert client.get(url).content == before
