"""Importing a whole-plan workbook in the admin: upload, a preview of what would change (or of
every bad cell), then confirm. The preview is a real load rolled back, so what it shows is what
the confirmation will do; the file waits between the two steps under a random name that only
the session which uploaded it may confirm, and for a day at most.

The load writes organization, staffing, budget, civic and plan tables, so importing asks for
add, change and delete permission on every model the load writes (:func:`import_permissions`),
or a 검토자 whose file changes only tables it may change, of its own department's plan; a plan
that is not a draft is never imported over (plans.admin.access.workbook_refusal).
It never changes a plan's 상태 or 게시 시각 (see plans.exchange.workbook.reader)."""

from __future__ import annotations

import functools
import secrets
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalChanges

from personnel.roles import PORTAL_APPS
from plans.access import scopes
from plans.access.editing import editing_refusal
from plans.admin.pending import MAX_AGE, remove_old_files
from plans.exchange import cells
from plans.exchange.documents import LoadResult
from plans.exchange.workbook.reader import import_plan_workbook
from plans.history import recording

PENDING_DIR = Path(getattr(settings, "WORKBOOK_PENDING_DIR", settings.BASE_DIR / "var" / "imports"))
APPS = PORTAL_APPS
# Models of those apps that loading a plan document never writes.
NOT_LOADED = frozenset({"civic.CitizenSuggestion"})
SESSION_KEY = "plans_workbook_import_tokens"
# The uploaded file's name per token, for the change history ("엑셀 통합문서 가져오기: 이름").
NAMES_KEY = "plans_workbook_import_names"
PENDING_MAX_AGE = MAX_AGE  # seconds a previewed file may wait for its confirmation


@functools.cache
def import_permissions() -> tuple[str, ...]:
    """Add, change and delete permission on every model an import may write (its change
    history is written along with it, and asks for nothing more)."""
    return tuple(
        f"{model._meta.app_label}.{get_permission_codename(action, model._meta)}"
        for app_label in APPS
        for model in apps.get_app_config(app_label).get_models()
        if model._meta.label not in NOT_LOADED and not issubclass(model, HistoricalChanges)
        for action in ("add", "change", "delete")
    )


class WorkbookUploadForm(forms.Form):
    workbook = forms.FileField(
        label=gettext_lazy("업무계획 엑셀 통합문서(.xlsx)"),
        help_text=gettext_lazy("업무계획 화면의 '엑셀 통합문서'로 내려받아 고친 파일을 올립니다."),
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > cells.upload_limit():
            raise forms.ValidationError(cells.too_large_message(upload.size))
        return upload


def _pending_path(token: str) -> Path:
    # The token is ours (token_hex), never a path a visitor chose.
    if not token or not all(ch in "0123456789abcdef" for ch in token) or len(token) != 32:
        raise PermissionDenied
    return PENDING_DIR / f"{token}.xlsx"


def _session_tokens(request) -> list[str]:
    return list(request.session.get(SESSION_KEY, []))


def _forget(request, token: str, path: Path) -> None:
    path.unlink(missing_ok=True)
    request.session[SESSION_KEY] = [t for t in _session_tokens(request) if t != token]
    names = dict(request.session.get(NAMES_KEY, {}))
    if names.pop(token, None) is not None:
        request.session[NAMES_KEY] = names


def remove_old_pending_files(max_age: float = PENDING_MAX_AGE) -> None:
    """Delete previewed files that have waited longer than ``max_age`` seconds."""
    remove_old_files(PENDING_DIR, ".xlsx", max_age)


def _model_label(name: str) -> str:
    for app_label in APPS:
        try:
            return str(apps.get_model(app_label, name)._meta.verbose_name_plural)
        except LookupError:
            continue
    return name


def summary_rows(result: LoadResult) -> list[dict]:
    """Per table: created, updated, deleted, unchanged; tables that change come first."""
    names = list(dict.fromkeys([*result.created, *result.updated, *result.deleted,
                                *result.unchanged]))  # fmt: skip
    rows = [
        {
            "label": _model_label(name),
            "created": result.created[name],
            "updated": result.updated[name],
            "deleted": result.deleted[name],
            "unchanged": result.unchanged[name],
        }
        for name in names
    ]
    return sorted(rows, key=lambda row: not (row["created"] or row["updated"] or row["deleted"]))


def import_workbook_view(model_admin, request):
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
        "title": _("업무계획 엑셀 통합문서 가져오기"),
    }
    if request.method == "POST" and "token" in request.POST:
        token = request.POST["token"]
        path = _pending_path(token)
        if token not in _session_tokens(request):
            raise PermissionDenied  # another session's file, or one never previewed
        if not path.exists():
            _forget(request, token, path)
            messages.error(request, _("확인할 파일이 없습니다. 파일을 다시 올려 주십시오."))
            return redirect("admin:plans_workplan_import_workbook")
        name = Path(str(request.session.get(NAMES_KEY, {}).get(token, ""))).name
        reason = _("엑셀 통합문서 가져오기: %s") % name if name else _("엑셀 통합문서 가져오기")
        with transaction.atomic(), recording(reason=reason, user=request.user):
            result, errors = import_plan_workbook(path.read_bytes(), dry_run=False)
            refusal = None if errors else workbook_refusal(request, result)
            if refusal:  # the roles and the workflow lock (plans.admin.access)
                errors = [refusal]
                transaction.set_rollback(True)
        _forget(request, token, path)
        if errors:
            # Something changed between preview and confirmation: nothing was written.
            return TemplateResponse(
                request,
                "admin/plans/workplan/import_workbook.html",
                {**context, "form": WorkbookUploadForm(), "errors": errors},
            )
        summary = result.summary()
        model_admin.log_change(request, result.plan, _("엑셀 통합문서 가져오기: %s") % summary)
        messages.success(request, summary)
        return redirect(reverse("admin:plans_workplan_change", args=[result.plan.pk]))

    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        remove_old_pending_files()
        data = form.cleaned_data["workbook"].read()
        result, errors = import_plan_workbook(data, dry_run=True)
        refusal = None if errors else workbook_refusal(request, result)
        if refusal:
            errors = [refusal]
        if errors:
            context.update(form=WorkbookUploadForm(), errors=errors)
        else:
            if result.changed:
                # Only a file with something to confirm waits for the confirmation.
                token = secrets.token_hex(16)
                PENDING_DIR.mkdir(parents=True, exist_ok=True)
                _pending_path(token).write_bytes(data)
                request.session[SESSION_KEY] = [*_session_tokens(request), token]
                request.session[NAMES_KEY] = {
                    **request.session.get(NAMES_KEY, {}),
                    token: form.cleaned_data["workbook"].name,
                }
                context["token"] = token
            context.update(
                form=None,
                result=result,
                rows=summary_rows(result),
                file_name=form.cleaned_data["workbook"].name,
            )
        return TemplateResponse(request, "admin/plans/workplan/import_workbook.html", context)
    context["form"] = form
    return TemplateResponse(request, "admin/plans/workplan/import_workbook.html", context)


# ---------------------------------------------------------------------------------------------
# Who may import a workbook, and what its load may write


def may_import_workbooks(request) -> bool:
    """Whether the user may open the workbook import at all: a superuser, or a 검토자 (who
    may change its department's whole plan). What a file would write is checked after its
    preview by :func:`workbook_refusal`."""
    reach = scopes.reach_of(request.user)
    return reach.superuser or (reach.team is not None and reach.edits_department)


def _loaded_model(name: str):
    for app_label in APPS:
        try:
            return apps.get_model(app_label, name)
        except LookupError:
            continue
    return None


def workbook_refusal(request, result) -> str | None:
    """Why the user may not import a whole-plan workbook whose load (``result``, a dry run or
    the real one inside a transaction still open) did this, or None.

    The plan must be of the user's department and a draft (the lock holds for superusers too),
    and every table the load creates, changes or deletes rows of needs the user's permission
    for that: a 검토자 may change the department's plan, figures and civic registers, but a
    file that would rename a team, add a grade or change the county's budget is refused."""
    reach = scopes.reach_of(request.user)
    plan = result.plan
    if not reach.superuser:
        if reach.team is None:
            return _(scopes.NO_TEAM_MESSAGE)
        if not reach.edits_department:
            return _("업무계획 엑셀 통합문서는 검토자만 가져올 수 있습니다 (%(who)s).") % {
                "who": reach.label
            }
        if plan is None or plan.department_id != reach.department_id:
            return _("다른 과의 업무계획은 가져올 수 없습니다 (%(who)s).") % {"who": reach.label}
    if not result.changed:
        return None
    message = editing_refusal(plan)
    if message:
        return message
    if reach.superuser:
        return None
    for action, counts in (
        ("add", result.created),
        ("change", result.updated),
        ("delete", result.deleted),
    ):
        for name, count in counts.items():
            model = _loaded_model(name)
            if not count or model is None:
                continue
            opts = model._meta
            codename = get_permission_codename(action, opts)
            if not request.user.has_perm(f"{opts.app_label}.{codename}"):
                return _(
                    "이 파일은 %(table)s 표의 %(count)s행을 바꿉니다. %(table)s 표는 "
                    "관리자만 바꿀 수 있습니다. 관리자에게 요청하거나 그 표를 내려받은 대로 "
                    "두십시오."
                ) % {"table": opts.verbose_name_plural, "count": count}
    return None
