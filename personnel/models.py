"""The organisation and its people: county → bureau (국, or none) → department → team, grades,
staffing counts, officers named on task cards, and staff welfare programs."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.history import PlanHistory
from plans.rules.validators import (
    MoneyField,
    carried_field,
    non_negative,
    non_negative_constraint,
    normalize_schedule_fields,
    office_phone,
    unique_order_constraint,
    valid_outline,
    valid_schedule,
)


class Organization(models.Model):
    """A local government (군), e.g. 음성군."""

    name = models.CharField(_("기관명"), max_length=50, unique=True)

    history = PlanHistory()

    class Meta:
        ordering = ["name"]
        verbose_name = _("기관")
        verbose_name_plural = _("기관")

    def __str__(self) -> str:
        return self.name


class Bureau(models.Model):
    """A bureau (국), e.g. 행정복지국."""

    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="bureaus", verbose_name=_("기관")
    )
    name = models.CharField(_("국 명칭"), max_length=50)
    order = models.PositiveSmallIntegerField(_("순서"))

    history = PlanHistory()

    class Meta:
        ordering = ["organization", "order"]
        verbose_name = _("국")
        verbose_name_plural = _("국")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("같은 이름의 국이 이미 있습니다."),
            ),
            unique_order_constraint("organization"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Its departments keep the county of their bureau (Department's docstring says why).
        if (
            self.pk is not None
            and self.organization_id is not None
            and self.departments.exclude(organization_id=self.organization_id).exists()
        ):
            raise ValidationError(
                {"organization": _("과가 있는 국은 다른 기관으로 옮길 수 없습니다.")}
            )


class DepartmentKind(models.TextChoices):
    """What a county calls a unit that writes its own work plan. The report counts the unit by
    this word: a 과 with four teams is "1과 4팀", a 실 with two "1실 2팀"."""

    OFFICE = "office", _("실")
    TASK_FORCE = "task_force", _("단")
    STATION = "station", _("소")
    DIVISION = "division", _("과")
    DIRECTOR = "director", _("담당관")


class Department(models.Model):
    """A department (과, or a 실, 단, 소 or 담당관), the unit that writes and presents a work
    plan, e.g. 자치행정과 under 행정복지국, or 기획감사실 directly under the county.

    Why both ``organization`` and a nullable ``bureau``: a department under a 국 belongs to the
    국's county, and one directly under the county (기획감사실 under the 부군수) to the county
    alone. Keeping the county on every department gives one path from any row to its county
    (``department__organization``) for scopes, listings and reports, instead of an "either the
    bureau's or its own" rule in every query. The price is that the two must agree where there is
    a bureau; Django has no composite foreign key to make the database hold that, so
    :meth:`clean` does (it fills the county from the bureau, and refuses a bureau of another
    county), and every way in (admin forms, the document loader behind the workbook and 한글
    imports, the synthetic county) calls ``full_clean()`` before saving."""

    organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        related_name="departments",
        verbose_name=_("기관"),
        blank=True,  # filled from the bureau by clean() when a bureau is chosen
    )
    bureau = models.ForeignKey(
        Bureau,
        models.PROTECT,
        related_name="departments",
        verbose_name=_("국"),
        null=True,
        blank=True,
        help_text=_("국에 속하지 않고 군에 바로 속한 부서(예: 기획감사실)는 비워 둡니다."),
    )
    kind = models.CharField(
        _("부서 종류"),
        max_length=20,
        choices=DepartmentKind.choices,
        default=DepartmentKind.DIVISION,
        help_text=_("보고서의 기구 줄에 씁니다. 예: 실이면 '1실 2팀'"),
    )
    name = models.CharField(_("과 명칭"), max_length=50)
    slug = models.SlugField(
        _("주소용 이름"),
        max_length=60,
        unique=True,
        allow_unicode=True,
        help_text=_("공개 주소에 쓰는 이름입니다. 예: 자치행정과"),
    )
    order = models.PositiveSmallIntegerField(
        _("순서"), help_text=_("국 안의 순서, 국이 없으면 군에 바로 속한 부서 사이의 순서입니다.")
    )

    history = PlanHistory()

    class Meta:
        # Departments directly under the county come before the bureaus, as counties print
        # their charts (기획감사실 under the 부군수 first).
        ordering = [
            "organization",
            models.F("bureau__order").asc(nulls_first=True),
            "order",
        ]
        verbose_name = _("과")
        verbose_name_plural = _("과")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("같은 기관에 같은 이름의 부서가 이미 있습니다."),
            ),
            unique_order_constraint("bureau"),
            models.UniqueConstraint(
                fields=["organization", "order"],
                condition=models.Q(bureau__isnull=True),
                name="%(app_label)s_%(class)s_unique_order_without_bureau",
                violation_error_message=_(
                    "군에 바로 속한 부서에 같은 순서 번호가 이미 있습니다. "
                    "다른 번호를 입력하십시오."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.bureau_id is not None:
            bureau_organization = self.bureau.organization_id
            if self.organization_id is None:
                self.organization_id = bureau_organization
            elif self.organization_id != bureau_organization:
                raise ValidationError(
                    {"bureau": _("다른 기관의 국입니다. 이 부서의 기관에 속한 국을 고르십시오.")}
                )
        elif self.organization_id is None:
            raise ValidationError(
                {"organization": _("기관을 고르십시오(국을 고르면 국의 기관으로 정해집니다).")}
            )

    @property
    def kind_label(self) -> str:
        """실, 단, 소, 과 or 담당관, as the report's 기구 line counts the department."""
        return str(DepartmentKind(self.kind).label)

    @property
    def parent_name(self) -> str:
        """What the department sits under: its 국, or the county itself."""
        return self.bureau.name if self.bureau_id is not None else self.organization.name


def chart_order(path: str = "") -> list:
    """``order_by`` terms that put departments (or rows reached by ``path``, e.g.
    ``"department"``) in the county's printed order: county, then the departments directly under
    it (no 국), then each 국 in its order, each one's departments in theirs."""
    prefix = f"{path}__" if path else ""
    return [
        f"{prefix}organization__name",
        models.F(f"{prefix}bureau__order").asc(nulls_first=True),
        f"{prefix}order",
    ]


class Team(models.Model):
    """A team (팀) of a department, with its main functions (주요기능) as the report lists them."""

    department = models.ForeignKey(
        Department, models.PROTECT, related_name="teams", verbose_name=_("과")
    )
    name = models.CharField(_("팀 명칭"), max_length=50)
    order = models.PositiveSmallIntegerField(_("순서"))
    functions = models.TextField(
        _("주요기능"),
        blank=True,
        validators=[valid_outline],
        help_text=_("쉼표로 구분한 업무 목록. 예: 인사관리, 직제 정원관리, 선거 등"),
    )
    is_active = models.BooleanField(_("운영 중"), default=True)

    history = PlanHistory()

    class Meta:
        ordering = ["department", "order"]
        verbose_name = _("팀")
        verbose_name_plural = _("팀")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("같은 과에 같은 이름의 팀이 이미 있습니다."),
            ),
            unique_order_constraint("department"),
        ]

    def __str__(self) -> str:
        return f"{self.department.name} {self.name}"


class GradeCategory(models.TextChoices):
    """Columns of the staffing table, in the report's order."""

    POLITICAL = "political", _("정무직")
    GENERAL = "general", _("일반직")
    SPECIAL = "special", _("별정직")
    RESEARCH = "research", _("연구직")
    SUPERNUMERARY = "supernumerary", _("정원외")


# Only 일반직 is broken down by grade in the staffing table (소계 plus 4급 … 9급); 정원외 kinds
# (청원경찰, 공무원) are summed into one column and itemised in a note under the table.
CATEGORIES_BROKEN_DOWN = frozenset({GradeCategory.GENERAL})


class Grade(models.Model):
    """A grade or kind of post: 일반직 6급, 정무직, 연구직, 정원외 청원경찰 …"""

    category = models.CharField(_("구분"), max_length=20, choices=GradeCategory.choices)
    name = models.CharField(_("직급"), max_length=30, help_text=_("예: 6급, 청원경찰"))
    order = models.PositiveSmallIntegerField(_("순서"), unique=True)

    history = PlanHistory()

    class Meta:
        ordering = ["order"]
        verbose_name = _("직급")
        verbose_name_plural = _("직급")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("같은 구분에 같은 직급이 이미 있습니다."),
            ),
        ]

    def __str__(self) -> str:
        label = self.get_category_display()
        return label if self.name == label else f"{label} {self.name}"

    @property
    def is_supernumerary(self) -> bool:
        return self.category == GradeCategory.SUPERNUMERARY


class StaffingCount(models.Model):
    """How many posts a team has in one grade in a year: authorised (정원) and filled (현원).

    정원외 posts have no authorised number by definition, only people."""

    year = models.PositiveSmallIntegerField(_("연도"))
    team = models.ForeignKey(Team, models.PROTECT, related_name="staffing", verbose_name=_("팀"))
    grade = models.ForeignKey(
        Grade, models.PROTECT, related_name="staffing", verbose_name=_("직급")
    )
    authorized = models.IntegerField(_("정원"), null=True, blank=True, validators=[non_negative])
    current = models.IntegerField(_("현원"), validators=[non_negative])
    # Copied from last year's counts as a starting point (plans.workflow.nextyear).
    carried = carried_field()

    history = PlanHistory()

    class Meta:
        ordering = ["year", "team__department", "team__order", "grade__order"]
        verbose_name = _("인력 현황")
        verbose_name_plural = _("인력 현황")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "team", "grade"],
                name="%(app_label)s_%(class)s_unique_cell",
                violation_error_message=_("같은 연도·팀·직급의 인원이 이미 있습니다."),
            ),
            non_negative_constraint("authorized", "current"),
        ]

    def __str__(self) -> str:
        return f"{self.year}년 {self.team} {self.grade}: {self.current}명"

    def clean(self) -> None:
        if self.grade_id is None:
            return
        if self.grade.is_supernumerary and self.authorized is not None:
            raise ValidationError(
                {"authorized": _("정원외 인력에는 정원을 입력하지 않습니다. 현원만 입력하십시오.")}
            )
        if not self.grade.is_supernumerary and self.authorized is None:
            raise ValidationError({"authorized": _("정원을 입력하십시오.")})


# The titles of 일반직 grades as positions spell them (행정주사보 is 7급), longest first.
GRADE_TITLES = (
    ("서기관", 4),
    ("사무관", 5),
    ("주사보", 7),
    ("주사", 6),
    ("서기보", 9),
    ("서기", 8),
)
_GRADE_IN_POSITION = re.compile(r"([4-9])급$")


def grade_number(position: str) -> int | None:
    """The 일반직 grade a position names (행정6급 → 6, 행정주사보 → 7), or None (기록연구사)."""
    text = "".join(position.split())
    if match := _GRADE_IN_POSITION.search(text):
        return int(match.group(1))
    for title, number in GRADE_TITLES:
        if text.endswith(title):
            return number
    return None


class Officer(models.Model):
    """A staff member named as a contact (담당자) on task cards."""

    team = models.ForeignKey(Team, models.PROTECT, related_name="officers", verbose_name=_("팀"))
    position = models.CharField(
        _("직렬·직급"), max_length=30, help_text=_("보고서에 적는 그대로. 예: 행정6급, 기록연구사")
    )
    grade = models.ForeignKey(
        Grade,
        models.PROTECT,
        related_name="officers",
        verbose_name=_("직급 구분"),
        null=True,
        blank=True,
    )
    name = models.CharField(_("성명"), max_length=30)
    phone = models.CharField(_("전화번호"), max_length=20, validators=[office_phone])
    # Where the 추진실적 reminders go (plans.workflow.reminders); the report never prints it.
    email = models.EmailField(
        _("이메일"), blank=True, help_text=_("추진실적 입력 알림을 받는 주소입니다.")
    )
    is_active = models.BooleanField(_("재직 중"), default=True)

    history = PlanHistory()

    class Meta:
        ordering = ["team__department", "team__order", "name"]
        verbose_name = _("담당자")
        verbose_name_plural = _("담당자")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "name", "phone"],
                name="%(app_label)s_%(class)s_unique_person",
                violation_error_message=_(
                    "같은 팀에 같은 이름과 전화번호의 담당자가 이미 있습니다."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position} {self.name}"

    def clean(self) -> None:
        # 행정6급 names its grade: the 직급 구분 chosen beside it must be the same one, or the
        # officer is counted in one column of the staffing table and printed in another.
        number = grade_number(self.position)
        if number is None or self.grade_id is None:
            return
        grade = self.grade
        if grade.category != GradeCategory.GENERAL or grade.name != f"{number}급":
            raise ValidationError(
                {
                    "grade": _(
                        "직렬·직급 '%(position)s'은(는) %(number)s급인데 직급 구분이 "
                        "%(grade)s입니다. 일반직 %(number)s급을 선택하십시오."
                    )
                    % {"position": self.position, "number": number, "grade": grade}
                }
            )


class WelfareProgram(models.Model):
    """A staff welfare program (후생복지) and its yearly result: who benefited and what it cost."""

    department = models.ForeignKey(
        Department, models.PROTECT, related_name="welfare_programs", verbose_name=_("과")
    )
    year = models.PositiveSmallIntegerField(_("연도"))
    order = models.PositiveSmallIntegerField(_("순서"))
    name = models.CharField(_("사업명"), max_length=100)
    period = models.CharField(
        _("기간"),
        max_length=40,
        blank=True,
        validators=[valid_schedule],
        help_text=_("예: 7월 ~ 12월"),
    )
    facility_count = models.IntegerField(
        _("시설 수(개소)"), null=True, blank=True, validators=[non_negative]
    )
    beneficiary_count = models.IntegerField(
        _("대상 인원(명)"), null=True, blank=True, validators=[non_negative]
    )
    beneficiary_note = models.CharField(
        _("인원 설명"), max_length=30, blank=True, help_text=_("예: 아동 수")
    )
    total_amount = MoneyField(_("총액(천원)"), null=True, blank=True)
    per_person_amount = MoneyField(_("1인당 금액(천원)"), null=True, blank=True)

    history = PlanHistory()

    class Meta:
        ordering = ["department", "year", "order"]
        verbose_name = _("후생복지 사업")
        verbose_name_plural = _("후생복지 사업")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("같은 연도에 같은 이름의 사업이 이미 있습니다."),
            ),
            unique_order_constraint("department", "year"),
            non_negative_constraint(
                "facility_count", "beneficiary_count", "total_amount", "per_person_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}년 {self.name}"

    def clean(self) -> None:
        normalize_schedule_fields(self, "period")
        # Both amounts may be printed (장제서비스: 36명 / 18,000천원, ※ 1인당 500천원); then they
        # must agree, so a typo in either is caught instead of printed.
        if self.total_amount is None or self.per_person_amount is None:
            return
        if self.beneficiary_count is None:
            raise ValidationError(
                {
                    "beneficiary_count": _(
                        "1인당 금액과 총액을 함께 적으려면 대상 인원이 필요합니다."
                    )
                }
            )
        expected = self.per_person_amount * self.beneficiary_count
        if expected != self.total_amount:
            raise ValidationError(
                {
                    "total_amount": _(
                        "총액 %(total)s천원이 1인당 금액 × 대상 인원(%(expected)s천원)과 다릅니다."
                    )
                    % {"total": f"{self.total_amount:,}", "expected": f"{expected:,}"}
                }
            )


class StaffProfile(models.Model):
    """Ties an admin login to the team its holder works in. A 작성자 edits that team's cards
    and figures; 검토자, 게시관리자 and 열람자 work on the whole department of that team."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("계정"),
    )
    team = models.ForeignKey(
        Team, models.PROTECT, related_name="staff_profiles", verbose_name=_("소속 팀")
    )

    history = PlanHistory()

    class Meta:
        verbose_name = _("직원 소속")
        verbose_name_plural = _("직원 소속")

    def __str__(self) -> str:
        return f"{self.user} ({self.team.department} {self.team})"
