"""The whole document: its top-level keys, and the order its parts are loaded and dumped in."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from plans.models import WorkPlan

from .budgets import dump_budget, load_budget
from .civic_records import dump_civic, load_civic
from .loading import Loader, LoadResult
from .organization import (
    dump_grades,
    dump_organization,
    dump_staffing,
    dump_teams,
    dump_welfare,
    load_grades,
    load_organization,
    load_staffing,
    load_teams,
    load_welfare,
)
from .plan import dump_plan, load_plan
from .shapes import Shape, compact, fail, read_texts

#: The document format this package reads and writes (the ``format`` key).
FORMAT_VERSION = 1

DOCUMENT = Shape(
    None,
    "format notes organization bureau department grades teams staffing budget welfare_programs"
    " civic plan",
    # ``bureau`` is left out for a department directly under the county (기획감사실).
    required="organization department plan",
)


@transaction.atomic
def load_plan_document(data: dict[str, Any]) -> LoadResult:
    """Create or update everything ``data`` describes; change nothing that is already so.

    Raises :class:`~django.core.exceptions.ValidationError` with Korean messages naming the
    place (``과제 IV-3 추진계획 2행: …``); nothing is written then.
    """
    doc = DOCUMENT.read(data, place="문서")
    if doc.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        raise fail("문서", f"format {doc['format']}은(는) 읽을 수 없습니다.")
    loader = Loader()
    load_organization(loader, doc)
    load_grades(loader, doc.get("grades"))
    load_teams(loader, doc.get("teams"))
    load_staffing(loader, doc.get("staffing"))
    load_budget(loader, doc.get("budget"))
    load_welfare(loader, doc.get("welfare_programs"))
    load_civic(loader, doc.get("civic"))
    notes = [" ".join(note.split()) for note in read_texts(doc.get("notes"), place="notes")]
    loader.result.plan = load_plan(loader, doc["plan"], notes=notes)
    return loader.finish()


def dump_plan_document(plan: WorkPlan) -> dict[str, Any]:
    """The document of ``plan`` from the database, in canonical form (see the package doc)."""
    plan = WorkPlan.objects.with_context().get(pk=plan.pk)
    department = plan.department
    organization = department.organization
    years = (plan.year, plan.year - 1)
    return compact(
        DOCUMENT.dump(
            format=FORMAT_VERSION,
            notes=[line for line in plan.corrections_note.splitlines() if line.strip()],
            **dump_organization(department),
            grades=dump_grades(),
            teams=dump_teams(department),
            staffing=dump_staffing(department, years),
            budget=dump_budget(organization, department, years),
            welfare_programs=dump_welfare(department, years),
            civic=dump_civic(organization, years),
            plan=dump_plan(plan),
        )
    )
