"""The role groups (personnel.roles): made by migrate, kept in step by sync_roles, and the
commands that make staff logins."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from personnel.models import StaffProfile
from personnel.roles import PUBLISHER, READER, REVIEWER, ROLES, WRITER, sync_roles
from plans.models import TaskCard
from tests.factories import TeamFactory
from tests.roles.conftest import login

pytestmark = pytest.mark.django_db


def perms(name: str) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_migrate_made_the_groups_with_their_permissions():
    # The test database was made by migrate: post_migrate ran sync_roles.
    assert set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True)) == set(ROLES)
    writer, reviewer, publisher, reader = (perms(role) for role in ROLES)

    assert {
        "plans.change_taskcard",
        "plans.delete_planitem",
        "budget.add_fundingrow",
        "budget.change_budgetline",
        "personnel.change_staffingcount",
        "personnel.add_officer",
        "personnel.change_team",
    } <= writer
    assert (
        not {
            "plans.change_workplan",
            "personnel.add_team",
            "personnel.delete_team",
            "personnel.change_welfareprogram",
            "civic.change_township",
            "plans.submit_workplan",
            "personnel.change_department",
        }
        & writer
    )

    assert writer <= reviewer
    assert {
        "plans.change_workplan",
        "plans.delete_achievementitem",
        "civic.change_township",
        "civic.add_citizensuggestion",
        "personnel.change_welfareprogram",
        "plans.submit_workplan",
        "plans.approve_workplan",
        "plans.revert_history",
    } <= reviewer
    assert (
        not {
            "plans.publish_workplan",
            "plans.withdraw_workplan",
            "personnel.add_team",
            "personnel.change_department",
            "personnel.change_grade",
            "plans.change_councilsession",
            "budget.change_countybudget",
            "civic.change_townpromotionrule",
            "auth.change_user",
        }
        & reviewer
    )

    assert {"plans.publish_workplan", "plans.withdraw_workplan"} <= publisher
    assert not {
        perm for perm in publisher if perm.split(".")[1].startswith(("add_", "change_", "delete_"))
    }

    assert all(perm.split(".")[1].startswith("view_") for perm in reader)
    assert {
        "plans.view_taskcard",
        "personnel.view_grade",
        "civic.view_election",
        "budget.view_countybudget",
        "plans.view_workplan",
    } <= reader
    assert reader <= writer and reader <= publisher


def test_sync_roles_is_idempotent_and_puts_back_what_was_changed_by_hand():
    before = {role: perms(role) for role in ROLES}
    assert set(sync_roles().values()) == {"unchanged"}
    assert {role: perms(role) for role in ROLES} == before

    reader = Group.objects.get(name=READER)
    reader.permissions.add(Permission.objects.get(codename="delete_taskcard"))
    Group.objects.get(name=PUBLISHER).delete()
    outcome = sync_roles()
    assert outcome[READER] == "updated" and outcome[PUBLISHER] == "created"
    assert outcome[WRITER] == outcome[REVIEWER] == "unchanged"
    assert {role: perms(role) for role in ROLES} == before
    assert Group.objects.filter(name__in=ROLES).count() == len(ROLES)


def test_the_sync_roles_command_says_what_it_did():
    out = io.StringIO()
    call_command("sync_roles", stdout=out)
    assert out.getvalue().splitlines() == [f"{role}: 그대로" for role in ROLES]


def test_create_staff_user_ties_the_login_to_its_team_and_role():
    team = TeamFactory(name="행정팀", department__name="자치행정과", department__slug="자치행정과")
    out = io.StringIO()
    call_command(
        "create_staff_user",
        "kim",
        department="자치행정과",
        team="행정팀",
        role=WRITER,
        password="a-long-enough-password",
        stdout=out,
    )
    user = User.objects.get(username="kim")
    assert user.is_staff and not user.is_superuser and user.check_password("a-long-enough-password")
    assert user.staff_profile.team == team
    assert list(user.groups.values_list("name", flat=True)) == [WRITER]
    assert "kim: 자치행정과 행정팀 작성자 계정을 만들었습니다." in out.getvalue()

    # Again: another role (the old one goes), the password kept.
    call_command(
        "create_staff_user",
        "kim",
        department="자치행정과",
        team="행정팀",
        role=REVIEWER,
        stdout=io.StringIO(),
    )
    user.refresh_from_db()
    assert list(user.groups.values_list("name", flat=True)) == [REVIEWER]
    assert user.check_password("a-long-enough-password")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"team": "없는팀", "password": "a-long-enough-password"}, "그런 팀이 없습니다"),
        ({"team": "행정팀", "password": "short"}, "짧습니다"),
    ],
)
def test_create_staff_user_refuses_an_unknown_team_and_a_weak_password(options, message):
    TeamFactory(name="행정팀", department__name="자치행정과", department__slug="자치행정과")
    with pytest.raises(CommandError, match=message):
        call_command("create_staff_user", "kim", department="자치행정과", role=WRITER, **options)
    assert not User.objects.filter(username="kim").exists()


def test_demo_users_are_made_only_when_asked_with_passwords_shown_once():
    with pytest.raises(CommandError, match="make demo"):
        call_command("create_demo_users", stdout=io.StringIO())
    department = TeamFactory(
        name="행정팀", department__name="자치행정과", department__slug="자치행정과"
    ).department
    TeamFactory(name="서무팀", department=department)
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    lines = [line.split() for line in out.getvalue().splitlines()[1:]]
    assert [line[0] for line in lines] == [
        "demo-writer",
        "demo-writer2",
        "demo-reviewer",
        "demo-publisher",
        "demo-reader",
    ]
    for username, password, *_rest in lines:
        user = User.objects.get(username=username)
        assert user.check_password(password) and user.staff_profile.team.department == department
    # Asked again, new passwords: the old ones no longer work.
    old = {line[0]: line[1] for line in lines}
    call_command("create_demo_users", stdout=io.StringIO())
    assert not User.objects.get(username="demo-reader").check_password(old["demo-reader"])


def test_a_login_without_a_team_sees_nothing_and_is_told_why(world):
    user = User.objects.create_user("newcomer", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWER))
    client = login(user)
    index = client.get(reverse("admin:index")).content.decode()
    assert "소속 팀이 지정되지 않았습니다. 관리자에게 요청하십시오." in index
    changelist = client.get(reverse("admin:plans_taskcard_changelist"))
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == 0
    assert client.get(reverse("admin:plans_taskcard_add")).status_code == 403
    card = world.cards["own"]
    assert client.get(reverse("admin:plans_taskcard_change", args=[card.pk])).status_code == 404

    # Given a team, the same login works on it and the note is gone.
    StaffProfile.objects.create(user=user, team=world.teams["own"])
    client = login(User.objects.get(pk=user.pk))
    assert "소속 팀이 지정되지" not in client.get(reverse("admin:index")).content.decode()
    assert client.get(reverse("admin:plans_taskcard_changelist")).context["cl"].result_count == 2


def test_the_user_page_ties_a_login_to_its_team(admin_client, world):
    user = world.users[WRITER]
    page = admin_client.get(reverse("admin:auth_user_change", args=[user.pk]))
    assert page.status_code == 200
    assert "소속 팀" in page.content.decode()
    changelist = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "자치행정과 행정팀" in changelist and WRITER in changelist
    # Roles manage no accounts.
    for role in ROLES:
        client = login(world.users[role])
        assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
        assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_superusers_reach_everything(admin_client, world):
    page = admin_client.get(reverse("admin:plans_taskcard_changelist"))
    assert page.context["cl"].result_count == TaskCard.objects.count() == 4
