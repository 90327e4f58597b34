"""A bad plan workbook is refused with every bad cell named by sheet, row and column (renamed
headers and sheets, text in a number cell, negative money, unknown teams, duplicate rows,
schedules that do not parse, totals that disagree, the models' own rules) and nothing written;
so is a file that is not a plan workbook, or one too large or too long."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from plans.exchange.cells import CellError
from plans.exchange.workbook.reader import WorkbookError, import_plan_workbook
from tests.workbooks import cell, column_of, edited, find_row, refused, saved

pytestmark = pytest.mark.django_db


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


def test_a_header_with_extra_spaces_is_fine_and_a_column_of_ones_own_is_named(
    demo_plan, demo_workbook
):
    def spaces(workbook):
        ws = workbook["추진계획"]
        ws.cell(2, column_of(ws, "세부 내용")).value = " 세부내용 "

    result, errors = import_plan_workbook(edited(demo_workbook, spaces), dry_run=False)
    assert errors == [] and not result.changed

    def own_column(workbook):
        spaces(workbook)
        ws = workbook["추진계획"]
        ws.cell(2, 9).value = "메모"
        ws.cell(3, 9).value = "확인 필요"

    # Not read, so refused (issue 12): the clerk must know that the column was not imported.
    found = refused(edited(demo_workbook, own_column))
    assert [m for m in found if "'메모' 열" in m] == [
        "추진계획 시트 2행 '메모' 열: 알 수 없는 열입니다. 이 열은 읽지 않습니다. "
        "열을 지우거나 열 제목을 고치십시오. 있어야 할 열: 과제, 순서, 내용, 일정, 목표, "
        "세부 내용, 함께 표시할 자료"
    ]


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
        "추진계획 시트 2행 '추진일정' 열: 알 수 없는 열입니다. 이 열은 읽지 않습니다. "
        "열을 지우거나 열 제목을 고치십시오. "
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


def test_a_file_over_the_size_limit(demo_workbook, settings):
    settings.SPREADSHEET_MAX_BYTES = len(demo_workbook) - 1
    [message] = refused(demo_workbook)
    assert message.startswith("파일이 너무 큽니다(")


def test_a_sheet_of_100000_rows_is_refused_without_reading_it_all():
    workbook = Workbook(write_only=True)  # streams the rows: the file is built in seconds
    ws = workbook.create_sheet("추진계획")
    ws.append(["추진계획"])
    ws.append(["과제", "순서", "내용", "일정", "목표", "세부 내용", "함께 표시할 자료"])
    for number in range(1, 100_001):
        ws.append(["IV-1", number])
    found = refused(saved(workbook), read_twice=False)
    assert "'추진계획' 시트의 행이 너무 많습니다. 한 번에 50,000행까지 올릴 수 있습니다." in found


def test_the_row_limit_is_read_when_called(demo_workbook, settings):
    settings.SPREADSHEET_MAX_ROWS = 30  # 추진계획 has 41 rows
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
