"""Logging in to the admin in tests of login throttling: a clerk's password, an office's NAT
address, one login attempt, and the wrong passwords that lock a clerk out."""

from django.conf import settings
from django.urls import reverse

PASSWORD = "음성군-자치행정과-2023"

OFFICE = "10.1.2.3"  # a whole office behind one NAT address


def log_in(client, username: str, password: str, address: str = OFFICE):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def lock_out(client, username: str = "clerk"):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, username, "틀린 비밀번호").status_code == 200  # the form again
    return log_in(client, username, "틀린 비밀번호")
