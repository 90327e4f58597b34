"""``manage.py load_demo [PATH …]``: load work plan documents (YAML) into the database.

Without paths it loads every ``*.yaml`` in ``settings.DEMO_DATA_DIR / "demo"``, then the
추진실적 documents in its ``progress/`` folder (``kind: progress``; they report on the published
plans, so they come after them; plans.workflow.progress_document). Loading is idempotent: a
second run reports that nothing changed.
"""

from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from plans.exchange.documents import load_plan_document
from plans.history import recording
from plans.workflow.progress_document import load_progress_document
from plans.workflow.services import plan_record_publication


class Command(BaseCommand):
    help = "업무계획 문서(YAML)를 읽어 데이터베이스에 반영합니다. 여러 번 실행해도 결과가 같습니다."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            type=Path,
            help="읽을 YAML 파일. 생략하면 DEMO_DATA_DIR/demo/*.yaml 전부를 읽습니다.",
        )

    def handle(self, *args, paths: list[Path], verbosity: int = 1, **options):
        if not paths:
            directory = Path(settings.DEMO_DATA_DIR) / "demo"
            paths = sorted(directory.glob("*.yaml")) + sorted(
                (directory / "progress").glob("*.yaml")
            )
            if not paths:
                raise CommandError(f"{directory}에 읽을 YAML 파일이 없습니다.")
        for path in paths:
            document = self.read(path)
            if document.get("kind") == "progress":
                self.load_progress(path, document, verbosity)
                continue
            try:
                # No user: the change history names the command and the file instead.
                with recording(reason=f"manage.py load_demo: {path.name}"):
                    result = load_plan_document(document)
            except ValidationError as error:
                details = "\n".join(f"  {message}" for message in error.messages)
                raise CommandError(f"{path.name}: 읽지 못했습니다.\n{details}") from error
            if verbosity:
                self.stdout.write(f"{path.name}: {result.summary()}")
            # A document that says "published" is published as the admin would: frozen into a
            # version (with its PDF) unless the public version already has this content.
            version = plan_record_publication(
                plan=result.plan, actor_name=f"load_demo ({path.name})"
            )
            if version is not None and verbosity:
                published = f"{version.label} 제{version.number}판을 게시했습니다."
                self.stdout.write(f"{path.name}: {published}")

    def load_progress(self, path: Path, document: dict, verbosity: int) -> None:
        try:
            result = load_progress_document(document, reason=f"manage.py load_demo: {path.name}")
        except ValidationError as error:
            details = "\n".join(f"  {message}" for message in error.messages)
            raise CommandError(f"{path.name}: 읽지 못했습니다.\n{details}") from error
        if verbosity:
            self.stdout.write(f"{path.name}: {result.summary()}")

    @staticmethod
    def read(path: Path) -> dict:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{path}: 파일을 읽을 수 없습니다({error.strerror}).") from error
        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise CommandError(f"{path.name}: YAML 형식이 잘못되었습니다.\n{error}") from error
        if not isinstance(document, dict):
            raise CommandError(f"{path.name}: 업무계획 문서(이름: 값 묶음)가 아닙니다.")
        return document
