"""The one parser for the report's bullet markup (□ → ○ → - → ·, with ※, *, ▶, ❖, ①).

Staff type a card's prose as indented lines in one text field, as they would in a word
processor. This module turns that text into a tree once, and every renderer (HTML, PDF, Excel,
HWPX) walks the same tree, so the hierarchy cannot come out differently in different formats.

Rules, chosen so that what staff type is what gets printed:

- Depth comes from indentation, 2 spaces per level (a tab is 2 spaces, a full-width space
  ``U+3000`` is 2, odd indentation rounds down). A line indented further than one level below
  its predecessor becomes its child only: levels are never skipped, so a slip of the space bar
  cannot produce an empty level in print.
- A line may start with an explicit marker followed by a space. ``-`` and stars need the space
  (``-5%`` and ``*강조*`` are text); the other symbols may touch the text (``※참고``), as they
  often do in Korean documents. A line without a marker is a plain bullet whose symbol the
  renderer picks by depth (:data:`DEFAULT_SYMBOLS`).
- Markdown conversions escape stars (``\\*``) and put ``- `` before every line; ``\\*`` reads as
  ``*``, and ``- ※ …`` (a ``-`` followed by another marker) reads as ``※ …``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_SYMBOLS",
    "INDENT",
    "MARKERS",
    "MAX_LINE_LENGTH",
    "OutlineError",
    "OutlineNode",
    "first_line_and_rest",
    "parse_outline",
    "render_text",
    "symbol_for",
    "validate_outline",
    "walk",
]

#: Symbols of unmarked bullets by depth: ○ at the top, then -, then · for everything deeper.
DEFAULT_SYMBOLS = ("○", "-", "·")

#: Spaces per level, in input and in :func:`render_text` output.
INDENT = 2

#: Longest text allowed on one line; a longer one is a paste accident, not a bullet.
MAX_LINE_LENGTH = 1000

_CIRCLED = [chr(code) for code in range(ord("①"), ord("⑳") + 1)]
_DINGBAT_NUMBERS = [chr(code) for code in range(ord("➊"), ord("➓") + 1)] + [
    chr(code) for code in range(ord("❶"), ord("❿") + 1)
]

#: Explicit marker → node kind.
MARKERS: dict[str, str] = {
    "□": "heading",
    "▣": "heading",
    "○": "bullet",
    "-": "bullet",
    "·": "bullet",
    "◦": "bullet",
    "※": "note",
    "*": "footnote",
    "**": "footnote",
    "***": "footnote",
    "▶": "highlight",
    "❖": "feature",
    **dict.fromkeys(_CIRCLED + _DINGBAT_NUMBERS, "numbered"),
}

# Markers that must be followed by whitespace: ASCII ones, and numbers ("①②" is not an item).
_NEEDS_SPACE = {"-", "*", "**", "***", *_CIRCLED, *_DINGBAT_NUMBERS}
_MARKER = re.compile(
    "|".join(re.escape(marker) for marker in sorted(MARKERS, key=len, reverse=True))
)
_INDENT_CHARS = {" ": 1, "\t": INDENT, "\u3000": INDENT, "\u00a0": 1}


class OutlineError(ValueError):
    """Outline text that cannot be published; the Korean message names the 1-based line."""


@dataclass(frozen=True)
class OutlineNode:
    """One line of an outline and the lines indented under it.

    ``kind`` is ``heading``, ``bullet``, ``note``, ``footnote``, ``highlight``, ``feature`` or
    ``numbered``; ``marker`` is the symbol typed (``None`` for a plain line, whose symbol depends
    on depth); ``depth`` is 0 for top-level lines. Frozen, because a published version keeps
    its outlines as they were (plans.report.context); only the list of children is filled in
    while the tree is parsed.
    """

    kind: str
    marker: str | None
    text: str
    children: list[OutlineNode] = field(default_factory=list)
    depth: int = 0
    line: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class _Line:
    number: int
    level: int
    marker: str | None
    text: str


def _indent_width(line: str) -> tuple[int, str]:
    """Width of the leading whitespace in spaces, and the rest of the line."""
    width = 0
    for position, char in enumerate(line):
        if char not in _INDENT_CHARS:
            return width, line[position:]
        width += _INDENT_CHARS[char]
    return width, ""


def _split_marker(body: str) -> tuple[str | None, str]:
    """Separate an explicit marker from the text; (None, body) when there is none."""
    match = _MARKER.match(body)
    if match is None:
        return None, body
    marker, rest = match.group(), body[match.end() :]
    if rest and not rest[0].isspace():
        if marker in _NEEDS_SPACE:
            return None, body
        return marker, rest
    text = rest.strip()
    if marker == "-" and text:
        inner, inner_text = _split_marker(text)
        if inner is not None and inner != "-":
            return inner, inner_text  # "- ※ …": markdown's list prefix before the real marker
    return marker, text


def _lines(text: str) -> Iterator[_Line]:
    """The non-blank lines of ``text`` with their 1-based numbers, levels and markers."""
    for number, raw in enumerate((text or "").splitlines(), start=1):
        stripped = raw.rstrip()
        if not stripped.strip():
            continue
        width, body = _indent_width(stripped)
        marker, content = _split_marker(body.replace("\\*", "*"))
        yield _Line(number, width // INDENT, marker, content)


def parse_outline(text: str) -> list[OutlineNode]:
    """Turn indented lines into a tree of :class:`OutlineNode`; never raises.

    Renderers call this on stored text, so it is lenient (a marker without text becomes an
    empty node); :func:`validate_outline` is what refuses bad input at entry time.
    """
    roots: list[OutlineNode] = []
    open_nodes: list[tuple[int, OutlineNode]] = []  # (typed level, node) from root to last line
    for line in _lines(text):
        while open_nodes and open_nodes[-1][0] >= line.level:
            open_nodes.pop()
        kind = MARKERS[line.marker] if line.marker else "bullet"
        node = OutlineNode(kind, line.marker, line.text, depth=len(open_nodes), line=line.number)
        (open_nodes[-1][1].children if open_nodes else roots).append(node)
        open_nodes.append((line.level, node))
    return roots


def validate_outline(text: str) -> None:
    """Refuse outline text that would print badly, naming the line: ``3번째 줄: …``."""
    for line in _lines(text):
        if line.marker is not None and not line.text:
            raise OutlineError(f"{line.number}번째 줄: 기호 뒤에 내용이 없습니다.")
        if len(line.text) > MAX_LINE_LENGTH:
            raise OutlineError(
                f"{line.number}번째 줄: 한 줄은 {MAX_LINE_LENGTH:,}자를 넘을 수 없습니다"
                f"(현재 {len(line.text):,}자)."
            )


def walk(nodes: Iterable[OutlineNode]) -> Iterator[tuple[int, OutlineNode]]:
    """Every node in reading order with its depth below ``nodes`` (which are depth 0)."""
    stack = [(0, node) for node in reversed(list(nodes))]
    while stack:
        depth, node = stack.pop()
        yield depth, node
        stack.extend((depth + 1, child) for child in reversed(node.children))


def symbol_for(node: OutlineNode, depth: int, *, base: int = 0) -> str:
    """The symbol to print: the marker typed, else ○/-/· by depth.

    ``base`` shifts the depth when the outline sits under a printed heading (a card's □ 추진계획
    makes its top-level lines ○ with base 0, or - with base 1).
    """
    if node.marker:
        return node.marker
    return DEFAULT_SYMBOLS[max(0, min(depth + base, len(DEFAULT_SYMBOLS) - 1))]


def render_text(nodes: Iterable[OutlineNode], *, base: int = 0) -> str:
    """Plain text with symbols and 2-space indentation, for Excel cells and text checks."""
    return "\n".join(
        f"{' ' * (INDENT * depth)}{symbol_for(node, depth, base=base)} {node.text}".rstrip()
        for depth, node in walk(nodes)
    )


def first_line_and_rest(text: str) -> tuple[str, str]:
    """Split "head line + indented children" text, as stored by a labelled field.

    Returns the first non-blank line, stripped, and the remaining lines dedented by one level
    relative to it, so the rest parses as the head's children at depth 0. Lines indented less
    than that lose only what indentation they have.
    """
    lines = [line.rstrip() for line in (text or "").splitlines()]
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return "", ""
    head_width, head = _indent_width(lines[0])
    cut = head_width + INDENT
    rest: list[str] = []
    for line in lines[1:]:
        width, body = _indent_width(line)
        rest.append(" " * max(0, width - cut) + body if body else "")
    while rest and not rest[-1]:
        rest.pop()
    while rest and not rest[0]:
        rest.pop(0)
    return head, "\n".join(rest)
