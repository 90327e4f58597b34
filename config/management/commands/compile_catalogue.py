"""``manage.py compile_catalogue``: compiles every .po file of LOCALE_PATHS to the .mo beside it,
in Python (config.catalogue), so that editing the project's Korean needs no GNU gettext. Run it
after editing a .po and commit both files."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from config.catalogue import catalogues, compile_file


class Command(BaseCommand):
    help = "LOCALE_PATHS의 .po 파일을 .mo 파일로 컴파일합니다(gettext 없이)."

    def handle(self, *args, **options):
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in catalogues(Path(locale_dir)):
                mo_path = po_path.with_suffix(".mo")
                compiled = compile_file(po_path)
                if mo_path.exists() and mo_path.read_bytes() == compiled:
                    continue
                mo_path.write_bytes(compiled)
                self.stdout.write(f"{mo_path} 파일을 만들었습니다.")
