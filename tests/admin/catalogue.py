"""The project's catalogues (locale/ko) beside the Korean that Django and the installed apps ship:
what each says for a message, and the sentences of theirs that the project's replace, which must
then appear on no page (tests/admin/korean.py, rule "replaced translation")."""

from __future__ import annotations

import gettext
import re
from functools import cache
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.utils.translation import trans_real

from config.catalogue import Entry, read_po

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ko" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
#: A value a message puts into its text: %(name)s, %s, %d, {name}, {}.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")
#: A replaced sentence of fewer words than this is too common to look for (액션, 삭제됨.,
#: 추가되었습니다.); the other rules find what is wrong with those.
FEWEST_WORDS = 2


def project_entries(domain: str) -> list[Entry]:
    """The messages of locale/ko's catalogue of ``domain``, without the header."""
    text = (CATALOGUE / f"{domain}.po").read_text(encoding="utf-8")
    return [entry for entry in read_po(text) if entry.msgid]


@cache
def library_catalogues(domain: str) -> tuple[dict, ...]:
    """The Korean catalogues of the installed apps and of Django, in the order Django looks a
    message up (an app listed earlier first, Django's own last), without LOCALE_PATHS."""
    directories = [Path(app.path) / "locale" for app in apps.get_app_configs()]
    directories.append(Path(django.__file__).parent / "conf" / "locale")
    found = []
    for directory in directories:
        translations = gettext.translation(domain, directory, ["ko"], fallback=True)
        catalogue = getattr(translations, "_catalog", None)
        if catalogue:
            found.append(catalogue)
    return tuple(found)


def library_translation(entry: Entry, domain: str) -> str | None:
    """What Django or an installed app says for ``entry`` in Korean (its first form), if any."""
    key = entry.key if entry.msgid_plural is None else (entry.key, 0)
    for catalogue in library_catalogues(domain):
        if catalogue.get(key):
            return catalogue[key]
    return None


def effective_translations() -> set[str]:
    """Every Korean text the site can show for a message now (locale/ko over the libraries')."""
    catalogue = trans_real.translation("ko")._catalog
    return {catalogue[key] for key in set(catalogue.keys())} - {""}


def _pattern(text: str) -> str:
    return r"\s*".join(re.escape(word) for word in text.split())


@cache
def replaced_translation_patterns() -> tuple[re.Pattern, ...]:
    """Django's (and the apps') Korean sentences that locale/ko replaces, as patterns with any
    text where their placeholders were; left out are the short ones and those another message
    of the site still says (the site may show them rightly)."""
    current = effective_translations()
    patterns = []
    for entry in project_entries("django"):
        old = library_translation(entry, "django")
        if not old or old == entry.msgstr[0]:
            continue
        pieces = [piece for piece in PLACEHOLDER.split(old) if piece.strip()]
        if not pieces:
            continue
        if PLACEHOLDER.match(old.lstrip()) and re.match(r"[가-힣]", pieces[0].lstrip()):
            # "%(name)s를 삭제할 수 없습니다.": without the name, the rest is a sentence the
            # portal may say of any noun.
            continue
        if len(" ".join(pieces).split()) < FEWEST_WORDS:
            continue
        pattern = re.compile(r".{1,80}?".join(_pattern(piece) for piece in pieces))
        if not any(pattern.search(text) for text in current):
            patterns.append(pattern)
    return tuple(patterns)
