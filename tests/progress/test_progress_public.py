"""The 추진실적 report on the public site and in the admin: a stable address only once the
period is published (404 before, whatever its status), the page, the PDF (its text read back
with pypdf has the summary figures) and the workbook's cells from the frozen version, the links
from the plan page and the card timeline, and the staff's review page and draft preview."""

import io

import openpyxl
import pypdf
import pytest
from django.test import Client
from django.urls import reverse

from plans.models import ProgressStatus
from plans.report.progress_report import progress_report
from plans.workflow.progress_review import period_submit
from tests.helpers import text_of
from tests.progress.helpers import items_of, publish, tenths, write

pytestmark = pytest.mark.django_db

S = ProgressStatus


@pytest.fixture
def reported(plan, period):
    (a1, a2), (b1, _b2), _rest = items_of(plan)
    write(
        period,
        (a1, S.COMPLETED, 100, ""),
        (a2, S.ON_TRACK, 60, ""),
        (b1, S.DELAYED, 30, "부지 협의 지연"),
    )
    return period


def address(plan, name="progress_report", period="half", *extra) -> str:
    return reverse(f"plans:{name}", args=[plan.year, plan.department.slug, period, *extra])


def test_no_public_address_before_publication(client, plan, reported, writer):
    period_submit(period=reported, user=writer)  # in review: still nobody's but the staff's
    for name in ("progress_report", "progress_pdf", "progress_xlsx"):
        assert client.get(address(plan, name)).status_code == 404
    assert client.get(address(plan, "progress_version", "half", 1)).status_code == 404
    assert client.get(address(plan, period="2023-13-40")).status_code == 404


def test_the_published_report_page(client, plan, reported, session):
    publish(reported, session)
    response = client.get(address(plan))
    assert response.status_code == 200
    text = text_of(response)
    assert f"{plan.year}년 상반기 주요업무 추진실적" in text
    assert f"{session} 보고본 · 제1판" in text
    # Card 1 = (100 + 60) / 2, card 2 = (30 + 0) / 2 → 지연; card 3 not reported.
    average = tenths(tenths(160, 2) + tenths(30, 2) + 0, 3)
    assert f"평균진행률 {average}%" in text
    assert "부지 협의 지연" in text
    assert response["ETag"]
    again = client.get(address(plan), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    # Version 1 keeps its own address.
    assert client.get(address(plan, "progress_version", "half", 1)).status_code == 200


def test_the_pdf_and_the_workbook(client, plan, reported, session):
    publish(reported, session)
    report = progress_report(reported)
    pdf = client.get(address(plan, "progress_pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(
        "".join(page.extract_text().split())
        for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages
    )
    summary = report.summary
    for figure in (
        summary.card_average_text,
        summary.item_average_text,
        summary.item_completion_text,
    ):
        assert figure in text
    assert "추진상태별현황" in text
    assert "초안" not in text

    xlsx = client.get(address(plan, "progress_xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["안내", "상태별 현황", "과제별 실적", "변동 사항"]
    rows = list(book["상태별 현황"].iter_rows(values_only=True))
    assert rows[0] == ("구분", "과제", "추진계획")
    assert rows[1] == ("계", summary.total_cards, summary.total_items)
    by_label = {row[0]: row[1:] for row in rows}
    assert by_label["지연"] == (1, 1)
    assert by_label["평균진행률(%)"] == (float(summary.card_average), float(summary.item_average))
    items = list(book["과제별 실적"].iter_rows(values_only=True))
    delayed = next(row for row in items if row[7] == "지연")
    assert delayed[:2] == ("IV-2", "과제 2")
    assert (delayed[8], delayed[12]) == (30, "부지 협의 지연")
    assert len(items) == 1 + sum(len(card.items) for card in report.cards)


def test_plan_page_and_card_timeline_link_the_report(client, plan, reported, session):
    publish(reported, session)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert address(plan) in page
    card = client.get(reverse("plans:card_detail", args=[plan.year, plan.department.slug, "IV-2"]))
    assert address(plan) in card.content.decode()
    assert "상반기 추진실적 보고서" in text_of(card)


def test_staff_review_page_and_draft_preview(plan, reported, reviewer):
    client = Client()
    client.force_login(reviewer)
    review = client.get(reverse("admin:plans_reportingperiod_review", args=[reported.pk]))
    assert review.status_code == 200
    text = text_of(review)
    assert "상반기 추진실적 검토·공개" in text
    assert "정하지 않음" in text  # no session yet
    preview = client.get(reverse("admin:plans_reportingperiod_preview", args=[reported.pk]))
    assert "미리보기(초안)" in text_of(preview)
    assert "no-store" in preview["Cache-Control"]
    xlsx = client.get(
        reverse("admin:plans_reportingperiod_preview_file", args=[reported.pk, "xlsx"])
    )
    info = dict(
        openpyxl.load_workbook(io.BytesIO(xlsx.content))["안내"].iter_rows(
            min_row=2, values_only=True
        )
    )
    assert info["상태"] == "초안(공개 전)"
    # Nobody outside the staff reaches the preview.
    assert (
        Client().get(reverse("admin:plans_reportingperiod_preview", args=[reported.pk])).status_code
        == 302
    )


def test_review_page_takes_a_step_and_says_why_not(plan, reported, writer, reviewer):
    client = Client()
    client.force_login(writer)
    url = reverse("admin:plans_reportingperiod_review", args=[reported.pk])
    response = client.post(url, {"action": "approve", "note": ""})
    assert "추진실적 승인 권한이 없습니다." in text_of(response)
    response = client.post(url, {"action": "submit", "note": ""}, follow=True)
    assert "검토 요청 처리했습니다." in text_of(response)
    reported.refresh_from_db()
    assert reported.get_status_display() == "검토 중"
