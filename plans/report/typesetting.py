"""WeasyPrint, as the portal keeps it: the report's fonts and print stylesheet loaded once per
process, a layout at a time, and an HTML document laid out as a PDF (tagged PDF/UA-1 unless
asked otherwise). What is laid out is the callers': the plan's report in parts
(plans.report.parts), the 추진실적 report and the booklet's front in one go (plans.report.pdf)."""

from __future__ import annotations

import atexit
import gc
import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from functools import cache
from pathlib import Path

from django.conf import settings

from plans.report.fontfaces import FONT_FACES
from plans.report.fontsubset import fonts_named_only
from plans.report.pagerefs import keep_page_references
from plans.report.wordbreak import keep_words_together, without_joiners

REPORT_CSS = Path(__file__).with_name("report.css")
# Part of every cache key: bump it when report.css, the fonts, the layout or the assembly of parts
# (parts.py, assembly.py, pagenumbers.py, fontsubset.py) change, so a cached PDF is never served
# from an older layout.
LAYOUT_VERSION = "4"
# The download is tagged (PDF/UA-1): headings, lists and tables reach a screen reader. Measured on
# the demo plan it costs about 0.05 s and a fifth more bytes than the untagged file (README).
PDF_VARIANT = "pdf/ua-1"


@cache
def _font_css() -> str:
    rules = [
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
        f'src: url("{path.as_uri()}"); }}'
        for family, weight, path in FONT_FACES
    ]
    return "\n".join(rules)


class _Typesetting:
    """What a process keeps between reports: the fonts, loaded once like the WeasyPrint import,
    and report.css, parsed once per content.

    A new FontConfiguration copies every font file to a temporary folder of its own and has
    fontconfig and Pango load them again; keeping one leaves each report only its own layout
    (4% of the demo plan's render). WeasyPrint reads those copies again for a weight it has
    not used yet and removes the folder when the configuration is deleted, hence
    :meth:`usable` and :func:`_disown_after_fork`."""

    def __init__(self) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.fonts = FontConfiguration()
        self.font_faces = CSS(string=_font_css(), font_config=self.fonts)
        self.report_css_text: str | None = None
        self.report_css = None

    def _font_folder(self) -> Path | None:
        folder = getattr(self.fonts, "_folder", None)  # WeasyPrint's attribute for the copies
        return Path(folder) if folder else None

    def usable(self) -> bool:
        """False once the font copies are gone (a /tmp cleaner in a long-lived worker): a
        report laid out with them would print broken glyphs."""
        folder = self._font_folder()
        return folder is None or folder.is_dir()

    def stylesheets(self, report_css: str) -> list:
        """The font faces and report.css; an edited file is parsed again at once, so the
        layout never lags behind content_version(), which digests the file's text."""
        if report_css != self.report_css_text:
            from weasyprint import CSS

            self.report_css = CSS(
                string=report_css, base_url=REPORT_CSS.as_uri(), font_config=self.fonts
            )
            self.report_css_text = report_css
        return [self.font_faces, self.report_css]

    def disown(self) -> None:
        """Forget the font folder without removing it: after a fork it is the parent's."""
        if self._font_folder() is not None:
            self.fonts._folder = None


_kept: _Typesetting | None = None
# After a fork, what the parent kept (disowned): a process laying out parts of a report for its
# parent (plans.report.parts) adopts it rather than loading the fonts again, since the parent,
# which owns the font folder, outlives it.
_inherited: _Typesetting | None = None


def _typesetting() -> _Typesetting:
    global _kept
    if _kept is None or not _kept.usable():
        _kept = _Typesetting()
    return _kept


def _disown_after_fork() -> None:
    """A forked child (a gunicorn worker) makes its own typesetting: the one it inherited names
    the parent's font folder, which the child's exit would otherwise remove under the parent
    and every sibling. The lock is new too, in case the fork came in the middle of a render."""
    global _kept, _inherited, _render_lock
    if _kept is not None:
        _kept.disown()
    _inherited, _kept = _kept, None
    _render_lock = threading.Lock()


def adopt_inherited_typesetting() -> None:
    """In a process forked to lay out parts for its parent: use the fonts the parent loaded."""
    global _kept
    if _inherited is not None and _inherited.usable():
        _kept = _inherited


@contextmanager
def forking_typesetting() -> Iterator[None]:
    """Load the fonts, then hold this process's render lock while processes are forked to
    adopt them: a thread of this process (the development server's, a worker's) laying out a
    report at the moment of a fork could leave Pango's or fontconfig's own locks held in the
    child, which would then hang on its first line of text."""
    with _render_lock:
        _typesetting()
        yield


@atexit.register
def _release_fonts() -> None:
    """Drop the kept fonts while the interpreter can still run WeasyPrint's clean-up, which
    removes their temporary folder (at interpreter teardown it fails with a traceback)."""
    global _kept
    _kept = None


# One render at a time per process: the font configuration wraps Pango and fontconfig objects,
# which are not safe to share between threads (the development server runs one per request).
_render_lock = threading.Lock()
os.register_at_fork(after_in_child=_disown_after_fork)
# Tagging looks up page references per structure element: kept, they cost a plan's cards, not
# their square (pagerefs).
keep_page_references()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Run without Python's automatic garbage collection, then collect once.

    A layout allocates a few hundred thousand objects that all live until the PDF is written,
    so the collector's passes during it find almost nothing, yet each full pass walks every
    object in the process: pausing them saves 11% of a demo plan's render (README). Collecting
    the young generation once at the end frees the same garbage."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect(0)


def html_to_pdf(
    html: str, *, variant: str | None = PDF_VARIANT, page_css: str = "", part: bool = False
) -> bytes:
    """Lay out the report HTML as a PDF; ``variant=None`` gives the untagged form.

    For a part of a report (plans.report.parts), ``page_css`` is added after report.css (its
    first page number and running header) and ``part`` leaves the fonts out (named by a
    placeholder), for plans.report.assembly to embed once for all parts."""
    report_css = REPORT_CSS.read_text(encoding="utf-8")
    with _render_lock, _collector_paused(), fonts_named_only() if part else nullcontext():
        # The layout lives in _lay_out's frame only, so it is garbage by the time the paused
        # collector runs; held here, it would outlive the collection and pile up in memory.
        return _lay_out(html, report_css, variant, page_css)


def _lay_out(html: str, report_css: str, variant: str | None, page_css: str = "") -> bytes:
    from weasyprint import CSS, HTML

    typesetting = _typesetting()
    stylesheets = typesetting.stylesheets(report_css)
    if page_css:
        stylesheets = [*stylesheets, CSS(string=page_css, font_config=typesetting.fonts)]
    document = HTML(string=keep_words_together(html), base_url=str(settings.BASE_DIR)).render(
        stylesheets=stylesheets,
        font_config=typesetting.fonts,
        pdf_variant=variant,
    )
    # Bookmarks are the headings' text: without the joiners, for search and screen readers.
    for page in document.pages:
        page.bookmarks = [
            (level, without_joiners(label), target, state)
            for level, label, target, state in page.bookmarks
        ]
    return document.write_pdf(pdf_variant=variant)


def content_version(html: str) -> str:
    """A digest of what the PDF will show: any change to the plan or its parts changes the HTML
    and so the version, whichever table it was made in; nothing needs to remember to bump it."""
    digest = hashlib.sha256()
    digest.update(LAYOUT_VERSION.encode())
    digest.update(REPORT_CSS.read_bytes())
    digest.update(html.encode())
    return digest.hexdigest()[:32]
