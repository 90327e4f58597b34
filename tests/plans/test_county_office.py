"""A department directly under the county, as counties have them: 기획감사실, a 실 with two teams
and no 국, published end to end beside a 과 under a 국 of the same county and session. Its plan
page, card page, PDF, 한글 file and workbook say "1실 2팀" and print no bureau; the public
listing puts it under the county itself, before the bureaus; the workbook and the 한글 file
bring it back as the same department."""

from __future__ import annotations

import io
import re
import subprocess

import openpyxl
import pytest
from django.test import Client

from personnel.models import Department, DepartmentKind, GradeCategory
from plans.exchange.documents import dump_plan_document, normalize_document
from plans.exchange.hwpx.document import import_hwpx_report, read_hwpx_report
from plans.exchange.hwpx.package import read_body
from plans.exchange.workbook.layout import INFO_TITLE
from plans.exchange.workbook.reader import document_from_workbook, import_plan_workbook
from plans.exchange.workbook.writer import plan_workbook
from plans.models import PlanStatus, WorkPlan
from plans.report.context import plan_report
from plans.report.hwpx import render_layout, report_layout
from tests.exchange.files import edited, replace_text
from tests.factories import (
    BureauFactory,
    CardContactFactory,
    CouncilSessionFactory,
    DepartmentFactory,
    GradeFactory,
    OrganizationFactory,
    PlanItemFactory,
    StaffingCountFactory,
    TaskCardFactory,
    TeamFactory,
    WorkPlanFactory,
)
from tests.publishing import publish_now

pytestmark = pytest.mark.django_db

OFFICE = "기획감사실"
BUREAU = "행정복지국"


@pytest.fixture
def county():
    """음성군 with 기획감사실 (a 실 directly under the county: 기획팀, 감사팀) and 자치행정과 (a
    과 of 행정복지국: three teams), both plans of 2023 published to one session."""
    organization = OrganizationFactory(name="음성군")
    session = CouncilSessionFactory(organization=organization, number=353)
    grade = GradeFactory(category=GradeCategory.GENERAL, name="6급")
    office = Department(
        organization=organization,
        bureau=None,
        kind=DepartmentKind.OFFICE,
        name=OFFICE,
        slug=OFFICE,
        order=1,
    )
    office.full_clean()
    office.save()
    division = DepartmentFactory(
        bureau=BureauFactory(organization=organization, name=BUREAU, order=1),
        name="자치행정과",
        slug="자치행정과",
        order=1,
    )
    plans = {}
    for department, team_names in (
        (office, ["기획팀", "감사팀"]),
        (division, ["행정팀", "서무팀", "인사팀"]),
    ):
        plan = WorkPlanFactory(department=department, session=session)
        for order, name in enumerate(team_names, start=1):
            team = TeamFactory(department=department, name=name, order=order)
            StaffingCountFactory(team=team, grade=grade, authorized=3, current=2 + order)
            card = TaskCardFactory(plan=plan, number=order, team=team, title=f"{name} 과제")
            PlanItemFactory(card=card, order=1, schedule="연중", target="1회")
            CardContactFactory(card=card, order=1)
        publish_now(plan)
        plans[department.name] = WorkPlan.objects.get(pk=plan.pk)
    return plans


def page(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def cover(html: str) -> str:
    return re.search(r'<section class="cover".*?</section>', html, re.S).group(0)


def test_the_office_reports_its_kind_and_no_bureau(county):
    office = county[OFFICE]
    report = plan_report(office)
    assert report.org_summary == "1실 2팀"
    assert report.bureau is None
    html = page(office.get_absolute_url())
    assert "기 구: 1실 2팀" in html
    assert '<p class="cover__bureau">음성군</p>' in cover(html)
    assert BUREAU not in html
    card = page(f"{office.get_absolute_url()}IV-1/")
    assert "음성군 기획감사실 · 제353회 임시회" in card


def test_a_division_under_a_bureau_is_unchanged(county):
    division = county["자치행정과"]
    html = page(division.get_absolute_url())
    assert "기 구: 1과 3팀" in html
    assert f'<p class="cover__bureau">음성군 {BUREAU}</p>' in cover(html)


@pytest.mark.parametrize(
    ("kind", "printed"),
    [
        (DepartmentKind.DIRECTOR, "1담당관 2팀"),
        (DepartmentKind.TASK_FORCE, "1단 2팀"),
        (DepartmentKind.STATION, "1소 2팀"),
        (DepartmentKind.DIVISION, "1과 2팀"),
    ],
)
def test_the_headcount_line_follows_the_kind(county, kind, printed):
    office = county[OFFICE]
    Department.objects.filter(pk=office.department_id).update(kind=kind)
    assert plan_report(office).org_summary == printed


def test_the_pdf_cover_prints_no_bureau(county, tmp_path):
    office = county[OFFICE]
    response = Client().get(f"{office.get_absolute_url()}report.pdf")
    assert response.status_code == 200
    pdf = tmp_path / "office.pdf"
    pdf.write_bytes(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    lines = [line.strip() for line in first.splitlines() if line.strip()]
    assert lines[:5] == [
        "제353회 임시회",
        "2023. 2. 16. ~ 2. 23.",
        "보고일 2023. 2. 16.(목)",
        OFFICE,
        "2023년 주요업무계획",
    ]
    whole = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "1실 2팀" in whole
    assert BUREAU not in whole


def test_the_public_listing_puts_the_office_under_the_county_first(county):
    html = page("/")
    units = re.findall(r'<h3 class="session__unit">(.*?)</h3>', html)
    assert units == ["음성군", BUREAU]
    office, division = county[OFFICE], county["자치행정과"]
    assert html.index(office.get_absolute_url()) < html.index(division.get_absolute_url())
    section = html[html.index("음성군</h3>") : html.index(f"{BUREAU}</h3>")]
    assert office.get_absolute_url() in section
    assert division.get_absolute_url() not in section


def info_rows(data: bytes) -> dict[str, object]:
    sheet = openpyxl.load_workbook(io.BytesIO(data))[INFO_TITLE]
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=3, max_col=2, values_only=True)}


def test_the_workbook_carries_the_kind_and_the_absent_bureau(county):
    office = county[OFFICE]
    department = office.department
    data = plan_workbook(office)
    info = info_rows(data)
    assert (info["국"], info["국 순서"], info["부서 종류"]) == (None, None, "실")
    document = document_from_workbook(data)
    assert "bureau" not in normalize_document(document)
    assert normalize_document(document) == normalize_document(dump_plan_document(office))
    assert document["department"]["kind"] == DepartmentKind.OFFICE
    result, errors = import_plan_workbook(data, dry_run=False)
    assert errors == []
    again = Department.objects.get(pk=department.pk)
    assert (again.bureau_id, again.organization_id, again.kind) == (
        None,
        department.organization_id,
        DepartmentKind.OFFICE,
    )
    assert result.plan.department_id == department.pk


def test_an_unknown_kind_in_the_workbook_is_named_by_its_cell(county):
    data = plan_workbook(county[OFFICE])

    def retype(workbook):
        sheet = workbook[INFO_TITLE]
        for row in sheet.iter_rows(min_row=3):
            if row[0].value == "부서 종류":
                row[1].value = "계"

    result, errors = import_plan_workbook(edited(data, retype), dry_run=True)
    assert result is None
    row = next(n for n, label in enumerate(info_rows(data), start=3) if label == "부서 종류")
    assert [str(error) for error in errors] == [
        f"{INFO_TITLE} 시트 {row}행 '값' 열: 부서 종류: '계'은(는) 고를 수 없는 값입니다. "
        "다음 중 하나: 실, 단, 소, 과, 담당관"
    ]


def test_a_bureau_without_its_order_is_named_by_its_cell(county):
    data = plan_workbook(county[OFFICE])

    def half_a_bureau(workbook):
        for row in workbook[INFO_TITLE].iter_rows(min_row=3):
            if row[0].value == "국":
                row[1].value = BUREAU

    _, errors = import_plan_workbook(edited(data, half_a_bureau), dry_run=True)
    row = next(n for n, label in enumerate(info_rows(data), start=3) if label == "국 순서")
    assert [str(error) for error in errors] == [
        f"{INFO_TITLE} 시트 {row}행 '값' 열: 국 순서: 국과 국 순서는 함께 적거나, "
        "군에 바로 속한 부서이면 둘 다 비워 두십시오."
    ]


def office_hwpx(plan: WorkPlan) -> bytes:
    return render_layout(report_layout(plan_report(plan), draft=False))


def test_the_hwpx_cover_has_no_bureau_and_comes_back_as_the_same_department(county):
    office = county[OFFICE]
    data = office_hwpx(office)
    body = read_body(data)
    assert body.author == f"음성군 {OFFICE}"
    texts = [item.text for item in body.items[:5]]
    assert texts == [
        "제353회 임시회",
        "2023. 2. 16. ~ 2. 23.",
        "보고일 2023. 2. 16.(목)",
        OFFICE,
        "2023년 주요업무계획",
    ]
    assert any("기 구: 1실 2팀" in getattr(item, "text", "") for item in body.items)
    # A published plan is never loaded over: the file comes back into the plan being revised.
    WorkPlan.objects.filter(pk=office.pk).update(status=PlanStatus.DRAFT)
    reading, result = import_hwpx_report(data, dry_run=False)
    assert reading.errors == []
    assert "bureau" not in reading.document
    assert result.plan.department_id == office.department_id
    again = Department.objects.get(pk=office.department_id)
    assert (again.bureau_id, again.kind) == (None, DepartmentKind.OFFICE)


def test_a_new_office_is_made_from_the_hwpx_cover_and_its_headcount_line(county):
    """A county that does not have the department yet: the cover names it without a 국, and
    the 기구 line says it is a 실."""
    data = office_hwpx(county[OFFICE])
    Department.objects.filter(name=OFFICE).update(name="기획조정실")
    reading = read_hwpx_report(data)
    assert reading.errors == []
    assert "bureau" not in reading.document
    assert reading.document["department"] == {
        "name": OFFICE,
        "slug": f"음성군-{OFFICE}",
        "order": 2,
        "kind": DepartmentKind.OFFICE,
    }


def test_an_unknown_kind_in_the_hwpx_headcount_line_is_named(county):
    data = replace_text(office_hwpx(county[OFFICE]), "1실 2팀", "1계 2팀")
    reading = read_hwpx_report(data)
    assert len(reading.errors) == 1
    assert re.fullmatch(
        r"\d+번째 문단: 기구 줄 '기 구: 1계 2팀'의 '계': 부서 종류가 아닙니다\. "
        r"실, 단, 소, 과, 담당관 중 하나로 적으십시오\(예: 1과 4팀\)\.",
        reading.errors[0],
    ), reading.errors
