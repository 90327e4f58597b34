"""The demo plan in the database and as its exported workbook, for the tests of the import
paths: the admin's per-table import and the whole-plan workbook import."""

import pytest
import yaml
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import transaction

from plans.exchange.documents import load_plan_document
from plans.exchange.workbook.writer import plan_workbook
from plans.models import WorkPlan
from tests.plans.test_demo_data import DEMO


@pytest.fixture(autouse=True)
def empty_report_cache():
    caches["reports"].clear()


@pytest.fixture
def demo_plan(db) -> WorkPlan:
    load_plan_document(yaml.safe_load(DEMO.read_text(encoding="utf-8")))
    return WorkPlan.objects.get()


@pytest.fixture(scope="module")
def demo_workbook(django_db_setup, django_db_blocker) -> bytes:
    """The demo plan's workbook, exported once for the module; the database is left empty."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_plan_document(yaml.safe_load(DEMO.read_text(encoding="utf-8")))
        data = plan_workbook(WorkPlan.objects.get())
        transaction.set_rollback(True)
    return data


@pytest.fixture
def editor(client, db):
    """A superuser's client: what a file may do is then the import's rules alone."""
    client.force_login(User.objects.create_superuser("editor", "e@example.com", "x"))
    return client


@pytest.fixture
def pending_dir(tmp_path, monkeypatch):
    monkeypatch.setattr("plans.admin.workbook.PENDING_DIR", tmp_path)
    return tmp_path
