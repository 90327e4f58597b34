"""Paging in the national portal's convention: pageNo from 1, numOfRows (10 by default, 1000
at most), totalCount of every row, the last page partly filled, and a page past the last one
answered with NODATA (03) and the count."""

import math
import xml.etree.ElementTree as ElementTree

import pytest

from plans.workflow.freezing import frozen_report
from tests.opendata.conftest import header_and_body

pytestmark = pytest.mark.django_db


def demo_cards(plan):
    plan.refresh_from_db()
    return frozen_report(plan.public_version).report.cards


def test_first_page_counts_every_card_and_defaults_to_ten_rows(client, demo_plan):
    cards = demo_cards(demo_plan)
    header, body = header_and_body(client.get("/api/cards"))
    assert header == {"resultCode": "00", "resultMsg": "정상"}
    assert body["totalCount"] == len(cards)
    assert body["pageNo"] == 1
    assert body["numOfRows"] == 10
    assert [item["cardCode"] for item in body["items"]["item"]] == [
        view.code for view in cards[:10]
    ]


def test_pages_walk_the_rows_in_order_and_the_last_page_holds_the_rest(client, demo_plan):
    codes = [view.code for view in demo_cards(demo_plan)]
    size = 4
    last = math.ceil(len(codes) / size)
    seen = []
    for page in range(1, last + 1):
        header, body = header_and_body(client.get(f"/api/cards?pageNo={page}&numOfRows={size}"))
        assert header["resultCode"] == "00"
        assert body["totalCount"] == len(codes)
        seen.extend(item["cardCode"] for item in body["items"]["item"])
    assert seen == codes
    _, body = header_and_body(client.get(f"/api/cards?pageNo={last}&numOfRows={size}"))
    assert len(body["items"]["item"]) == len(codes) - size * (last - 1)


def test_a_page_past_the_last_is_nodata_with_the_count(client, demo_plan):
    total = len(demo_cards(demo_plan))
    beyond = math.ceil(total / 4) + 1
    response = client.get(f"/api/cards?pageNo={beyond}&numOfRows=4")
    header, body = header_and_body(response)
    assert response.status_code == 200
    assert header["resultCode"] == "03"
    assert f"전체 {total}건" in header["resultMsg"]
    assert body["items"]["item"] == []
    assert body["totalCount"] == total


def test_no_published_plan_is_nodata(client, db):
    header, body = header_and_body(client.get("/api/plans"))
    assert header["resultCode"] == "03"
    assert header["resultMsg"] == "조건에 맞는 자료가 없습니다."
    assert body["totalCount"] == 0


def test_xml_pages_carry_the_same_rows_as_json(client, demo_plan):
    _, body = header_and_body(client.get("/api/budget?numOfRows=1000"))
    response = client.get("/api/budget?numOfRows=1000&resultType=xml")
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    assert root.findtext("header/resultCode") == "00"
    assert root.findtext("header/resultMsg") == "정상"
    assert int(root.findtext("body/totalCount")) == body["totalCount"]
    assert int(root.findtext("body/numOfRows")) == 1000
    assert int(root.findtext("body/pageNo")) == 1
    items = root.findall("body/items/item")
    assert len(items) == body["totalCount"]
    for element, item in zip(items, body["items"]["item"], strict=True):
        assert element.findtext("heading") == item["heading"]
        assert element.findtext("amount") == str(item["amount"])
        assert element.findtext("isTotal") == ("true" if item["isTotal"] else "false")
