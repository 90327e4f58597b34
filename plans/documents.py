"""A department's work plan as one human-readable document, loaded into and dumped from the
database.

The document is a plain ``dict`` (read from YAML or JSON) shaped like the domain, not like the
tables: organization → bureau → department → teams with their officers, grades, staffing,
budget lines, welfare programs, civic records, and the plan with its achievements and task
cards. It holds inputs only; totals, changes, shares and turnout are computed by
:mod:`plans.figures`. ``fixtures/demo/*.yaml`` is an example of the full shape.

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
"""

from __future__ import annotations

import contextlib
import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_time

from budget.models import BudgetLine, CountyBudget, DisplayUnit, FundingRow
from civic.models import (
    Election,
    FieldVisit,
    HometownDonation,
    HometownLoveFund,
    HousingProject,
    ParticipationPointYear,
    ResidentCouncil,
    TownPromotionRule,
    TownPromotionStep,
    TownPromotionTarget,
    Township,
)
from personnel.models import (
    Bureau,
    Department,
    Grade,
    Officer,
    Organization,
    StaffingCount,
    Team,
    WelfareProgram,
)
from plans.models import (
    AchievementGroup,
    AchievementItem,
    CardContact,
    CardFact,
    CouncilSession,
    PlanItem,
    PlanStatus,
    ProgressItem,
    Section,
    TaskCard,
    WorkPlan,
)
from plans.schedules import ScheduleError, normalize_schedule
from plans.validators import valid_schedule

__all__ = [
    "FORMAT_VERSION",
    "LoadResult",
    "document_to_yaml",
    "dump_plan_document",
    "load_plan_document",
    "normalize_document",
]

#: The document format this module reads and writes (the ``format`` key).
FORMAT_VERSION = 1

#: 사업구분 labels in the document, and the card flag each sets.
CARD_KINDS = {"계속": "is_continuing", "신규": "is_new", "현안": "is_pending_issue"}

SECTION_NUMERALS = {Section.MAIN: "IV", Section.SPECIAL: "V"}

# Document keys whose values are schedules, dates, or a time (for normalize_document).
_SCHEDULE_KEYS = frozenset(
    {"schedule", "period", "approved", "members_appointed", "ordinance_enacted", "fund_established"}
)
_DATE_KEYS = frozenset({"date", "start_date", "end_date", "as_of", "law_enacted", "law_effective"})


# ---------------------------------------------------------------------------------------------
# Result


@dataclass
class LoadResult:
    """What a load did, per model name: rows created, updated, deleted, and left unchanged."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    plan: WorkPlan | None = None

    def totals(self) -> dict[str, int]:
        return {
            "created": sum(self.created.values()),
            "updated": sum(self.updated.values()),
            "deleted": sum(self.deleted.values()),
            "unchanged": sum(self.unchanged.values()),
        }

    @property
    def changed(self) -> bool:
        totals = self.totals()
        return bool(totals["created"] or totals["updated"] or totals["deleted"])

    def summary(self) -> str:
        """One Korean line: what was loaded and how many rows changed."""
        totals = self.totals()
        if self.plan is not None:
            department = self.plan.department
            organization = department.bureau.organization
            head = f"{organization.name} {department.name} {self.plan.year}년 업무계획"
        else:
            head = "업무계획"
        if not self.changed:
            return f"{head}: 바뀐 내용 없음 (그대로 {totals['unchanged']:,}건)"
        return (
            f"{head}: 새로 만듦 {totals['created']:,}건, 고침 {totals['updated']:,}건, "
            f"지움 {totals['deleted']:,}건, 그대로 {totals['unchanged']:,}건"
        )


# ---------------------------------------------------------------------------------------------
# Reading the document


def _fail(place: str, message: str) -> ValidationError:
    return ValidationError(f"{place}: {message}")


def _clean_text(value: Any) -> str:
    """Text as stored: trailing spaces and blank edge lines removed, indentation kept."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) == 1:
        return lines[0].strip()
    return "\n".join(lines)


def _mapping(
    data: Any, *, place: str, required: Iterable[str] = (), optional: Iterable[str] = ()
) -> dict[str, Any]:
    """A mapping of the document, checked for unknown and missing keys."""
    if not isinstance(data, dict):
        raise _fail(place, "'이름: 값' 형식의 항목 묶음이어야 합니다.")
    required = tuple(required)
    allowed = set(required) | set(optional)
    unknown = sorted(str(key) for key in data if key not in allowed)
    if unknown:
        raise _fail(place, f"알 수 없는 항목이 있습니다: {', '.join(unknown)}")
    missing = [key for key in required if data.get(key) in (None, "")]
    if missing:
        raise _fail(place, f"필수 항목이 없습니다: {', '.join(missing)}")
    return data


def _list(data: Any, *, place: str) -> list[Any]:
    if data is None:
        return []
    if not isinstance(data, list):
        raise _fail(place, "목록(- 로 시작하는 줄)이어야 합니다.")
    return data


def _text_list(data: Any, *, place: str) -> list[str]:
    return [_clean_text(item) for item in _list(data, place=place)]


def _placed(error: ValidationError, *, place: str, model: type[models.Model]) -> ValidationError:
    """A model's ValidationError, each message prefixed with the place and the field name."""
    messages: list[str] = []
    if hasattr(error, "error_dict"):
        for name, texts in error.message_dict.items():
            label = ""
            if name != NON_FIELD_ERRORS:
                try:
                    label = str(model._meta.get_field(name).verbose_name)
                except FieldDoesNotExist:
                    label = name
            for text in texts:
                messages.append(f"{place}: {label} - {text}" if label else f"{place}: {text}")
    else:
        messages = [f"{place}: {text}" for text in error.messages]
    return ValidationError(messages)


def _key_value(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def _has_schedule_validator(model_field: models.Field) -> bool:
    return any(validator is valid_schedule for validator in model_field.validators)


def _snapshot(instance: models.Model) -> dict[str, Any]:
    """The values that count as a change (auto timestamps excluded)."""
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if not f.primary_key
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    }


@dataclass
class _Row:
    """One object to upsert: the natural key (within its parent), the other values, its place."""

    key: dict[str, Any]
    values: dict[str, Any]
    place: str


class _Loader:
    def __init__(self) -> None:
        self.result = LoadResult()
        self.organization: Organization | None = None
        self.department: Department | None = None
        self.grades: dict[str, Grade] = {}
        self.teams: dict[str, Team] = {}
        self.doc_officers: dict[tuple[str, str], list[Officer]] = {}
        self.townships: dict[str, Township] = {}
        self.pending_deletes: list[tuple[models.Model, str]] = []

    # -- primitives ---------------------------------------------------------------------------

    def _prepare(
        self, model: type[models.Model], values: dict[str, Any], *, place: str
    ) -> dict[str, Any]:
        """Bring document values to what a form would give: clean text, canonical schedules,
        no floats for exact numbers."""
        prepared: dict[str, Any] = {}
        for name, value in values.items():
            model_field = model._meta.get_field(name)
            label = model_field.verbose_name
            if model_field.is_relation:
                prepared[name] = value
            elif isinstance(model_field, models.CharField | models.TextField):
                if isinstance(value, dict | list):
                    raise _fail(place, f"{label} - 글로 입력하십시오(목록이나 묶음이 아님).")
                if value is None and not model_field.null:
                    value = ""
                if value is not None:
                    value = _clean_text(value)
                if value and _has_schedule_validator(model_field):
                    # An unreadable schedule is reported by full_clean, naming the field.
                    with contextlib.suppress(ScheduleError):
                        value = normalize_schedule(value)
                prepared[name] = value
            elif isinstance(model_field, models.DateField | models.TimeField) and not (
                value is None or isinstance(value, str | datetime.date | datetime.time)
            ):
                hint = (
                    ' 시각은 "15:30"처럼 따옴표로 감싸 적으십시오.'
                    if isinstance(value, int)
                    else ""
                )
                raise _fail(place, f"{label} - 날짜·시각 형식이 아닙니다(입력값: {value}).{hint}")
            elif isinstance(model_field, models.DecimalField) and isinstance(value, float):
                prepared[name] = Decimal(str(value))
            elif isinstance(model_field, models.IntegerField) and isinstance(value, float | bool):
                raise _fail(place, f"{label} - 정수로 입력하십시오(입력값: {value}).")
            else:
                prepared[name] = value
        return prepared

    def _key(self, model: type[models.Model], key: dict[str, Any], *, place: str) -> dict[str, Any]:
        """A natural key with each value in its field's Python type, so "3" finds 3."""
        prepared = self._prepare(model, key, place=place)
        for name, value in prepared.items():
            model_field = model._meta.get_field(name)
            if model_field.is_relation or value is None:
                continue
            try:
                prepared[name] = model_field.to_python(value)
            except ValidationError as error:
                raise _placed(
                    ValidationError({name: error.messages}), place=place, model=model
                ) from error
        return prepared

    def _clean(self, instance: models.Model, *, place: str) -> None:
        try:
            instance.full_clean()
        except ValidationError as error:
            raise _placed(error, place=place, model=type(instance)) from error

    def _find(self, model: type[models.Model], lookup: dict[str, Any], *, place: str):
        try:
            return model.objects.filter(**lookup).first()
        except (ValidationError, ValueError, TypeError) as error:
            raise _fail(place, f"찾을 수 없는 값입니다: {error}") from error

    def save(
        self,
        model: type[models.Model],
        *,
        key: dict[str, Any],
        values: dict[str, Any],
        place: str,
        instance: models.Model | None = None,
    ) -> models.Model:
        """Create or update one object found by ``key``; save only if something changed."""
        key = self._prepare(model, key, place=place)
        values = self._prepare(model, values, place=place)
        name = model.__name__
        if instance is None:
            instance = self._find(model, key, place=place)
        if instance is None:
            instance = model(**key, **values)
            self._clean(instance, place=place)
            instance.save()
            self.result.created[name] += 1
            return instance
        before = _snapshot(instance)
        for attribute, value in values.items():
            setattr(instance, attribute, value)
        self._clean(instance, place=place)
        if _snapshot(instance) != before:
            instance.save()
            self.result.updated[name] += 1
        else:
            self.result.unchanged[name] += 1
        return instance

    def _delete(self, instances: Iterable[models.Model], *, place: str) -> None:
        for instance in instances:
            try:
                _, per_model = instance.delete()
            except ProtectedError as error:
                raise _fail(
                    place,
                    f"'{instance}'을(를) 지울 수 없습니다. 다른 자료가 참조하고 있습니다.",
                ) from error
            for label, count in per_model.items():
                if count:
                    self.result.deleted[label.rsplit(".", 1)[-1]] += count

    def sync(
        self,
        model: type[models.Model],
        *,
        scope: dict[str, Any],
        rows: list[_Row],
        place: str,
        delete: bool | str = True,
    ) -> list[models.Model]:
        """Upsert ``rows`` under one parent (``scope``), matched by their keys.

        Rows of the parent missing from ``rows`` are deleted (``delete=True``), deleted at the
        end of the load (``"later"``, for records that the plan refers to), or kept (``False``).
        When rows change places, their orders are first moved out of the way, so the unique
        order of the parent holds at every step.
        """
        prepared: list[_Row] = []
        seen: set[tuple] = set()
        for row in rows:
            row_key = self._key(model, row.key, place=row.place)
            identity = tuple(sorted((k, _key_value(v)) for k, v in row_key.items()))
            if identity in seen:
                raise _fail(row.place, "같은 항목이 두 번 적혀 있습니다.")
            seen.add(identity)
            prepared.append(_Row(row_key, row.values, row.place))

        key_names = sorted(prepared[0].key) if prepared else []
        instances = list(model.objects.filter(**scope))
        existing: dict[tuple, models.Model] = {}
        if key_names:
            for instance in instances:
                identity = tuple(
                    (k, getattr(instance, model._meta.get_field(k).attname)) for k in key_names
                )
                existing[identity] = instance
        wanted = {
            tuple(sorted((k, _key_value(v)) for k, v in row.key.items())): row for row in prepared
        }
        stale = [instance for identity, instance in existing.items() if identity not in wanted]
        if not key_names:
            stale = instances
        if stale and delete is True:
            self._delete(stale, place=place)
            stale_ids = {instance.pk for instance in stale}
            existing = {k: v for k, v in existing.items() if v.pk not in stale_ids}
        elif stale and delete == "later":
            self.pending_deletes.extend((instance, place) for instance in stale)

        if "order" not in key_names and any("order" in row.values for row in prepared):
            self._make_room(model, scope=scope, existing=existing, wanted=wanted)

        saved = []
        for identity, row in wanted.items():
            saved.append(
                self.save(
                    model,
                    key={**scope, **row.key},
                    values=row.values,
                    place=row.place,
                    instance=existing.get(identity),
                )
            )
        return saved

    def _make_room(
        self,
        model: type[models.Model],
        *,
        scope: dict[str, Any],
        existing: dict[tuple, models.Model],
        wanted: dict[tuple, _Row],
    ) -> None:
        """Park rows whose order is wanted by another row above every order in use."""
        desired = {identity: row.values["order"] for identity, row in wanted.items()}
        holder = {instance.order: identity for identity, instance in existing.items()}
        if all(holder.get(order, identity) == identity for identity, order in desired.items()):
            return
        numbers = [instance.order for instance in existing.values()]
        numbers += [order for order in desired.values() if isinstance(order, int)]
        numbers += list(model.objects.filter(**scope).values_list("order", flat=True))
        top = max(numbers, default=0)
        for identity, instance in existing.items():
            if desired.get(identity) == instance.order:
                continue
            top += 1
            model.objects.filter(pk=instance.pk).update(order=top)
            instance.order = top
            if identity not in desired:  # a row the document does not list, moved aside
                self.result.updated[model.__name__] += 1

    # -- references ---------------------------------------------------------------------------

    def team(self, name: Any, *, place: str) -> Team:
        team = self.teams.get(_clean_text(name))
        if team is None:
            department = self.department.name if self.department else "이 과"
            raise _fail(place, f"담당 팀 '{name}'은(는) {department}의 팀이 아닙니다.")
        return team

    def grade(self, label: Any, *, place: str) -> Grade:
        grade = self.grades.get(_clean_text(label))
        if grade is None:
            raise _fail(place, f"직급 '{label}'이(가) 없습니다. 예: 일반직 6급, 정무직, 연구직")
        return grade

    def township(self, name: Any, *, place: str) -> Township:
        township = self.townships.get(_clean_text(name))
        if township is None:
            raise _fail(place, f"읍·면 '{name}'이(가) 없습니다.")
        return township

    def officer(self, data: Any, *, place: str) -> Officer:
        data = _mapping(data, place=place, required=("team", "name"), optional=("phone",))
        team = self.team(data["team"], place=place)
        name = _clean_text(data["name"])
        phone = _clean_text(data.get("phone"))
        candidates = self.doc_officers.get((team.name, name)) or list(
            Officer.objects.filter(team=team, name=name)
        )
        if phone:
            candidates = [officer for officer in candidates if officer.phone == phone]
        if not candidates:
            raise _fail(place, f"{team.name}에 담당자 '{name}'이(가) 없습니다.")
        if len(candidates) > 1:
            raise _fail(place, f"{team.name}에 '{name}'이(가) 여럿입니다. 전화번호를 적으십시오.")
        return candidates[0]

    # -- sections -----------------------------------------------------------------------------

    def load(self, data: Any) -> LoadResult:
        doc = _mapping(
            data,
            place="문서",
            required=("organization", "bureau", "department", "plan"),
            optional=(
                "format",
                "notes",
                "grades",
                "teams",
                "staffing",
                "budget",
                "welfare_programs",
                "civic",
            ),
        )
        if doc.get("format", FORMAT_VERSION) != FORMAT_VERSION:
            raise _fail("문서", f"format {doc['format']}은(는) 읽을 수 없습니다.")
        self.load_organization(doc)
        self.load_grades(doc.get("grades"))
        self.load_teams(doc.get("teams"))
        self.load_staffing(doc.get("staffing"))
        self.load_budget(doc.get("budget"))
        self.load_welfare(doc.get("welfare_programs"))
        self.load_civic(doc.get("civic"))
        notes = [" ".join(note.split()) for note in _text_list(doc.get("notes"), place="notes")]
        self.result.plan = self.load_plan(doc["plan"], notes=notes)
        for instance, place in self.pending_deletes:
            self._delete([instance], place=place)
        return self.result

    def load_organization(self, doc: dict[str, Any]) -> None:
        self.organization = self.save(
            Organization, key={"name": doc["organization"]}, values={}, place="기관"
        )
        bureau_data = _mapping(doc["bureau"], place="국", required=("name", "order"))
        bureau = self.save(
            Bureau,
            key={"organization": self.organization, "name": bureau_data["name"]},
            values={"order": bureau_data["order"]},
            place=f"국 {bureau_data['name']}",
        )
        department_data = _mapping(
            doc["department"], place="과", required=("name", "slug", "order")
        )
        self.department = self.save(
            Department,
            key={"slug": department_data["slug"]},
            values={
                "bureau": bureau,
                "name": department_data["name"],
                "order": department_data["order"],
            },
            place=f"과 {department_data['name']}",
        )

    def load_grades(self, data: Any) -> None:
        rows = []
        for number, item in enumerate(_list(data, place="직급"), start=1):
            place = f"직급 {number}행"
            item = _mapping(item, place=place, required=("category", "name"))
            rows.append(
                _Row({"category": item["category"], "name": item["name"]}, {"order": number}, place)
            )
        if rows:
            self.sync(Grade, scope={}, rows=rows, place="직급", delete=False)
        self.grades = {str(grade): grade for grade in Grade.objects.all()}

    def load_teams(self, data: Any) -> None:
        rows, officer_lists = [], []
        for number, item in enumerate(_list(data, place="팀"), start=1):
            place = f"팀 {number}행"
            item = _mapping(
                item,
                place=place,
                required=("name",),
                optional=("functions", "is_active", "officers"),
            )
            values = {
                "order": number,
                "functions": item.get("functions"),
                "is_active": item.get("is_active", True),
            }
            rows.append(_Row({"name": item["name"]}, values, f"{place}({item['name']})"))
            officer_lists.append(item.get("officers"))
        teams = self.sync(
            Team, scope={"department": self.department}, rows=rows, place="팀", delete=False
        )
        self.teams = {team.name: team for team in Team.objects.filter(department=self.department)}
        for team, officers in zip(teams, officer_lists, strict=True):
            self.load_officers(team, officers)

    def load_officers(self, team: Team, data: Any) -> None:
        rows = []
        for number, item in enumerate(_list(data, place=f"{team.name} 담당자"), start=1):
            place = f"{team.name} 담당자 {number}행"
            item = _mapping(
                item,
                place=place,
                required=("position", "name", "phone"),
                optional=("grade", "is_active"),
            )
            grade = self.grade(item["grade"], place=place) if item.get("grade") else None
            rows.append(
                _Row(
                    {"name": item["name"], "phone": item["phone"]},
                    {
                        "position": item["position"],
                        "grade": grade,
                        "is_active": item.get("is_active", True),
                    },
                    f"{place}({item['name']})",
                )
            )
        for officer in self.sync(
            Officer, scope={"team": team}, rows=rows, place=f"{team.name} 담당자", delete=False
        ):
            self.doc_officers.setdefault((team.name, officer.name), []).append(officer)

    def load_staffing(self, data: Any) -> None:
        listed: dict[int, set[int]] = {}
        for number, item in enumerate(_list(data, place="인력 현황"), start=1):
            place = f"인력 현황 {number}번째 묶음"
            item = _mapping(item, place=place, required=("year", "team"), optional=("counts",))
            team = self.team(item["team"], place=place)
            year = item["year"]
            if team.pk in listed.setdefault(year, set()):
                raise _fail(place, f"{year}년 {team.name}이(가) 두 번 적혀 있습니다.")
            listed[year].add(team.pk)
            rows = []
            for line, cell in enumerate(_list(item.get("counts"), place=place), start=1):
                cell_place = f"인력 현황 {year}년 {team.name} {line}행"
                cell = _mapping(
                    cell, place=cell_place, required=("grade", "current"), optional=("authorized",)
                )
                grade = self.grade(cell["grade"], place=cell_place)
                rows.append(
                    _Row(
                        {"grade": grade},
                        {"authorized": cell.get("authorized"), "current": cell["current"]},
                        f"{cell_place}({grade})",
                    )
                )
            self.sync(
                StaffingCount,
                scope={"year": year, "team": team},
                rows=rows,
                place=f"인력 현황 {year}년 {team.name}",
            )
        for year, team_ids in listed.items():
            stale = StaffingCount.objects.filter(
                year=year, team__department=self.department
            ).exclude(team__in=team_ids)
            self._delete(list(stale), place=f"인력 현황 {year}년")

    def load_budget(self, data: Any) -> None:
        if data is None:
            return
        data = _mapping(data, place="예산", optional=("county", "lines"))
        for number, item in enumerate(_list(data.get("county"), place="군 전체 예산"), start=1):
            place = f"군 전체 예산 {number}행"
            item = _mapping(
                item,
                place=place,
                required=("fiscal_year", "account", "stage", "total"),
                optional=("note",),
            )
            self.save(
                CountyBudget,
                key={
                    "organization": self.organization,
                    "fiscal_year": item["fiscal_year"],
                    "account": item["account"],
                    "stage": item["stage"],
                },
                values={"total": item["total"], "note": item.get("note")},
                place=place,
            )
        for number, table in enumerate(_list(data.get("lines"), place="부서 예산"), start=1):
            place = f"부서 예산 {number}번째 표"
            table = _mapping(
                table,
                place=place,
                required=("fiscal_year", "account", "stage"),
                optional=("rows",),
            )
            year = table["fiscal_year"]
            table_place = f"부서 예산 {year}년"
            rows = []
            for line, item in enumerate(_list(table.get("rows"), place=place), start=1):
                row_place = f"{table_place} {line}행"
                item = _mapping(
                    item, place=row_place, required=("amount",), optional=("team", "heading")
                )
                if bool(item.get("team")) == bool(item.get("heading")):
                    raise _fail(row_place, "team(팀)과 heading(기타 항목) 중 하나만 적으십시오.")
                if item.get("team"):
                    team = self.team(item["team"], place=row_place)
                    key, label = {"team": team, "heading": ""}, team.name
                else:
                    key, label = {"team": None, "heading": item["heading"]}, item["heading"]
                rows.append(
                    _Row(key, {"order": line, "amount": item["amount"]}, f"{row_place}({label})")
                )
            self.sync(
                BudgetLine,
                scope={
                    "department": self.department,
                    "fiscal_year": year,
                    "account": table["account"],
                    "stage": table["stage"],
                },
                rows=rows,
                place=table_place,
            )

    def load_welfare(self, data: Any) -> None:
        fields = (
            "period",
            "facility_count",
            "beneficiary_count",
            "beneficiary_note",
            "total_amount",
            "per_person_amount",
        )
        for number, group in enumerate(_list(data, place="후생복지"), start=1):
            place = f"후생복지 {number}번째 묶음"
            group = _mapping(group, place=place, required=("year",), optional=("programs",))
            year = group["year"]
            rows = []
            for line, item in enumerate(_list(group.get("programs"), place=place), start=1):
                item_place = f"후생복지 {year}년 {line}행"
                item = _mapping(item, place=item_place, required=("name",), optional=fields)
                values = {"order": line, **{name: item.get(name) for name in fields}}
                rows.append(_Row({"name": item["name"]}, values, f"{item_place}({item['name']})"))
            self.sync(
                WelfareProgram,
                scope={"department": self.department, "year": year},
                rows=rows,
                place=f"후생복지 {year}년",
                delete="later",
            )

    # -- civic --------------------------------------------------------------------------------

    def load_civic(self, data: Any) -> None:
        if data is None:
            data = {}
        data = _mapping(
            data,
            place="civic",
            optional=(
                "townships",
                "resident_councils",
                "participation_points",
                "hometown_love_fund",
                "town_promotion",
                "elections",
                "field_visits",
            ),
        )
        organization = self.organization
        rows = []
        for number, item in enumerate(_list(data.get("townships"), place="읍·면"), start=1):
            place = f"읍·면 {number}행"
            item = _mapping(item, place=place, required=("name", "kind"))
            rows.append(
                _Row(
                    {"name": item["name"]},
                    {"kind": item["kind"], "order": number},
                    f"{place}({item['name']})",
                )
            )
        if rows:
            self.sync(
                Township,
                scope={"organization": organization},
                rows=rows,
                place="읍·면",
                delete=False,
            )
        self.townships = {
            township.name: township
            for township in Township.objects.filter(organization=organization)
        }

        for number, item in enumerate(
            _list(data.get("resident_councils"), place="주민자치회"), start=1
        ):
            place = f"주민자치회 {number}행"
            item = _mapping(
                item,
                place=place,
                required=("township", "stage"),
                optional=("approved", "members_appointed", "note"),
            )
            township = self.township(item["township"], place=place)
            self.save(
                ResidentCouncil,
                key={"township": township},
                values={
                    "stage": item["stage"],
                    "approved": item.get("approved"),
                    "members_appointed": item.get("members_appointed"),
                    "note": item.get("note"),
                },
                place=f"주민자치회 {township.name}",
            )

        point_fields = (
            "points_awarded",
            "as_of",
            "incentive_threshold",
            "incentive_recipients",
            "incentive_kind",
        )
        for number, item in enumerate(
            _list(data.get("participation_points"), place="주민참여포인트"), start=1
        ):
            place = f"주민참여포인트 {number}행"
            item = _mapping(
                item, place=place, required=("year", *point_fields[:-1]), optional=point_fields[-1:]
            )
            self.save(
                ParticipationPointYear,
                key={"organization": organization, "year": item["year"]},
                values={name: item.get(name) for name in point_fields},
                place=f"주민참여포인트 {item['year']}년",
            )

        if data.get("hometown_love_fund") is not None:
            self.load_hometown_fund(data["hometown_love_fund"])
        if data.get("town_promotion") is not None:
            self.load_town_promotion(data["town_promotion"])

        election_fields = (
            "date",
            "electorate",
            "voters",
            "clerks",
            "polling_staff",
            "counting_staff",
        )
        for number, item in enumerate(_list(data.get("elections"), place="선거"), start=1):
            place = f"선거 {number}행"
            item = _mapping(item, place=place, required=("name", *election_fields))
            self.save(
                Election,
                key={"organization": organization, "name": item["name"]},
                values={name: item[name] for name in election_fields},
                place=f"선거 {item['name']}",
            )

        visit_fields = (
            "kind",
            "end_date",
            "start_time",
            "place",
            "program",
            "reported_suggestions",
        )
        for number, item in enumerate(_list(data.get("field_visits"), place="현장 방문"), start=1):
            place = f"현장 방문 {number}행"
            item = _mapping(
                item,
                place=place,
                required=("kind", "title", "start_date", "place"),
                optional=visit_fields,
            )
            self.save(
                FieldVisit,
                key={
                    "organization": organization,
                    "title": item["title"],
                    "start_date": item["start_date"],
                },
                values={name: item.get(name) for name in visit_fields},
                place=f"{place}({item['title']})",
            )

    def load_hometown_fund(self, data: Any) -> None:
        place = "고향사랑기금"
        fields = ("law_enacted", "law_effective", "ordinance_enacted", "fund_established")
        data = _mapping(data, place=place, required=fields[:2], optional=(*fields[2:], "donations"))
        fund = self.save(
            HometownLoveFund,
            key={"organization": self.organization},
            values={name: data.get(name) for name in fields},
            place=place,
        )
        if "donations" not in data:
            return
        rows = []
        for number, item in enumerate(_list(data["donations"], place=place), start=1):
            row_place = f"고향사랑기부금 {number}행"
            item = _mapping(
                item, place=row_place, required=("year", "month", "donor_count", "amount")
            )
            rows.append(
                _Row(
                    {"year": item["year"], "month": item["month"]},
                    {"donor_count": item["donor_count"], "amount": item["amount"]},
                    row_place,
                )
            )
        self.sync(HometownDonation, scope={"fund": fund}, rows=rows, place="고향사랑기부금")

    def load_town_promotion(self, data: Any) -> None:
        data = _mapping(
            data, place="읍 승격", optional=("rule", "steps", "targets", "housing_projects")
        )
        if data.get("rule") is not None:
            place = "읍 승격 요건"
            fields = ("legal_basis", "min_population", "min_urban_ratio", "description")
            rule = _mapping(data["rule"], place=place, required=fields)
            # One set of legal thresholds (national law): update it rather than add another.
            self.save(
                TownPromotionRule,
                key={},
                values={name: rule[name] for name in fields},
                place=place,
                instance=TownPromotionRule.objects.order_by("pk").first(),
            )
        if data.get("steps") is not None:
            rows = [
                _Row({"order": number}, {"name": name}, f"읍 승격 절차 {number}행")
                for number, name in enumerate(_list(data["steps"], place="읍 승격 절차"), start=1)
            ]
            self.sync(TownPromotionStep, scope={}, rows=rows, place="읍 승격 절차")
        for number, item in enumerate(_list(data.get("targets"), place="읍 승격 대상"), start=1):
            place = f"읍 승격 대상 {number}행"
            item = _mapping(item, place=place, required=("township", "start_year", "end_year"))
            self.save(
                TownPromotionTarget,
                key={"township": self.township(item["township"], place=place)},
                values={"start_year": item["start_year"], "end_year": item["end_year"]},
                place=f"읍 승격 대상 {item['township']}",
            )
        fields = ("category", "name", "households", "completion")
        for number, group in enumerate(
            _list(data.get("housing_projects"), place="공동주택"), start=1
        ):
            place = f"공동주택 {number}번째 묶음"
            group = _mapping(group, place=place, required=("township",), optional=("projects",))
            township = self.township(group["township"], place=place)
            rows = []
            for line, item in enumerate(_list(group.get("projects"), place=place), start=1):
                row_place = f"공동주택 {township.name} {line}행"
                item = _mapping(
                    item,
                    place=row_place,
                    required=("category", "name", "households"),
                    optional=("completion",),
                )
                rows.append(
                    _Row({"order": line}, {name: item.get(name) for name in fields}, row_place)
                )
            self.sync(
                HousingProject,
                scope={"township": township},
                rows=rows,
                place=f"공동주택 {township.name}",
            )

    # -- the plan -----------------------------------------------------------------------------

    def load_plan(self, data: Any, *, notes: list[str]) -> WorkPlan:
        fields = ("status", "published_at", "policy_goal", "policy_directions", "key_tasks")
        data = _mapping(
            data,
            place="업무계획",
            required=("year", "session"),
            optional=(*fields, "achievements", "cards"),
        )
        session_data = _mapping(
            data["session"],
            place="의회 회기",
            required=("number", "kind", "start_date", "end_date"),
        )
        session = self.save(
            CouncilSession,
            key={"organization": self.organization, "number": session_data["number"]},
            values={
                "kind": session_data["kind"],
                "start_date": session_data["start_date"],
                "end_date": session_data["end_date"],
            },
            place=f"의회 회기 제{session_data['number']}회",
        )
        values = {name: data.get(name) for name in fields}
        values["status"] = values["status"] or PlanStatus.DRAFT
        values["corrections_note"] = "\n".join(notes)
        plan = self.save(
            WorkPlan,
            key={"department": self.department, "year": data["year"], "session": session},
            values=values,
            place=f"업무계획 {data['year']}년",
        )
        self.load_achievements(plan, data.get("achievements"))
        self.load_cards(plan, data.get("cards"))
        return plan

    def load_achievements(self, plan: WorkPlan, data: Any) -> None:
        groups = _list(data, place="주요성과")
        rows = []
        for number, group in enumerate(groups, start=1):
            place = f"주요성과 {number}그룹"
            group = _mapping(group, place=place, required=("title",), optional=("items",))
            rows.append(_Row({"order": number}, {"title": group["title"]}, place))
        saved = self.sync(AchievementGroup, scope={"plan": plan}, rows=rows, place="주요성과")
        for number, (group, data_group) in enumerate(zip(saved, groups, strict=True), start=1):
            rows = []
            for line, item in enumerate(
                _list(data_group.get("items"), place=f"주요성과 {number}그룹"), start=1
            ):
                place = f"주요성과 {number}그룹 {line}행"
                item = _mapping(item, place=place, optional=("text", "election", "welfare_program"))
                rows.append(
                    _Row(
                        {"order": line},
                        {
                            "text": item.get("text"),
                            "election": self.election(item.get("election"), place=place),
                            "welfare_program": self.welfare_program(
                                item.get("welfare_program"), place=place
                            ),
                        },
                        place,
                    )
                )
            self.sync(
                AchievementItem, scope={"group": group}, rows=rows, place=f"주요성과 {number}그룹"
            )

    def election(self, name: Any, *, place: str) -> Election | None:
        if not name:
            return None
        election = Election.objects.filter(
            organization=self.organization, name=_clean_text(name)
        ).first()
        if election is None:
            raise _fail(place, f"선거 '{name}'이(가) 없습니다. civic.elections에 적으십시오.")
        return election

    def welfare_program(self, data: Any, *, place: str) -> WelfareProgram | None:
        if not data:
            return None
        data = _mapping(data, place=place, required=("year", "name"))
        program = WelfareProgram.objects.filter(
            department=self.department, year=data["year"], name=_clean_text(data["name"])
        ).first()
        if program is None:
            raise _fail(
                place,
                f"후생복지 사업 '{data['name']}'({data['year']}년)이 없습니다. "
                "welfare_programs에 적으십시오.",
            )
        return program

    def load_cards(self, plan: WorkPlan, data: Any) -> None:
        cards = _list(data, place="과제")
        card_fields = ("title", "overview", "facts_title", "policies", "expected_effects")
        part_keys = ("facts", "progress_items", "plan_items", "funding", "contacts")
        rows = []
        for number, card in enumerate(cards, start=1):
            place = f"과제 {number}번째"
            card = _mapping(
                card,
                place=place,
                required=("section", "number", "title", "team"),
                optional=(*card_fields[1:], "kinds", "funding_unit", *part_keys),
            )
            place = card_place(card["section"], card["number"])
            kinds = _text_list(card.get("kinds"), place=place)
            unknown = [kind for kind in kinds if kind not in CARD_KINDS]
            if unknown:
                raise _fail(
                    place, f"사업구분 '{unknown[0]}'은(는) 계속, 신규, 현안 중 하나여야 합니다."
                )
            values = {name: card.get(name) for name in card_fields}
            values.update({flag: label in kinds for label, flag in CARD_KINDS.items()})
            values["team"] = self.team(card["team"], place=place)
            values["funding_unit"] = card.get("funding_unit") or DisplayUnit.MILLION
            rows.append(_Row({"section": card["section"], "number": card["number"]}, values, place))
        saved = self.sync(TaskCard, scope={"plan": plan}, rows=rows, place="과제")
        for card, card_data in zip(saved, cards, strict=True):
            self.load_card_parts(card, card_data)

    def load_card_parts(self, card: TaskCard, data: dict[str, Any]) -> None:
        place = card_place(card.section, card.number)
        rows = []
        for number, item in enumerate(_list(data.get("facts"), place=place), start=1):
            row_place = f"{place} 사업개요 {number}행"
            item = _mapping(item, place=row_place, required=("value",), optional=("label",))
            rows.append(
                _Row(
                    {"order": number},
                    {"label": item.get("label"), "value": item["value"]},
                    row_place,
                )
            )
        self.sync(CardFact, scope={"card": card}, rows=rows, place=f"{place} 사업개요")

        rows = []
        for number, item in enumerate(_list(data.get("progress_items"), place=place), start=1):
            row_place = f"{place} 추진상황 {number}행"
            item = _mapping(item, place=row_place, required=("text",), optional=("schedule",))
            rows.append(
                _Row(
                    {"order": number},
                    {"text": item["text"], "schedule": item.get("schedule")},
                    row_place,
                )
            )
        self.sync(ProgressItem, scope={"card": card}, rows=rows, place=f"{place} 추진상황")

        rows = []
        plan_fields = ("text", "schedule", "target", "details", "data_block")
        for number, item in enumerate(_list(data.get("plan_items"), place=place), start=1):
            row_place = f"{place} 추진계획 {number}행"
            item = _mapping(item, place=row_place, required=("text",), optional=plan_fields[1:])
            rows.append(
                _Row({"order": number}, {name: item.get(name) for name in plan_fields}, row_place)
            )
        self.sync(PlanItem, scope={"card": card}, rows=rows, place=f"{place} 추진계획")

        rows = []
        funding_fields = ("prior_years", "current_year", "later_years", "remark")
        for number, item in enumerate(_list(data.get("funding"), place=place), start=1):
            row_place = f"{place} 소요예산 {number}행"
            item = _mapping(item, place=row_place, required=("source",), optional=funding_fields)
            values = {"order": number, **{name: item.get(name) for name in funding_fields}}
            rows.append(_Row({"source": item["source"]}, values, row_place))
        self.sync(FundingRow, scope={"card": card}, rows=rows, place=f"{place} 소요예산")

        rows = []
        for number, item in enumerate(_list(data.get("contacts"), place=place), start=1):
            row_place = f"{place} 담당자 {number}행"
            officer = self.officer(item, place=row_place)
            rows.append(_Row({"officer": officer}, {"order": number}, row_place))
        self.sync(CardContact, scope={"card": card}, rows=rows, place=f"{place} 담당자")


def card_place(section: Any, number: Any) -> str:
    """How messages name a card: 과제 IV-3, 과제 V-1."""
    return f"과제 {SECTION_NUMERALS.get(section, section)}-{number}"


@transaction.atomic
def load_plan_document(data: dict[str, Any]) -> LoadResult:
    """Create or update everything ``data`` describes; change nothing that is already so.

    Raises :class:`~django.core.exceptions.ValidationError` with Korean messages naming the
    place (``과제 IV-3 추진계획 2행: …``); nothing is written then.
    """
    return _Loader().load(data)


# ---------------------------------------------------------------------------------------------
# Dumping


def _compact(mapping: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values, as a document would."""
    return {
        key: value
        for key, value in mapping.items()
        if value is not None and not (isinstance(value, str | list | dict) and not value)
    }


def _number(value: Decimal | int | None) -> int | str | None:
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else str(value.normalize())


def _time(value: datetime.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _grade_label(grade: Grade | None) -> str | None:
    return str(grade) if grade else None


def dump_plan_document(plan: WorkPlan) -> dict[str, Any]:
    """The document of ``plan`` from the database, in canonical form (see the module doc)."""
    plan = WorkPlan.objects.with_context().get(pk=plan.pk)
    department = plan.department
    bureau = department.bureau
    organization = bureau.organization
    years = (plan.year, plan.year - 1)

    doc: dict[str, Any] = {"format": FORMAT_VERSION}
    notes = [line for line in plan.corrections_note.splitlines() if line.strip()]
    if notes:
        doc["notes"] = notes
    doc["organization"] = organization.name
    doc["bureau"] = {"name": bureau.name, "order": bureau.order}
    doc["department"] = {
        "name": department.name,
        "slug": department.slug,
        "order": department.order,
    }
    doc["grades"] = [
        {"category": grade.category, "name": grade.name}
        for grade in Grade.objects.order_by("order")
    ]

    teams = list(Team.objects.filter(department=department).order_by("order"))
    officers = Officer.objects.filter(team__department=department).select_related("grade")
    by_team: dict[int, list[Officer]] = {}
    for officer in officers.order_by("name", "phone"):
        by_team.setdefault(officer.team_id, []).append(officer)
    doc["teams"] = [
        _compact(
            {
                "name": team.name,
                "functions": team.functions,
                "is_active": None if team.is_active else False,
                "officers": [
                    _compact(
                        {
                            "position": officer.position,
                            "grade": _grade_label(officer.grade),
                            "name": officer.name,
                            "phone": officer.phone,
                            "is_active": None if officer.is_active else False,
                        }
                    )
                    for officer in by_team.get(team.pk, [])
                ],
            }
        )
        for team in teams
    ]

    staffing: dict[tuple[int, int], list[StaffingCount]] = {}
    cells = (
        StaffingCount.objects.filter(team__department=department, year__in=years)
        .select_related("team", "grade")
        .order_by("-year", "team__order", "grade__order")
    )
    for cell in cells:
        staffing.setdefault((cell.year, cell.team_id), []).append(cell)
    doc["staffing"] = [
        {
            "year": group[0].year,
            "team": group[0].team.name,
            "counts": [
                _compact(
                    {
                        "grade": str(cell.grade),
                        "authorized": cell.authorized,
                        "current": cell.current,
                    }
                )
                for cell in group
            ],
        }
        for group in staffing.values()
    ]

    county = CountyBudget.objects.filter(organization=organization, fiscal_year__in=years)
    tables: dict[tuple[int, str, str], list[BudgetLine]] = {}
    lines = (
        BudgetLine.objects.filter(department=department, fiscal_year__in=years)
        .select_related("team")
        .order_by("-fiscal_year", "account", "stage", "order")
    )
    for line in lines:
        tables.setdefault((line.fiscal_year, line.account, line.stage), []).append(line)
    doc["budget"] = _compact(
        {
            "county": [
                _compact(
                    {
                        "fiscal_year": item.fiscal_year,
                        "account": item.account,
                        "stage": item.stage,
                        "total": item.total,
                        "note": item.note,
                    }
                )
                for item in county.order_by("-fiscal_year", "account", "stage")
            ],
            "lines": [
                {
                    "fiscal_year": year,
                    "account": account,
                    "stage": stage,
                    "rows": [
                        {"team": line.team.name, "amount": line.amount}
                        if line.team_id
                        else {"heading": line.heading, "amount": line.amount}
                        for line in rows
                    ],
                }
                for (year, account, stage), rows in tables.items()
            ],
        }
    )

    programs: dict[int, list[WelfareProgram]] = {}
    for program in WelfareProgram.objects.filter(department=department, year__in=years).order_by(
        "year", "order"
    ):
        programs.setdefault(program.year, []).append(program)
    doc["welfare_programs"] = [
        {
            "year": year,
            "programs": [
                _compact(
                    {
                        "name": program.name,
                        "period": program.period,
                        "facility_count": program.facility_count,
                        "beneficiary_count": program.beneficiary_count,
                        "beneficiary_note": program.beneficiary_note,
                        "total_amount": program.total_amount,
                        "per_person_amount": program.per_person_amount,
                    }
                )
                for program in items
            ],
        }
        for year, items in programs.items()
    ]

    doc["civic"] = _dump_civic(organization, years)
    doc["plan"] = _dump_plan(plan)
    return _compact(doc)


def _dump_civic(organization: Organization, years: tuple[int, ...]) -> dict[str, Any]:
    townships = list(Township.objects.filter(organization=organization).order_by("order"))
    councils = ResidentCouncil.objects.filter(township__organization=organization).select_related(
        "township"
    )
    civic: dict[str, Any] = {
        "townships": [{"name": township.name, "kind": township.kind} for township in townships],
        "resident_councils": [
            _compact(
                {
                    "township": council.township.name,
                    "stage": council.stage,
                    "approved": council.approved,
                    "members_appointed": council.members_appointed,
                    "note": council.note,
                }
            )
            for council in councils.order_by("township__order")
        ],
        "participation_points": [
            _compact(
                {
                    "year": item.year,
                    "points_awarded": item.points_awarded,
                    "as_of": item.as_of,
                    "incentive_threshold": item.incentive_threshold,
                    "incentive_recipients": item.incentive_recipients,
                    "incentive_kind": item.incentive_kind,
                }
            )
            for item in ParticipationPointYear.objects.filter(
                organization=organization, year__in=years
            ).order_by("year")
        ],
    }
    fund = HometownLoveFund.objects.filter(organization=organization).first()
    if fund is not None:
        civic["hometown_love_fund"] = _compact(
            {
                "law_enacted": fund.law_enacted,
                "law_effective": fund.law_effective,
                "ordinance_enacted": fund.ordinance_enacted,
                "fund_established": fund.fund_established,
                "donations": [
                    {
                        "year": donation.year,
                        "month": donation.month,
                        "donor_count": donation.donor_count,
                        "amount": donation.amount,
                    }
                    for donation in fund.donations.order_by("year", "month")
                ],
            }
        )
    rule = TownPromotionRule.objects.order_by("pk").first()
    housing: dict[int, list[HousingProject]] = {}
    for project in HousingProject.objects.filter(township__organization=organization).order_by(
        "township__order", "order"
    ):
        housing.setdefault(project.township_id, []).append(project)
    names = {township.pk: township.name for township in townships}
    targets = TownPromotionTarget.objects.filter(township__organization=organization)
    civic["town_promotion"] = _compact(
        {
            "rule": rule
            and {
                "legal_basis": rule.legal_basis,
                "min_population": rule.min_population,
                "min_urban_ratio": _number(rule.min_urban_ratio),
                "description": rule.description,
            },
            "steps": list(
                TownPromotionStep.objects.order_by("order").values_list("name", flat=True)
            ),
            "targets": [
                {
                    "township": names[target.township_id],
                    "start_year": target.start_year,
                    "end_year": target.end_year,
                }
                for target in targets.order_by("township__order")
            ],
            "housing_projects": [
                {
                    "township": names[township_id],
                    "projects": [
                        _compact(
                            {
                                "category": project.category,
                                "name": project.name,
                                "households": project.households,
                                "completion": project.completion,
                            }
                        )
                        for project in projects
                    ],
                }
                for township_id, projects in housing.items()
            ],
        }
    )
    civic["elections"] = [
        {
            "name": election.name,
            "date": election.date,
            "electorate": election.electorate,
            "voters": election.voters,
            "clerks": election.clerks,
            "polling_staff": election.polling_staff,
            "counting_staff": election.counting_staff,
        }
        for election in Election.objects.filter(
            organization=organization, date__year__in=years
        ).order_by("date", "name")
    ]
    civic["field_visits"] = [
        _compact(
            {
                "kind": visit.kind,
                "title": visit.title,
                "start_date": visit.start_date,
                "end_date": visit.end_date,
                "start_time": _time(visit.start_time),
                "place": visit.place,
                "program": visit.program,
                "reported_suggestions": visit.reported_suggestions,
            }
        )
        for visit in FieldVisit.objects.filter(
            organization=organization, start_date__year__in=years
        ).order_by("start_date", "pk")
    ]
    return _compact(civic)


def _dump_plan(plan: WorkPlan) -> dict[str, Any]:
    session = plan.session
    published_at = timezone.localtime(plan.published_at) if plan.published_at else None
    groups = plan.achievement_groups.order_by("order").prefetch_related(
        models.Prefetch(
            "items",
            queryset=AchievementItem.objects.select_related("election", "welfare_program"),
        )
    )
    achievements = []
    for group in groups:
        items = []
        for item in group.items.all():
            program = item.welfare_program
            items.append(
                _compact(
                    {
                        "election": item.election.name if item.election_id else None,
                        "welfare_program": program and {"year": program.year, "name": program.name},
                        "text": item.text,
                    }
                )
            )
        achievements.append(_compact({"title": group.title, "items": items}))

    cards = (
        TaskCard.objects.filter(plan=plan)
        .select_related("team")
        .prefetch_related(
            "facts",
            "progress_items",
            "plan_items",
            "funding_rows",
            models.Prefetch(
                "contacts", queryset=CardContact.objects.select_related("officer__team")
            ),
        )
    )
    # Sections in report order (IV before V), whatever their codes sort to.
    section_order = {value: index for index, value in enumerate(Section.values)}
    return _compact(
        {
            "year": plan.year,
            "session": {
                "number": session.number,
                "kind": session.kind,
                "start_date": session.start_date,
                "end_date": session.end_date,
            },
            "status": plan.status,
            "published_at": published_at,
            "policy_goal": plan.policy_goal,
            "policy_directions": plan.policy_directions,
            "key_tasks": plan.key_tasks,
            "achievements": achievements,
            "cards": [
                _dump_card(card)
                for card in sorted(cards, key=lambda c: (section_order[c.section], c.number))
            ],
        }
    )


def _dump_card(card: TaskCard) -> dict[str, Any]:
    funding = list(card.funding_rows.all())
    contacts = list(card.contacts.all())
    names = Counter(
        (officer.team_id, officer.name)
        for officer in Officer.objects.filter(
            team_id__in={contact.officer.team_id for contact in contacts}
        )
    )
    return _compact(
        {
            "section": card.section,
            "number": card.number,
            "title": card.title,
            "team": card.team.name,
            "kinds": [label for label, flag in CARD_KINDS.items() if getattr(card, flag)],
            "overview": card.overview,
            "facts_title": card.facts_title,
            "facts": [
                _compact({"label": fact.label, "value": fact.value}) for fact in card.facts.all()
            ],
            "policies": card.policies,
            "progress_items": [
                _compact({"text": item.text, "schedule": item.schedule})
                for item in card.progress_items.all()
            ],
            "funding_unit": card.funding_unit
            if funding or card.funding_unit != DisplayUnit.MILLION
            else None,
            "funding": [
                _compact(
                    {
                        "source": row.source,
                        "prior_years": row.prior_years,
                        "current_year": row.current_year,
                        "later_years": row.later_years,
                        "remark": row.remark,
                    }
                )
                for row in funding
            ],
            "plan_items": [
                _compact(
                    {
                        "text": item.text,
                        "schedule": item.schedule,
                        "target": item.target,
                        "details": item.details,
                        "data_block": item.data_block,
                    }
                )
                for item in card.plan_items.all()
            ],
            "expected_effects": card.expected_effects,
            "contacts": [
                _compact(
                    {
                        "team": contact.officer.team.name,
                        "name": contact.officer.name,
                        "phone": contact.officer.phone
                        if names[(contact.officer.team_id, contact.officer.name)] > 1
                        else None,
                    }
                )
                for contact in contacts
            ],
        }
    )


# ---------------------------------------------------------------------------------------------
# Canonical form and YAML


def _normalize(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        result = {}
        for name, item in value.items():
            item = _normalize(item, name)
            if item is None or (isinstance(item, str | list | dict) and not item):
                continue
            if name == "is_active" and item is True:
                continue
            result[name] = item
        if result.get("funding_unit") == DisplayUnit.MILLION and not result.get("funding"):
            del result["funding_unit"]
        return result
    if isinstance(value, list):
        items = [_normalize(item, key) for item in value]
        if key == "notes":
            items = [" ".join(item.split()) for item in items if isinstance(item, str)]
        if key == "kinds":
            items = [label for label in CARD_KINDS if label in items]
        if key == "officers":
            items.sort(key=lambda officer: (officer.get("name", ""), officer.get("phone", "")))
        return items
    if key in _DATE_KEYS and isinstance(value, str):
        return parse_date(value.strip()) or value
    if key == "start_time":
        if isinstance(value, str):
            value = parse_time(value.strip()) or value
        return _time(value) if isinstance(value, datetime.time) else value
    if key == "published_at" and isinstance(value, str):
        return parse_datetime(value.strip()) or value
    if key == "min_urban_ratio" and isinstance(value, int | float | Decimal | str):
        with contextlib.suppress(ArithmeticError, ValueError):
            return _number(Decimal(str(value)))
    if isinstance(value, str):
        text = _clean_text(value)
        if key in _SCHEDULE_KEYS and text:
            with contextlib.suppress(ScheduleError):
                text = normalize_schedule(text)
        return text
    return value


def normalize_document(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` in the canonical form :func:`dump_plan_document` writes: schedules as stored
    ('23. 3.), text trimmed, empty values and defaults left out, officers by name."""
    return _normalize(data)


class _DocumentDumper(yaml.SafeDumper):
    """Writes multi-line text as literal blocks, so outlines stay readable."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_DocumentDumper.add_representer(str, _represent_str)


def document_to_yaml(data: dict[str, Any]) -> str:
    """A document as YAML text in the fixture's style (keys in order, Korean unescaped)."""
    return yaml.dump(data, Dumper=_DocumentDumper, allow_unicode=True, sort_keys=False, width=1000)
