"""Checks a plan must pass before it is approved or published: what a reviewer would otherwise
catch with a pencil (tables missing, numbers that do not add up as printed, cards without a
contact). Each problem names the place in the report and links to where it is fixed: the
report's records carry the keys of the rows they were read from for that (CardRecord.pk).

Errors stop approval and publication; warnings are shown beside them and do not. What is
still carried from last year unconfirmed (:func:`carried_problems`, read from the rows, not the
report) stops 검토 요청 as well."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from personnel.models import Team
from plans.models import Section, TaskCard, WorkPlan
from plans.report.context import CardView, PlanReport
from plans.rules import figures
from plans.workflow.carried import PlanLeft, card_summary, unconfirmed


@dataclass(frozen=True)
class Problem:
    is_error: bool
    where: str
    message: str
    url: str = ""

    @property
    def level(self) -> str:
        return _("오류") if self.is_error else _("확인")


def _admin_url(model, pk: int) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk])


def _error(where: str, message: str, url: str = "") -> Problem:
    return Problem(True, where, message, url)


def _warning(where: str, message: str, url: str = "") -> Problem:
    return Problem(False, where, message, url)


def plan_problems(report: PlanReport) -> list[Problem]:
    """Every problem of the plan in ``report``, in report order. Reads only the report."""
    return [
        *_general_problems(report),
        *_policy_problems(report),
        *_numbering_problems(report),
        *(problem for view in report.cards for problem in _card_problems(view)),
    ]


def carried_problems(plan: WorkPlan, left: PlanLeft | None = None) -> list[Problem]:
    """What was carried from last year's plan and nobody has confirmed yet (``left``, if
    already read), one error per part of the report, each linking to where it is confirmed."""
    left = left if left is not None else unconfirmed(plan)
    problems = []
    mark = _("작년에서 가져와 확인하지 않은 항목이 있습니다")
    if left.policy:
        problems.append(
            _error(
                _("III. %(year)s년 정책방향") % {"year": plan.year},
                _("%(mark)s: 정책목표·추진방향·역점과제") % {"mark": mark},
                _admin_url(WorkPlan, plan.pk),
            )
        )
    if left.staffing:
        problems.append(
            _error(
                _("I. 일반현황"),
                _("%(mark)s: 인력 현황 %(count)s칸") % {"mark": mark, "count": left.staffing},
                reverse("admin:personnel_staffingcount_changelist")
                + f"?team__department__id__exact={plan.department_id}&year={plan.year}",
            )
        )
    if left.budget_lines:
        problems.append(
            _error(
                _("I. 일반현황"),
                _("%(mark)s: 예산 %(count)s줄(금액을 입력하십시오)")
                % {"mark": mark, "count": left.budget_lines},
                reverse("admin:budget_budgetline_changelist")
                + f"?department__id__exact={plan.department_id}&fiscal_year={plan.year}",
            )
        )
    if left.achievements:
        problems.append(
            _error(
                _("II. %(year)s년 주요성과") % {"year": plan.year - 1},
                _("%(mark)s: 주요성과 %(count)s개") % {"mark": mark, "count": left.achievements},
                reverse("admin:plans_achievementgroup_changelist") + f"?plan__id__exact={plan.pk}",
            )
        )
    for card in left.cards:
        problems.append(
            _error(
                f"{card.card.code} {card.card.title}",
                _("%(mark)s: %(parts)s") % {"mark": mark, "parts": card_summary(card)},
                _admin_url(TaskCard, card.card.pk),
            )
        )
    return problems


def blocking(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.is_error]


def _general_problems(report: PlanReport) -> list[Problem]:
    plan = report.plan
    where = _("I. 일반현황")
    problems = []
    if not report.staffing.rows:
        problems.append(_error(where, _("%(year)s년 인력 현황이 없습니다.") % {"year": plan.year}))
    budget = report.budget
    if not budget.rows:
        problems.append(_error(where, _("%(year)s년 예산이 없습니다.") % {"year": plan.year}))
    elif budget.county_share is None:
        problems.append(
            _error(
                where,
                _("%(year)s년 군 전체 예산이 없어 군 예산 대비 비율을 계산할 수 없습니다.")
                % {"year": plan.year},
            )
        )
    else:
        exact = int(figures.money_in_unit(budget.total_thousand_won, budget.unit))
        if exact != budget.total.current:
            problems.append(
                _warning(
                    where,
                    _(
                        "예산표의 계 %(shown)s%(unit)s는 단위로 반올림한 칸의 합이고, "
                        "천원 단위 합계를 반올림하면 %(exact)s%(unit)s입니다."
                    )
                    % {
                        "shown": figures.format_number(budget.total.current),
                        "exact": figures.format_number(exact),
                        "unit": budget.unit,
                    },
                )
            )
    # 2. 주요기능 prints a line per team: a team without one prints a bare ❖.
    for team in report.teams:
        if not team.functions:
            problems.append(
                _warning(
                    where,
                    _("%(team)s의 주요기능이 없습니다.") % {"team": team.name},
                    _admin_url(Team, team.pk),
                )
            )
    return problems


def _policy_problems(report: PlanReport) -> list[Problem]:
    plan = report.plan
    problems = []
    if not report.achievements:
        problems.append(
            _warning(
                _("II. %(year)s년 주요성과") % {"year": plan.year - 1}, _("주요성과가 없습니다.")
            )
        )
    if not plan.policy_goal:
        problems.append(
            _warning(_("III. %(year)s년 정책방향") % {"year": plan.year}, _("정책목표가 없습니다."))
        )
    if not report.main_cards:
        problems.append(
            _error(
                _("IV. %(year)s년 주요업무계획") % {"year": plan.year}, _("과제가 하나도 없습니다.")
            )
        )
    return problems


def _numbering_problems(report: PlanReport) -> list[Problem]:
    """Cards are cited by number (IV-3): each chapter numbers them 1, 2, 3 … without a gap."""
    problems = []
    for section, views in (
        (Section.MAIN, report.main_cards),
        (Section.SPECIAL, report.special_cards),
    ):
        numbers = [view.card.number for view in views]
        if numbers != list(range(1, len(numbers) + 1)):
            chapter = "IV" if section == Section.MAIN else "V"
            problems.append(
                _error(
                    _("%(chapter)s장") % {"chapter": chapter},
                    _("과제 번호가 1부터 빠짐없이 이어지지 않습니다: %(numbers)s")
                    % {"numbers": ", ".join(str(number) for number in numbers)},
                )
            )
    return problems


def _card_problems(view: CardView) -> list[Problem]:
    card = view.card
    where = f"{view.code} {card.title}"
    url = _admin_url(TaskCard, card.pk)
    problems = []
    if not view.contacts:
        problems.append(_error(where, _("담당자가 없습니다."), url))
    for officer in view.contacts:
        if not officer.is_active:
            problems.append(
                _error(
                    where,
                    _("담당자 %(name)s은(는) 재직 중으로 표시되어 있지 않습니다.")
                    % {"name": officer.name},
                    url,
                )
            )
    if not view.overview and not view.facts:
        problems.append(_error(where, _("개요가 없습니다."), url))
    if not view.plan_items:
        problems.append(_warning(where, _("추진계획이 없습니다."), url))
    if not card.team_is_active:
        problems.append(
            _error(
                where, _("담당 팀 %(team)s은(는) 폐지된 팀입니다.") % {"team": card.team_name}, url
            )
        )
    if view.funding is not None:
        problems += _funding_problems(view, where, url)
    return problems


def _funding_problems(view: CardView, where: str, url: str) -> list[Problem]:
    """The 계 of the 소요예산 table adds the printed (rounded) cells; where rounding makes it
    differ from the exact total, a reader adding the 천원 figures would get another number."""
    funding = view.funding
    exact_total = funding.total_thousand_won
    exact = int(figures.money_in_unit(exact_total, funding.unit))
    if exact == funding.total.total:
        return []
    return [
        _warning(
            where,
            _(
                "소요예산 계 %(shown)s%(unit)s는 반올림한 칸의 합이고, 천원 단위 합계 "
                "%(thousand)s천원을 반올림하면 %(exact)s%(unit)s입니다. 단위를 천원으로 바꾸면 "
                "차이가 없어집니다."
            )
            % {
                "shown": figures.format_number(funding.total.total),
                "exact": figures.format_number(exact),
                "thousand": figures.format_number(exact_total),
                "unit": funding.unit,
            },
            url,
        )
    ]
