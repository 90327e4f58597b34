"""A workbook carries the plan's content version: an upload never changes the plan's status or
publication, and a file exported before the plan changed (or without its version) is refused
rather than undoing someone else's edit."""

import pytest

from plans.exchange.workbook.reader import STALE_FILE_MESSAGE, import_plan_workbook, plan_version
from plans.models import PlanItem, PlanStatus, TaskCard, WorkPlan
from tests.workbooks import cell, delete_all_plan_data, edited, find_row, open_xlsx, refused

pytestmark = pytest.mark.django_db


def info_row(workbook, label: str) -> int:
    return find_row(workbook["안내"], 항목=label)


def test_the_export_writes_the_plans_content_version(demo_plan, demo_workbook):
    workbook = open_xlsx(demo_workbook)
    assert workbook["안내"].cell(info_row(workbook, "내보낸 판"), 2).value == plan_version(
        demo_plan
    )


def test_an_upload_never_changes_the_plans_status_or_publication(demo_plan, demo_workbook):
    published_at = demo_plan.published_at

    def edit(workbook):
        workbook["안내"].cell(info_row(workbook, "상태"), 2).value = "작성 중"
        workbook["안내"].cell(info_row(workbook, "게시 시각"), 2).value = None

    result, errors = import_plan_workbook(edited(demo_workbook, edit), dry_run=False)
    assert errors == [] and not result.changed
    demo_plan.refresh_from_db()
    assert (demo_plan.status, demo_plan.published_at) == (PlanStatus.PUBLISHED, published_at)

    # Nor does it publish a draft (and a change of publication does not make the file stale).
    WorkPlan.objects.filter(pk=demo_plan.pk).update(status=PlanStatus.DRAFT, published_at=None)
    result, errors = import_plan_workbook(demo_workbook, dry_run=False)
    assert errors == [] and not result.changed
    demo_plan.refresh_from_db()
    assert (demo_plan.status, demo_plan.published_at) == (PlanStatus.DRAFT, None)


def test_an_old_file_over_a_plan_changed_since_is_refused(demo_plan, demo_workbook):
    card = TaskCard.objects.get(section="special", number=1)
    card.title = "다른 사람이 고친 제목"
    card.save()
    item = PlanItem.objects.get(card__section="main", card__number=4, order=1)

    def edit(workbook):
        cell(workbook["추진계획"], "일정", 과제="IV-4", 순서=1).value = "23. 4."

    for data in (demo_workbook, edited(demo_workbook, edit)):
        assert refused(data, read_twice=False) == [STALE_FILE_MESSAGE]
        assert TaskCard.objects.get(pk=card.pk).title == "다른 사람이 고친 제목"
        assert PlanItem.objects.get(pk=item.pk).schedule == item.schedule != "'23. 4."


def test_a_file_without_its_version_is_refused_over_an_existing_plan(demo_plan, demo_workbook):
    def edit(workbook):
        workbook["안내"].delete_rows(info_row(workbook, "내보낸 판"))

    data = edited(demo_workbook, edit)
    assert refused(data, read_twice=False) == [STALE_FILE_MESSAGE]

    delete_all_plan_data()  # into an empty database there is nothing to undo
    result, errors = import_plan_workbook(data, dry_run=False)
    assert errors == [] and result.changed
