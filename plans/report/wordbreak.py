"""Korean lines break between words, never inside one, as the printed report does.

Browsers follow CSS ``word-break: keep-all`` for this; WeasyPrint ignores the rule and would
break a word between any two syllables ("조직풍토 조 / 성"). Before the layout, the PDF renderer
puts a WORD JOINER (U+2060) between the syllables of each word of the body text, and between a
word and the figures, letters or middle dots it is written with (2023년, 8기, 인사·조직), as
keep-all keeps them. The joiner is invisible and is not part of the text a reader copies or
searches (its glyph has no Unicode mapping in the PDF). A word too long for its line still
breaks: ``overflow-wrap: break-word`` in report.css.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"

_SYLLABLE = "가-힣\u3131-\u318e"  # Hangul syllables, compatibility jamo and ㆍ
_INSIDE_A_WORD = re.compile(
    f"(?<=[{_SYLLABLE}])(?=[{_SYLLABLE}0-9A-Za-z·])|(?<=[0-9A-Za-z·])(?=[{_SYLLABLE}])"
)
# Left alone: tags with their attributes, comments, scripts and styles, whole SVG charts (their
# labels do not wrap) and the cover, whose letter-spaced lines never wrap (WeasyPrint would
# space the joiners too: "제 353 회 임 시 회"). The head (title, metadata) is not touched.
_UNTOUCHED = re.compile(
    r"(<!--.*?-->|<(script|style|svg)\b.*?</\2>|<section class=\"cover\".*?</section>|<[^>]*>)",
    re.S | re.I,
)
_BODY = re.compile(r"<body\b[^>]*>", re.I)


def keep_words_together(html: str) -> str:
    """The HTML with a word joiner inside every Korean word of the body's text."""
    body = _BODY.search(html)
    if body is None:
        return html
    position = body.end()
    parts = [html[:position]]
    for markup in _UNTOUCHED.finditer(html, position):
        parts.append(_INSIDE_A_WORD.sub(WORD_JOINER, html[position : markup.start()]))
        parts.append(markup.group())
        position = markup.end()
    parts.append(_INSIDE_A_WORD.sub(WORD_JOINER, html[position:]))
    return "".join(parts)


def without_joiners(text: str) -> str:
    return text.replace(WORD_JOINER, "")
