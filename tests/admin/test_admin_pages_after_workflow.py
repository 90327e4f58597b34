"""Every admin page opens for every login after each workflow step (issue 12, defect 2: the log
entry of a transition broke the plan's 변경 이력 page for everyone). The admin test world's plan
is walked through 검토 요청, 승인, 게시, 게시 철회 and 개정판 작성 시작 by pressing the buttons in
the admin; after each step a superuser and a login of each role (personnel.roles) open the
admin index and, for every registered model, its changelist, add form, change form, change
history and delete confirmation.

A page answers 200 where the model's admin says the login may use it on that row, and
refuses (403, or 404/302 for a row out of reach) where it says not; never 500. Which role may
do what is tested against a table of its own in tests/roles/test_matrix.py; here the point is
that no page breaks, whatever the plan's status."""

from __future__ import annotations

import logging

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from personnel.models import Officer
from personnel.roles import PUBLISHER, REVIEWER, ROLES
from plans.models import CardContact, PlanStatus, Section, WorkPlan
from tests.admin.test_admin_pages import MODELS, url
from tests.workflow.helpers import staff

pytestmark = pytest.mark.django_db

SUPERUSER = "superuser"
PAGES = ("changelist", "add", "change", "history", "delete")
REFUSED = (302, 403, 404)

# The workflow walked in the admin, each step by the role that makes it, and the plan's status
# after it.
STEPS = [
    ("submit", REVIEWER, PlanStatus.IN_REVIEW),
    ("approve", REVIEWER, PlanStatus.APPROVED),
    ("publish", PUBLISHER, PlanStatus.PUBLISHED),
    ("withdraw", PUBLISHER, PlanStatus.WITHDRAWN),
    ("revise", REVIEWER, PlanStatus.DRAFT),
]
NOTES = {"withdraw": "집계 오류로 철회합니다"}


def logins(world) -> dict[str, User]:
    """A superuser and a login per role of the world's department (its 행정팀)."""
    users = {SUPERUSER: staff("root", team=None, superuser=True)}
    for number, role in enumerate(ROLES):
        users[role] = staff(f"role{number}", team=world.teams["행정팀"], groups=[role])
    return users


def publishable(world) -> WorkPlan:
    """The world's plan with what the 게시 전 점검 asks of it: chapter IV numbered from 1 and
    the 특수시책 card with an 개요 and a 담당자."""
    world.card.number = 1
    world.card.save()
    special = world.plan.cards.get(section=Section.SPECIAL)
    special.overview = "우편물 발송 일원화"
    special.save()
    officer = Officer.objects.filter(team=special.team).first() or Officer.objects.create(
        team=special.team, position="행정7급", name="우편담당", phone="871-3170"
    )
    CardContact.objects.create(card=special, order=1, officer=officer)
    return WorkPlan.objects.get(pk=world.plan.pk)


def press(client: Client, plan: WorkPlan, action: str) -> None:
    response = client.post(
        reverse("admin:plans_workplan_transition", args=[plan.pk, action]),
        {"note": NOTES.get(action, "")},
    )
    assert response.status_code == 302, (action, response.status_code)


def expected(model_admin, request, page: str, obj) -> bool:
    """Whether the model's admin lets the request's user use ``page`` (on ``obj``)."""
    if page == "changelist":
        return model_admin.has_view_or_change_permission(request)
    if page == "add":
        return model_admin.has_add_permission(request)
    if not model_admin.get_queryset(request).filter(pk=obj.pk).exists():
        return False
    if page == "change":
        return model_admin.has_view_or_change_permission(request, obj)
    if page == "history":
        check = getattr(
            model_admin,
            "has_view_history_or_change_history_permission",
            model_admin.has_view_or_change_permission,
        )
        return check(request, obj)
    return model_admin.has_delete_permission(request, obj)


def page_problems(who: str, client: Client) -> list[str]:
    """Every page of every registered model as ``who`` opens it, against what its admin
    allows; the problems found, each naming the page."""
    problems = []
    index = client.get(reverse("admin:index"))
    if index.status_code != 200:
        problems.append(f"{who} admin index: {index.status_code}")
    request = index.wsgi_request
    for model in MODELS:
        model_admin = admin.site._registry[model]
        obj = model._default_manager.first()  # as it is now, after the step
        assert obj is not None, f"the test world has no {model._meta.label}"
        for page in PAGES:
            address = url(model, page, *(() if page in ("changelist", "add") else [quote(obj.pk)]))
            status = client.get(address).status_code
            allowed = expected(model_admin, request, page, obj)
            if (allowed and status != 200) or (not allowed and status not in REFUSED):
                verdict = "allowed" if allowed else "refused"
                problems.append(f"{who} {model._meta.label} {page}: {status}, {verdict}")
    return problems


@pytest.mark.parametrize("steps", range(1, len(STEPS) + 1), ids=[s[0] for s in STEPS])
def test_every_admin_page_opens_for_every_login_after_the_step(world, steps, caplog):
    # The refusals expected here are many; only a server error is worth a log record.
    caplog.set_level(logging.ERROR, logger="django.request")
    plan = publishable(world)
    users = logins(world)
    clients = {}
    for who, user in users.items():
        # A 500 is an answer to report, not an exception to stop at: every page is seen.
        clients[who] = Client(raise_request_exception=False)
        clients[who].force_login(user)

    for action, role, status in STEPS[:steps]:
        press(clients[role], plan, action)
        assert WorkPlan.objects.get(pk=plan.pk).status == status

    problems = [problem for who in users for problem in page_problems(who, clients[who])]
    assert not problems, "\n".join(problems)
