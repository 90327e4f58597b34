"""plans/migrations/0006_transition_log_messages.py: the admin log entries of transitions written
before the fix (Django's structured message with the action's name and not the object's, which
broke the plan's 변경 이력 page) are rewritten in today's text, and nothing else is touched."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.test import Client
from django.urls import reverse

from plans.workflow.services import plan_return, plan_submit
from tests.workflow.helpers import publishable_plan, staff

pytestmark = pytest.mark.django_db

migration = importlib.import_module("plans.migrations.0006_transition_log_messages")


def old_entry(user, plan, name: str) -> LogEntry:
    """The entry as plans.admin.workflow wrote it before the fix."""
    return LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[plan],
        action_flag=CHANGE,
        change_message=[{"changed": {"fields": ["상태"], "name": name}}],
        single_object=True,
    )


def test_old_transition_entries_are_rewritten_and_the_history_page_opens():
    plan = publishable_plan(cards=1)
    root = staff("root", team=None, superuser=True)
    client = Client(raise_request_exception=False)
    client.force_login(root)
    history = reverse("admin:plans_workplan_history", args=[plan.pk])

    plan_submit(plan=plan, user=root)
    submitted = old_entry(root, plan, "검토 요청")
    plan_return(plan=plan, user=root, note="예산표를 고쳐 주십시오")
    returned = old_entry(root, plan, "반려")
    unmatched = old_entry(root, plan, "승인")  # no 승인 in the plan's 처리 이력
    # Django's own structured messages are left as they are.
    edited = LogEntry.objects.log_actions(
        user_id=root.pk,
        queryset=[plan],
        action_flag=CHANGE,
        change_message=[{"changed": {"fields": ["정책목표"]}}],
        single_object=True,
    )
    edited_message = edited.change_message
    assert client.get(history).status_code == 500

    migration.rewrite(apps, None)

    def message(entry: LogEntry) -> str:
        return LogEntry.objects.get(pk=entry.pk).change_message

    assert message(submitted) == "검토 요청: 작성 중 → 검토 중"
    assert message(returned) == "반려: 검토 중 → 작성 중 (의견: 예산표를 고쳐 주십시오)"
    assert message(unmatched) == "승인: 상태 변경"
    assert message(edited) == edited_message
    assert client.get(history).status_code == 200
