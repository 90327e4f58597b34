"""The portal's four roles, kept as auth groups with exactly these model permissions.

- 작성자 (writer): reads everything of its department; adds, changes and deletes its own team's
  task cards and their parts, funding rows, budget lines, staffing counts and officers, and
  changes its team's 주요기능.
- 검토자 (reviewer): everything a 작성자 may, for every team of the department, and the
  department's plan, 주요성과 and welfare programs; the organisation's civic registers; submits
  and approves plans and reverts from the change history.
- 게시관리자 (publisher): reads; publishes and withdraws plans.
- 열람자 (reader): reads.

These are model permissions only. *Which rows* a role reaches (its team, its department, its
organisation) is decided per request by plans.access.scopes from the user's StaffProfile, and the
workflow lock (plans.access.editing.editing_refusal) applies on top. Reference data (기관, 국, 과,
직급, 의회 회기, 군 전체 예산, 읍 승격 요건과 절차) is changed by superusers only.

``sync_roles()`` creates or corrects the groups; it runs after every ``migrate`` (post_migrate,
see personnel.apps) and as ``manage.py sync_roles``. Permissions added to these groups by hand
are removed by the next sync: change this module instead."""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.auth import get_permission_codename
from django.contrib.auth.management import create_permissions
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, router

WRITER = "작성자"
REVIEWER = "검토자"
PUBLISHER = "게시관리자"
READER = "열람자"
ROLES = (WRITER, REVIEWER, PUBLISHER, READER)

#: The apps whose every model a role may read.
PORTAL_APPS = ("personnel", "budget", "civic", "plans")

#: A team's own data: a 작성자 adds, changes and deletes its team's rows.
TEAM_DATA = (
    "plans.TaskCard",
    "plans.CardFact",
    "plans.ProgressItem",
    "plans.PlanItem",
    "plans.CardContact",
    "plans.ItemProgress",
    "budget.FundingRow",
    "budget.BudgetLine",
    "personnel.StaffingCount",
    "personnel.Officer",
)
#: A team's 주요기능: changed by its own staff, never added or deleted (that is 직제).
TEAM_FUNCTIONS = "personnel.Team"
#: The department's data beyond its teams: the 검토자's.
DEPARTMENT_DATA = (
    "plans.WorkPlan",
    "plans.AchievementGroup",
    "plans.AchievementItem",
    "plans.ReportingPeriod",
    "personnel.WelfareProgram",
)
#: The organisation's civic registers, kept by the 검토자 of any of its departments.
CIVIC_REGISTERS = (
    "civic.Township",
    "civic.ResidentCouncil",
    "civic.ParticipationPointYear",
    "civic.HometownLoveFund",
    "civic.HometownDonation",
    "civic.TownPromotionTarget",
    "civic.HousingProject",
    "civic.Election",
    "civic.FieldVisit",
    "civic.CitizenSuggestion",
)
ADD_CHANGE_DELETE = ("add", "change", "delete")

Perm = tuple[str, str]  # (app_label, codename)


def _model_perms(label: str, actions, *, apps=global_apps) -> set[Perm]:
    opts = apps.get_model(label)._meta
    return {(opts.app_label, get_permission_codename(action, opts)) for action in actions}


def _view_all(*, apps=global_apps) -> set[Perm]:
    return {
        (model._meta.app_label, get_permission_codename("view", model._meta))
        for app_label in PORTAL_APPS
        for model in apps.get_app_config(app_label).get_models()
    }


def role_permissions(*, apps=global_apps) -> dict[str, set[Perm]]:
    """Each role's permissions as (app_label, codename) pairs."""
    view_all = _view_all(apps=apps)
    writer = set(view_all)
    for label in TEAM_DATA:
        writer |= _model_perms(label, ADD_CHANGE_DELETE, apps=apps)
    writer |= _model_perms(TEAM_FUNCTIONS, ("change",), apps=apps)

    reviewer = set(writer)
    for label in (*DEPARTMENT_DATA, *CIVIC_REGISTERS):
        reviewer |= _model_perms(label, ADD_CHANGE_DELETE, apps=apps)
    reviewer |= {
        ("plans", "submit_workplan"),
        ("plans", "approve_workplan"),
        ("plans", "revert_history"),
    }
    publisher = view_all | {("plans", "publish_workplan"), ("plans", "withdraw_workplan")}
    return {WRITER: writer, REVIEWER: reviewer, PUBLISHER: publisher, READER: set(view_all)}


def sync_roles(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """Create the four groups, or set their permissions to exactly :func:`role_permissions`.

    Idempotent. Returns what happened to each group: ``"created"``, ``"updated"`` or
    ``"unchanged"``."""
    from django.contrib.auth.models import Group, Permission

    if not router.allow_migrate_model(using, Group):
        return {}
    # Permissions of every app first: post_migrate reaches this app before the later ones.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    known = {
        (app_label, codename): pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    outcome = {}
    for name, wanted in role_permissions().items():
        missing = sorted(f"{app}.{code}" for app, code in wanted if (app, code) not in known)
        if missing:
            raise ImproperlyConfigured(f"{name}: 없는 권한 {', '.join(missing)}")
        ids = {known[perm] for perm in wanted}
        group, created = Group.objects.using(using).get_or_create(name=name)
        current = set(group.permissions.values_list("pk", flat=True))
        if current != ids:
            group.permissions.set(ids)
        outcome[name] = "created" if created else ("updated" if current != ids else "unchanged")
    return outcome


def sync_roles_after_migrate(sender, *, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """post_migrate: keep the groups in step with the code after every migrate (and flush)."""
    try:
        apps.get_model("auth", "Group")
        apps.get_model("personnel", "StaffProfile")
    except LookupError:  # migrating backwards past the tables this needs
        return
    sync_roles(using=using)


def roles_of(user) -> frozenset[str]:
    """The portal roles ``user`` has (the names of its groups among :data:`ROLES`)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
