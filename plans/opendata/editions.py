"""Which published versions an open-data request reads, with their frozen reports, in a fixed
number of queries whatever the number of plans.

By default a request reads each plan's current edition (the plan's public version: the newest
publication not withdrawn); ``year``, ``department`` and ``version`` narrow it down, and a
version by number (with its year and department) reads that edition even when a newer one is
current. A withdrawn version is never read. Reports are decoded once per process and version
(versions never change), and the reports not yet decoded are read in one query; a version whose
report this code cannot read (plans.workflow.freezing.UnreadableReport) is left out and logged,
as the public pages leave it unrendered."""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass

from personnel.models import chart_order
from plans.models import PublishedVersion, WorkPlan
from plans.report.codec import ShapeError
from plans.workflow.freezing import REPORT_FORMAT, FrozenReport, load_frozen

logger = logging.getLogger(__name__)

# Decoded reports kept per process: a county has some 30 departments a year.
_CACHE_SIZE = 256
_decoded: OrderedDict[tuple[int, str, str], FrozenReport] = OrderedDict()


@dataclass(frozen=True)
class Edition:
    """A published version with its frozen report."""

    version: PublishedVersion
    frozen: FrozenReport

    @property
    def report(self):
        return self.frozen.report


@dataclass(frozen=True)
class Selection:
    """What a request names: every current edition, or those of a year and/or department, or
    one version by number (with its year and department)."""

    year: int | None = None
    department: str | None = None
    version: int | None = None


def _key(version: PublishedVersion) -> tuple[int, str, str]:
    # The hash and time too: a test database may hand out a rolled-back pk again.
    return (version.pk, version.content_hash, version.published_at.isoformat())


def forget_decoded() -> None:
    """Empty this process's decoded reports (tests that count queries use it)."""
    _decoded.clear()


def versions_for(selection: Selection):
    """The versions a selection names, without their heavy columns (one query when read)."""
    versions = (
        PublishedVersion.objects.public()
        .light()
        .select_related("plan__department__organization", "plan__department__bureau")
    )
    if selection.version is None:
        versions = versions.filter(pk__in=WorkPlan.objects.published().values("public_version"))
    else:
        versions = versions.filter(number=selection.version)
    if selection.year is not None:
        versions = versions.filter(plan__year=selection.year)
    if selection.department:
        versions = versions.filter(plan__department__slug=selection.department)
    return versions.order_by(
        "-plan__year",
        *chart_order("plan__department"),
        "plan__pk",
        "-number",
    )


def editions(selection: Selection) -> list[Edition]:
    """The editions a selection names, each with its report (two queries at most)."""
    versions = list(versions_for(selection))
    readable = [v for v in versions if v.report_format == REPORT_FORMAT]
    for version in versions:
        if version.report_format != REPORT_FORMAT:
            logger.error(
                "게시본 %s의 보고서 형식 %s을(를) 읽지 못합니다.", version.pk, version.report_format
            )
    missing = [v for v in readable if _key(v) not in _decoded]
    if missing:
        stored = dict(
            PublishedVersion.objects.filter(pk__in=[v.pk for v in missing]).values_list(
                "pk", "report"
            )
        )
        for version in missing:
            try:
                _decoded[_key(version)] = load_frozen(stored[version.pk])
            except ShapeError as error:
                logger.error("게시본 %s의 보고서 내용을 읽지 못합니다: %s", version.pk, error)
            while len(_decoded) > _CACHE_SIZE:
                _decoded.popitem(last=False)
    found = []
    for version in readable:
        frozen = _decoded.get(_key(version))
        if frozen is not None:
            _decoded.move_to_end(_key(version))
            found.append(Edition(version, frozen))
    return found
