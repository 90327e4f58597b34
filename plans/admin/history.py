"""The admin's change history pages (변경 이력), for every admin page of the portal
(plans.admin.base.PortalAdmin builds on :class:`HistoryAdmin`).

- The 변경 이력 button of a change page lists every recorded change of the object, newest first:
  when, who, 추가/변경/삭제, what changed (field: old → new, with the fields' Korean names)
  and why (엑셀 가져오기: file, 이력에서 되돌림 …). An object edited with inline parts (a task
  card with its 사업개요, 추진상황, 추진계획, 소요예산 and 담당자) lists its parts' changes with
  it, each naming its part. Below, the admin's own log (LogEntry) of the object.
- A record opens as the object was then. A user with ``plans.revert_history`` (the 검토자 group;
  superusers) who may also change the object now (the admin's ``has_change_permission``, so
  the roles and the workflow lock apply) sees 이 시점으로 되돌리기; anyone else who may view
  the object sees the values read-only, and a POST is refused. A revert restores the fields
  of the object's own form (not its parts, which have their own history) and is recorded with
  the reason "이력에서 되돌림 (기록 #id)", in the history and in the admin's log."""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass
from functools import cached_property

from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.forms.models import _get_foreign_key
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges
from simple_history.utils import get_history_manager_for_model

from plans.exchange.changes import changed_lines

#: Whoever holds it may restore an object to a recorded state (given to the 검토자 group).
REVERT_PERMISSION = "plans.revert_history"

#: Longest value shown in a change before it is cut (the record itself shows all of it).
MAX_VALUE_CHARS = 160

EMPTY = "(없음)"


def is_tracked(model: type[models.Model]) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


@dataclass(frozen=True)
class Change:
    """One field of a change: its Korean name, the value before and after."""

    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One historical row as the history page lists it. Its label, changes and address are
    worked out when shown, so only the page of entries on screen pays for them."""

    record: HistoricalChanges
    #: The part's name ("추진계획") for a part's change; "" for the object's own.
    part: str
    model: type[models.Model] | None = None
    #: The row before it of the same object, to show the changes against.
    before: HistoricalChanges | None = None
    #: The URL name of the record's own page, where its admin has one.
    url_name: str | None = None
    current_app: str | None = None

    @cached_property
    def label(self) -> str:
        return record_label(self.record)

    @cached_property
    def changes(self) -> list[Change]:
        if self.before is None or self.record.history_type != "~":
            return []
        return record_changes(self.model, self.before, self.record)

    @cached_property
    def url(self) -> str | None:
        if not self.url_name:
            return None
        key = getattr(self.record, self.model._meta.pk.attname)
        return reverse(
            self.url_name, args=[quote(key), self.record.history_id], current_app=self.current_app
        )

    @property
    def date(self) -> datetime.datetime:
        return self.record.history_date

    @property
    def kind(self) -> str:
        """``+ 추가``, ``~ 변경`` or ``- 삭제``."""
        return f"{self.record.history_type} {self.record.get_history_type_display()}"

    @property
    def css_class(self) -> str:
        return {"+": "added", "~": "changed", "-": "deleted"}.get(self.record.history_type, "")

    @property
    def user(self):
        return self.record.history_user

    @property
    def reason(self) -> str:
        return self.record.history_change_reason or ""


@dataclass(frozen=True)
class _Revert:
    """What the record page being served is about (kept on the request)."""

    record: HistoricalChanges
    current: models.Model | None
    allowed: bool

    @property
    def reason(self) -> str:
        return _("이력에서 되돌림 (기록 #%(id)s)") % {"id": self.record.history_id}


# ---------------------------------------------------------------------------------------------
# Showing a value and a change


def display_value(record: HistoricalChanges, model_field: models.Field) -> str:
    """A field's value in a historical row, as a person reads it."""
    value = getattr(record, model_field.attname)
    if value is None or value == "":
        return EMPTY
    if model_field.is_relation:
        try:
            related = getattr(record, model_field.name)
        except ObjectDoesNotExist:
            related = None
        if related is None:
            return _("(삭제된 %(model)s #%(id)s)") % {
                "model": model_field.related_model._meta.verbose_name,
                "id": value,
            }
        return _shorten(_safe_str(related, f"#{value}"))
    if model_field.flatchoices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("예") if value else _("아니요")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return _shorten(str(value))


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _safe_str(obj, fallback: str) -> str:
    try:
        return str(obj)
    except ObjectDoesNotExist:  # its __str__ names a related row that is gone
        return fallback


def _changed_lines(old: str, new: str) -> tuple[str, str]:
    """Of two multi-line texts, only the lines that differ, joined with " ⏎ " (the import
    preview's rule, plans.exchange.changes, on one line each)."""
    removed, added = changed_lines(old, new)
    return " ⏎ ".join(line.strip() for line in removed), " ⏎ ".join(line.strip() for line in added)


def record_changes(
    model: type[models.Model], old: HistoricalChanges, new: HistoricalChanges
) -> list[Change]:
    """What changed from ``old`` to ``new`` (two historical rows of one object), field by field
    in the model's order, with Korean field names."""
    delta = new.diff_against(old)
    order = {model_field.name: i for i, model_field in enumerate(model._meta.fields)}
    changes = []
    for name in sorted(delta.changed_fields, key=lambda name: order.get(name, len(order))):
        model_field = model._meta.get_field(name)
        before, after = display_value(old, model_field), display_value(new, model_field)
        raw_old, raw_new = getattr(old, model_field.attname), getattr(new, model_field.attname)
        if isinstance(raw_old, str) and isinstance(raw_new, str) and "\n" in raw_old + raw_new:
            before, after = (_shorten(text) or EMPTY for text in _changed_lines(raw_old, raw_new))
        changes.append(Change(str(capfirst(model_field.verbose_name)), before, after))
    return changes


def record_label(record: HistoricalChanges) -> str:
    """The object as it was (its ``__str__``), using the related rows fetched with it."""
    instance = record.history_object
    for model_field in instance._meta.concrete_fields:
        if model_field.is_relation and model_field.name in record._state.fields_cache:
            instance._state.fields_cache[model_field.name] = record._state.fields_cache[
                model_field.name
            ]
    return _shorten(_safe_str(instance, f"{instance._meta.verbose_name} #{instance.pk}"))


# ---------------------------------------------------------------------------------------------
# The admin


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin with the portal's history page, record page and revert rule."""

    object_history_template = "admin/history/object_history.html"
    object_history_form_template = "admin/history/object_history_form.html"
    history_list_per_page = 50
    #: How many of the admin's own log entries (LogEntry) the history page shows.
    history_log_entries = 100

    # -- who may revert ----------------------------------------------------------------------

    def can_revert(
        self, request, *, current: models.Model | None, historical: models.Model
    ) -> bool:
        """``plans.revert_history`` and permission to change the object now (to add it again
        if it was deleted) and as it will be (its team or plan then may be another's)."""
        if not request.user.has_perm(REVERT_PERMISSION):
            return False
        try:
            if current is None:
                return self.has_add_permission(request) and self.has_change_permission(
                    request, historical
                )
            if current is historical:
                return self.has_change_permission(request, current)
            return self.has_change_permission(request, current) and self.has_change_permission(
                request, self.reverted(request, current=current, historical=historical)
            )
        except ObjectDoesNotExist:  # a row the old state refers to is gone
            return False

    def reverted(self, request, *, current: models.Model, historical: models.Model):
        """The object as a revert would save it: the recorded values of the fields its form
        shows, the current values of the rest (as the form of :meth:`get_form` keeps them)."""
        shown = set(self.get_form(request, current).base_fields)
        return self.model(
            **{
                model_field.attname: getattr(
                    historical if model_field.name in shown else current, model_field.attname
                )
                for model_field in self.model._meta.concrete_fields
            }
        )

    def revert_disabled(self, request, obj=None):
        revert = getattr(request, "_history_revert", None)
        if revert is not None:
            return not revert.allowed
        return obj is None or not self.can_revert(request, current=obj, historical=obj)

    def _current(self, request, object_id) -> models.Model | None:
        """The object as stored now, among the rows this user may see; None if deleted. One
        that exists but is not theirs answers 404, as its change page does."""
        current = self.get_queryset(request).filter(pk=object_id).first()
        if current is None and self.model._default_manager.filter(pk=object_id).exists():
            raise Http404
        return current

    # -- the list of changes -----------------------------------------------------------------

    def history_parts(self, request, obj) -> list[tuple[type[models.Model], str]]:
        """The parts whose changes the object's history lists with its own: the tracked models
        of its inlines, each with the attribute naming the object (``card_id``)."""
        parts = []
        for inline in self.get_inline_instances(request, obj):
            if not is_tracked(inline.model):
                continue
            foreign_key = _get_foreign_key(
                self.model, inline.model, fk_name=inline.fk_name, can_fail=True
            )
            if foreign_key is not None and (inline.model, foreign_key.attname) not in parts:
                parts.append((inline.model, foreign_key.attname))
        return parts

    def history_entries(self, object_id, parts) -> list[HistoryEntry]:
        """The object's and its parts' historical rows, newest first, each with the row before
        it (of the same object) to show its changes against."""
        # A model the history does not track (a 게시본, written once) lists its parts' changes
        # and the admin's log only.
        sources = [(self.model, self.model._meta.pk.attname, "")] if is_tracked(self.model) else []
        sources += [
            (part, attname, str(capfirst(part._meta.verbose_name))) for part, attname in parts
        ]
        entries: list[HistoryEntry] = []
        for model, attname, part in sources:
            manager = get_history_manager_for_model(model)
            related = [
                model_field.name
                for model_field in manager.model._meta.concrete_fields
                if isinstance(model_field, models.ForeignKey)
            ]
            records = (
                manager.filter(**{attname: object_id})
                .select_related(*related)
                .order_by("history_date", "history_id")
            )
            pk_name = model._meta.pk.attname
            previous: dict = {}
            url_name = self._record_url_name(model)
            for record in records:
                key = getattr(record, pk_name)
                entries.append(
                    HistoryEntry(
                        record,
                        part,
                        model,
                        before=previous.get(key),
                        url_name=url_name,
                        current_app=self.admin_site.name,
                    )
                )
                previous[key] = record
        entries.sort(key=lambda entry: (entry.date, not entry.part), reverse=True)
        return entries

    def _record_url_name(self, model) -> str | None:
        """The URL name of a record's page of ``model``, if its admin has one."""
        if not isinstance(self.admin_site._registry.get(model), SimpleHistoryAdmin):
            return None
        opts = model._meta
        return f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_simple_history"

    def history_view(self, request, object_id, extra_context=None):
        request.current_app = self.admin_site.name
        object_id = unquote(object_id)
        obj = self._current(request, object_id)
        if obj is None:  # deleted: shown as it was last, if the history kept it
            if not is_tracked(self.model):
                raise Http404
            manager = get_history_manager_for_model(self.model)
            latest = manager.filter(**{self.model._meta.pk.attname: object_id}).first()
            if latest is None:
                raise Http404
            obj = latest.instance
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied

        parts = self.history_parts(request, obj)
        paginator = Paginator(self.history_entries(object_id, parts), self.history_list_per_page)
        page_obj = paginator.get_page(request.GET.get(PAGE_VAR))
        opts = self.model._meta
        log_entries = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(self.model),
                object_id=str(object_id),
            )
            .select_related("user")
            .order_by("-action_time")[: self.history_log_entries]
        )
        context = {
            **self.admin_site.each_context(request),
            "title": self.history_view_title(request, obj),
            "subtitle": None,
            "object": obj,
            "opts": opts,
            "module_name": str(capfirst(opts.verbose_name_plural)),
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
            "page_var": PAGE_VAR,
            "pagination_required": paginator.num_pages > 1,
            "parts": [str(capfirst(part._meta.verbose_name)) for part, _attname in parts],
            "revert_allowed": not self.revert_disabled(request, obj),
            "log_entries": log_entries,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def history_view_title(self, request, obj):
        return _("변경 이력: %s") % obj

    # -- one record, and reverting to it -----------------------------------------------------

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not is_tracked(self.model):
            raise Http404  # no records to open
        object_id = unquote(object_id)
        manager = get_history_manager_for_model(self.model)
        record = get_object_or_404(
            manager.model, **{self.model._meta.pk.attname: object_id, "history_id": version_id}
        )
        current = self._current(request, object_id)
        historical = record.instance
        if not self.has_view_history_or_change_history_permission(request, current or historical):
            raise PermissionDenied
        allowed = self.can_revert(request, current=current, historical=historical)
        if request.method == "POST" and not allowed:
            raise PermissionDenied
        request._history_revert = _Revert(record=record, current=current, allowed=allowed)
        context = {
            "history_record": record,
            "history_entry": HistoryEntry(record, ""),
            "revert_allowed": allowed,
            **(extra_context or {}),
        }
        handler = self
        if not allowed and self.prepopulated_fields:
            # A record shown read-only has no form field to fill in from another (a 과's
            # slug), and simple-history reads the attribute, not get_prepopulated_fields():
            # cleared on a copy for this request, as Django's own change view does for a view.
            handler = copy.copy(self)
            handler.prepopulated_fields = {}
        return super(HistoryAdmin, handler).history_form_view(
            request, object_id, version_id, extra_context=context
        )

    def history_form_view_title(self, request, obj):
        revert = getattr(request, "_history_revert", None)
        number = revert.record.history_id if revert else ""
        if self.revert_disabled(request, obj):
            return _("변경 이력 기록 #%(id)s: %(obj)s") % {"id": number, "obj": obj}
        return _("이 시점으로 되돌리기 (기록 #%(id)s): %(obj)s") % {"id": number, "obj": obj}

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        revert = getattr(request, "_history_revert", None)
        if revert is None or revert.allowed:
            return fields
        # Someone who may not revert sees the record's values, not a form to post (a form's
        # own non-model fields, hidden or not, stay: they have nothing to show).
        names = [
            model_field.name
            for model_field in self.model._meta.fields
            if model_field.editable and not model_field.primary_key
        ]
        return tuple(dict.fromkeys([*fields, *names]))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        revert = getattr(request, "_history_revert", None)
        if revert is None or not revert.allowed or revert.current is None:
            return form_class  # (read-only, the record's values are shown as they were)
        current = revert.current

        class RevertForm(form_class):
            """Only what the form shows is restored; the rest (a plan's 상태 and 게시본,
            timestamps) is the object's now, also while the form is validated."""

            def __init__(self, *args, instance=None, **kwargs):
                if instance is not None:
                    for model_field in instance._meta.concrete_fields:
                        if model_field.name not in self.base_fields:
                            value = getattr(current, model_field.attname)
                            setattr(instance, model_field.attname, value)
                super().__init__(*args, instance=instance, **kwargs)

        RevertForm.__name__ = form_class.__name__
        return RevertForm

    def save_model(self, request, obj, form, change):
        revert = getattr(request, "_history_revert", None)
        if revert is not None:
            obj._change_reason = revert.reason
        super().save_model(request, obj, form, change)

    def log_change(self, request, obj, message):
        revert = getattr(request, "_history_revert", None)
        if revert is not None:
            message = revert.reason
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        revert = getattr(request, "_history_revert", None)
        if revert is None:
            return super().response_change(request, obj)
        self.message_user(
            request,
            _("'%(obj)s'을(를) 기록 #%(id)s 시점으로 되돌렸습니다.")
            % {"obj": obj, "id": revert.record.history_id},
            messages.SUCCESS,
        )
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history",
                args=[quote(obj.pk)],
                current_app=self.admin_site.name,
            )
        )
