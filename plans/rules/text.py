"""Text as the portal stores it, whichever way it comes in (an admin form, a spreadsheet cell,
the plan document): one cleaner and one check, so a value typed in the admin and the same value
read from a file compare equal and are refused for the same reason.

- :func:`clean_text`: composed Hangul (NFC: jamo typed on some phones or pasted from a Mac
  compose into the syllables the search and the comparisons look for), line breaks as ``\\n``,
  trailing blanks of each line and blank lines at either end dropped; a single line is trimmed,
  the indentation of multi-line text (an outline) is kept.
- :class:`CleanTextModel`: the models' side of the same rule. Every text column of the plan's
  models is cleaned by :func:`clean_text` when the row is validated (``full_clean``) and when
  it is saved, so a value typed in the admin, read from a workbook or set in a shell is stored
  the same way (a CRLF kept by one path and not the other made the first round trip of a
  workbook report changes that were none, "개요: (없음) → (없음)").
- :func:`check_text`: no control characters. NUL cannot be stored by PostgreSQL at all (SQLite
  takes it, so a file would load on one database and not the other) and the others are invisible
  in every page and print; tab and line break stay allowed in multi-line text."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

#: Control characters text may hold: tab and line break (multi-line text, outlines).
ALLOWED_CONTROLS = frozenset("\t\n")


def clean_text(value: Any) -> str:
    """``value`` as text is stored (see the module doc); ``None`` is ``""``."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) == 1:
        return lines[0].strip()
    return "\n".join(lines)


def _is_refused(character: str) -> bool:
    # Cc: C0 and C1 controls and DEL; Cs: a lone surrogate, which no database can store either.
    return character not in ALLOWED_CONTROLS and unicodedata.category(character) in ("Cc", "Cs")


def control_character_message(text: str) -> str | None:
    """Why ``text`` cannot be stored (its first control character, named by its code), or
    ``None``. Carriage returns are left to :func:`clean_text`, which turns them into line
    breaks."""
    for character in text:
        if character != "\r" and _is_refused(character):
            code = f"U+{ord(character):04X}"
            name = "NUL 문자" if character == "\0" else "제어 문자"
            return (
                f"보이지 않는 {name}({code})가 들어 있습니다. 그 글자를 지우고 다시 입력하십시오."
            )
    return None


def check_text(value: Any) -> None:
    """A field validator: refuses text with a control character (see the module doc)."""
    if isinstance(value, str):
        message = control_character_message(value)
        if message is not None:
            raise ValidationError(message, code="control_character")


def is_text_column(field: models.Field) -> bool:
    """A free-text column: a CharField or TextField itself (not a slug, e-mail or address
    field, which have rules of their own) without choices (an enumeration's value is a key)."""
    return type(field) in (models.CharField, models.TextField) and not field.choices


def clean_text_columns(instance: models.Model) -> None:
    """Clean every text column of ``instance`` in place with :func:`clean_text`."""
    for field in instance._meta.concrete_fields:
        if is_text_column(field):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, clean_text(value))


class CleanTextModel(models.Model):
    """A model whose text columns are stored as :func:`clean_text` leaves them, however the row
    is written: before the field validators run (``full_clean``) and again on ``save`` (a shell,
    a service that sets a field without validating). ``bulk_create``/``update`` bypass both;
    the imports that use them clean every cell already (plans.exchange)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        clean_text_columns(self)
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        clean_text_columns(self)
        super().clean_fields(exclude)


def clean_stored_text(model: type[models.Model]) -> int:
    """Clean the stored text columns of every row of ``model`` (a data migration's historical
    model too): rows whose text changes are updated by key, without saving (no history entry
    for a change no one made). Returns the number of rows changed."""
    names = [field.attname for field in model._meta.concrete_fields if is_text_column(field)]
    if not names:
        return 0
    changed = 0
    for row in model._base_manager.values("pk", *names).iterator():
        cleaned = {name: clean_text(row[name]) for name in names if isinstance(row[name], str)}
        updates = {name: value for name, value in cleaned.items() if value != row[name]}
        if updates:
            model._base_manager.filter(pk=row["pk"]).update(**updates)
            changed += 1
    return changed
