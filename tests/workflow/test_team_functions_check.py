"""The 게시 전 점검 names a team with no 주요기능: the report's "2. 주요기능" would print the team
with nothing after it. A 확인 (warning), not an error: a team may be new this year and its
functions still being settled, and the report prints an empty cell rather than a bare ❖."""

from __future__ import annotations

import pytest

from personnel.models import Team
from plans.report.context import plan_report
from plans.workflow.checks import blocking, plan_problems
from tests.workflow.helpers import publishable_plan

pytestmark = pytest.mark.django_db


def test_a_team_without_functions_is_named_and_blocks_nothing():
    plan = publishable_plan()
    before = plan_problems(plan_report(plan))
    assert not any("주요기능" in problem.message for problem in before)
    team = Team.objects.filter(department=plan.department).order_by("order").first()
    team.functions = ""
    team.save(update_fields=["functions"])

    problems = plan_problems(plan_report(plan))
    added = [problem for problem in problems if problem not in before]
    assert [(p.where, p.message) for p in added] == [
        ("I. 일반현황", f"{team.name}의 주요기능이 없습니다.")
    ]
    assert blocking(problems) == blocking(before)
    assert added[0].url.endswith(f"/personnel/team/{team.pk}/change/")
