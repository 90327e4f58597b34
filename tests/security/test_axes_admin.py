"""The login throttling's admin pages (로그인 잠금) in Korean: every string django-axes marks for
translation has a Korean one in locale/ko (tests/admin/test_catalogue.py checks the catalogue
itself), the strings it builds with f-strings are relabelled, and a clerk's lockout reads in
Korean."""

import ast
import datetime
from pathlib import Path

import axes
import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone, translation

from config.admin import LockoutAttemptAdmin
from tests.helpers import text_of
from tests.security.logins import OFFICE, PASSWORD, lock_out, log_in

GETTEXT_NAMES = {"_", "gettext", "gettext_lazy"}


def axes_translation_calls():
    """(enclosing function's name, argument) of every gettext call in django-axes' own code."""

    def calls(node, function=None):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in GETTEXT_NAMES
            and node.args
        ):
            yield function, node.args[0]
        for child in ast.iter_child_nodes(node):
            yield from calls(child, function)

    for source in Path(axes.__file__).parent.rglob("*.py"):
        if "tests" not in source.parts and "migrations" not in source.parts:
            yield from calls(ast.parse(source.read_text(encoding="utf-8")))


def test_every_string_axes_translates_has_korean():
    literals = {arg.value for _, arg in axes_translation_calls() if isinstance(arg, ast.Constant)}
    assert len(literals) > 25  # the scan found django-axes' strings
    with translation.override("ko"):
        untranslated = sorted(m for m in literals if translation.gettext(m) == m)
    assert untranslated == []


def test_strings_axes_builds_with_f_strings_are_relabelled_in_the_admin():
    """An f-string inside gettext is looked up after formatting and so is never translated: the
    method that does it must be replaced by LockoutAttemptAdmin's own."""
    built = {name for name, arg in axes_translation_calls() if isinstance(arg, ast.JoinedStr)}
    assert built == {"cleanup_expired_attempts"}
    assert all(name in vars(LockoutAttemptAdmin) for name in built)


@pytest.fixture
def locked_out_clerk(client, django_user_model):
    django_user_model.objects.create_user("clerk", password=PASSWORD, is_staff=True)
    assert lock_out(client).status_code == 429
    django_user_model.objects.create_user("colleague", password=PASSWORD, is_staff=True)
    assert log_in(client, "colleague", PASSWORD, address="10.9.9.9").status_code == 302
    client.logout()


def page_text(response) -> str:
    assert response.status_code == 200
    return text_of(response)


ENGLISH = ["Axes", "Access attempt", "access attempt", "Access log", "access failure", "Attempt"]


@pytest.mark.django_db
def test_a_lockout_reads_in_korean_in_the_admin(admin_client, locked_out_clerk):
    index = page_text(admin_client.get(reverse("admin:index")))
    assert "로그인 잠금" in index
    assert all(name in index for name in ("로그인 시도", "로그인 실패", "로그인 기록"))

    attempts = page_text(admin_client.get(reverse("admin:axes_accessattempt_changelist")))
    # Who is locked out comes first, before the long User-Agent.
    assert "시도 시각 사용자 이름 IP 주소 실패 횟수 상태 경로 브라우저 정보(User-Agent)" in attempts
    assert f"clerk {OFFICE} {settings.AXES_FAILURE_LIMIT} 잠김" in attempts
    assert "만료된 로그인 시도 기록 정리" in attempts  # the action

    attempt = AccessAttempt.objects.get(username="clerk")
    change = page_text(
        admin_client.get(reverse("admin:axes_accessattempt_change", args=[attempt.pk]))
    )
    assert "clerk 로그인 시도 (" in change and f"{OFFICE})" in change
    assert "요청 정보" in change and "입력 데이터" in change

    failure = AccessFailureLog.objects.filter(username="clerk", locked_out=True).get()
    assert str(failure).startswith("clerk 로그인 실패 (") and str(failure).endswith(", 잠김)")
    success = AccessLog.objects.get(username="colleague")
    assert str(success).startswith("colleague 로그인 (")

    pages = [index, attempts, change]
    for model in ("accessfailurelog", "accesslog"):
        pages.append(page_text(admin_client.get(reverse(f"admin:axes_{model}_changelist"))))
    for page in pages:
        assert not [word for word in ENGLISH if word in page], page


@pytest.mark.django_db
def test_the_clean_up_action_deletes_expired_attempts_and_says_so_in_korean(
    admin_client, locked_out_clerk
):
    """django-axes' own action fails outside a login (AttributeError: axes_attempt_time)."""
    expired = AccessAttempt.objects.create(
        username="someone",
        ip_address="10.5.5.5",
        user_agent="",
        http_accept="",
        path_info="/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    AccessAttempt.objects.filter(pk=expired.pk).update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    )
    response = admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "cleanup_expired_attempts", ACTION_CHECKBOX_NAME: [expired.pk]},
        follow=True,
    )
    assert "만료된 로그인 시도 기록 1건을 삭제했습니다." in page_text(response)
    # The clerk's attempts are within the cool-off: kept, and the clerk stays locked out.
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["clerk"]


def test_the_status_counts_the_attempts_left_until_the_lock():
    status = LockoutAttemptAdmin.status
    limit = settings.AXES_FAILURE_LIMIT
    assert status(None, AccessAttempt(failures_since_start=1)) == f"{limit - 1}회 남음"
    assert status(None, AccessAttempt(failures_since_start=limit - 1)) == "1회 남음"
    assert status(None, AccessAttempt(failures_since_start=limit)) == "잠김"
