"""The admin's login form. Django's refuses a login without staff status (is_staff) with the
message for a wrong password, so a clerk given a role but not 관리 화면 사용 retries a password
that is right and ends up locked out (django-axes). This form says what is wrong instead.

It says so only after the password was found right: ``confirm_login_allowed`` runs once
``authenticate()`` has returned the user, and every other failure (unknown name, wrong
password, an inactive account, which Django's backend does not authenticate) keeps Django's one
message. So the message tells nothing to someone who does not hold the password, and a wrong
password still counts towards the lock-out; a right one never does."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class StaffLoginForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "not_staff": _(
            "이 계정은 관리 화면을 쓸 권한이 없습니다. "
            "관리자에게 ‘관리 화면 사용’을 켜 달라고 요청하십시오."
        ),
    }

    def confirm_login_allowed(self, user) -> None:
        # The user's own checks (an inactive account) first, as AuthenticationForm makes them;
        # AdminAuthenticationForm's would refuse a non-staff login as a wrong password.
        AuthenticationForm.confirm_login_allowed(self, user)
        if not user.is_staff:
            raise ValidationError(self.error_messages["not_staff"], code="not_staff")
