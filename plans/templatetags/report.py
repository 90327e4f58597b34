"""Template helpers that only present what plans.rules.figures and plans.rules.outline computed."""

import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

from plans.rules import figures
from plans.rules.outline import symbol_for

register = template.Library()


@register.filter
def bullet(node, depth) -> str:
    """The symbol of an outline line at ``depth`` (○, -, · or the marker typed)."""
    return symbol_for(node, int(depth))


#: Outline symbols whose width is not that of a full-width one (○ □ ※ ① ▶ ❶): in the PDF a
#: wrapped line hangs under the text after "symbol + space", so report.css needs the width of
#: the symbol actually printed, which may be a marker typed at any depth (``- `` at the top).
HANG_CLASSES = {
    "-": "hang-dash",
    "·": "hang-dot",
    "◦": "hang-ring",
    "*": "hang-star",
    "**": "hang-star2",
    "***": "hang-star3",
    "▣": "hang-wide",
    "❖": "hang-wide",
}


@register.filter
def hang(symbol: str) -> str:
    """`` hang-dash`` and the like for a line's class attribute; nothing for a full-width one."""
    name = HANG_CLASSES.get(symbol)
    return f" {name}" if name else ""


@register.simple_tag(takes_context=True)
def bullet_mark(context, symbol: str, *, spoken: bool = False) -> str:
    """The symbol that starts an outline line.

    On screen it is a box of its own, hung in the margin and hidden from screen readers unless
    it says something the text does not (``spoken``: the ①② of the 역점과제). In the
    PDF (``for_print``) it is text joined to the line by a no-break space: WeasyPrint lays out
    each extra inline box with its own text runs, and with 230 of them the bullets were 11% of
    the demo report's render; report.css hangs the indent instead."""
    if context.get("for_print"):
        return format_html("{}\u00a0", symbol)
    if spoken:
        return format_html('<span class="outline__bullet">{}</span>', symbol)
    return format_html('<span class="outline__bullet" aria-hidden="true">{}</span>', symbol)


@register.filter
def number(value) -> str:
    """78,676, △856, or - for nothing."""
    return figures.format_number(value)


@register.filter
def percent(value) -> str:
    return figures.format_percent(value)


@register.filter
def korean_date(value, weekday=True) -> str:
    """``2023. 2. 16.(목)`` (``|korean_date:False``: ``2023. 2. 16.``); a time is shown as
    its local day."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return figures.format_date(value, weekday=weekday)


@register.simple_tag
def date_range(start, end, weekday=True) -> str:
    return figures.format_date_range(start, end, weekday=weekday)


@register.filter
def spaced(label: str) -> str:
    """Two-character table labels are spread as in the printed report (군 비, 기 타)."""
    return " ".join(label) if len(label) == 2 else label


@register.simple_tag
def card_url(edition, view) -> str:
    """The address of a card in the edition being shown (the current one, a numbered version
    or the preview), so links never leave the edition a reader is in. The report holds no
    addresses: the edition makes them from the live plan row, so they follow the department's
    address as it is now."""
    return edition.urls.card(view.code)
