"""The review and publication of a 추진실적 report: who may take which step (refusals in
Korean), the entries locked from 검토 요청 on, the log, and the published version frozen:
unchanged by later edits, and a new version only for a new content."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plans.models import PeriodAction, PeriodStatus, ProgressStatus, PublishedProgress
from plans.report.progress_report import frozen_progress, load_progress, progress_report
from plans.workflow.progress import ProgressRefused
from plans.workflow.progress_review import (
    period_approve,
    period_publish,
    period_reopen,
    period_return,
    period_submit,
)
from plans.workflow.transitions import WorkflowError
from tests.progress.helpers import items_of, write

pytestmark = pytest.mark.django_db

S = ProgressStatus


@pytest.fixture
def reported(plan, period):
    (a1, a2), *_rest = items_of(plan)
    write(period, (a1, S.ON_TRACK, 40, ""), (a2, S.COMPLETED, 100, ""))
    return period


def published(period, session, writer, reviewer, publisher):
    period.session = session
    period.save(update_fields=["session"])
    period_submit(period=period, user=writer)
    period_approve(period=period, user=reviewer)
    period_publish(period=period, user=publisher, render_files=False)
    period.refresh_from_db()
    return period


def test_nothing_to_submit_is_refused(period, writer):
    with pytest.raises(WorkflowError) as refused:
        period_submit(period=period, user=writer)
    assert refused.value.messages == ["입력한 추진실적이 없어 검토를 요청할 수 없습니다."]


def test_each_role_takes_its_own_steps(reported, session, writer, reviewer, publisher):
    period_submit(period=reported, user=writer)
    reported.refresh_from_db()
    assert reported.status == PeriodStatus.IN_REVIEW
    # The 작성자 does not approve; the 검토자 not without the session the report is for.
    with pytest.raises(PermissionDenied, match="추진실적 승인 권한이 없습니다"):
        period_approve(period=reported, user=writer)
    with pytest.raises(WorkflowError) as refused:
        period_approve(period=reported, user=reviewer)
    assert refused.value.messages[0].startswith("보고 회기를 정하지 않아 승인할 수 없습니다.")
    reported.session = session
    reported.save(update_fields=["session"])
    period_approve(period=reported, user=reviewer)
    # Publishing is the 게시관리자's, not the 검토자's.
    with pytest.raises(PermissionDenied, match="추진실적 공개 권한이 없습니다"):
        period_publish(period=reported, user=reviewer)
    event = period_publish(period=reported, user=publisher, render_files=False)
    reported.refresh_from_db()
    assert reported.status == PeriodStatus.PUBLIC
    assert reported.public_version == event.version
    assert (event.version.number, event.version.session) == (1, session)
    log = [
        (e.get_action_display(), e.status_change, e.actor_name)
        for e in reported.events.order_by("at", "pk")
    ]
    assert log == [
        ("검토 요청", "작성 중 → 검토 중", "writer"),
        ("승인", "검토 중 → 승인", "reviewer"),
        ("공개", "승인 → 공개", "publisher"),
    ]


def test_a_step_from_the_wrong_status_or_without_a_reason_is_refused(reported, reviewer, writer):
    with pytest.raises(WorkflowError) as refused:
        period_approve(period=reported, user=reviewer)
    assert refused.value.messages == [
        "'작성 중' 상태에서는 승인할 수 없습니다. 가능한 상태: 검토 중"
    ]
    period_submit(period=reported, user=writer)
    with pytest.raises(WorkflowError) as refused:
        period_return(period=reported, user=reviewer)
    assert refused.value.messages == ["반려 사유를 적어 주십시오."]
    with pytest.raises(WorkflowError) as refused:
        period_submit(period=reported, user=writer)
    assert refused.value.messages == [
        "'검토 중' 상태에서는 검토 요청할 수 없습니다. 가능한 상태: 작성 중"
    ]
    period_return(period=reported, user=reviewer, note="실적 보완")
    reported.refresh_from_db()
    assert reported.status == PeriodStatus.OPEN
    assert reported.events.get(action=PeriodAction.RETURN).note == "실적 보완"


def test_entries_are_locked_in_review_and_free_again_when_returned(
    plan, reported, writer, reviewer
):
    (a1, _a2), *_rest = items_of(plan)
    period_submit(period=reported, user=writer)
    with pytest.raises(ProgressRefused) as refused:
        write(reported, (a1, S.ON_TRACK, 50, ""))
    assert "'검토 중' 상태여서 고칠 수 없습니다" in refused.value.messages[0]
    period_return(period=reported, user=reviewer, note="보완")
    write(reported, (a1, S.ON_TRACK, 50, ""))
    assert progress_report(reported).cards[0].items[0].percent == 50


def test_the_published_version_is_not_changed_by_later_edits(
    plan, reported, session, writer, reviewer, publisher
):
    (a1, _a2), *_rest = items_of(plan)
    period = published(reported, session, writer, reviewer, publisher)
    version = period.public_version
    frozen = frozen_progress(version)
    with pytest.raises(ProgressRefused):
        write(period, (a1, S.ON_TRACK, 90, ""))
    with pytest.raises(WorkflowError) as refused:
        period_reopen(period=period, user=reviewer)
    assert refused.value.messages == ["다시 작성 사유를 적어 주십시오."]
    period_reopen(period=period, user=reviewer, note="실적 정정")
    write(period, (a1, S.ON_TRACK, 90, ""))
    version.refresh_from_db()
    period.refresh_from_db()
    # The public keeps reading version 1, as it was published, while the entries move on.
    assert period.status == PeriodStatus.OPEN
    assert period.public_version == version
    assert load_progress(PublishedProgress.objects.get(pk=version.pk).report) == frozen
    assert frozen.cards[0].items[0].percent == 40
    assert progress_report(period).cards[0].items[0].percent == 90
    # A version is written once.
    version.content_hash = "0" * 64
    with pytest.raises(ValidationError):
        version.save()
    with pytest.raises(ValidationError):
        version.delete()
    # Published again with the edit: version 2, the first kept.
    period_submit(period=period, user=writer)
    period_approve(period=period, user=reviewer)
    period_publish(period=period, user=publisher, render_files=False)
    period.refresh_from_db()
    assert [v.number for v in PublishedProgress.objects.filter(period=period)] == [2, 1]
    assert frozen_progress(period.public_version).cards[0].items[0].percent == 90


def test_publishing_an_unchanged_report_again_keeps_its_version(
    reported, session, writer, reviewer, publisher
):
    period = published(reported, session, writer, reviewer, publisher)
    period_reopen(period=period, user=reviewer, note="확인")
    period = published(period, session, writer, reviewer, publisher)
    assert PublishedProgress.objects.filter(period=period).count() == 1
    assert period.status == PeriodStatus.PUBLIC
