"""``manage.py create_staff_user USERNAME --department 자치행정과 --team 행정팀 --role 작성자``:
a staff login tied to its team with one role (personnel.roles), as a superuser would make it
on the user page. The password is asked for (twice), or given with ``--password`` for scripts;
it is checked by the password validators. Running it again for the same user name changes the
team and role (and the password, if one is given)."""

from __future__ import annotations

import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from personnel.models import StaffProfile, Team
from personnel.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = "팀에 소속된 직원 계정을 역할(작성자, 검토자, 게시관리자, 열람자)과 함께 만듭니다."

    def add_arguments(self, parser):
        parser.add_argument("username", help="로그인 이름")
        parser.add_argument("--department", required=True, help="과 이름 또는 주소용 이름")
        parser.add_argument("--team", required=True, help="팀 이름, 예: 행정팀")
        parser.add_argument("--role", required=True, choices=ROLES, help="역할")
        parser.add_argument("--password", help="암호 (생략하면 물어봅니다)")
        parser.add_argument("--name", default="", help="표시할 이름 (성명)")

    def handle(
        self, *args, username, department, team, role, password, name, verbosity=1, **options
    ):
        teams = Team.objects.filter(
            Q(department__name=department) | Q(department__slug=department), name=team
        ).select_related("department")
        if not teams:
            raise CommandError(f"{department} {team}: 그런 팀이 없습니다.")
        if len(teams) > 1:
            raise CommandError(f"{department} {team}: 같은 이름의 팀이 여럿입니다.")
        team_obj = teams[0]
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None and password is None:
            password = self.ask_password()
        if password is not None:
            try:
                validate_password(password, user or User(username=username))
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        sync_roles()
        with transaction.atomic():
            created = user is None
            if created:
                user = User(username=username)
            user.is_staff = True
            if name:
                user.first_name = name
            if password is not None:
                user.set_password(password)
            user.save()
            StaffProfile.objects.update_or_create(user=user, defaults={"team": team_obj})
            others = user.groups.filter(name__in=ROLES).exclude(name=role)
            user.groups.remove(*others)
            user.groups.add(Group.objects.get(name=role))
        if verbosity:
            what = "만들었습니다" if created else "고쳤습니다"
            self.stdout.write(f"{username}: {team_obj} {role} 계정을 {what}.")

    def ask_password(self) -> str:
        first = getpass.getpass("암호: ")
        if first != getpass.getpass("암호 확인: "):
            raise CommandError("두 암호가 다릅니다.")
        return first
