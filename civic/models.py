"""Civic data the work plan reports on: townships and their resident councils, participation
points, hometown-love donations, the town promotion (읍 승격) drive with its housing projects,
elections, field visits and the suggestions citizens make there."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.history import PlanHistory
from plans.rules.validators import (
    MoneyField,
    non_negative,
    non_negative_constraint,
    normalize_schedule_fields,
    unique_order_constraint,
    valid_outline,
    valid_schedule,
)

ORGANIZATION = "personnel.Organization"


class TownshipKind(models.TextChoices):
    EUP = "eup", _("읍")
    MYEON = "myeon", _("면")


class Township(models.Model):
    """A township (읍·면) of the county."""

    organization = models.ForeignKey(
        ORGANIZATION, models.PROTECT, related_name="townships", verbose_name=_("기관")
    )
    name = models.CharField(_("읍·면 명칭"), max_length=30)
    kind = models.CharField(_("구분"), max_length=10, choices=TownshipKind.choices)
    order = models.PositiveSmallIntegerField(_("순서"))

    history = PlanHistory()

    class Meta:
        ordering = ["organization", "order"]
        verbose_name = _("읍·면")
        verbose_name_plural = _("읍·면")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("같은 이름의 읍·면이 이미 있습니다."),
            ),
            unique_order_constraint("organization"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        suffix = "읍" if self.kind == TownshipKind.EUP else "면"
        if self.name and self.kind and not self.name.endswith(suffix):
            raise ValidationError(
                {
                    "name": _("%(kind)s의 이름은 '%(suffix)s'(으)로 끝나야 합니다.")
                    % {"kind": self.get_kind_display(), "suffix": suffix}
                }
            )


class CouncilStage(models.TextChoices):
    COMMITTEE = "committee", _("주민자치위원회")
    PILOT = "pilot", _("주민자치회 시범 실시")
    FULL = "full", _("주민자치회 전면 실시")


class ResidentCouncil(models.Model):
    """A township's resident council (주민자치회) and how far its conversion has come."""

    township = models.OneToOneField(
        Township, models.PROTECT, related_name="resident_council", verbose_name=_("읍·면")
    )
    stage = models.CharField(_("단계"), max_length=20, choices=CouncilStage.choices)
    approved = models.CharField(
        _("행안부 승인 시기"),
        max_length=30,
        blank=True,
        validators=[valid_schedule],
        help_text=_("예: '22. 11."),
    )
    members_appointed = models.CharField(
        _("위원 위촉 시기"),
        max_length=30,
        blank=True,
        validators=[valid_schedule],
        help_text=_("예: '22. 4. ~ 5."),
    )
    note = models.CharField(_("비고"), max_length=200, blank=True)

    history = PlanHistory()

    class Meta:
        ordering = ["township__organization", "township__order"]
        verbose_name = _("주민자치회")
        verbose_name_plural = _("주민자치회")

    def __str__(self) -> str:
        return f"{self.township} 주민자치회"

    def clean(self) -> None:
        normalize_schedule_fields(self, "approved", "members_appointed")


class ParticipationPointYear(models.Model):
    """A year of the participation point scheme (주민참여포인트제)."""

    organization = models.ForeignKey(
        ORGANIZATION, models.PROTECT, related_name="participation_points", verbose_name=_("기관")
    )
    year = models.PositiveSmallIntegerField(_("연도"))
    points_awarded = models.BigIntegerField(_("부여 포인트"), validators=[non_negative])
    as_of = models.DateField(_("기준일"))
    incentive_threshold = models.IntegerField(
        _("인센티브 기준 포인트"), validators=[non_negative], help_text=_("예: 10000")
    )
    incentive_recipients = models.IntegerField(
        _("인센티브 지급 인원(명)"), validators=[non_negative]
    )
    incentive_kind = models.CharField(
        _("인센티브"), max_length=100, blank=True, help_text=_("예: 음성행복페이, 상품권 제공")
    )

    history = PlanHistory()

    class Meta:
        ordering = ["organization", "-year"]
        verbose_name = _("주민참여포인트 실적")
        verbose_name_plural = _("주민참여포인트 실적")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="%(app_label)s_%(class)s_unique_year",
                violation_error_message=_("이 연도의 실적이 이미 있습니다."),
            ),
            non_negative_constraint(
                "points_awarded", "incentive_threshold", "incentive_recipients"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}년 주민참여포인트"


class HometownLoveFund(models.Model):
    """The county's hometown-love fund (고향사랑기금) under the 고향사랑 기부금에 관한 법률."""

    organization = models.OneToOneField(
        ORGANIZATION, models.PROTECT, related_name="hometown_fund", verbose_name=_("기관")
    )
    law_enacted = models.DateField(_("법률 제정일"))
    law_effective = models.DateField(_("법률 시행일"))
    ordinance_enacted = models.CharField(
        _("조례 제정 시기"), max_length=30, blank=True, validators=[valid_schedule]
    )
    fund_established = models.CharField(
        _("기금 설치 시기"), max_length=30, blank=True, validators=[valid_schedule]
    )

    history = PlanHistory()

    class Meta:
        ordering = ["organization"]
        verbose_name = _("고향사랑기금")
        verbose_name_plural = _("고향사랑기금")

    def __str__(self) -> str:
        return f"{self.organization} 고향사랑기금"

    def clean(self) -> None:
        normalize_schedule_fields(self, "ordinance_enacted", "fund_established")
        if self.law_enacted and self.law_effective and self.law_effective < self.law_enacted:
            raise ValidationError({"law_effective": _("시행일은 제정일보다 빠를 수 없습니다.")})


class HometownDonation(models.Model):
    """Donations received in one month (고향사랑기부금), for yearly totals and the fund."""

    fund = models.ForeignKey(
        HometownLoveFund, models.PROTECT, related_name="donations", verbose_name=_("기금")
    )
    year = models.PositiveSmallIntegerField(_("연도"))
    month = models.PositiveSmallIntegerField(_("월"))
    donor_count = models.IntegerField(_("기부자 수(명)"), validators=[non_negative])
    amount = MoneyField(_("기부금(천원)"))

    history = PlanHistory()

    class Meta:
        ordering = ["fund", "-year", "-month"]
        verbose_name = _("고향사랑기부금 모금")
        verbose_name_plural = _("고향사랑기부금 모금")
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "year", "month"],
                name="%(app_label)s_%(class)s_unique_month",
                violation_error_message=_("이 연월의 모금 실적이 이미 있습니다."),
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12),
                name="%(app_label)s_%(class)s_valid_month",
                violation_error_message=_("월은 1부터 12 사이여야 합니다."),
            ),
            non_negative_constraint("donor_count", "amount"),
        ]

    def __str__(self) -> str:
        return f"{self.year}년 {self.month}월 고향사랑기부금"


class TownPromotionRule(models.Model):
    """The legal thresholds a 면 must meet to become a 읍 (지방자치법 제10조)."""

    legal_basis = models.CharField(_("법적 근거"), max_length=200)
    min_population = models.IntegerField(_("최소 인구(명)"), validators=[non_negative])
    min_urban_ratio = models.DecimalField(
        _("시가지 구성인구 및 도시적 산업가구 비율 하한(%)"),
        max_digits=5,
        decimal_places=2,
        validators=[non_negative],
    )
    description = models.CharField(_("요건 설명"), max_length=300)

    history = PlanHistory()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("읍 승격 요건")
        verbose_name_plural = _("읍 승격 요건")

    def __str__(self) -> str:
        return self.legal_basis


class TownPromotionStep(models.Model):
    """One step of the legal procedure of a town promotion, in order."""

    order = models.PositiveSmallIntegerField(_("순서"), unique=True)
    name = models.CharField(_("절차"), max_length=100)

    history = PlanHistory()

    class Meta:
        ordering = ["order"]
        verbose_name = _("읍 승격 절차")
        verbose_name_plural = _("읍 승격 절차")

    def __str__(self) -> str:
        return self.name


class TownPromotionTarget(models.Model):
    """A 면 the county is preparing for promotion to 읍, and over which years."""

    township = models.OneToOneField(
        Township, models.PROTECT, related_name="promotion", verbose_name=_("읍·면")
    )
    start_year = models.PositiveSmallIntegerField(_("시작 연도"))
    end_year = models.PositiveSmallIntegerField(_("목표 연도"))

    history = PlanHistory()

    class Meta:
        ordering = ["township__order"]
        verbose_name = _("읍 승격 대상")
        verbose_name_plural = _("읍 승격 대상")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("목표 연도는 시작 연도보다 빠를 수 없습니다."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.township} 읍 승격"

    def clean(self) -> None:
        if self.township_id and self.township.kind != TownshipKind.MYEON:
            raise ValidationError({"township": _("읍 승격 대상은 면이어야 합니다.")})


class HousingProject(models.Model):
    """An apartment project that grows a township toward the promotion threshold."""

    township = models.ForeignKey(
        Township, models.PROTECT, related_name="housing_projects", verbose_name=_("읍·면")
    )
    order = models.PositiveSmallIntegerField(_("순서"))
    category = models.CharField(_("유형"), max_length=30, help_text=_("예: 행복주택, 산단공동주택"))
    name = models.CharField(_("사업명"), max_length=50, help_text=_("예: 근로자전용, 인곡산단"))
    households = models.IntegerField(_("세대수"), validators=[non_negative])
    completion = models.CharField(
        _("준공 시기"), max_length=40, blank=True, help_text=_("예: 24년 하반기, 24년 ~ 26년")
    )

    history = PlanHistory()

    class Meta:
        ordering = ["township__order", "order"]
        verbose_name = _("공동주택 건설사업")
        verbose_name_plural = _("공동주택 건설사업")
        constraints = [
            unique_order_constraint("township"),
            non_negative_constraint("households"),
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.name}({self.households:,}세대)"


class Election(models.Model):
    """An election the department ran; turnout is computed from electorate and voters."""

    organization = models.ForeignKey(
        ORGANIZATION, models.PROTECT, related_name="elections", verbose_name=_("기관")
    )
    name = models.CharField(_("선거명"), max_length=50)
    date = models.DateField(_("선거일"))
    electorate = models.IntegerField(_("선거인수(명)"), validators=[non_negative])
    voters = models.IntegerField(_("투표자수(명)"), validators=[non_negative])
    clerks = models.IntegerField(_("간사·서기(명)"), validators=[non_negative])
    polling_staff = models.IntegerField(_("(사전)투표 종사자(명)"), validators=[non_negative])
    counting_staff = models.IntegerField(_("개표 종사자(명)"), validators=[non_negative])

    history = PlanHistory()

    class Meta:
        ordering = ["organization", "date"]
        verbose_name = _("선거")
        verbose_name_plural = _("선거")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("같은 이름의 선거가 이미 있습니다."),
            ),
            models.CheckConstraint(
                condition=models.Q(voters__lte=models.F("electorate")),
                name="%(app_label)s_%(class)s_voters_within_electorate",
                violation_error_message=_("투표자수는 선거인수보다 많을 수 없습니다."),
            ),
            non_negative_constraint(
                "electorate", "voters", "clerks", "polling_staff", "counting_staff"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class VisitKind(models.TextChoices):
    HEAD_TOWNSHIP_TOUR = "head_tour", _("군수 읍·면 방문")
    GOVERNOR_VISIT = "governor", _("도지사 방문")
    FOLLOW_UP_MEETING = "follow_up", _("건의사항 추진상황 보고회")


class FieldVisit(models.Model):
    """A field visit or meeting with residents, where suggestions (건의사항) are heard."""

    organization = models.ForeignKey(
        ORGANIZATION, models.PROTECT, related_name="field_visits", verbose_name=_("기관")
    )
    kind = models.CharField(_("구분"), max_length=20, choices=VisitKind.choices)
    title = models.CharField(_("행사명"), max_length=100)
    start_date = models.DateField(_("시작일"))
    end_date = models.DateField(_("종료일"), null=True, blank=True)
    start_time = models.TimeField(_("시작 시각"), null=True, blank=True)
    place = models.CharField(_("장소"), max_length=100)
    program = models.TextField(_("내용"), blank=True, validators=[valid_outline])
    reported_suggestions = models.IntegerField(
        _("보고된 건의사항 수(건)"),
        null=True,
        blank=True,
        validators=[non_negative],
        help_text=_(
            "개별 건의사항을 입력하지 않은 과거 행사의 건수. 개별 입력분은 자동 집계합니다."
        ),
    )

    history = PlanHistory()

    class Meta:
        ordering = ["organization", "start_date"]
        verbose_name = _("현장 방문")
        verbose_name_plural = _("현장 방문")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("종료일은 시작일보다 빠를 수 없습니다."),
            ),
            models.UniqueConstraint(
                fields=["organization", "title", "start_date"],
                name="%(app_label)s_%(class)s_unique_visit",
                violation_error_message=_("같은 날 시작하는 같은 이름의 방문이 이미 있습니다."),
            ),
            non_negative_constraint("reported_suggestions"),
        ]

    def __str__(self) -> str:
        return f"{self.start_date:%Y}년 {self.title}"


class SuggestionStatus(models.TextChoices):
    RECEIVED = "received", _("접수")
    REVIEWING = "reviewing", _("검토 중")
    IN_PROGRESS = "in_progress", _("추진 중")
    DONE = "done", _("완료")
    LONG_TERM = "long_term", _("장기 검토")
    NOT_FEASIBLE = "not_feasible", _("반영 불가")


class CitizenSuggestion(models.Model):
    """A suggestion (건의사항) heard at a field visit, and how it is being handled."""

    visit = models.ForeignKey(
        FieldVisit, models.PROTECT, related_name="suggestions", verbose_name=_("방문")
    )
    township = models.ForeignKey(
        Township,
        models.PROTECT,
        related_name="suggestions",
        verbose_name=_("읍·면"),
        null=True,
        blank=True,
    )
    content = models.TextField(_("건의 내용"))
    status = models.CharField(
        _("처리 상태"),
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.RECEIVED,
    )
    responsible_department = models.ForeignKey(
        "personnel.Department",
        models.PROTECT,
        related_name="suggestions",
        verbose_name=_("처리 부서"),
        null=True,
        blank=True,
    )
    answer = models.TextField(_("답변·추진 내용"), blank=True)
    updated_at = models.DateTimeField(_("수정 시각"), auto_now=True)

    history = PlanHistory(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["visit", "township__order", "pk"]
        verbose_name = _("건의사항")
        verbose_name_plural = _("건의사항")

    def __str__(self) -> str:
        return self.content[:40]

    def clean(self) -> None:
        closed = {SuggestionStatus.DONE, SuggestionStatus.NOT_FEASIBLE}
        if self.status in closed and not self.answer.strip():
            raise ValidationError(
                {"answer": _("완료 또는 반영 불가로 처리하려면 답변을 입력하십시오.")}
            )
