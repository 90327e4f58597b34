"""``manage.py sync_roles``: create the role groups (작성자, 검토자, 게시관리자, 열람자) or set
their permissions to what personnel.roles says. ``migrate`` does the same after every run."""

from django.core.management.base import BaseCommand

from personnel.roles import sync_roles

OUTCOMES = {"created": "만듦", "updated": "권한을 고침", "unchanged": "그대로"}


class Command(BaseCommand):
    help = "역할 그룹(작성자, 검토자, 게시관리자, 열람자)과 그 권한을 코드에 맞춥니다."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="데이터베이스 별칭")

    def handle(self, *args, database: str, verbosity: int = 1, **options):
        outcome = sync_roles(using=database)
        if verbosity:
            for name, what in outcome.items():
                self.stdout.write(f"{name}: {OUTCOMES[what]}")
