"""CSV downloads of each open-data table: UTF-8 with a byte-order mark, so Excel opens the
Korean text as Korean instead of guessing the system code page; Korean column headings; text a
spreadsheet would run as a formula is escaped as the admin's exports escape it
(plans.exchange.cells.safe_cell)."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from plans.exchange.cells import safe_cell
from plans.opendata.tables import COLUMNS, TABLES, Row

BOM = "\ufeff"

# Column headings of the CSV files: the API's field names in Korean.
HEADINGS = {
    "year": "연도",
    "organization": "기관",
    "bureau": "국",
    "department": "부서",
    "departmentSlug": "부서 주소 이름",
    "versionNo": "판 번호",
    "versionName": "게시본",
    "sessionNo": "회차",
    "sessionKind": "회기 구분",
    "sessionName": "회기",
    "startDate": "시작일",
    "endDate": "종료일",
    "publishedAt": "게시 시각",
    "policyGoal": "정책목표",
    "cardCount": "과제 수",
    "budgetTotal": "예산 합계",
    "budgetUnit": "예산 단위",
    "staffCurrent": "현원",
    "url": "주소",
    "cardCode": "과제 번호",
    "section": "구분",
    "cardNo": "순번",
    "title": "과제명",
    "team": "팀",
    "kinds": "사업구분",
    "fundingTotal": "소요예산",
    "fundingUnit": "소요예산 단위",
    "fiscalYear": "회계연도",
    "account": "회계",
    "stage": "예산 단계",
    "heading": "항목",
    "isTotal": "합계 행",
    "amount": "금액",
    "previousAmount": "전년 금액",
    "changeAmount": "증감",
    "changeRate": "증감률(%)",
    "unit": "단위",
    "grade": "직급",
    "category": "직급 구분",
    "isSubtotal": "소계 열",
    "count": "인원",
    "cardTitle": "과제명",
    "source": "재원",
    "total": "계",
    "priorLabel": "기간1",
    "priorAmount": "기간1 금액",
    "yearLabel": "기간2",
    "yearAmount": "기간2 금액",
    "laterLabel": "기간3",
    "laterAmount": "기간3 금액",
    "remark": "비고",
}


def _cell(value):
    if isinstance(value, bool):
        return "Y" if value else "N"
    return "" if value is None else safe_cell(value)


def csv_text(table: str, rows: list[Row]) -> str:
    """The table's headings (also without rows, so a file always says what it would hold) and
    its rows."""
    keys = COLUMNS[table]
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([HEADINGS[key] for key in keys])
    writer.writerows([[_cell(row[key]) for key in keys] for row in rows])
    return out.getvalue()


def csv_response(table: str, rows: list[Row]) -> HttpResponse:
    response = HttpResponse(
        csv_text(table, rows).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"업무계획_{TABLES[table][0]}.csv"
    )
    return response
