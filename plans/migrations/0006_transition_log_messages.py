"""Admin log entries of workflow transitions written before plans.admin.log.log_transition carry
Django's structured change message with the action's name but not the object's, which the
plan's 변경 이력 page cannot print (KeyError: 'object', a 500 for everyone). Rewrite each in the
text the admin writes now ("반려: 검토 중 → 작성 중 (의견: …)"), read from the plan's 처리 이력
event it logged; without one, "<처리>: 상태 변경"."""

import json

from django.db import migrations

# The labels as the code names them at this migration (PlanAction, PlanStatus).
ACTIONS = {
    "검토 요청": "submit",
    "반려": "return",
    "승인": "approve",
    "게시": "publish",
    "게시 철회": "withdraw",
    "개정판 작성 시작": "revise",
}
STATUSES = {
    "draft": "작성 중",
    "in_review": "검토 중",
    "approved": "승인",
    "published": "게시",
    "withdrawn": "게시 철회",
}


def transition_name(change_message: str) -> str | None:
    """The action's name if ``change_message`` is the old transition entry, else None."""
    try:
        message = json.loads(change_message)
    except ValueError:
        return None
    if not (isinstance(message, list) and len(message) == 1 and isinstance(message[0], dict)):
        return None
    changed = message[0].get("changed")
    if list(message[0]) != ["changed"] or not isinstance(changed, dict):
        return None
    if sorted(changed) != ["fields", "name"] or changed["fields"] != ["상태"]:
        return None
    return changed["name"]


def rewrite(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("admin", "LogEntry")
    PlanEvent = apps.get_model("plans", "PlanEvent")
    content_type = ContentType.objects.filter(app_label="plans", model="workplan").first()
    if content_type is None:
        return
    entries = LogEntry.objects.filter(content_type=content_type, change_message__startswith="[")
    for entry in entries:
        name = transition_name(entry.change_message)
        if name is None:
            continue
        # The admin logged the transition just after the workflow recorded it.
        event = (
            PlanEvent.objects.filter(
                plan_id=entry.object_id, action=ACTIONS.get(name), at__lte=entry.action_time
            )
            .order_by("-at", "-pk")
            .first()
        )
        if event is None:
            text = f"{name}: 상태 변경"
        else:
            before = STATUSES.get(event.from_status, event.from_status)
            after = STATUSES.get(event.to_status, event.to_status)
            text = f"{name}: {before} → {after}"
            if event.note:
                text += f" (의견: {event.note})"
        entry.change_message = text
        entry.save(update_fields=["change_message"])


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("plans", "0005_report_json_only"),
    ]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
