"""A reporting period's own page in the admin (plans.admin.progress.ReportingPeriodAdmin): the
검토자 changes the name and 기준일 of a period being written, and not of one ever published:
its 보고본 are read at an address made of its kind or 기준일, reopened or not."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from plans.models import PeriodKind, ReportingPeriod
from tests.admin.forms import change_form_data
from tests.helpers import text_of
from tests.progress.conftest import open_period
from tests.progress.helpers import publish, reopen

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(plan):
    return open_period(
        plan, PeriodKind.CUSTOM, name="행정사무감사", as_of=datetime.date(plan.year, 11, 10)
    )


def change_url(period) -> str:
    return reverse("admin:plans_reportingperiod_change", args=[period.pk])


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_reviewer_renames_and_redates_an_open_period(audit, reviewer):
    client = logged_in(reviewer)
    page = client.get(change_url(audit))
    assert page.status_code == 200
    fields = page.context["adminform"].form.fields
    assert {"name", "as_of"} <= set(fields)
    data = change_form_data(page)
    data.update(name="행정사무감사 자료", as_of=f"{audit.plan.year}-11-17")

    saved = client.post(change_url(audit), data)

    assert saved.status_code == 302
    audit.refresh_from_db()
    assert (audit.name, audit.as_of) == (
        "행정사무감사 자료",
        datetime.date(audit.plan.year, 11, 17),
    )


def test_a_published_period_keeps_its_name_and_date(audit, reviewer):
    publish(audit)
    client = logged_in(reviewer)
    page = client.get(change_url(audit))
    assert page.status_code == 200
    fields = page.context["adminform"].form.fields
    assert not {"plan", "kind", "name", "as_of"} & set(fields)
    assert "공개한 적이 있는 보고 시기" in text_of(page)
    data = change_form_data(page)
    data.update(name="바꾼 이름", as_of=f"{audit.plan.year}-12-01")

    client.post(change_url(audit), data)

    stored = ReportingPeriod.objects.get(pk=audit.pk)
    assert (stored.name, stored.as_of) == ("행정사무감사", datetime.date(audit.plan.year, 11, 10))

    # Reopened to correct its entries, it keeps them: the published address stays as it was.
    reopen(audit)
    assert ReportingPeriod.objects.get(pk=audit.pk).status == "open"
    fields = client.get(change_url(audit)).context["adminform"].form.fields
    assert not {"plan", "kind", "name", "as_of"} & set(fields)
