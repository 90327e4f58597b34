"""Freezing a plan into a published version, and reading it back.

A version keeps three things:

- the plan document (`dump_plan_document`, JSON): the record of what was presented, in the same
  form the demo and the workbook import read; its SHA-256 is the version's content hash;
- the report context the pages print (`PlanReport` with the comparison against last year), as
  versioned JSON: the public pages, the card pages, filters and the search render from it
  exactly as the preview renders a live plan, so nothing edited later can reach them;
- the PDF, the workbook and the 한글 file (HWPX), byte for byte what was handed out.

The report context is plain data (plans.report.context), written by plans.report.codec as
``{"format": REPORT_FORMAT, "report": …, "comparison": …}``. It holds no model instance and no
class name, so a Django upgrade or a change to the models cannot change what a version prints
or stop it from being read, and the column can be read by anything that reads JSON. A change
to the report's dataclasses is a new `REPORT_FORMAT` with a data migration that rewrites the
stored versions into it (as plans/migrations/0004 did from the pickles of format 1).

A version whose report this code cannot read (another format, or data not of this format's
shape) is never rendered from anything else: `frozen_report` raises `UnreadableReport`, and
the public pages answer that the version cannot be shown now, with its stored files. Rebuilding
the report from the version's document would need every figure computed again from a document
instead of rows, a second path through the report that could print something the council
never saw; the document, PDF and workbook stay readable whatever happens to the code."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from django.utils import timezone

from plans.exchange.documents import (
    document_content,
    document_digest,
    dump_plan_document,
    normalize_document,
)
from plans.models import (
    PlanStatus,
    PublishedAchievement,
    PublishedCard,
    PublishedVersion,
    WorkPlan,
)
from plans.report.codec import ShapeError, from_json, to_json
from plans.report.comparison import Comparison, plan_comparison
from plans.report.context import PlanReport, plan_report
from plans.report.sections import achievement_lines, card_sections
from plans.rules.korean import folded

# The shape of the stored report context: 1 was a pickle of the context with model instances
# in it (none is left: migration 0004 rewrote them), 2 is plans.report.codec's JSON.
REPORT_FORMAT = 2


@dataclass(frozen=True)
class FrozenReport:
    """What a version's pages print: the report and its comparison with last year."""

    report: PlanReport
    comparison: Comparison


class UnreadableReport(Exception):
    """A version whose stored report context this code cannot read: of another format (a
    version written by a newer release, read by an older one), or not of its format's shape."""

    def __init__(self, version: PublishedVersion, reason: str):
        super().__init__(f"게시본 {version.pk}의 보고서 내용을 읽지 못합니다: {reason}")
        self.version = version
        self.reason = reason


def plan_document(plan: WorkPlan) -> dict[str, Any]:
    """The plan's document as plain JSON values, without its workflow fields (publishing the
    same plan again must give the same content and hash)."""
    return document_content(dump_plan_document(plan))


def published_document(version: PublishedVersion) -> dict[str, Any]:
    """The version's frozen plan document in canonical form, with the publication it records:
    what the version's workbook is made of, whatever the plan rows say now."""
    document = normalize_document(version.document)
    document["plan"] = {
        **document["plan"],
        "status": PlanStatus.PUBLISHED.value,
        # As the plan's own dump gives it (plans.exchange.documents.plan.dump_plan): local time.
        "published_at": timezone.localtime(version.published_at),
    }
    return document


def content_hash(document: dict[str, Any]) -> str:
    """A version's content hash: the document's digest (plans.exchange.documents), in full."""
    return document_digest(document)


def freeze(plan: WorkPlan, report: PlanReport | None = None) -> FrozenReport:
    """The report of ``plan`` as it stands (``report`` if already built), marked published (no
    초안 watermark), with its comparison against last year."""
    report = replace(report or plan_report(plan), is_published=True)
    return FrozenReport(report=report, comparison=plan_comparison(report))


def dump_frozen(frozen: FrozenReport) -> dict[str, Any]:
    """The JSON a version stores of ``frozen``, with the number of its format inside."""
    return {"format": REPORT_FORMAT, **to_json(frozen)}


def load_frozen(data: Any) -> FrozenReport:
    """The report that ``dump_frozen`` wrote as ``data``; ShapeError if it is not one of this
    format."""
    if type(data) is not dict or data.get("format") != REPORT_FORMAT:
        found = data.get("format") if type(data) is dict else type(data).__name__
        raise ShapeError(f"형식 {REPORT_FORMAT}의 보고서 내용이 아닙니다(형식: {found}).")
    fields = {name: value for name, value in data.items() if name != "format"}
    return from_json(FrozenReport, fields)


class _DecodedReports:
    """Decoded reports by version, the most recently read kept: versions never change, so a
    page reads a version's report column once per process. Keyed by the content hash and time
    too: a test database may give a rolled-back pk again. Large enough for a whole council
    session (about 30 departments) and a department's plans over the years beside it."""

    MAX_ENTRIES = 128

    def __init__(self):
        self._reports: OrderedDict[tuple, FrozenReport] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> FrozenReport | None:
        with self._lock:
            report = self._reports.get(key)
            if report is not None:
                self._reports.move_to_end(key)
            return report

    def put(self, key: tuple, report: FrozenReport) -> None:
        with self._lock:
            self._reports[key] = report
            self._reports.move_to_end(key)
            while len(self._reports) > self.MAX_ENTRIES:
                self._reports.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._reports.clear()


_decoded = _DecodedReports()


def _key(version: PublishedVersion) -> tuple:
    return (version.pk, version.content_hash, version.published_at.isoformat())


def _check_format(version: PublishedVersion) -> None:
    if version.report_format != REPORT_FORMAT:
        raise UnreadableReport(
            version, f"형식 {version.report_format}은(는) 이 버전(형식 {REPORT_FORMAT})이 모릅니다."
        )


def _decode(version: PublishedVersion, data: Any) -> FrozenReport:
    try:
        frozen = load_frozen(data)
    except ShapeError as error:
        raise UnreadableReport(version, str(error)) from error
    _decoded.put(_key(version), frozen)
    return frozen


def frozen_report(version: PublishedVersion) -> FrozenReport:
    """The version's report, read and decoded once per process: versions never change, so the
    pages of a version query only for the version itself. Callers may defer ``report``.
    UnreadableReport if this code cannot read it (see the module doc)."""
    _check_format(version)
    frozen = _decoded.get(_key(version))
    if frozen is not None:
        return frozen
    data = PublishedVersion.objects.filter(pk=version.pk).values_list("report", flat=True).get()
    return _decode(version, data)


def frozen_reports(
    versions: list[PublishedVersion],
) -> dict[int, FrozenReport | UnreadableReport]:
    """The reports of many versions by pk, those not yet decoded read in one query, so a page
    over a whole session costs the same queries for 3 departments as for 30. A version this
    code cannot read maps to its UnreadableReport instead of failing the others."""
    found: dict[int, FrozenReport | UnreadableReport] = {}
    missing: dict[int, PublishedVersion] = {}
    for version in versions:
        try:
            _check_format(version)
        except UnreadableReport as error:
            found[version.pk] = error
            continue
        frozen = _decoded.get(_key(version))
        if frozen is None:
            missing[version.pk] = version
        else:
            found[version.pk] = frozen
    if missing:
        rows = PublishedVersion.objects.filter(pk__in=missing).values_list("pk", "report")
        for pk, data in rows:
            try:
                found[pk] = _decode(missing[pk], data)
            except UnreadableReport as error:
                found[pk] = error
    return found


def forget_frozen_reports() -> None:
    """Empty this process's cache of decoded reports (tests that count queries use it)."""
    _decoded.clear()


def search_rows(version: PublishedVersion, report: PlanReport) -> list[PublishedCard]:
    """The version's cards for the search index: their text by section, as card_sections names
    them, and the whole text folded for a case-insensitive LIKE."""
    rows = []
    for view in report.cards:
        sections = [[name, [text for text in texts if text]] for name, texts in card_sections(view)]
        rows.append(
            PublishedCard(
                version=version,
                section=view.card.section,
                number=view.card.number,
                code=view.code,
                title=view.card.title,
                team_name=view.card.team_name,
                kinds=", ".join(str(kind) for kind in view.kinds),
                text=folded("\n".join(text for _, texts in sections for text in texts)),
                sections=sections,
            )
        )
    return rows


def achievement_rows(version: PublishedVersion, report: PlanReport) -> list[PublishedAchievement]:
    """The version's chapter II (주요성과) for the search index: each □ group's title and lines,
    and the whole text folded for a case-insensitive LIKE, as for the cards."""
    rows = []
    for order, section in enumerate(report.achievements, start=1):
        lines = achievement_lines(section)
        rows.append(
            PublishedAchievement(
                version=version,
                order=order,
                title=section.title,
                text=folded("\n".join([section.title, *lines])),
                lines=lines,
            )
        )
    return rows
