"""A published version is what was presented, kept as it was (plans.workflow.freezing,
plans.models.publication): edits made after publishing reach neither its stored files nor its pages
nor the search until the next publication, and the version itself cannot be rewritten."""

from __future__ import annotations

import io
import json

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from budget.models import FundingRow
from personnel.models import StaffingCount
from plans.models import PlanItem, PlanStatus, PublishedCard, PublishedVersion, WorkPlan
from plans.workflow import freezing as snapshots
from plans.workflow.services import plan_publish, plan_start_revision
from tests.helpers import text_of
from tests.publishing import publish_now
from tests.workflow.helpers import (
    WORKFLOW_PERMS,
    bring_to,
    budget_line_of,
    publishable_plan,
    staff,
    team_of,
)

pytestmark = pytest.mark.django_db

OLD_TITLE = "주민자치회 전면 실시"
NEW_TITLE = "마을자치 전면 확대"
OLD_OFFICER = "남기종"
NEW_OFFICER = "정영택"

FROZEN = ("pdf", "xlsx", "document", "content_hash", "report", "report_format", "number")


def stored(version: PublishedVersion) -> dict:
    row = PublishedVersion.objects.filter(pk=version.pk).values(*FROZEN).get()
    return {
        name: bytes(value) if isinstance(value, memoryview) else value
        for name, value in row.items()
    }


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def search_text(client: Client, query: str) -> str:
    return text_of(client.get(reverse("plans:search"), {"q": query}))


def test_the_published_version_and_its_files_stay_as_published_after_edits():
    plan = publishable_plan(cards=2)
    card = plan.cards.get(number=1)
    card.title = OLD_TITLE
    card.save()
    officer = card.contacts.get().officer
    officer.name = OLD_OFFICER
    officer.save()
    user = staff("publisher", team=team_of(plan), perms=WORKFLOW_PERMS)
    plan = bring_to(plan, PlanStatus.APPROVED, user=user)

    event = plan_publish(plan=plan, user=user, render_files=True)
    version = event.version
    published = stored(version)
    assert published["pdf"].startswith(b"%PDF-")
    assert published["xlsx"].startswith(b"PK")
    assert OLD_TITLE in pdf_text(published["pdf"])
    assert OLD_TITLE in json.dumps(published["document"], ensure_ascii=False)
    assert published["content_hash"] == snapshots.content_hash(published["document"])

    # 개정판: every kind of data the report prints is edited.
    plan_start_revision(plan=plan, user=user)
    card.title = NEW_TITLE
    card.save()
    item = PlanItem.objects.filter(card=card).order_by("order").first()
    item.text = "바뀐 추진계획"
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
    officer.name = NEW_OFFICER
    officer.save()
    plan = WorkPlan.objects.get(pk=plan.pk)
    assert snapshots.content_hash(snapshots.plan_document(plan)) != published["content_hash"]

    # The stored version is byte for byte what was published.
    assert stored(version) == published
    snapshots.forget_frozen_reports()
    frozen = snapshots.frozen_report(PublishedVersion.objects.get(pk=version.pk))
    titles = {view.card.title for view in frozen.report.cards}
    assert OLD_TITLE in titles
    assert NEW_TITLE not in titles

    public = Client()
    pdf = public.get(reverse("plans:report_pdf", args=[plan.year, plan.department.slug]))
    assert pdf.status_code == 200
    assert pdf.content == published["pdf"]
    xlsx = public.get(reverse("plans:report_xlsx", args=[plan.year, plan.department.slug]))
    assert xlsx.content == published["xlsx"]
    assert public.get(f"{version.get_absolute_url()}report.pdf").content == published["pdf"]

    for url in (plan.get_absolute_url(), card.get_absolute_url()):
        page = text_of(public.get(url))
        assert OLD_TITLE in page
        assert OLD_OFFICER in page
        assert NEW_TITLE not in page
        assert NEW_OFFICER not in page
        assert "바뀐 추진계획" not in page

    assert (
        card.get_absolute_url()
        in public.get(reverse("plans:search"), {"q": OLD_TITLE}).content.decode()
    )
    assert f"‘{OLD_TITLE}’가 있는 과제 1개" in search_text(public, OLD_TITLE)
    assert f"‘{NEW_TITLE}’가 있는 과제 0개" in search_text(public, NEW_TITLE)
    assert "‘바뀐 추진계획’이 있는 과제 0개" in search_text(public, "바뀐 추진계획")

    # Staff see the working copy in the preview.
    previewer = Client()
    previewer.force_login(staff("previewer", team=team_of(plan), perms=["plans.view_workplan"]))
    preview = f"{plan.get_absolute_url()}preview/"
    for url in (preview, f"{preview}{card.code}/"):
        page = text_of(previewer.get(url))
        assert NEW_TITLE in page
        assert NEW_OFFICER in page
        assert OLD_TITLE not in page


def test_a_version_refuses_to_be_rewritten_or_deleted():
    plan = publishable_plan(cards=1, published=True)
    version = PublishedVersion.objects.get(plan=plan)
    version.pdf = b"%PDF-1.7 first"
    version.save()  # a version published without files gets them once …
    changes = {
        "content_hash": "0" * 64,
        "document": {"plan": {"year": 1999}},
        "report": b"other",
        "pdf": b"%PDF-1.7 second",  # … and keeps them
        "number": 9,
        "published_by_name": "누군가",
    }
    for name, value in changes.items():
        version = PublishedVersion.objects.get(pk=version.pk)
        setattr(version, name, value)
        with pytest.raises(ValidationError, match="게시본은 고칠 수 없습니다"):
            version.save()
    version = PublishedVersion.objects.get(pk=version.pk)
    with pytest.raises(ValidationError, match="게시본은 지울 수 없습니다"):
        version.delete()
    assert PublishedVersion.objects.filter(pk=version.pk).exists()
    assert bytes(PublishedVersion.objects.get(pk=version.pk).pdf) == b"%PDF-1.7 first"
    # Its withdrawal is the one thing recorded later.
    version.withdrawal_reason = "사유"
    version.save()
    assert PublishedVersion.objects.get(pk=version.pk).withdrawal_reason == "사유"


def test_the_content_hash_ignores_the_workflow_fields():
    plan = publishable_plan(cards=1)
    draft_hash = snapshots.content_hash(snapshots.plan_document(plan))
    assert "status" not in snapshots.plan_document(plan)["plan"]
    assert "published_at" not in snapshots.plan_document(plan)["plan"]

    first = publish_now(plan)
    assert first is not None
    assert first.content_hash == draft_hash
    # The same content published again (another time, status set again): no second version.
    WorkPlan.objects.filter(pk=plan.pk).update(published_at=first.published_at.replace(year=2020))
    assert publish_now(WorkPlan.objects.get(pk=plan.pk)) is None
    assert PublishedVersion.objects.filter(plan=plan).count() == 1
    assert PublishedCard.objects.filter(version__plan=plan).count() == 1

    card = plan.cards.get()
    card.title = "다른 내용"
    card.save()
    second = publish_now(WorkPlan.objects.get(pk=plan.pk))
    assert second is not None
    assert second.number == 2
    assert second.content_hash != first.content_hash
    assert WorkPlan.objects.get(pk=plan.pk).public_version == second
