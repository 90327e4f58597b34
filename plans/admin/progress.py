"""추진실적 in the admin: the reporting periods of a plan (opened by a 검토자, reviewed and
published on their own page: plans.admin.progress_review), the entries as a list, and the
**team update screen**: every 추진계획 item of a team's cards for one period on one page,
status, 진행률, 실적 and 사유 typed inline and saved at once.

The screen parses nothing itself beyond the form's names: every row goes to
plans.workflow.progress.progress_update, which checks all rows (scope, rules, the lock) and
writes all or nothing. A 작성자 sees and saves only its own team's items; a 검토자 picks a team
of its department. The page reads a fixed number of queries whatever the number of cards, and
the plan's page (the hub) links to it for each period."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from personnel.models import Team
from plans.access.scopes import reach_of, restrict
from plans.admin import progress_workbook
from plans.admin.base import PortalAdmin
from plans.admin.progress_review import review_link, review_url, review_urls
from plans.admin.reminders import URL_NAME as OVERDUE_URL_NAME
from plans.admin.reminders import overdue_url, overdue_view
from plans.models import (
    ItemProgress,
    ProgressStatus,
    ReportingPeriod,
    TaskCard,
    WorkPlan,
)
from plans.report.reminders import team_screen_path
from plans.rules.progress import ItemFigure, format_progress, rollup_card, summarize
from plans.workflow.progress import (
    WRITTEN,
    ProgressInput,
    ProgressRefused,
    ProgressRow,
    locked_message,
    progress_rows,
    progress_update,
    rows_digest,
)
from plans.workflow.progress_workbook import export_scope

#: The POST names of a row's inputs: ``status-<item id>`` …
INPUTS = ("status", "percent", "result", "reason", "target_amount", "actual_amount", "unit")
DIGEST_FIELD = "loaded_digest"


def update_url(period: ReportingPeriod, team_id=None) -> str:
    return team_screen_path(period.pk, team_id)


class ItemProgressAdminForm(forms.ModelForm):
    """An entry's own page: a period in review, approved or 공개 is not changed (nor added to)
    until the 검토자 returns or reopens it."""

    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("period")
        if period is not None and period.is_locked:
            raise ValidationError(locked_message(period))
        return cleaned


@dataclass
class ScreenRow:
    """A row of the screen: the item, its entry and the values its inputs show."""

    row: ProgressRow
    values: dict[str, str]

    @property
    def item(self):
        return self.row.item

    @property
    def entry(self):
        return self.row.entry

    @property
    def updated(self) -> str:
        """Who saved the entry last and when: ``남기종, 7. 3. 14:05``; a command: only when."""
        entry = self.row.entry
        if entry is None or entry.updated_at is None:
            return ""
        when = timezone.localtime(entry.updated_at)
        stamp = f"{when.month}. {when.day}. {when:%H:%M}"
        user = entry.updated_by
        if user is None:
            return stamp
        return f"{user.get_full_name() or user.get_username()}, {stamp}"


@dataclass
class ScreenCard:
    card: TaskCard
    rows: list[ScreenRow]
    status_label: str
    percent: str


def _stored_values(row: ProgressRow) -> dict[str, str]:
    entry = row.entry
    if entry is None:
        suggested = row.suggested_target
        return {
            "status": "",
            "percent": "",
            "result": "",
            "reason": "",
            "target_amount": _number(suggested[0]) if suggested else "",
            "actual_amount": "",
            "unit": suggested[1] if suggested else "",
        }
    values = {name: getattr(entry, name) for name in WRITTEN}
    values["target_amount"] = _number(entry.target_amount)
    values["actual_amount"] = _number(entry.actual_amount)
    values["percent"] = str(entry.percent)
    return {name: "" if value is None else str(value) for name, value in values.items()}


def _number(value) -> str:
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _posted_values(data, item_id) -> dict[str, str]:
    return {name: data.get(f"{name}-{item_id}", "") for name in INPUTS}


def _screen_cards(rows: list[ProgressRow], posted=None) -> list[ScreenCard]:
    cards: dict[int, ScreenCard] = {}
    for row in rows:
        values = (
            _posted_values(posted, row.item.pk)
            if posted is not None and str(row.item.pk) in posted.getlist("item")
            else _stored_values(row)
        )
        card = row.item.card
        if card.pk not in cards:
            cards[card.pk] = ScreenCard(card, [], "", "")
        cards[card.pk].rows.append(ScreenRow(row, values))
    for screen in cards.values():
        rollup = rollup_card([_figure(r.row) for r in screen.rows])
        screen.status_label = rollup.status_label or _("미입력")
        screen.percent = format_progress(rollup.percent)
    return list(cards.values())


def _figure(row: ProgressRow) -> ItemFigure:
    entry = row.entry
    if entry is None:
        return ItemFigure(None, None, row.item.weight)
    return ItemFigure(entry.status, entry.percent, row.item.weight)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(PortalAdmin):
    list_display = (
        "period_name",
        "plan",
        "as_of",
        "session",
        "update_link",
        "review",
    )
    list_select_related = ("plan__department", "plan__session", "session")
    list_filter = ("kind", "status")
    search_fields = ("name", "plan__department__name", "=plan__year", "=plan__session__number")
    fields = ("plan", "kind", "name", "as_of", "session", "status", "published_at")
    readonly_fields = ("status", "published_at")
    autocomplete_fields = ("plan",)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is None:
            return fields
        # A period's entries are about its plan's items: it never moves to another plan. Once
        # published, its 보고본 are read at an address made of its kind or 기준일 (``slug``), and
        # reopening it for a correction must not move them.
        fixed = ("plan", "kind", "name", "as_of") if obj.address_is_fixed else ("plan",)
        return (*fields, *(name for name in fixed if name not in fields))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.address_is_fixed:
            messages.info(
                request,
                _(
                    "공개한 적이 있는 보고 시기는 보고 시기·이름·기준일을 바꿀 수 없습니다. "
                    "공개된 보고본의 주소가 이것으로 정해져 있습니다."
                ),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=gettext_lazy("보고 시기"), ordering="as_of")
    def period_name(self, obj: ReportingPeriod) -> str:
        return str(obj)

    @admin.display(description=gettext_lazy("추진실적 입력"))
    def update_link(self, obj: ReportingPeriod) -> str:
        return format_html('<a href="{}">{}</a>', update_url(obj), _("팀별 입력"))

    @admin.display(description=gettext_lazy("검토·공개"), ordering="status")
    def review(self, obj: ReportingPeriod) -> str:
        return review_link(obj)

    def get_urls(self):
        return [
            *review_urls(self),
            path(
                "reminders/",
                self.admin_site.admin_view(self.overdue_view),
                name=OVERDUE_URL_NAME,
            ),
            path(
                "<path:object_id>/update/",
                self.admin_site.admin_view(self.team_update_view),
                name="plans_reportingperiod_update",
            ),
            path(
                "<path:object_id>/workbook/",
                self.admin_site.admin_view(self.workbook_export_view),
                name="plans_reportingperiod_workbook",
            ),
            path(
                "<path:object_id>/workbook/import/",
                self.admin_site.admin_view(self.workbook_import_view),
                name="plans_reportingperiod_workbook_import",
            ),
            *super().get_urls(),
        ]

    def overdue_view(self, request):
        """추진실적 미입력 현황 (plans.admin.reminders)."""
        return overdue_view(self, request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "overdue_url": overdue_url()}
        return super().changelist_view(request, extra_context)

    # -----------------------------------------------------------------------------------------
    # The period workbook (plans.admin.progress_workbook)

    def workbook_export_view(self, request, object_id):
        return progress_workbook.export_view(self, request, object_id)

    def workbook_import_view(self, request, object_id):
        return progress_workbook.import_view(self, request, object_id)

    # -----------------------------------------------------------------------------------------
    # The team update screen

    def team_update_view(self, request, object_id):
        period = self.get_object(request, object_id)
        if period is None:
            raise Http404(_("보고 시기를 찾을 수 없습니다."))
        user = request.user
        if not user.has_perm("plans.view_itemprogress"):
            raise PermissionDenied
        reach = reach_of(user)
        teams = list(
            restrict(Team.objects.filter(department_id=period.plan.department_id), reach)
            .filter(cards__plan_id=period.plan_id)
            .distinct()
            .order_by("order", "pk")
        )
        team = self._chosen_team(request, teams)
        may_change = progress_workbook.may_update(user, period)
        posted = None
        errors: list[str] = []
        if request.method == "POST":
            if not may_change:
                raise PermissionDenied
            item_ids = request.POST.getlist("item")
            rows = [
                ProgressInput(item_id, **_posted_values(request.POST, item_id))
                for item_id in item_ids
            ]
            try:
                changes = progress_update(
                    period=period,
                    user=user,
                    rows=rows,
                    loaded_digest=request.POST.get(DIGEST_FIELD, ""),
                )
            except ProgressRefused as refused:
                errors = refused.messages
                # A stale screen is shown as stored now; otherwise the typed values stay.
                posted = None if refused.stale else request.POST
            else:
                count = len(changes.created) + len(changes.updated)
                text = (
                    _("추진실적 %(count)s건을 저장했습니다.") % {"count": count}
                    if count
                    else _("바뀐 추진실적이 없습니다.")
                )
                self.message_user(request, text, messages.SUCCESS)
                return HttpResponseRedirect(update_url(period, team.pk if team else None))
        rows = progress_rows(period, user=user, team_id=team.pk) if team else []
        cards = _screen_cards(rows, posted)
        summary = summarize(
            (rollup.status, rollup.percent)
            for rollup in (rollup_card([_figure(r.row) for r in card.rows]) for card in cards)
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("%(period)s 추진실적 입력") % {"period": period},
            "period": period,
            "plan": period.plan,
            "teams": teams,
            "team": team,
            "team_fixed": not (reach.superuser or reach.sees_department),
            "cards": cards,
            "summary": summary,
            "average": format_progress(summary.average),
            "completion_rate": format_progress(summary.completion_rate),
            "statuses": ProgressStatus.choices,
            "errors": errors,
            "digest": rows_digest(rows),
            "digest_field": DIGEST_FIELD,
            "may_change": may_change,
            "locked": locked_message(period) if period.is_locked else "",
            "hub_url": reverse("admin:plans_workplan_change", args=[period.plan_id]),
            "overdue_url": overdue_url(),
            "export_url": progress_workbook.export_url(period),
            "export_scope": export_scope(user),
            "import_url": progress_workbook.import_url(period),
        }
        return TemplateResponse(request, "admin/plans/reportingperiod/update.html", context)

    @staticmethod
    def _chosen_team(request, teams: list[Team]) -> Team | None:
        """The team shown: the one asked for among those the user sees, else the first (a
        작성자 sees only its own)."""
        wanted = request.POST.get("team") or request.GET.get("team")
        for team in teams:
            if str(team.pk) == wanted:
                return team
        return teams[0] if teams else None


@admin.register(ItemProgress)
class ItemProgressAdmin(PortalAdmin):
    list_display = ("item", "period", "status", "percent", "updated_by", "updated_at")
    list_select_related = ("item__card__team", "period__plan", "updated_by")
    list_filter = ("status",)
    search_fields = ("item__text", "result", "reason", "item__card__title")
    fields = (
        "period",
        "item",
        "status",
        "percent",
        "result",
        "reason",
        "target_amount",
        "actual_amount",
        "unit",
        "updated_by",
        "updated_at",
    )
    readonly_fields = ("updated_by", "updated_at")
    autocomplete_fields = ("period", "item")
    form = ItemProgressAdminForm

    def has_change_permission(self, request, obj=None):
        # A period in review or 공개: its entries wait until it is returned or reopened.
        if obj is not None and obj.period.is_locked:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Nor are they deleted meanwhile.
        if obj is not None and obj.period.is_locked:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


def plan_progress_panel(request, plan: WorkPlan) -> dict:
    """What the plan's page shows under its hub: the periods with a link to each one's team
    screen, and where a 검토자 opens a new one (a published plan only)."""
    if not request.user.has_perm("plans.view_reportingperiod"):
        return {}
    periods = list(plan.periods.order_by("as_of", "pk"))
    add_url = None
    if plan.public_version_id and request.user.has_perm("plans.add_reportingperiod"):
        reach = reach_of(request.user)
        if reach.superuser or reach.edits_department:
            add_url = (
                reverse("admin:plans_reportingperiod_add") + "?" + urlencode({"plan": plan.pk})
            )
    return {
        "progress_periods": [
            (period, update_url(period), review_url(period)) for period in periods
        ],
        "progress_add_url": add_url,
        "progress_published": bool(plan.public_version_id),
        "progress_overdue_url": overdue_url() if periods else None,
    }
