"""Korean grammar the messages need: the particle after a word depends on whether its last
syllable ends in a consonant (팀을, 과를; 과제는, 추진계획은), and text folded as searches compare
it."""

import unicodedata


def with_particle(word: str, after_consonant: str, after_vowel: str) -> str:
    """``word`` and the particle that fits it; both forms (을(를)) where it is not Hangul."""
    last = word[-1:] if word else ""
    if "가" <= last <= "힣":
        ends_in_consonant = (ord(last) - 0xAC00) % 28
        return f"{word}{after_consonant if ends_in_consonant else after_vowel}"
    return f"{word}{after_consonant}({after_vowel})"


def folded(text: str) -> str:
    """``text`` as searches compare it: composed (NFC) and case-folded."""
    return unicodedata.normalize("NFC", text).casefold()
