"""Text as the portal stores it, whichever way it comes in (an admin form, a spreadsheet cell,
the plan document): one cleaner and one check, so a value typed in the admin and the same value
read from a file compare equal and are refused for the same reason.

- :func:`clean_text`: composed Hangul (NFC: jamo typed on some phones or pasted from a Mac
  compose into the syllables the search and the comparisons look for), line breaks as ``\\n``,
  trailing blanks of each line and blank lines at either end dropped; a single line is trimmed,
  the indentation of multi-line text (an outline) is kept.
- :func:`check_text`: no control characters. NUL cannot be stored by PostgreSQL at all (SQLite
  takes it, so a file would load on one database and not the other) and the others are invisible
  in every page and print; tab and line break stay allowed in multi-line text."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError

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
