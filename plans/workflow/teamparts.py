"""작성 완료: a 작성자 marks its team's part of a draft plan done, so that the 검토자 sees which
teams have finished before asking for review. 검토 요청 does not wait for every team (a team
may have nothing to add this year); its confirmation page names the teams that have not
marked their part.

The rules, and why:

- Only a 작성자 of the team marks or clears the team's part, on a plan of its own department.
  The mark is the team's own word that its cards are finished; a 검토자 or a superuser saying
  it for them would make it mean nothing.
- Only on a draft, like every edit (plans.access.editing): a plan in review or later is what
  the reviewer reads, and the marks then say what the teams said before it was submitted.
- When the plan returns to draft (반려, 개정판 작성 시작) every mark is cleared, recorded in the
  marks' history with the transition's name. After 반려 the reviewer's notes may concern any
  team, and a revision starts a new round: a mark left from the last round would tell the
  검토자 that a team had finished work it has not looked at yet.
- The teams are the department's active teams, in their order: a team with no card yet still
  has its part to write (or to declare empty)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from personnel.models import Team
from personnel.roles import WRITER
from plans.access.editing import editing_refusal
from plans.access.scopes import reach_of
from plans.history import recording
from plans.models import TeamPart, WorkPlan


@dataclass(frozen=True)
class TeamStatus:
    """One team of a plan's department and its mark (None: never marked)."""

    team: Team
    part: TeamPart | None

    @property
    def is_ready(self) -> bool:
        return self.part is not None and self.part.is_ready

    @property
    def ready_at(self):
        return self.part.ready_at if self.is_ready else None

    @property
    def ready_by_name(self) -> str:
        user = self.part.ready_by if self.is_ready else None
        return (user.get_full_name() or user.get_username()) if user is not None else ""


def team_statuses(plans: Iterable[WorkPlan]) -> dict[int, list[TeamStatus]]:
    """Each plan's teams with their marks, by plan id: two queries for any number of plans."""
    plans = list(plans)
    if not plans:
        return {}
    teams_by_department: dict[int, list[Team]] = defaultdict(list)
    for team in Team.objects.filter(
        department__in={plan.department_id for plan in plans}, is_active=True
    ).order_by("order", "pk"):
        teams_by_department[team.department_id].append(team)
    parts = {
        (part.plan_id, part.team_id): part
        for part in TeamPart.objects.filter(plan__in=plans).select_related("ready_by")
    }
    return {
        plan.pk: [
            TeamStatus(team, parts.get((plan.pk, team.pk)))
            for team in teams_by_department[plan.department_id]
        ]
        for plan in plans
    }


def team_status(plan: WorkPlan) -> list[TeamStatus]:
    return team_statuses([plan])[plan.pk]


def not_ready(statuses: Iterable[TeamStatus]) -> list[Team]:
    return [status.team for status in statuses if not status.is_ready]


def marking_team(user, plan: WorkPlan) -> Team | None:
    """The team whose part ``user`` may mark on ``plan`` by role and department (a 작성자 of a
    team of the plan's department), whatever the plan's status; None for anyone else."""
    reach = reach_of(user)
    team = reach.team
    if (
        team is None
        or WRITER not in reach.roles
        or not team.is_active
        or team.department_id != plan.department_id
    ):
        return None
    return team


def set_ready(plan: WorkPlan, *, user, ready: bool) -> TeamPart | None:
    """Mark (``ready``) or clear the part of ``user``'s team in ``plan``. Raises
    PermissionDenied for anyone but a 작성자 of a team of the plan's department, and
    ValidationError (saying why) on a plan that is not a draft. Returns the part, or None when
    there was no mark to clear."""
    team = marking_team(user, plan)
    if team is None:
        raise PermissionDenied(_("작성 완료는 그 팀의 작성자만 표시하거나 취소할 수 있습니다."))
    with transaction.atomic():
        # The plan row is locked, as for a transition: a 검토 요청 at the same moment either
        # sees this mark or makes the plan read-only before it is written.
        plan = WorkPlan.objects.select_for_update(of=("self",)).with_context().get(pk=plan.pk)
        refusal = editing_refusal(plan)
        if refusal:
            raise ValidationError(refusal)
        part = TeamPart.objects.filter(plan=plan, team=team).first()
        if part is None:
            if not ready:
                return None
            part = TeamPart(plan=plan, team=team)
        if part.is_ready == ready:
            return part
        part.ready_at = timezone.now() if ready else None
        part.ready_by = user if ready else None
        reason = _("작성 완료 표시") if ready else _("작성 완료 취소")
        with recording(reason=reason, user=user):
            part.save()
        return part


def clear_marks(plan: WorkPlan, *, user, action_label: str) -> int:
    """Clear every mark of ``plan`` (it has just returned to draft by ``action_label``), each
    recorded in the history with that reason. Returns how many were cleared."""
    parts = list(TeamPart.objects.filter(plan=plan, ready_at__isnull=False))
    reason = _("%(action)s: 작성 완료 표시를 지웠습니다") % {"action": action_label}
    with recording(reason=reason, user=user):
        for part in parts:
            part.ready_at = None
            part.ready_by = None
            part.save(update_fields=["ready_at", "ready_by"])
    return len(parts)
