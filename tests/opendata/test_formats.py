"""The other forms of the data: CSV in UTF-8 with a BOM and Korean headings, the Atom feed of
publications read with feedparser, the iCalendar feed read back with icalendar, and the OpenAPI
document valid by openapi-spec-validator; and the 공공데이터 page linked from every page."""

import csv
import datetime
import io

import feedparser
import pytest
from icalendar import Calendar
from openapi_spec_validator import validate

from plans.models import PlanItem, TaskCard
from plans.opendata.calendar import month_spans
from plans.opendata.downloads import HEADINGS
from plans.opendata.tables import COLUMNS
from plans.rules.schedules import parse_schedule
from tests.opendata.conftest import header_and_body
from tests.publishing import build_plan, republish

pytestmark = pytest.mark.django_db


def test_csv_has_the_bom_korean_headings_and_the_api_rows(client, db):
    build_plan(cards=3)
    _, body = header_and_body(client.get("/api/funding?numOfRows=1000"))
    response = client.get("/api/funding.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    items = body["items"]["item"]
    assert rows[0] == [HEADINGS[key] for key in items[0]]
    assert len(rows) == 1 + body["totalCount"] == 1 + 3 * 2  # two funding rows a card
    assert [row[rows[0].index("재원")] for row in rows[1:]] == [i["source"] for i in items]
    assert [row[rows[0].index("계")] for row in rows[1:]] == [str(i["total"]) for i in items]


def test_csv_escapes_text_a_spreadsheet_would_run(client, db):
    plan = build_plan(cards=1, published=False)
    TaskCard.objects.filter(plan=plan).update(title="=HYPERLINK(1)")
    republish(plan)
    rows = list(csv.reader(io.StringIO(client.get("/api/cards.csv").content.decode("utf-8-sig"))))
    assert rows[1][rows[0].index("과제명")] == "'=HYPERLINK(1)"


def test_the_atom_feed_lists_each_publication(client, db):
    first, second = build_plan(cards=1), build_plan(cards=1)
    republish(second)
    feed = feedparser.parse(client.get("/opendata/publications.atom").content)
    assert feed.bozo == 0
    assert feed.feed.title == "업무계획 포털: 새로 게시된 주요업무계획"
    versions = [*second.versions.order_by("-number"), *first.versions.all()]
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver{version.get_absolute_url()}" for version in versions
    ]
    assert feed.entries[0].title == (
        f"2023년 {second.department.name} 주요업무계획 ({versions[0].label})"
    )


def test_the_calendar_holds_sessions_and_dated_plan_items_only(client, db):
    plan = build_plan(cards=1, published=False)
    card = TaskCard.objects.get(plan=plan)
    PlanItem.objects.filter(card=card).delete()
    for order, schedule in enumerate(["'23. 5. ~ 9.", "3월, 9월", "연중", "하반기"], start=1):
        PlanItem.objects.create(card=card, order=order, text=f"계획 {order}", schedule=schedule)
    republish(plan)

    calendar = Calendar.from_ical(client.get("/opendata/calendar.ics").content)
    events = sorted(
        (str(event["summary"]), event.decoded("dtstart"), event.decoded("dtend"))
        for event in calendar.walk("VEVENT")
    )
    prefix = f"[{plan.department.name} {card.code}]"
    session = plan.session
    assert events == sorted([
        (f"{session.organization.name}의회 {session}", session.start_date,
         session.end_date + datetime.timedelta(days=1)),
        (f"{prefix} 계획 1", datetime.date(2023, 5, 1), datetime.date(2023, 10, 1)),
        (f"{prefix} 계획 2", datetime.date(2023, 3, 1), datetime.date(2023, 4, 1)),
        (f"{prefix} 계획 2", datetime.date(2023, 9, 1), datetime.date(2023, 10, 1)),
        (f"{prefix} 계획 4", datetime.date(2023, 7, 1), datetime.date(2024, 1, 1)),
    ])  # fmt: skip
    assert "날짜가 정해지지 않은 추진계획은 달력에 넣지 않았습니다" in str(calendar["x-wr-caldesc"])


@pytest.mark.parametrize(
    ("schedule", "spans"),
    [
        ("'23. 11. ~ '24. 2.", [((2023, 11), (2024, 3))]),
        ("'23. 12.", [((2023, 12), (2024, 1))]),
        ("2/4분기", [((2023, 4), (2023, 7))]),
        ("2022. ~ 2023.", [((2022, 1), (2024, 1))]),
        ("매월", []),
        ("설·추석 명절", []),
    ],
)
def test_month_spans_of_each_kind_of_schedule(schedule, spans):
    found = month_spans(parse_schedule(schedule, default_year=2023), year=2023)
    assert [((s.year, s.month), (e.year, e.month)) for s, e in found] == spans
    assert all(s.day == e.day == 1 for s, e in found)


def test_the_openapi_document_is_valid_and_lists_every_table(client, db):
    spec = client.get("/api/openapi.json").json()
    validate(spec)
    for table in ("sessions", "plans", "cards", "budget", "staffing", "funding"):
        assert f"/api/{table}" in spec["paths"]
        assert f"/api/{table}.csv" in spec["paths"]
    names = [p["name"] for p in spec["paths"]["/api/cards"]["get"]["parameters"]]
    assert {"pageNo", "numOfRows", "resultType", "year", "department", "version"} <= set(names)


def test_the_docs_page_loads_its_assets_from_this_site(client, db):
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_the_footer_links_the_open_data_page(client, db):
    home = client.get("/").content.decode()
    assert 'href="/opendata/"' in home
    guide = client.get("/opendata/").content.decode()
    for address in ("/api/cards", "/api/cards.csv", "/api/docs", "/opendata/calendar.ics",
                    "/opendata/publications.atom"):  # fmt: skip
        assert f'href="{address}"' in guide


def test_every_row_has_its_tables_columns_in_order(client, db, settings):
    settings.OPENDATA_THROTTLE_RATE = "1000/m"
    build_plan(cards=2)
    for table, columns in COLUMNS.items():
        _, body = header_and_body(client.get(f"/api/{table}?numOfRows=1000"))
        assert body["totalCount"] > 0, table
        assert {tuple(item) for item in body["items"]["item"]} == {columns}, table


def test_a_csv_without_rows_still_has_its_headings(client, db):
    response = client.get("/api/cards.csv?year=2030")
    text = response.content.decode("utf-8-sig")
    assert text == ",".join(HEADINGS[key] for key in COLUMNS["cards"]) + "\r\n"


def test_the_api_root_leads_to_the_open_data_page(client, db):
    response = client.get("/api/")
    assert response.status_code == 302
    assert response["Location"] == "/opendata/"
