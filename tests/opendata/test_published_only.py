"""Only published versions reach open data: a draft plan and an edit made after publication
appear in no answer of any endpoint, page or format; the current edition is read by default
and an earlier one by its number; a withdrawn version is read by nobody."""

import json

import pytest
from django.utils import timezone

from plans.models import PlanItem, PublishedVersion, TaskCard, WorkPlan
from plans.opendata.tables import TABLES
from tests.opendata.conftest import header_and_body
from tests.publishing import build_plan, republish

pytestmark = pytest.mark.django_db

MARKER = "비공개표식QX7"


def readable(response) -> str:
    """The answer as text a reader would see: JSON with its Korean unescaped, iCalendar lines
    unfolded (a long line is folded mid-word)."""
    text = response.content.decode("utf-8")
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(json.loads(text), ensure_ascii=False)
    return text.replace("\r\n ", "")


def every_answer(client, plan: WorkPlan) -> dict[str, str]:
    """Every open-data address, each table in every format and page by page."""
    slug = plan.department.slug
    queries = ["", f"?year={plan.year}&department={slug}&version=1"]
    answers = {}
    for table in TABLES:
        for query in queries:
            glue = "&" if query else "?"
            for form in ("json", "xml"):
                url = f"/api/{table}{query}{glue}numOfRows=1000&resultType={form}"
                answers[url] = readable(client.get(url))
            answers[f"/api/{table}.csv{query}"] = readable(client.get(f"/api/{table}.csv{query}"))
            _, body = header_and_body(client.get(f"/api/{table}{query}"))
            for page in range(1, body["totalCount"] + 2):
                url = f"/api/{table}{query}{glue}numOfRows=1&pageNo={page}"
                answers[url] = readable(client.get(url))
    for url in ("/opendata/", "/opendata/publications.atom", "/opendata/calendar.ics",
                "/api/openapi.json", "/api/docs"):  # fmt: skip
        answers[url] = readable(client.get(url))
    return answers


def test_no_draft_and_no_later_edit_appears_anywhere(client, settings):
    settings.OPENDATA_THROTTLE_RATE = "100000/m"
    plan = build_plan(cards=2)
    published_title = TaskCard.objects.filter(plan=plan).first().title
    # An edit after publication, not published: the working rows only.
    TaskCard.objects.filter(plan=plan, number=1).update(title=f"{MARKER} 고친 제목")
    PlanItem.objects.filter(card__plan=plan).update(text=f"{MARKER} 고친 계획")
    WorkPlan.objects.filter(pk=plan.pk).update(policy_goal=f"{MARKER} 목표")
    # A plan never published, with a dated plan item the calendar would show.
    draft = build_plan(cards=2, published=False)
    TaskCard.objects.filter(plan=draft).update(title=f"{MARKER} 초안 과제")
    PlanItem.objects.filter(card__plan=draft).update(text=f"{MARKER} 초안 계획")
    WorkPlan.objects.filter(pk=draft.pk).update(policy_goal=f"{MARKER} 초안 목표")

    answers = every_answer(client, plan)

    assert len(answers) > 60
    assert [url for url, text in answers.items() if MARKER in text] == []
    # The walk read the published version: its card title is in the cards' answers.
    assert published_title in answers["/api/cards?numOfRows=1000&resultType=json"]
    assert published_title in answers["/api/cards.csv"]


def test_the_current_edition_by_default_and_an_earlier_one_by_number(client, db):
    plan = build_plan(cards=1)
    card = TaskCard.objects.get(plan=plan)
    first_title = card.title
    TaskCard.objects.filter(pk=card.pk).update(title="둘째 판의 제목")
    republish(plan)
    slug = plan.department.slug

    _, current = header_and_body(client.get("/api/cards"))
    _, first = header_and_body(client.get(f"/api/cards?year=2023&department={slug}&version=1"))

    assert [(i["title"], i["versionNo"]) for i in current["items"]["item"]] == [
        ("둘째 판의 제목", 2)
    ]
    assert [(i["title"], i["versionNo"]) for i in first["items"]["item"]] == [(first_title, 1)]


def test_a_withdrawn_version_is_read_by_nobody(client, db):
    plan = build_plan(cards=1)
    PublishedVersion.objects.filter(plan=plan).update(withdrawn_at=timezone.now())
    slug = plan.department.slug
    header, _ = header_and_body(client.get(f"/api/cards?year=2023&department={slug}&version=1"))
    assert header["resultCode"] == "03"
    feed = client.get("/opendata/publications.atom").content.decode()
    assert "<entry>" not in feed
