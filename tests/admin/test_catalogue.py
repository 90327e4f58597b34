"""The project's Korean catalogues (locale/ko): every message is Korean and keeps the values its
English puts in, the compiled .mo files say what the .po files say, Django shows the project's
message rather than its own, and no Korean the site can show leaves a particle to the name put
into it (Django's "%(name)s을(를)", "{name}을" are replaced by wordings that need none)."""

import gettext
import io
import re
from pathlib import Path

import django.contrib.admin
import pytest
from django.utils import translation
from django.utils.translation import trans_real

from config.catalogue import Entry, compile_file, compile_mo, read_po
from tests.admin import korean
from tests.admin.catalogue import (
    CATALOGUE,
    DOMAINS,
    PLACEHOLDER,
    effective_translations,
    library_translation,
    project_entries,
)

HANGUL = re.compile("[가-힣]")


def admin_javascript_translation() -> trans_real.DjangoTranslation:
    """The Korean of the admin's JavaScript, as its catalogue view (JavaScriptCatalog with the
    admin's package) makes it."""
    admin_locale = Path(django.contrib.admin.__file__).parent / "locale"
    return trans_real.DjangoTranslation("ko", domain="djangojs", localedirs=[str(admin_locale)])


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_is_korean_and_keeps_its_placeholders(domain):
    wrong = []
    for entry in project_entries(domain):
        english = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural or ""))
        for form in entry.msgstr:
            if not HANGUL.search(form):
                wrong.append(f"{entry.line}행: 한국어가 없습니다: {entry.msgid!r}")
            elif set(placeholders(form)) != english:
                wrong.append(f"{entry.line}행: 넣는 값이 다릅니다: {entry.msgid!r} → {form!r}")
            elif placeholders(form).count("%s") != placeholders(entry.msgid).count("%s"):
                wrong.append(f"{entry.line}행: %s의 수가 다릅니다: {entry.msgid!r}")
    assert wrong == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_compiled_catalogue_says_what_the_po_says(domain):
    """The .mo is committed so that no machine needs gettext; it must not go stale
    (`manage.py compile_catalogue` writes it)."""
    with (CATALOGUE / f"{domain}.mo").open("rb") as compiled:
        committed = gettext.GNUTranslations(compiled)
    expected = gettext.GNUTranslations(io.BytesIO(compile_file(CATALOGUE / f"{domain}.po")))
    assert len(expected._catalog) > 20
    assert committed._catalog == expected._catalog


def test_the_compiler_reads_contexts_plurals_and_continued_lines():
    entries = read_po(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        '#, fuzzy\nmsgid "Draft"\nmsgstr "초안"\n\n'
        'msgctxt "abbrev. month May"\nmsgid "May"\nmsgstr "5월"\n\n'
        'msgid "%s row"\nmsgid_plural "%s rows"\nmsgstr[0] ""\n"%s"\n"행"\n'
    )
    assert [entry.key for entry in entries] == ["", "Draft", "abbrev. month May\x04May", "%s row"]
    assert entries[1].fuzzy
    assert entries[3] == Entry("%s row", ["%s행"], "%s rows", line=13)
    compiled = gettext.GNUTranslations(io.BytesIO(compile_mo(entries)))
    assert compiled.pgettext("abbrev. month May", "May") == "5월"
    assert compiled.ngettext("%s row", "%s rows", 3) == "%s행"
    assert compiled.gettext("Draft") == "Draft"  # fuzzy: left out, as msgfmt leaves it


def test_django_shows_the_project_message_rather_than_its_own():
    with translation.override("ko"):
        for entry in project_entries("django"):
            if entry.msgctxt is not None:
                shown = translation.pgettext(entry.msgctxt, entry.msgid)
            elif entry.msgid_plural is not None:
                shown = translation.ngettext(entry.msgid, entry.msgid_plural, 2)
            else:
                shown = translation.gettext(entry.msgid)
            assert shown == entry.msgstr[0], entry.msgid


def test_the_admin_javascript_shows_the_project_message():
    """The admin's JavaScript catalogue (domain djangojs) reads LOCALE_PATHS too."""
    javascript = admin_javascript_translation()
    for entry in project_entries("djangojs"):
        if entry.msgid_plural is None:
            assert javascript.gettext(entry.msgid) == entry.msgstr[0], entry.msgid
        else:
            shown = javascript.ngettext(entry.msgid, entry.msgid_plural, 2)
            assert shown == entry.msgstr[0], entry.msgid


def test_django_own_mistakes_are_replaced():
    """The messages issue 16 names, as a clerk read them and as they read now."""
    with translation.override("ko"):
        assert translation.gettext("Select %s to view") % "게시본" == "볼 게시본 선택"
        assert translation.gettext("View %s") % "업무계획" == "업무계획 보기"
        added = translation.gettext(
            "The {name} “{obj}” was added successfully. You may add another {name} below."
        ).format(name="담당자", obj="행정7급 지은이")
        assert added == (
            "담당자 “행정7급 지은이” 항목을 추가했습니다. 아래에서 담당자 항목을 더 추가할 수 "
            "있습니다."
        )
        assert translation.gettext("Save and add another") == "저장 후 새로 추가"
        assert translation.gettext("Save as new") == "새 항목으로 저장"
    assert library_translation(Entry("Select %s to view"), "django") == "보기위한 1%s 를(을) 선택"
    assert library_translation(Entry("View %s"), "django") == "뷰 %s"


@pytest.mark.parametrize("domain", DOMAINS)
def test_no_korean_the_site_shows_leaves_the_particle_to_a_name(domain):
    """Every translation the running site has (the project's over Django's and the apps'), as
    written: no 을(를), 이/가 …, and no particle right after a placeholder."""
    if domain == "django":
        messages = effective_translations()
    else:
        catalogue = admin_javascript_translation()._catalog
        messages = {catalogue[key] for key in set(catalogue.keys())}
    wrong = {
        message: [str(finding) for finding in korean.message_findings(message)]
        for message in messages
        if korean.message_findings(message)
    }
    assert len(messages) > 50
    assert wrong == {}
