"""python manage.py requeue_publications [--booklets]

Queues again the job of every published version whose files are still being made (README: 작업
대기열). `make serve` and `make worker` run it before starting the worker, so a job lost with a
stopped worker is picked up again; a job still queued runs twice, which publishes once.

``--booklets`` also queues the session booklets of every session with a public version
(plans.workflow.booklet_jobs), whatever BOOKLET_PREBUILD says: after a deployment (the code
release is in their digest) or a job lost with its worker. A booklet kept already is skipped."""

from django.core.management.base import BaseCommand

from plans.workflow.booklet_jobs import requeue_booklets
from plans.workflow.jobs import requeue_pending


class Command(BaseCommand):
    help = "파일을 만드는 중인 게시본의 작업을 작업 대기열에 다시 넣습니다."

    def add_arguments(self, parser):
        parser.add_argument(
            "--booklets",
            action="store_true",
            help="게시본이 공개된 모든 회기의 전체 보고서(PDF·한글)를 만드는 작업도 넣습니다.",
        )

    def handle(self, *args, **options):
        pending = requeue_pending()
        self.stdout.write(f"파일을 만드는 중인 게시본 {len(pending)}개의 작업을 다시 넣었습니다.")
        if options["booklets"]:
            sessions = requeue_booklets()
            self.stdout.write(f"회기 {len(sessions)}개의 전체 보고서를 만드는 작업을 넣었습니다.")
