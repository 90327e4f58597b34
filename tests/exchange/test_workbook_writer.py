"""What the exported plan workbook looks like: a sheet per table with Korean headers under a
caption stating the unit, bold frozen headers, thousands separators, no formula in any cell,
and the computed tables showing the seed's printed figures."""

import pytest

from plans.exchange.workbook.layout import SHEET_ORDER
from tests.workbooks import cell, column_of, headers, open_xlsx

pytestmark = pytest.mark.django_db


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
