"""한글 파일로 초안 만들기: a department's 업무보고 in 한글 (HWPX) uploaded in the admin,
previewed (what the portal recognised, what it could not place, and what loading it would
change, from a real load rolled back), then confirmed into a draft plan.

It goes through the same load and the same refusals as the workbook import
(plans.admin.workbook): a 검토자 imports into its own department's plan only, a file that would
change a table the 검토자 may not change (a team, a grade, a council session) is refused, and
only a draft or a new plan is loaded into, for superusers too. The file waits between preview
and confirmation under a random name that only the session which uploaded it may confirm."""

from __future__ import annotations

import secrets
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from personnel.models import Department
from plans.access import scopes
from plans.admin.pending import remove_old_files
from plans.admin.workbook import (
    PENDING_DIR,
    PENDING_MAX_AGE,
    import_permissions,
    may_import_workbooks,
    summary_rows,
    workbook_refusal,
)
from plans.exchange.hwpx import import_hwpx_report
from plans.exchange.hwpx.package import MAX_BYTES
from plans.history import recording
from plans.models import CouncilSession

SESSION_KEY = "plans_hwpx_import"  # token → the file's name and the choices made with it
SUFFIX = ".hwpx"


class HwpxUploadForm(forms.Form):
    report = forms.FileField(
        label=gettext_lazy("업무보고 한글 파일(.hwpx)"),
        help_text=gettext_lazy(
            "지난해 업무보고처럼 장(I 일반현황 … V 특수시책)과 과제 카드로 된 한글 파일을 "
            "올립니다. .hwp 파일은 한글에서 '한글 표준 문서(*.hwpx)'로 저장해 올리십시오."
        ),
    )
    department = forms.ModelChoiceField(
        label=gettext_lazy("과"), queryset=Department.objects.none(), required=False
    )
    year = forms.IntegerField(
        label=gettext_lazy("연도"),
        required=False,
        min_value=2000,
        max_value=2099,
        help_text=gettext_lazy("비워 두면 표지의 연도(예: 2023년 주요업무계획)입니다."),
    )
    session = forms.ModelChoiceField(
        label=gettext_lazy("보고 회기"),
        queryset=CouncilSession.objects.none(),
        required=False,
        empty_label=gettext_lazy("표지에 적힌 회기"),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        reach = scopes.reach_of(request.user)
        departments = Department.objects.select_related("organization", "bureau")
        sessions = CouncilSession.objects.select_related("organization")
        if reach.superuser:
            self.fields["department"].queryset = departments
            self.fields["department"].empty_label = _("표지에 적힌 과 (없으면 새로 만듭니다)")
            self.fields["session"].queryset = sessions
        else:
            own = departments.filter(pk=reach.department_id)
            self.fields["department"].queryset = own
            self.fields["department"].required = True
            self.fields["department"].initial = reach.department_id
            self.fields["department"].empty_label = None
            organization = reach.team.department.organization_id if reach.team else None
            self.fields["session"].queryset = sessions.filter(organization_id=organization)

    def clean_report(self):
        upload = self.cleaned_data["report"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("파일이 너무 큽니다. %(limit)sMB 이하로 올리십시오.")
                % {"limit": MAX_BYTES // (1024 * 1024)}
            )
        return upload


def _pending_path(token: str) -> Path:
    # The token is ours (token_hex), never a path a visitor chose.
    if len(token) != 32 or not all(ch in "0123456789abcdef" for ch in token):
        raise PermissionDenied
    return PENDING_DIR / f"{token}{SUFFIX}"


def _remove_old_pending_files() -> None:
    remove_old_files(PENDING_DIR, SUFFIX, PENDING_MAX_AGE)


def _waiting(request) -> dict[str, dict]:
    return dict(request.session.get(SESSION_KEY, {}))


def _forget(request, token: str) -> None:
    _pending_path(token).unlink(missing_ok=True)
    waiting = _waiting(request)
    if waiting.pop(token, None) is not None:
        request.session[SESSION_KEY] = waiting


def _choices(form: HwpxUploadForm) -> dict:
    data = form.cleaned_data
    return {
        "name": Path(data["report"].name).name,
        "department": data["department"].pk if data["department"] else None,
        "year": data["year"],
        "session": data["session"].pk if data["session"] else None,
    }


def _targets(choices: dict) -> dict:
    return {
        "department": Department.objects.filter(pk=choices["department"])
        .select_related("organization", "bureau")
        .first()
        if choices["department"]
        else None,
        "year": choices["year"],
        "session": CouncilSession.objects.filter(pk=choices["session"]).first()
        if choices["session"]
        else None,
    }


def import_hwpx_view(model_admin, request):
    """GET: the upload form. POST with a file: the preview. POST with a token: the import."""
    if not (
        model_admin.has_add_permission(request)
        and model_admin.has_change_permission(request)
        and (request.user.has_perms(import_permissions()) or may_import_workbooks(request))
    ):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("한글 파일로 초안 만들기"),
    }
    template = "admin/plans/workplan/import_hwpx.html"
    if request.method == "POST" and "token" in request.POST:
        token = request.POST["token"]
        path = _pending_path(token)
        choices = _waiting(request).get(token)
        if choices is None:
            raise PermissionDenied  # another session's file, or one never previewed
        if not path.exists():
            _forget(request, token)
            messages.error(request, _("확인할 파일이 없습니다. 파일을 다시 올려 주십시오."))
            return redirect("admin:plans_workplan_import_hwpx")
        reason = _("한글 파일로 초안 만들기: %s") % choices["name"]
        with transaction.atomic(), recording(reason=reason, user=request.user):
            reading, result = import_hwpx_report(
                path.read_bytes(), dry_run=False, **_targets(choices)
            )
            errors = list(reading.errors)
            refusal = None if errors else workbook_refusal(request, result)
            if refusal:
                errors = [refusal]
                transaction.set_rollback(True)
        _forget(request, token)
        if errors:
            context.update(form=HwpxUploadForm(request=request), errors=errors)
            return TemplateResponse(request, template, context)
        summary = result.summary()
        model_admin.log_change(request, result.plan, _("한글 파일로 초안 만들기: %s") % summary)
        messages.success(request, summary)
        if reading.unplaced:
            messages.warning(
                request,
                _("자리를 찾지 못한 %(count)s곳은 정정 내역에 적어 두었습니다.")
                % {"count": len(reading.unplaced)},
            )
        return redirect(reverse("admin:plans_workplan_change", args=[result.plan.pk]))

    form = HwpxUploadForm(request.POST or None, request.FILES or None, request=request)
    if request.method == "POST" and form.is_valid():
        _remove_old_pending_files()
        data = form.cleaned_data["report"].read()
        choices = _choices(form)
        reading, result = import_hwpx_report(data, dry_run=True, **_targets(choices))
        errors = list(reading.errors)
        refusal = None if errors else workbook_refusal(request, result)
        if refusal:
            errors = [refusal]
        context.update(
            file_name=choices["name"],
            recognised=reading.recognised,
            unplaced=reading.unplaced,
            notes=reading.notes,
            remarks=reading.remarks,
        )
        if errors:
            context.update(form=HwpxUploadForm(request=request), errors=errors)
            return TemplateResponse(request, template, context)
        if result.changed:
            token = secrets.token_hex(16)
            PENDING_DIR.mkdir(parents=True, exist_ok=True)
            _pending_path(token).write_bytes(data)
            request.session[SESSION_KEY] = {**_waiting(request), token: choices}
            context["token"] = token
        context.update(form=None, result=result, rows=summary_rows(result))
        return TemplateResponse(request, template, context)
    context["form"] = form
    return TemplateResponse(request, template, context)
