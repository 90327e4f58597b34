"""A published version keeps its report context as plain, versioned JSON
(plans.workflow.freezing, plans.report.codec): it reads back equal to what was frozen; a
version frozen as a pickle (format 1) is rewritten by migration 0004 and prints exactly what it
printed before; and a version whose report cannot be read answers 503 with its stored files,
never 500."""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from plans.models import PublishedVersion
from plans.public.caching import recent_pages
from plans.report.codec import ShapeError, to_json
from plans.report.context import plan_report
from plans.report.pdf import report_html
from plans.workflow import freezing
from tests.publishing import build_plan
from tests.workflow.demo_versions import SLUG, YEAR, publish_demo_plan

pytestmark = pytest.mark.django_db

FORMAT1 = Path(__file__).with_name("fixtures") / "format1"
MIGRATION = importlib.import_module("plans.migrations.0004_report_as_json")
# What a record keeps of the rows it was read from: their keys, which differ between the
# database the fixture was frozen in and the test's (PostgreSQL does not reuse a rolled-back id).
ROW_KEYS = {"pk", "team_id", "previous_version_pk", "grade_ids"}
PLAIN_LEAVES = (str, int, bool, Decimal, datetime.date, type(None))


def forget_everything_cached() -> None:
    caches["default"].clear()
    recent_pages.clear()
    freezing.forget_frozen_reports()


def without_row_keys(value):
    if isinstance(value, dict):
        return {key: without_row_keys(item) for key, item in value.items() if key not in ROW_KEYS}
    if isinstance(value, list):
        return [without_row_keys(item) for item in value]
    return value


def leaves_of(value, where="report"):
    """Every value inside ``value`` with where it is, checking that each dataclass on the way
    is frozen."""
    if dataclasses.is_dataclass(value):
        assert type(value).__dataclass_params__.frozen, where
        for field in dataclasses.fields(value):
            yield from leaves_of(getattr(value, field.name), f"{where}.{field.name}")
    elif type(value) in (list, tuple):
        for index, item in enumerate(value):
            yield from leaves_of(item, f"{where}[{index}]")
    else:
        yield where, value


# ---------------------------------------------------------------------------------------------
# Plain data, and its JSON round trip


def test_the_report_context_is_frozen_dataclasses_of_plain_values():
    plan, _ = publish_demo_plan()
    frozen = freezing.freeze(plan)
    leaves = list(leaves_of(frozen))
    assert len(leaves) > 1_000
    wrong = [(where, type(value)) for where, value in leaves if type(value) not in PLAIN_LEAVES]
    assert wrong == []
    # Rows enter as records of what is printed: nothing of the model is left in them.
    assert frozen.report.cards[0].card.team_name == "행정팀"
    assert str(frozen.report.session) == "제353회 임시회"


def test_a_frozen_report_reads_back_equal_from_its_json():
    plan, version = publish_demo_plan()
    frozen = freezing.freeze(plan)
    data = freezing.dump_frozen(frozen)
    assert data["format"] == freezing.REPORT_FORMAT == 2
    read = freezing.load_frozen(json.loads(json.dumps(data)))
    assert read == frozen
    assert to_json(read) == to_json(frozen)  # outline line numbers too, which == ignores

    # The version stores the same JSON, and its pages read it back through the database.
    stored = PublishedVersion.objects.values_list("report", "report_format").get(pk=version.pk)
    assert stored == (data, 2)
    assert freezing.frozen_report(PublishedVersion.objects.get(pk=version.pk)) == frozen


def test_reading_refuses_data_of_another_shape():
    plan = build_plan(cards=1)
    data = json.loads(json.dumps(freezing.dump_frozen(freezing.freeze(plan))))
    cases = {
        "another format": {**data, "format": 3},
        "no format": {name: value for name, value in data.items() if name != "format"},
        "not an object": [data],
        "a field missing": {
            **data,
            "report": {name: value for name, value in data["report"].items() if name != "teams"},
        },
        "a field too many": {**data, "comparison": {**data["comparison"], "extra": 1}},
        "text for a number": {
            **data,
            "report": {**data["report"], "plan": {**data["report"]["plan"], "year": "2023"}},
        },
        "a bool for a number": {
            **data,
            "report": {**data["report"], "plan": {**data["report"]["plan"], "year": True}},
        },
    }
    read = []
    for name, broken in cases.items():
        try:
            freezing.load_frozen(broken)
        except ShapeError:
            continue
        read.append(name)
    assert read == []


def test_freezing_refuses_a_value_that_is_not_plain():
    plan = build_plan(cards=1)
    report = plan_report(plan)
    with_a_model = dataclasses.replace(report, plan=plan)
    with pytest.raises(TypeError, match="WorkPlan"):
        freezing.dump_frozen(freezing.FrozenReport(with_a_model, freezing.freeze(plan).comparison))


# ---------------------------------------------------------------------------------------------
# Format 1: the pickles stored before, rewritten by migration 0004


def test_a_version_frozen_in_format_1_prints_exactly_what_it_printed_before():
    _, version = publish_demo_plan()
    fresh = freezing.dump_frozen(freezing.frozen_report(version))
    migrated = MIGRATION.format2_from_pickle((FORMAT1 / "report.pickle").read_bytes())
    # The migration writes what freezing the same plan writes now, row keys apart.
    assert without_row_keys(migrated) == without_row_keys(fresh)

    PublishedVersion.objects.filter(pk=version.pk).update(report=migrated)
    forget_everything_cached()
    manifest = json.loads((FORMAT1 / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["report_format"] == 1
    reader = Client()
    for name, address in manifest["pages"].items():
        response = reader.get(address)
        assert response.status_code == 200, address
        assert response.content == (FORMAT1 / name).read_bytes(), name
    version = PublishedVersion.objects.get(pk=version.pk)
    html = report_html(freezing.frozen_report(version).report, draft=False)
    assert html == (FORMAT1 / "report.html").read_text(encoding="utf-8")


def test_a_format_1_pickle_is_read_without_running_what_it_names():
    """The stand-ins of the migration make no class of the project or of Django: a pickle that
    names one to call gets a stand-in that holds the arguments, and nothing runs."""
    hostile = b"cos\nsystem\n(S'echo never'\ntR."
    with pytest.raises(MIGRATION.NotFormatOne):
        MIGRATION.format2_from_pickle(hostile)
    stand_in = MIGRATION.StandInUnpickler(io.BytesIO(b""))
    assert issubclass(stand_in.find_class("os", "system"), MIGRATION.Pickled)
    assert issubclass(stand_in.find_class("plans.models.plan", "WorkPlan"), MIGRATION.Pickled)


# personnel goes back too: its later migrations (a department's county and kind) need columns
# that the old state's models do not fill.
BEFORE = [("plans", "0003_history"), ("personnel", "0003_history")]
AFTER = [("plans", "0005_report_json_only")]


def _a_version_before_0004(apps, report: bytes, number: int) -> int:
    """A version as migration 0003 left the table: its report a pickle of format 1."""
    organization = apps.get_model("personnel", "Organization").objects.get_or_create(name="음성군")[
        0
    ]
    bureau = apps.get_model("personnel", "Bureau").objects.get_or_create(
        organization=organization, name="행정복지국", order=1
    )[0]
    department = apps.get_model("personnel", "Department").objects.get_or_create(
        bureau=bureau, name=SLUG, slug=SLUG, order=1
    )[0]
    session = apps.get_model("plans", "CouncilSession").objects.get_or_create(
        organization=organization,
        number=353,
        kind="extraordinary",
        start_date=datetime.date(2023, 2, 16),
        end_date=datetime.date(2023, 2, 23),
    )[0]
    plan = apps.get_model("plans", "WorkPlan").objects.get_or_create(
        department=department, year=YEAR, session=session
    )[0]
    return (
        apps.get_model("plans", "PublishedVersion")
        .objects.create(
            plan=plan,
            number=number,
            session=session,
            published_at=datetime.datetime(2023, 2, 16, tzinfo=datetime.UTC),
            content_hash="0" * 64,
            document={},
            report=report,
            report_format=1,
        )
        .pk
    )


@pytest.mark.django_db(transaction=True)
def test_migration_0004_rewrites_every_pickled_version_or_nothing_and_cannot_go_back():
    pickled = (FORMAT1 / "report.pickle").read_bytes()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old_apps = executor.loader.project_state(BEFORE).apps
        old_versions = old_apps.get_model("plans", "PublishedVersion").objects
        broken = _a_version_before_0004(old_apps, pickled[: len(pickled) // 2], number=1)
        executor.loader.build_graph()
        with pytest.raises(RuntimeError, match=f"게시본 {broken}의 보고서 내용"):
            executor.migrate(AFTER)
        # Nothing changed: the broken version is still there as it was, and so is its table.
        executor.loader.build_graph()
        assert BEFORE[0] in executor.loader.applied_migrations
        assert ("plans", "0004_report_as_json") not in executor.loader.applied_migrations
        assert bytes(old_versions.get(pk=broken).report) == pickled[: len(pickled) // 2]

        old_versions.filter(pk=broken).delete()
        good = _a_version_before_0004(old_apps, pickled, number=2)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        # Back is refused while there are versions: their pickles cannot be made again.
        executor.loader.build_graph()
        with pytest.raises(RuntimeError, match=r"형식 1\(pickle\)로 되돌릴 수 없습니다"):
            executor.migrate(BEFORE)
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    stored = PublishedVersion.objects.values_list("report", "report_format").get(pk=good)
    assert stored == (MIGRATION.format2_from_pickle(pickled), freezing.REPORT_FORMAT)
    version = PublishedVersion.objects.get(pk=good)
    assert freezing.frozen_report(version).report.session.name == "제353회 임시회"


# ---------------------------------------------------------------------------------------------
# A report that cannot be read


UNREADABLE = {
    "a newer format": lambda data: ({**data, "format": 3}, 3),
    "a format this release never wrote": lambda data: (data, 7),
    "a field missing": lambda data: ({**data, "comparison": {}}, 2),
    "not an object": lambda data: ("보고서", 2),
}


@pytest.mark.parametrize("case", UNREADABLE)
def test_a_version_whose_report_cannot_be_read_answers_503_with_its_stored_files(case):
    plan = build_plan(cards=2)
    version = PublishedVersion.objects.get(plan=plan)
    PublishedVersion.objects.filter(pk=version.pk).update(pdf=b"%PDF-1.7 as published")
    slug, year = plan.department.slug, plan.year
    pdfs = [
        reverse("plans:report_pdf", args=[year, slug]),
        reverse("plans:version_pdf", args=[year, slug, 1]),
    ]
    reader = Client()  # raises what a view raises: a 500 would fail the test here
    readable = {url: reader.get(url) for url in pdfs}

    report, report_format = UNREADABLE[case](freezing.dump_frozen(freezing.frozen_report(version)))
    PublishedVersion.objects.filter(pk=version.pk).update(
        report=report, report_format=report_format
    )
    forget_everything_cached()
    for url in (
        plan.get_absolute_url(),
        reverse("plans:card_detail", args=[year, slug, "IV-1"]),
        reverse("plans:version_detail", args=[year, slug, 1]),
        reverse("plans:version_card", args=[year, slug, 1, "IV-2"]),
        reverse("plans:report_xlsx", args=[year, slug]),  # never stored: it needs the report
    ):
        response = reader.get(url)
        assert response.status_code == 503, url
        assert "no-store" in response["Cache-Control"], url
        page = response.content.decode()
        assert "이 게시본은 지금 화면으로 볼 수 없습니다" in page, url
        assert "report.pdf" in page, url  # the file it keeps …
        assert "report.xlsx" not in page, url  # … and not the one it does not
    # The stored PDF is served as it was while the report could be read.
    for url in pdfs:
        response = reader.get(url)
        assert response.status_code == 200, url
        assert response.content == readable[url].content == b"%PDF-1.7 as published"
        for header in ("Content-Disposition", "ETag", "Last-Modified"):
            assert response[header] == readable[url][header], (url, header)
    # The home page and the search read no report.
    assert reader.get("/").status_code == 200
    assert reader.get(reverse("plans:search"), {"q": "과제"}).status_code == 200
