"""The whole plan as an Excel workbook: what the exported file looks like, that uploading it
again rebuilds the same plan (into an empty database, and without a change over itself), that
no cell runs as a formula, that a bad file is refused with every bad cell named and nothing
written, and the download link, command and admin link that deliver it."""

import io
import shutil
import subprocess
import zipfile
from decimal import Decimal
from urllib.parse import quote

import pytest
import yaml
from django.contrib.auth.models import Permission, User
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from personnel.models import StaffProfile
from plans.exchange import cells as spreadsheets
from plans.exchange.cells import CellError, safe_cell, unescape_cell
from plans.exchange.documents import dump_plan_document, load_plan_document, normalize_document
from plans.exchange.workbook.layout import SHEET_ORDER
from plans.exchange.workbook.reader import (
    STALE_FILE_MESSAGE,
    WorkbookError,
    document_from_workbook,
    import_plan_workbook,
    plan_version,
)
from plans.exchange.workbook.writer import CONTENT_TYPE, plan_workbook
from plans.models import PlanEvent, PlanItem, PlanStatus, PublishedVersion, TaskCard, WorkPlan
from plans.report.context import plan_report
from tests.plans.test_demo_data import DEMO, project_models, row_counts
from tests.plans.test_public_pages import build_plan
from tests.publishing import publish_now
from tests.seed import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_report_cache():
    caches["reports"].clear()


@pytest.fixture
def demo_plan() -> WorkPlan:
    load_plan_document(yaml.safe_load(DEMO.read_text(encoding="utf-8")))
    plan = WorkPlan.objects.get()
    publish_now(plan)
    return plan


@pytest.fixture(scope="module")
def exported_demo(django_db_setup, django_db_blocker) -> bytes:
    """The demo plan's workbook, exported once for the module (the bytes depend on no primary
    key); the database is left empty again."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_plan_document(yaml.safe_load(DEMO.read_text(encoding="utf-8")))
        data = plan_workbook(WorkPlan.objects.get())
        transaction.set_rollback(True)
    return data


@pytest.fixture
def demo_workbook(exported_demo) -> bytes:
    """The demo workbook; tests that upload it over the demo plan also ask for ``demo_plan``."""
    return exported_demo


def open_xlsx(data: bytes, **options):
    return load_workbook(io.BytesIO(data), **options)


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def headers(ws) -> list[str]:
    return [cell.value for cell in ws[2] if cell.value is not None]


def column_of(ws, header: str) -> int:
    return headers(ws).index(header) + 1


def find_row(ws, match: dict | None = None, **more) -> int:
    """The row number whose cells under the given headers hold the given values."""
    match = {**(match or {}), **more}
    columns = {column_of(ws, header): value for header, value in match.items()}
    for row in range(3, ws.max_row + 1):
        if all(ws.cell(row, column).value == value for column, value in columns.items()):
            return row
    raise LookupError(match)


def cell(ws, header: str, match: dict | None = None, **more):
    return ws.cell(find_row(ws, match, **more), column_of(ws, header))


def edited(data: bytes, edit) -> bytes:
    workbook = open_xlsx(data)
    edit(workbook)
    return saved(workbook)


def delete_all_plan_data() -> None:
    """Empty every table of the project's apps, children before the records they protect."""
    WorkPlan.objects.update(public_version=None)
    PublishedVersion.objects.all().delete()  # the queryset's delete: tests may, the admin not
    PlanEvent.objects.all().delete()
    remaining = project_models()
    while remaining:
        deleted = []
        for model in remaining:
            try:
                with transaction.atomic():
                    model.objects.all().delete()
            except (ProtectedError, RestrictedError):
                continue
            deleted.append(model)
        assert deleted, remaining
        remaining = [model for model in remaining if model not in deleted]
    assert set(row_counts().values()) == {0}


def messages(errors: list[CellError]) -> list[str]:
    return [str(error) for error in errors]


# ---------------------------------------------------------------------------------------------
# The exported file


def test_the_workbook_has_a_sheet_per_table_with_korean_headers(demo_workbook):
    workbook = open_xlsx(demo_workbook)
    assert workbook.sheetnames == list(SHEET_ORDER)
    for name in ("팀", "인력", "인력현황표", "예산", "예산비교", "과제", "사업개요", "추진상황"):
        assert name in workbook.sheetnames
    for name in ("추진계획", "소요예산", "담당자", "담당자명부", "주요성과", "주요성과항목"):
        assert name in workbook.sheetnames
    for name in ("정책방향", "후생복지", "선거", "읍면", "주민자치회", "공동주택", "현장방문"):
        assert name in workbook.sheetnames
    assert headers(workbook["추진계획"]) == [
        "과제",
        "순서",
        "내용",
        "일정",
        "목표",
        "세부 내용",
        "함께 표시할 자료",
    ]
    assert headers(workbook["인력"]) == ["연도", "팀", "구분", "직급", "정원", "현원"]
    assert headers(workbook["소요예산"]) == [
        "과제",
        "순서",
        "재원",
        "전년까지",
        "올해",
        "다음해 이후",
        "계(자동 계산)",
        "비고",
    ]
    assert headers(workbook["과제"])[:5] == ["구분", "번호", "과제명", "담당 팀", "사업구분"]
    info = workbook["안내"]
    labels = {row[0]: row[1] for row in info.iter_rows(min_row=3, values_only=True) if row[0]}
    assert labels["과"] == "자치행정과"
    assert labels["의회 회기(회)"] == 353
    assert labels["회기 구분"] == "임시회"
    assert labels["상태"] == "게시"
    assert "다시 올리는 법" in labels
    notes = [row[1] for row in info.iter_rows(min_row=3, values_only=True) if row[0] == "정정 내역"]
    assert any("대외협력팀" in note for note in notes)


def test_headers_are_bold_filled_and_frozen_under_a_caption_with_the_unit(demo_workbook):
    workbook = open_xlsx(demo_workbook)
    for ws in workbook.worksheets:
        header = ws.cell(2, 1)
        assert header.font.b, ws.title
        assert header.fill.fill_type == "solid", ws.title
        assert ws.freeze_panes in ("A3", "B3"), ws.title
        assert ws.cell(1, 1).value, ws.title  # the caption row
    captions = {ws.title: ws.cell(1, 1).value for ws in workbook.worksheets}
    for title in ("예산", "군예산", "소요예산", "후생복지", "고향사랑기부금"):
        assert "(단위: 천원)" in captions[title], title
    assert "(단위: 백만원)" in captions["예산비교"]
    assert "(단위: 명)" in captions["인력"]
    assert "(단위: 명)" in captions["인력현황표"]
    # Korean text fits: a column of team names is wider than the default 8.43 characters.
    assert workbook["팀"].column_dimensions["B"].width >= 10
    assert workbook["과제"].column_dimensions["C"].width >= 40


@pytest.mark.parametrize(
    ("sheet", "header"),
    [
        ("예산", "금액"),
        ("군예산", "총액"),
        ("소요예산", "올해"),
        ("소요예산", "계(자동 계산)"),
        ("후생복지", "총액"),
        ("인력", "현원"),
        ("공동주택", "세대수"),
        ("선거", "선거인수"),
    ],
)
def test_money_and_counts_have_thousands_separators(demo_workbook, sheet, header):
    ws = open_xlsx(demo_workbook)[sheet]
    column = column_of(ws, header)
    cells = [ws.cell(row, column) for row in range(3, ws.max_row + 1)]
    numbers = [c for c in cells if c.value is not None]
    assert numbers
    assert {c.number_format for c in numbers} == {"#,##0"}
    assert all(isinstance(c.value, int) for c in numbers)


def test_no_cell_is_a_formula(demo_workbook):
    workbook = open_xlsx(demo_workbook, data_only=False)
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate)
                assert not (isinstance(c.value, str) and c.value.startswith("=")), c.coordinate


def test_computed_tables_show_the_seeds_printed_figures(demo_workbook):
    workbook = open_xlsx(demo_workbook)
    staffing = workbook["인력현황표"]
    assert staffing.protection.sheet  # a view: read-only in Excel
    total = cell(staffing, "계", 구분="합계")
    assert total.value == 30 and total.font.b
    assert cell(staffing, "일반직 소계", 구분="합계").value == 24
    assert cell(staffing, "정원외 인력", 구분="합계").value == 3
    assert cell(staffing, "계", 구분="행정팀").value == 17
    notes = [c.value for c in staffing["A"] if c.value]
    assert "인력: 정원 27명 / 현원 27명(정원외 3명)" in notes
    assert "※ 정원외 인력: 3명(청원경찰 1명, 공무원 2명)" in notes
    assert "기구: 1과 4팀" in notes

    budget = workbook["예산비교"]
    assert headers(budget) == [
        "구분",
        "2023년 본예산",
        "2022년 본예산",
        "증감",
        "증감률(%)",
        "증감(%)",
    ]
    assert cell(budget, "2023년 본예산", 구분="계").value == 78_676
    assert cell(budget, "2022년 본예산", 구분="계").value == 90_379
    assert cell(budget, "증감(%)", 구분="계").value == "△11,703(△12.9%)"
    assert cell(budget, "증감(%)", 구분="행정팀").value == "△856(△46.3%)"
    assert cell(budget, "증감(%)", 구분="대외협력팀").value == "162(10.5%)"
    assert cell(budget, "증감(%)", 구분="군민소통팀").value == "0(0%)"
    # A decrease stays a number (negative), shown with △ by its number format.
    change = cell(budget, "증감", 구분="계")
    assert change.value == -11_703
    assert '"△"' in change.number_format
    assert cell(budget, "증감률(%)", 구분="계").value == pytest.approx(-12.9)
    assert "일반회계: 78,676백만원(군 예산의 11.38%)" in [c.value for c in budget["A"] if c.value]

    funding = workbook["소요예산"]
    assert cell(funding, "계(자동 계산)", 과제="IV-7", 순서=1).value == 348_000
    assert cell(funding, "계(자동 계산)", 과제="IV-8", 순서=2).value == 12_000
    elections = workbook["선거"]
    assert cell(elections, "투표율(%)(자동 계산)", 선거명="제20대 대통령선거").value == 72.04
    assert cell(elections, "투표율(%)(자동 계산)", 선거명="제8회 전국동시지방선거").value == 49.89


# ---------------------------------------------------------------------------------------------
# Round trip


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


# ---------------------------------------------------------------------------------------------
# Publication and stale files


def info_row(workbook, label: str) -> int:
    return find_row(workbook["안내"], 항목=label)


def test_the_export_writes_the_plans_content_version(demo_plan, demo_workbook):
    workbook = open_xlsx(demo_workbook)
    assert workbook["안내"].cell(info_row(workbook, "내보낸 판"), 2).value == plan_version(
        demo_plan
    )


def test_an_upload_never_changes_the_plans_status_or_publication(demo_plan, demo_workbook):
    published_at = demo_plan.published_at

    def edit(workbook):
        workbook["안내"].cell(info_row(workbook, "상태"), 2).value = "작성 중"
        workbook["안내"].cell(info_row(workbook, "게시 시각"), 2).value = None

    result, errors = import_plan_workbook(edited(demo_workbook, edit), dry_run=False)
    assert errors == [] and not result.changed
    demo_plan.refresh_from_db()
    assert (demo_plan.status, demo_plan.published_at) == (PlanStatus.PUBLISHED, published_at)

    # Nor does it publish a draft (and a change of publication does not make the file stale).
    WorkPlan.objects.filter(pk=demo_plan.pk).update(status=PlanStatus.DRAFT, published_at=None)
    result, errors = import_plan_workbook(demo_workbook, dry_run=False)
    assert errors == [] and not result.changed
    demo_plan.refresh_from_db()
    assert (demo_plan.status, demo_plan.published_at) == (PlanStatus.DRAFT, None)


def test_an_old_file_over_a_plan_changed_since_is_refused(demo_plan, demo_workbook):
    card = TaskCard.objects.get(section="special", number=1)
    card.title = "다른 사람이 고친 제목"
    card.save()
    item = PlanItem.objects.get(card__section="main", card__number=4, order=1)

    def edit(workbook):
        cell(workbook["추진계획"], "일정", 과제="IV-4", 순서=1).value = "23. 4."

    for data in (demo_workbook, edited(demo_workbook, edit)):
        assert refused(data, read_twice=False) == [STALE_FILE_MESSAGE]
        assert TaskCard.objects.get(pk=card.pk).title == "다른 사람이 고친 제목"
        assert PlanItem.objects.get(pk=item.pk).schedule == item.schedule != "'23. 4."


def test_a_file_without_its_version_is_refused_over_an_existing_plan(demo_plan, demo_workbook):
    def edit(workbook):
        workbook["안내"].delete_rows(info_row(workbook, "내보낸 판"))

    data = edited(demo_workbook, edit)
    assert refused(data, read_twice=False) == [STALE_FILE_MESSAGE]

    delete_all_plan_data()  # into an empty database there is nothing to undo
    result, errors = import_plan_workbook(data, dry_run=False)
    assert errors == [] and result.changed


# ---------------------------------------------------------------------------------------------
# Formula injection


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://example.com","클릭")', "+1", "@SUM(A1)", "-3", "'=인용된 수식"]
)
def test_formula_like_text_is_written_as_text_and_reads_back_as_typed(demo_plan, text):
    card = TaskCard.objects.get(section="main", number=1)
    card.title = text
    card.save()
    item = card.plan_items.get(order=1)
    item.target = text
    item.save()

    data = plan_workbook(demo_plan)

    workbook = open_xlsx(data, data_only=False)
    title = cell(workbook["과제"], "과제명", 구분="주요업무계획", 번호=1)
    assert title.data_type == "s"
    assert title.value == "'" + text
    assert cell(workbook["추진계획"], "목표", 과제="IV-1", 순서=1).value == "'" + text
    result, errors = import_plan_workbook(data, dry_run=False)
    assert errors == [] and not result.changed
    assert TaskCard.objects.get(section="main", number=1).title == text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("'=x", "''=x"),
        ("'인용", "'인용"),
        ("행정팀", "행정팀"),
        (-856, -856),
        (Decimal("-12.9"), Decimal("-12.9")),
        (None, None),
    ],
)
def test_safe_cell_escapes_text_only_and_unescapes_exactly(value, written):
    assert safe_cell(value) == written
    assert unescape_cell(safe_cell(value)) == value


# ---------------------------------------------------------------------------------------------
# Refusals: every bad cell named, nothing written


def refused(data: bytes, *, read_twice: bool = True) -> list[str]:
    """The messages of a refused upload, after checking that no table changed."""
    counts = row_counts()
    result, errors = import_plan_workbook(data, dry_run=False)
    assert result is None
    assert errors
    assert row_counts() == counts
    if read_twice:
        with pytest.raises(spreadsheets.SpreadsheetError):
            document_from_workbook(data)
    return messages(errors)


def test_a_renamed_header_is_named(demo_workbook):
    def edit(workbook):
        ws = workbook["추진계획"]
        ws.cell(2, column_of(ws, "일정")).value = "추진일정"

    found = refused(edited(demo_workbook, edit))
    assert (
        "추진계획 시트 2행 '일정' 열: 열이 없습니다. 열 제목을 바꾸거나 열을 지우지 마십시오."
        in found
    )
    assert any(m.startswith("추진계획 시트 2행 '추진일정' 열: 알 수 없는 열입니다.") for m in found)


def test_a_header_with_extra_spaces_and_a_column_of_ones_own_are_fine(demo_plan, demo_workbook):
    def edit(workbook):
        ws = workbook["추진계획"]
        ws.cell(2, column_of(ws, "세부 내용")).value = " 세부내용 "
        ws.cell(2, 9).value = "메모"
        ws.cell(3, 9).value = "확인 필요"

    result, errors = import_plan_workbook(edited(demo_workbook, edit), dry_run=False)
    assert errors == [] and not result.changed


def test_a_missing_or_renamed_sheet_is_named(demo_workbook):
    def edit(workbook):
        del workbook["소요예산"]
        workbook["추진계획"].title = "추진 계획"

    found = refused(edited(demo_workbook, edit))
    assert any(m.startswith("소요예산 시트: 시트가 없습니다.") for m in found)
    assert any(m.startswith("추진계획 시트: 시트가 없습니다.") and "추진 계획" in m for m in found)


def test_text_in_a_number_cell(demo_workbook):
    def edit(workbook):
        cell(workbook["소요예산"], "올해", 과제="IV-7", 순서=1).value = "많음"

    assert refused(edited(demo_workbook, edit)) == [
        "소요예산 시트 3행 '올해' 열: '많음'은(는) 숫자가 아닙니다."
    ]


@pytest.mark.parametrize("typed", [-992_000, "△992,000", "(992,000)"])
def test_negative_money_is_refused(demo_workbook, typed):
    def edit(workbook):
        cell(workbook["예산"], "금액", 회계연도=2023, 팀="행정팀").value = typed

    assert refused(edited(demo_workbook, edit)) == [
        "예산 시트 3행 '금액' 열: 음수는 입력할 수 없습니다."
    ]


def test_numbers_as_staff_type_them_are_understood(demo_plan, demo_workbook):
    def edit(workbook):
        cell(workbook["예산"], "금액", 회계연도=2023, 팀="행정팀").value = "992,000"
        cell(workbook["소요예산"], "올해", 과제="IV-7", 순서=1).value = " 110,000 "

    result, errors = import_plan_workbook(edited(demo_workbook, edit), dry_run=False)
    assert errors == [] and not result.changed


def test_an_unknown_team(demo_workbook):
    def edit(workbook):
        cell(workbook["과제"], "담당 팀", 구분="주요업무계획", 번호=3).value = "기획팀"

    assert refused(edited(demo_workbook, edit)) == [
        "과제 시트 5행 '담당 팀' 열: '팀' 시트에 없는 팀입니다: 기획팀"
    ]


def test_two_rows_with_the_same_card_and_order(demo_workbook):
    def edit(workbook):
        cell(workbook["추진계획"], "순서", 과제="IV-1", 순서=2).value = 1

    assert refused(edited(demo_workbook, edit)) == [
        "추진계획 시트 4행 '순서' 열: '과제'·'순서'이(가) 같은 행이 3행에 이미 있습니다. "
        "한 행만 남기십시오."
    ]


def test_a_schedule_that_does_not_parse(demo_workbook):
    def edit(workbook):
        cell(workbook["추진계획"], "일정", 과제="IV-3", 순서=2).value = "23. 13."

    [message] = refused(edited(demo_workbook, edit))
    assert message.startswith("추진계획 시트 14행 '일정' 열: ")
    assert "월 13은(는) 1부터 12 사이여야 합니다" in message


def test_a_typed_total_must_agree_with_the_computation(demo_workbook):
    def edit(workbook):
        cell(workbook["소요예산"], "계(자동 계산)", 과제="IV-7", 순서=1).value = 350_000
        cell(workbook["소요예산"], "계(자동 계산)", 과제="IV-8", 순서=1).value = None

    assert refused(edited(demo_workbook, edit)) == [
        "소요예산 시트 3행 '계(자동 계산)' 열: 자동 계산 값은 348,000인데 350,000이(가) 적혀 "
        "있습니다. 다른 칸의 값을 확인하거나 이 칸을 비우십시오."
    ]


def test_the_models_own_rules_are_checked_per_row(demo_workbook):
    places = {}

    def edit(workbook):
        welfare = workbook["후생복지"]
        cell(welfare, "1인당 금액", 사업명="장제서비스 지원").value = 600
        places["welfare"] = find_row(welfare, 사업명="장제서비스 지원")
        cell(workbook["현장방문"], "종료일", 행사명="찾아가는 주민 공감의 날").value = "2022-03-01"
        places["visit"] = find_row(workbook["현장방문"], 행사명="찾아가는 주민 공감의 날")
        info = workbook["안내"]
        places["session"] = find_row(info, 항목="회기 종료일")
        info.cell(places["session"], 2).value = "2000-01-01"

    found = refused(edited(demo_workbook, edit))
    assert len(found) == 3, found
    assert found[0].startswith(
        f"안내 시트 {places['session']}행 '값' 열: 회기 종료일: "
        "종료일은 시작일보다 빠를 수 없습니다."
    )
    assert (
        f"현장방문 시트 {places['visit']}행 '종료일' 열: 종료일은 시작일보다 빠를 수 없습니다."
        in found
    )
    assert any(
        m.startswith(f"후생복지 시트 {places['welfare']}행 '총액' 열: 총액 18,000천원이 ")
        and "1인당 금액 × 대상 인원" in m
        for m in found
    ), found


def test_every_bad_cell_of_the_file_is_listed(demo_workbook):
    bad = []

    def spoil(workbook, sheet, header, match, value):
        target = cell(workbook[sheet], header, match)
        target.value = value
        bad.append(f"{sheet} 시트 {target.row}행 '{header}' 열")

    def edit(workbook):
        spoil(workbook, "소요예산", "올해", {"과제": "IV-7", "순서": 1}, "많음")
        spoil(workbook, "예산", "금액", {"회계연도": 2022, "팀": "서무팀"}, -1)
        spoil(workbook, "과제", "담당 팀", {"구분": "특수시책", "번호": 1}, "기획팀")
        spoil(workbook, "추진계획", "일정", {"과제": "IV-4", "순서": 2}, "4월쯤")
        spoil(workbook, "추진상황", "일정", {"과제": "IV-7", "순서": 1}, "22. 99.")
        spoil(workbook, "인력", "현원", {"팀": "서무팀", "직급": "7급"}, "세 명")
        spoil(workbook, "담당자", "성명", {"과제": "IV-2", "순서": 1}, "홍길동")
        spoil(workbook, "주요성과항목", "선거", {"주요성과 순서": 1, "순서": 1}, "없는 선거")

    found = refused(edited(demo_workbook, edit))
    assert sorted(m.split(":")[0] for m in found) == sorted(bad), found


def test_a_broken_sheet_does_not_hide_bad_cells_elsewhere(demo_workbook):
    def edit(workbook):
        ws = workbook["추진계획"]
        ws.cell(2, column_of(ws, "일정")).value = "추진일정"
        cell(workbook["과제"], "구분", 구분="주요업무계획", 번호=1).value = "주요"
        cell(workbook["인력"], "정원", 팀="서무팀", 직급="청원경찰").value = 1

    found = refused(edited(demo_workbook, edit))
    assert found == [
        "인력 시트 15행 '정원' 열: 정원외 인력에는 정원을 입력하지 않습니다. 현원만 입력하십시오.",
        "과제 시트 3행 '구분' 열: '주요'은(는) 고를 수 없는 값입니다. "
        "다음 중 하나: 주요업무계획, 특수시책",
        "추진계획 시트 2행 '일정' 열: 열이 없습니다. 열 제목을 바꾸거나 열을 지우지 마십시오.",
        "추진계획 시트 2행 '추진일정' 열: 알 수 없는 열입니다. 열 제목을 바꾸지 마십시오. "
        "있어야 할 열: 과제, 순서, 내용, 일정, 목표, 세부 내용, 함께 표시할 자료",
    ]
    # The rows of card IV-1 (its 구분 unreadable) are not reported a second time in 담당자.


def test_an_empty_file():
    assert refused(b"") == ["빈 파일입니다."]


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 a pdf renamed to .xlsx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old .xls",
        b"name,amount\n",
    ],
    ids=["pdf", "xls", "csv"],
)
def test_a_file_that_is_not_a_workbook(data):
    [message] = refused(data)
    assert message.startswith("엑셀(.xlsx) 파일이 아닙니다.")


def test_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    [message] = refused(buffer.getvalue())
    assert message.startswith("엑셀(.xlsx) 파일이 아닙니다.")


def test_a_workbook_of_something_else():
    workbook = Workbook()
    workbook.active.title = "Sheet1"
    [message] = refused(saved(workbook))
    assert message.startswith("업무계획 통합문서가 아닙니다.")


def test_a_file_over_the_size_limit(demo_workbook, monkeypatch):
    monkeypatch.setattr("plans.exchange.cells.MAX_UPLOAD_BYTES", len(demo_workbook) - 1)
    [message] = refused(demo_workbook)
    assert message.startswith("파일이 너무 큽니다.")


def test_a_sheet_of_100000_rows_is_refused_without_reading_it_all():
    workbook = Workbook(write_only=True)  # streams the rows: the file is built in seconds
    ws = workbook.create_sheet("추진계획")
    ws.append(["추진계획"])
    ws.append(["과제", "순서", "내용", "일정", "목표", "세부 내용", "함께 표시할 자료"])
    for number in range(1, 100_001):
        ws.append(["IV-1", number])
    found = refused(saved(workbook), read_twice=False)
    assert "'추진계획' 시트의 행이 너무 많습니다. 한 번에 50,000행까지 올릴 수 있습니다." in found


def test_the_row_limit_is_read_when_called(demo_workbook, monkeypatch):
    monkeypatch.setattr("plans.exchange.cells.MAX_ROWS", 30)  # 추진계획 has 41 rows
    found = refused(demo_workbook)
    assert "'추진계획' 시트의 행이 너무 많습니다. 한 번에 30행까지 올릴 수 있습니다." in found


def test_cell_errors_name_the_sheet():
    assert str(CellError(5, "일정", "해석할 수 없습니다.", "추진계획")) == (
        "추진계획 시트 5행 '일정' 열: 해석할 수 없습니다."
    )
    assert (
        str(CellError(0, "", "시트가 없습니다.", "소요예산")) == "소요예산 시트: 시트가 없습니다."
    )
    assert str(CellError(0, "", "빈 파일입니다.")) == "빈 파일입니다."
    with pytest.raises(WorkbookError) as refusal:
        raise WorkbookError([CellError(3, "금액", "음수는 입력할 수 없습니다.", "예산")])
    assert str(refusal.value) == "예산 시트 3행 '금액' 열: 음수는 입력할 수 없습니다."


# ---------------------------------------------------------------------------------------------
# LibreOffice


def test_libreoffice_opens_the_workbook(demo_workbook, tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice (libreoffice/soffice) is not on PATH; not installed on purpose")
    source = tmp_path / "plan.xlsx"
    source.write_bytes(demo_workbook)
    completed = subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            # Comma, double quotes, UTF-8 (76), first line included: not the locale's encoding.
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    text = (tmp_path / "plan.csv").read_bytes().decode("utf-8", errors="replace")
    assert "자치행정과" in text


# ---------------------------------------------------------------------------------------------
# Delivery


def xlsx_url(plan) -> str:
    return reverse("plans:report_xlsx", args=[plan.year, plan.department.slug])


def test_the_plan_page_links_the_workbook_next_to_the_pdf(client):
    plan = build_plan(cards=1)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert xlsx_url(plan) in html
    assert html.index(reverse("plans:report_pdf", args=[plan.year, plan.department.slug])) < (
        html.index(xlsx_url(plan))
    )


def test_the_workbook_downloads_with_a_korean_file_name(client):
    plan = build_plan(cards=1)
    response = client.get(xlsx_url(plan))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    name = (
        f"{plan.year}년_{plan.department.name}_주요업무계획(제{plan.session.number}회_임시회).xlsx"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"filename*=utf-8''{quote(name)}" in response["Content-Disposition"]
    assert "public" in response["Cache-Control"]
    assert open_xlsx(response.content).sheetnames == list(SHEET_ORDER)


def test_revalidation_with_the_same_version_is_304_and_a_change_is_a_new_version(client):
    plan = build_plan(cards=1)
    first = client.get(xlsx_url(plan))
    again = client.get(xlsx_url(plan), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]

    card = plan.cards.get()
    card.title = "고친 과제명"
    card.save()
    assert client.get(xlsx_url(plan), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    publish_now(plan)
    changed = client.get(xlsx_url(plan), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_a_published_workbook_is_built_once_per_version(client, monkeypatch):
    plan = build_plan(cards=1)
    from plans.exchange.workbook import writer as xlsx

    calls = []
    real = xlsx.render_workbook
    monkeypatch.setattr(xlsx, "render_workbook", lambda content: calls.append(1) or real(content))
    first = client.get(xlsx_url(plan))
    second = client.get(xlsx_url(plan))
    assert len(calls) == 1
    assert first.content == second.content


def test_drafts_are_404_to_the_public_and_marked_for_staff(client):
    plan = build_plan(cards=1, published=False)
    assert client.get(xlsx_url(plan)).status_code == 404
    staff = User.objects.create_user("reviewer", password="x", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_workplan"))
    StaffProfile.objects.create(user=staff, team=plan.cards.get().team)
    client.force_login(staff)
    response = client.get(xlsx_url(plan), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0].endswith("/preview/report.xlsx")
    assert "private" in response["Cache-Control"]
    caption = open_xlsx(response.content)["안내"]["A1"].value
    assert "초안" in caption


def test_render_report_writes_the_workbook(tmp_path):
    plan = build_plan(cards=1)
    target = tmp_path / "plan.xlsx"
    call_command(
        "render_report", str(plan.year), plan.department.slug, "--format", "xlsx", "-o", str(target)
    )
    workbook = open_xlsx(target.read_bytes())
    assert cell(workbook["과제"], "과제명", 번호=1).value == "과제 1"


def test_the_admin_change_page_links_the_workbook(client):
    plan = build_plan(cards=1, published=False)
    admin = User.objects.create_superuser("admin", password="x")
    client.force_login(admin)
    response = client.get(reverse("admin:plans_workplan_change", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    preview_xlsx = reverse("plans:preview_xlsx", args=[plan.year, plan.department.slug])
    assert preview_xlsx in html
    assert "엑셀 통합문서" in html
