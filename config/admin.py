"""django-axes' admin pages (로그인 잠금) with the Korean its own code cannot give: a status
column and a clean-up message that it builds with f-strings. Registered here in its place
(``AXES_ENABLE_ADMIN = False``); its other labels are translated in locale/ko."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.conf import settings
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages

COLUMN_ORDER = [
    "attempt_time",
    "username",
    "ip_address",
    "failures_since_start",
    "status",
    "path_info",
    "user_agent",
]


class LockoutAttemptAdmin(AccessAttemptAdmin):
    # Who is locked out first: a browser's User-Agent is long and pushed them off the screen.
    # The columns are django-axes' own (it adds some by the settings), in this order.
    list_display = sorted(
        AccessAttemptAdmin.list_display,
        key=lambda column: COLUMN_ORDER.index(column) if column in COLUMN_ORDER else 99,
    )

    @admin.action(description="만료된 로그인 시도 기록 정리")
    def cleanup_expired_attempts(self, request, queryset):
        """Deletes every attempt older than the cool-off (not only the ones ticked), which
        unlocks nobody who is still locked out. django-axes counts back from a time it puts on
        the request only during a login, so without it here its own action fails."""
        AxesProxyHandler.update_request(request)
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(
            request, f"만료된 로그인 시도 기록 {count}건을 삭제했습니다.", messages.SUCCESS
        )

    @admin.display(description="상태")
    def status(self, obj: AccessAttempt) -> str:
        remaining = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        return f"{remaining}회 남음" if remaining > 0 else "잠김"


admin.site.register(AccessAttempt, LockoutAttemptAdmin)
admin.site.register(AccessLog, AccessLogAdmin)
admin.site.register(AccessFailureLog, AccessFailureLogAdmin)
