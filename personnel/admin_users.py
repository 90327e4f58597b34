"""The admin's user page with the user's team (소속 팀): a superuser ties each staff login to
its team and gives it its roles (groups 작성자, 검토자, 게시관리자, 열람자; personnel.roles).
The roles' reach follows the team (plans.access.scopes); a login without a team sees nothing."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
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


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
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
