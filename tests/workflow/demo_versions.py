"""The demo plan published beside a published plan of the year before, so that its comparison
with last year has something in every part: staffing per team (one team without a 2022 row),
cards new and continued (one title matching only once spaces and punctuation are ignored) and
a card that ended.

The format-1 fixture of tests/workflow/fixtures/format1/ was frozen from exactly this, and
tests/workflow/test_report_format.py rebuilds it to read that fixture back: change nothing here
that the fixture's pages print."""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml
from django.conf import settings

from personnel.models import Grade, StaffingCount, Team
from plans.exchange.documents import load_plan_document
from plans.models import CouncilSession, PlanStatus, SessionKind, TaskCard, WorkPlan
from tests.publishing import publish_now

DEMO = Path(settings.DEMO_DATA_DIR) / "demo" / "eumseong-2023-jachihaengjeong.yaml"
YEAR, SLUG = 2023, "자치행정과"
# When the demo's version is said to be published (the pages print it): 2023. 2. 16. 09:00 in
# Korea, as the demo document says.
PUBLISHED_AT = datetime.datetime(2023, 2, 16, 0, 0, tzinfo=datetime.UTC)

# Last year's cards: the first continues under a title written with other spaces and dots,
# the second continues as is, the third ended.
LAST_YEARS_TITLES = ("주민자치회 전면실시", "고향사랑기부제 추진", "지난해에 끝난 과제")
# Last year's staffing: 서무팀 and 군민소통팀 only, so one team has no row to compare with.
LAST_YEARS_STAFFING = {
    "서무팀": (("일반직 6급", 1), ("일반직 7급", 4)),
    "군민소통팀": (("일반직 6급", 2),),
}


def load_demo_plan() -> WorkPlan:
    """The demo plan as its document has it, not yet published."""
    load_plan_document(yaml.safe_load(DEMO.read_text(encoding="utf-8")))
    return WorkPlan.objects.get(year=YEAR, department__slug=SLUG)


def publish_last_years_plan(plan: WorkPlan) -> WorkPlan:
    """A published 2022 plan of the demo plan's department, with 2022 staffing."""
    session = CouncilSession.objects.create(
        organization=plan.session.organization,
        number=340,
        kind=SessionKind.REGULAR,
        start_date=datetime.date(2022, 2, 14),
        end_date=datetime.date(2022, 2, 21),
    )
    last_year = WorkPlan.objects.create(
        department=plan.department,
        year=YEAR - 1,
        session=session,
        status=PlanStatus.PUBLISHED,
        published_at=PUBLISHED_AT.replace(year=YEAR - 1),
    )
    team = Team.objects.get(department=plan.department, name="행정팀")
    for number, title in enumerate(LAST_YEARS_TITLES, start=1):
        TaskCard.objects.create(plan=last_year, number=number, title=title, team=team)
    grades = {str(grade): grade for grade in Grade.objects.all()}
    for team_name, counts in LAST_YEARS_STAFFING.items():
        team = Team.objects.get(department=plan.department, name=team_name)
        for grade, current in counts:
            StaffingCount.objects.create(
                team=team, grade=grades[grade], year=YEAR - 1, authorized=current, current=current
            )
    publish_now(last_year)
    return last_year


def publish_demo_plan():
    """The demo plan published after last year's, as version 1 published at PUBLISHED_AT."""
    plan = load_demo_plan()
    publish_last_years_plan(plan)
    version = publish_now(WorkPlan.objects.get(pk=plan.pk))
    type(version).objects.filter(pk=version.pk).update(published_at=PUBLISHED_AT)
    return WorkPlan.objects.get(pk=plan.pk), type(version).objects.get(pk=version.pk)
