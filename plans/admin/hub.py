"""The plan's admin page as the hub of the work: from it a clerk reaches every part of the report
(I 일반현황's staffing and budget, II 주요성과, III 정책방향, the cards of IV and V) and comes
back to it after saving, so a plan is built from one page instead of a tour of the registers.

- :func:`plan_hub` is the hub's context: each chapter with what it holds, links to add and edit
  (each carrying the way back), the cards of each chapter with what they still lack and their
  ↑↓ buttons (plans.workflow.numbering moves them), in a fixed number of queries whatever the
  number of cards.
- The way back is the ``_hub`` parameter (the plan's id, never an address, so it cannot send
  anyone elsewhere): :class:`HubReturnMixin`, part of every PortalAdmin, keeps it through
  "저장 후 계속 편집", "저장 후 다른 이름으로 추가", the delete page and the history, and sends
  a plain save or a delete back to the plan's page. The staffing grid asks
  :func:`hub_return_url` after it saves."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.admin.options import IS_POPUP_VAR
from django.db.models import Count, Exists, OuterRef, Sum
from django.db.models.functions import Trim
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from budget.models import BudgetLine
from personnel.models import StaffingCount
from personnel.roles import WRITER
from plans.access.editing import editing_refusal
from plans.access.scopes import reach_of, restrict
from plans.models import (
    SECTION_NUMERALS,
    AchievementGroup,
    CardContact,
    CardFact,
    PlanItem,
    Section,
    TaskCard,
    WorkPlan,
)
from plans.workflow.numbering import renumber_refusal

#: The query parameter that brings a form back to the plan's page: the plan's id.
HUB_PARAM = "_hub"


# ---------------------------------------------------------------------------------------------
# The way back


def hub_url(plan_id) -> str:
    return reverse("admin:plans_workplan_change", args=[plan_id])


def with_hub(url: str, plan_id, **params) -> str:
    """``url`` with ``params`` (initial values of an add form) and the way back to the plan."""
    query = urlencode({**{k: v for k, v in params.items() if v is not None}, HUB_PARAM: plan_id})
    return f"{url}{'&' if '?' in url else '?'}{query}"


def hub_plan_id(request) -> int | None:
    """The plan a page was opened from (``_hub``), or None."""
    value = request.GET.get(HUB_PARAM, "")
    return int(value) if value.isdigit() else None


def hub_return_url(request) -> str | None:
    """Where a page opened from a plan's hub goes after saving: the hub; None otherwise."""
    plan_id = hub_plan_id(request)
    return hub_url(plan_id) if plan_id is not None else None


class HubReturnMixin:
    """A ModelAdmin whose add, change and delete pages opened from a plan's hub return there."""

    def get_preserved_filters(self, request):
        # Django carries the preserved filters through 계속 편집, 다른 이름으로 추가, the
        # delete and history links: the way back to the hub travels with them.
        preserved = super().get_preserved_filters(request)
        plan_id = hub_plan_id(request)
        match = getattr(request, "resolver_match", None)
        if plan_id is None or (match is not None and match.url_name.endswith("_changelist")):
            return preserved
        extra = urlencode({HUB_PARAM: plan_id})
        return f"{preserved}&{extra}" if preserved else extra

    def _to_hub(self, request, response):
        url = hub_return_url(request)
        if url is None or IS_POPUP_VAR in request.POST:
            return response
        return HttpResponseRedirect(url)

    def response_post_save_add(self, request, obj):
        return self._to_hub(request, super().response_post_save_add(request, obj))

    def response_post_save_change(self, request, obj):
        return self._to_hub(request, super().response_post_save_change(request, obj))

    def response_delete(self, request, obj_display, obj_id):
        return self._to_hub(request, super().response_delete(request, obj_display, obj_id))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["hub_url"] = hub_return_url(request)
        return super().render_change_form(request, context, add, change, form_url, obj)


# ---------------------------------------------------------------------------------------------
# The hub's context


@dataclass
class HubCard:
    card: TaskCard
    #: What the 게시 전 점검 will ask for: 개요, 담당자 (errors), 추진계획 (a warning).
    missing: list[str]
    url: str
    can_move_up: bool = False
    can_move_down: bool = False


@dataclass
class HubChapter:
    section: str
    numeral: str
    title: str
    cards: list[HubCard] = field(default_factory=list)
    add_url: str | None = None


@dataclass
class HubAchievement:
    group: AchievementGroup
    url: str


@dataclass
class Hub:
    plan: WorkPlan
    editable: bool
    #: Why nothing can be changed now (the plan is in review …), or "".
    locked_reason: str
    chapters: list[HubChapter]
    achievements: list[HubAchievement]
    achievement_add_url: str | None
    staffing_rows: int
    staffing_current: int
    staffing_url: str | None
    budget_lines: list[tuple[BudgetLine, str]]
    budget_total: int | None
    budget_add_url: str | None
    budget_list_url: str
    #: 부서 예산 입력: the department's grid of this year and last, returning here on save.
    budget_grid_url: str | None
    may_change_plan: bool
    #: The team whose rows alone the user sees (a 작성자), named where a list is partial.
    team_only: str = ""


def missing_parts():
    """Annotations telling what a card lacks, as the 게시 전 점검 counts it: an 개요 is its text
    or at least one 사업개요 row. Three EXISTS subqueries, no query per card."""
    return {
        "_overview": Trim("overview"),
        "_has_facts": Exists(CardFact.objects.filter(card=OuterRef("pk"))),
        "_has_contacts": Exists(CardContact.objects.filter(card=OuterRef("pk"))),
        "_has_plan_items": Exists(PlanItem.objects.filter(card=OuterRef("pk"))),
    }


def missing_of(card: TaskCard) -> list[str]:
    """What an annotated card (:func:`missing_parts`) lacks, in the order of its form."""
    missing = []
    if not card._overview and not card._has_facts:
        missing.append(_("개요"))
    if not card._has_plan_items:
        missing.append(_("추진계획"))
    if not card._has_contacts:
        missing.append(_("담당자"))
    return missing


def _admin_url(model, action: str, *args) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=args)


def _registered(admin_site, model):
    return admin_site._registry.get(model)


def _mark_movable(user, plan: WorkPlan, shown: list[HubCard], whole: list[TaskCard]) -> None:
    """Set which of the ``shown`` cards may move up or down: the user may change the card and
    the neighbour it would swap with in the whole chapter (plans.workflow.numbering)."""
    for card in whole:
        card.plan = plan
    allowed = {card.pk: renumber_refusal(user, card) is None for card in whole}
    position = {card.pk: index for index, card in enumerate(whole)}
    for hub_card in shown:
        index = position[hub_card.card.pk]
        if not allowed[hub_card.card.pk]:
            continue
        hub_card.can_move_up = index > 0 and allowed[whole[index - 1].pk]
        hub_card.can_move_down = index + 1 < len(whole) and allowed[whole[index + 1].pk]


def plan_hub(request, plan: WorkPlan, admin_site) -> Hub:
    """The hub of ``plan`` for the request's user: a fixed number of queries whatever the
    plan's size."""
    user = request.user
    reach = reach_of(user)
    locked = editing_refusal(plan) or ""
    editable = not locked

    card_admin = _registered(admin_site, TaskCard)
    cards = list(
        card_admin.get_queryset(request)
        .filter(plan=plan)
        .select_related("team")
        .annotate(**missing_parts())
        .order_by("section", "number")
    )
    may_add_card = editable and card_admin.has_add_permission(request)
    # A 작성자 writes its own team's cards and budget lines: their add forms start with it.
    writes_for_team = reach.team is not None and WRITER in reach.roles
    team = reach.team.pk if writes_for_team and not reach.edits_department else None
    # Every card of the plan, also those of teams a 작성자 does not see: the next number is
    # free among all of them, and a card moves past its real neighbour, whoever's it is.
    every_card = list(
        TaskCard.objects.filter(plan=plan).select_related("team").order_by("section", "number")
    )
    chapters = []
    for section, numeral in SECTION_NUMERALS.items():
        title = (
            _("IV. %(year)s년 주요업무계획") % {"year": plan.year}
            if section == Section.MAIN
            else _("V. 특수시책")
        )
        chapter = HubChapter(section=section, numeral=numeral, title=title)
        views = [card for card in cards if card.section == section]
        for card in views:
            card.plan = plan
            chapter.cards.append(
                HubCard(
                    card=card,
                    missing=missing_of(card),
                    url=with_hub(_admin_url(TaskCard, "change", card.pk), plan.pk),
                )
            )
        whole = [card for card in every_card if card.section == section]
        if editable:
            _mark_movable(user, plan, chapter.cards, whole)
        if may_add_card:
            chapter.add_url = with_hub(
                _admin_url(TaskCard, "add"),
                plan.pk,
                plan=plan.pk,
                section=section,
                number=max((card.number for card in whole), default=0) + 1,
                team=team,
            )
        chapters.append(chapter)

    group_admin = _registered(admin_site, AchievementGroup)
    groups = (
        group_admin.get_queryset(request)
        .filter(plan=plan)
        .annotate(item_total=Count("items"))
        .order_by("order")
    )
    achievements = [
        HubAchievement(group, with_hub(_admin_url(AchievementGroup, "change", group.pk), plan.pk))
        for group in groups
    ]
    achievement_add_url = (
        with_hub(_admin_url(AchievementGroup, "add"), plan.pk, plan=plan.pk)
        if editable and group_admin.has_add_permission(request)
        else None
    )

    staffing = StaffingCount.objects.filter(
        team__department=plan.department_id, year=plan.year
    ).aggregate(rows=Count("pk"), current=Sum("current"))
    staffing_url = None
    if user.has_perm("personnel.view_staffingcount"):
        grid = reverse("admin:personnel_staffingcount_grid")
        staffing_url = with_hub(grid, plan.pk, department=plan.department_id, year=plan.year)

    budget_admin = _registered(admin_site, BudgetLine)
    lines = list(
        restrict(
            BudgetLine.objects.filter(department=plan.department_id, fiscal_year=plan.year),
            reach,
        )
        .select_related("team")
        .order_by("account", "stage", "order")
    )
    budget_lines = [
        (line, with_hub(_admin_url(BudgetLine, "change", line.pk), plan.pk)) for line in lines
    ]
    budget_add_url = None
    if editable and budget_admin.has_add_permission(request):
        budget_add_url = with_hub(
            _admin_url(BudgetLine, "add"),
            plan.pk,
            department=plan.department_id,
            fiscal_year=plan.year,
            team=team,
        )
    budget_grid_url = None
    if user.has_perm("budget.view_budgetline"):
        grid = reverse("admin:budget_budgetline_grid")
        budget_grid_url = with_hub(grid, plan.pk, department=plan.department_id, year=plan.year)
    budget_list_url = (
        _admin_url(BudgetLine, "changelist")
        + "?"
        + urlencode({"department__id__exact": plan.department_id, "fiscal_year": plan.year})
    )
    return Hub(
        plan=plan,
        editable=editable,
        locked_reason=locked,
        chapters=chapters,
        achievements=achievements,
        achievement_add_url=achievement_add_url,
        staffing_rows=staffing["rows"] or 0,
        staffing_current=staffing["current"] or 0,
        staffing_url=staffing_url,
        budget_lines=budget_lines,
        # A 작성자 sees its team's lines only: their sum would pass for the department's total.
        budget_total=(
            sum(line.amount for line in lines) if reach.superuser or reach.sees_department else None
        ),
        budget_add_url=budget_add_url,
        budget_list_url=budget_list_url,
        budget_grid_url=budget_grid_url,
        may_change_plan=_registered(admin_site, WorkPlan).has_change_permission(request, plan),
        team_only=(
            reach.team.name
            if reach.team is not None and not (reach.superuser or reach.sees_department)
            else ""
        ),
    )
