"""The read-only open-data API (django-ninja): one operation per table, each answering a page
of rows in the national portal's envelope (plans.opendata.envelope), in JSON or XML, and one
CSV download per table (plans.opendata.downloads). The OpenAPI document is at
``/api/openapi.json`` and the browsable docs at ``/api/docs`` (Swagger UI from django-ninja's
own static files: no CDN, as the site's Content-Security-Policy requires).

Answers: 200 with resultCode "00" (rows) or "03" (no rows on this page, with totalCount);
400 with "10" and a Korean message naming the parameter; 429 with "22" and Retry-After when a
client asks too often (plans.opendata.throttling); 404 with "12" for an address under /api/
that names no operation (plans.opendata.views.no_service); 500 with "01" for a fault here.
``serviceKey`` and other parameters the national portal's clients send are accepted and
ignored: the data is open to everyone."""

from __future__ import annotations

import logging
import math
from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import Throttled, ValidationError
from ninja.renderers import BaseRenderer
from pydantic import create_model

from plans.opendata import downloads
from plans.opendata.editions import Selection, editions
from plans.opendata.envelope import (
    DEFAULT_ROWS,
    MAX_ROWS,
    ResultCode,
    answer,
    page_of,
    to_json,
    to_xml,
)
from plans.opendata.tables import COLUMNS, TABLES, table_rows
from plans.opendata.throttling import ClientRateThrottle

logger = logging.getLogger(__name__)

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"
STATUS = {
    ResultCode.NORMAL: 200,
    ResultCode.NO_DATA: 200,
    ResultCode.INVALID_PARAMETER: 400,
    ResultCode.TOO_MANY_REQUESTS: 429,
    ResultCode.NO_SERVICE: 404,
    ResultCode.APPLICATION_ERROR: 500,
}


def wants_xml(request: HttpRequest) -> bool:
    return request.GET.get("resultType") == "xml"


class EnvelopeRenderer(BaseRenderer):
    """JSON, or XML when the request says resultType=xml (a bad resultType answers in JSON)."""

    media_type = "application/json"

    def render(self, request, data, *, response_status):
        return to_xml(data) if wants_xml(request) else to_json(data)


class OpenDataAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        response["Content-Type"] = XML_TYPE if wants_xml(request) else JSON_TYPE
        return response


api = OpenDataAPI(
    title="업무계획 포털 공공데이터 API",
    version="1",
    description=(
        "게시된 주요업무계획(의회 회기, 게시본, 과제, 예산규모, 기구 및 인력, 소요예산)을 "
        "공공데이터포털의 요청·응답 규칙(pageNo, numOfRows, resultType, resultCode, resultMsg, "
        "totalCount)으로 제공합니다. 게시본만 제공하며 작성 중인 내용은 제공하지 않습니다."
    ),
    renderer=EnvelopeRenderer(),
    throttle=[ClientRateThrottle()],
    urls_namespace="opendata-api",
)


# ---------------------------------------------------------------------------------------------
# Parameters and answers


class EditionQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2099, description="연도(예: 2023)")
    department: str | None = Field(
        None, max_length=100, description="부서 주소 이름(예: 자치행정과)"
    )
    version: int | None = Field(
        None, ge=1, description="판 번호. year, department와 함께 쓰며, 없으면 현재 게시본"
    )


class TableQuery(EditionQuery):
    pageNo: int = Field(1, ge=1, description="페이지 번호(1부터)")
    numOfRows: int = Field(
        DEFAULT_ROWS, ge=1, le=MAX_ROWS, description=f"한 페이지 결과 수(최대 {MAX_ROWS})"
    )
    resultType: Literal["json", "xml"] = Field("json", description="응답 형식: json 또는 xml")


class Header(Schema):
    resultCode: str = Field(
        description="결과 코드: 00 정상, 03 자료 없음, 10 잘못된 요청 파라미터 …"
    )
    resultMsg: str = Field(description="결과 메시지")


# The type of each field of the tables' rows (plans.opendata.tables.COLUMNS); the rest are text.
FIELD_TYPES: dict[str, object] = {
    **dict.fromkeys(
        ("year", "versionNo", "sessionNo", "cardCount", "budgetTotal", "staffCurrent",
         "cardNo", "fiscalYear", "count", "total", "amount"),
        int,
    ),
    **dict.fromkeys(
        ("fundingTotal", "previousAmount", "changeAmount", "priorAmount", "yearAmount",
         "laterAmount"),
        int | None,
    ),
    **dict.fromkeys(("isTotal", "isSubtotal"), bool),
    **dict.fromkeys(("fundingUnit", "changeRate"), str | None),
}  # fmt: skip


def envelope_schema(table: str) -> type[Schema]:
    """The answer of one table's operation, its rows typed field by field for the OpenAPI
    document (and checked against it when answered)."""
    name = table.capitalize()
    fields = {
        key: (FIELD_TYPES.get(key, str), Field(description=downloads.HEADINGS[key]))
        for key in COLUMNS[table]
    }
    item = create_model(f"{name}Item", __base__=Schema, **fields)
    items = create_model(f"{name}Items", __base__=Schema, item=(list[item], ...))
    body = create_model(
        f"{name}Body",
        __base__=Schema,
        items=(items | None, None),
        numOfRows=(int | None, None),
        pageNo=(int | None, None),
        totalCount=(int | None, Field(None, description="조건에 맞는 전체 결과 수")),
    )
    result = create_model(f"{name}Result", __base__=Schema, header=(Header, ...), body=(body, ...))
    return create_model(f"{name}Envelope", __base__=Schema, response=(result, ...))


PARAMETER_NAMES = {"pageNo", "numOfRows", "resultType", "year", "department", "version"}


class BadParameter(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _reason(error: dict) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind.startswith("int_"):
        return "정수여야 합니다"
    if kind == "greater_than_equal":
        return f"{ctx['ge']} 이상이어야 합니다"
    if kind == "less_than_equal":
        return f"{ctx['le']} 이하여야 합니다"
    if kind == "literal_error":
        return "json, xml 중 하나여야 합니다"
    if kind == "string_too_long":
        return f"{ctx['max_length']}자 이하여야 합니다"
    return "값이 올바르지 않습니다"


def parameter_message(errors: list[dict]) -> str:
    """'요청 파라미터 pageNo의 값(abc)이 올바르지 않습니다: 정수여야 합니다.' for the first bad
    parameter (a Latin name takes 의 whatever its sound, so no particle has to be guessed)."""
    error = errors[0]
    name = next((str(part) for part in error.get("loc", ()) if part in PARAMETER_NAMES), "")
    given = error.get("input")
    shown = f"({given})" if isinstance(given, str | int) else ""
    return f"요청 파라미터 {name}의 값{shown}이 올바르지 않습니다: {_reason(error)}."


def refusal(request, code: ResultCode, message: str, **headers) -> HttpResponse:
    response = api.create_response(request, answer(code, message), status=STATUS[code])
    for name, value in headers.items():
        response[name] = value
    return response


@api.exception_handler(ValidationError)
def bad_parameters(request, exc: ValidationError):
    return refusal(request, ResultCode.INVALID_PARAMETER, parameter_message(exc.errors))


@api.exception_handler(BadParameter)
def bad_combination(request, exc: BadParameter):
    return refusal(request, ResultCode.INVALID_PARAMETER, exc.message)


@api.exception_handler(Throttled)
def too_many(request, exc: Throttled):
    seconds = max(1, math.ceil(exc.wait or 1))
    message = f"요청이 너무 잦습니다. {seconds}초 뒤에 다시 요청하십시오."
    return refusal(request, ResultCode.TOO_MANY_REQUESTS, message, **{"Retry-After": str(seconds)})


@api.exception_handler(Exception)
def failure(request, exc: Exception):
    """A fault of this service: logged with its traceback, answered in the envelope (01)."""
    logger.exception("공공데이터 API 요청 %s을(를) 처리하지 못했습니다.", request.get_full_path())
    return refusal(request, ResultCode.APPLICATION_ERROR, "서비스 처리 중 오류가 발생했습니다.")


def selection(query: EditionQuery) -> Selection:
    if query.version is not None and (query.year is None or not query.department):
        raise BadParameter("요청 파라미터 version은 year, department와 함께 지정해야 합니다.")
    return Selection(year=query.year, department=query.department, version=query.version)


def table_answer(request, table: str, query: TableQuery):
    rows = table_rows(table, editions(selection(query)))
    page = page_of(rows, page_no=query.pageNo, num_of_rows=query.numOfRows)
    if not page.items:
        if page.total_count:
            message = (
                f"{query.pageNo}쪽에는 자료가 없습니다(전체 {page.total_count}건, "
                f"마지막 쪽 {math.ceil(page.total_count / query.numOfRows)}쪽)."
            )
        else:
            message = "조건에 맞는 자료가 없습니다."
        return answer(ResultCode.NO_DATA, message, page)
    return answer(ResultCode.NORMAL, None, page)


# ---------------------------------------------------------------------------------------------
# Operations: one per table, and its CSV


def _register(table: str, title: str) -> None:
    def rows(request, query: Query[TableQuery]):
        return table_answer(request, table, query)

    def csv(request, query: Query[EditionQuery]):
        return downloads.csv_response(table, table_rows(table, editions(selection(query))))

    rows.__name__, csv.__name__ = f"list_{table}", f"csv_{table}"
    api.get(
        f"/{table}",
        response=envelope_schema(table),
        summary=f"{title} 목록",
        tags=[title],
        url_name=f"{table}",
    )(rows)
    api.get(
        f"/{table}.csv",
        summary=f"{title} CSV 내려받기(UTF-8, BOM)",
        tags=[title],
        url_name=f"{table}_csv",
        openapi_extra={
            "responses": {
                200: {
                    "description": "CSV 파일",
                    "content": {"text/csv": {"schema": {"type": "string"}}},
                }
            }
        },
    )(csv)


for _table, (_title, _build) in TABLES.items():
    _register(_table, _title)
