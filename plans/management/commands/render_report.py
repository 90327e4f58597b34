"""python manage.py render_report YEAR DEPARTMENT --format pdf|xlsx|hwpx|html -o FILE

Renders a plan from the command line with the same code as the download links."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.exchange.workbook.writer import plan_workbook
from plans.models import WorkPlan
from plans.report.context import plan_report
from plans.report.hwpx import render_layout, report_layout
from plans.report.pdf import html_to_pdf, report_html, report_pdf

FORMATS = ("pdf", "xlsx", "hwpx", "html")


class Command(BaseCommand):
    help = "업무계획 보고서를 파일로 만듭니다 (PDF, 엑셀 통합문서, 한글 파일(HWPX) 또는 HTML)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="연도, 예: 2023")
        parser.add_argument("department", help="과의 주소용 이름 또는 이름, 예: 자치행정과")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="pdf",
            help="pdf, xlsx(엑셀 통합문서), hwpx(한글 파일) 또는 html",
        )
        parser.add_argument("-o", "--output", required=True, help="만들 파일 경로")
        parser.add_argument(
            "--untagged",
            action="store_true",
            help="접근성 태그(PDF/UA-1) 없이 만듭니다. 파일이 작아집니다.",
        )

    def handle(self, *args, year, department, format, output, untagged, **options):
        plan = (
            WorkPlan.objects.filter(year=year, department__slug=department).first()
            or WorkPlan.objects.filter(year=year, department__name=department).first()
        )
        if plan is None:
            raise CommandError(f"{year}년 {department} 업무계획이 없습니다.")
        report = plan_report(plan)
        draft = not report.is_published
        if format == "xlsx":
            data = plan_workbook(plan)
        elif format == "hwpx":
            data = render_layout(report_layout(report, draft=draft))
        else:
            html = report_html(report, draft=draft)
            if format == "html":
                data = html.encode("utf-8")
            elif untagged:
                # The parts' assembly joins tagged files: the untagged one is laid out whole.
                data = html_to_pdf(html, variant=None)
            else:
                data = report_pdf(report, draft=draft)[0]
        path = Path(output)
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(f"파일을 쓸 수 없습니다: {path} ({error.strerror})") from error
        self.stdout.write(f"{path}: {plan} ({len(data):,}바이트)")
