"""django-axes as this project installs it, in Korean: INSTALLED_APPS names this class instead of
"axes" (the way Django's documentation renames a third-party app), so the admin shows it as
로그인 잠금; its field and model names are translated in locale/ko, and config/admin.py
relabels what it builds with f-strings."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def _who(record) -> str:
    return record.username or "(사용자 이름 없음)"


def _attempt_name(attempt) -> str:
    return f"{_who(attempt)} 로그인 시도 ({_when(attempt.attempt_time)}, {attempt.ip_address})"


def _failure_name(failure) -> str:
    locked = ", 잠김" if failure.locked_out else ""
    return (
        f"{_who(failure)} 로그인 실패 ({_when(failure.attempt_time)}, {failure.ip_address}{locked})"
    )


def _log_name(log) -> str:
    return f"{_who(log)} 로그인 ({_when(log.attempt_time)}, {log.ip_address})"


class LoginThrottlingConfig(AxesAppConfig):
    verbose_name = _("로그인 잠금")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # The records' own names are English f-strings ("Attempted Access: 2026-12-04
        # 21:40:57.590946+00:00", in UTC), and the admin prints them in its titles,
        # breadcrumbs, delete confirmations and history; nothing else of django-axes uses them.
        AccessAttempt.__str__ = _attempt_name
        AccessFailureLog.__str__ = _failure_name
        AccessLog.__str__ = _log_name
