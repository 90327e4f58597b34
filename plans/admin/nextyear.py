""" "2024년 계획 시작" in the admin: the form on a published plan's page that opens next year's
draft (plans.workflow.nextyear) — which cards go on, and the session next year's plan is
presented to (the organisation's next one, or one entered here) — and the view behind it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.admin.hub import hub_url
from plans.admin.log import log_admin_writes
from plans.models import CouncilSession, SessionKind, WorkPlan
from plans.rules.korean import with_particle
from plans.workflow.nextyear import (
    carries_by_default,
    existing_next_plan,
    may_start_next_year,
    next_session,
    plan_start_next_year,
)


def start_label(plan: WorkPlan) -> str:
    return _("%(year)s년 계획 시작") % {"year": plan.year + 1}


def next_year_panel(request, plan: WorkPlan) -> dict:
    """Context for the plan's page: the button (or the plan already started), if any."""
    existing = existing_next_plan(plan)
    if existing is not None:
        return {"next_year_plan": existing, "next_year_plan_url": hub_url(existing.pk)}
    if not may_start_next_year(request.user, plan):
        return {}
    return {
        "next_year_label": start_label(plan),
        "next_year_url": reverse("admin:plans_workplan_next_year", args=[plan.pk]),
    }


def _card_label(card) -> str:
    kinds = f" ({', '.join(card.kinds)})" if card.kinds else ""
    return f"{card.code} {card.title}{kinds}"


class NextYearForm(forms.Form):
    cards = forms.TypedMultipleChoiceField(
        label=gettext_lazy("가져갈 과제"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "계속·신규 과제가 미리 골라져 있습니다. 올해로 끝난 과제는 고르지 않습니다."
        ),
    )
    session = forms.ModelChoiceField(
        label=gettext_lazy("보고 회기"),
        queryset=CouncilSession.objects.none(),
        required=False,
        empty_label=gettext_lazy("(아래에 새 회기 입력)"),
    )
    new_number = forms.IntegerField(label=gettext_lazy("새 회기 회차"), required=False, min_value=1)
    new_kind = forms.ChoiceField(
        label=gettext_lazy("새 회기 구분"), choices=SessionKind.choices, required=False
    )
    new_start = forms.DateField(
        label=gettext_lazy("새 회기 시작일"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    new_end = forms.DateField(
        label=gettext_lazy("새 회기 종료일"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, plan: WorkPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        cards = list(plan.cards.order_by("section", "number"))
        self.fields["cards"].choices = [(card.pk, _card_label(card)) for card in cards]
        self.fields["cards"].initial = [card.pk for card in cards if carries_by_default(card)]
        organization = plan.department.organization_id
        self.fields["session"].queryset = CouncilSession.objects.filter(
            organization=organization, number__gt=plan.session.number
        ).order_by("number")
        self.fields["session"].initial = next_session(plan)
        self.fields["new_number"].initial = plan.session.number + 1
        self.fields["new_kind"].initial = plan.session.kind

    def clean(self):
        data = super().clean()
        if data.get("session") is not None:
            return data
        missing = [
            self.fields[name].label
            for name in ("new_number", "new_kind", "new_start", "new_end")
            if not data.get(name)
        ]
        if missing:
            raise ValidationError(
                _("보고 회기를 고르거나, 새 회기의 %(fields)s 입력하십시오.")
                % {"fields": with_particle(", ".join(str(label) for label in missing), "을", "를")}
            )
        session = CouncilSession(
            organization_id=self.plan.department.organization_id,
            number=data["new_number"],
            kind=data["new_kind"],
            start_date=data["new_start"],
            end_date=data["new_end"],
        )
        try:
            session.full_clean()
        except ValidationError as error:
            raise ValidationError(
                [_("새 회기: %(message)s") % {"message": message} for message in error.messages]
            ) from error
        data["new_session"] = session
        return data


def next_year_view(model_admin, request, object_id: str):
    """GET: the form; POST: open next year's plan and go to its page. A plan already started
    is opened instead, with a message."""
    plan = model_admin.get_object(request, object_id)
    if plan is None:
        raise Http404
    existing = existing_next_plan(plan)
    if existing is not None:
        messages.info(
            request,
            _("%(year)s년 업무계획이 이미 있습니다. 새로 만들지 않고 그 계획을 엽니다.")
            % {"year": existing.year},
        )
        return HttpResponseRedirect(hub_url(existing.pk))
    if not may_start_next_year(request.user, plan):
        raise PermissionDenied
    form = NextYearForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                session = form.cleaned_data["session"]
                new_session = form.cleaned_data.get("new_session")
                if session is None:
                    new_session.save()
                    session = new_session
                result = plan_start_next_year(
                    plan=plan, user=request.user, session=session, carry=form.cleaned_data["cards"]
                )
                if result.created:
                    log_admin_writes(
                        request,
                        via=start_label(plan),
                        created=[result.plan, *([new_session] if new_session else [])],
                    )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if result.created:
                messages.success(
                    request,
                    _(
                        "%(year)s년 업무계획을 시작했습니다. 작년에서 가져온 항목은 모두 "
                        "'확인 필요'로 표시되어 있습니다. 고치거나 확인해야 검토를 요청할 수 "
                        "있습니다."
                    )
                    % {"year": result.plan.year},
                )
            return HttpResponseRedirect(hub_url(result.plan.pk))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": plan,
        "title": start_label(plan),
        "form": form,
    }
    return TemplateResponse(request, "admin/plans/workplan/next_year.html", context)
