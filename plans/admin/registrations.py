"""Admin of the work plan: council sessions, plans, achievements and task cards with all their
parts edited on one page. The admin's change view saves a card and its inlines in one
transaction, after every form has been validated, so a refused save writes nothing."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.forms import Textarea
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from budget.models import FundingRow
from personnel.models import chart_order
from plans.access.locking import OptimisticLockForm
from plans.access.scopes import reach_of
from plans.admin.base import PortalAdmin, PortalTabularInline
from plans.admin.carried import carried_mark, confirm_all_button, confirm_view
from plans.admin.filters import TeamListFilter, titled
from plans.admin.forms import (
    FormOnlyFields,
    FundingRowForm,
    PlanItemInlineForm,
    period_field_labels,
)
from plans.admin.hub import hub_url, plan_hub
from plans.admin.hwpx import import_hwpx_view
from plans.admin.import_export import SpreadsheetImportExportMixin
from plans.admin.log import log_admin_writes
from plans.admin.nextyear import next_year_panel, next_year_view
from plans.admin.ordering import next_free
from plans.admin.progress import plan_progress_panel
from plans.admin.workbook import import_workbook_view
from plans.admin.workflow import (
    BULK_ACTIONS,
    has_transition_permission,
    retry_publication_view,
    transition_view,
    workflow_panel,
)
from plans.admin.workspace import front_page
from plans.exchange.resources.cards import (
    CardContactResource,
    CardFactResource,
    PlanItemResource,
    ProgressItemResource,
    TaskCardResource,
)
from plans.models import (
    AchievementGroup,
    AchievementItem,
    CardContact,
    CardFact,
    CouncilSession,
    FilesState,
    PlanItem,
    ProgressItem,
    PublishedVersion,
    Section,
    TaskCard,
    WorkPlan,
)
from plans.models.publication import without_contents
from plans.rules import figures
from plans.workflow import numbering, teamparts

SMALL_TEXTAREA = {models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 50})}}


PLAN_YEAR = _("계획 연도")
PLAN_STATUS = _("계획 상태")


# ---------------------------------------------------------------------------------------------
# Council sessions and plans


@admin.register(CouncilSession)
class CouncilSessionAdmin(PortalAdmin):
    list_display = ("__str__", "organization", "period", "plan_count")
    list_filter = ("organization", "kind")
    search_fields = ("=number", "organization__name")
    ordering = ("organization__name", "-number")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)
    date_hierarchy = "start_date"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_plan_count=Count("plans"))

    @admin.display(description=_("기간"), ordering="start_date")
    def period(self, obj: CouncilSession) -> str:
        if obj.end_date and obj.end_date < obj.start_date:
            return figures.format_date(obj.start_date)
        return figures.format_date_range(obj.start_date, obj.end_date)

    @admin.display(description=_("업무계획 수"), ordering="_plan_count")
    def plan_count(self, obj: CouncilSession) -> int:
        return obj._plan_count


@admin.display(description=_("사업구분"))
def kinds_display(obj: TaskCard) -> str:
    return ", ".join(obj.kinds)


@admin.register(WorkPlan)
class WorkPlanAdmin(PortalAdmin):
    list_display = ("year", "department", "session", "status", "published_at", "card_count")
    list_display_links = ("year", "department")
    list_filter = ("year", "department", "status", "session")
    search_fields = ("department__name", "=year", "policy_goal")
    ordering = ("-year", *chart_order("department"))
    list_select_related = ("department", "session")
    autocomplete_fields = ("department", "session")
    # The status changes only through the workflow buttons (plans.workflow.services).
    readonly_fields = (
        "status",
        "published_at",
        "created_at",
        "updated_at",
        "policy_carried_mark",
    )
    formfield_overrides = SMALL_TEXTAREA
    actions = BULK_ACTIONS
    fieldsets = (
        (
            _("기본 정보"),
            {"fields": ("department", "year", "session", ("status", "published_at"))},
        ),
        (
            _("정책방향"),
            {
                "fields": ("policy_carried_mark", "policy_goal", "policy_directions", "key_tasks"),
                "description": _("III. 정책방향: 정책목표, 추진방향, 역점과제"),
            },
        ),
        (_("정정 내역"), {"fields": ("corrections_note",)}),
        (_("기록"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    # The plan's page is the hub of the work (plans.admin.hub): its chapters, 주요성과 and
    # cards are listed above the form, each with its links, instead of as inlines.
    inlines = ()

    class Media:
        css = {"all": ("css/admin/workspace.css",)}

    def get_urls(self):
        return [
            path(
                "import-workbook/",
                self.admin_site.admin_view(self.import_workbook_view),
                name="plans_workplan_import_workbook",
            ),
            path(
                "import-hwpx/",
                self.admin_site.admin_view(self.import_hwpx_view),
                name="plans_workplan_import_hwpx",
            ),
            path(
                "<path:object_id>/workflow/<str:action>/",
                self.admin_site.admin_view(self.transition_view),
                name="plans_workplan_transition",
            ),
            path(
                "<path:object_id>/cards/move/",
                self.admin_site.admin_view(self.move_card_view),
                name="plans_workplan_move_card",
            ),
            path(
                "<path:object_id>/next-year/",
                self.admin_site.admin_view(self.next_year_view),
                name="plans_workplan_next_year",
            ),
            path(
                "carried/confirm/",
                self.admin_site.admin_view(self.confirm_carried_view),
                name="plans_workplan_confirm_carried",
            ),
            path(
                "<path:object_id>/workflow-retry/",
                self.admin_site.admin_view(self.retry_publication_view),
                name="plans_workplan_retry_publication",
            ),
            path(
                "<path:object_id>/team-part/",
                self.admin_site.admin_view(self.team_part_view),
                name="plans_workplan_team_part",
            ),
            *super().get_urls(),
        ]

    def front_page_context(self, request) -> dict:
        """What the admin's front page shows above the registers (config.admin_site)."""
        if not self.has_view_or_change_permission(request):
            return {}
        return {"workspace": front_page(request, self)}

    def history_parts(self, request, obj):
        # The cards and 주요성과 are no inlines here, but their changes are the plan's history.
        return [(AchievementGroup, "plan_id"), (TaskCard, "plan_id")]

    def move_card_view(self, request, object_id):
        """POST: move a card up or down its chapter (the hub's ↑↓ buttons)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        plan = self.get_object(request, object_id)
        # One button per card and direction: its value is "<card id>:<up or down>".
        card_id, _sep, direction = request.POST.get("move", "").partition(":")
        if not card_id.isdigit():
            raise Http404
        card = get_object_or_404(TaskCard.objects.filter(plan=plan), pk=card_id)
        try:
            # PermissionDenied (a card the user may not change) answers 403.
            moved, other = numbering.move_card(card, direction, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            log_admin_writes(
                request,
                via=gettext("과제 순서 바꿈"),
                changed=[
                    (each, gettext("번호 %(old)s → %(new)s") % {"old": old, "new": each.number})
                    for each, old in ((moved, other.number), (other, moved.number))
                ],
            )
            messages.success(
                request,
                gettext("과제 번호를 바꿨습니다: %(moved)s, %(other)s")
                % {"moved": f"{moved.code} {moved.title}", "other": f"{other.code} {other.title}"},
            )
        return HttpResponseRedirect(f"{hub_url(plan.pk)}#hub-cards")

    def team_part_view(self, request, object_id):
        """POST ``ready`` 1 or 0: the user's team marks its part done, or clears the mark."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        plan = self.get_object(request, object_id)
        if plan is None:
            raise Http404
        ready = request.POST.get("ready") == "1"
        try:
            # PermissionDenied (not a 작성자 of a team of this plan) answers 403.
            part = teamparts.set_ready(plan, user=request.user, ready=ready)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if part is not None:
                self._log_team_part(request, plan, part.team.name, ready)
        return HttpResponseRedirect(self._next_url(request) or f"{hub_url(plan.pk)}#workflow-teams")

    @staticmethod
    def _log_team_part(request, plan: WorkPlan, team: str, ready: bool) -> None:
        if ready:
            detail = gettext("%(team)s 작성 완료") % {"team": team}
            done = gettext("%(plan)s: %(team)s 작성 완료로 표시했습니다.")
        else:
            detail = gettext("%(team)s 작성 완료 취소") % {"team": team}
            done = gettext("%(plan)s: %(team)s 작성 완료 표시를 취소했습니다.")
        log_admin_writes(request, via=gettext("팀별 작성 완료"), changed=[(plan, detail)])
        name = f"{plan.year}년 {plan.department.name}"
        messages.success(request, done % {"plan": name, "team": team})

    @staticmethod
    def _next_url(request) -> str | None:
        """The admin page a form came from (the front page), if it names one of this site."""
        target = request.POST.get("next", "")
        if target.startswith(reverse("admin:index")) and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return None

    def import_workbook_view(self, request):
        return import_workbook_view(self, request)

    def import_hwpx_view(self, request):
        return import_hwpx_view(self, request)

    def transition_view(self, request, object_id, action):
        return transition_view(self, request, object_id, action)

    def retry_publication_view(self, request, object_id):
        return retry_publication_view(self, request, object_id)

    def next_year_view(self, request, object_id):
        return next_year_view(self, request, object_id)

    def confirm_carried_view(self, request):
        return confirm_view(self, request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        plan = self.get_object(request, object_id)
        extra_context = {**(extra_context or {})}
        if plan is not None:
            extra_context.update(workflow_panel(request, plan))
            extra_context.update(next_year_panel(request, plan))
            extra_context["hub"] = plan_hub(request, plan, self.admin_site)
            extra_context.update(plan_progress_panel(request, plan))
        return super().change_view(request, object_id, form_url, extra_context)

    # The plan's page is the hub: a new plan opens on it, and saving 정책방향 (or any of the
    # plan's fields) comes back to it instead of to the list of plans.
    def response_post_save_add(self, request, obj):
        return HttpResponseRedirect(hub_url(obj.pk))

    def response_post_save_change(self, request, obj):
        return HttpResponseRedirect(hub_url(obj.pk))

    has_workflow_submit_permission = has_transition_permission("submit")
    has_workflow_approve_permission = has_transition_permission("approve")
    has_workflow_publish_permission = has_transition_permission("publish")
    has_workflow_revise_permission = has_transition_permission("revise")

    def get_queryset(self, request):
        # A plan prints its department and session, also in autocomplete results.
        return (
            super()
            .get_queryset(request)
            .select_related("department", "session")
            .annotate(_card_count=Count("cards"))
        )

    @admin.display(description=_("과제 수"), ordering="_card_count")
    def card_count(self, obj: WorkPlan) -> int:
        return obj._card_count

    @admin.display(description=_("작년에서 가져옴"))
    def policy_carried_mark(self, obj: WorkPlan):
        return carried_mark(obj)


# ---------------------------------------------------------------------------------------------
# Achievements (II. 주요성과)


class AchievementItemInline(PortalTabularInline):
    model = AchievementItem
    fields = ("order", "text", "election", "welfare_program")
    ordering = ("order",)
    autocomplete_fields = ("election", "welfare_program")
    formfield_overrides = SMALL_TEXTAREA
    extra = 1


@admin.register(AchievementGroup)
class AchievementGroupAdmin(PortalAdmin):
    list_display = ("title", "plan", "order", "item_count")
    list_filter = (("plan__year", titled(PLAN_YEAR)), "plan__department")
    search_fields = ("title", "items__text")
    ordering = ("-plan__year", "plan__department__order", "order")
    list_select_related = ("plan__department", "plan__session")
    autocomplete_fields = ("plan",)
    inlines = (AchievementItemInline,)
    readonly_fields = ("carried_mark",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_item_count=Count("items"))

    @admin.display(description=_("작년에서 가져옴"))
    def carried_mark(self, obj: AchievementGroup):
        return carried_mark(obj)

    @admin.display(description=_("항목 수"), ordering="_item_count")
    def item_count(self, obj: AchievementGroup) -> int:
        return obj._item_count


@admin.register(AchievementItem)
class AchievementItemAdmin(PortalAdmin):
    list_display = ("__str__", "group", "order", "election", "welfare_program")
    list_filter = (("group__plan__year", titled(PLAN_YEAR)), "group__plan__department")
    search_fields = ("text", "group__title")
    ordering = ("-group__plan__year", "group__order", "order")
    list_select_related = ("group", "election", "welfare_program")
    autocomplete_fields = ("group", "election", "welfare_program")
    formfield_overrides = SMALL_TEXTAREA


# ---------------------------------------------------------------------------------------------
# Task cards (IV. 주요업무계획, V. 특수시책)


class CarriedMarkInline:
    """An inline whose rows may be carried from last year: the mark and its 확인 button."""

    @admin.display(description=_("작년에서 가져옴"))
    def carried_mark(self, obj):
        return carried_mark(obj)


class CardFactInline(CarriedMarkInline, PortalTabularInline):
    model = CardFact
    fields = ("order", "label", "value", "carried_mark")
    readonly_fields = ("carried_mark",)
    ordering = ("order",)
    formfield_overrides = SMALL_TEXTAREA
    extra = 0
    verbose_name_plural = _("사업개요")


class ProgressItemInline(CarriedMarkInline, PortalTabularInline):
    model = ProgressItem
    fields = ("order", "text", "schedule", "carried_mark")
    readonly_fields = ("carried_mark",)
    ordering = ("order",)
    extra = 0
    verbose_name_plural = _("추진상황")


class PlanItemInline(PortalTabularInline):
    """추진계획 one row each, as the report lists them (a card has up to a dozen)."""

    model = PlanItem
    form = PlanItemInlineForm
    fields = ("order", "text", "schedule", "target", "details", "data_block")
    ordering = ("order",)
    extra = 0
    verbose_name_plural = _("추진계획")

    class Media:
        css = {"all": ("css/admin/card-inlines.css",)}


class FundingRowInline(CarriedMarkInline, FormOnlyFields, PortalTabularInline):
    """소요예산 rows in 천원, with the row's 계 computed and an optional typed 계 to check."""

    model = FundingRow
    form = FundingRowForm
    form_only_fields = ("check_total",)
    fields = (
        "order",
        "source",
        "prior_years",
        "current_year",
        "later_years",
        "row_total",
        "check_total",
        "remark",
        "carried_mark",
    )
    readonly_fields = ("row_total", "carried_mark")
    ordering = ("order",)
    extra = 0
    verbose_name_plural = _("소요예산 (금액 단위: 천원)")

    class Media:
        css = {"all": ("css/admin/card-inlines.css",)}

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not self.has_change_permission(request, obj):
            # 계(확인용) checks what is typed; on a read-only card there is nothing to check,
            # and the form field would be shown as an empty value under its code name.
            fields = [name for name in fields if name != "check_total"]
        return fields

    def get_formset(self, request, obj=None, **kwargs):
        # Column names follow the plan's year (2022년까지 / 2023년 / 2024년 이후) when known.
        year = obj.plan.year if obj is not None and obj.plan_id else None
        kwargs["form"] = type("FundingRowForm", (self.form,), {"plan_year": year})
        kwargs["labels"] = {**period_field_labels(year), **kwargs.get("labels", {})}
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description=_("계(천원)"))
    def row_total(self, obj: FundingRow) -> str:
        return figures.format_number(obj.total) if obj.pk else "-"


class CardContactInline(PortalTabularInline):
    model = CardContact
    fields = ("order", "officer")
    ordering = ("order",)
    autocomplete_fields = ("officer",)
    extra = 0
    verbose_name_plural = _("담당자")


class KindFilter(admin.SimpleListFilter):
    """사업구분: 계속, 신규, 현안 (a card may have several)."""

    title = _("사업구분")
    parameter_name = "kind"
    flags = {
        "continuing": ("is_continuing", _("계속")),
        "new": ("is_new", _("신규")),
        "pending": ("is_pending_issue", _("현안")),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (_field, label) in self.flags.items()]

    def queryset(self, request, queryset):
        flag = self.flags.get(self.value() or "")
        return queryset.filter(**{flag[0]: True}) if flag else queryset


@admin.register(TaskCard)
class TaskCardAdmin(FormOnlyFields, SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = (TaskCardResource,)
    # Few, short columns: the title is what a clerk scans for and must not wrap per syllable.
    list_display = ("code", "title", "plan_label", "team_name", kinds_display, "plan_status")
    list_display_links = ("code", "title")
    list_filter = (
        ("plan__year", titled(PLAN_YEAR)),
        "plan__department",
        ("team", TeamListFilter),
        "section",
        KindFilter,
        ("plan__status", titled(PLAN_STATUS, admin.ChoicesFieldListFilter)),
    )
    search_fields = ("title", "overview", "plan_items__text")
    ordering = ("-plan__year", "plan__department__order", "section", "number")
    list_select_related = ("plan__department", "team__department")
    autocomplete_fields = ("plan", "team")
    formfield_overrides = SMALL_TEXTAREA
    # Refuses a save over someone else's newer one (plans.access.locking).
    form = OptimisticLockForm
    form_only_fields = ("loaded_state",)
    fieldsets = (
        (
            _("기본 정보"),
            {
                "fields": (
                    "loaded_state",
                    "plan",
                    ("section", "number"),
                    "title",
                    "team",
                    ("is_continuing", "is_new", "is_pending_issue"),
                    "continues",
                ),
                "description": _("사업구분은 해당하는 것을 모두 선택합니다(계속, 신규, 현안)."),
            },
        ),
        (
            _("내용"),
            {
                "fields": ("overview", "facts_title", "policies", "expected_effects"),
                "description": _(
                    "들여쓰기(공백 2칸)로 하위 항목을 적습니다. □, ○, -, ·, ※, *, ▶ 기호를 "
                    "쓸 수 있습니다."
                ),
            },
        ),
        (
            _("소요예산 단위"),
            {
                "fields": ("funding_unit",),
                "description": _(
                    "금액은 천원 단위로 입력하고, 보고서의 소요예산 표는 여기서 고른 단위로 "
                    "표시합니다."
                ),
            },
        ),
    )
    inlines = (
        CardFactInline,
        ProgressItemInline,
        PlanItemInline,
        FundingRowInline,
        CardContactInline,
    )

    readonly_fields = ("carried_mark", "confirm_all", "last_year_plan_items")

    class Media:
        js = ("js/admin/card-number.js",)
        css = {"all": ("css/admin/card-inlines.css",)}

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.continues_id:
            return fieldsets
        # A card carried from last year: its mark, "모두 확인", and last year's 추진계획 beside
        # the empty form for this year's (plans.workflow.nextyear carries no 추진계획).
        return (
            (
                _("작년 과제에서 가져옴"),
                {
                    "fields": ("carried_mark", "confirm_all", "last_year_plan_items"),
                    "description": _(
                        "작년에서 가져온 내용은 고쳐 저장하거나 '확인'을 누르면 표시가 "
                        "없어집니다. '모두 확인'은 이 과제와 그 사업개요·추진상황·소요예산을 "
                        "한 번에 확인합니다."
                    ),
                },
            ),
            *fieldsets,
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The plan whose last year's cards the 이어받은 작년 과제 select offers.
        plan_id = obj.plan_id if obj is not None else request.GET.get("plan", "")
        request._card_plan = WorkPlan.objects.filter(pk=plan_id).first() if plan_id else None
        return self._numbered_form(request, obj, change=change, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "continues":
            plan = getattr(request, "_card_plan", None)
            kwargs["queryset"] = (
                TaskCard.objects.filter(
                    plan__department=plan.department_id, plan__year=plan.year - 1
                ).select_related("plan")
                if plan is not None
                else TaskCard.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("작년에서 가져옴"))
    def carried_mark(self, obj: TaskCard):
        return carried_mark(obj)

    @admin.display(description=_("이 과제의 가져온 내용"))
    def confirm_all(self, obj: TaskCard):
        return confirm_all_button(obj)

    @admin.display(description=_("작년 추진계획 (참고)"))
    def last_year_plan_items(self, obj: TaskCard):
        items = list(obj.continues.plan_items.all()) if obj.continues_id else []
        if not items:
            return "-"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((item.text, item.schedule or "-", item.target or "-") for item in items),
        )
        return format_html(
            '<table class="last-year-items"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody>'
            "</table>",
            _("내용"),
            _("일정"),
            _("목표"),
            rows,
        )

    def get_changeform_initial_data(self, request):
        """A new card opened from a plan (``?plan=``) starts with the next free number of its
        chapter and, for a 작성자, its own team."""
        initial = super().get_changeform_initial_data(request)
        plan_id = str(initial.get("plan", ""))
        if plan_id.isdigit() and "number" not in initial:
            section = initial.get("section") or Section.MAIN
            initial["number"] = next_free(TaskCard, "number", {"plan": plan_id, "section": section})
        reach = reach_of(request.user)
        if "team" not in initial and reach.team is not None and not reach.edits_department:
            initial["team"] = reach.team.pk
        return initial

    def _numbered_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        plan_id = request.GET.get("plan", "")
        if obj is not None or not plan_id.isdigit() or "number" not in form_class.base_fields:
            return form_class

        class NumberedForm(form_class):
            """The number input knows each chapter's next number, so choosing the other
            chapter puts that one instead (static/js/admin/card-number.js)."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                attrs = self.fields["number"].widget.attrs
                for section in Section:
                    scope = {"plan": plan_id, "section": section}
                    attrs[f"data-next-{section}"] = next_free(TaskCard, "number", scope)

        NumberedForm.__name__ = form_class.__name__
        return NumberedForm

    @admin.display(description=_("번호"), ordering="number")
    def code(self, obj: TaskCard) -> str:
        return obj.code

    @admin.display(description=_("업무계획"), ordering="-plan__year")
    def plan_label(self, obj: TaskCard) -> str:
        return f"{obj.plan.year}년 {obj.plan.department.name}"

    @admin.display(description=_("담당 팀"), ordering="team__order")
    def team_name(self, obj: TaskCard) -> str:
        return obj.team.name

    @admin.display(description=PLAN_STATUS, ordering="plan__status")
    def plan_status(self, obj: TaskCard) -> str:
        return obj.plan.get_status_display()


class CardPartAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    """A card's parts listed across cards (to search every plan item of a year, say); they are
    normally edited on the card, or many at once by spreadsheet (가져오기/내보내기)."""

    list_filter = (("card__plan__year", titled(PLAN_YEAR)), "card__plan__department")
    ordering = ("-card__plan__year", "card__plan__department__order", "card__number", "order")
    list_select_related = ("card__plan__department",)
    autocomplete_fields = ("card",)
    formfield_overrides = SMALL_TEXTAREA

    @admin.display(description=_("업무계획"), ordering="card__plan__year")
    def plan(self, obj) -> str:
        return f"{obj.card.plan.year}년 {obj.card.plan.department.name}"


@admin.register(CardFact)
class CardFactAdmin(CardPartAdmin):
    resource_classes = (CardFactResource,)
    list_display = ("card", "plan", "order", "label", "__str__")
    search_fields = ("label", "value", "card__title")


@admin.register(ProgressItem)
class ProgressItemAdmin(CardPartAdmin):
    resource_classes = (ProgressItemResource,)
    list_display = ("text", "schedule", "card", "plan", "order")
    search_fields = ("text", "card__title")


@admin.register(PlanItem)
class PlanItemAdmin(CardPartAdmin):
    resource_classes = (PlanItemResource,)
    list_display = ("text", "schedule", "target", "card", "plan", "order")
    list_filter = (*CardPartAdmin.list_filter, "data_block")
    search_fields = ("text", "details", "card__title")


@admin.register(CardContact)
class CardContactAdmin(CardPartAdmin):
    resource_classes = (CardContactResource,)
    list_display = ("officer", "phone", "card", "plan", "order")
    search_fields = ("officer__name", "card__title")
    list_select_related = ("card__plan__department", "officer")
    autocomplete_fields = ("card", "officer")

    @admin.display(description=_("전화번호"))
    def phone(self, obj: CardContact) -> str:
        return obj.officer.phone


# ---------------------------------------------------------------------------------------------
# Published versions: read-only; made by 게시 (plans.workflow), never changed or deleted.


@admin.register(PublishedVersion)
class PublishedVersionAdmin(PortalAdmin):
    list_display = (
        "plan",
        "number",
        "session",
        "published_at",
        "published_by_name",
        "short_hash",
        "files_state",
        "withdrawn_at",
    )
    list_filter = ("plan__year", "plan__department", "session", "files_state")
    search_fields = ("plan__department__name", "=plan__year", "=number", "content_hash")
    ordering = ("-published_at",)
    list_select_related = ("plan__department", "plan__session", "session")
    fields = (
        "plan",
        "number",
        "session",
        "published_at",
        "published_by_name",
        "content_hash",
        "files_state",
        "render_attempts",
        "render_error",
        "files",
        "withdrawn_at",
        "withdrawn_by_name",
        "withdrawal_reason",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*without_contents())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("내용 해시"), ordering="content_hash")
    def short_hash(self, obj: PublishedVersion) -> str:
        return obj.content_hash[:12]

    @admin.display(description=_("보기"))
    def files(self, obj: PublishedVersion):
        if obj.files_state != FilesState.READY:
            # Not public yet (or never): its addresses answer 404 until its files are made.
            return obj.get_files_state_display()
        page = obj.get_absolute_url()
        return format_html(
            '<a href="{}">{}</a> · <a href="{}report.pdf">PDF</a> · <a href="{}report.xlsx">{}</a>',
            page,
            _("누리집"),
            page,
            page,
            _("엑셀"),
        )
