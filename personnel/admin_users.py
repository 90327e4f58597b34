"""The admin's user page with the user's team (소속 팀): a superuser ties each staff login to
its team and gives it its roles (groups 작성자, 검토자, 게시관리자, 열람자; personnel.roles).
The roles' reach follows the team (plans.access.scopes); a login without a team sees nothing.

Deleting a user or a group deletes the rows linking it to its groups and permissions, and the
delete confirmation lists them under the names Django gives the tables it makes for those links
("Group-permission relationship: Group_permissions object (12)"): they are named in Korean here,
each row by what it links ("작성자: 과제 보기")."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from personnel.models import StaffProfile
from personnel.roles import ROLES

User = get_user_model()


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    fields = ("team",)
    autocomplete_fields = ("team",)
    can_delete = True
    max_num = 1
    verbose_name = _("소속 팀")
    verbose_name_plural = _("소속 팀 (역할은 위의 그룹에서: 작성자, 검토자, 게시관리자, 열람자)")


def _name_links(through, verbose_name, verbose_name_plural, describe) -> None:
    through._meta.verbose_name = verbose_name
    through._meta.verbose_name_plural = verbose_name_plural
    through.__str__ = describe


_name_links(
    User.groups.through,
    _("사용자의 그룹"),
    _("사용자의 그룹"),
    lambda link: f"{link.user}: {link.group}",
)
_name_links(
    User.user_permissions.through,
    _("사용자의 권한"),
    _("사용자의 권한"),
    lambda link: f"{link.user}: {link.permission.name}",
)
_name_links(
    Group.permissions.through,
    _("그룹의 권한"),
    _("그룹의 권한"),
    lambda link: f"{link.group}: {link.permission.name}",
)


class PasswordChangeForm(AdminPasswordChangeForm):
    """The user's 비밀번호 변경 page: Django appends an English warning to the help text of
    비밀번호 로그인 as plain text, outside its catalogue; here it is Korean. (The admin's script
    shows the warning, by its id, when 막음 is chosen.)"""

    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("막으면 이 사용자의 지금 비밀번호는 지워집니다."),
    )


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    change_password_form = PasswordChangeForm
    inlines = (*UserAdmin.inlines, StaffProfileInline)
    list_display = ("username", "full_name", "team", "roles", "is_staff", "is_superuser")
    list_filter = (*UserAdmin.list_filter, "staff_profile__team__department")
    list_select_related = ("staff_profile__team__department",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("이름"))
    def full_name(self, obj) -> str:
        return obj.get_full_name()

    @admin.display(description=_("소속 팀"), ordering="staff_profile__team__name")
    def team(self, obj) -> str:
        profile = getattr(obj, "staff_profile", None)
        return str(profile.team) if profile is not None else "-"

    @admin.display(description=_("역할"))
    def roles(self, obj) -> str:
        names = [group.name for group in obj.groups.all() if group.name in ROLES]
        return ", ".join(names) or "-"
