"""The public side: what a council member or citizen can open, find and read."""

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from personnel.models import StaffProfile
from plans.models import PlanStatus, Section
from tests.factories import TaskCardFactory
from tests.helpers import text_of
from tests.publishing import build_plan, republish

pytestmark = pytest.mark.django_db


def test_home_lists_published_plans_only():
    published = build_plan(cards=1)
    draft = build_plan(cards=1, published=False)
    response = Client().get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert published.get_absolute_url() in html
    assert draft.get_absolute_url() not in html


def test_plan_and_card_pages_open_with_links_between_them(client):
    plan = build_plan(cards=3)
    page = client.get(plan.get_absolute_url())
    assert page.status_code == 200
    card = plan.cards.get(number=2)
    assert card.get_absolute_url() in page.content.decode()
    detail = client.get(card.get_absolute_url())
    assert detail.status_code == 200
    html = detail.content.decode()
    assert plan.cards.get(number=1).get_absolute_url() in html  # previous
    assert plan.cards.get(number=3).get_absolute_url() in html  # next
    assert html.count("<h1") == 1


def test_unknown_plans_and_cards_are_404(client):
    plan = build_plan(cards=1)
    assert client.get(f"/plans/{plan.year}/없는과/").status_code == 404
    assert client.get(plan.get_absolute_url() + "IV-99/").status_code == 404
    assert client.get(plan.get_absolute_url() + "VII-1/").status_code == 404


@pytest.mark.parametrize(
    "status", [PlanStatus.DRAFT, PlanStatus.IN_REVIEW, PlanStatus.APPROVED, PlanStatus.WITHDRAWN]
)
def test_unpublished_plans_are_404_to_the_public_even_by_guessed_address(client, status):
    plan = build_plan(cards=1, published=False)
    plan.status = status
    plan.save()
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(plan.cards.get().get_absolute_url()).status_code == 404
    search = client.get(reverse("plans:search"), {"q": "과제"})
    assert plan.cards.get().get_absolute_url() not in search.content.decode()


def test_staff_preview_unpublished_plans_under_a_banner(client):
    plan = build_plan(cards=1, published=False)
    staff = User.objects.create_user("editor", password="x", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_workplan"))
    StaffProfile.objects.create(user=staff, team=plan.cards.get().team)
    client.force_login(staff)
    response = client.get(plan.get_absolute_url(), follow=True)
    assert response.redirect_chain == [(f"{plan.get_absolute_url()}preview/", 302)]
    assert "미리보기" in text_of(response)
    preview_card = f"{plan.get_absolute_url()}preview/{plan.cards.get().code}/"
    assert client.get(preview_card).status_code == 200


def test_staff_without_permission_cannot_preview(client):
    plan = build_plan(cards=1, published=False)
    client.force_login(User.objects.create_user("clerk", password="x", is_staff=True))
    assert client.get(plan.get_absolute_url()).status_code == 404


def test_published_page_has_no_preview_banner(client):
    plan = build_plan(cards=1)
    assert "미리보기" not in text_of(client.get(plan.get_absolute_url()))


def test_filter_by_team_and_kind(client):
    plan = build_plan(cards=6)
    team = plan.cards.get(number=1).team
    response = client.get(plan.get_absolute_url(), {"team": team.pk})
    shown = set(re.findall(r'id="card-main-(\d+)"', response.content.decode()))
    assert shown == {str(c.number) for c in plan.cards.filter(team=team)}
    response = client.get(plan.get_absolute_url(), {"kind": "new"})
    shown = set(re.findall(r'id="card-main-(\d+)"', response.content.decode()))
    assert shown == {"2", "4", "6"}
    assert "과제 6개 중 3개가 조건에 맞습니다." in text_of(response)


def test_filter_by_text_names_the_matching_section(client):
    plan = build_plan(cards=2)
    card = plan.cards.get(number=2)
    item = card.plan_items.get(order=1)
    item.details = "주민자치회 임원 구성"
    item.save()
    republish(plan)
    response = client.get(plan.get_absolute_url(), {"q": "임원 구성"})
    html = response.content.decode()
    assert set(re.findall(r'id="card-main-(\d+)"', html)) == {"2"}
    assert "검색어가 있는 부분: 추진계획" in text_of(response)


@pytest.mark.parametrize(
    "query",
    [
        "가" * 5000,
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "%' UNION SELECT password FROM auth_user --",
        "ㅎㅎㅎ",
        "ㄱ",
        "\x00\x1f제어문자",
        "%_\\",
    ],
)
def test_search_and_filters_are_safe_with_any_input(client, query):
    plan = build_plan(cards=2)
    for url in [reverse("plans:search"), plan.get_absolute_url()]:
        response = client.get(url, {"q": query})
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
    assert client.get(plan.get_absolute_url(), {"team": query, "kind": query}).status_code == 200


def test_search_finds_cards_across_plans_and_names_the_section(client):
    plan = build_plan(cards=2)
    card = plan.cards.get(number=1)
    card.expected_effects = "등기 반송료 예산 절감"
    card.save()
    republish(plan)
    response = client.get(reverse("plans:search"), {"q": "반송료"})
    text = text_of(response)
    assert card.get_absolute_url() in response.content.decode()
    assert "일치: 기대효과" in text


def test_search_with_jamo_composes_like_the_stored_text(client):
    plan = build_plan(cards=1)
    card = plan.cards.get()
    card.title = "주민자치회 전면 실시"
    card.save()
    republish(plan)
    decomposed = "\u110c\u116e\u1106\u1175\u11ab"  # 주민 typed as conjoining jamo
    response = client.get(reverse("plans:search"), {"q": decomposed})
    assert card.get_absolute_url() in response.content.decode()


@pytest.mark.parametrize("url_name", ["plan", "card", "home", "search", "pdf", "xlsx"])
def test_queries_do_not_grow_with_the_plan(client, django_assert_num_queries, url_name):
    def url_for(plan):
        args = [plan.year, plan.department.slug]
        return {
            "plan": plan.get_absolute_url(),
            "card": plan.cards.get(number=2).get_absolute_url(),
            "home": "/",
            "search": reverse("plans:search") + "?q=과제",
            "pdf": reverse("plans:report_pdf", args=args),
            "xlsx": reverse("plans:report_xlsx", args=args),
        }[url_name]

    small = build_plan(cards=2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(url_for(small)).status_code == 200
    large = build_plan(cards=60)
    with django_assert_num_queries(len(small_queries)):
        assert client.get(url_for(large)).status_code == 200


def test_special_cards_get_their_own_chapter(client):
    plan = build_plan(cards=1)
    special = TaskCardFactory(
        plan=plan, section=Section.SPECIAL, number=1, title="우편모아시스템 도입"
    )
    republish(plan)
    response = client.get(plan.get_absolute_url())
    assert "V. 특수시책" in text_of(response)
    assert client.get(special.get_absolute_url()).status_code == 200
    assert special.get_absolute_url().endswith("/V-1/")


def test_search_results_show_the_phrase_in_its_context(client):
    plan = build_plan(cards=1)
    card = plan.cards.get()
    card.expected_effects = "환부 불필요 기능 활용으로 등기 반송료 예산 절감"
    card.save()
    republish(plan)
    html = client.get(reverse("plans:search"), {"q": "반송료"}).content.decode()
    assert "환부 불필요 기능 활용으로 등기 <mark>반송료</mark> 예산 절감" in html


def test_search_snippets_escape_stored_html(client):
    plan = build_plan(cards=1)
    card = plan.cards.get()
    card.expected_effects = "<b>굵게</b> 반송료"
    card.save()
    republish(plan)
    html = client.get(reverse("plans:search"), {"q": "반송료"}).content.decode()
    assert "&lt;b&gt;굵게&lt;/b&gt; <mark>반송료</mark>" in html


def test_public_pages_answer_head_requests(client):
    plan = build_plan(cards=1)
    for url in ["/", plan.get_absolute_url(), plan.cards.get().get_absolute_url(), "/search/?q=x"]:
        assert client.head(url).status_code == 200


def test_error_pages_speak_korean():
    from django.template.loader import render_to_string

    assert "잠시 문제가 생겼습니다" in render_to_string("500.html")
    assert "권한이 없습니다" in render_to_string("403.html")
    assert "잘못된 요청입니다" in render_to_string("400.html")


@pytest.mark.parametrize(
    ("query", "cards", "section"),
    [
        ("871-3175", {"IV-3", "V-1"}, "담당"),
        ("행정7급", None, "담당"),
        ("대외협력팀", {"IV-7", "IV-8"}, "담당"),
        ("근로자전용", {"IV-6"}, "추진계획"),
        ("행정안전부 승인", {"IV-6"}, "추진계획"),
    ],
)
def test_search_finds_everything_a_card_prints(client, query, cards, section):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    response = client.get(reverse("plans:search"), {"q": query})
    found = set(re.findall(r"/plans/2023/[^/]+/((?:IV|V)-\d+)/", response.content.decode()))
    if cards is None:
        assert len(found) >= 5
    else:
        assert found == cards
    matched = re.findall(r"일치: ([^ ]+(?:, [^ ]+)*)", text_of(response))
    assert matched and all(section in names.split(", ") for names in matched)


def test_search_keeps_the_newest_plans_when_there_are_many_hits(client):
    older = build_plan(cards=3)
    older.year = 2020
    older.save()
    republish(older)
    newer = build_plan(cards=3)
    response = client.get(reverse("plans:search"), {"q": "과제"})
    html = response.content.decode()
    assert html.index(newer.cards.first().get_absolute_url()) < html.index(
        older.cards.first().get_absolute_url()
    )
