"""Each client is throttled (429, Retry-After, resultCode 22) while others are not, and a page
of any table costs the same number of queries whatever the number of plans."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.opendata.editions import forget_decoded
from plans.opendata.tables import TABLES
from tests.opendata.conftest import header_and_body
from tests.publishing import build_plan

pytestmark = pytest.mark.django_db


def test_a_client_past_the_rate_gets_429_with_retry_after(client, db, settings):
    settings.OPENDATA_THROTTLE_RATE = "3/m"
    for _ in range(3):
        assert client.get("/api/plans").status_code == 200
    response = client.get("/api/plans?resultType=json")
    header, _ = header_and_body(response)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert header["resultCode"] == "22"
    assert f"{response['Retry-After']}초 뒤에" in header["resultMsg"]
    assert client.get("/api/plans", REMOTE_ADDR="10.0.0.2").status_code == 200


ADDRESSES = [
    *(f"/api/{table}?numOfRows=1000" for table in TABLES),
    *(f"/api/{table}.csv" for table in TABLES),
    "/opendata/calendar.ics",
    "/opendata/publications.atom",
]


def queries_per_table(client) -> dict[str, int]:
    counts = {}
    for address in ADDRESSES:
        forget_decoded()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        counts[address] = len(queries)
    return counts


def test_queries_do_not_grow_with_the_number_of_plans(client, db, settings):
    settings.OPENDATA_THROTTLE_RATE = "1000/m"
    build_plan(cards=2)
    one = queries_per_table(client)
    build_plan(cards=2)
    build_plan(cards=3)
    three = queries_per_table(client)
    assert one == three
    assert max(three.values()) <= 2


def test_a_forwarded_for_header_does_not_escape_the_count(client, db, settings):
    settings.OPENDATA_THROTTLE_RATE = "2/m"
    statuses = [
        client.get("/api/plans", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}").status_code for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_behind_one_proxy_its_forwarded_address_is_the_client(client, db, settings):
    settings.OPENDATA_THROTTLE_RATE = "1/m"
    settings.NINJA_NUM_PROXIES = 1
    first = client.get("/api/plans", HTTP_X_FORWARDED_FOR="203.0.113.1")
    again = client.get("/api/plans", HTTP_X_FORWARDED_FOR="203.0.113.1")
    other = client.get("/api/plans", HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert [first.status_code, again.status_code, other.status_code] == [200, 429, 200]
