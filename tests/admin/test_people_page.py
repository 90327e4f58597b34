"""직원 관리: a department's officers and logins saved together in one form; a bad row refuses
the whole page naming team, row and column, and nothing is written; roles as the README's
table says (officers: 작성자 its team, 검토자 the department; logins and roles: superusers)."""

from __future__ import annotations

import html
import re

import pytest
from django import forms
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from personnel.admin_people import login_prefix, officer_prefix
from personnel.models import Department, Officer, StaffProfile, Team
from personnel.roles import PUBLISHER, REVIEWER, WRITER

pytestmark = pytest.mark.django_db

PEOPLE = "admin:personnel_officer_people"
PASSWORD = "a-long-test-password-1"


def people_url(department) -> str:
    return f"{reverse(PEOPLE)}?department={department.pk}"


def text(response) -> str:
    return html.unescape(response.content.decode())


def form_data(response) -> dict:
    """Every input of every formset on the page as shown (management forms included)."""
    data: dict = {}
    for formset in response.context["page"].formsets:
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for form in formset.forms:
            for bound in form:
                value = bound.value()
                if isinstance(bound.field.widget, forms.CheckboxInput):
                    if value:
                        data[bound.html_name] = "on"
                elif value is not None:
                    data[bound.html_name] = value
    return data


def row_of(response, prefix: str, **match) -> int:
    """The index of the form whose instance has the given values."""
    for formset in response.context["page"].formsets:
        if formset.prefix != prefix:
            continue
        for index, form in enumerate(formset.forms):
            if form.instance.pk and all(
                getattr(form.instance, key) == value for key, value in match.items()
            ):
                return index
    raise AssertionError(match)


def extra_row(response, prefix: str) -> int:
    formset = next(f for f in response.context["page"].formsets if f.prefix == prefix)
    return next(i for i, form in enumerate(formset.forms) if not form.instance.pk)


def snapshot() -> tuple:
    return (
        list(
            Officer.objects.order_by("pk").values_list(
                "pk", "team_id", "position", "name", "phone", "is_active"
            )
        ),
        list(User.objects.order_by("pk").values_list("pk", "username", "is_active")),
        list(StaffProfile.objects.order_by("pk").values_list("user_id", "team_id")),
        LogEntry.objects.count(),
    )  # fmt: skip


def staff(username: str, role: str, team: Team) -> Client:
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    StaffProfile.objects.create(user=user, team=team)
    client = Client()
    client.force_login(user)
    return client


def test_a_superuser_saves_officers_and_a_new_login_together(admin_client, world):
    admin_team, general = world.teams["행정팀"], world.teams["서무팀"]
    response = admin_client.get(people_url(world.department))
    assert response.status_code == 200
    data = form_data(response)
    officers, logins = officer_prefix(admin_team), login_prefix(admin_team)
    nam = row_of(response, officers, name="남기종")
    jeong = row_of(response, officers, name="정영택")
    data[f"{officers}-{nam}-phone"] = "043-871-3199"  # changed
    data[f"{officers}-{jeong}-team"] = general.pk  # 인사발령: moved to 서무팀
    new = extra_row(response, officer_prefix(general))
    prefix = officer_prefix(general)
    data.update(
        {
            f"{prefix}-{new}-position": "행정8급",
            f"{prefix}-{new}-name": "한새봄",
            f"{prefix}-{new}-phone": "871-3177",
        }
    )
    login = extra_row(response, logins)
    data.update(
        {
            f"{logins}-{login}-username": "kim-hs",
            f"{logins}-{login}-first_name": "김하솔",
            f"{logins}-{login}-role": WRITER,
        }
    )
    response = admin_client.post(people_url(world.department), data)
    assert response.status_code == 200, text(response)[:2000]
    page = text(response)
    assert "자치행정과 직원 정보를 저장했습니다." in page
    assert "no-store" in response["Cache-Control"]  # the passwords are never cached

    assert Officer.objects.get(name="남기종").phone == "043-871-3199"
    assert Officer.objects.get(name="정영택").team == general
    assert Officer.objects.get(name="한새봄").team == general
    account = User.objects.get(username="kim-hs")
    assert account.is_staff and account.is_active and not account.is_superuser
    assert account.first_name == "김하솔"
    assert account.staff_profile.team == admin_team
    assert [group.name for group in account.groups.all()] == [WRITER]
    # The password is shown once, on this answer, and it is the login's.
    shown = re.search(r'<code class="password">([^<]+)</code>', page).group(1)
    assert account.check_password(shown)
    assert shown not in text(admin_client.get(people_url(world.department)))

    # History and the admin's log name the page; each officer and login has its entry.
    assert {r.history_change_reason for r in Officer.history.filter(name="한새봄")} == {"직원 관리"}
    entries = LogEntry.objects.filter(change_message__startswith="직원 관리")
    assert entries.filter(action_flag=ADDITION).count() == 2  # 한새봄, kim-hs
    changed = {
        entry.object_repr: entry.change_message for entry in entries.filter(action_flag=CHANGE)
    }
    assert changed["행정6급 남기종"] == "직원 관리: 전화번호 변경"
    assert changed["행정7급 정영택"] == "직원 관리: 소속 팀 변경"


def test_changing_a_logins_role_and_team(admin_client, world):
    admin_team, general = world.teams["행정팀"], world.teams["서무팀"]
    kim = User.objects.create_user("kim", password=PASSWORD, is_staff=True)
    kim.groups.add(Group.objects.get(name=WRITER), Group.objects.get(name="작성 담당자"))
    StaffProfile.objects.create(user=kim, team=admin_team)
    response = admin_client.get(people_url(world.department))
    data = form_data(response)
    logins = login_prefix(admin_team)
    index = row_of(response, logins, username="kim")
    data[f"{logins}-{index}-role"] = REVIEWER
    data[f"{logins}-{index}-team"] = general.pk
    assert admin_client.post(people_url(world.department), data).status_code == 302
    kim.refresh_from_db()
    # The portal role is replaced; a group that is no role is left alone.
    assert sorted(group.name for group in kim.groups.all()) == ["검토자", "작성 담당자"]
    assert kim.staff_profile.team == general


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        pytest.param(
            ("officer", "행정팀", "정영택", "phone", "8713164"),
            "행정팀 3번째 담당자 '전화번호': 전화번호는 871-3163 또는 043-871-3163 형식으로",
            id="phone",
        ),
        pytest.param(
            ("officer", "행정팀", "남기종", "name", ""),
            "행정팀 2번째 담당자 '성명': 필수 항목입니다.",
            id="name-missing",
        ),
        pytest.param(
            ("officer", "행정팀", "남기종", "grade", "7급"),
            "행정팀 2번째 담당자 '직급 구분': 직렬·직급 '행정6급'은(는) 6급인데",
            id="grade-mismatch",
        ),
        pytest.param(
            ("officer", "대외협력팀", "지은이", "DELETE", "on"),
            "대외협력팀 1번째 담당자: 과제의 담당자로 올라 있어 지울 수 없습니다.",
            id="delete-a-cards-contact",
        ),
        pytest.param(
            ("login", "행정팀", None, "username", "admin"),
            "행정팀 2번째 계정 '아이디': 이미 있는 아이디입니다.",
            id="username-taken",
        ),
        pytest.param(
            ("login", "행정팀", None, "role", ""),
            "행정팀 2번째 계정 '역할': 새 계정의 역할을 선택하십시오.",
            id="role-missing",
        ),
        pytest.param(
            ("login", "서무팀", None, "username", "new-login"),
            "서무팀 1번째 계정 '아이디': 행정팀 2번째 계정과 같은 아이디입니다.",
            id="username-twice",
        ),
    ],
)
def test_a_bad_row_refuses_the_whole_page_naming_it(admin_client, world, edit, message):
    kim = User.objects.create_user("kim", password=PASSWORD, is_staff=True)
    StaffProfile.objects.create(user=kim, team=world.teams["행정팀"])
    kim.groups.add(Group.objects.get(name=WRITER))
    # One more officer so that 행정팀 has three rows (by name: 김가람, 남기종, 정영택).
    Officer.objects.create(
        team=world.teams["행정팀"], position="행정7급", name="김가람", phone="871-3160"
    )
    before = snapshot()
    response = admin_client.get(people_url(world.department))
    data = form_data(response)
    # Good edits on the same page, none of which may be saved.
    first = officer_prefix(world.teams["행정팀"])
    data[f"{first}-0-phone"] = "871-3101"
    new_login = login_prefix(world.teams["행정팀"])
    data[f"{new_login}-1-username"] = "new-login"
    data[f"{new_login}-1-role"] = WRITER
    kind, team_name, name, field, value = edit
    team = world.teams[team_name]
    if kind == "officer":
        prefix = officer_prefix(team)
        index = row_of(response, prefix, name=name)
        if field == "grade":
            value = world.grades[value].pk
    else:
        prefix = login_prefix(team)
        index = extra_row(response, prefix)
        if prefix != new_login:
            data[f"{prefix}-{index}-team"] = team.pk
        data[f"{prefix}-{index}-role"] = WRITER
        if field != "username":
            data[f"{prefix}-{index}-username"] = "another-login"
    data[f"{prefix}-{index}-{field}"] = value
    response = admin_client.post(people_url(world.department), data)
    assert response.status_code == 200
    page = text(response)
    assert message in page, re.findall(r"<li>([^<]*)</li>", page)[-8:]
    assert "아무것도 저장하지 않았습니다" in page
    assert snapshot() == before
    assert not User.objects.filter(username__in=["new-login", "another-login"]).exists()


def test_a_reviewer_changes_its_departments_officers_but_not_logins(world):
    admin_team, general = world.teams["행정팀"], world.teams["서무팀"]
    reviewer = staff("reviewer", REVIEWER, admin_team)
    response = reviewer.get(reverse(PEOPLE))  # its own department, without choosing
    assert response.status_code == 200
    page = response.context["page"]
    assert page.department == world.department
    assert page.edits_officers and not page.edits_logins
    assert {f.prefix for f in page.formsets} == {officer_prefix(t) for t in world.teams.values()}
    # Logins are listed, read-only.
    own = next(section for section in page.sections if section.team == admin_team)
    assert [(account.username, roles) for account, roles in own.login_rows] == [
        ("reviewer", REVIEWER)
    ]
    assert 'name="logins-' not in text(response)

    data = form_data(response)
    prefix = officer_prefix(general)
    new = extra_row(response, prefix)
    data.update({f"{prefix}-{new}-position": "행정9급", f"{prefix}-{new}-name": "윤다온",
                 f"{prefix}-{new}-phone": "871-3178"})  # fmt: skip
    assert (
        reviewer.post(reverse(PEOPLE) + f"?department={world.department.pk}", data).status_code
        == 302
    )
    assert Officer.objects.get(name="윤다온").team == general

    # A login posted by hand is refused, and nothing else of the post is written.
    before = snapshot()
    data = form_data(reviewer.get(people_url(world.department)))
    data.update({f"{login_prefix(admin_team)}-TOTAL_FORMS": "1",
                 f"{login_prefix(admin_team)}-INITIAL_FORMS": "0",
                 f"{login_prefix(admin_team)}-0-username": "sneaky",
                 f"{login_prefix(admin_team)}-0-role": REVIEWER,
                 f"{login_prefix(admin_team)}-0-team": admin_team.pk})  # fmt: skip
    assert reviewer.post(people_url(world.department), data).status_code == 403
    assert snapshot() == before


def test_a_writer_changes_its_own_teams_officers_only(world):
    admin_team, general = world.teams["행정팀"], world.teams["서무팀"]
    writer = staff("writer", WRITER, admin_team)
    response = writer.get(people_url(world.department))
    page = response.context["page"]
    assert [f.prefix for f in page.formsets] == [officer_prefix(admin_team)]
    # Its officers may stay only in its team.
    form = page.formsets[0].forms[0]
    assert list(form.fields["team"].queryset) == [admin_team]
    assert "지은이" in text(response)  # another team's officer, read-only

    data = form_data(response)
    prefix = officer_prefix(admin_team)
    index = row_of(response, prefix, name="남기종")
    data[f"{prefix}-{index}-phone"] = "871-3100"
    assert writer.post(people_url(world.department), data).status_code == 302
    assert Officer.objects.get(name="남기종").phone == "871-3100"

    # Another team's rows posted by hand: refused.
    data = form_data(writer.get(people_url(world.department)))
    other = officer_prefix(general)
    data.update({f"{other}-TOTAL_FORMS": "1", f"{other}-INITIAL_FORMS": "0",
                 f"{other}-0-team": general.pk, f"{other}-0-position": "행정9급",
                 f"{other}-0-name": "남몰래", f"{other}-0-phone": "871-3111"})  # fmt: skip
    assert writer.post(people_url(world.department), data).status_code == 403
    # Moving its officer to another team by hand: the choice is refused, naming the row.
    data = form_data(writer.get(people_url(world.department)))
    data[f"{prefix}-{index}-team"] = general.pk
    response = writer.post(people_url(world.department), data)
    assert response.status_code == 200
    assert "행정팀 1번째 담당자 '소속 팀':" in text(response)
    assert Officer.objects.get(name="남기종").team == admin_team


def test_readers_and_other_departments(world):
    publisher = staff("publisher", PUBLISHER, world.teams["행정팀"])
    response = publisher.get(people_url(world.department))
    assert response.status_code == 200
    assert response.context["page"].formsets == []
    assert not response.context["page"].can_save
    assert publisher.post(people_url(world.department), {}).status_code == 403
    other = Department.objects.create(
        organization=world.department.organization,
        bureau=world.department.bureau,
        name="민원과",
        slug="민원과",
        order=2,
    )
    assert publisher.get(people_url(other)).status_code == 404


def test_the_page_is_reached_from_the_officers_and_the_department(admin_client, world):
    base = reverse(PEOPLE)
    assert base in text(admin_client.get(reverse("admin:personnel_officer_changelist")))
    department_page = admin_client.get(
        reverse("admin:personnel_department_change", args=[world.department.pk])
    )
    assert f"{base}?department={world.department.pk}" in text(department_page)


def test_an_officer_leaves_and_another_is_deleted(admin_client, world):
    admin_team = world.teams["행정팀"]
    response = admin_client.get(people_url(world.department))
    data = form_data(response)
    prefix = officer_prefix(admin_team)
    data[f"{prefix}-{row_of(response, prefix, name='남기종')}-DELETE"] = "on"
    del data[f"{prefix}-{row_of(response, prefix, name='정영택')}-is_active"]  # 재직 중 off
    assert admin_client.post(people_url(world.department), data).status_code == 302
    assert not Officer.objects.filter(name="남기종").exists()
    assert Officer.objects.get(name="정영택").is_active is False
    assert LogEntry.objects.filter(
        object_repr="행정6급 남기종", change_message="직원 관리", action_flag=DELETION
    ).exists()


def test_a_login_without_a_role_saves_and_a_role_can_be_taken_away(admin_client, world):
    admin_team = world.teams["행정팀"]
    for username, role in (("no-role", None), ("kim", WRITER)):
        account = User.objects.create_user(username, password=PASSWORD, is_staff=True)
        StaffProfile.objects.create(user=account, team=admin_team)
        if role:
            account.groups.add(Group.objects.get(name=role))
    response = admin_client.get(people_url(world.department))
    data = form_data(response)
    logins = login_prefix(admin_team)
    assert data[f"{logins}-{row_of(response, logins, username='no-role')}-role"] == ""
    data[f"{logins}-{row_of(response, logins, username='kim')}-role"] = ""
    assert admin_client.post(people_url(world.department), data).status_code == 302
    assert not User.objects.get(username="kim").groups.exists()
    assert not User.objects.get(username="no-role").groups.exists()
