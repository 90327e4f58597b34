"""The change history of the plan data (변경 이력): every save and delete of a tracked model
writes a historical row with who, when, what kind of change and why (django-simple-history).

Models declare ``history = PlanHistory()``; its historical model has Korean names. Who made a
change comes from the request (``HistoryRequestMiddleware``) for the admin's pages; writes
outside a request, or in bulk (imports), name theirs with :func:`recording`::

    with recording(reason="엑셀 가져오기: 과제.xlsx", user=request.user):
        ...  # every history row written here carries that user and reason

Bulk writes do not send signals, so they write history through
``simple_history.utils.bulk_create_with_history`` / ``bulk_update_with_history`` with
:func:`current_user` and :func:`current_reason` (see plans.exchange.resources.base). A queryset's
``update()`` bypasses history: a change that stays is never written that way (the loader
parks a row's order with one only until its save records the new order).

This module imports no app's models, so every app's models.py can use it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: The change types of a historical row, as the history page labels them.
HISTORY_TYPES = [("+", _("추가")), ("~", _("변경")), ("-", _("삭제"))]

#: The length of ``history_change_reason`` (simple-history's default column).
REASON_MAX_LENGTH = 100


@dataclass(frozen=True)
class _Recording:
    user: Any
    reason: str


_recording: ContextVar[_Recording | None] = ContextVar("plans_history_recording", default=None)


@contextmanager
def recording(*, reason: str, user=None) -> Iterator[None]:
    """Attribute every history row written inside to ``user`` (if given and logged in;
    otherwise the request's user, or nobody for a command) and give it ``reason``."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    reason = str(reason)
    if len(reason) > REASON_MAX_LENGTH:
        reason = reason[: REASON_MAX_LENGTH - 1] + "…"
    token = _recording.set(_Recording(user, reason))
    try:
        yield
    finally:
        _recording.reset(token)


def current_user():
    """The user named by the innermost :func:`recording`, or None."""
    state = _recording.get()
    return state.user if state else None


def current_reason() -> str | None:
    """The reason given by the innermost :func:`recording`, or None."""
    state = _recording.get()
    return state.reason if state else None


class PlanHistory(HistoricalRecords):
    """``HistoricalRecords`` with Korean names (``과제 변경 이력``; 추가, 변경, 삭제) that also
    takes its user and reason from :func:`recording`."""

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        if not self.user_set_verbose_name:
            options["verbose_name"] = format_lazy("{} 변경 이력", model._meta.verbose_name)
        if not self.user_set_verbose_name_plural:
            options["verbose_name_plural"] = format_lazy(
                "{} 변경 이력", model._meta.verbose_name_plural
            )
        return options

    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        extra["history_date"] = models.DateTimeField(
            _("변경 시각"), db_index=self._date_indexing is True
        )
        extra["history_change_reason"] = models.CharField(
            _("변경 사유"), max_length=REASON_MAX_LENGTH, null=True
        )
        extra["history_type"] = models.CharField(_("구분"), max_length=1, choices=HISTORY_TYPES)
        return extra

    def _get_history_user_fields(self):
        fields = super()._get_history_user_fields()
        user = fields.get("history_user")
        if isinstance(user, models.ForeignKey):
            # As if passed to the constructor (which keeps it in both attributes).
            user.verbose_name = user._verbose_name = _("변경한 사람")
        return fields

    def get_history_user(self, instance):
        if hasattr(instance, "_history_user"):
            return instance._history_user
        return current_user() or super().get_history_user(instance)

    def get_change_reason_for_object(self, instance, history_type, using):
        return super().get_change_reason_for_object(instance, history_type, using) or (
            current_reason()
        )
