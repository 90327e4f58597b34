"""A department's people on one page (직원 관리): its teams, each with its officers (the 담당자
printed on task cards: 직렬·직급, 성명, 전화번호, 재직 중) and the portal logins of its staff
(아이디, 성명, 역할, 사용), added and changed together in one form.

One page because the two change together: a person who joins a team is both a contact on its
cards and, usually, a login with a role; 인사발령 moves both. Every row of every team is
validated first; one wrong row refuses the whole page with a message naming the team, the row
and the column ("행정팀 2번째 담당자 '전화번호': …"), and nothing is written. A valid page is
written in one transaction, with the change history (plans.history.recording) and the admin's
log (plans.admin.log) for every officer and login it adds, changes or deletes.

Who changes what follows the Roles table of the README:

- officers are team data: a 작성자 changes its own team's, a 검토자 every team's of its
  department, superusers everyone's; 게시관리자 and 열람자 read;
- logins and roles are accounts: superusers only. The department's staff see who has which
  role, read-only.

A new login gets a random password (``secrets``, checked by the password validators) shown
once, on the page the save answers with (never stored, never sent again, the page not cached);
the person changes it after the first login. No account is ever made with a known password."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from personnel.models import Department, Officer, StaffProfile, Team
from personnel.roles import ROLES
from plans.access.scopes import reach_of, scope_for, write_refusal
from plans.history import recording
from plans.rules.korean import with_particle

User = get_user_model()

#: How many blank rows each team offers for a new officer or login.
EXTRA_ROWS = 1
#: A team with nobody yet gets this many blank rows, so a new team's people go in one save.
FIRST_ROWS = 3
OFFICER = gettext_lazy("담당자")
LOGIN = gettext_lazy("계정")


def officer_prefix(team: Team) -> str:
    return f"officers-{team.pk}"


def login_prefix(team: Team) -> str:
    return f"logins-{team.pk}"


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Team) -> str:
        return obj.name


class OfficerRowForm(forms.ModelForm):
    """One officer as one table row. The team is a choice so that 인사발령 moves the officer
    (its cards keep it as their 담당자)."""

    team = TeamChoiceField(queryset=Team.objects.none(), label=gettext_lazy("소속 팀"))

    class Meta:
        model = Officer
        fields = ("team", "position", "grade", "name", "phone", "email", "is_active")
        widgets = {
            "position": forms.TextInput(attrs={"class": "people-position"}),
            "name": forms.TextInput(attrs={"class": "people-name"}),
            "phone": forms.TextInput(attrs={"class": "people-phone", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"class": "people-email"}),
        }

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams if teams is not None else Team.objects.none()
        self.fields["grade"].required = False


class LoginRowForm(forms.ModelForm):
    """One portal login as one table row: its user name, name, team (personnel.StaffProfile),
    role (the groups of personnel.roles) and whether it may log in."""

    team = TeamChoiceField(queryset=Team.objects.none(), label=gettext_lazy("소속 팀"))
    role = forms.ChoiceField(
        label=gettext_lazy("역할"),
        choices=[("", gettext_lazy("(없음)")), *((r, r) for r in ROLES)],
        # A stored login may have no role (it then sees nothing): saving the page must not
        # force one on it. A new login needs one (clean).
        required=False,
    )

    class Meta:
        model = User
        fields = ("username", "first_name", "team", "role", "is_active")
        labels = {
            "username": gettext_lazy("아이디"),
            "first_name": gettext_lazy("성명"),
            "is_active": gettext_lazy("사용"),
        }
        help_texts = {"username": "", "is_active": ""}
        error_messages = {"username": {"unique": gettext_lazy("이미 있는 아이디입니다.")}}
        widgets = {
            "username": forms.TextInput(attrs={"class": "people-username", "autocomplete": "off"}),
            "first_name": forms.TextInput(attrs={"class": "people-name"}),
        }

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams if teams is not None else Team.objects.none()
        if self.instance.pk:
            profile = getattr(self.instance, "staff_profile", None)
            self.initial.setdefault("team", profile.team_id if profile else None)
            roles = [g.name for g in self.instance.groups.all() if g.name in ROLES]
            self.initial.setdefault("role", roles[0] if roles else "")

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not cleaned.get("role"):
            self.add_error("role", _("새 계정의 역할을 선택하십시오."))
        return cleaned

    def has_changed(self):
        # A blank new row's 사용 box is ticked by default: that alone is not a new login.
        if not self.instance.pk:
            return any(name in self.changed_data for name in ("username", "first_name", "role"))
        return super().has_changed()


class PeopleFormSet(BaseModelFormSet):
    """The rows of one team; ``teams`` is what a row's 소속 팀 may be."""

    def __init__(self, *args, teams=None, **kwargs):
        self.teams = teams
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "teams": self.teams}


OfficerFormSet = modelformset_factory(
    Officer, form=OfficerRowForm, formset=PeopleFormSet, extra=EXTRA_ROWS, can_delete=True
)
LoginFormSet = modelformset_factory(
    User, form=LoginRowForm, formset=PeopleFormSet, extra=EXTRA_ROWS, can_delete=False
)


@dataclass
class TeamSection:
    team: Team
    officers: list[Officer]
    logins: list
    officer_formset: BaseModelFormSet | None = None  # None: read-only for this user
    login_formset: BaseModelFormSet | None = None

    @property
    def login_rows(self) -> list[tuple]:
        """(user, its roles) for the read-only list."""
        return [
            (account, ", ".join(g.name for g in account.groups.all() if g.name in ROLES) or "-")
            for account in self.logins
        ]


@dataclass
class NewLogin:
    username: str
    team: str
    role: str
    password: str


@dataclass
class PeoplePage:
    department: Department
    sections: list[TeamSection]
    #: Whether the user may change any officer, and logins.
    edits_officers: bool
    edits_logins: bool
    errors: list[str] = field(default_factory=list)
    #: Logins the save created, with their one-time passwords.
    new_logins: list[NewLogin] = field(default_factory=list)

    @property
    def can_save(self) -> bool:
        return self.edits_officers or self.edits_logins

    @property
    def formsets(self) -> list[BaseModelFormSet]:
        return [
            formset
            for section in self.sections
            for formset in (section.officer_formset, section.login_formset)
            if formset is not None
        ]


def _teams(department: Department):
    return Team.objects.filter(department=department).order_by("-is_active", "order")


def _logins(team: Team):
    return (
        User.objects.filter(staff_profile__team=team, is_superuser=False)
        .select_related("staff_profile")
        .prefetch_related("groups")
        .order_by("username")
    )


def _officers(team: Team):
    return Officer.objects.filter(team=team).select_related("grade").order_by("name", "pk")


def _team_formset(formset_class, data, *, team: Team, stored: list, queryset, prefix, teams):
    """``formset_class`` for ``team``'s rows: its stored rows and blank rows that are the team's
    (three for a team with nobody yet, so a new team's people go in one save). A posted page
    is read with the count it was shown with: Django takes the number of rows from the
    management form, not from ``extra``."""
    blank = EXTRA_ROWS if stored else FIRST_ROWS
    sized = type(formset_class.__name__, (formset_class,), {"extra": blank})
    return sized(
        data, queryset=queryset, prefix=prefix, teams=teams, initial=[{"team": team.pk}] * blank
    )


def people_page(
    user,
    *,
    department: Department,
    may_change_officers: bool,
    data: Mapping[str, str] | None = None,
) -> PeoplePage:
    """The page of ``department`` for ``user``: stored rows, or ``data`` as posted.

    ``may_change_officers``: the admin's model permissions to add, change and delete officers;
    which teams' officers a role changes comes from its reach (plans.access.scopes)."""
    reach = reach_of(user)
    teams = list(_teams(department))
    # Every team of the department may be chosen (an abolished team's people stay valid rows
    # until they are moved); a 작성자's officers stay in its own team.
    department_teams = Team.objects.filter(department=department)
    if reach.superuser or reach.edits_department:
        officer_teams = teams if may_change_officers else []
        choices = department_teams
    else:
        officer_teams = [t for t in teams if t.pk == reach.team_id] if may_change_officers else []
        choices = department_teams.filter(pk__in=[team.pk for team in officer_teams])
    login_teams = teams if reach.superuser else []

    sections = []
    for team in teams:
        section = TeamSection(team, list(_officers(team)), list(_logins(team)))
        if team in officer_teams:
            section.officer_formset = _team_formset(
                OfficerFormSet,
                data,
                team=team,
                stored=section.officers,
                queryset=_officers(team),
                prefix=officer_prefix(team),
                teams=choices,
            )
        if team in login_teams:
            section.login_formset = _team_formset(
                LoginFormSet,
                data,
                team=team,
                stored=section.logins,
                queryset=_logins(team),
                prefix=login_prefix(team),
                teams=department_teams,
            )
        sections.append(section)
    return PeoplePage(
        department=department,
        sections=sections,
        edits_officers=bool(officer_teams),
        edits_logins=bool(login_teams),
    )


def check_post(page: PeoplePage, data: Mapping[str, str]) -> None:
    """Refuse (403) rows posted for a team the user may not change: the page never shows
    them, so such a POST was made by hand."""
    allowed = {formset.prefix for formset in page.formsets}
    for key in data:
        kind, _sep, rest = key.partition("-")
        if kind in ("officers", "logins"):
            prefix = f"{kind}-{rest.split('-', 1)[0]}"
            if prefix not in allowed:
                raise PermissionDenied(_("고칠 수 없는 팀의 직원 정보가 들어 있습니다."))


def _row_label(team: Team, index: int, what) -> str:
    return _("%(team)s %(n)s번째 %(what)s") % {"team": team.name, "n": index + 1, "what": what}


def _collect_errors(page: PeoplePage) -> list[str]:
    """Every error of every row, naming team, row and column; the rows carry them too."""
    errors: list[str] = []
    for section in page.sections:
        for formset, what in ((section.officer_formset, OFFICER), (section.login_formset, LOGIN)):
            if formset is None:
                continue
            for message in formset.non_form_errors():
                errors.append(f"{section.team.name} {what}: {message}")
            for index, form in enumerate(formset.forms):
                where = _row_label(section.team, index, what)
                for name, messages in form.errors.items():
                    label = form.fields[name].label if name in form.fields else None
                    if name == NON_FIELD_ERRORS or not label:
                        errors += [f"{where}: {message}" for message in messages]
                    else:
                        errors += [f"{where} '{label}': {message}" for message in messages]
    return errors


def _deleting(form) -> bool:
    return bool(form.is_valid() and form.cleaned_data.get("DELETE"))


def _check_rows(page: PeoplePage, user) -> None:
    """What a single row's form cannot see: the scope of the officer as it would be saved, an
    officer still named on task cards that is being deleted, and one user name typed twice."""
    reach = reach_of(user)
    scope = scope_for(Officer)
    usernames: dict[str, str] = {}
    for section in page.sections:
        formset = section.officer_formset
        for form in formset.forms if formset is not None else ():
            if _deleting(form):
                if form.instance.pk and form.instance.contacts.exists():
                    form.add_error(
                        None,
                        _("과제의 담당자로 올라 있어 지울 수 없습니다. '재직 중'을 해제하십시오."),
                    )
            elif form.has_changed():
                refusal = write_refusal(reach, scope, form.instance)
                if refusal is not None:
                    form.add_error(None, refusal.message)
        formset = section.login_formset
        for index, form in enumerate(formset.forms if formset is not None else ()):
            name = form.cleaned_data.get("username") if form.has_changed() else None
            if not name:
                continue
            if name in usernames:
                form.add_error(
                    "username",
                    _("%(other)s 같은 아이디입니다.")
                    % {"other": with_particle(usernames[name], "과", "와")},
                )
            usernames[name] = _row_label(section.team, index, LOGIN)


def _one_time_password(user) -> str:
    """A random password that the validators accept (they always do; checked anyway)."""
    while True:
        password = secrets.token_urlsafe(12)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


@dataclass
class Written:
    """What a save wrote, for the admin's log: created, changed (with a note), deleted."""

    created: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    deleted: list = field(default_factory=list)


def _changed_note(form) -> str:
    labels = [str(form.fields[name].label) for name in form.changed_data if name in form.fields]
    return _("%(fields)s 변경") % {"fields": ", ".join(labels)} if labels else ""


def people_save(page: PeoplePage, user) -> tuple[bool, Written]:
    """Validate every row and write them all, or nothing; ``page.errors`` says what is wrong."""
    # Every formset is validated (no short cut), so every wrong row is named at once.
    results = [formset.is_valid() for formset in page.formsets]
    if all(results):
        _check_rows(page, user)
    page.errors = _collect_errors(page)
    if page.errors:
        return False, Written()
    written = Written()
    roles = {group.name: group for group in Group.objects.filter(name__in=ROLES)}
    try:
        with transaction.atomic(), recording(reason=_("직원 관리"), user=user):
            for section in page.sections:
                if section.officer_formset is not None:
                    _save_officers(section.officer_formset, written)
                if section.login_formset is not None:
                    _save_logins(page, section, roles, written)
    except IntegrityError:
        page.errors = [
            _(
                "다른 사람이 같은 담당자나 계정을 동시에 저장했습니다. 아무것도 저장하지 "
                "않았습니다. 화면을 새로 불러와 다시 입력하십시오."
            )
        ]
        page.new_logins = []
        return False, Written()
    return True, written


def _save_officers(formset: BaseModelFormSet, written: Written) -> None:
    # Deleted first, so that a row typed again in its place does not clash with it.
    deleted = [form.instance for form in formset.forms if _deleting(form) and form.instance.pk]
    # The instances keep their primary key after the delete: the log names them by it.
    Officer.objects.filter(pk__in=[officer.pk for officer in deleted]).delete()
    written.deleted += deleted
    for form in formset.forms:
        if _deleting(form) or not form.has_changed():
            continue
        created = form.instance.pk is None
        officer = form.save()
        if created:
            written.created.append(officer)
        else:
            written.changed.append((officer, _changed_note(form)))


def _save_logins(page: PeoplePage, section: TeamSection, roles, written: Written) -> None:
    for form in section.login_formset.forms:
        if not form.has_changed():
            continue
        created = form.instance.pk is None
        account = form.save(commit=False)
        account.is_staff = True
        password = None
        if created:
            password = _one_time_password(account)
            account.set_password(password)
        account.save()
        team = form.cleaned_data["team"]
        StaffProfile.objects.update_or_create(user=account, defaults={"team": team})
        role = form.cleaned_data["role"]
        others = [group for name, group in roles.items() if name != role]
        account.groups.remove(*others)
        if role:
            account.groups.add(roles[role])
        if created:
            written.created.append(account)
            page.new_logins.append(NewLogin(account.username, team.name, role, password))
        else:
            written.changed.append((account, _changed_note(form)))
