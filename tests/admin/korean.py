"""Reading an admin page as a clerk reads it, for the mistakes a translation catalogue makes in
Korean (tests/admin/test_korean_pages.py opens every page with it).

A catalogue cannot choose a particle for a noun it does not know: Django's Korean writes both
forms ("게시본 를(을) 선택", "이/가") or guesses one ("다른 담당자을 추가"), sounds English out
("뷰 업무계획", "액션") and leaves some text English ("Can add 업무계획"). The rules, each
reported with where it was found:

- ``both forms``: 을(를), 를(을), 이(가), 은(는), 와(과), (으)로 and the slashed 을/를 … after
  Hangul. The last syllable of a Hangul word says which particle fits
  (plans.rules.korean.with_particle), so one fixed form always exists; both forms are only
  right after a word that is not Hangul (a number, a Latin name).
- ``wrong particle``: a known noun (the admin's model and field names) followed by the particle
  that does not fit it: 담당자을, 업무계획를.
- ``loose particle``: 을, 를, 은, 는 or 와 standing alone after a Hangul word ("사용자 이름 와
  비밀번호"); a particle is written joined to its noun. (이, 가 and 과 stand alone as words:
  "이 계정", "과 추가".)
- ``sounded out``: English sounded out in Hangul where Korean has the word (뷰 → 보기, 액션 →
  작업, 히스토리 → 이력 …).
- ``replaced translation``: a sentence of Django's own Korean that locale/ko replaces (its
  replacement should be on the page instead); it catches a mistranslation no grammar rule sees,
  "저장 및 다른 이름으로 추가" for "Save and add another".
- ``English``: Latin words in the visible text, other than the technical names clerks use
  (PDF, Excel, CSV, UTF-8 …) and what the rows themselves hold (a user name, a browser's
  User-Agent): a run of them is one finding.

Visible text is what a person sees: the text of the elements and the page title, the labels of
buttons (<input type="submit" value="저장">) and the hints in empty boxes (placeholder); not
<script>, <style> and <template>, other attribute values, or what a form field holds (a
<textarea>'s text, an input's value: the row's data)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from plans.rules.korean import with_particle

HANGUL = "가-힣"

# Particles whose form depends on the noun: (after a consonant, after a vowel).
PARTICLES = {
    "을": ("을", "를"),
    "를": ("을", "를"),
    "이": ("이", "가"),
    "가": ("이", "가"),
    "은": ("은", "는"),
    "는": ("은", "는"),
    "과": ("과", "와"),
    "와": ("과", "와"),
}
BOTH_FORM_PARTICLES = (
    r"을\(를\)|를\(을\)|이\(가\)|가\(이\)|은\(는\)|는\(은\)|와\(과\)|과\(와\)|\(으\)로|으로\(로\)"
    r"|을/를|를/을|이/가|가/이|은/는|는/은|와/과|과/와"
)
BOTH_FORMS = re.compile(rf"([{HANGUL}])(\s?)({BOTH_FORM_PARTICLES})")
LOOSE_PARTICLE = re.compile(rf"([{HANGUL}]) (을|를|은|는|와)(?![{HANGUL}(/])")

#: English sounded out in Hangul, and the Korean word for it.
SOUNDED_OUT = {
    "뷰": "보기",
    "히스토리": "이력",
    "오브젝트": "항목",
    "액션": "작업",
    "엔트리": "기록",
    "토글": "전환",
    "아이템": "항목",
    "스태프": "직원",
    "메인": "본문",
    "리스트": "목록",
}
# A whole word, or with its particles (액션을, 오브젝트들의), never part of a longer word (인터뷰,
# 뷰어, 메인보드).
SOUNDED_OUT_WORD = re.compile(
    rf"(?<![{HANGUL}])({'|'.join(sorted(SOUNDED_OUT, key=len, reverse=True))})"
    rf"(?:들|을|를|이|가|은|는|의|에|으로|로|과|와)*(?![{HANGUL}])"
)

#: Names clerks use as they are, in Latin letters: file formats and encodings, keys of the
#: keyboard, and the parts of a request a login record keeps.
TECHNICAL = frozenset(
    {
        *("PDF", "Excel", "HWPX", "hwpx", "HWP", "hwp", "CSV", "csv", "XLSX", "xlsx", "JSON"),
        *("UTF", "BOM", "MB", "KB"),
        *("ID", "URL", "IP", "HTTP", "Accept", "User-Agent", "GET", "POST", "SHA", "KRDS"),
        # 오픈API, the open-data portal's own word, in the public footer of the error pages.
        *("API",),
        *("Ctrl", "Command"),
    }
)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*")
#: Not words: Roman numerals (the report's chapters, IV장), codes and hashes with digits (CP949,
#: SHA-256, IV-7, 45618df3), masked secrets (a password's salt, Ej******).
NOT_WORDS = re.compile(r"[IVX]+|.*\d.*")


@dataclass(frozen=True)
class Finding:
    rule: str
    text: str  # what was found, with a little of the text around it
    hint: str = ""

    def __str__(self) -> str:
        hint = f" → {self.hint}" if self.hint else ""
        return f"{self.rule}: «{self.text}»{hint}"


class _VisibleText(HTMLParser):
    HIDDEN = frozenset({"script", "style", "template", "textarea"})
    # Elements that run on in the line: the text around them joins as the browser shows it
    # ("<strong>reader</strong>의" reads 'reader의'); any other element separates words.
    INLINE = frozenset(
        {
            *("a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd"),
            *("mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u"),
            "var",
        }
    )
    BUTTONS = frozenset({"submit", "button", "reset"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag not in self.INLINE:
            self.parts.append(" ")
        if tag == "input" and not self.hidden:
            # A button's label and a box's hint are attributes, and shown.
            attributes = dict(attrs)
            if attributes.get("type") in self.BUTTONS and attributes.get("value"):
                self.parts.append(f" {attributes['value']} ")
            if attributes.get("placeholder"):
                self.parts.append(f" {attributes['placeholder']} ")

    def handle_endtag(self, tag) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text of a page as read, spaces collapsed."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def _around(text: str, start: int, end: int, width: int = 12) -> str:
    return text[max(0, start - width) : end + width]


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and "가" <= text[start - 1] <= "힣":
        start -= 1
    return text[start:end]


def fixed_particle(word: str, form: str) -> str:
    """``word`` with the one form of the particle that fits it (form: 을(를), 이/가 …)."""
    if "로" in form:  # (으)로: 로 after a vowel and after ㄹ
        final = (ord(word[-1]) - 0xAC00) % 28
        return f"{word}{'로' if final in (0, 8) else '으로'}"
    return with_particle(word, *PARTICLES[form[0]])


def both_forms(text: str) -> Iterable[Finding]:
    for match in BOTH_FORMS.finditer(text):
        word = _word_before(text, match.end(1))
        yield Finding(
            "both forms",
            _around(text, match.start(), match.end()),
            fixed_particle(word, match.group(3)),
        )


def wrong_particles(text: str, nouns: Iterable[str]) -> Iterable[Finding]:
    """Nouns of one syllable are left out: followed by a particle-like syllable they are often
    another word (국가, 과는)."""
    for noun in sorted(set(nouns), key=len, reverse=True):
        if len(noun) < 2 or not ("가" <= noun[-1] <= "힣"):
            continue
        pattern = rf"(?<![{HANGUL}]){re.escape(noun)}([을를이가은는과와])(?![{HANGUL}])"
        for match in re.finditer(pattern, text):
            fitting = with_particle(noun, *PARTICLES[match.group(1)])
            if fitting != noun + match.group(1):
                yield Finding("wrong particle", _around(text, match.start(), match.end()), fitting)


def loose_particles(text: str) -> Iterable[Finding]:
    for match in LOOSE_PARTICLE.finditer(text):
        yield Finding("loose particle", _around(text, match.start(), match.end()))


def sounded_out(text: str) -> Iterable[Finding]:
    for match in SOUNDED_OUT_WORD.finditer(text):
        yield Finding(
            "sounded out",
            _around(text, match.start(), match.end()),
            SOUNDED_OUT[match.group(1)],
        )


def replaced_translations(text: str, patterns: Iterable[re.Pattern]) -> Iterable[Finding]:
    for pattern in patterns:
        for match in pattern.finditer(text):
            yield Finding("replaced translation", _around(text, match.start(), match.end(), 0))


def english(text: str, data: Iterable[str] = ()) -> Iterable[Finding]:
    """Runs of Latin words, after taking out the rows' own values (``data``)."""
    for value in sorted({value for value in data if LATIN_WORD.search(value)}, key=len)[::-1]:
        text = text.replace(value, " ")
    text = re.sub(r"\S*\*{3,}\S*", " ", text)  # masked: ab12********
    run: list[re.Match] = []
    for match in LATIN_WORD.finditer(text):
        word = match.group()
        if word in TECHNICAL or len(word) == 1 or NOT_WORDS.fullmatch(word):
            continue
        if run and re.search(rf"[{HANGUL}0-9]", text[run[-1].end() : match.start()]):
            yield _english_run(text, run)
            run = []
        run.append(match)
    if run:
        yield _english_run(text, run)


def _english_run(text: str, run: list[re.Match]) -> Finding:
    return Finding("English", _around(text, run[0].start(), run[-1].end()))


# -- a catalogue's messages, before a name is put into them ----------------------------------

#: What a message puts in: %(name)s, %s, {name}, {}.
PLACEHOLDER = r"(?:%\(\w+\)[sdifr]|%[sdifr]|\{\w*\})"
BOTH_FORMS_ANYWHERE = re.compile(BOTH_FORM_PARTICLES)
PARTICLE_AFTER_PLACEHOLDER = re.compile(
    PLACEHOLDER
    + r"[”\"’')」]?\s?(을|를|이|가|은|는|과|와|으로|로|이나|나|이라|라|이란|란)"
    + rf"(?![{HANGUL}])"
)


def message_findings(message: str) -> list[Finding]:
    """A translation that leaves a particle to the name put into it: both forms ("%(name)s
    을/를") or one that fits only some names ("{name}을"). Word order avoids the particle
    ("%(name)s 항목을", "볼 %s 선택")."""
    found = [
        Finding("both forms", match.group()) for match in BOTH_FORMS_ANYWHERE.finditer(message)
    ]
    found += [
        Finding("particle after a name", match.group())
        for match in PARTICLE_AFTER_PLACEHOLDER.finditer(message)
    ]
    return found


def findings(
    text: str,
    *,
    nouns: Iterable[str] = (),
    replaced: Iterable[re.Pattern] = (),
    data: Iterable[str] = (),
) -> list[Finding]:
    """Everything the rules find in ``text`` (visible text; see :func:`visible_text`)."""
    return [
        *both_forms(text),
        *wrong_particles(text, nouns),
        *loose_particles(text),
        *sounded_out(text),
        *replaced_translations(text, replaced),
        *english(text, data),
    ]
