"""A task card's 추진계획 and 소요예산 rows are compact table rows (each input as wide as what it
holds, two-line text areas), and a read-only card shows no 계(확인용) column, which checks only
what is typed."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from plans.models import PlanStatus, WorkPlan

pytestmark = pytest.mark.django_db


def card_page(client, world) -> str:
    response = client.get(reverse("admin:plans_taskcard_change", args=[world.card.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_plan_items_are_table_rows_with_narrow_inputs(admin_client, world):
    page = card_page(admin_client, world)
    group = page[page.index('id="plan_items-group"') :]
    group = group[: group.index('id="funding_rows-group"')]
    assert "tabular" in group  # one row per item, not a stacked block per item
    assert re.search(r'<textarea name="plan_items-0-text" cols="34" rows="2"', group)
    assert re.search(r'<textarea name="plan_items-0-details" cols="30" rows="2"', group)
    assert 'class="inline-order"' in group and 'class="inline-schedule"' in group
    assert "css/admin/card-inlines.css" in page


def input_classes(page: str, name: str) -> set[str]:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert tag, name
    return set(re.search(r'class="([^"]*)"', tag.group(0)).group(1).split())


def test_funding_rows_have_narrow_inputs(admin_client, world):
    page = card_page(admin_client, world)
    assert "inline-order" in input_classes(page, "funding_rows-0-order")
    assert "funding-amount" in input_classes(page, "funding_rows-0-current_year")
    assert "inline-short" in input_classes(page, "funding_rows-0-remark")
    group = page[page.index('id="funding_rows-group"') :]
    assert "계(확인용)" in group


def test_a_read_only_card_has_no_check_column(admin_client, world):
    WorkPlan.objects.filter(pk=world.plan.pk).update(status=PlanStatus.IN_REVIEW)
    page = card_page(admin_client, world)
    group = page[page.index('id="funding_rows-group"') :]
    assert "계(확인용)" not in group
    assert "check total" not in group.lower()
    assert "348,000" in group  # the row's 계 is still shown
