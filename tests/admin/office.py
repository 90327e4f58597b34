"""What the front page, plan hub, ordering, reordering and 작성 완료 tests share: one department's
plan that passes the 게시 전 점검 (tests.workflow.helpers), a login per role in its first team
(and a second 작성자 in another team), another department of the same county with a plan none
of them may see, and the visible text of a page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from django.contrib.auth.models import User
from django.test import Client

from personnel.models import Team
from personnel.roles import PUBLISHER, READER, REVIEWER, WRITER
from plans.models import AchievementGroup, AchievementItem, TaskCard, WorkPlan
from tests.factories import DepartmentFactory, TaskCardFactory, TeamFactory, WorkPlanFactory
from tests.workflow.helpers import publishable_plan, staff

#: What the Content-Security-Policy refuses (as tests/security/test_headers.py checks it).
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>"
    r"|<style\b|\sstyle=|\son[a-z]+\s*=|javascript:",
    re.IGNORECASE,
)


@dataclass
class Office:
    plan: WorkPlan
    #: The department's teams in order; the logins work in teams[0].
    teams: list[Team]
    users: dict[str, User]
    #: Another department of the same county, with a plan and a card of its own.
    other_plan: WorkPlan
    other_card: TaskCard

    def client(self, who: str) -> Client:
        client = Client()
        client.force_login(self.users[who])
        return client

    def cards(self, team: Team) -> list[TaskCard]:
        return list(TaskCard.objects.filter(plan=self.plan, team=team).order_by("number"))


def build_office(*, cards: int = 3) -> Office:
    """``cards`` cards spread over three teams (card n is teams[n % 3]'s), all complete, and
    one 주요성과: the 게시 전 점검 finds nothing."""
    plan = publishable_plan(cards=cards)
    group = AchievementGroup.objects.create(plan=plan, order=1, title="지난해 성과")
    AchievementItem.objects.create(group=group, order=1, text="성과 한 줄")
    teams = list(Team.objects.filter(department=plan.department).order_by("order"))
    users = {
        role: staff(name, team=teams[0], groups=[role], full_name=f"김 {role}")
        for role, name in (
            (WRITER, "writer"),
            (REVIEWER, "reviewer"),
            (PUBLISHER, "publisher"),
            (READER, "reader"),
        )
    }
    users["writer2"] = staff("writer2", team=teams[1], groups=[WRITER], full_name="이 작성")
    users["admin"] = staff("admin", team=None, superuser=True)
    other_department = DepartmentFactory(bureau=plan.department.bureau, name="민원과")
    other_plan = WorkPlanFactory(department=other_department, session=plan.session)
    other_team = TeamFactory(department=other_department, name="민원팀")
    other_card = TaskCardFactory(
        plan=other_plan, team=other_team, number=1, title="다른 과의 과제", overview=""
    )
    return Office(plan, teams, users, other_plan, other_card)


def text_of(response) -> str:
    """Visible text of a page, tags removed, spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
