"""추진실적: how each 추진계획 item of a published plan stands at a reporting period (1/4분기,
상반기, 3/4분기, 연간, or a free 기준일 such as the 행정사무감사's).

**A period belongs to a plan** (one department's plan of one year), not to the organisation's
year. The entries are about that plan's items; the people who write them (a team's 작성자) and
the one who makes them public (the department's 검토자) are the plan's, so the scopes, the
history and the publication of progress follow the plan's department exactly as the plan's
own rows do. The county's view of "상반기 2023" is every plan's period of that kind and year,
gathered by the roll-up (plans.rules.progress), so nothing is lost by the choice; a
department that reports an extra 기준일 does not force one on the other twenty-nine.

Progress is reported against the **published** plan: a period can be opened only on a plan
that has been published, and its entries are written whatever the plan's workflow status (a
revision in progress included). The plan's lock (plans.access.editing) protects what the council
was shown; progress is new information about it, not a change to it. What locks an entry is
its own period, which goes through a review of its own (plans.workflow.progress_review:
작성 중 → 검토 중 → 승인 → 공개, as the plan does): from 검토 요청 on, the entries are what the
검토자 reads and are not changed; once published, the period is frozen into a
:class:`~plans.models.progress_publication.PublishedProgress` presented to a council session,
and **공개 means the public reads it**: its ``public_version`` is set, and its entries stay as
published until the 검토자 reopens the period (the public then keeps reading the version it
has until the next publication, as it does with a plan under revision).

Figures (a card's status and 진행률, counts, 평균진행률, 완료율) are never stored: see
plans.rules.progress."""

from __future__ import annotations

import datetime
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.history import PlanHistory
from plans.rules.figures import format_date
from plans.rules.progress import (
    CANCELLED,
    COMPLETED,
    DELAYED,
    NOT_STARTED,
    ON_HOLD,
    ON_TRACK,
    progress_contradiction,
)
from plans.rules.validators import valid_outline

from .cards import PlanItem
from .plan import WorkPlan


class PeriodKind(models.TextChoices):
    Q1 = "q1", _("1/4분기")
    HALF = "half", _("상반기")
    Q3 = "q3", _("3/4분기")
    ANNUAL = "annual", _("연간")
    CUSTOM = "custom", _("기준일")


#: The 기준일 of each regular kind (month, day); a 기준일 period states its own.
PERIOD_END = {
    PeriodKind.Q1: (3, 31),
    PeriodKind.HALF: (6, 30),
    PeriodKind.Q3: (9, 30),
    PeriodKind.ANNUAL: (12, 31),
}


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("작성 중")
    IN_REVIEW = "in_review", _("검토 중")
    APPROVED = "approved", _("승인")
    PUBLIC = "public", _("공개")


#: The statuses in which a period's entries are not changed: the 검토자 reads them, or the
#: public does.
LOCKED_STATUSES = frozenset({PeriodStatus.IN_REVIEW, PeriodStatus.APPROVED, PeriodStatus.PUBLIC})

#: The address of a regular period on the public site (/plans/2023/자치행정과/progress/half/);
#: a 기준일 period is named by its date (…/progress/2023-11-10/).
PERIOD_SLUGS = {
    PeriodKind.Q1: "q1",
    PeriodKind.HALF: "half",
    PeriodKind.Q3: "q3",
    PeriodKind.ANNUAL: "annual",
}


class ProgressStatus(models.TextChoices):
    """The words councils use; the values are plans.rules.progress's."""

    NOT_STARTED = NOT_STARTED, _("미착수")
    ON_TRACK = ON_TRACK, _("정상추진")
    COMPLETED = COMPLETED, _("완료")
    DELAYED = DELAYED, _("지연")
    ON_HOLD = ON_HOLD, _("유보")
    CANCELLED = CANCELLED, _("취소")


class ReportingPeriod(models.Model):
    """A point of the year at which a plan's items report progress."""

    plan = models.ForeignKey(
        WorkPlan, models.CASCADE, related_name="periods", verbose_name=_("업무계획")
    )
    kind = models.CharField(_("보고 시기"), max_length=10, choices=PeriodKind.choices)
    name = models.CharField(
        _("이름"),
        max_length=50,
        blank=True,
        help_text=_("기준일로 보고할 때 적습니다. 예: 행정사무감사"),
    )
    as_of = models.DateField(
        _("기준일"), blank=True, help_text=_("분기·반기·연간은 비워 두면 그 말일로 정합니다.")
    )
    status = models.CharField(
        _("진행 상태"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    session = models.ForeignKey(
        "plans.CouncilSession",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("보고 회기"),
        help_text=_("이 추진실적을 보고하는 의회 회기입니다. 예: 제358회 정례회"),
    )
    published_at = models.DateTimeField(_("공개 시각"), null=True, blank=True, editable=False)
    # The version the public reads (None: never published). Kept while the period is reopened,
    # as a plan's public version is kept while it is revised.
    # PROTECT: a version is never deleted while a period shows it (and SET_NULL would leave a
    # 공개 period without its version).
    public_version = models.ForeignKey(
        "plans.PublishedProgress",
        models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("공개 중인 보고본"),
    )

    history = PlanHistory()

    class Meta:
        ordering = ["plan", "as_of", "pk"]
        verbose_name = _("추진실적 보고 시기")
        verbose_name_plural = _("추진실적 보고 시기")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind"],
                condition=~models.Q(kind=PeriodKind.CUSTOM),
                name="%(app_label)s_%(class)s_unique_kind",
                violation_error_message=_("이 업무계획에 같은 보고 시기가 이미 있습니다."),
            ),
            # One 기준일 period per date: its public address is its date.
            models.UniqueConstraint(
                fields=["plan", "as_of"],
                condition=models.Q(kind=PeriodKind.CUSTOM),
                name="%(app_label)s_%(class)s_unique_date",
                violation_error_message=_("이 업무계획에 같은 기준일의 보고가 이미 있습니다."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=PeriodKind.CUSTOM) | ~models.Q(name=""),
                name="%(app_label)s_%(class)s_custom_named",
                violation_error_message=_("기준일로 보고할 때는 이름을 입력하십시오."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PeriodStatus.PUBLIC)
                | models.Q(published_at__isnull=False, public_version__isnull=False),
                name="%(app_label)s_%(class)s_public_has_version",
                violation_error_message=_(
                    "공개한 보고 시기에는 공개 시각과 공개 중인 보고본이 있어야 합니다."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.year}년 {self.label}"

    @property
    def label(self) -> str:
        """상반기; 행정사무감사(2023. 11. 10. 기준)."""
        if self.kind == PeriodKind.CUSTOM:
            return (
                f"{self.name}({format_date(self.as_of, weekday=False)} 기준)"
                if self.as_of
                else self.name
            )
        return str(self.get_kind_display())

    @property
    def is_public(self) -> bool:
        return self.status == PeriodStatus.PUBLIC

    @property
    def is_locked(self) -> bool:
        """True from 검토 요청 until reopened: the entries are not changed."""
        return self.status in LOCKED_STATUSES

    @cached_property
    def address_is_fixed(self) -> bool:
        """Public now or once (a 보고본 exists): its 보고본 are read at an address made of its
        kind or 기준일 (``slug``), so those stay as they are. Asked once per instance: the
        period's staff page asks for its read-only fields and its notice alike."""
        return self.is_public or self.versions.exists()

    @property
    def slug(self) -> str:
        """The period's part of its public address: ``half``; a 기준일 period its date."""
        if self.kind == PeriodKind.CUSTOM:
            return self.as_of.isoformat()
        return PERIOD_SLUGS[self.kind]

    def clean(self) -> None:
        if self.kind in PERIOD_END and self.as_of is None and self.plan_id:
            month, day = PERIOD_END[self.kind]
            self.as_of = datetime.date(self.plan.year, month, day)
        if self.kind == PeriodKind.CUSTOM and not self.name.strip():
            raise ValidationError({"name": _("기준일로 보고할 때는 이름을 입력하십시오.")})
        if self.as_of is None:
            raise ValidationError({"as_of": _("기준일을 입력하십시오.")})
        if not self.plan_id:
            return
        if self.as_of.year != self.plan.year:
            raise ValidationError(
                {"as_of": _("기준일은 %(year)s년 안의 날짜여야 합니다.") % {"year": self.plan.year}}
            )
        if self.session_id and self.session.organization_id != self.plan.department.organization_id:
            raise ValidationError({"session": _("이 업무계획을 낸 기관의 의회 회기를 고르십시오.")})
        if self.plan.public_version_id is None:
            raise ValidationError(
                {
                    "plan": _(
                        "추진실적은 게시된 업무계획에 대해 보고합니다. "
                        "이 업무계획은 아직 게시되지 않았습니다."
                    )
                }
            )


class ItemProgressQuerySet(models.QuerySet):
    def with_items(self):
        return self.select_related("item__card__team", "updated_by")


class ItemProgress(models.Model):
    """One 추진계획 item at one period: status, 진행률, 실적 and, where the plan states a target
    ("4명", "3팀", "1회"), the numbers reached."""

    period = models.ForeignKey(
        ReportingPeriod, models.CASCADE, related_name="entries", verbose_name=_("보고 시기")
    )
    # CASCADE: a revision or a whole-plan import replaces 추진계획 rows, and must not be blocked
    # by last quarter's entries; an entry deleted with its item stays in the change history.
    item = models.ForeignKey(
        PlanItem, models.CASCADE, related_name="progress_entries", verbose_name=_("추진계획")
    )
    status = models.CharField(_("추진 상태"), max_length=20, choices=ProgressStatus.choices)
    percent = models.PositiveSmallIntegerField(_("진행률"), default=0)
    result = models.TextField(
        _("실적"),
        blank=True,
        validators=[valid_outline],
        help_text=_("들여쓰기(공백 2칸)로 하위 항목을 적습니다."),
    )
    reason = models.TextField(_("사유"), blank=True, help_text=_("지연·유보·취소일 때 적습니다."))
    target_amount = models.DecimalField(
        _("목표 수량"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    actual_amount = models.DecimalField(
        _("실적 수량"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("단위"), max_length=10, blank=True, help_text=_("예: 명, 팀, 회"))
    updated_at = models.DateTimeField(_("수정 시각"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("수정한 사람"),
    )

    objects = ItemProgressQuerySet.as_manager()

    history = PlanHistory(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["period", "item__card", "item__order"]
        verbose_name = _("추진실적")
        verbose_name_plural = _("추진실적")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "item"],
                name="%(app_label)s_%(class)s_unique_item",
                violation_error_message=_("이 보고 시기에 이 추진계획의 실적이 이미 있습니다."),
            ),
            models.CheckConstraint(
                condition=models.Q(percent__lte=100),
                name="%(app_label)s_%(class)s_percent_range",
                violation_error_message=_("진행률은 0에서 100 사이로 입력하십시오."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=COMPLETED) | models.Q(percent=100),
                name="%(app_label)s_%(class)s_completed_full",
                violation_error_message=_("완료 상태의 진행률은 100%입니다."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=NOT_STARTED) | models.Q(percent=0),
                name="%(app_label)s_%(class)s_not_started_zero",
                violation_error_message=_("미착수 상태의 진행률은 0%입니다."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=[DELAYED, ON_HOLD, CANCELLED])
                | ~models.Q(reason=""),
                name="%(app_label)s_%(class)s_reason_given",
                violation_error_message=_("지연·유보·취소 상태에는 사유를 입력하십시오."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(target_amount__isnull=True, actual_amount__isnull=True)
                    | ~models.Q(unit="")
                ),
                name="%(app_label)s_%(class)s_amount_has_unit",
                violation_error_message=_("목표·실적 수량에는 단위를 입력하십시오."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} ({self.get_status_display()})"

    def clean(self) -> None:
        message = progress_contradiction(self.status or "", self.percent, self.reason)
        if message:
            field = "reason" if "사유" in message else "percent"
            raise ValidationError({field: message})
        if (self.target_amount is not None or self.actual_amount is not None) and not (
            self.unit.strip()
        ):
            raise ValidationError({"unit": _("목표·실적 수량에는 단위를 입력하십시오.")})
        if self.period_id and self.item_id and self.item.card.plan_id != self.period.plan_id:
            raise ValidationError(
                {"item": _("이 보고 시기의 업무계획에 있는 추진계획이 아닙니다.")}
            )


class ProgressReminder(models.Model):
    """One e-mail that reminded an owner of items not yet reported for a period (the rule of
    who owns an item: plans.report.reminders). Kept so that an owner gets at most one per
    period, however often cron runs ``send_progress_reminders``: the unique constraints make it
    so even for two runs at once. Either an officer (a card's 담당자) or, where a card names
    none, a login of the card's team is the recipient, never both."""

    period = models.ForeignKey(
        ReportingPeriod, models.CASCADE, related_name="reminders", verbose_name=_("보고 시기")
    )
    officer = models.ForeignKey(
        "personnel.Officer",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="progress_reminders",
        verbose_name=_("담당자"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("계정"),
    )
    email = models.EmailField(_("받는 주소"))
    item_count = models.PositiveIntegerField(_("미입력 항목 수"))
    sent_at = models.DateTimeField(_("보낸 시각"))

    class Meta:
        ordering = ["period", "sent_at", "pk"]
        verbose_name = _("추진실적 입력 알림")
        verbose_name_plural = _("추진실적 입력 알림")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(officer__isnull=True, user__isnull=False)
                | models.Q(officer__isnull=False, user__isnull=True),
                name="%(app_label)s_%(class)s_one_recipient",
                violation_error_message=_("알림은 담당자나 계정 중 하나에게 보냅니다."),
            ),
            models.UniqueConstraint(
                fields=["period", "officer"],
                condition=models.Q(officer__isnull=False),
                name="%(app_label)s_%(class)s_once_per_officer",
                violation_error_message=_("이 보고 시기에 이 담당자에게 이미 알렸습니다."),
            ),
            models.UniqueConstraint(
                fields=["period", "user"],
                condition=models.Q(user__isnull=False),
                name="%(app_label)s_%(class)s_once_per_user",
                violation_error_message=_("이 보고 시기에 이 계정에 이미 알렸습니다."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} → {self.email}"
