"""One writer per record (README: Review and publishing): a plan's 처리 이력 row (``PlanEvent``) is
built only by plans.workflow.events.plan_event_record, a 추진실적 period's (``PeriodEvent``) only by
plans.workflow.progress_review, both through ``event_record``, and the admin's log entries for the
portal's own pages (``LogEntry``; a transition's among them) only by plans.admin.log. A second
place building either would be free to fill it differently, which is how a transition's log
entry came to break the 변경 이력 page. Read from the source with ``ast``, as
tests/layout/test_imports.py reads the import graph."""

from __future__ import annotations

import ast

from tests.layout.test_imports import MODULES

# A manager's or related manager's methods that create rows.
CREATING = {"create", "bulk_create", "get_or_create", "update_or_create"}
# LogEntry's manager methods that write an entry.
LOGGING = {"log_action", "log_actions"}


def _chain(node: ast.AST) -> list[str]:
    """``PlanEvent.objects.create`` → ["PlanEvent", "objects", "create"]."""
    names: list[str] = []
    while isinstance(node, ast.Attribute):
        names.insert(0, node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        names.insert(0, node.id)
    return names


def writers(model: str, methods: set[str], related_name: str | None = None) -> set[str]:
    """The application modules that build ``model`` rows: ``Model(...)``, ``Model.objects.<a
    method>(...)``, ``<obj>.<related_name>.<a method>(...)``, or the log rows' builder
    ``event_record(Model, ...)``."""
    found = set()
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            chain = _chain(node.func)
            if (
                chain == [model]
                or (len(chain) >= 3 and chain[-3:-1] == [model, "objects"] and chain[-1] in methods)
                or (related_name and chain[-2:-1] == [related_name] and chain[-1] in methods)
                or (chain[-1:] == ["event_record"] and _names_first(node, model))
            ):
                found.add(name)
    return found


def _names_first(call: ast.Call, model: str) -> bool:
    return bool(call.args) and isinstance(call.args[0], ast.Name) and call.args[0].id == model


def test_plan_events_are_built_in_one_place():
    assert writers("PlanEvent", CREATING, related_name="events") == {"plans.workflow.events"}


def test_period_events_are_built_in_one_place():
    assert writers("PeriodEvent", CREATING, related_name="events") == {
        "plans.workflow.progress_review"
    }


def test_the_search_finds_a_row_built_through_the_log_builder(tmp_path, monkeypatch):
    module = tmp_path / "elsewhere.py"
    module.write_text("def note(plan):\n    event_record(PlanEvent, plan=plan, user=None)\n")
    monkeypatch.setitem(MODULES, "plans.elsewhere", module)
    assert writers("PlanEvent", CREATING) == {"plans.workflow.events", "plans.elsewhere"}


def test_admin_log_entries_are_written_in_one_place():
    assert writers("LogEntry", CREATING | LOGGING) == {"plans.admin.log"}


def test_the_search_finds_a_second_writer(tmp_path, monkeypatch):
    """The check itself: a module creating an event through the plan's related manager."""
    module = tmp_path / "elsewhere.py"
    module.write_text("def note(plan):\n    plan.events.create(action='submit')\n")
    monkeypatch.setitem(MODULES, "plans.elsewhere", module)
    assert writers("PlanEvent", CREATING, related_name="events") == {
        "plans.workflow.events",
        "plans.elsewhere",
    }
