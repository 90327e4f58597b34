"""Money: a department's budget lines per year and account, the county total that gives the
department's share, and the funding rows (소요예산) of a task card. Amounts are 천원, exact."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.history import PlanHistory
from plans.rules.text import CleanTextModel
from plans.rules.validators import (
    MoneyField,
    carried_field,
    non_negative_constraint,
    unique_order_constraint,
)


class Account(models.TextChoices):
    GENERAL = "general", _("일반회계")
    SPECIAL = "special", _("특별회계")


class Stage(models.TextChoices):
    """Which budget of the year: the original (본예산) or a supplementary one (추경)."""

    ORIGINAL = "original", _("본예산")
    SUPPLEMENTARY_1 = "supplementary_1", _("제1회 추경")
    SUPPLEMENTARY_2 = "supplementary_2", _("제2회 추경")
    SUPPLEMENTARY_3 = "supplementary_3", _("제3회 추경")


class DisplayUnit(models.TextChoices):
    """The unit a table states in its caption, e.g. (단위: 백만원)."""

    WON = "원", _("원")
    THOUSAND = "천원", _("천원")
    MILLION = "백만원", _("백만원")


class CountyBudget(models.Model):
    """The whole county's budget for one account: the denominator of a department's share."""

    organization = models.ForeignKey(
        "personnel.Organization",
        models.PROTECT,
        related_name="budgets",
        verbose_name=_("기관"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("회계연도"))
    account = models.CharField(_("회계"), max_length=20, choices=Account.choices)
    stage = models.CharField(
        _("예산 단계"), max_length=20, choices=Stage.choices, default=Stage.ORIGINAL
    )
    total = MoneyField(_("총액(천원)"))
    note = models.CharField(_("비고"), max_length=200, blank=True)

    history = PlanHistory()

    class Meta:
        ordering = ["organization", "-fiscal_year", "account", "stage"]
        verbose_name = _("군 전체 예산")
        verbose_name_plural = _("군 전체 예산")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "fiscal_year", "account", "stage"],
                name="%(app_label)s_%(class)s_unique_year",
                violation_error_message=_(
                    "같은 연도·회계·예산 단계의 군 전체 예산이 이미 있습니다."
                ),
            ),
            non_negative_constraint("total"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.organization} {self.fiscal_year}년 {self.get_account_display()} "
            f"{self.get_stage_display()}"
        )


class BudgetLine(CleanTextModel):
    """One row of a department's budget table: a team, or another heading such as 예비비."""

    department = models.ForeignKey(
        "personnel.Department",
        models.PROTECT,
        related_name="budget_lines",
        verbose_name=_("과"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("회계연도"))
    account = models.CharField(
        _("회계"), max_length=20, choices=Account.choices, default=Account.GENERAL
    )
    stage = models.CharField(
        _("예산 단계"), max_length=20, choices=Stage.choices, default=Stage.ORIGINAL
    )
    team = models.ForeignKey(
        "personnel.Team",
        models.PROTECT,
        related_name="budget_lines",
        verbose_name=_("팀"),
        null=True,
        blank=True,
    )
    heading = models.CharField(
        _("기타 항목"),
        max_length=50,
        blank=True,
        help_text=_("팀이 아닌 항목의 이름. 예: 예비비, 행정운영경비"),
    )
    order = models.PositiveSmallIntegerField(_("순서"))
    amount = MoneyField(_("금액(천원)"))
    # A line opened for next year from last year's (plans.workflow.nextyear), amount to fill.
    carried = carried_field()

    history = PlanHistory()

    class Meta:
        ordering = ["department", "-fiscal_year", "account", "stage", "order"]
        verbose_name = _("부서 예산")
        verbose_name_plural = _("부서 예산")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(team__isnull=False) & models.Q(heading=""))
                | (models.Q(team__isnull=True) & ~models.Q(heading="")),
                name="%(app_label)s_%(class)s_team_or_heading",
                violation_error_message=_("팀과 기타 항목 중 하나만 입력하십시오."),
            ),
            models.UniqueConstraint(
                fields=["department", "fiscal_year", "account", "stage", "team"],
                condition=models.Q(team__isnull=False),
                name="%(app_label)s_%(class)s_unique_team",
                violation_error_message=_("이 팀의 예산이 같은 연도·회계에 이미 있습니다."),
            ),
            models.UniqueConstraint(
                fields=["department", "fiscal_year", "account", "stage", "heading"],
                condition=~models.Q(heading=""),
                name="%(app_label)s_%(class)s_unique_heading",
                violation_error_message=_("같은 이름의 항목이 같은 연도·회계에 이미 있습니다."),
            ),
            unique_order_constraint("department", "fiscal_year", "account", "stage"),
            non_negative_constraint("amount"),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}년 {self.department} {self.label}"

    @property
    def label(self) -> str:
        return self.team.name if self.team_id else self.heading

    @property
    def match_key(self) -> tuple[str, int | str]:
        """What identifies the same row in another year's table (for 증감)."""
        return ("team", self.team_id) if self.team_id else ("heading", self.heading)

    def clean(self) -> None:
        if self.team_id and self.heading:
            raise ValidationError({"heading": _("팀을 선택했다면 기타 항목은 비워 두십시오.")})
        if not self.team_id and not self.heading:
            raise ValidationError({"team": _("팀을 선택하거나 기타 항목 이름을 입력하십시오.")})
        if self.team_id and self.department_id and self.team.department_id != self.department_id:
            raise ValidationError({"team": _("이 과에 속한 팀을 선택하십시오.")})


class FundingSource(models.TextChoices):
    NATIONAL = "national", _("국비")
    PROVINCIAL = "provincial", _("도비")
    COUNTY = "county", _("군비")
    OTHER = "other", _("기타")


class FundingRow(CleanTextModel):
    """One funding source of a task card (소요예산), over the plan's three periods:
    everything invested up to last year, this year, and next year onwards. Blank means "-"."""

    card = models.ForeignKey(
        "plans.TaskCard", models.CASCADE, related_name="funding_rows", verbose_name=_("과제")
    )
    order = models.PositiveSmallIntegerField(_("순서"))
    source = models.CharField(_("재원"), max_length=20, choices=FundingSource.choices)
    prior_years = MoneyField(_("전년까지(천원)"), null=True, blank=True)
    current_year = MoneyField(_("올해(천원)"), null=True, blank=True)
    later_years = MoneyField(_("다음해 이후(천원)"), null=True, blank=True)
    remark = models.CharField(_("비고"), max_length=100, blank=True)
    # Moved from last year's card: 다음해 이후 is still to be split (plans.workflow.nextyear).
    carried = carried_field()

    history = PlanHistory()

    class Meta:
        ordering = ["card", "order"]
        verbose_name = _("소요예산")
        verbose_name_plural = _("소요예산")
        constraints = [
            models.UniqueConstraint(
                fields=["card", "source"],
                name="%(app_label)s_%(class)s_unique_source",
                violation_error_message=_(
                    "같은 재원이 이미 있습니다. 한 재원은 한 줄로 입력하십시오."
                ),
            ),
            unique_order_constraint("card"),
            non_negative_constraint("prior_years", "current_year", "later_years"),
        ]

    def __str__(self) -> str:
        return f"{self.card} {self.get_source_display()}"

    @property
    def periods(self) -> tuple[int | None, int | None, int | None]:
        return (self.prior_years, self.current_year, self.later_years)

    @property
    def total(self) -> int:
        return sum(value or 0 for value in self.periods)

    def clean(self) -> None:
        if all(value is None for value in self.periods):
            raise ValidationError(_("소요예산 한 줄에는 금액이 하나 이상 있어야 합니다."))
