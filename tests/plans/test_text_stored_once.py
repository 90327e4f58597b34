"""Text is stored as plans.rules.text.clean_text leaves it whichever way it is written: the
admin form, a shell or service (the model's save), a workbook import, and rows stored before
(the data migration's clean_stored_text). So an exported plan imported again reports no change
where a line break was typed as CRLF."""

import pytest
from django.urls import reverse

from budget.models import FundingRow
from plans.exchange.workbook.reader import import_plan_workbook
from plans.exchange.workbook.writer import plan_workbook
from plans.models import AchievementItem, TaskCard, WorkPlan
from plans.rules.text import clean_stored_text
from tests.admin.forms import change_form_data
from tests.factories import AchievementItemFactory

pytestmark = pytest.mark.django_db

TYPED = "○ 첫 줄  \r\n  - 아래 줄\r\n"
STORED = "○ 첫 줄\n  - 아래 줄"


def test_a_card_saved_through_the_admin_form_stores_plain_line_breaks(admin_client, world):
    url = reverse("admin:plans_taskcard_change", args=[world.card.pk])
    data = change_form_data(admin_client.get(url))
    data["overview"] = TYPED
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    world.card.refresh_from_db()
    assert world.card.overview == STORED


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (TaskCard, "overview"),
        (TaskCard, "expected_effects"),
        (WorkPlan, "policy_directions"),
        (AchievementItem, "text"),
        (FundingRow, "remark"),
    ],
)
def test_a_row_saved_from_a_shell_stores_plain_line_breaks(world, model, field):
    row = {
        TaskCard: lambda: world.card,
        WorkPlan: lambda: world.plan,
        AchievementItem: lambda: AchievementItemFactory(group__plan=world.plan, group__order=99),
        FundingRow: lambda: world.card.funding_rows.first(),
    }[model]()
    setattr(row, field, TYPED)
    row.save()
    stored = model.objects.values_list(field, flat=True).get(pk=row.pk)
    assert stored == STORED


def test_rows_stored_before_are_cleaned_by_the_migration_step(world):
    TaskCard.objects.filter(pk=world.card.pk).update(overview=TYPED, title=" 과제명 ")
    assert clean_stored_text(TaskCard) == 1
    card = TaskCard.objects.get(pk=world.card.pk)
    assert (card.overview, card.title) == (STORED, "과제명")
    assert clean_stored_text(TaskCard) == 0


def test_export_then_import_of_a_plan_typed_with_crlf_reports_no_change(demo_plan):
    card = demo_plan.cards.filter(overview__contains="\n").first()
    card.overview = card.overview.replace("\n", "\r\n") + "\r\n"
    card.save()
    result, errors = import_plan_workbook(plan_workbook(demo_plan), dry_run=False)
    assert errors == []
    assert not result.changed, result.summary()
