"""Freezing a plan into a published version, and reading it back.

A version keeps three things:

- the plan document (`dump_plan_document`, JSON): the record of what was presented, in the same
  form the demo and the workbook import read; its SHA-256 is the version's content hash;
- the report context the pages print (`PlanReport` with the comparison against last year),
  serialised with pickle: the public pages, the card pages, filters and the search render from
  it exactly as they render a live plan, so nothing edited later can reach them;
- the PDF, the workbook and the 한글 file (HWPX), byte for byte what was handed out.

Pickle is safe here because only this module writes the bytes, from our own objects, into our
own database. Changes to the report's dataclasses must keep older versions loadable (new
fields get defaults); `REPORT_FORMAT` names the shape, and a version of another format is
refused loudly rather than rendered wrongly. Its document and files stay readable
whatever happens to the code."""

from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from plans.exchange.documents import dump_plan_document, normalize_document
from plans.models import PlanStatus, PublishedCard, PublishedVersion, WorkPlan
from plans.report.comparison import Comparison, plan_comparison
from plans.report.context import PlanReport, plan_report
from plans.report.sections import card_sections
from plans.rules.korean import folded

REPORT_FORMAT = 1
# Workflow fields are not content: publishing the same plan again must give the same hash.
NOT_CONTENT = ("status", "published_at")


@dataclass
class FrozenReport:
    """What a version's pages print: the report and its comparison with last year."""

    report: PlanReport
    comparison: Comparison


def plan_document(plan: WorkPlan) -> dict[str, Any]:
    """The plan's document as plain JSON values, without its workflow fields."""
    document = dump_plan_document(plan)
    for name in NOT_CONTENT:
        document.get("plan", {}).pop(name, None)
    return json.loads(json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False))


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
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def freeze(plan: WorkPlan, report: PlanReport | None = None) -> FrozenReport:
    """The report of ``plan`` as it stands (``report`` if already built), marked published (no
    초안 watermark), with its comparison against last year."""
    report = report or plan_report(plan)
    report.is_published = True
    return FrozenReport(report=report, comparison=plan_comparison(report))


def dump_frozen(frozen: FrozenReport) -> bytes:
    return pickle.dumps(frozen, protocol=pickle.HIGHEST_PROTOCOL)


@lru_cache(maxsize=64)
def _load(pk: int, content: str, published_at: str) -> FrozenReport:
    data = PublishedVersion.objects.filter(pk=pk).values_list("report", flat=True).get()
    return pickle.loads(bytes(data))  # written only by dump_frozen: see the module doc


def frozen_report(version: PublishedVersion) -> FrozenReport:
    """The version's report, read and unpickled once per process: versions never change, so
    the pages of a version query only for the version itself. Callers may defer ``report``."""
    if version.report_format != REPORT_FORMAT:
        raise ImproperlyConfigured(
            f"게시본 {version.pk}의 보고서 내용 형식({version.report_format})을 "
            f"이 버전({REPORT_FORMAT})은 읽지 못합니다."
        )
    # The hash and time are in the key too: a test database may give a rolled-back pk again.
    return _load(version.pk, version.content_hash, version.published_at.isoformat())


def forget_frozen_reports() -> None:
    """Empty this process's cache of unpickled reports (tests that count queries use it)."""
    _load.cache_clear()


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
                team_name=view.card.team.name,
                kinds=", ".join(str(kind) for kind in view.kinds),
                text=folded("\n".join(text for _, texts in sections for text in texts)),
                sections=sections,
            )
        )
    return rows
