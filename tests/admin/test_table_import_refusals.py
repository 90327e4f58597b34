"""A per-table import refuses bad cells and rows with a Korean message naming the row and column
(wrong or missing headers, wrong types, negative money, unknown names, duplicate keys, rules
across cells), lists every bad row, and writes nothing: the admin's preview and an import of
the same file both say so, and no table's row count changes."""

from __future__ import annotations

import pytest

from budget.models import BudgetLine, FundingRow
from budget.resources import BudgetLineResource, FundingRowResource
from civic.resources import ElectionResource
from personnel.resources import StaffingCountResource
from plans.exchange.resources.cards import CardContactResource, PlanItemResource
from tests.tables import (
    assert_file_refused,
    assert_refused,
    budget_rows,
    csv_bytes,
    run_import,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def test_wrong_and_missing_headers_are_refused_naming_the_column(admin_client, world):
    rows = [
        ["과", "회계연도", "회계", "예산 단계", "팀", "기타 항목", "순서", "금액", "비고란"],
        ["자치행정과", 2024, "일반회계", "본예산", "행정팀", "", 1, 1000, ""],
    ]
    for name, data in (("lines.csv", csv_bytes(rows)), ("lines.xlsx", xlsx_bytes(rows))):
        assert_refused(
            admin_client,
            BudgetLineResource,
            data,
            name,
            [
                "1행 '금액' 열: 알 수 없는 열입니다.",
                "1행 '비고란' 열: 알 수 없는 열입니다.",
                "1행 '금액(천원)' 열: 이 열이 없습니다.",
                "이 표의 열: 과, 회계연도, 회계, 예산 단계, 팀, 기타 항목, 순서, 금액(천원)",
            ],
        )


def test_a_missing_key_column_is_refused(admin_client, world):
    rows = [
        ["연도", "팀", "직급", "정원", "현원"],
        [2024, "행정팀", "일반직 6급", 5, 5],
    ]
    assert_refused(
        admin_client,
        StaffingCountResource,
        csv_bytes(rows),
        "staffing.csv",
        ["1행 '과' 열: 이 열이 없습니다."],
    )


def test_wrong_types_are_refused_naming_row_and_column(admin_client, world):
    rows = budget_rows(
        ["자치행정과", 2024, "일반회계", "본예산", "행정팀", "", 1, "많음"],
        ["자치행정과", "2024년", "일반회계", "본예산", "서무팀", "", 2, 100],
        ["자치행정과", 2024, "특별", "본예산", "군민소통팀", "", 3, 100],
    )
    assert_refused(
        admin_client,
        BudgetLineResource,
        csv_bytes(rows),
        "lines.csv",
        [
            "2행 '금액(천원)' 열: '많음'은(는) 숫자가 아닙니다.",
            "3행 '회계연도' 열: '2024년'은(는) 숫자가 아닙니다.",
            "4행 '회계' 열: '특별'은(는) 쓸 수 없는 값입니다. "
            "일반회계, 특별회계 중 하나를 쓰십시오.",
        ],
    )


def test_a_date_that_is_not_a_date_is_refused(admin_client, world):
    rows = [
        ["기관", "선거명", "선거일", "선거인수(명)", "투표자수(명)", "간사·서기(명)",
         "(사전)투표 종사자(명)", "개표 종사자(명)"],
        ["음성군", "제9회 지방선거", "2022-02-30", 80000, 50000, 18, 298, 60],
        ["음성군", "제10회 지방선거", "2026. 6. 3.", 80000, 90000, 18, 298, 60],
    ]  # fmt: skip
    assert_refused(
        admin_client,
        ElectionResource,
        xlsx_bytes(rows),
        "elections.xlsx",
        [
            "2행 '선거일' 열: '2022-02-30'은(는) 날짜가 아닙니다.",
            # A rule across cells (a check constraint) names both columns.
            "3행 '선거인수(명)', '투표자수(명)' 열: 투표자수는 선거인수보다 많을 수 없습니다.",
        ],
    )


def test_negative_money_is_refused_naming_row_and_column(admin_client, world):
    rows = budget_rows(
        ["자치행정과", 2024, "일반회계", "본예산", "행정팀", "", 1, "△856"],
        ["자치행정과", 2024, "일반회계", "본예산", "서무팀", "", 2, "(856)"],
        ["자치행정과", 2024, "일반회계", "본예산", "군민소통팀", "", 3, -856],
    )
    assert_refused(
        admin_client,
        BudgetLineResource,
        xlsx_bytes(rows),
        "lines.xlsx",
        [
            "2행 '금액(천원)' 열: 음수는 입력할 수 없습니다.",
            "3행 '금액(천원)' 열: 음수는 입력할 수 없습니다.",
            "4행 '금액(천원)' 열: 음수는 입력할 수 없습니다.",
        ],
    )


def test_unknown_team_department_and_officer_are_named(admin_client, world):
    rows = budget_rows(
        ["자치행정과", 2024, "일반회계", "본예산", "서무2팀", "", 1, 100],
        ["없는과", 2024, "일반회계", "본예산", "", "예비비", 2, 100],
    )
    assert_refused(
        admin_client,
        BudgetLineResource,
        csv_bytes(rows),
        "lines.csv",
        [
            "2행 '팀' 열: '서무2팀' 팀을 찾을 수 없습니다(과 '자치행정과').",
            "3행 '과' 열: '없는과' 과를 찾을 수 없습니다.",
        ],
    )
    contacts = [
        ["과", "연도", "구분", "번호", "순서", "담당자 팀", "담당자", "전화번호"],
        ["자치행정과", 2023, "주요업무계획", 7, 2, "행정팀", "홍길동", "871-0000"],
        ["자치행정과", 2023, "주요업무계획", 99, 1, "행정팀", "남기종", "871-3163"],
    ]
    assert_refused(
        admin_client,
        CardContactResource,
        csv_bytes(contacts),
        "contacts.csv",
        [
            "2행 '담당자' 열: '홍길동' 담당자를 찾을 수 없습니다"
            "(과 '자치행정과', 담당자 팀 '행정팀', 전화번호 '871-0000').",
            "3행 '번호' 열: '99' 과제를 찾을 수 없습니다"
            "(과 '자치행정과', 연도 '2023', 구분 '주요업무계획').",
        ],
    )


def test_duplicate_keys_within_the_file_are_refused(admin_client, world):
    rows = [
        ["연도", "과", "팀", "직급", "정원", "현원"],
        [2024, "자치행정과", "행정팀", "일반직 6급", 5, 5],
        [2024, "자치행정과", "서무팀", "일반직 6급", 1, 1],
        [2024, "자치행정과", "행정팀", "6급", 4, 4],  # the same grade, written shorter
    ]
    assert_refused(
        admin_client,
        StaffingCountResource,
        csv_bytes(rows),
        "staffing.csv",
        ["4행 '직급' 열: 2행과 같은 항목입니다(연도, 과, 팀, 직급 값이 같습니다)."],
    )
    # Two rows taking the same place of a unique rule (순서) are refused too.
    lines = budget_rows(
        ["자치행정과", 2024, "일반회계", "본예산", "행정팀", "", 1, 100],
        ["자치행정과", 2024, "일반회계", "본예산", "서무팀", "", 1, 100],
    )
    assert_refused(
        admin_client,
        BudgetLineResource,
        csv_bytes(lines),
        "lines.csv",
        [
            "3행 '순서' 열: 같은 순서 번호가 이미 있습니다. 다른 번호를 입력하십시오. "
            "(2행과 겹칩니다.)"
        ],
    )


def test_a_value_another_stored_row_has_is_refused(admin_client, world):
    # 2023 행정팀 holds 순서 1; a new 2023 예비비 line cannot take it.
    lines = budget_rows(["자치행정과", 2023, "일반회계", "본예산", "", "예비비", 1, 100])
    assert_refused(
        admin_client,
        BudgetLineResource,
        csv_bytes(lines),
        "lines.csv",
        ["2행 '순서' 열: 같은 순서 번호가 이미 있습니다. 다른 번호를 입력하십시오."],
    )


def test_a_schedule_that_does_not_parse_is_refused(admin_client, world):
    rows = [
        [
            "과",
            "연도",
            "구분",
            "번호",
            "순서",
            "내용",
            "일정",
            "목표",
            "세부 내용",
            "함께 표시할 자료",
        ],
        ["자치행정과", 2023, "주요업무계획", 7, 3, "주민 설명회", "23. 13.", "1회", "", ""],
        ["자치행정과", 2023, "주요업무계획", 7, 4, "성과 보고", "언젠가 2번", "", "", ""],
    ]
    assert_refused(
        admin_client,
        PlanItemResource,
        xlsx_bytes(rows),
        "items.xlsx",
        [
            "2행 '일정' 열: 일정 “23. 13.”: 월 13은(는) 1부터 12 사이여야 합니다.",
            "3행 '일정' 열: 일정 “언젠가 2번”을(를) 해석할 수 없습니다.",
        ],
    )


def test_cells_outside_the_named_columns(admin_client, world):
    # A spacer column (no header, no values) is ignored; the file imports.
    spaced = [
        ["과", "회계연도", None, "회계", "예산 단계", "팀", "기타 항목", "순서", "금액(천원)"],
        ["자치행정과", 2024, None, "일반회계", "본예산", "", "예비비", 9, 10],
    ]
    result = run_import(BudgetLineResource, xlsx_bytes(spaced), "l.xlsx", dry_run=True)
    assert result.totals["new"] == 1 and not result.has_validation_errors()
    # A value under no header is refused, not dropped.
    stray = budget_rows(["자치행정과", 2024, "일반회계", "본예산", "", "예비비", 9, 10, "메모"])
    assert_file_refused(
        admin_client,
        BudgetLine,
        xlsx_bytes(stray),
        "lines.xlsx",
        "2행 9번째 열: 머리글이 없는 열에 값(메모)이 있습니다.",
    )
    # A column of values without a header is named by its position.
    unnamed = [
        ["과", "회계연도", "", "회계", "예산 단계", "팀", "기타 항목", "순서", "금액(천원)"],
        ["자치행정과", 2024, "메모", "일반회계", "본예산", "", "예비비", 9, 10],
    ]
    assert_refused(
        admin_client,
        BudgetLineResource,
        csv_bytes(unnamed),
        "lines.csv",
        ["1행 '3번째' 열: 머리글이 비어 있습니다."],
    )


def test_every_bad_row_is_listed_not_only_the_first(admin_client, world):
    rows = budget_rows(
        ["자치행정과", 2024, "일반회계", "본예산", "행정팀", "", 1, 100],
        ["자치행정과", 2024, "일반회계", "본예산", "서무2팀", "", 2, 100],
        ["자치행정과", 2024, "일반회계", "본예산", "군민소통팀", "", 3, "△1"],
        [],  # a blank row is skipped, and the rows below keep their numbers
        ["자치행정과", 2024, "일반회계", "본예산", "대외협력팀", "", 4, "백"],
        ["자치행정과", 2024, "일반회계", "본예산", "", "예비비", 5, 100],
    )
    page = assert_refused(
        admin_client,
        BudgetLineResource,
        csv_bytes(rows),
        "lines.csv",
        [
            "3행 '팀' 열: '서무2팀' 팀을 찾을 수 없습니다",
            "4행 '금액(천원)' 열: 음수는 입력할 수 없습니다.",
            "6행 '금액(천원)' 열: '백'은(는) 숫자가 아닙니다.",
        ],
    )
    assert "잘못된 행이 3개 있습니다" in page
    assert "아무것도 저장하지 않았습니다" in page


def test_funding_row_rules_across_cells_name_their_columns(admin_client, world):
    rows = [
        ["과", "연도", "구분", "번호", "순서", "재원", "전년까지(천원)", "올해(천원)",
         "다음해 이후(천원)", "비고"],
        ["자치행정과", 2023, "주요업무계획", 7, 2, "국비", "", "", "", "금액 없음"],
    ]  # fmt: skip
    assert FundingRow.objects.count() == 1
    assert_refused(
        admin_client,
        FundingRowResource,
        csv_bytes(rows),
        "funding.csv",
        [
            "2행 '전년까지(천원)', '올해(천원)', '다음해 이후(천원)' 열: "
            "소요예산 한 줄에는 금액이 하나 이상 있어야 합니다."
        ],
    )
