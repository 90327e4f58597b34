"""Who may see and change which rows: the scoping rules of the admin, its imports and exports.

A staff login is tied to a team (``personnel.StaffProfile``); its roles are groups
(``personnel.roles``). From the two, :func:`reach_of` tells what the user works on:

- a 작성자 sees its own team's rows of team data (task cards and their parts, funding rows,
  budget lines, staffing counts, officers, its team) and its department's rows of department data
  (plan, 주요성과, welfare programs, budget lines without a team), read-only; it changes only its
  own team's rows;
- a 검토자, 게시관리자 and 열람자 see their whole department; a 검토자 changes it;
- organisation data (civic registers, council sessions, reference data) is seen by every role of
  the organisation; what a role may change there is its model permissions' business;
- rows of another department or organisation are invisible to every role (404 by address);
- a staff login without a team sees nothing;
- superusers see and change everything.

Which rows are a team's, a department's or an organisation's is declared once per model in
:data:`SCOPES` (paths from the model to its team, department and organisation), and the
admin's base classes (plans.admin.access, mixed into plans.admin.base) apply it everywhere a row
is read or written: lists, pages by address, permissions, foreign-key choices, autocomplete,
inlines, exports (which use the admin's queryset) and imports (row by row).

On top of the scope, the **workflow lock**: a row that belongs to a plan which is not a draft
(plans.access.editing.editing_refusal), or department-year data that such a plan prints, cannot be
changed by anyone, superusers included."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from personnel.models import StaffProfile
from personnel.roles import PORTAL_APPS, PUBLISHER, READER, REVIEWER, WRITER, roles_of
from plans.access.editing import editing_refusal
from plans.models import PlanStatus, WorkPlan
from plans.rules.korean import with_particle

#: What a staff login that has no team is told (the admin's front page says it too).
NO_TEAM_MESSAGE = gettext_noop("소속 팀이 지정되지 않았습니다. 관리자에게 요청하십시오.")

#: How a refusal names the action: changing in the admin, or importing a file.
EDIT = "고칠"
IMPORT = "가져올"


# ---------------------------------------------------------------------------------------------
# Paths from a row to its team, department, organisation and plan


def head(path: str) -> str:
    """The first field of ``path`` (the form field that decides it): ``card`` of
    ``card__team``."""
    return path.split("__", 1)[0]


def _rest(path: str) -> str:
    """``path`` after its first field, as a lookup on that field's model (``pk`` if none)."""
    return path.split("__", 1)[1] if "__" in path else "pk"


def follow(obj: Any, path: str) -> Any:
    """The object at ``path`` from ``obj`` (``pk``: ``obj`` itself), or None where a link is
    empty."""
    if path == "pk":
        return obj
    for name in path.split("__"):
        if obj is None:
            return None
        try:
            obj = getattr(obj, name)
        except ObjectDoesNotExist:
            return None
    return obj


def id_at(obj: Any, path: str) -> Any:
    """The primary key of the object at ``path``, read from the last link's column where the
    object is not loaded (no query for ``card__team`` once the card is known)."""
    if path == "pk":
        return obj.pk
    parent_path, _sep, last = path.rpartition("__")
    parent = follow(obj, parent_path) if parent_path else obj
    if parent is None:
        return None
    field = parent._meta.get_field(last)
    if field.is_relation and field.many_to_one:
        return getattr(parent, field.attname)
    value = getattr(parent, last, None)
    return value.pk if isinstance(value, models.Model) else value


def _nullable(model: type[models.Model], path: str) -> bool:
    """Whether the last link of ``path`` may be empty (a budget line without a team)."""
    if path == "pk":
        return False
    for name in path.split("__")[:-1]:
        model = model._meta.get_field(name).related_model
    return bool(model._meta.get_field(path.split("__")[-1]).null)


class PlanAt:
    """The plan a row belongs to (``card__plan``; ``pk`` for a plan itself)."""

    def __init__(self, path: str):
        self.path = path
        self.field = None if path == "pk" else head(path)

    def key(self, obj):
        return ("plan", id_at(obj, self.path))

    def __call__(self, obj) -> list:
        plan = follow(obj, self.path)
        return [plan] if plan is not None else []


class PlansOfYear:
    """The plans that print department-year data: a row of year Y appears in the department's
    plan of Y and, as last year's figure, in its plan of Y + 1. Only plans that are not drafts
    are returned (the others lock nothing)."""

    def __init__(self, department_path: str, year_field: str):
        self.department_path = department_path
        self.year_field = year_field
        self.field = head(department_path)

    def key(self, obj):
        return ("year", id_at(obj, self.department_path), getattr(obj, self.year_field, None))

    def __call__(self, obj) -> list:
        department_id = id_at(obj, self.department_path)
        year = getattr(obj, self.year_field, None)
        if department_id is None or not isinstance(year, int):
            return []
        return plans_printing(department_id, year)


def plans_printing(department_id, year: int) -> list:
    """The department's plans that are not drafts and print data of ``year``."""
    return list(
        WorkPlan.objects.filter(department_id=department_id, year__in=(year, year + 1))
        .exclude(status=PlanStatus.DRAFT)
        .select_related("department")
        .order_by("year")
    )


@dataclass(frozen=True)
class Scope:
    """Where a model's rows belong. ``team`` and ``department`` are paths from the model (``pk``
    for the model itself); a model with a team path has a department path too."""

    team: str | None = None
    department: str | None = None
    organization: str | None = None
    #: Read by every role of every organisation (직급, the law's 읍 승격 요건).
    everyone: bool = False
    #: The plans whose lock covers a row (see plans.access.editing.editing_refusal).
    plans: Callable[[Any], Iterable] | None = None
    #: The only fields a non-superuser may change (a team's 주요기능); None: every field.
    editable_fields: tuple[str, ...] | None = None

    def __post_init__(self):
        if self.team and not self.department:
            raise ValueError("A team path needs the department path too.")

    @property
    def declared(self) -> bool:
        return self.everyone or bool(self.team or self.department or self.organization)


def _card_part(card: str = "card") -> Scope:
    return Scope(
        team=f"{card}__team",
        department=f"{card}__plan__department",
        plans=PlanAt(f"{card}__plan"),
    )


#: Every model the admin shows, by label. A model missing here is seen by superusers only.
SCOPES: dict[str, Scope] = {
    # 조직·인력
    "personnel.Organization": Scope(organization="pk"),
    "personnel.Bureau": Scope(organization="organization"),
    "personnel.Department": Scope(organization="organization"),
    "personnel.Team": Scope(team="pk", department="department", editable_fields=("functions",)),
    "personnel.Grade": Scope(everyone=True),
    "personnel.StaffingCount": Scope(
        team="team", department="team__department", plans=PlansOfYear("team__department", "year")
    ),
    "personnel.Officer": Scope(team="team", department="team__department"),
    "personnel.WelfareProgram": Scope(
        department="department", plans=PlansOfYear("department", "year")
    ),
    "personnel.StaffProfile": Scope(team="team", department="team__department"),
    # 예산
    "budget.CountyBudget": Scope(organization="organization"),
    "budget.BudgetLine": Scope(
        team="team", department="department", plans=PlansOfYear("department", "fiscal_year")
    ),
    "budget.FundingRow": _card_part(),
    # 주민참여·자치
    "civic.Township": Scope(organization="organization"),
    "civic.ResidentCouncil": Scope(organization="township__organization"),
    "civic.ParticipationPointYear": Scope(organization="organization"),
    "civic.HometownLoveFund": Scope(organization="organization"),
    "civic.HometownDonation": Scope(organization="fund__organization"),
    "civic.TownPromotionRule": Scope(everyone=True),
    "civic.TownPromotionStep": Scope(everyone=True),
    "civic.TownPromotionTarget": Scope(organization="township__organization"),
    "civic.HousingProject": Scope(organization="township__organization"),
    "civic.Election": Scope(organization="organization"),
    "civic.FieldVisit": Scope(organization="organization"),
    "civic.CitizenSuggestion": Scope(organization="visit__organization"),
    # 업무계획
    "plans.CouncilSession": Scope(organization="organization"),
    "plans.WorkPlan": Scope(department="department", plans=PlanAt("pk")),
    "plans.AchievementGroup": Scope(department="plan__department", plans=PlanAt("plan")),
    "plans.AchievementItem": Scope(
        department="group__plan__department", plans=PlanAt("group__plan")
    ),
    "plans.TaskCard": Scope(team="team", department="plan__department", plans=PlanAt("plan")),
    "plans.CardFact": _card_part(),
    "plans.ProgressItem": _card_part(),
    "plans.PlanItem": _card_part(),
    "plans.CardContact": _card_part(),
    "plans.PlanEvent": Scope(department="plan__department"),
    "plans.TeamPart": Scope(team="team", department="plan__department", plans=PlanAt("plan")),
    "plans.PublishedVersion": Scope(department="plan__department"),
    "plans.PublishedCard": Scope(department="version__plan__department"),
    # 추진실적 is reported against the published plan: the plan's workflow lock does not apply
    # (plans.models.progress says why); a 공개 period locks its entries instead
    # (plans.workflow.progress).
    "plans.ReportingPeriod": Scope(department="plan__department"),
    "plans.ItemProgress": Scope(team="item__card__team", department="period__plan__department"),
    "plans.PublishedAchievement": Scope(department="version__plan__department"),
}

UNDECLARED = Scope()


def scope_for(model: type[models.Model]) -> Scope:
    return SCOPES.get(model._meta.label, UNDECLARED)


# ---------------------------------------------------------------------------------------------
# The user


@dataclass(frozen=True)
class Reach:
    """What one user works on."""

    superuser: bool
    roles: frozenset[str]
    team: Any = None  # personnel.Team with its department loaded, or None

    @property
    def team_id(self):
        return self.team.pk if self.team is not None else None

    @property
    def department_id(self):
        return self.team.department_id if self.team is not None else None

    @property
    def organization_id(self):
        return self.team.department.organization_id if self.team is not None else None

    @property
    def sees_department(self) -> bool:
        """검토자, 게시관리자 and 열람자 read the whole department; a 작성자 its team."""
        return bool(self.roles & {REVIEWER, PUBLISHER, READER})

    @property
    def edits_department(self) -> bool:
        return REVIEWER in self.roles

    @property
    def label(self) -> str:
        """The user as a refusal names it: ``행정팀 작성자``."""
        order = (REVIEWER, WRITER, PUBLISHER, READER)
        role = next((name for name in order if name in self.roles), _("직원"))
        return f"{self.team.name} {role}" if self.team is not None else role


NOBODY = Reach(superuser=False, roles=frozenset())


def reach_of(user) -> Reach:
    """The user's reach, computed once per user object (two queries)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return NOBODY
    cached = getattr(user, "_portal_reach", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        reach = Reach(superuser=True, roles=frozenset())
    else:
        profile = (
            StaffProfile.objects.filter(user=user)
            .select_related("team__department__organization")
            .first()
        )
        reach = Reach(
            superuser=False,
            roles=roles_of(user),
            team=profile.team if profile is not None else None,
        )
    user._portal_reach = reach
    return reach


# ---------------------------------------------------------------------------------------------
# Reading: which rows a user sees


def visible_filter(reach: Reach, scope: Scope, model: type[models.Model]) -> Q | None:
    """The rows of ``model`` ``reach`` sees, as a filter; None: none at all."""
    if reach.superuser or scope.everyone:
        return Q()
    if reach.team is None or not scope.declared:
        return None
    if scope.team:
        in_department = Q(**{scope.department: reach.department_id})
        if reach.sees_department:
            return in_department
        own = Q(**{scope.team: reach.team_id})
        if _nullable(model, scope.team):
            # Rows of no team (예비비, 행정운영경비) are the department's: a 작성자 reads them.
            return own | (Q(**{f"{scope.team}__isnull": True}) & in_department)
        return own
    if scope.department:
        return Q(**{scope.department: reach.department_id})
    return Q(**{scope.organization: reach.organization_id})


def restrict(queryset: models.QuerySet, reach: Reach, scope: Scope | None = None):
    """``queryset`` limited to the rows ``reach`` sees."""
    if reach.superuser:
        return queryset
    condition = visible_filter(reach, scope or scope_for(queryset.model), queryset.model)
    return queryset.none() if condition is None else queryset.filter(condition)


def is_visible(reach: Reach, scope: Scope, obj) -> bool:
    """Whether ``reach`` sees ``obj`` (the same rule as :func:`visible_filter`)."""
    if reach.superuser or scope.everyone:
        return True
    if reach.team is None or not scope.declared:
        return False
    if scope.team:
        if id_at(obj, scope.department) != reach.department_id:
            return False
        if reach.sees_department:
            return True
        team_id = id_at(obj, scope.team)
        return team_id == reach.team_id or team_id is None
    if scope.department:
        return id_at(obj, scope.department) == reach.department_id
    return id_at(obj, scope.organization) == reach.organization_id


def may_read(user, obj) -> bool:
    """Whether ``user`` reaches ``obj`` (for pages outside the admin, such as a draft's
    preview: a role reads its own department's plans only)."""
    return is_visible(reach_of(user), scope_for(type(obj)), obj)


# ---------------------------------------------------------------------------------------------
# Writing: which rows a user may change, add or delete


@dataclass(frozen=True)
class Refusal:
    """Why a row may not be written, and the form field (or import column) it is about."""

    message: str
    field: str | None = None

    def __str__(self) -> str:
        return self.message


def scope_refusal(reach: Reach, scope: Scope, obj, *, verb: str = EDIT) -> Refusal | None:
    """Why ``reach`` may not write ``obj`` (as it is, or as a form or a file would make it),
    or None. Model permissions are checked elsewhere; this is about *which* row."""
    if reach.superuser:
        return None
    if reach.team is None:
        return Refusal(_(NO_TEAM_MESSAGE))
    if scope.everyone:
        return None
    name = with_particle(str(obj._meta.verbose_name), "은", "는")
    if not scope.declared:
        return Refusal(_("%(name)s 관리자만 %(verb)s 수 있습니다.") % {"name": name, "verb": verb})
    if scope.team or scope.department:
        department_id = id_at(obj, scope.department)
        if department_id is None:
            return None  # not chosen yet: the form says the field is required
        if department_id != reach.department_id:
            return Refusal(
                _("다른 과의 %(name)s %(verb)s 수 없습니다 (%(who)s).")
                % {"name": name, "verb": verb, "who": reach.label},
                head(scope.department),
            )
        if reach.edits_department:
            return None
        if not scope.team:
            return Refusal(
                _("%(name)s 검토자만 %(verb)s 수 있습니다 (%(who)s).")
                % {"name": name, "verb": verb, "who": reach.label},
            )
        team_id = id_at(obj, scope.team)
        if team_id == reach.team_id:
            return None
        if team_id is None:
            message = _("팀이 정해지지 않은 %(name)s 검토자만 %(verb)s 수 있습니다 (%(who)s).")
            owner = ""
        else:
            message = _("%(owner)s의 %(name)s %(verb)s 수 없습니다 (%(who)s).")
            # Usually loaded already (a form's choice, an import's natural key): no query.
            team = follow(obj, scope.team)
            owner = team.name if team is not None else ""
        return Refusal(
            message % {"owner": owner, "name": name, "verb": verb, "who": reach.label},
            None if scope.team == "pk" else head(scope.team),
        )
    organization_id = id_at(obj, scope.organization)
    if organization_id is not None and organization_id != reach.organization_id:
        return Refusal(
            _("다른 기관의 %(name)s %(verb)s 수 없습니다.") % {"name": name, "verb": verb},
            None if scope.organization == "pk" else head(scope.organization),
        )
    return None


def lock_refusal(scope: Scope, obj, *, cache: dict | None = None) -> Refusal | None:
    """Why ``obj`` is locked by the workflow (its plan is not a draft), or None. Applies to
    everyone, superusers included. ``cache`` keeps the answer per plan (or department and
    year) across the rows of one import."""
    if scope.plans is None:
        return None
    key = scope.plans.key(obj) if cache is not None else None
    if key is not None and key in cache:
        return cache[key]
    refusal = None
    for plan in scope.plans(obj):
        message = editing_refusal(plan)
        if message:
            refusal = Refusal(message, scope.plans.field)
            break
    if key is not None:
        cache[key] = refusal
    return refusal


def write_refusal(
    reach: Reach, scope: Scope, obj, *, verb: str = EDIT, cache: dict | None = None
) -> Refusal | None:
    """Why ``reach`` may not write ``obj``: out of its scope, or locked."""
    return scope_refusal(reach, scope, obj, verb=verb) or lock_refusal(scope, obj, cache=cache)


def may_add(reach: Reach, scope: Scope) -> bool:
    """Whether ``reach`` could add any row at all (a staff login without a team cannot)."""
    return reach.superuser or scope.everyone or (reach.team is not None and scope.declared)


# ---------------------------------------------------------------------------------------------
# Choosing: which rows a foreign key may point to


def choice_filter(
    reach: Reach,
    source: Scope,
    field_name: str,
    target_model: type[models.Model],
) -> Q | None:
    """The rows of ``target_model`` a form of a model scoped by ``source`` may pick for its
    foreign key ``field_name``: rows the user sees and, where the key decides the new row's
    team, department or organisation, only those within what the user may write (a 작성자 picks
    its own team, a 검토자 any team of its department). None: nothing."""
    if reach.superuser:
        return Q()
    target = scope_for(target_model)
    if target.declared:
        condition = visible_filter(reach, target, target_model)
    elif target_model._meta.app_label in PORTAL_APPS:
        condition = None
    else:
        condition = Q()
    if condition is None or reach.team is None:
        return None
    for kind, path in (
        ("team", source.team),
        ("department", source.department),
        ("organization", source.organization),
    ):
        if not path or path == "pk" or head(path) != field_name:
            continue
        rest = _rest(path)
        if kind == "team":
            if reach.edits_department:
                lookup = "department" if rest == "pk" else f"{rest}__department"
                condition &= Q(**{lookup: reach.department_id})
            else:
                condition &= Q(**{rest: reach.team_id})
        elif kind == "department":
            condition &= Q(**{rest: reach.department_id})
        else:
            condition &= Q(**{rest: reach.organization_id})
    return condition
