"""Every admin page reads as Korean to everyone who opens it: each page of the admin's URLs
(the index, each app's page, each model's list, add form, change form of an existing row, its
change history and a recorded state, delete confirmation, import and export, the staffing grid,
the workflow's confirmations, the user and group pages, the password pages), opened by a
superuser and by a login of each role, and the login and logout pages, are read with
tests/admin/korean.py: no particle written in both forms or the wrong one, no English sounded
out or left in English, and none of Django's Korean that locale/ko replaces.

The pages are found from the admin's URL patterns, so a page added to the admin is read too (a
URL with a parameter this test cannot fill fails it, until it is taught here)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from django.utils import translation
from simple_history.utils import get_history_manager_for_model

from personnel.roles import ROLES, WRITER
from plans.admin.history import is_tracked
from plans.workflow.transitions import TRANSITIONS
from tests.admin import korean
from tests.admin.catalogue import replaced_translation_patterns
from tests.roles.world import PASSWORD, USERNAMES, World, build_world

pytestmark = pytest.mark.django_db

SUPERUSER = "최고 관리자"
LOGINS = (SUPERUSER, *ROLES)

#: URL names that are no page to read: answers in JSON or JavaScript, a redirect to the public
#: site, a form's post (a 보고본's 다시 시도), a file (the period workbook, the 추진실적
#: report's draft PDF and workbook), and the login and logout pages (read logged out, below).
NOT_A_PAGE = re.compile(
    r"^(autocomplete|jsi18n|view_on_site|login|logout"
    r"|plans_reportingperiod_workbook|plans_reportingperiod_preview_file"
    r"|plans_reportingperiod_retry_files)$"
    r"|_process_import$"
)

#: Tables whose rows nobody typed: Django's own bookkeeping (permission names among them, which
#: must read as Korean, not be skipped as data).
NOT_DATA = frozenset({"contenttypes", "sessions", "admin", "auth.Permission"})


def _patterns(patterns, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _model_of(url_name: str) -> type[models.Model] | None:
    for model in admin.site._registry:
        if url_name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


def admin_pages(world: World) -> list[str]:
    """The address of every page of the admin, each parameter filled from ``world``: a model's
    pages with its row of the logins' own team, an app's page for each app."""
    pages = []
    for route, pattern in _patterns(admin.site.get_urls()):
        name = pattern.name
        if not name or NOT_A_PAGE.search(name):
            continue
        model = _model_of(name)
        row = world.rows[model._meta.label]["own"] if model is not None else None
        if name == "app_list":
            labels = sorted({model._meta.app_label for model in admin.site._registry})
            pages += [reverse("admin:app_list", args=[label]) for label in labels]
        elif name.endswith("_simple_history"):
            if is_tracked(model):  # a published version has no records to open
                history = get_history_manager_for_model(model)
                # By the row's own key: a record's pk is its history_id, which only matches the
                # row's id by chance (it does on SQLite's fresh tables, not on PostgreSQL).
                record = history.filter(**{model._meta.pk.attname: row.pk}).first()
                pages.append(reverse(f"admin:{name}", args=[row.pk, record.history_id]))
        elif name.endswith("_transition"):
            pages += [reverse(f"admin:{name}", args=[row.pk, action]) for action in TRANSITIONS]
        elif "<path:object_id>" in route or "<id>" in route:  # <id>: a user's password page
            pages.append(reverse(f"admin:{name}", args=[row.pk]))
        else:
            assert "<" not in route and "(" not in route, f"이 주소를 채울 수 없습니다: {route}"
            pages.append(reverse(f"admin:{name}"))
    return pages


def nouns() -> set[str]:
    """The admin's nouns: its models' and their fields' names."""
    found = set()
    with translation.override("ko"):
        for model in admin.site._registry:
            opts = model._meta
            found |= {str(opts.verbose_name), str(opts.verbose_name_plural)}
            found |= {str(field.verbose_name) for field in opts.fields + opts.many_to_many}
    return found


def stored_text() -> set[str]:
    """Every text value of every row: what people typed (a user name, a title) or a browser
    sent (User-Agent), which a page shows as it is, English or not."""
    values = set()
    for model in apps.get_models():
        if NOT_DATA & {model._meta.app_label, model._meta.label}:
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                values |= {value for value in row if value}
    return values


def findings_on(pages: dict[str, str]) -> list[str]:
    """What the rules find on ``pages`` (address → visible text), each once, with the first
    address it was found on."""
    rules = {
        "nouns": nouns(),
        "replaced": replaced_translation_patterns(),
        "data": stored_text(),
    }
    first_seen: dict[str, str] = {}
    for url, text in pages.items():
        for finding in korean.findings(text, **rules):
            first_seen.setdefault(str(finding), url)
    return [f"{finding}  [{url}]" for finding, url in first_seen.items()]


def page_text(response) -> str:
    assert response["Content-Type"].startswith("text/html"), response.request["PATH_INFO"]
    return korean.visible_text(response.content.decode())


@pytest.fixture
def world(db) -> World:
    world = build_world()
    User.objects.create_superuser("root", password=PASSWORD)
    return world


@pytest.mark.parametrize("who", LOGINS, ids=("superuser", *USERNAMES.values()))
def test_every_admin_page_reads_as_korean(world, who):
    user = User.objects.get(username="root") if who == SUPERUSER else world.users[who]
    client = Client()
    client.force_login(user)
    pages = {}
    for url in admin_pages(world):
        # Followed: a refused transition goes back to the plan's page with the reason.
        pages[url] = page_text(client.get(url, follow=True))
    assert len(pages) > 250
    assert findings_on(pages) == []


def test_the_login_and_logout_pages_read_as_korean(world):
    login = reverse("admin:login")
    clerk = User.objects.create_user("clerk", password=PASSWORD)  # a role, no staff status
    clerk.groups.add(Group.objects.get(name=WRITER))
    client = Client()
    pages = {
        "로그인": client.get(login),
        "틀린 비밀번호": client.post(login, {"username": "clerk", "password": "틀린 비밀번호"}),
        "관리 화면 사용 없음": client.post(login, {"username": "clerk", "password": PASSWORD}),
    }
    client.force_login(clerk)
    pages["로그인한 직원이 아닌 계정"] = client.get(login)
    client.force_login(world.users[WRITER])
    pages["로그아웃"] = client.post(reverse("admin:logout"))
    assert [response.status_code for response in pages.values()] == [200] * 5
    texts = {name: page_text(response) for name, response in pages.items()}
    signed_in = texts["로그인한 직원이 아닌 계정"]
    assert "clerk 계정으로 로그인되어 있지만 이 페이지를 볼 권한이 없습니다." in signed_in
    assert findings_on(texts) == []


# -- the checker itself --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("보기위한 1게시본 를(을) 선택", "both forms"),
        ("뷰 업무계획", "sounded out"),
        ("다른 담당자을 추가할 수 있습니다", "wrong particle"),
        ("저장 및 다른 이름으로 추가", "replaced translation"),
        ("사용자 권한: 업무계획 | 과제 | Can add 과제", "English"),
        ("관리자 계정의 사용자 이름 와 비밀번호를 입력해주세요.", "loose particle"),
        ("선택된 과제 을/를 삭제합니다.", "both forms"),
        ("계획 연도 (으)로", "both forms"),
        ("액션: 선택한 액션을 실행합니다.", "sounded out"),
    ],
)
def test_the_checker_finds_what_issue_16_names(text, rule):
    found = korean.findings(text, nouns=nouns(), replaced=replaced_translation_patterns())
    assert rule in {finding.rule for finding in found}, found


def test_the_checker_says_which_particle_fits():
    found = korean.findings("보기위한 1게시본 를(을) 선택 | 의회 회기 을/를 | 사용자 이름 (으)로")
    assert [finding.hint for finding in found if finding.rule == "both forms"] == [
        "게시본을",
        "회기를",
        "이름으로",
    ]
    (wrong,) = korean.findings("다른 담당자을 추가", nouns={"담당자"})
    assert wrong.hint == "담당자를"


@pytest.mark.parametrize(
    "text",
    [
        "볼 게시본 선택",
        "담당자 “행정7급 지은이” 항목을 추가했습니다. 아래에서 담당자 항목을 더 추가할 수 "
        "있습니다.",
        "행정팀을 선택하십시오. 과제를 저장했습니다. 업무계획은 작성 중입니다.",
        "마을 안길 포장 요청",  # 마을: 을 inside a word, not a particle
        "국가 보조금, 평가, 증가율",  # one-syllable nouns (국, 과) are not checked
        "이 계정은 관리 화면을 쓸 권한이 없습니다. 과 추가 국 추가",  # 이 and 과 as words
        "인터뷰 일정, 리뷰 결과",  # 뷰 inside a word
        "엑셀(.xlsx) 또는 CSV(UTF-8, CP949) 파일, 10MB, 50,000행까지. PDF 미리보기",
        "IV-7 주민자치회 전면 실시, III. 정책방향, 제1판 45618df35a88…",
        "Ctrl 키(맥에서는 Command 키)를 누른 채로 누르십시오.",
        "비밀번호: 알고리즘: pbkdf2_sha256 솔트: Ej********** 해시: 22d520**********",
        "1,000이(가) 계와 다릅니다",  # after a number both forms are right
        "관리 화면에 로그인: root",  # a user name, stored as data
    ],
)
def test_the_checker_passes_real_korean(text):
    found = korean.findings(
        text, nouns=nouns(), replaced=replaced_translation_patterns(), data={"root"}
    )
    assert found == []
