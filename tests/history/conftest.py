"""The people of the roles (personnel.roles) who use the history: a 검토자 who may revert, and
a 작성자 of the card's team who may change it but not revert. The world is the admin tests'
(tests/conftest.py)."""

import pytest
from django.contrib.auth.models import Group, Permission, User

from personnel.models import StaffProfile, Team
from personnel.roles import REVIEWER, WRITER


def staff(username: str, *, team: Team | None, roles=(), perms=()) -> User:
    """A staff login working in ``team`` (none: it reaches no rows), with the groups of
    ``roles`` and the extra permissions ``perms`` ("app.codename")."""
    user = User.objects.create_user(username, password="x", is_staff=True, first_name=username)
    if team is not None:
        StaffProfile.objects.create(user=user, team=team)
    user.groups.add(*Group.objects.filter(name__in=roles))
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return User.objects.get(pk=user.pk)  # no cached permissions


@pytest.fixture
def reviewer(client, world):
    """Logged in as a 검토자 of the card's department: changes its cards, and may revert."""
    client.force_login(staff("검토자", team=world.teams["행정팀"], roles=[REVIEWER]))
    return client


@pytest.fixture
def clerk(client, world):
    """Logged in as a 작성자 of the card's team: changes the card, but may not revert."""
    client.force_login(staff("작성자", team=world.card.team, roles=[WRITER]))
    return client
