"""Admin forms of the work plan, and the text field every admin form of the portal uses.

Text typed in any admin form is cleaned and checked as an import cleans and checks it
(plans.rules.text): :class:`TextFormField` for every text column of every portal admin and
inline (:class:`TextFieldsMixin`, in plans.admin.base), so a name typed in the admin and the
same name read from a file are the same text, and a control character is refused beside the
field in the same words.

The funding row form (소요예산) lets the clerk type the row's 계 as printed on paper, as a check:
if it does not equal the sum of the three periods the row is refused with a message naming it.
The total itself is never stored; :mod:`plans.rules.figures` computes it.

The task card's rows (소요예산, 추진계획) are edited as table rows on the card's page; their
inputs carry classes that static/css/admin/card-inlines.css sizes to what they hold (an order
number, a schedule, an amount in 천원), so a row fits the page without scrolling sideways."""

from __future__ import annotations

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from budget.models import FundingRow, FundingSource
from plans.models import PlanItem
from plans.rules import figures
from plans.rules.text import check_text, clean_text


class TextFormField(forms.CharField):
    """A text input cleaned by plans.rules.text.clean_text (which trims, keeping an outline's
    indentation) and refusing control characters with plans.rules.text.check_text (Django's
    own NUL check, in English words of its own, gives way to it)."""

    def __init__(self, **kwargs):
        kwargs["strip"] = False
        super().__init__(**kwargs)
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ]
        self.validators.append(check_text)

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value) if isinstance(value, str) else value


class TextFieldsMixin:
    """For ModelAdmins and inlines: every text column (without choices) gets a
    :class:`TextFormField`."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Exactly these classes: a slug, e-mail or address field has a form field of its own.
        if type(db_field) in (models.CharField, models.TextField) and not db_field.choices:
            kwargs.setdefault("form_class", TextFormField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


PERIOD_FIELDS = tuple(name for name, _label in figures.FUNDING_PERIODS)
STORED_UNIT = _("천원")


def period_labels(year: int | None) -> tuple[str, str, str]:
    """Names of a funding table's three periods (plans.rules.figures.funding_period_labels):
    ``2022년까지``, ``2023년``, ``2024년 이후`` for a 2023 plan, or the generic names while the
    plan (and so its year) is not known yet."""
    return figures.funding_period_labels(year)


def period_field_labels(year: int | None) -> dict[str, str]:
    """Form labels of the period fields, stating the unit amounts are stored in."""
    return {
        name: f"{label}({STORED_UNIT})"
        for name, label in zip(PERIOD_FIELDS, period_labels(year), strict=True)
    }


def _with_particle(number: str, consonant: str, vowel: str) -> str:
    """``348과``, ``352와``: the particle after a number read aloud in Sino-Korean
    (2 이, 4 사, 5 오, 9 구 end in a vowel; every other last digit or unit in a consonant)."""
    return f"{number}{vowel if number[-1:] in '2459' else consonant}"


#: The amount inputs' class: static/css/admin/card-inlines.css gives them a width that fits 천원
#: figures (a class, not style="", which the Content-Security-Policy refuses).
AMOUNT_CLASS = "funding-amount"
#: Narrow inputs of the card's table rows (static/css/admin/card-inlines.css).
ORDER_CLASS = "inline-order"
SCHEDULE_CLASS = "inline-schedule"
SHORT_CLASS = "inline-short"


class FormOnlyFields:
    """For an admin page or inline whose form has fields of its own, not the model's
    (``form_only_fields``: a task card's 불러온 상태, a funding row's 계(확인용)): they serve
    the save, so a page shown read-only (a role that only reads, a plan not 작성 중) goes
    without them. Shown, they would read "Check total: None": the admin names a read-only
    field from the model, which has no such field."""

    form_only_fields: tuple[str, ...] = ()

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        return self._without_form_only(fields)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": self._without_form_only(options["fields"])})
            for name, options in fieldsets
        ]

    def _without_form_only(self, fields):
        kept = []
        for field in fields:
            if isinstance(field, (list, tuple)):  # fields shown on one line
                field = tuple(name for name in field if name not in self.form_only_fields)
                if field:
                    kept.append(field)
            elif field not in self.form_only_fields:
                kept.append(field)
        return kept


class FundingRowForm(forms.ModelForm):
    """A funding row with an optional 계(확인용) that must equal 전년까지 + 올해 + 다음해 이후."""

    #: The plan's year, when the form is built for a known task card (set by the inline).
    plan_year: int | None = None

    check_total = forms.IntegerField(
        label=_("계(확인용)"),
        required=False,
        help_text=_("선택 입력. 원문의 계(천원)를 적으면 세 기간의 합과 맞는지 확인합니다."),
        widget=forms.NumberInput(attrs={"class": AMOUNT_CLASS}),
    )

    class Meta:
        model = FundingRow
        fields = (
            "card",
            "order",
            "source",
            "prior_years",
            "current_year",
            "later_years",
            "check_total",
            "remark",
        )
        help_texts = {
            name: _("천원 단위. 없으면 비워 둡니다(“-”로 표시).") for name in PERIOD_FIELDS
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, css in (("order", ORDER_CLASS), ("remark", SHORT_CLASS)):
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = css
        self.year = self._year()
        for name, label in period_field_labels(self.year).items():
            if name in self.fields:
                self.fields[name].label = label
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} {AMOUNT_CLASS}".strip()

    def _year(self) -> int | None:
        if self.plan_year is not None:
            return self.plan_year
        card = getattr(self.instance, "card", None) if self.instance.card_id else None
        return card.plan.year if card is not None else None

    def clean(self):
        cleaned = super().clean()
        check = cleaned.get("check_total")
        if check is None or any(self.has_error(name) for name in PERIOD_FIELDS):
            return cleaned
        values = [cleaned.get(name) for name in PERIOD_FIELDS]
        if any(value is not None and value < 0 for value in values):
            return cleaned  # the amount itself is refused; a sum with it would mislead
        total = figures.sum_values(values)
        if check != total:
            source = cleaned.get("source")
            row = FundingSource(source).label if source else _("이 줄")
            self.add_error(
                "check_total",
                _("%(row)s: 계 %(check)s이(가) %(periods)s의 합 %(total)s 다릅니다.")
                % {
                    "row": row,
                    "check": figures.format_number(check),
                    "periods": " + ".join(period_labels(self.year)),
                    "total": _with_particle(figures.format_number(total), "과", "와"),
                },
            )
        return cleaned


class PlanItemInlineForm(forms.ModelForm):
    """추진계획 as one table row: narrow order, schedule and target, two-line text areas."""

    class Meta:
        model = PlanItem
        fields = ("order", "text", "schedule", "target", "details", "data_block")
        widgets = {
            "order": forms.NumberInput(attrs={"class": ORDER_CLASS}),
            "text": forms.Textarea(attrs={"rows": 2, "cols": 34}),
            "schedule": forms.TextInput(attrs={"class": SCHEDULE_CLASS}),
            "target": forms.TextInput(attrs={"class": SHORT_CLASS}),
            "details": forms.Textarea(attrs={"rows": 2, "cols": 30}),
        }
