"""django-axes as this project installs it, in Korean: INSTALLED_APPS names this class instead of
"axes" (the way Django's documentation renames a third-party app), so the admin shows it as
로그인 잠금; its field and model names are translated in locale/ko, and config/admin.py
relabels what it builds with f-strings."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _record_name(event: str):
    """__str__ for a record of ``event``, such as
    "kim 로그인 실패 (2026-12-05 06:40:57, 10.0.0.1, 잠김)"."""

    def name(record) -> str:
        who = record.username or "(사용자 이름 없음)"
        when = timezone.localtime(record.attempt_time).strftime("%Y-%m-%d %H:%M:%S")
        locked = ", 잠김" if getattr(record, "locked_out", False) else ""
        where = record.ip_address or "주소 없음"  # a login made without a request
        return f"{who} {event} ({when}, {where}{locked})"

    return name


class LoginThrottlingConfig(AxesAppConfig):
    verbose_name = _("로그인 잠금")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # The records' own names are English f-strings ("Attempted Access: 2026-12-04
        # 21:40:57.590946+00:00", in UTC), and the admin prints them in its titles,
        # breadcrumbs, delete confirmations and history; nothing else of django-axes uses them.
        AccessAttempt.__str__ = _record_name("로그인 시도")
        AccessFailureLog.__str__ = _record_name("로그인 실패")
        AccessLog.__str__ = _record_name("로그인")
