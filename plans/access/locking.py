"""No lost updates on a task card (optimistic locking).

The card's change form carries, signed, the state of the card and its parts as the editor
loaded them. Saving compares it with the state in the database, the card row locked: if
someone saved the card or any of its parts in between (in the admin, by an import, by a
revert), the save is refused and the editor is shown what changed, field by field, and by
whom. Their input stays in the form.

- If only the card's own fields changed, card fields they left as loaded show the other
  change and the form now carries the new state: saving again is a decision taken with the
  other change in view.
- If rows under the card changed (사업개요, 추진계획 …), the re-shown rows are the editor's
  stale copy, so the form keeps the old state and cannot save; the editor reloads the page.

Either way nothing is overwritten silently."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.models import TaskCard

SALT = "plans.task-card-state"
# Parts edited on the card's page, by related name, and how messages call them.
PARTS = (
    ("facts", "사업개요"),
    ("progress_items", "추진상황"),
    ("plan_items", "추진계획"),
    ("funding_rows", "소요예산"),
    ("contacts", "담당자"),
)
# Bookkeeping columns: they change with every save and say nothing about content.
IGNORED = {"id", "created_at", "updated_at", "card"}


def _value(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.time | Decimal):
        return str(value)
    return value


def _fields(obj) -> dict[str, Any]:
    return {
        str(field.verbose_name): _value(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.name not in IGNORED
    }


def card_state(card_pk: int) -> dict[str, Any]:
    """The card and its parts as plain values keyed by the names editors see."""
    card = TaskCard.objects.get(pk=card_pk)
    state: dict[str, Any] = {"과제": _fields(card)}
    for related_name, label in PARTS:
        rows = getattr(card, related_name).order_by("pk")
        state[label] = {str(row.pk): _fields(row) for row in rows}
    return state


def sign(state: dict[str, Any]) -> str:
    return signing.dumps(state, salt=SALT, compress=True)


def unsign(token: str) -> dict[str, Any] | None:
    try:
        return signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None


def _show(value: Any) -> str:
    if value is None or value == "":
        return _("(비어 있음)")
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Korean lines naming what differs: '과제명: 가 → 나', '추진계획 한 줄 추가' …"""
    lines = []
    for name, old in before["과제"].items():
        new = after["과제"].get(name)
        if old != new:
            lines.append(f"{name}: {_show(old)} → {_show(new)}")
    for _related, label in PARTS:
        old_rows, new_rows = before.get(label, {}), after.get(label, {})
        added = len(set(new_rows) - set(old_rows))
        removed = len(set(old_rows) - set(new_rows))
        if added:
            lines.append(_("%(part)s %(count)s줄 추가") % {"part": label, "count": added})
        if removed:
            lines.append(_("%(part)s %(count)s줄 삭제") % {"part": label, "count": removed})
        for pk in sorted(set(old_rows) & set(new_rows), key=int):
            for name, old in old_rows[pk].items():
                new = new_rows[pk].get(name)
                if old != new:
                    lines.append(f"{label} {name}: {_show(old)} → {_show(new)}")
    return lines


def _last_editor(card_pk: int) -> str:
    """Who saved the card last, from its change history where there is one."""
    history = getattr(TaskCard, "history", None)
    if history is None:
        return ""
    record = history.filter(id=card_pk).select_related("history_user").first()
    if record is None or record.history_user is None:
        return ""
    user = record.history_user
    when = record.history_date.astimezone().strftime("%H:%M")
    return f"{user.get_full_name() or user.get_username()}, {when}"


class OptimisticLockForm(forms.ModelForm):
    """The task card's admin form with the loaded state; see the module doc."""

    # Hidden, yet its label is in the page's text like any other: Korean too.
    loaded_state = forms.CharField(
        label=gettext_lazy("불러온 상태"), widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_state"] = sign(card_state(self.instance.pk))

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        # Locked until the admin's transaction ends, so two saves cannot both pass the check.
        TaskCard.objects.select_for_update(of=("self",)).filter(pk=self.instance.pk).exists()
        now = card_state(self.instance.pk)
        loaded = unsign(self.data.get(self.add_prefix("loaded_state"), ""))
        if loaded == now:
            return cleaned
        self.data = self.data.copy()
        if loaded is None:
            self.data[self.add_prefix("loaded_state")] = sign(now)
            raise ValidationError(
                _(
                    "이 화면을 연 뒤의 상태를 확인할 수 없습니다. "
                    "바뀐 내용이 없는지 보고 다시 저장하십시오."
                )
            )
        editor = _last_editor(self.instance.pk)
        changes = [
            _("바뀐 내용: %(change)s") % {"change": change}
            for change in changes_between(loaded, now)[:20]
        ]
        heading = _(
            "이 화면을 연 뒤에 다른 사람이 이 과제를 고쳐 저장했습니다%(editor)s. "
            "덮어쓰지 않도록 저장하지 않았습니다."
        ) % {"editor": f"({editor})" if editor else ""}
        if {key: value for key, value in loaded.items() if key != "과제"} != {
            key: value for key, value in now.items() if key != "과제"
        }:
            # The rows below the card are re-shown as this editor posted them; saving them
            # again would put back what the other person changed. So the form keeps the
            # state it was loaded with, and only a fresh load can save.
            raise ValidationError(
                [
                    heading,
                    _(
                        "사업개요·추진상황·추진계획·소요예산·담당자 중 바뀐 줄이 있어 "
                        "이 화면으로는 저장할 수 없습니다. 입력한 내용을 옮겨 적어 두고 "
                        "화면을 새로 불러와 다시 고치십시오."
                    ),
                    *changes,
                ]
            )
        self.data[self.add_prefix("loaded_state")] = sign(now)
        self._show_others_changes(cleaned, loaded["과제"], now["과제"])
        raise ValidationError(
            [
                heading,
                _("아래 바뀐 내용을 확인하고, 입력한 내용이 맞으면 다시 저장하십시오."),
                *changes,
            ]
        )

    def _show_others_changes(self, cleaned, loaded: dict[str, Any], now: dict[str, Any]) -> None:
        """Put in the form shown again the stored value of each card field that someone else
        changed and this editor left as loaded, so saving again does not silently put back
        the old value. Fields both changed keep this editor's input (the message shows both)."""
        for name, field in self.fields.items():
            try:
                model_field = self.instance._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            label = str(model_field.verbose_name)
            if label not in loaded or loaded[label] == now.get(label) or name not in cleaned:
                continue
            posted = cleaned[name]
            posted = _value(posted.pk if isinstance(posted, models.Model) else posted)
            if posted != loaded[label]:
                continue
            key, value = self.add_prefix(name), now.get(label)
            if isinstance(field.widget, forms.CheckboxInput):
                if value:
                    self.data[key] = "on"
                else:
                    self.data.pop(key, None)
            else:
                self.data[key] = "" if value is None else str(value)
