"""The period workbook in and out: the rows a user reports on, exported with the lock digest of
their entries (:func:`export_period_workbook`), and a filled-in file saved through the team
screen's own service, plans.workflow.progress.progress_update (:func:`import_period_workbook`),
so the rules, the scopes and the all-or-nothing save are one piece of code.

An import is refused, with nothing written, when the file cannot be read (plans.exchange:
size, zip-package guard, every bad cell named), when it is another period's file, and when
anyone saved 추진실적 of the file's items after it was exported: its '내보낸 판' is the digest
of the entries the user's scope had then (:func:`plans.workflow.progress.rows_digest`), and it
must still be the digest now. The digest covers every item the user may report on, not only
the rows left in the file, so deleting a row leaves that item as it is instead of making a
fresh file look stale."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.access.scopes import reach_of
from plans.exchange.periodbook.layout import DATA_TITLE
from plans.exchange.periodbook.reader import read_period_workbook
from plans.exchange.periodbook.writer import period_workbook
from plans.models import ReportingPeriod
from plans.workflow.progress import (
    ProgressChanges,
    ProgressInput,
    ProgressRefused,
    progress_rows,
    progress_update,
    rows_digest,
)

STALE_FILE_MESSAGE = gettext_lazy(
    "이 파일을 내려받은 뒤에 다른 사람이 추진실적을 저장했습니다. 아무것도 저장하지 "
    "않았습니다. 추진실적 엑셀을 새로 내려받아 다시 고치십시오."
)


@dataclass(frozen=True)
class ExportedBook:
    data: bytes
    filename: str
    rows: int


def export_scope(user) -> str:
    """Whose items a user's file holds: a 작성자 its team's (``행정팀``), the department's
    검토자 and the superuser every team's (``전체``)."""
    reach = reach_of(user)
    if user is None or reach.superuser or reach.sees_department or reach.team is None:
        return _("전체")
    return reach.team.name


def export_period_workbook(*, period: ReportingPeriod, user) -> ExportedBook:
    """The period's rows ``user`` reports on as an .xlsx, with their lock digest."""
    rows = progress_rows(period, user=user)
    scope = export_scope(user)
    plan = period.plan
    data = period_workbook(period=period, rows=rows, scope=scope, version=rows_digest(rows))
    filename = f"{plan.year}년_{plan.department.name}_{period.label}_추진실적_{scope}.xlsx"
    return ExportedBook(data, filename.replace(" ", "_"), len(rows))


def _file_period(period_id: int) -> ReportingPeriod | None:
    return ReportingPeriod.objects.select_related("plan__department").filter(pk=period_id).first()


@transaction.atomic
def import_period_workbook(
    *,
    data: bytes,
    user,
    period: ReportingPeriod | None = None,
    dry_run: bool,
    reason: str = "",
) -> tuple[ReportingPeriod, ProgressChanges]:
    """Save a filled-in period workbook for ``user`` (None: the system, a command), all rows
    or none, through progress_update; with ``dry_run`` check everything and list the changes
    without writing. ``period``: the period the upload was made for (the team screen's); a
    file of another one is refused. Raises :class:`ProgressRefused` with every message."""
    book, errors = read_period_workbook(data)
    if book is None:
        raise ProgressRefused([str(error) for error in errors])
    messages = [str(error) for error in errors]
    own = _file_period(book.period_id)
    if own is None or (period is not None and own.plan_id != period.plan_id):
        raise ProgressRefused(
            [_("이 파일은 이 업무계획의 추진실적 통합문서가 아닙니다. 다시 내려받아 고치십시오.")]
        )
    if period is not None and own.pk != period.pk:
        raise ProgressRefused(
            [
                _(
                    "이 파일은 %(file)s 추진실적입니다. %(period)s 화면에서 올리거나 "
                    "이 화면의 파일을 내려받아 고치십시오."
                )
                % {"file": own, "period": period}
            ]
        )
    # Locked as progress_update locks it, so no save comes between the check and the write.
    period = ReportingPeriod.objects.select_for_update(of=("self",)).get(pk=own.pk)
    if not period.is_locked and rows_digest(progress_rows(period, user=user)) != book.version:
        raise ProgressRefused([str(STALE_FILE_MESSAGE)], stale=True)
    rows = [
        ProgressInput(
            str(row.item_id),
            place=_("%(sheet)s 시트 %(row)s행") % {"sheet": DATA_TITLE, "row": row.number},
            **row.values,
        )
        for row in book.rows
    ]
    try:
        # A file with a bad cell is never saved, but its other rows are still checked, so the
        # clerk gets every correction in one answer.
        changes = progress_update(
            period=period,
            user=user,
            rows=rows,
            loaded_digest=None,
            reason=reason or _("추진실적 엑셀 가져오기: %(period)s") % {"period": period},
            dry_run=dry_run or bool(messages),
        )
    except ProgressRefused as refused:
        raise ProgressRefused(messages + refused.messages) from None
    if messages:
        raise ProgressRefused(messages)
    return period, changes
