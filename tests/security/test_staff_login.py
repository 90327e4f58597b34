"""A login given a role but not staff status (관리 화면 사용) is told so on the admin's login page
once its password is right, instead of Django's message for a wrong password (config/login.py).
Without the right password nothing tells whether the account exists, is staff or is active,
and wrong passwords still lead to the lock-out."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from personnel.roles import WRITER
from tests.helpers import text_of
from tests.security.logins import PASSWORD, log_in

pytestmark = pytest.mark.django_db

NOT_STAFF = (
    "이 계정은 관리 화면을 쓸 권한이 없습니다. "
    "관리자에게 ‘관리 화면 사용’을 켜 달라고 요청하십시오."
)
WRONG = "사용자 이름 또는 비밀번호가 맞지 않습니다. 대문자와 소문자를 구별하여 입력하십시오."


@pytest.fixture
def clerk(django_user_model):
    """A 작성자 whose account was made without 관리 화면 사용."""
    user = django_user_model.objects.create_user("clerk", password=PASSWORD, is_staff=False)
    user.groups.add(Group.objects.get(name=WRITER))
    return user


def test_a_role_without_staff_status_is_told_so_after_the_right_password(client, clerk):
    response = log_in(client, "clerk", PASSWORD)
    assert response.status_code == 200  # the login page again, not the admin
    page = text_of(response)
    assert NOT_STAFF in page
    assert WRONG not in page
    assert "_auth_user_id" not in client.session
    # Given staff status, the same login enters.
    clerk.is_staff = True
    clerk.save()
    response = log_in(client, "clerk", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize(
    ("username", "password"),
    [("clerk", "틀린 비밀번호"), ("nobody", PASSWORD)],
    ids=["wrong password", "unknown user"],
)
def test_without_the_right_password_the_message_is_the_same_for_everyone(
    client, clerk, username, password
):
    page = text_of(log_in(client, username, password))
    assert WRONG in page
    assert NOT_STAFF not in page


def test_an_inactive_account_is_not_told_apart(client, clerk):
    clerk.is_active = False
    clerk.save()
    page = text_of(log_in(client, "clerk", PASSWORD))
    assert WRONG in page
    assert NOT_STAFF not in page


def test_wrong_passwords_still_lock_out_and_right_ones_do_not_count(client, clerk):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        assert NOT_STAFF in text_of(log_in(client, "clerk", PASSWORD))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "clerk", "틀린 비밀번호").status_code == 200
    assert log_in(client, "clerk", "틀린 비밀번호").status_code == 429
