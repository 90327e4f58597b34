"""Login throttling (django-axes): five wrong passwords for one user name from one address lock
that pair out for 15 minutes with a Korean page and status 429; others are not affected; the
lock lifts after the cool-off or with `manage.py axes_reset`; failures stay on record."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.security.logins import OFFICE, PASSWORD, lock_out, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(django_user_model):
    django_user_model.objects.create_user("clerk", password=PASSWORD, is_staff=True)
    django_user_model.objects.create_user("colleague", password=PASSWORD, is_staff=True)


def test_the_fifth_wrong_password_locks_out_with_a_korean_page(client, clerk):
    response = lock_out(client)
    assert response.status_code == 429
    page = response.content.decode()
    assert "로그인이 잠시 제한되었습니다" in page
    assert "비밀번호를 5번 잘못 입력하여" in page
    assert "15분 뒤에 다시 로그인하십시오" in page
    assert "시스템 관리자에게 잠금 해제를 요청하십시오" in page
    assert "Content-Security-Policy" in response  # the lockout page is a page like any other
    # Locked: the right password is refused too, and nobody is logged in.
    response = log_in(client, "clerk", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_for_that_user_from_that_address_only(client, clerk):
    assert lock_out(client).status_code == 429
    # A colleague behind the same NAT address logs in.
    assert log_in(client, "colleague", PASSWORD).status_code == 302
    client.logout()
    # The same person from another address logs in.
    assert log_in(client, "clerk", PASSWORD, address="10.9.9.9").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, clerk):
    assert lock_out(client).status_code == 429
    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    response = log_in(client, "clerk", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_axes_reset_unlocks(client, clerk):
    assert lock_out(client).status_code == 429
    call_command("axes_reset", verbosity=0)
    assert log_in(client, "clerk", PASSWORD).status_code == 302


def test_a_correct_password_resets_the_count(client, clerk):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "clerk", "틀린 비밀번호")
    assert log_in(client, "clerk", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "clerk", "틀린 비밀번호").status_code == 200
    assert log_in(client, "clerk", PASSWORD).status_code == 302


def test_failures_and_the_lockout_stay_on_record(client, clerk):
    lock_out(client)
    failures = AccessFailureLog.objects.filter(username="clerk", ip_address=OFFICE)
    assert failures.count() == settings.AXES_FAILURE_LIMIT
    assert failures.filter(locked_out=True).exists()


def test_force_login_is_not_throttled(client, django_user_model, clerk):
    lock_out(client)
    client.force_login(django_user_model.objects.get(username="clerk"))
    assert client.get(reverse("admin:index")).status_code == 200
