"""python manage.py import_workbook FILE [--dry-run]

Loads a whole-plan workbook (the file the plan page's '엑셀 통합문서' link gives) with the same
code as the admin's import: every bad cell is listed and nothing is written."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.exchange.workbook.reader import import_plan_workbook
from plans.history import recording


class Command(BaseCommand):
    help = "업무계획 엑셀 통합문서를 가져옵니다."

    def add_arguments(self, parser):
        parser.add_argument("file", help="가져올 .xlsx 파일")
        parser.add_argument(
            "--dry-run", action="store_true", help="저장하지 않고 무엇이 바뀌는지만 봅니다."
        )

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"파일을 읽을 수 없습니다: {path} ({error.strerror})") from error
        # No user: the change history names the command and the file instead.
        with recording(reason=f"manage.py import_workbook: {path.name}"):
            result, errors = import_plan_workbook(data, dry_run=dry_run)
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(f"고칠 곳이 {len(errors)}군데 있어 아무것도 저장하지 않았습니다.")
        prefix = "(미리보기, 저장하지 않음) " if dry_run else ""
        self.stdout.write(prefix + result.summary())
