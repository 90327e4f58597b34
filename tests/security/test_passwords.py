"""Passwords are checked against AUTH_PASSWORD_VALIDATORS (at least 12 characters, not common,
not all digits, not like the user name) wherever one is set: the admin's password forms and
createsuperuser, with --noinput too."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

STRONG = "음성군 자치행정과 업무계획"
TOO_SHORT = "Eumseong23!"  # 11 characters


@pytest.mark.parametrize(
    ("password", "message"),
    [
        (TOO_SHORT, "최소 12자 이상이어야 합니다"),
        ("password1234", "너무 흔히 사용되는 비밀번호입니다"),
        ("202302160223", "전부 숫자로 되어 있습니다"),
    ],
)
def test_weak_passwords_are_refused_in_korean(password, message):
    with translation.override("ko"), pytest.raises(ValidationError) as error:
        validate_password(password)
    assert any(message in text for text in error.value.messages), error.value.messages


def test_a_long_uncommon_password_passes():
    validate_password(STRONG)


def test_the_admins_password_change_refuses_a_short_password(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:password_change"),
        {"old_password": "password", "new_password1": TOO_SHORT, "new_password2": TOO_SHORT},
    )
    assert response.status_code == 200  # the form again, with the reason
    assert "최소 12자 이상이어야 합니다" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.check_password("password")


def test_setting_a_users_password_in_the_admin_refuses_a_short_password(
    admin_client, django_user_model
):
    clerk = django_user_model.objects.create_user("clerk", password=STRONG, is_staff=True)
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[clerk.pk]),
        {"password1": TOO_SHORT, "password2": TOO_SHORT},
    )
    assert response.status_code == 200
    assert "최소 12자 이상이어야 합니다" in response.content.decode()
    clerk.refresh_from_db()
    assert clerk.check_password(STRONG)


def test_adding_a_user_in_the_admin_refuses_a_short_password(admin_client, django_user_model):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {"username": "newclerk", "password1": TOO_SHORT, "password2": TOO_SHORT,
         "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "최소 12자 이상이어야 합니다" in response.content.decode()
    assert not django_user_model.objects.filter(username="newclerk").exists()


def test_createsuperuser_noinput_refuses_a_weak_password(monkeypatch, django_user_model):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", TOO_SHORT)
    with pytest.raises(CommandError, match="최소 12자 이상이어야 합니다"):
        call_command("createsuperuser", interactive=False, username="boss", email="b@example.org")
    assert not django_user_model.objects.filter(username="boss").exists()


def test_createsuperuser_noinput_refuses_a_password_like_the_user_name(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "jachihaengjeong")
    with pytest.raises(CommandError, match="사용자 이름"):
        call_command(
            "createsuperuser", interactive=False, username="jachihaengjeong", email="j@example.org"
        )


def test_createsuperuser_noinput_takes_a_strong_password(monkeypatch, django_user_model):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)
    call_command(
        "createsuperuser", interactive=False, username="boss", email="b@example.org", verbosity=0
    )
    assert django_user_model.objects.get(username="boss").check_password(STRONG)
