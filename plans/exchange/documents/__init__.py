"""A department's work plan as one human-readable document, loaded into and dumped from the
database.

The document is a plain ``dict`` (read from YAML or JSON) shaped like the domain, not like the
tables: organization → bureau (left out for a department directly under the county) → department
(with its kind, 과 unless it says 실, 단, 소 or 담당관) → teams with their officers, grades,
staffing, budget lines, welfare programs, civic records, and the plan with its achievements and
task cards. It holds
inputs only; totals, changes, shares and turnout are computed by :mod:`plans.rules.figures`.
``fixtures/demo/*.yaml`` is an example of the full shape, and each part's
:class:`~plans.exchange.documents.shapes.Shape` declares its keys.

:func:`load_plan_document` upserts everything by natural keys and saves only what changed, so
loading the same document twice changes nothing (same rows, same pks, same ``updated_at``).
Every object goes through ``full_clean()`` before it is saved, and a refusal names the place in
the document (``과제 IV-3 추진계획 2행: 일정 - …``); the whole load is one transaction, so a bad
document writes nothing.

What a document owns, and so what loading it deletes when it is missing from the document:

- the plan's achievement groups and items, task cards and every part of a card;
- staffing cells of the department for the years the document lists;
- budget lines of the department for each (year, account, stage) table the document lists;
- welfare programs of the department for the years the document lists;
- housing projects of the townships the document lists, the 읍 승격 procedure steps, and
  hometown-love donations when the document lists them.

Shared records (organization, bureau, department, grades, teams, officers, townships, resident
councils, elections, field visits, participation points, county budgets) are created or
updated, never deleted: other departments' and other years' plans refer to them.

:func:`dump_plan_document` builds the same shape from the database, in canonical form (schedules
normalised, empty values left out), so ``dump_plan_document(plan) ==
normalize_document(document)`` after a load. It covers the years the report covers (the plan's
year and the year before) for year-bound records.

Modules: :mod:`.document` (the top level), one module per part of the document that loads and
dumps it from the same declarations (:mod:`.organization`, :mod:`.budgets`,
:mod:`.civic_records`, :mod:`.plan`), :mod:`.loading` (the upsert engine), :mod:`.shapes`
(reading and writing mappings, lists and text) and :mod:`.canonical` (canonical form, the one
digest of a document, YAML).
"""

from .canonical import (
    PUBLICATION_KEYS,
    document_content,
    document_digest,
    document_to_yaml,
    normalize_document,
)
from .document import FORMAT_VERSION, dump_plan_document, load_plan_document
from .loading import LoadResult
from .plan import CARD_KINDS as CARD_KINDS
from .plan import SECTION_NUMERALS as SECTION_NUMERALS
from .plan import card_place as card_place

__all__ = [
    "FORMAT_VERSION",
    "PUBLICATION_KEYS",
    "LoadResult",
    "document_content",
    "document_digest",
    "document_to_yaml",
    "dump_plan_document",
    "load_plan_document",
    "normalize_document",
]
