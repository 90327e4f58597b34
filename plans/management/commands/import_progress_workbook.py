"""python manage.py import_progress_workbook FILE [--user NAME] [--dry-run]

Saves a period's 추진실적 workbook (the file the team screen's '엑셀 내려받기' gives) with the
same code as the screen's upload: every bad cell is listed and nothing is written. The period is
the one the file names. Without --user the command writes as the system (any team's items, no
one named as 수정한 사람); with it, as that login, within its scope."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from plans.workflow.progress import ProgressRefused
from plans.workflow.progress_workbook import import_period_workbook


class Command(BaseCommand):
    help = "추진실적 엑셀 통합문서를 가져옵니다."

    def add_arguments(self, parser):
        parser.add_argument("file", help="가져올 .xlsx 파일")
        parser.add_argument("--user", help="이 아이디로 저장합니다(그 사람이 고칠 수 있는 항목만).")
        parser.add_argument(
            "--dry-run", action="store_true", help="저장하지 않고 무엇이 바뀌는지만 봅니다."
        )

    def handle(self, *args, file, user, dry_run, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"파일을 읽을 수 없습니다: {path} ({error.strerror})") from error
        login = None
        if user:
            login = get_user_model().objects.filter(username=user).first()
            if login is None:
                raise CommandError(f"'{user}' 아이디가 없습니다.")
        try:
            period, changes = import_period_workbook(
                data=data,
                user=login,
                dry_run=dry_run,
                reason=f"manage.py import_progress_workbook: {path.name}",
            )
        except ProgressRefused as refused:
            for message in refused.messages:
                self.stderr.write(message)
            raise CommandError(
                f"고칠 곳이 {len(refused.messages)}군데 있어 아무것도 저장하지 않았습니다."
            ) from None
        prefix = "(미리보기, 저장하지 않음) " if dry_run else ""
        counts = changes.preview.counts
        self.stdout.write(
            f"{prefix}{period} 추진실적: 새로 입력 {counts['created']}건, "
            f"고침 {counts['updated']}건, 그대로 {changes.preview.unchanged}건"
        )
