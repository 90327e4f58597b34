"""The frame of the admin's grid pages, 부서 예산 입력 (budget.admin) and 인력 현황 입력
(personnel.admin): which department and year the page opens on, the all-or-nothing save with its
log entry and Korean messages, the way back to the plan's page it was opened from, and the
page's context for templates/admin/grid_base.html.

What a grid holds, how its cells are checked and who may write which cell stay with each grid
(budget.admin_grid and budget.grid_access, personnel.admin_staffing and
personnel.staffing_access); the optimistic lock both forms carry is plans.rules.grid_lock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from personnel.models import Department
from personnel.staffing_access import grid_departments, opening_department, plan_year
from plans.admin.hub import hub_return_url
from plans.admin.log import log_admin_writes
from plans.rules.grid_lock import DIGEST_FIELD

REFUSED_MESSAGE = _("입력한 값에 오류가 있어 저장하지 않았습니다. 아래 표시된 칸을 고치십시오.")


@dataclass(frozen=True)
class GridPlace:
    """The department and year a grid page was asked for, and the departments of its selector."""

    departments: QuerySet[Department]
    department: Department | None
    year: int | None


def _year(text: str) -> int | None:
    return int(text) if text.isdigit() and 1900 < int(text) < 2200 else None


def grid_place(request) -> GridPlace:
    """The department of ``?department=`` (404 outside the user's reach) or, without one, the
    user's own department; the year of ``?year=`` if it is one."""
    departments = grid_departments(request.user)
    department_id = request.GET.get("department", "")
    if department_id.isdigit():
        department = get_object_or_404(departments, pk=department_id)
    else:
        department = opening_department(request.user) if not department_id else None
    return GridPlace(departments, department, _year(request.GET.get("year", "")))


def opening_year(department: Department, latest_year: Callable[[Department], int | None]) -> int:
    """The year a grid opens on without one: the department's latest plan (the one being
    written, as a plan's link does), or ``latest_year`` (the latest year with data), or this
    year."""
    return plan_year(department) or latest_year(department) or timezone.localdate().year


class GridPageMixin:
    """For a ModelAdmin serving a grid page from its own URL (see ``get_urls`` of
    budget.admin.BudgetLineAdmin and personnel.admin.StaffingCountAdmin)."""

    def has_grid_write_permission(self, request) -> bool:
        """A grid creates, changes and deletes rows in one save: it needs all three."""
        return (
            self.has_change_permission(request)
            and self.has_add_permission(request)
            and self.has_delete_permission(request)
        )

    def save_grid(self, request, save: Callable[[], tuple[Any, bool]], *, via: str, saved: str):
        """Run ``save`` (which returns the grid and whether it saved) in one transaction with
        its log entry; return the grid and, when it saved, the answer that leaves the page
        (back to the plan's page it was opened from, plans.admin.hub, or the grid again)."""
        with transaction.atomic():  # the rows, their history and the log entry, or none
            grid, was_saved = save()
            if was_saved:
                log_admin_writes(
                    request,
                    via=via,
                    created=grid.changes.created,
                    changed=grid.changes.updated,
                    deleted=grid.changes.deleted,
                )
        if was_saved:
            self.message_user(request, saved, messages.SUCCESS)
            return grid, HttpResponseRedirect(hub_return_url(request) or request.get_full_path())
        if not grid.conflict:  # a conflict explains itself above the grid
            self.message_user(request, REFUSED_MESSAGE, messages.ERROR)
        return grid, None

    def grid_response(
        self,
        request,
        template: str,
        *,
        title: str,
        place: GridPlace,
        grid,
        year: int,
        can_save: bool,
        **extra,
    ) -> TemplateResponse:
        """The grid page: the selector of ``place``, and ``grid`` (None until a department is
        chosen) with ``extra`` for the grid's own part of the template."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "subtitle": f"{place.year}년 {place.department.name}" if grid else None,
            "grid": grid,
            "department": place.department,
            "year": year,
            "departments": place.departments,
            "can_save": can_save,
            "digest_field": DIGEST_FIELD,
            "changelist_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
            ),
            **extra,
        }
        return TemplateResponse(request, template, context)
