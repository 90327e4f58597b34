"""Field validators shared by every app, with Korean messages that name what is wrong."""

import contextlib

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.rules.outline import OutlineError, validate_outline
from plans.rules.schedules import ScheduleError, normalize_schedule, parse_schedule
from plans.rules.text import check_text

non_negative = MinValueValidator(0, message=_("0 이상의 값을 입력하십시오."))

office_phone = RegexValidator(
    r"^(0\d{1,2}-)?\d{3,4}-\d{4}$",
    message=_("전화번호는 871-3163 또는 043-871-3163 형식으로 입력하십시오."),
)


def valid_schedule(value: str) -> None:
    if not value:
        return
    try:
        parse_schedule(value)
    except ScheduleError as error:
        raise ValidationError(str(error), code="schedule") from error


def normalize_schedule_fields(instance, *fields: str) -> None:
    """Store schedules in their canonical form ('23. 3.) so every renderer prints the same.

    Called from clean(); an unparsable value is left as typed, because the field validator
    already reports it with a message naming the field."""
    for name in fields:
        value = getattr(instance, name)
        if value:
            with contextlib.suppress(ScheduleError):
                setattr(instance, name, normalize_schedule(value))


def valid_outline(value: str) -> None:
    try:
        validate_outline(value)
    except OutlineError as error:
        raise ValidationError(str(error), code="outline") from error


def non_negative_constraint(*fields: str) -> models.CheckConstraint:
    """One database check that every listed count or amount is 0 or more (NULL allowed)."""
    condition = models.Q()
    for field in fields:
        condition &= models.Q(**{f"{field}__gte": 0}) | models.Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(
        condition=condition,
        name="%(app_label)s_%(class)s_non_negative",
        violation_error_message=_("수량과 금액은 음수일 수 없습니다."),
    )


def unique_order_constraint(*parents: str) -> models.UniqueConstraint:
    """Explicit ordering numbers must not repeat within their parent."""
    return models.UniqueConstraint(
        fields=[*parents, "order"],
        name="%(app_label)s_%(class)s_unique_order",
        violation_error_message=_("같은 순서 번호가 이미 있습니다. 다른 번호를 입력하십시오."),
    )


#: What a row carried into next year's plan by plans.workflow.nextyear says until a person edits
#: or confirms it (the 게시 전 점검 blocks 검토 요청 and 게시 while any is left).
CARRIED_LABEL = _("작년에서 가져옴 · 확인 필요")


def carried_field() -> models.BooleanField:
    """The per-row flag of a row carried from last year's plan, unconfirmed."""
    return models.BooleanField(CARRIED_LABEL, default=False, editable=False)


class MoneyField(models.BigIntegerField):
    """Money in 천원 (thousand won), exact. Display units (원, 백만원) are converted by figures."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [non_negative])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, path, args, kwargs


def refuse_control_characters(model: type[models.Model]) -> None:
    """Give every text field of ``model`` the check of plans.rules.text (no control
    characters), so every way a row is validated (admin forms, both imports, the plan document,
    which all call ``full_clean``) refuses them with the same words, naming the field.

    Called once per model when the apps are ready (plans.apps), rather than written on each of
    the many fields: it is a rule about text, not about any one field, and a field added later
    is covered without anyone remembering it. The validator joins the field's validators, not
    its declaration, so migrations do not change."""
    for field in model._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField) and (
            check_text not in field.validators
        ):
            field.validators.append(check_text)
