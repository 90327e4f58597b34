"""Each team's part of a plan: whether the team's 작성자 has marked it done (작성 완료).

A plan is written by several teams and submitted for review by the 검토자 once; the 검토자
needs to know which teams consider their cards finished before asking for review. The mark is
workflow state, not report content: it is not printed, exported or published. The rules of who
sets it and when it is cleared are plans.workflow.teamparts'."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.history import PlanHistory

from .plan import WorkPlan


class TeamPart(models.Model):
    """A team's part of a plan. A row exists once the team has been marked at least once; a
    team without a row, or with ``ready_at`` empty, has not marked its part done."""

    plan = models.ForeignKey(
        WorkPlan, models.CASCADE, related_name="team_parts", verbose_name=_("업무계획")
    )
    # A team that is removed takes its marks with it: they say nothing about anyone else.
    team = models.ForeignKey(
        "personnel.Team", models.CASCADE, related_name="plan_parts", verbose_name=_("팀")
    )
    ready_at = models.DateTimeField(_("작성 완료 시각"), null=True, blank=True)
    ready_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("작성 완료 표시한 사람"),
    )

    history = PlanHistory()

    class Meta:
        ordering = ["plan", "team__order"]
        verbose_name = _("팀별 작성 완료")
        verbose_name_plural = _("팀별 작성 완료")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "team"],
                name="%(app_label)s_%(class)s_unique_team",
                violation_error_message=_("이 업무계획에 이 팀의 작성 완료 기록이 있습니다."),
            ),
        ]

    def __str__(self) -> str:
        state = _("작성 완료") if self.is_ready else _("작성 중")
        return f"{self.plan.year}년 {self.team.name} {state}"

    @property
    def is_ready(self) -> bool:
        return self.ready_at is not None
