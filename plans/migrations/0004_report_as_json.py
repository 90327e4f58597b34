"""Published versions keep their report context as plain JSON (format 2) instead of a pickle
of the context with model instances in it (format 1): see plans.workflow.freezing.

This migration adds the JSON column and re-freezes every format-1 version into it, reading
each pickle once; 0005 then drops the pickle column. Only the portal's own code ever wrote
those bytes into its own database, which is what makes reading them this once acceptable.

The pickles are read without the classes they name. Their report dataclasses, models and
Django's query objects are rebuilt as `Pickled` stand-ins holding the class's name and the
state the pickle gave it, so what this migration reads does not depend on the code or the
Django release it runs with, and nothing in a pickle can run code of the project or of Django
(only the few standard-library types of the allowlist are made for real). The stand-ins are
then written as format 2 as it stood when this migration was written: the same keys as
plans.report.codec writes for the dataclasses of plans.report.context, the model instances
replaced by the records built there (tests/workflow/test_report_format.py holds the two to
be the same for the demo plan). A pickle that cannot be read or is not of the shape expected
stops the migration, naming the version, and nothing is changed."""

import collections
import copyreg
import datetime
import decimal
import io
import pickle
import zoneinfo
from functools import cache

from django.db import migrations, models

FORMAT_PICKLE, FORMAT_JSON = 1, 2
# plans.models.SessionKind as it stood: the session's printed name is made from its label.
SESSION_KINDS = {"extraordinary": "임시회", "regular": "정례회"}
# The standard-library objects a pickle of the report holds, made for real.
REAL = {
    ("builtins", "set"): set,
    ("builtins", "frozenset"): frozenset,
    ("builtins", "bytearray"): bytearray,
    ("builtins", "object"): object,
    ("copyreg", "__newobj__"): copyreg.__newobj__,
    ("copyreg", "__newobj_ex__"): copyreg.__newobj_ex__,
    ("copyreg", "_reconstructor"): copyreg._reconstructor,
    ("collections", "OrderedDict"): collections.OrderedDict,
    ("collections", "defaultdict"): collections.defaultdict,
    ("datetime", "date"): datetime.date,
    ("datetime", "datetime"): datetime.datetime,
    ("datetime", "time"): datetime.time,
    ("datetime", "timedelta"): datetime.timedelta,
    ("datetime", "timezone"): datetime.timezone,
    ("decimal", "Decimal"): decimal.Decimal,
    ("zoneinfo", "ZoneInfo._unpickle"): zoneinfo.ZoneInfo._unpickle,
}


class Pickled:
    """An object of a format-1 pickle, not made: the name of its class (``origin``), the
    arguments it was made with (an enum member's value) and the state it was given."""

    origin = ""

    def __new__(cls, *args, **kwargs):
        made = super().__new__(cls)
        made.args, made.state = args, {}
        return made

    def __init__(self, *args, **kwargs):
        pass

    def __setstate__(self, state):
        if (
            isinstance(state, tuple)
            and len(state) == 2
            and all(part is None or isinstance(part, dict) for part in state)
        ):
            state = {**(state[0] or {}), **(state[1] or {})}  # (__dict__, __slots__)
        self.state = state

    def __repr__(self):
        return f"<{self.origin}>"


class PickledModel(Pickled):
    """A model instance of a format-1 pickle: ``origin`` is its app label and model name."""


@cache
def stand_in(origin: str, base=Pickled) -> type:
    return type(origin.rsplit(".", 1)[-1], (base,), {"origin": origin})


def model_unpickle(model_id):
    """What Django's model_unpickle did: an empty instance of the model named, to be given its
    state. Here a stand-in of it."""
    app_label, model_name = model_id
    return stand_in(f"{app_label}.{model_name}", PickledModel)()


class StandInUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) in REAL:
            return REAL[(module, name)]
        if (module, name) == ("django.db.models.base", "model_unpickle"):
            return model_unpickle
        return stand_in(f"{module}.{name}")


class NotFormatOne(ValueError):
    """A pickle that is not of the shape format 1 had."""


def _of(value, origin: str) -> dict:
    if not isinstance(value, Pickled) or value.origin != origin:
        raise NotFormatOne(f"{origin}이어야 할 자리에 {value!r}")
    return value.state


def _related(model: dict, name: str) -> dict:
    """A related row loaded with ``model`` (select_related), by the field's name."""
    return model["_state"].state["fields_cache"][name]


def _prefetched(model: dict, name: str) -> list:
    """The rows of a prefetched relation of ``model``."""
    return model["_prefetched_objects_cache"][name].state["_result_cache"]


# The format-1 dataclasses whose fields format 2 keeps as they were, and the choices whose
# members stood in them (a member becomes its value).
SAME_SHAPE = {
    f"plans.report.context.{name}"
    for name in (
        "StaffingTable",
        "StaffingColumn",
        "StaffingRow",
        "BudgetTable",
        "BudgetRow",
        "FundingTable",
        "FundingTableRow",
        "AchievementSection",
        "FactView",
    )
} | {
    "plans.rules.figures.Change",
    "plans.rules.outline.OutlineNode",
    "plans.report.comparison.TeamDelta",
}
CHOICES = {"personnel.models.GradeCategory"}


def _plain(value):
    """A value of a format-1 report that format 2 keeps as it was, as JSON values."""
    if value is None or type(value) in (str, int, bool):
        return value
    if type(value) is decimal.Decimal:
        return str(value)
    if type(value) is datetime.date:
        return value.isoformat()
    if type(value) in (list, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Pickled) and value.origin in CHOICES and len(value.args) == 1:
        return _plain(value.args[0])
    if isinstance(value, Pickled) and value.origin in SAME_SHAPE and isinstance(value.state, dict):
        return {name: _plain(item) for name, item in value.state.items()}
    raise NotFormatOne(f"알 수 없는 값: {value!r}")


def _session(session: dict) -> dict:
    label = SESSION_KINDS[session["kind"]]
    return {
        "number": session["number"],
        "kind_label": label,
        "start_date": session["start_date"].isoformat(),
        "end_date": session["end_date"].isoformat(),
        "name": f"제{session['number']}회 {label}",  # CouncilSession.__str__
    }


def _team(team) -> dict:
    team = _of(team, "personnel.Team")
    return {
        "pk": team["id"],
        "name": team["name"],
        "functions": team["functions"],
        "order": team["order"],
    }


def _card(card: dict) -> dict:
    team = _of(_related(card, "team"), "personnel.Team")
    department = _of(_related(team, "department"), "personnel.Department")
    return {
        "pk": card["id"],
        "section": card["section"],
        "number": card["number"],
        "title": card["title"],
        "facts_title": card["facts_title"],
        "team_id": card["team_id"],
        "team_name": team["name"],
        "team_is_active": team["is_active"],
        "department_name": department["name"],
        "is_continuing": card["is_continuing"],
        "is_new": card["is_new"],
        "is_pending_issue": card["is_pending_issue"],
    }


def _officer(officer) -> dict:
    officer = _of(officer, "personnel.Officer")
    team = _of(_related(officer, "team"), "personnel.Team")
    return {
        "position": officer["position"],
        "name": officer["name"],
        "phone": officer["phone"],
        "team_name": team["name"],
        "is_active": officer["is_active"],
    }


def _plan_item_view(view) -> dict:
    view = _of(view, "plans.report.context.PlanItemView")
    item = _of(view["item"], "plans.PlanItem")
    return {
        "item": {"text": item["text"], "schedule": item["schedule"], "target": item["target"]},
        "details": _plain(view["details"]),
        "data_block": view["data_block"],
        "housing": _plain(view["housing"]),
        "steps": _plain(view["steps"]),
    }


def _funding(funding, card: dict):
    if funding is None:
        return None
    table = _plain(funding)
    rows = [_of(row, "budget.FundingRow") for row in _prefetched(card, "funding_rows")]
    table["total_thousand_won"] = sum(
        row[name] or 0 for row in rows for name in ("prior_years", "current_year", "later_years")
    )
    return table


def _card_view(view) -> dict:
    view = _of(view, "plans.report.context.CardView")
    card = _of(view["card"], "plans.TaskCard")
    progress = [_of(item, "plans.ProgressItem") for item in view["progress"]]
    return {
        "card": _card(card),
        "anchor": view["anchor"],
        "code": view["code"],
        "kinds": _plain(view["kinds"]),
        "overview": _plain(view["overview"]),
        "facts": _plain(view["facts"]),
        "policies": _plain(view["policies"]),
        "progress": [{"text": item["text"], "schedule": item["schedule"]} for item in progress],
        "plan_items": [_plan_item_view(item) for item in view["plan_items"]],
        "funding": _funding(view["funding"], card),
        "effects": _plain(view["effects"]),
        "contacts": [_officer(officer) for officer in view["contacts"]],
    }


def _card_link(view) -> dict:
    view = _of(view, "plans.report.context.CardView")
    return {
        "code": view["code"],
        "anchor": view["anchor"],
        "title": _of(view["card"], "plans.TaskCard")["title"],
    }


def _report(report) -> dict:
    report = _of(report, "plans.report.context.PlanReport")
    plan = _of(report["plan"], "plans.WorkPlan")
    department = _of(report["department"], "personnel.Department")
    return {
        "plan": {"year": plan["year"], "policy_goal": plan["policy_goal"]},
        "organization": {"name": _of(report["organization"], "personnel.Organization")["name"]},
        "bureau": {"name": _of(report["bureau"], "personnel.Bureau")["name"]},
        "department": {
            "pk": department["id"],
            "name": department["name"],
            "slug": department["slug"],
        },
        "session": _session(_of(report["session"], "plans.CouncilSession")),
        "is_published": report["is_published"],
        "org_summary": report["org_summary"],
        "staffing": _plain(report["staffing"]),
        "teams": [_team(team) for team in report["teams"]],
        "budget": _plain(report["budget"]),
        "achievements": _plain(report["achievements"]),
        "directions": _plain(report["directions"]),
        "key_tasks": _plain(report["key_tasks"]),
        "main_cards": [_card_view(view) for view in report["main_cards"]],
        "special_cards": [_card_view(view) for view in report["special_cards"]],
    }


def _comparison(comparison) -> dict:
    comparison = _of(comparison, "plans.report.comparison.Comparison")
    previous = comparison["previous_version"]  # loaded with its pk only
    previous_pk = None if previous is None else _of(previous, "plans.PublishedVersion")["id"]
    return {
        "previous_year": comparison["previous_year"],
        "previous_version_pk": previous_pk,
        "staffing": _plain(comparison["staffing"]),
        "staffing_total": _plain(comparison["staffing_total"]),
        "new_cards": [_card_link(view) for view in comparison["new_cards"]],
        "continued_cards": [_card_link(view) for view in comparison["continued_cards"]],
        "dropped_titles": _plain(comparison["dropped_titles"]),
    }


def format2_from_pickle(data: bytes) -> dict:
    """The format-2 JSON of a format-1 version's stored report."""
    frozen = _of(StandInUnpickler(io.BytesIO(data)).load(), "plans.workflow.freezing.FrozenReport")
    return {
        "format": FORMAT_JSON,
        "report": _report(frozen["report"]),
        "comparison": _comparison(frozen["comparison"]),
    }


def refreeze_as_json(apps, schema_editor):
    PublishedVersion = apps.get_model("plans", "PublishedVersion")
    versions = PublishedVersion.objects.filter(report_format=FORMAT_PICKLE).only("pk", "report")
    for version in versions.iterator(chunk_size=20):
        try:
            report = format2_from_pickle(bytes(version.report))
        except Exception as error:
            raise RuntimeError(
                f"게시본 {version.pk}의 보고서 내용(형식 {FORMAT_PICKLE})을 읽지 못해 "
                f"형식 {FORMAT_JSON}로 바꾸지 못했습니다: {error!r}"
            ) from error
        PublishedVersion.objects.filter(pk=version.pk).update(
            report_json=report, report_format=FORMAT_JSON
        )
    others = PublishedVersion.objects.exclude(report_format=FORMAT_JSON)
    if others.exists():
        formats = sorted(set(others.values_list("report_format", flat=True)))
        raise RuntimeError(
            f"이 마이그레이션이 모르는 보고서 내용 형식의 게시본이 있습니다: {formats}"
        )


def refuse_to_go_back(apps, schema_editor):
    """Format 1 was a pickle only the old code could write: a version cannot go back to it."""
    if apps.get_model("plans", "PublishedVersion").objects.exists():
        raise RuntimeError(
            "게시본의 보고서 내용을 형식 1(pickle)로 되돌릴 수 없습니다. 게시본이 있는 "
            "데이터베이스는 이 마이그레이션 앞으로 되돌릴 수 없습니다."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="publishedversion",
            name="report_json",
            field=models.JSONField(null=True, verbose_name="보고서 내용"),
        ),
        migrations.RunPython(refreeze_as_json, refuse_to_go_back),
    ]
