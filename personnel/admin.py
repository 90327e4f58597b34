"""Admin of the organisation and its people, with the staffing grid (인력 현황 입력)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from personnel import admin_users  # noqa: F401  (the user page, with 소속 팀)
from personnel.admin_people import check_post, people_page, people_save
from personnel.admin_staffing import latest_year, staffing_grid, staffing_grid_save
from personnel.models import (
    Bureau,
    Department,
    Grade,
    Officer,
    Organization,
    StaffingCount,
    Team,
    WelfareProgram,
    chart_order,
)
from personnel.resources import (
    OfficerResource,
    StaffingCountResource,
    WelfareProgramResource,
)
from personnel.staffing_access import grid_access
from plans.admin.base import PortalAdmin, PortalTabularInline
from plans.admin.filters import TeamListFilter
from plans.admin.grid import GridPageMixin, grid_place, opening_year
from plans.admin.import_export import SpreadsheetImportExportMixin
from plans.admin.log import log_admin_writes
from plans.rules import figures
from plans.rules.korean import with_particle


def thousand_won(amount: int | None) -> str:
    """An amount stored in 천원, printed with separators (``1,500,724``) or ``-``."""
    return figures.format_number(amount)


# ---------------------------------------------------------------------------------------------
# Organisation


@admin.register(Organization)
class OrganizationAdmin(PortalAdmin):
    list_display = ("name",)
    search_fields = ("name",)
    ordering = ("name",)


class DepartmentInline(PortalTabularInline):
    model = Department
    fields = ("order", "name", "kind", "slug")
    ordering = ("order",)
    extra = 0
    show_change_link = True


@admin.register(Bureau)
class BureauAdmin(PortalAdmin):
    list_display = ("name", "organization", "order")
    list_filter = ("organization",)
    search_fields = ("name", "organization__name")
    ordering = ("organization__name", "order")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)
    inlines = (DepartmentInline,)


class TeamInline(PortalTabularInline):
    model = Team
    # 주요기능 is the report's "2. 주요기능" line: a new department's teams get it in the same save.
    fields = ("order", "name", "functions", "is_active")
    # One line, as the report prints it ("인사관리, 직제 정원관리, 선거 등").
    formfield_overrides = {models.TextField: {"widget": forms.TextInput(attrs={"size": 50})}}
    ordering = ("order",)
    extra = 0
    show_change_link = True


@admin.register(Department)
class DepartmentAdmin(PortalAdmin):
    list_display = ("name", "kind", "parent", "order", "team_count")
    # 국 "-": the departments directly under the county (기획감사실).
    list_filter = ("organization", "bureau", "kind")
    search_fields = ("name", "slug", "bureau__name", "organization__name")
    ordering = chart_order()
    list_select_related = ("organization", "bureau")
    autocomplete_fields = ("organization", "bureau")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("organization", "bureau", "kind", "name", "slug", "order")
    inlines = (TeamInline,)

    @admin.display(description=_("소속"), ordering="bureau__order")
    def parent(self, obj: Department) -> str:
        """Its 국, or the county itself for a department directly under it."""
        return obj.parent_name

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_team_count=Count("teams"))

    @admin.display(description=_("팀 수"), ordering="_team_count")
    def team_count(self, obj: Department) -> int:
        return obj._team_count

    def get_changeform_initial_data(self, request):
        # A county portal usually holds one county: choosing it is a step for nobody.
        initial = super().get_changeform_initial_data(request)
        if "organization" not in initial:
            counties = list(Organization.objects.values_list("pk", flat=True)[:2])
            if len(counties) == 1:
                initial["organization"] = counties[0]
        return initial

    def response_add(self, request, obj, post_url_continue=None):
        # A new department's next step is its people (officers and logins), then its plan:
        # 저장 goes there rather than back to the list of departments.
        if "_save" in request.POST and self.has_change_permission(request, obj):
            self.message_user(
                request,
                _("%(department)s 만들었습니다. 이제 팀별 담당자와 포털 계정을 입력하십시오.")
                % {"department": with_particle(obj.name, "을", "를")},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(people_url(department_id=obj.pk))
        return super().response_add(request, obj, post_url_continue)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "staffing_grid_url": staffing_grid_url(department_id=object_id),
            "people_url": people_url(department_id=object_id),
        }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Team)
class TeamAdmin(PortalAdmin):
    list_display = ("name", "department", "order", "functions_short", "is_active")
    list_filter = ("department", "is_active")
    search_fields = ("name", "department__name", "functions")
    ordering = (*chart_order("department"), "order")
    list_select_related = ("department",)
    autocomplete_fields = ("department",)
    fieldsets = (
        (None, {"fields": ("department", "name", "order", "is_active")}),
        (_("주요기능"), {"fields": ("functions",)}),
    )

    def get_queryset(self, request):
        # A team prints its department's name, also in autocomplete results.
        return super().get_queryset(request).select_related("department")

    @admin.display(description=_("주요기능"))
    def functions_short(self, obj: Team) -> str:
        text = " ".join(obj.functions.split())
        return text if len(text) <= 60 else f"{text[:60]}…"


@admin.register(Grade)
class GradeAdmin(PortalAdmin):
    list_display = ("__str__", "category", "name", "order")
    list_filter = ("category",)
    search_fields = ("name",)
    ordering = ("order",)


# ---------------------------------------------------------------------------------------------
# Staffing


def staffing_grid_url(*, department_id=None, year: int | None = None) -> str:
    url = reverse("admin:personnel_staffingcount_grid")
    query = {
        key: value
        for key, value in (("department", department_id), ("year", year))
        if value is not None
    }
    return f"{url}?{urlencode(query)}" if query else url


@admin.register(StaffingCount)
class StaffingCountAdmin(GridPageMixin, SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = (StaffingCountResource,)
    list_display = ("year", "department", "team", "grade", "authorized", "current")
    list_filter = ("year", "team__department", ("team", TeamListFilter), "grade__category")
    search_fields = ("team__name", "team__department__name", "grade__name")
    ordering = ("-year", "team__department__order", "team__order", "grade__order")
    list_select_related = ("team__department", "grade")
    autocomplete_fields = ("team",)
    change_list_template = "admin/personnel/staffingcount/change_list.html"

    @admin.display(description=_("과"), ordering="team__department__order")
    def department(self, obj: StaffingCount) -> str:
        return obj.team.department.name

    def get_urls(self):
        return [
            path(
                "grid/",
                self.admin_site.admin_view(self.grid_view),
                name="personnel_staffingcount_grid",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "staffing_grid_url": staffing_grid_url()}
        return super().changelist_view(request, extra_context)

    def grid_view(self, request):
        """인력 현황 입력: the team × grade grid of one department in one year."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        can_save = self.has_grid_write_permission(request)
        place = grid_place(request)
        department, year = place.department, place.year
        if department is not None and year is None:
            year = opening_year(department, latest_year=latest_year)
            return HttpResponseRedirect(staffing_grid_url(department_id=department.pk, year=year))

        grid = access = None
        if department is not None:
            # Which rows this user may save, and the workflow lock (personnel.staffing_access).
            access = grid_access(request.user, department=department, year=year)
            can_save = can_save and access.may_save
            if request.method == "POST":
                if not can_save:
                    raise PermissionDenied
                grid, leave = self.save_grid(
                    request,
                    lambda: staffing_grid_save(
                        department=department, year=year, data=access.posted_data(request.POST)
                    ),
                    via=_("인력 현황 입력"),
                    saved=_("%(year)s년 %(department)s 인력 현황을 저장했습니다.")
                    % {"year": year, "department": department.name},
                )
                if leave is not None:
                    return leave
            else:
                grid = staffing_grid(department=department, year=year)
                if access.notice:
                    self.message_user(request, access.notice, messages.WARNING)

        return self.grid_response(
            request,
            "admin/personnel/staffing_grid.html",
            title=_("인력 현황 입력"),
            place=place,
            grid=grid,
            year=year or latest_year(None) or timezone.localdate().year,
            can_save=can_save,
            readonly_team_ids=access.readonly_team_ids(grid) if grid else frozenset(),
        )


# ---------------------------------------------------------------------------------------------
# People


def people_url(*, department_id=None) -> str:
    """The address of a department's people page (URL name ``admin:personnel_officer_people``)."""
    url = reverse("admin:personnel_officer_people")
    return f"{url}?{urlencode({'department': department_id})}" if department_id else url


@admin.register(Officer)
class OfficerAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = (OfficerResource,)
    list_display = ("name", "position", "phone", "team", "department", "is_active")
    list_filter = (("team", TeamListFilter), "team__department", "is_active")
    search_fields = ("name", "position", "phone")
    ordering = ("team__department__order", "team__order", "name")
    list_select_related = ("team__department",)
    autocomplete_fields = ("team",)
    change_list_template = "admin/personnel/officer/change_list.html"

    @admin.display(description=_("과"), ordering="team__department__order")
    def department(self, obj: Officer) -> str:
        return obj.team.department.name

    def get_urls(self):
        return [
            path(
                "people/",
                self.admin_site.admin_view(never_cache(self.people_view)),
                name="personnel_officer_people",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "people_url": people_url()}
        return super().changelist_view(request, extra_context)

    def people_view(self, request):
        """직원 관리: a department's teams, officers and logins on one page
        (personnel.admin_people). Not cached: the answer to a save may show new passwords."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        # The same selector as the grids': the user's own department, or one within reach.
        place = grid_place(request)
        departments, department = place.departments, place.department
        page = None
        if department is not None:
            may_change = (
                self.has_change_permission(request)
                and self.has_add_permission(request)
                and self.has_delete_permission(request)
            )
            data = request.POST if request.method == "POST" else None
            page = people_page(
                request.user, department=department, may_change_officers=may_change, data=data
            )
            if request.method == "POST":
                if not page.can_save:
                    raise PermissionDenied
                check_post(page, request.POST)
                with transaction.atomic():  # the rows and their log entries, or neither
                    saved, written = people_save(page, request.user)
                    if saved:
                        log_admin_writes(
                            request,
                            via=_("직원 관리"),
                            created=written.created,
                            changed=written.changed,
                            deleted=written.deleted,
                        )
                if saved:
                    self.message_user(
                        request,
                        _("%(department)s 직원 정보를 저장했습니다.")
                        % {"department": department.name},
                        messages.SUCCESS,
                    )
                    if not page.new_logins:
                        return HttpResponseRedirect(request.get_full_path())
                    # New passwords are shown on this answer only: a fresh page below them.
                    new_logins = page.new_logins
                    page = people_page(
                        request.user, department=department, may_change_officers=may_change
                    )
                    page.new_logins = new_logins
                else:
                    self.message_user(
                        request,
                        _(
                            "입력한 값에 오류가 있어 아무것도 저장하지 않았습니다. "
                            "아래 표시된 줄을 고치십시오."
                        ),
                        messages.ERROR,
                    )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("직원 관리"),
            "subtitle": department.name if department else None,
            "page": page,
            "department": department,
            "departments": departments,
            "changelist_url": reverse("admin:personnel_officer_changelist"),
            "staffing_grid_url": staffing_grid_url(department_id=department.pk)
            if department
            else None,
        }
        return TemplateResponse(request, "admin/personnel/people.html", context)


@admin.register(WelfareProgram)
class WelfareProgramAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = (WelfareProgramResource,)
    list_display = (
        "name",
        "year",
        "department",
        "period",
        "facilities",
        "beneficiaries",
        "total",
        "per_person",
    )
    list_filter = ("year", "department")
    search_fields = ("name", "beneficiary_note")
    ordering = ("department__order", "-year", "order")
    list_select_related = ("department",)
    autocomplete_fields = ("department",)
    fieldsets = (
        (None, {"fields": ("department", "year", "order", "name", "period")}),
        (
            _("대상과 금액"),
            {
                "fields": (
                    "facility_count",
                    ("beneficiary_count", "beneficiary_note"),
                    ("total_amount", "per_person_amount"),
                ),
                "description": _("금액은 천원 단위로 입력합니다. 예: 1,500,724천원 → 1500724"),
            },
        ),
    )

    @admin.display(description=_("시설(개소)"), ordering="facility_count")
    def facilities(self, obj: WelfareProgram) -> str:
        return figures.format_number(obj.facility_count)

    @admin.display(description=_("대상 인원(명)"), ordering="beneficiary_count")
    def beneficiaries(self, obj: WelfareProgram) -> str:
        text = figures.format_number(obj.beneficiary_count)
        return f"{text}({obj.beneficiary_note})" if obj.beneficiary_note else text

    @admin.display(description=_("총액(천원)"), ordering="total_amount")
    def total(self, obj: WelfareProgram) -> str:
        return thousand_won(obj.total_amount)

    @admin.display(description=_("1인당(천원)"), ordering="per_person_amount")
    def per_person(self, obj: WelfareProgram) -> str:
        return thousand_won(obj.per_person_amount)
