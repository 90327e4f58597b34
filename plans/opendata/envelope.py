"""The national open-data portal's answer shape and result codes (공공데이터포털 OpenAPI 에러코드).

Every answer, a page of rows or a refusal, is

    {"response": {"header": {"resultCode": "00", "resultMsg": "정상"},
                  "body": {"items": {"item": [...]}, "numOfRows": 10, "pageNo": 1,
                           "totalCount": 42}}}

in JSON, and the same tree in XML (``<response><header>…<body><items><item>…``), as the
portal's APIs answer; a refusal has an empty body. The codes are the portal's common list, of
which this API can answer the ones in ``ResultCode``; a client that handles the portal's codes
handles these."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from xml.etree import ElementTree

from plans.opendata.tables import Row


class ResultCode(StrEnum):
    NORMAL = "00"  # NORMAL_SERVICE
    APPLICATION_ERROR = "01"  # APPLICATION_ERROR: a fault of this service
    NO_DATA = "03"  # NODATA_ERROR
    INVALID_PARAMETER = "10"  # INVALID_REQUEST_PARAMETER_ERROR
    NO_SERVICE = "12"  # NO_OPENAPI_SERVICE_ERROR: no such operation
    TOO_MANY_REQUESTS = "22"  # LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR


RESULT_MESSAGES = {
    ResultCode.NORMAL: "정상",
    ResultCode.APPLICATION_ERROR: "서비스 처리 중 오류가 발생했습니다.",
    ResultCode.NO_DATA: "조건에 맞는 자료가 없습니다.",
    ResultCode.INVALID_PARAMETER: "잘못된 요청 파라미터입니다.",
    ResultCode.NO_SERVICE: "해당 오픈API 서비스가 없습니다.",
    ResultCode.TOO_MANY_REQUESTS: "서비스 요청 제한 횟수를 초과했습니다.",
}

DEFAULT_ROWS = 10
MAX_ROWS = 1000
RESULT_TYPES = ("json", "xml")


@dataclass(frozen=True)
class Page:
    items: list[Row]
    num_of_rows: int
    page_no: int
    total_count: int


def page_of(rows: list[Row], *, page_no: int, num_of_rows: int) -> Page:
    start = (page_no - 1) * num_of_rows
    return Page(rows[start : start + num_of_rows], num_of_rows, page_no, len(rows))


def answer(code: ResultCode, message: str | None = None, page: Page | None = None) -> dict:
    """The answer tree; a refusal (no page) has an empty body."""
    body: dict = {}
    if page is not None:
        body = {
            "items": {"item": page.items},
            "numOfRows": page.num_of_rows,
            "pageNo": page.page_no,
            "totalCount": page.total_count,
        }
    header = {"resultCode": code.value, "resultMsg": message or RESULT_MESSAGES[code]}
    return {"response": {"header": header, "body": body}}


def to_json(tree: dict) -> str:
    return json.dumps(tree, ensure_ascii=False)


def _append(parent: ElementTree.Element, name: str, value) -> None:
    element = ElementTree.SubElement(parent, name)
    if isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(inner, list):  # {"item": [...]}: one element per entry
                for entry in inner:
                    _append(element, key, entry)
            else:
                _append(element, key, inner)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def to_xml(tree: dict) -> bytes:
    """The answer as XML: a None is an empty element, a bool true/false."""
    ((name, value),) = tree.items()
    root = ElementTree.Element(name)
    for key, inner in value.items():
        _append(root, key, inner)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
