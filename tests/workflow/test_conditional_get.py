"""Conditional requests on the public pages (plans.public.views): published editions and the pages
listing them carry an ETag (and Last-Modified where a version gives one) and may be kept by
caches that ask again; revalidating answers 304 until a publication changes what the public
sees. The staff preview is private and never 304."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date

from plans.models import PlanStatus, PublishedVersion, WorkPlan
from plans.workflow import services
from plans.workflow.services import plan_start_revision, plan_withdraw
from tests.helpers import text_of
from tests.publishing import publish_now
from tests.workflow.helpers import bring_to, publishable_plan, staff, team_of

pytestmark = pytest.mark.django_db

PAGES = ["plan", "card", "home", "search", "pdf", "xlsx"]
# Pages of one version, which say when it was published.
VERSIONED = {"plan", "card", "pdf", "xlsx"}


def with_files(version: PublishedVersion) -> PublishedVersion:
    """Give a version published without files stand-in ones (filled once, as a first download
    would), so these tests never wait for WeasyPrint."""
    version.pdf = f"%PDF-1.7 version {version.number}".encode()
    version.xlsx = f"PK version {version.number}".encode()
    version.save()
    return version


def published_plan() -> WorkPlan:
    plan = publishable_plan(cards=2)
    with_files(publish_now(plan))
    return WorkPlan.objects.get(pk=plan.pk)


def republish(plan: WorkPlan, title: str) -> PublishedVersion:
    card = plan.cards.get(number=1)
    card.title = title
    card.save()
    return with_files(publish_now(WorkPlan.objects.get(pk=plan.pk)))


def url_of(page: str, plan: WorkPlan) -> str:
    args = [plan.year, plan.department.slug]
    return {
        "plan": plan.get_absolute_url(),
        "card": plan.cards.get(number=1).get_absolute_url(),
        "home": reverse("plans:home"),
        "search": reverse("plans:search") + "?q=%EA%B3%BC%EC%A0%9C",  # 과제
        "pdf": reverse("plans:report_pdf", args=args),
        "xlsx": reverse("plans:report_xlsx", args=args),
    }[page]


def revalidate(client: Client, url: str, etag: str):
    return client.get(url, HTTP_IF_NONE_MATCH=etag)


@pytest.mark.parametrize("page", PAGES)
def test_public_pages_carry_validators_and_answer_304(page):
    plan = published_plan()
    version = plan.public_version
    client = Client()
    url = url_of(page, plan)
    response = client.get(url)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "no-cache"} <= cache_control
    if page in VERSIONED:
        assert response["Last-Modified"] == http_date(version.published_at.timestamp())

    again = revalidate(client, url, etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "public" in again["Cache-Control"]
    if page in VERSIONED:
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
        assert since.status_code == 304

    # A revalidation with another tag gets the page.
    assert revalidate(client, url, '"something-else"').status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_an_edit_without_publication_keeps_the_304(page):
    plan = published_plan()
    client = Client()
    url = url_of(page, plan)
    etag = client.get(url)["ETag"]
    plan_start_revision(plan=plan, user=staff("root", team=None, superuser=True))
    card = plan.cards.get(number=1)
    card.title = "공개되지 않은 과제명"
    card.save()
    assert revalidate(client, url, etag).status_code == 304
    assert "공개되지 않은 과제명" not in client.get(url).content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_a_new_publication_changes_the_etag(page):
    plan = published_plan()
    client = Client()
    url = url_of(page, plan)
    etag = client.get(url)["ETag"]
    republish(plan, "새로 게시한 과제명")
    response = revalidate(client, url, etag)
    if page == "home":
        # The home page's ETag names what it lists, which reads the same after a new version.
        assert response.status_code == 304
        return
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert revalidate(client, url, response["ETag"]).status_code == 304
    if page in {"plan", "card", "search"}:
        assert "새로 게시한 과제명" in text_of(response)


def test_withdrawing_changes_the_home_page_etag():
    plan = published_plan()
    client = Client()
    etag = client.get("/")["ETag"]
    plan_withdraw(plan=plan, user=staff("root", team=None, superuser=True), note="철회 사유")
    response = revalidate(client, "/", etag)
    assert response.status_code == 200
    assert plan.get_absolute_url() not in response.content.decode()


def test_each_version_has_its_own_etag():
    plan = published_plan()
    first = plan.public_version
    second = republish(plan, "두 번째 판의 과제명")
    client = Client()
    pages = {
        "v1": first.get_absolute_url(),
        "v2": second.get_absolute_url(),
        "current": plan.get_absolute_url(),
        "v1.pdf": f"{first.get_absolute_url()}report.pdf",
        "v2.pdf": f"{second.get_absolute_url()}report.pdf",
    }
    responses = {name: client.get(url) for name, url in pages.items()}
    assert all(response.status_code == 200 for response in responses.values())
    etags = {name: response["ETag"] for name, response in responses.items()}
    assert len(set(etags.values())) == len(etags)
    assert responses["v1.pdf"].content == b"%PDF-1.7 version 1"
    assert responses["v2.pdf"].content == b"%PDF-1.7 version 2"
    # Each tag revalidates its own address only.
    assert revalidate(client, pages["v1"], etags["v1"]).status_code == 304
    assert revalidate(client, pages["v1"], etags["v2"]).status_code == 200


def test_an_older_version_page_is_not_kept_once_a_newer_one_is_public(monkeypatch):
    """The page of version 1 says whether it is the public one and lists the versions: a cache
    revalidating it after version 2 is published (or withdrawn) must get the page that says
    so."""
    plan = published_plan()
    first = plan.public_version
    url = first.get_absolute_url()
    client = Client()
    before = client.get(url)
    assert "지난 게시본" not in text_of(before)
    assert before["Last-Modified"] == http_date(first.published_at.timestamp())

    # Version 2 an hour later (HTTP dates count whole seconds).
    later = first.published_at + datetime.timedelta(hours=1)
    monkeypatch.setattr(services, "timezone", SimpleNamespace(now=lambda: later))
    second = republish(plan, "두 번째 판의 과제명")
    after = revalidate(client, url, before["ETag"])
    assert after.status_code == 200
    assert "지난 게시본" in text_of(after)
    assert "제2판" in text_of(after)
    assert after["Last-Modified"] == http_date(second.published_at.timestamp())
    # Revalidating by date alone does not keep it either.
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"]).status_code == 200
    assert revalidate(client, url, after["ETag"]).status_code == 304

    # Version 2 withdrawn: version 1 stays readable, and its page changes again.
    plan_withdraw(plan=plan, user=staff("root", team=None, superuser=True), note="사유")
    withdrawn = revalidate(client, url, after["ETag"])
    assert withdrawn.status_code == 200
    assert "게시 철회" in text_of(withdrawn)
    assert not withdrawn.has_header("Last-Modified")
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=after["Last-Modified"]).status_code == 200


def test_the_staff_preview_is_private_and_never_304():
    plan = bring_to(publishable_plan(cards=1), PlanStatus.PUBLISHED)
    staff_client = Client()
    staff_client.force_login(staff("editor", team=team_of(plan), perms=["plans.view_workplan"]))
    preview = f"{plan.get_absolute_url()}preview/"
    for url in (preview, f"{preview}IV-1/"):
        response = staff_client.get(url)
        assert response.status_code == 200
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control
        assert "public" not in cache_control
        assert not response.has_header("ETag")
        public_etag = Client().get(plan.get_absolute_url())["ETag"]
        for tag in ("*", public_etag):
            assert staff_client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 200
        assert staff_client.get(url, HTTP_IF_MODIFIED_SINCE=http_date()).status_code == 200


@pytest.mark.parametrize("page", ["plan", "card", "home", "pdf"])
def test_head_answers_like_get_without_a_body(page):
    plan = published_plan()
    client = Client()
    url = url_of(page, plan)
    get = client.get(url)
    head = client.head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Type"] == get["Content-Type"]
    assert client.head(url, HTTP_IF_NONE_MATCH=get["ETag"]).status_code == 304
    assert client.post(url).status_code == 405


def test_renaming_a_department_changes_the_home_pages_etag():
    plan = published_plan()
    client = Client()
    etag = client.get("/")["ETag"]
    department = plan.department
    department.name = "자치행정과(개칭)"
    department.save()
    response = revalidate(client, "/", etag)
    assert response.status_code == 200
    assert "자치행정과(개칭)" in response.content.decode()


def test_the_fast_stamp_names_the_page_as_the_edition_does():
    from django.test import RequestFactory

    from plans.public.editions import CURRENT, current_stamp, resolve

    plan = published_plan()
    request = RequestFactory().get(plan.get_absolute_url())
    request.user = AnonymousUser()
    edition = resolve(request, year=plan.year, slug=plan.department.slug, edition=CURRENT)
    stamp = current_stamp(plan.year, plan.department.slug)
    assert stamp.etag_seed == edition.etag_seed
    assert stamp.last_modified == edition.last_modified
    assert current_stamp(plan.year, "없는-과") is None


def test_a_cached_page_is_served_without_rendering_and_a_new_version_is_not_cached(
    django_assert_num_queries,
):
    plan = published_plan()
    client = Client()
    first = client.get(plan.get_absolute_url())
    with django_assert_num_queries(1):  # the stamp; the body comes from the page cache
        again = client.get(plan.get_absolute_url())
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    republish(plan, "새로 게시한 과제명")
    fresh = client.get(plan.get_absolute_url())
    assert "새로 게시한 과제명" in fresh.content.decode()
