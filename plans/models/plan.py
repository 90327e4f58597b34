"""The work plan (주요업무계획) a department presents to a council session: the session, the
plan with this year's policy direction, and last year's achievements (II 주요성과). Its task
cards are in plans.models.cards. Totals and changes are never stored: plans.rules.figures
computes them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.history import PlanHistory
from plans.rules.outline import parse_outline
from plans.rules.text import CleanTextModel
from plans.rules.validators import (
    carried_field,
    unique_order_constraint,
    valid_outline,
)


class SessionKind(models.TextChoices):
    EXTRAORDINARY = "extraordinary", _("임시회")
    REGULAR = "regular", _("정례회")


class CouncilSession(CleanTextModel):
    """A session of the county council (e.g. 제353회 임시회) at which plans are presented."""

    organization = models.ForeignKey(
        "personnel.Organization",
        models.PROTECT,
        related_name="council_sessions",
        verbose_name=_("기관"),
    )
    number = models.PositiveSmallIntegerField(_("회차"))
    kind = models.CharField(_("구분"), max_length=20, choices=SessionKind.choices)
    start_date = models.DateField(_("시작일"))
    end_date = models.DateField(_("종료일"))

    history = PlanHistory()

    class Meta:
        ordering = ["organization", "-number"]
        verbose_name = _("의회 회기")
        verbose_name_plural = _("의회 회기")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_("같은 회차의 회기가 이미 있습니다."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("종료일은 시작일보다 빠를 수 없습니다."),
            ),
        ]

    def __str__(self) -> str:
        return f"제{self.number}회 {self.get_kind_display()}"


# 역점과제 are numbered with circled digits, and Unicode has ① … ⑳.
MAX_KEY_TASKS = 20


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("작성 중")
    IN_REVIEW = "in_review", _("검토 중")
    APPROVED = "approved", _("승인")
    PUBLISHED = "published", _("게시")
    WITHDRAWN = "withdrawn", _("게시 철회")


class WorkPlanQuerySet(models.QuerySet):
    def published(self):
        """Plans the public can read: those with a public version (publishing keeps it)."""
        return self.filter(public_version__isnull=False)

    def with_context(self):
        return self.select_related(
            "department__organization", "department__bureau", "session__organization"
        )


class WorkPlan(CleanTextModel):
    """A department's work plan for a year, as presented to one council session."""

    department = models.ForeignKey(
        "personnel.Department", models.PROTECT, related_name="plans", verbose_name=_("과")
    )
    year = models.PositiveSmallIntegerField(_("연도"))
    session = models.ForeignKey(
        CouncilSession, models.PROTECT, related_name="plans", verbose_name=_("보고 회기")
    )
    status = models.CharField(
        _("상태"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    published_at = models.DateTimeField(_("게시 시각"), null=True, blank=True)
    # The version the public reads at the plan's address: the newest publication not
    # withdrawn. Kept by plans.workflow.services; the plan rows themselves are the working copy.
    public_version = models.ForeignKey(
        "plans.PublishedVersion",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("공개 중인 게시본"),
        editable=False,
    )
    policy_goal = models.CharField(_("정책목표"), max_length=200, blank=True)
    policy_directions = models.TextField(
        _("추진방향"), blank=True, validators=[valid_outline], help_text=_("한 줄에 하나씩")
    )
    key_tasks = models.TextField(
        _("역점과제"),
        blank=True,
        validators=[valid_outline],
        help_text=_("한 줄에 하나씩. 번호(①, ②…)는 자동으로 붙습니다."),
    )
    # 정책목표·추진방향·역점과제 copied from last year's plan, not yet confirmed.
    policy_carried = carried_field()
    corrections_note = models.TextField(
        _("정정 내역"), blank=True, help_text=_("원문 대비 바로잡은 오탈자 등의 기록")
    )
    created_at = models.DateTimeField(_("작성 시각"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정 시각"), auto_now=True)

    objects = WorkPlanQuerySet.as_manager()

    history = PlanHistory(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-year", "department"]
        verbose_name = _("업무계획")
        verbose_name_plural = _("업무계획")
        permissions = [
            ("submit_workplan", _("업무계획 검토 요청")),
            ("approve_workplan", _("업무계획 승인·반려·개정")),
            ("publish_workplan", _("업무계획 게시")),
            ("withdraw_workplan", _("업무계획 게시 철회")),
            ("revert_history", _("변경 이력에서 되돌리기")),
        ]
        constraints = [
            # One annual work plan per department and year: it is what the public address
            # /plans/<year>/<department>/ names. Later versions of it are revisions, not plans.
            models.UniqueConstraint(
                fields=["department", "year"],
                name="%(app_label)s_%(class)s_unique_plan",
                violation_error_message=_("이 과의 같은 연도 업무계획이 이미 있습니다."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PlanStatus.PUBLISHED)
                | models.Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_time",
                violation_error_message=_("게시된 업무계획에는 게시 시각이 있어야 합니다."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}년 {self.department} 주요업무계획 ({self.session})"

    def get_absolute_url(self) -> str:
        return reverse("plans:plan_detail", args=[self.year, self.department.slug])

    def clean(self) -> None:
        if (
            self.department_id
            and self.session_id
            and self.session.organization_id != self.department.organization_id
        ):
            raise ValidationError({"session": _("이 과가 속한 기관의 의회 회기를 선택하십시오.")})
        self._check_key_tasks()

    def _check_key_tasks(self) -> None:
        """역점과제 are numbered ① … ⑳ and printed one line each: no more, and no sub-lines."""
        tasks = parse_outline(self.key_tasks)
        if len(tasks) > MAX_KEY_TASKS:
            raise ValidationError(
                {
                    "key_tasks": _("역점과제는 %(max)s개까지 적을 수 있습니다(지금 %(count)s개).")
                    % {"max": MAX_KEY_TASKS, "count": len(tasks)}
                }
            )
        for number, task in enumerate(tasks, start=1):
            if task.children:
                raise ValidationError(
                    {
                        "key_tasks": _(
                            "%(number)s번째 역점과제 아래에 들여쓴 줄이 있습니다. "
                            "역점과제는 한 줄에 하나씩 들여쓰지 않고 적습니다."
                        )
                        % {"number": number}
                    }
                )


class AchievementGroup(CleanTextModel):
    """A □ heading of chapter II (last year's main achievements)."""

    plan = models.ForeignKey(
        WorkPlan, models.CASCADE, related_name="achievement_groups", verbose_name=_("업무계획")
    )
    order = models.PositiveSmallIntegerField(_("순서"))
    title = models.CharField(_("제목"), max_length=200)
    # Drafted from last year's card (with its items), not yet confirmed.
    carried = carried_field()

    history = PlanHistory()

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("주요성과")
        verbose_name_plural = _("주요성과")
        constraints = [unique_order_constraint("plan")]

    def __str__(self) -> str:
        return self.title


class AchievementItem(CleanTextModel):
    """One bullet under an achievement heading. It is prose, or it reports a record whose
    figures the portal computes (an election's turnout, a welfare program's totals); then
    the text holds only the lines under it."""

    group = models.ForeignKey(
        AchievementGroup, models.CASCADE, related_name="items", verbose_name=_("주요성과")
    )
    order = models.PositiveSmallIntegerField(_("순서"))
    text = models.TextField(
        _("내용"),
        blank=True,
        validators=[valid_outline],
        help_text=_("들여쓰기(공백 2칸)로 하위 항목을 적습니다. ※, *, ▶ 기호를 쓸 수 있습니다."),
    )
    election = models.ForeignKey(
        "civic.Election",
        models.PROTECT,
        related_name="achievement_items",
        verbose_name=_("선거"),
        null=True,
        blank=True,
    )
    welfare_program = models.ForeignKey(
        "personnel.WelfareProgram",
        models.PROTECT,
        related_name="achievement_items",
        verbose_name=_("후생복지 사업"),
        null=True,
        blank=True,
    )

    history = PlanHistory()

    class Meta:
        ordering = ["group", "order"]
        verbose_name = _("주요성과 항목")
        verbose_name_plural = _("주요성과 항목")
        constraints = [
            unique_order_constraint("group"),
            models.CheckConstraint(
                condition=models.Q(election__isnull=True) | models.Q(welfare_program__isnull=True),
                name="%(app_label)s_%(class)s_one_record",
                violation_error_message=_("선거와 후생복지 사업 중 하나만 연결하십시오."),
            ),
        ]

    def __str__(self) -> str:
        if self.election_id:
            return str(self.election)
        if self.welfare_program_id:
            return self.welfare_program.name
        return self.text.strip().splitlines()[0] if self.text.strip() else ""

    def clean(self) -> None:
        if not self.text.strip() and not self.election_id and not self.welfare_program_id:
            raise ValidationError(
                {"text": _("내용을 입력하거나 선거·후생복지 사업을 연결하십시오.")}
            )
