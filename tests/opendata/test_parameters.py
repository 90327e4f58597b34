"""Bad parameters answer 400 with resultCode 10 and a Korean message naming the parameter, in
the same envelope; the XML form answers XML."""

import xml.etree.ElementTree as ElementTree

import pytest

from tests.opendata.conftest import header_and_body
from tests.publishing import build_plan

pytestmark = pytest.mark.django_db

BAD = [
    ("pageNo=abc", "요청 파라미터 pageNo의 값이 올바르지 않습니다: 정수여야 합니다."),
    ("pageNo=0", "요청 파라미터 pageNo의 값이 올바르지 않습니다: 1 이상이어야 합니다."),
    ("numOfRows=1001", "요청 파라미터 numOfRows의 값이 올바르지 않습니다: 1000 이하여야 합니다."),
    ("numOfRows=0", "요청 파라미터 numOfRows의 값이 올바르지 않습니다: 1 이상이어야 합니다."),
    ("resultType=csv",
     "요청 파라미터 resultType의 값이 올바르지 않습니다: json, xml 중 하나여야 합니다."),
    ("year=이천", "요청 파라미터 year의 값이 올바르지 않습니다: 정수여야 합니다."),
    ("year=1999", "요청 파라미터 year의 값이 올바르지 않습니다: 2000 이상이어야 합니다."),
    ("version=1", "요청 파라미터 version은 year, department와 함께 지정해야 합니다."),
    ("version=1&year=2023", "요청 파라미터 version은 year, department와 함께 지정해야 합니다."),
]  # fmt: skip


@pytest.mark.parametrize(("query", "message"), BAD)
def test_a_bad_parameter_is_refused_with_code_10_naming_it(client, db, query, message):
    response = client.get(f"/api/cards?{query}")
    header, body = header_and_body(response)
    assert response.status_code == 400
    assert header == {"resultCode": "10", "resultMsg": message}
    assert body == {}


def test_the_csv_download_refuses_a_bad_parameter_the_same_way(client, db):
    response = client.get("/api/cards.csv?year=abc")
    header, _ = header_and_body(response)
    assert response.status_code == 400
    assert header["resultCode"] == "10"
    assert "year" in header["resultMsg"]


def test_a_refusal_asked_in_xml_is_xml(client, db):
    response = client.get("/api/cards?resultType=xml&numOfRows=5000")
    root = ElementTree.fromstring(response.content)
    assert response.status_code == 400
    assert root.findtext("header/resultCode") == "10"
    assert "numOfRows" in root.findtext("header/resultMsg")


def test_the_portal_clients_service_key_is_accepted(client, db):
    build_plan(cards=1)
    header, body = header_and_body(client.get("/api/plans?serviceKey=abc&numOfRows=1"))
    assert header["resultCode"] == "00"
    assert body["totalCount"] == 1


def test_year_and_department_narrow_the_rows(client, db):
    plan, _other = build_plan(cards=1), build_plan(cards=1)
    slug = plan.department.slug
    _, body = header_and_body(client.get(f"/api/plans?year=2023&department={slug}"))
    assert [item["departmentSlug"] for item in body["items"]["item"]] == [slug]
    header, _ = header_and_body(client.get("/api/plans?year=2024"))
    assert header["resultCode"] == "03"


def test_an_address_naming_no_operation_answers_code_12(client, db):
    response = client.get("/api/teams?resultType=xml")
    root = ElementTree.fromstring(response.content)
    assert response.status_code == 404
    assert root.findtext("header/resultCode") == "12"
    assert root.findtext("header/resultMsg") == "'teams': 없는 오픈API 서비스입니다."


def test_a_fault_of_the_service_answers_code_01(client, db, monkeypatch, caplog):
    def broken(selection):
        raise RuntimeError("고장")

    monkeypatch.setattr("plans.opendata.api.editions", broken)
    response = client.get("/api/cards")
    header, _ = header_and_body(response)
    assert response.status_code == 500
    assert header == {"resultCode": "01", "resultMsg": "서비스 처리 중 오류가 발생했습니다."}
    assert "공공데이터 API 요청 /api/cards을(를) 처리하지 못했습니다." in caplog.text
