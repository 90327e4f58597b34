"""A plan's 변경 이력 page after its workflow buttons are pressed in the admin (issue 12, defect
2): every login that may read the plan opens it, and it lists each step in the admin's log as
"처리: 이전 상태 → 바뀐 상태". The buttons are pressed by a superuser and by the role groups
(personnel.roles) through the admin's own pages, as staff press them."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from personnel.roles import PUBLISHER, READER, REVIEWER, ROLES, WRITER
from plans.models import PlanStatus, WorkPlan
from tests.workflow.helpers import publishable_plan, staff, team_of

pytestmark = pytest.mark.django_db

SUPERUSER = "superuser"

# One plan walked through every transition by the logins that may make them: (who, action,
# note, the admin log's line for it).
STEPS = [
    (SUPERUSER, "submit", "", "검토 요청: 작성 중 → 검토 중"),
    (REVIEWER, "return", "예산표를 고쳐 주십시오",
     "반려: 검토 중 → 작성 중 (의견: 예산표를 고쳐 주십시오)"),
    (REVIEWER, "submit", "고쳤습니다", "검토 요청: 작성 중 → 검토 중 (의견: 고쳤습니다)"),
    (REVIEWER, "approve", "", "승인: 검토 중 → 승인"),
    (PUBLISHER, "publish", "", "게시: 승인 → 게시"),
    (PUBLISHER, "withdraw", "집계 오류", "게시 철회: 게시 → 게시 철회 (의견: 집계 오류)"),
    (REVIEWER, "revise", "", "개정판 작성 시작: 게시 철회 → 작성 중"),
]  # fmt: skip


def logins(plan: WorkPlan) -> dict[str, User]:
    """A superuser and one login per role, all of the plan's department."""
    users = {SUPERUSER: staff("root", team=None, superuser=True)}
    for number, role in enumerate(ROLES):
        users[role] = staff(f"role{number}", team=team_of(plan), groups=[role])
    return users


def client_of(user: User) -> Client:
    # A 500 is an answer to check, not an exception to stop at: every login's page is seen.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def press(client: Client, plan: WorkPlan, action: str, note: str = ""):
    return client.post(
        reverse("admin:plans_workplan_transition", args=[plan.pk, action]), {"note": note}
    )


def history_url(plan: WorkPlan) -> str:
    return reverse("admin:plans_workplan_history", args=[plan.pk])


def admin_log(page) -> list[str]:
    """The 작업 column of the page's 관리자 화면 작업 기록 table, as a person reads it."""
    html = page.content.decode()
    table = html[html.index('id="admin-log"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>\s*<td[^>]*>.*?</td>\s*<td>.*?</td>\s*<td>(.*?)</td>", table, re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in rows]


def test_the_history_page_opens_for_everyone_after_each_button():
    plan = publishable_plan(cards=1)
    users = logins(plan)
    clients = {who: client_of(user) for who, user in users.items()}

    # The roles without workflow permissions press one anyway: refused, and nothing logged.
    for role in (WRITER, READER):
        assert press(clients[role], plan, "submit").status_code == 403
    assert WorkPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT

    seen: list[str] = []
    for who, action, note, line in STEPS:
        response = press(clients[who], plan, action, note)
        assert response.status_code == 302, (who, action, response.status_code)
        seen.insert(0, line)  # the page lists the newest first
        for reader, client in clients.items():
            page = client.get(history_url(plan))
            assert page.status_code == 200, (who, action, reader, page.status_code)
            assert admin_log(page) == seen, (who, action, reader)
    assert WorkPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
