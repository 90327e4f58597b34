"""Admin of the work plan: council sessions, plans, achievements and task cards with all their
parts edited on one page. The admin's change view saves a card and its inlines in one
transaction, after every form has been validated, so a refused save writes nothing."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.forms import Textarea
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from budget.models import FundingRow
from plans.access.locking import OptimisticLockForm
from plans.admin.base import PortalAdmin, PortalStackedInline, PortalTabularInline
from plans.admin.filters import TeamListFilter, titled
from plans.admin.forms import FundingRowForm, period_field_labels
from plans.admin.hwpx import import_hwpx_view
from plans.admin.import_export import SpreadsheetImportExportMixin
from plans.admin.workbook import import_workbook_view
from plans.admin.workflow import (
    BULK_ACTIONS,
    has_transition_permission,
    transition_view,
    workflow_panel,
)
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
    PlanItem,
    ProgressItem,
    PublishedVersion,
    TaskCard,
    WorkPlan,
)
from plans.models.publication import without_contents
from plans.rules import figures

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


class TaskCardLinkInline(PortalTabularInline):
    """The plan's cards as read-only rows linking to each card's own change page."""

    model = TaskCard
    fields = ("section", "number", "title", "team", kinds_display)
    readonly_fields = fields
    ordering = ("section", "number")
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("과제 (각 과제의 '변경'에서 편집합니다)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("team__department")

    def has_add_permission(self, request, obj=None):
        return False


class AchievementGroupLinkInline(PortalTabularInline):
    model = AchievementGroup
    fields = ("order", "title", "item_count")
    readonly_fields = fields
    ordering = ("order",)
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("주요성과 (각 항목의 '변경'에서 편집합니다)")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_item_count=Count("items"))

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("항목 수"))
    def item_count(self, obj: AchievementGroup) -> int:
        return getattr(obj, "_item_count", 0)


@admin.register(WorkPlan)
class WorkPlanAdmin(PortalAdmin):
    list_display = ("year", "department", "session", "status", "published_at", "card_count")
    list_display_links = ("year", "department")
    list_filter = ("year", "department", "status", "session")
    search_fields = ("department__name", "=year", "policy_goal")
    ordering = ("-year", "department__bureau__order", "department__order")
    list_select_related = ("department", "session")
    autocomplete_fields = ("department", "session")
    # The status changes only through the workflow buttons (plans.workflow.transitions).
    readonly_fields = ("status", "published_at", "created_at", "updated_at")
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
                "fields": ("policy_goal", "policy_directions", "key_tasks"),
                "description": _("III. 정책방향: 정책목표, 추진방향, 역점과제"),
            },
        ),
        (_("정정 내역"), {"fields": ("corrections_note",)}),
        (_("기록"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = (AchievementGroupLinkInline, TaskCardLinkInline)

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
            *super().get_urls(),
        ]

    def import_workbook_view(self, request):
        return import_workbook_view(self, request)

    def import_hwpx_view(self, request):
        return import_hwpx_view(self, request)

    def transition_view(self, request, object_id, action):
        return transition_view(self, request, object_id, action)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        plan = self.get_object(request, object_id)
        extra_context = {**(extra_context or {})}
        if plan is not None:
            extra_context.update(workflow_panel(request, plan))
        return super().change_view(request, object_id, form_url, extra_context)

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

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_item_count=Count("items"))

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


class CardFactInline(PortalTabularInline):
    model = CardFact
    fields = ("order", "label", "value")
    ordering = ("order",)
    formfield_overrides = SMALL_TEXTAREA
    extra = 0
    verbose_name_plural = _("사업개요")


class ProgressItemInline(PortalTabularInline):
    model = ProgressItem
    fields = ("order", "text", "schedule")
    ordering = ("order",)
    extra = 0
    verbose_name_plural = _("추진상황")


class PlanItemInline(PortalStackedInline):
    model = PlanItem
    fields = (("order", "schedule", "target"), "text", "details", "data_block")
    ordering = ("order",)
    formfield_overrides = SMALL_TEXTAREA
    extra = 0
    verbose_name_plural = _("추진계획")


class FundingRowInline(PortalTabularInline):
    """소요예산 rows in 천원, with the row's 계 computed and an optional typed 계 to check."""

    model = FundingRow
    form = FundingRowForm
    fields = (
        "order",
        "source",
        "prior_years",
        "current_year",
        "later_years",
        "row_total",
        "check_total",
        "remark",
    )
    readonly_fields = ("row_total",)
    ordering = ("order",)
    extra = 0
    verbose_name_plural = _("소요예산 (금액 단위: 천원)")

    class Media:
        css = {"all": ("css/admin/funding-rows.css",)}

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
class TaskCardAdmin(SpreadsheetImportExportMixin, PortalAdmin):
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
        "withdrawn_at",
    )
    list_filter = ("plan__year", "plan__department", "session")
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
        page = obj.get_absolute_url()
        return format_html(
            '<a href="{}">{}</a> · <a href="{}report.pdf">PDF</a> · <a href="{}report.xlsx">{}</a>',
            page,
            _("누리집"),
            page,
            page,
            _("엑셀"),
        )
