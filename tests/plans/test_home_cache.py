"""The home page from the page cache: a request costs one query and renders nothing, and an edit to
anything the page prints (plans.public.listing.HOME_LISTING_FIELDS) shows at the next request,
without waiting for the cache."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.test import Client

from plans.models import SessionKind, WorkPlan
from plans.public import views
from plans.report.release import RELEASE_FILES
from plans.workflow.services import plan_withdraw
from tests.factories import BureauFactory
from tests.publishing import build_plan, publish_now
from tests.workflow.helpers import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans():
    """Two published plans of one county, in two departments of one bureau, presented to two
    sessions that open the same day (so the bureau and department orders decide the order)."""
    first, second = build_plan(cards=1), build_plan(cards=1)
    second.department.bureau = first.department.bureau
    second.department.save()
    return WorkPlan.objects.get(pk=first.pk), WorkPlan.objects.get(pk=second.pk)


def home() -> str:
    response = Client().get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_cached_home_page_costs_one_query_and_renders_nothing(plans, django_assert_num_queries):
    client = Client()
    first = client.get("/")
    assert [t.name for t in first.templates][:1] == ["plans/home.html"]
    with django_assert_num_queries(1):  # the digest; the body comes from the page cache
        again = client.get("/")
    assert again.templates == []
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    # The page ignores its query string, and so does its cache: one entry, not one per URL.
    assert client.get("/?utm_source=문자")["ETag"] == first["ETag"]
    assert client.get("/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def rename_department(first, second):
    first.department.name = "자치행정과(개칭)"
    first.department.save()
    return "자치행정과(개칭)"


def rename_bureau(first, second):
    first.department.bureau.name = "행정안전국"
    first.department.bureau.save()
    return "행정안전국"


def rename_organization(first, second):
    organization = first.public_version.session.organization
    organization.name = "음성군(개칭)"
    organization.save()
    return "음성군(개칭)의회"


def change_slug(first, second):
    first.department.slug = "jachi-haengjeong"
    first.department.save()
    return "/plans/2023/jachi-haengjeong/"


def renumber_session(first, second):
    session = first.public_version.session
    session.number = 999
    session.save()
    return "제999회 임시회"


def change_session_kind(first, second):
    session = first.public_version.session
    session.kind = SessionKind.REGULAR
    session.save()
    return f"제{session.number}회 정례회"


def move_session_start(first, second):
    session = first.public_version.session
    session.start_date = datetime.date(2023, 2, 15)
    session.save()
    return "2023. 2. 15.(수) ~ 2. 23.(목)"


def extend_session(first, second):
    session = first.public_version.session
    session.end_date = datetime.date(2023, 2, 24)
    session.save()
    return "2023. 2. 16.(목) ~ 2. 24.(금)"


def change_year(first, second):
    WorkPlan.objects.filter(pk=first.pk).update(year=2024)
    return WorkPlan.objects.get(pk=first.pk).get_absolute_url()


def publish_another(first, second):
    third = build_plan(cards=1)
    return third.get_absolute_url()


@pytest.mark.parametrize(
    "edit",
    [
        rename_department,
        rename_bureau,
        rename_organization,
        change_slug,
        renumber_session,
        change_session_kind,
        move_session_start,
        extend_session,
        change_year,
        publish_another,
    ],
)
def test_an_edit_to_what_the_home_page_prints_shows_at_once(plans, edit):
    before = home()
    assert home() == before  # now cached
    printed = edit(*plans)
    assert printed not in before
    assert printed in home()


def positions(page: str, *plans: WorkPlan) -> list[int]:
    return [page.index(f'href="{plan.get_absolute_url()}"') for plan in plans]


def swap_orders(a, b):
    """Swap two rows' order numbers, which are unique among their siblings."""
    a_order, b_order = a.order, b.order
    a.order = max(a_order, b_order) + 1
    a.save()
    b.order = a_order
    b.save()
    a.order = b_order
    a.save()


@pytest.mark.parametrize("level", ["bureau", "department"])
def test_a_new_order_shows_at_once(plans, level):
    first, second = plans
    if level == "bureau":
        # Bureaus order the plans of sessions that open the same day.
        second.department.bureau = BureauFactory(organization=first.department.bureau.organization)
        second.department.save()
    a, b = (
        plan.department.bureau if level == "bureau" else plan.department for plan in (first, second)
    )
    if a.order > b.order:
        swap_orders(a, b)
    before = positions(home(), first, second)
    assert before[0] < before[1]
    swap_orders(a, b)
    after = positions(home(), first, second)
    assert after[0] > after[1]


def test_a_plan_republished_to_another_session_moves_at_once(plans):
    """A plan is listed under the session its public version was presented to."""
    first, second = plans
    old_session = first.public_version.session
    assert f'id="session-{old_session.pk}"' in home()
    first.session = second.session
    first.save()
    publish_now(first)
    page = home()
    assert f'id="session-{old_session.pk}"' not in page  # no plan is left under it
    assert positions(page, first, second)


def test_a_page_built_while_its_listing_changed_is_not_kept(plans, monkeypatch):
    """The digest and the listing are two reads: an edit between them gives a body newer than
    its key, which must not be stored (undoing the edit would bring it back) nor tagged."""
    first, _ = plans
    department = first.department
    original_name = department.name
    listing = views.published_plans_by_session

    def listing_after_a_rename():
        department.name = "자치행정과(개칭)"
        department.save()
        return listing()

    monkeypatch.setattr(views, "published_plans_by_session", listing_after_a_rename)
    response = Client().get("/")
    assert "자치행정과(개칭)" in response.content.decode()
    assert not response.has_header("ETag")
    assert "no-store" in response["Cache-Control"]
    monkeypatch.setattr(views, "published_plans_by_session", listing)

    department.name = original_name
    department.save()
    page = home()
    assert "자치행정과(개칭)" not in page and original_name in page


def test_a_new_release_is_a_new_page(plans, monkeypatch):
    client = Client()
    etag = client.get("/")["ETag"]
    monkeypatch.setattr(views, "release", lambda: "a-later-release")
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_release_covers_every_template_script_and_stylesheet_a_page_carries():
    """A page includes or links each of them: one edited without a new release would be served
    in an old page (a stale script name, or an inline script the new policy's digest blocks)."""
    base = settings.BASE_DIR
    covered = {path for folder, pattern in RELEASE_FILES for path in (base / folder).glob(pattern)}
    carried = [
        *(base / "templates").rglob("*"),
        *(base / "static" / "js").glob("*.js"),
        *(base / "static" / "css").glob("*.css"),
    ]
    assert [str(path) for path in carried if path.is_file() and path not in covered] == []


def test_a_withdrawn_plan_leaves_the_home_page_at_once(plans):
    first, _ = plans
    assert first.get_absolute_url() in home()
    plan_withdraw(plan=first, user=staff("root", team=None, superuser=True), note="철회 사유")
    assert first.get_absolute_url() not in home()


def test_a_new_version_of_a_listed_plan_keeps_the_page(plans):
    """A republication with the same session lists the plan as before: same body, same tag."""
    first, _ = plans
    client = Client()
    etag = client.get("/")["ETag"]
    publish_now(WorkPlan.objects.get(pk=first.pk))
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304
