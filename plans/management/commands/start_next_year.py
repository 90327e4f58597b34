"""python manage.py start_next_year YEAR DEPARTMENT [--session NUMBER] [--card IV-2 …]

Opens the department's draft plan for YEAR + 1 from its published plan of YEAR, with the same
service as the admin's "다음 해 계획 시작" (plans.workflow.nextyear)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from plans.models import CouncilSession, WorkPlan
from plans.rules.korean import with_particle
from plans.workflow.nextyear import plan_start_next_year


class Command(BaseCommand):
    help = "게시된 업무계획에서 다음 해 업무계획(작성 중)을 시작합니다."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="게시된 계획의 연도, 예: 2023")
        parser.add_argument("department", help="과의 주소용 이름 또는 이름, 예: 자치행정과")
        parser.add_argument(
            "--card",
            action="append",
            dest="cards",
            metavar="IV-2",
            help="가져갈 과제 번호(여러 번 쓸 수 있음). 없으면 계속·신규 과제를 가져갑니다.",
        )
        parser.add_argument(
            "--session",
            type=int,
            help="다음 해 계획을 보고할 회기의 회차. 없으면 기관의 다음 회기를 씁니다.",
        )

    def handle(self, *args, year, department, session, cards, **options):
        plan = (
            WorkPlan.objects.filter(year=year, department__slug=department).first()
            or WorkPlan.objects.filter(year=year, department__name=department).first()
        )
        if plan is None:
            raise CommandError(f"{year}년 {department} 업무계획이 없습니다.")
        chosen = None
        if session is not None:
            organization = plan.department.organization_id
            chosen = CouncilSession.objects.filter(
                organization=organization, number=session
            ).first()
            if chosen is None:
                raise CommandError(
                    f"제{session}회 회기가 없습니다. 관리 화면에서 먼저 입력하십시오."
                )
        carry = None
        if cards:
            by_code = {card.code: card.pk for card in plan.cards.all()}
            unknown = [code for code in cards if code not in by_code]
            if unknown:
                raise CommandError(f"{year}년 계획에 없는 과제 번호입니다: {', '.join(unknown)}")
            carry = [by_code[code] for code in cards]
        try:
            result = plan_start_next_year(plan=plan, user=None, session=chosen, carry=carry)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        new = result.plan
        name = f"{new.year}년 {new.department.name} 업무계획"
        if result.created:
            self.stdout.write(f"{with_particle(name, '을', '를')} 작성 중으로 시작했습니다.")
        else:
            self.stdout.write(
                f"{with_particle(name, '이', '가')} 이미 있습니다. 새로 만들지 않았습니다."
            )
