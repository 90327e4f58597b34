"""The permission matrix: every model registered in the admin × every role × where the row lives
(own team, another team of the department, another department, another county) × every action
(list, view, change, delete, import), against a table of what each role may do written here,
not read from the code under test. A model new to the admin fails here until it is given a
category, so nothing joins the admin unscoped.

Every write is rolled back after it is checked, so all cells see the same world."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from personnel.roles import PUBLISHER, READER, REVIEWER, ROLES, WRITER
from plans.admin.import_export import SpreadsheetImportExportMixin
from plans.exchange.resources.formats import CSV
from tests.admin.forms import change_form_data
from tests.roles.conftest import login
from tests.roles.world import TARGETS

pytestmark = pytest.mark.django_db

OWN, TEAM, DEPT, ORG = TARGETS
NOTHING: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Expect:
    """The targets where a role may view, change, delete and import a model's row; ``imports``
    None: the import page itself is refused (403)."""

    view: frozenset[str]
    change: frozenset[str] = NOTHING
    delete: frozenset[str] = NOTHING
    imports: frozenset[str] | None = None


def targets(*names: str) -> frozenset[str]:
    return frozenset(names)


DEPARTMENT_ROWS = targets(OWN, TEAM)  # one department: both of its teams' rows
COUNTY_ROWS = targets(OWN, TEAM, DEPT)  # one county: all of its departments' rows
EVERYWHERE = frozenset(TARGETS)

# What each kind of data allows each role. A 작성자's team is 'own'; every login here is of
# 음성군 자치행정과 행정팀.
TEAM_DATA = {
    WRITER: Expect(
        view=targets(OWN), change=targets(OWN), delete=targets(OWN), imports=targets(OWN)
    ),
    REVIEWER: Expect(
        view=DEPARTMENT_ROWS,
        change=DEPARTMENT_ROWS,
        delete=DEPARTMENT_ROWS,
        imports=DEPARTMENT_ROWS,
    ),
    PUBLISHER: Expect(view=DEPARTMENT_ROWS),
    READER: Expect(view=DEPARTMENT_ROWS),
}
TEAM_FUNCTIONS = {  # a team's 주요기능: changed by its own people, never added or deleted
    WRITER: Expect(view=targets(OWN), change=targets(OWN)),
    REVIEWER: Expect(view=DEPARTMENT_ROWS, change=DEPARTMENT_ROWS),
    PUBLISHER: Expect(view=DEPARTMENT_ROWS),
    READER: Expect(view=DEPARTMENT_ROWS),
}
DEPARTMENT_DATA = {
    WRITER: Expect(view=DEPARTMENT_ROWS),
    REVIEWER: Expect(
        view=DEPARTMENT_ROWS,
        change=DEPARTMENT_ROWS,
        delete=DEPARTMENT_ROWS,
        imports=DEPARTMENT_ROWS,
    ),
    PUBLISHER: Expect(view=DEPARTMENT_ROWS),
    READER: Expect(view=DEPARTMENT_ROWS),
}


# 추진실적: the same reach as the plan's team and department data, with no import page of
# their own (the team screen writes entries in bulk).
def _without_imports(category: dict) -> dict:
    return {
        role: Expect(view=expect.view, change=expect.change, delete=expect.delete)
        for role, expect in category.items()
    }


PROGRESS_ENTRIES = _without_imports(TEAM_DATA)
REPORTING_PERIODS = _without_imports(DEPARTMENT_DATA)
CIVIC_REGISTER = {
    WRITER: Expect(view=COUNTY_ROWS),
    REVIEWER: Expect(view=COUNTY_ROWS, change=COUNTY_ROWS, delete=COUNTY_ROWS, imports=COUNTY_ROWS),
    PUBLISHER: Expect(view=COUNTY_ROWS),
    READER: Expect(view=COUNTY_ROWS),
}
COUNTY_REFERENCE = {role: Expect(view=COUNTY_ROWS) for role in ROLES}
SHARED_REFERENCE = {role: Expect(view=EVERYWHERE) for role in ROLES}
SUPERUSERS_ONLY = {role: Expect(view=NOTHING) for role in ROLES}

CATEGORY = {
    # team data
    "plans.TaskCard": TEAM_DATA,
    "plans.CardFact": TEAM_DATA,
    "plans.ProgressItem": TEAM_DATA,
    "plans.PlanItem": TEAM_DATA,
    "plans.CardContact": TEAM_DATA,
    "budget.FundingRow": TEAM_DATA,
    "budget.BudgetLine": TEAM_DATA,
    "personnel.StaffingCount": TEAM_DATA,
    "personnel.Officer": TEAM_DATA,
    "personnel.Team": TEAM_FUNCTIONS,
    # department data
    "plans.WorkPlan": DEPARTMENT_DATA,
    "plans.AchievementGroup": DEPARTMENT_DATA,
    "plans.AchievementItem": DEPARTMENT_DATA,
    "personnel.WelfareProgram": DEPARTMENT_DATA,
    # 추진실적 of the published plan
    "plans.ItemProgress": PROGRESS_ENTRIES,
    "plans.ReportingPeriod": REPORTING_PERIODS,
    # records of the department, written by the workflow only
    "plans.PublishedVersion": {role: Expect(view=DEPARTMENT_ROWS) for role in ROLES},
    # the county's civic registers
    "civic.Township": CIVIC_REGISTER,
    "civic.ResidentCouncil": CIVIC_REGISTER,
    "civic.ParticipationPointYear": CIVIC_REGISTER,
    "civic.HometownLoveFund": CIVIC_REGISTER,
    "civic.HometownDonation": CIVIC_REGISTER,
    "civic.TownPromotionTarget": CIVIC_REGISTER,
    "civic.HousingProject": CIVIC_REGISTER,
    "civic.Election": CIVIC_REGISTER,
    "civic.FieldVisit": CIVIC_REGISTER,
    "civic.CitizenSuggestion": CIVIC_REGISTER,
    # reference data: read by the county's roles, changed by superusers
    "personnel.Organization": COUNTY_REFERENCE,
    "personnel.Bureau": COUNTY_REFERENCE,
    "personnel.Department": COUNTY_REFERENCE,
    "plans.CouncilSession": COUNTY_REFERENCE,
    "budget.CountyBudget": COUNTY_REFERENCE,
    "personnel.Grade": SHARED_REFERENCE,
    "civic.TownPromotionRule": SHARED_REFERENCE,
    "civic.TownPromotionStep": SHARED_REFERENCE,
    # not the portal's: accounts and login throttling
    "auth.User": SUPERUSERS_ONLY,
    "auth.Group": SUPERUSERS_ONLY,
    "axes.AccessAttempt": SUPERUSERS_ONLY,
    "axes.AccessFailureLog": SUPERUSERS_ONLY,
    "axes.AccessLog": SUPERUSERS_ONLY,
}

#: Rows PROTECTed by others of the same county: the test deletes those first (rolled back).
DELETE_FIRST = {
    "civic.HometownLoveFund": lambda fund: fund.donations.all().delete(),
    "plans.WorkPlan": lambda plan: plan.versions.all().delete(),
}

REFUSED = (403, 404)
MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_url(model, action: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=args)


def stored(obj):
    return type(obj)._default_manager.filter(pk=obj.pk).values().first()


def form_errors(response) -> str:
    context = response.context
    if context is None or "adminform" not in context:
        return str(response.status_code)
    errors = [context["adminform"].form.errors]
    errors += [inline.formset.errors for inline in context["inline_admin_formsets"]]
    return repr(errors)


class Matrix:
    """Runs the cells of one model and collects every cell that is not as expected."""

    def __init__(self, model, rows):
        self.model = model
        self.label = model._meta.label
        self.rows = rows
        self.model_admin = admin.site._registry[model]
        self.problems: list[str] = []

    def fail(self, role: str, action: str, target: str, message: str) -> None:
        self.problems.append(f"{self.label} {role} {action} {target}: {message}")

    def check_list(self, client, role: str, expect: Expect) -> None:
        response = client.get(admin_url(self.model, "changelist"))
        if not expect.view:
            if response.status_code != 403:
                self.fail(role, "list", "-", f"{response.status_code}, expected 403")
            return
        if response.status_code != 200:
            self.fail(role, "list", "-", f"{response.status_code}, expected 200")
            return
        page = response.content.decode()
        for target, obj in self.rows.items():
            shown = admin_url(self.model, "change", quote(obj.pk)) in page
            if shown != (target in expect.view):
                self.fail(role, "list", target, "shown" if shown else "hidden")

    def check_row(self, client, role: str, expect: Expect, target: str, obj) -> None:
        change_url = admin_url(self.model, "change", quote(obj.pk))
        response = client.get(change_url)
        if target in expect.view:
            if response.status_code != 200:
                self.fail(role, "view", target, f"{response.status_code}, expected 200")
        elif response.status_code not in REFUSED:
            self.fail(role, "view", target, f"{response.status_code}, expected 403/404")
        self.check_change(client, role, expect, target, obj, change_url, response)
        self.check_delete(client, role, expect, target, obj)
        self.check_import(client, role, expect, target, obj)

    def check_change(self, client, role, expect, target, obj, change_url, page) -> None:
        before = stored(obj)
        with transaction.atomic():
            if target in expect.change:
                if page.status_code != 200 or not page.context["adminform"].form.fields:
                    self.fail(role, "change", target, "no form to change")
                else:
                    response = client.post(change_url, change_form_data(page))
                    if response.status_code != 302:
                        self.fail(role, "change", target, f"not saved: {form_errors(response)}")
            else:
                response = client.post(change_url, {})
                if response.status_code not in REFUSED:
                    self.fail(role, "change", target, f"{response.status_code}, expected 403/404")
                if stored(obj) != before:
                    self.fail(role, "change", target, "the row changed")
            transaction.set_rollback(True)

    def check_delete(self, client, role, expect, target, obj) -> None:
        with transaction.atomic():
            allowed = target in expect.delete
            if allowed and self.label in DELETE_FIRST:
                DELETE_FIRST[self.label](obj)
            response = client.post(admin_url(self.model, "delete", quote(obj.pk)), {"post": "yes"})
            exists = stored(obj) is not None
            if allowed and (response.status_code != 302 or exists):
                self.fail(role, "delete", target, f"{response.status_code}, not deleted")
            if not allowed and (response.status_code not in REFUSED or not exists):
                self.fail(role, "delete", target, f"{response.status_code}, exists: {exists}")
            transaction.set_rollback(True)

    def check_import(self, client, role, expect, target, obj) -> None:
        if not isinstance(self.model_admin, SpreadsheetImportExportMixin):
            return
        try:
            import_url = admin_url(self.model, "import")
        except NoReverseMatch:
            return
        resource = self.model_admin.resource_classes[0]()
        dataset = resource.export(queryset=self.model._default_manager.filter(pk=obj.pk))
        upload = {"import_file": SimpleUploadedFile("rows.csv", CSV().export_data(dataset))}
        with transaction.atomic():
            response = client.post(import_url, {**upload, "format": ""})
            if expect.imports is None:
                if response.status_code != 403:
                    self.fail(role, "import", target, f"{response.status_code}, expected 403")
            elif response.status_code != 200:
                self.fail(role, "import", target, f"{response.status_code}, expected 200")
            elif target in expect.imports:
                if "confirm_form" not in response.context:
                    self.fail(role, "import", target, "refused")
            elif "confirm_form" in response.context or "2행" not in response.content.decode():
                self.fail(role, "import", target, "not refused naming the row")
            transaction.set_rollback(True)


def test_every_admin_model_has_a_category():
    """A model new to the admin must say who may do what with it."""
    missing = [model._meta.label for model in MODELS if model._meta.label not in CATEGORY]
    assert not missing, f"add to CATEGORY in {__name__}: {missing}"


@pytest.mark.parametrize("model", MODELS, ids=[model._meta.label for model in MODELS])
def test_permission_matrix(world, model):
    label = model._meta.label
    if label not in CATEGORY:
        pytest.fail(f"{label} is new in the admin: say in CATEGORY who may do what with it")
    rows = world.rows.get(label)
    assert rows and set(rows) == set(TARGETS), f"tests/roles/world.py has no {label} rows"
    matrix = Matrix(model, rows)
    for role in ROLES:
        expect = CATEGORY[label][role]
        client = login(world.users[role])
        matrix.check_list(client, role, expect)
        checked: dict[int, str] = {}
        for target in TARGETS:
            obj = rows[target]
            first = checked.setdefault(obj.pk, target)
            if first != target:
                # The same row stands for both targets: the table must say the same of both.
                for action in ("view", "change", "delete", "imports"):
                    allowed = getattr(expect, action)
                    if allowed is not None and (first in allowed) != (target in allowed):
                        matrix.fail(role, action, target, f"table differs from {first}")
                continue
            matrix.check_row(client, role, expect, target, obj)
    assert not matrix.problems, "\n".join(matrix.problems)
