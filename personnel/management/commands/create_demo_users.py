"""``manage.py create_demo_users``: one login per role in the demo department (자치행정과 of the
demo plan, ``make demo`` first), each with a new random password printed once, so a tester can
try the roles. Run it again to get new passwords. Nothing else creates these accounts: a
database never holds a known password."""

from __future__ import annotations

import secrets

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from personnel.models import Team
from personnel.roles import PUBLISHER, READER, REVIEWER, WRITER

DEPARTMENT = "자치행정과"
#: (user name, team, role, what the tester can try)
ACCOUNTS = (
    ("demo-writer", "행정팀", WRITER, "행정팀의 과제·예산·인력만 고칩니다"),
    ("demo-writer2", "서무팀", WRITER, "서무팀의 과제·예산·인력만 고칩니다"),
    ("demo-reviewer", "행정팀", REVIEWER, "과 전체를 고치고 검토 요청·승인합니다"),
    ("demo-publisher", "행정팀", PUBLISHER, "게시하고 게시를 철회합니다"),
    ("demo-reader", "행정팀", READER, "읽기만 합니다"),
)


class Command(BaseCommand):
    help = "시험용 역할별 계정을 데모 과(자치행정과)에 만들고 새 암호를 한 번 보여 줍니다."

    def handle(self, *args, **options):
        if not Team.objects.filter(department__slug=DEPARTMENT).exists():
            raise CommandError(f"{DEPARTMENT}가 없습니다. 먼저 make demo를 실행하십시오.")
        self.stdout.write("역할별 시험 계정 (암호는 지금 한 번만 보여 줍니다):")
        for username, team, role, what in ACCOUNTS:
            password = secrets.token_urlsafe(12)
            call_command(
                "create_staff_user",
                username,
                department=DEPARTMENT,
                team=team,
                role=role,
                password=password,
                verbosity=0,
            )
            self.stdout.write(f"  {username:<16} {password}  {team} {role}: {what}")
