"""python manage.py requeue_publications

Queues again the job of every published version whose files are still being made (README: 작업
대기열). `make serve` and `make worker` run it before starting the worker, so a job lost with a
stopped worker is picked up again; a job still queued runs twice, which publishes once."""

from django.core.management.base import BaseCommand

from plans.workflow.jobs import requeue_pending


class Command(BaseCommand):
    help = "파일을 만드는 중인 게시본의 작업을 작업 대기열에 다시 넣습니다."

    def handle(self, *args, **options):
        pending = requeue_pending()
        self.stdout.write(f"파일을 만드는 중인 게시본 {len(pending)}개의 작업을 다시 넣었습니다.")
