"""Reading the project's translation catalogues (locale/ko/LC_MESSAGES/*.po) and compiling them
to the .mo files Django loads, in Python alone: Django's own `compilemessages` runs GNU gettext's
msgfmt, which a developer's machine or a server may not have, and the compiled files are
committed so that none needs it (`manage.py compile_catalogue`; tests/admin/test_catalogue.py
fails when a .mo is not what its .po compiles to).

The .po subset read is what the catalogues use: comments, ``msgctxt``, ``msgid``,
``msgid_plural``, ``msgstr`` and ``msgstr[n]``, strings continued on following lines; a
``#, fuzzy`` entry is left out, as msgfmt leaves it out. The .mo is GNU's format as Python's
``Tools/i18n/msgfmt.py`` writes it (no hash table, which readers do not need)."""

from __future__ import annotations

import ast
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

#: A context and its message are joined by EOT in a compiled catalogue (as gettext looks them up).
CONTEXT_SEPARATOR = "\x04"
MO_MAGIC = 0x950412DE

_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)?\s*(".*")\s*$')


class CatalogueError(ValueError):
    """A line of a .po file this reader does not understand."""


@dataclass
class Entry:
    """One message of a .po file."""

    msgid: str
    msgstr: list[str] = field(default_factory=list)  # one form, or one per plural form
    msgid_plural: str | None = None
    msgctxt: str | None = None
    fuzzy: bool = False
    line: int = 0  # where it starts in the file, for messages about it

    @property
    def key(self) -> str:
        """The message as a compiled catalogue names it (with its context)."""
        if self.msgctxt is None:
            return self.msgid
        return f"{self.msgctxt}{CONTEXT_SEPARATOR}{self.msgid}"


def read_po(text: str) -> list[Entry]:
    """The entries of a .po file's text, the header (msgid "") first."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None  # the string a continued line extends
    previous = None  # the last keyword read
    fuzzy = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            continue
        match = _LINE.match(line)
        if match is None:
            raise CatalogueError(f"{number}행을 읽을 수 없습니다: {raw}")
        keyword, index, quoted = match.groups()
        value = ast.literal_eval(quoted)
        if keyword is None:  # a string continued from the line before
            if current is None or target is None:
                raise CatalogueError(f"{number}행: 이어지는 문자열 앞에 항목이 없습니다.")
            _extend(current, target, value)
            continue
        # An entry starts with its context, or with its msgid when it has none.
        if keyword == "msgctxt" or (keyword == "msgid" and previous != "msgctxt"):
            if current is not None:
                entries.append(current)
            current = Entry(msgid="", fuzzy=fuzzy, line=number)
            fuzzy = False
        if current is None:
            raise CatalogueError(f"{number}행: {keyword} 앞에 msgid가 없습니다.")
        if keyword.startswith("msgstr"):
            position = int(index) if index is not None else 0
            if position != len(current.msgstr):
                raise CatalogueError(f"{number}행: msgstr[{position}]의 순서가 맞지 않습니다.")
            current.msgstr.append(value)
            target = ("msgstr", position)
        else:
            setattr(current, keyword, value)
            target = (keyword, None)
        previous = keyword
    if current is not None:
        entries.append(current)
    return entries


def _extend(entry: Entry, target: tuple[str, int | None], value: str) -> None:
    name, position = target
    if name == "msgstr":
        entry.msgstr[position] += value
    else:
        setattr(entry, name, getattr(entry, name) + value)


def compile_mo(entries: list[Entry]) -> bytes:
    """A GNU .mo file of ``entries`` (fuzzy ones and ones without a translation left out)."""
    messages: dict[bytes, bytes] = {}
    for entry in entries:
        if entry.fuzzy and entry.msgid:
            continue
        if not entry.msgid and entry.msgstr:  # the header
            messages[b""] = entry.msgstr[0].encode()
            continue
        if not any(entry.msgstr):
            continue
        key = entry.key.encode()
        if entry.msgid_plural is not None:
            key += b"\0" + entry.msgid_plural.encode()
        messages[key] = b"\0".join(form.encode() for form in entry.msgstr)
    keys = sorted(messages)
    ids = strs = b""
    offsets = []
    for key in keys:
        offsets.append((len(ids), len(key), len(strs), len(messages[key])))
        ids += key + b"\0"
        strs += messages[key] + b"\0"
    count = len(keys)
    keys_start = 7 * 4 + count * 16  # after the header and both tables
    values_start = keys_start + len(ids)
    key_table, value_table = [], []
    for id_offset, id_length, str_offset, str_length in offsets:
        key_table += [id_length, id_offset + keys_start]
        value_table += [str_length, str_offset + values_start]
    header = struct.pack("Iiiiiii", MO_MAGIC, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    tables = struct.pack(f"{len(key_table)}i", *key_table)
    tables += struct.pack(f"{len(value_table)}i", *value_table)
    return header + tables + ids + strs


def compile_file(po_path: Path) -> bytes:
    return compile_mo(read_po(po_path.read_text(encoding="utf-8")))


def catalogues(locale_dir: Path) -> list[Path]:
    """Every .po file under a LOCALE_PATHS directory."""
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))
