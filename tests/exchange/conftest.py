"""For the tests of the import paths (the admin's per-table import and the whole-plan workbook
import): the demo plan loaded as a draft, which every import may write over, and a superuser's
client. The published demo plan, its workbook and the pending-file directory are in
tests/conftest.py."""

import pytest
import yaml
from django.contrib.auth.models import User

from plans.exchange.documents import load_plan_document
from plans.models import WorkPlan
from tests.demo import DEMO


@pytest.fixture
def demo_draft(db) -> WorkPlan:
    load_plan_document(yaml.safe_load(DEMO.read_text(encoding="utf-8")))
    return WorkPlan.objects.get()


@pytest.fixture
def editor(client, db):
    """A superuser's client: what a file may do is then the import's rules alone."""
    client.force_login(User.objects.create_superuser("editor", "e@example.com", "x"))
    return client
