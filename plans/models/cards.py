"""Task cards (IV 주요업무계획, V 특수시책) and their parts: 개요 facts, 추진상황, 추진계획 and
담당자. 소요예산 rows are budget.FundingRow."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from budget.models import DisplayUnit
from plans.history import PlanHistory
from plans.rules.text import CleanTextModel
from plans.rules.validators import (
    carried_field,
    normalize_schedule_fields,
    unique_order_constraint,
    valid_outline,
    valid_schedule,
)

from .plan import WorkPlan


class Section(models.TextChoices):
    MAIN = "main", _("주요업무계획")
    SPECIAL = "special", _("특수시책")


# The report's chapter numerals: task cards are IV-3, V-1 in every address, file and sheet.
SECTION_NUMERALS = {Section.MAIN: "IV", Section.SPECIAL: "V"}


class TaskCardQuerySet(models.QuerySet):
    def for_report(self):
        return self.select_related("team__department").prefetch_related(
            "facts",
            "progress_items",
            "plan_items",
            "funding_rows",
            models.Prefetch(
                "contacts", queryset=CardContact.objects.select_related("officer__team")
            ),
        )


class TaskCard(CleanTextModel):
    """A numbered task of the plan: what, why, how, when, with what money and who answers."""

    plan = models.ForeignKey(
        WorkPlan, models.CASCADE, related_name="cards", verbose_name=_("업무계획")
    )
    section = models.CharField(
        _("구분"), max_length=20, choices=Section.choices, default=Section.MAIN
    )
    number = models.PositiveSmallIntegerField(_("번호"))
    title = models.CharField(_("과제명"), max_length=200)
    team = models.ForeignKey(
        "personnel.Team", models.PROTECT, related_name="cards", verbose_name=_("담당 팀")
    )
    is_continuing = models.BooleanField(_("계속"), default=False)
    is_new = models.BooleanField(_("신규"), default=False)
    is_pending_issue = models.BooleanField(_("현안"), default=False)
    overview = models.TextField(_("개요"), blank=True, validators=[valid_outline])
    facts_title = models.CharField(
        _("사업개요 제목"),
        max_length=100,
        blank=True,
        help_text=_(
            "사업개요 항목 위에 □ 제목을 붙일 때만 입력합니다. 예: 우편모아시스템 구축 개요"
        ),
    )
    policies = models.TextField(_("추진방침"), blank=True, validators=[valid_outline])
    expected_effects = models.TextField(_("기대효과"), blank=True, validators=[valid_outline])
    funding_unit = models.CharField(
        _("소요예산 표시 단위"),
        max_length=10,
        choices=DisplayUnit.choices,
        default=DisplayUnit.MILLION,
    )
    # The card of last year's plan this one continues: the comparison with last year matches
    # by it before it falls back to the title, so a renamed card is still the same task.
    continues = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("이어받은 작년 과제"),
        help_text=_(
            "작년 업무계획에서 이 과제가 이어받은 과제. 제목이 바뀌어도 계속 과제로 비교합니다."
        ),
    )
    carried = carried_field()

    objects = TaskCardQuerySet.as_manager()

    history = PlanHistory()

    class Meta:
        ordering = ["plan", "section", "number"]
        verbose_name = _("과제")
        verbose_name_plural = _("과제")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "section", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_("같은 구분에 같은 번호의 과제가 이미 있습니다."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_section_display()} {self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        plan = self.plan
        return reverse("plans:card_detail", args=[plan.year, plan.department.slug, self.code])

    @property
    def code(self) -> str:
        """IV-3 for the third card of 주요업무계획, V-1 for the first 특수시책."""
        return f"{SECTION_NUMERALS[self.section]}-{self.number}"

    @property
    def kinds(self) -> list[str]:
        """사업구분 labels in the report's order: 계속, 신규, 현안."""
        flags = [
            (self.is_continuing, _("계속")),
            (self.is_new, _("신규")),
            (self.is_pending_issue, _("현안")),
        ]
        return [str(label) for flag, label in flags if flag]

    def clean(self) -> None:
        if self.team_id and self.plan_id and self.team.department_id != self.plan.department_id:
            raise ValidationError({"team": _("이 업무계획을 작성하는 과의 팀을 선택하십시오.")})
        if self.continues_id and self.plan_id:
            previous = self.continues.plan
            if (
                previous.department_id != self.plan.department_id
                or previous.year != self.plan.year - 1
            ):
                raise ValidationError(
                    {
                        "continues": _(
                            "이어받은 과제는 같은 과의 %(year)s년 업무계획 과제여야 합니다."
                        )
                        % {"year": self.plan.year - 1}
                    }
                )


class CardFact(CleanTextModel):
    """A labelled fact of a card's overview: 사업기간, 대상, 법적요건, 내용 …"""

    card = models.ForeignKey(TaskCard, models.CASCADE, related_name="facts", verbose_name=_("과제"))
    order = models.PositiveSmallIntegerField(_("순서"))
    label = models.CharField(_("항목"), max_length=30, blank=True, help_text=_("예: 사업기간"))
    value = models.TextField(
        _("내용"),
        validators=[valid_outline],
        help_text=_("첫 줄은 항목 옆에, 들여쓴 줄은 그 아래에 표시됩니다."),
    )
    carried = carried_field()

    history = PlanHistory()

    class Meta:
        ordering = ["card", "order"]
        verbose_name = _("사업개요")
        verbose_name_plural = _("사업개요")
        constraints = [unique_order_constraint("card")]

    def __str__(self) -> str:
        return self.label or self.value.splitlines()[0]


class ScheduledItem(CleanTextModel):
    """What 추진상황 and 추진계획 rows share: ordered text with a schedule in the seed's style."""

    order = models.PositiveSmallIntegerField(_("순서"))
    text = models.CharField(_("내용"), max_length=300)
    schedule = models.CharField(
        _("일정"),
        max_length=40,
        blank=True,
        validators=[valid_schedule],
        help_text=_("예: '23. 3., '23. 5. ~ 9., 연중, 매월, 3월, 9월"),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        normalize_schedule_fields(self, "schedule")


class ProgressItem(ScheduledItem):
    """추진상황: what has been done so far, with when."""

    card = models.ForeignKey(
        TaskCard, models.CASCADE, related_name="progress_items", verbose_name=_("과제")
    )
    # Drafted from last year's card (plans.workflow.nextyear), not yet confirmed.
    carried = carried_field()

    history = PlanHistory()

    class Meta:
        ordering = ["card", "order"]
        verbose_name = _("추진상황")
        verbose_name_plural = _("추진상황")
        constraints = [unique_order_constraint("card")]


class DataBlock(models.TextChoices):
    """Tables drawn from civic data under a plan item, so their figures have one source."""

    NONE = "", _("없음")
    HOUSING_PROJECTS = "housing_projects", _("공동주택건설 주요사업")
    PROMOTION_STEPS = "promotion_steps", _("읍 승격 절차")


class PlanItem(ScheduledItem):
    """추진계획: a planned action with its schedule, target and sub-items."""

    card = models.ForeignKey(
        TaskCard, models.CASCADE, related_name="plan_items", verbose_name=_("과제")
    )
    target = models.CharField(
        _("목표"), max_length=40, blank=True, help_text=_("예: 1회, 4명, 3팀, 각 1회")
    )
    details = models.TextField(
        _("세부 내용"),
        blank=True,
        validators=[valid_outline],
        help_text=_("하위 항목. 들여쓰기(공백 2칸)로 단계를 나눕니다."),
    )
    data_block = models.CharField(
        _("함께 표시할 자료"), max_length=30, choices=DataBlock.choices, blank=True, default=""
    )
    # Optional: plans.rules.progress weighs a card's 진행률 by it only when every item has one.
    weight = models.PositiveSmallIntegerField(
        _("가중치"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=_("가중치는 1 이상으로 입력하십시오."))],
        help_text=_(
            "추진실적 진행률을 과제 단위로 합칠 때의 비중입니다. "
            "비워 두면 모든 항목이 같은 비중입니다."
        ),
    )

    history = PlanHistory()

    class Meta:
        ordering = ["card", "order"]
        verbose_name = _("추진계획")
        verbose_name_plural = _("추진계획")
        constraints = [unique_order_constraint("card")]


class CardContact(models.Model):
    """An officer answering for a card (담당), in the order printed."""

    card = models.ForeignKey(
        TaskCard, models.CASCADE, related_name="contacts", verbose_name=_("과제")
    )
    order = models.PositiveSmallIntegerField(_("순서"))
    officer = models.ForeignKey(
        "personnel.Officer", models.PROTECT, related_name="contacts", verbose_name=_("담당자")
    )

    history = PlanHistory()

    class Meta:
        ordering = ["card", "order"]
        verbose_name = _("담당자")
        verbose_name_plural = _("담당자")
        constraints = [
            unique_order_constraint("card"),
            models.UniqueConstraint(
                fields=["card", "officer"],
                name="%(app_label)s_%(class)s_unique_officer",
                violation_error_message=_("같은 담당자가 이미 있습니다."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.officer)

    def clean(self) -> None:
        # The card may be new, in the same admin form (an inline): then it is set but not
        # saved, and its plan is what the form chose.
        card = self.card if self.card_id or self._card_is_set() else None
        plan_department = card.plan.department_id if card and card.plan_id else None
        if (
            self.officer_id
            and plan_department is not None
            and self.officer.team.department_id != plan_department
        ):
            raise ValidationError(
                {"officer": _("이 업무계획을 작성하는 과의 담당자를 선택하십시오.")}
            )

    def _card_is_set(self) -> bool:
        return self._meta.get_field("card").is_cached(self)
