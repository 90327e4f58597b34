"""Admin of the civic data the plan reports on: townships, resident councils, participation
points, hometown-love donations, town promotion, elections, field visits and suggestions."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.db.models import Count, Sum
from django.forms import Textarea
from django.utils.translation import gettext_lazy as _

from civic.models import (
    CitizenSuggestion,
    Election,
    FieldVisit,
    HometownDonation,
    HometownLoveFund,
    HousingProject,
    ParticipationPointYear,
    ResidentCouncil,
    TownPromotionRule,
    TownPromotionStep,
    TownPromotionTarget,
    Township,
)
from civic.resources import (
    CitizenSuggestionResource,
    ElectionResource,
    FieldVisitResource,
    HousingProjectResource,
    ParticipationPointYearResource,
    ResidentCouncilResource,
    TownshipResource,
)
from plans.admin.base import PortalAdmin, PortalStackedInline, PortalTabularInline
from plans.admin.filters import SelectRelatedFieldListFilter
from plans.admin.import_export import SpreadsheetImportExportMixin
from plans.rules import figures

SMALL_TEXTAREA = {models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 50})}}


# ---------------------------------------------------------------------------------------------
# Townships and resident councils


class HousingProjectInline(PortalTabularInline):
    model = HousingProject
    fields = ("order", "category", "name", "households", "completion")
    ordering = ("order",)
    extra = 0


@admin.register(Township)
class TownshipAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = (TownshipResource,)
    list_display = ("name", "kind", "organization", "order", "council_stage")
    list_filter = ("kind", "organization", "resident_council__stage")
    search_fields = ("name",)
    ordering = ("organization__name", "order")
    list_select_related = ("organization", "resident_council")
    autocomplete_fields = ("organization",)
    inlines = (HousingProjectInline,)

    @admin.display(description=_("주민자치회 단계"), ordering="resident_council__stage")
    def council_stage(self, obj: Township) -> str:
        council = getattr(obj, "resident_council", None)
        return council.get_stage_display() if council else "-"


@admin.register(ResidentCouncil)
class ResidentCouncilAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = (ResidentCouncilResource,)
    list_display = ("township", "stage", "members_appointed", "approved", "note")
    list_filter = ("stage",)
    search_fields = ("township__name", "note")
    ordering = ("township__organization__name", "township__order")
    list_select_related = ("township",)
    autocomplete_fields = ("township",)


@admin.register(ParticipationPointYear)
class ParticipationPointYearAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = (ParticipationPointYearResource,)
    list_display = (
        "year",
        "organization",
        "points",
        "as_of",
        "threshold",
        "incentive_recipients",
        "incentive_kind",
    )
    list_filter = ("organization",)
    search_fields = ("organization__name", "incentive_kind")
    ordering = ("organization__name", "-year")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)

    @admin.display(description=_("부여 포인트"), ordering="points_awarded")
    def points(self, obj: ParticipationPointYear) -> str:
        return figures.format_number(obj.points_awarded)

    @admin.display(description=_("인센티브 기준"), ordering="incentive_threshold")
    def threshold(self, obj: ParticipationPointYear) -> str:
        return f"{figures.format_number(obj.incentive_threshold)} 포인트"


# ---------------------------------------------------------------------------------------------
# Hometown-love donations (고향사랑기부제)


class FundListFilter(SelectRelatedFieldListFilter):
    choices_select_related = ("organization",)


class HometownDonationInline(PortalTabularInline):
    model = HometownDonation
    fields = ("year", "month", "donor_count", "amount")
    ordering = ("-year", "-month")
    extra = 0


@admin.register(HometownLoveFund)
class HometownLoveFundAdmin(PortalAdmin):
    list_display = (
        "__str__",
        "law_enacted",
        "law_effective",
        "ordinance_enacted",
        "fund_established",
        "donation_total",
    )
    search_fields = ("organization__name",)
    ordering = ("organization__name",)
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)
    inlines = (HometownDonationInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_donation_total=Sum("donations__amount"))

    @admin.display(description=_("누적 기부금(천원)"), ordering="_donation_total")
    def donation_total(self, obj: HometownLoveFund) -> str:
        return figures.format_number(obj._donation_total)


@admin.register(HometownDonation)
class HometownDonationAdmin(PortalAdmin):
    list_display = ("__str__", "fund", "year", "month", "donor_count", "amount_display")
    list_filter = ("year", ("fund", FundListFilter))
    search_fields = ("fund__organization__name",)
    ordering = ("fund", "-year", "-month")
    list_select_related = ("fund__organization",)

    @admin.display(description=_("기부금(천원)"), ordering="amount")
    def amount_display(self, obj: HometownDonation) -> str:
        return figures.format_number(obj.amount)


# ---------------------------------------------------------------------------------------------
# Town promotion (읍 승격)


@admin.register(TownPromotionRule)
class TownPromotionRuleAdmin(PortalAdmin):
    list_display = ("legal_basis", "population", "min_urban_ratio", "description")
    search_fields = ("legal_basis", "description")
    ordering = ("pk",)

    @admin.display(description=_("최소 인구(명)"), ordering="min_population")
    def population(self, obj: TownPromotionRule) -> str:
        return figures.format_number(obj.min_population)


@admin.register(TownPromotionStep)
class TownPromotionStepAdmin(PortalAdmin):
    list_display = ("order", "name")
    list_display_links = ("name",)
    search_fields = ("name",)
    ordering = ("order",)


@admin.register(TownPromotionTarget)
class TownPromotionTargetAdmin(PortalAdmin):
    list_display = ("township", "start_year", "end_year", "households")
    search_fields = ("township__name",)
    ordering = ("township__order",)
    list_select_related = ("township",)
    autocomplete_fields = ("township",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_households=Sum("township__housing_projects__households"))
        )

    @admin.display(description=_("공동주택 세대수"), ordering="_households")
    def households(self, obj: TownPromotionTarget) -> str:
        return figures.format_number(obj._households)


@admin.register(HousingProject)
class HousingProjectAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = (HousingProjectResource,)
    list_display = ("name", "category", "township", "households_display", "completion", "order")
    list_filter = ("township", "category")
    search_fields = ("name", "category", "township__name")
    ordering = ("township__order", "order")
    list_select_related = ("township",)
    autocomplete_fields = ("township",)

    @admin.display(description=_("세대수"), ordering="households")
    def households_display(self, obj: HousingProject) -> str:
        return figures.format_number(obj.households)


# ---------------------------------------------------------------------------------------------
# Elections, field visits and suggestions


@admin.register(Election)
class ElectionAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = (ElectionResource,)
    list_display = ("name", "date_display", "electorate_display", "voters_display", "turnout")
    list_filter = ("organization",)
    search_fields = ("name",)
    ordering = ("organization__name", "-date")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)
    date_hierarchy = "date"
    fieldsets = (
        (None, {"fields": ("organization", "name", "date")}),
        (_("투표"), {"fields": ("electorate", "voters", "turnout")}),
        (_("선거사무 종사자"), {"fields": ("clerks", "polling_staff", "counting_staff")}),
    )
    readonly_fields = ("turnout",)

    @admin.display(description=_("선거일"), ordering="date")
    def date_display(self, obj: Election) -> str:
        return figures.format_date(obj.date)

    @admin.display(description=_("선거인수(명)"), ordering="electorate")
    def electorate_display(self, obj: Election) -> str:
        return figures.format_number(obj.electorate)

    @admin.display(description=_("투표자수(명)"), ordering="voters")
    def voters_display(self, obj: Election) -> str:
        return figures.format_number(obj.voters)

    @admin.display(description=_("투표율"))
    def turnout(self, obj: Election) -> str:
        if obj.pk is None or obj.electorate is None or obj.voters is None:
            return "-"
        return figures.format_percent(figures.turnout(obj.voters, obj.electorate))


class CitizenSuggestionInline(PortalStackedInline):
    model = CitizenSuggestion
    fields = (("township", "status", "responsible_department"), "content", "answer")
    ordering = ("township__order", "pk")
    autocomplete_fields = ("township", "responsible_department")
    formfield_overrides = SMALL_TEXTAREA
    extra = 0


@admin.register(FieldVisit)
class FieldVisitAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = (FieldVisitResource,)
    list_display = ("title", "kind", "period", "place", "suggestion_count")
    list_filter = ("kind", "organization")
    search_fields = ("title", "place", "program")
    ordering = ("organization__name", "-start_date")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)
    date_hierarchy = "start_date"
    formfield_overrides = SMALL_TEXTAREA
    fieldsets = (
        (None, {"fields": ("organization", "kind", "title")}),
        (_("일시와 장소"), {"fields": (("start_date", "end_date", "start_time"), "place")}),
        (_("내용"), {"fields": ("program", "reported_suggestions")}),
    )
    inlines = (CitizenSuggestionInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_suggestions=Count("suggestions"))

    @admin.display(description=_("일시"), ordering="start_date")
    def period(self, obj: FieldVisit) -> str:
        if obj.end_date and obj.end_date < obj.start_date:
            text = figures.format_date(obj.start_date)
        else:
            text = figures.format_date_range(obj.start_date, obj.end_date)
        return f"{text} {figures.format_time(obj.start_time)}" if obj.start_time else text

    @admin.display(description=_("건의사항(건)"), ordering="_suggestions")
    def suggestion_count(self, obj: FieldVisit) -> str:
        # Suggestions entered one by one are counted; older visits only have a reported number.
        count = obj._suggestions or obj.reported_suggestions
        return figures.format_number(count)


@admin.register(CitizenSuggestion)
class CitizenSuggestionAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = (CitizenSuggestionResource,)
    list_display = (
        "__str__",
        "visit",
        "township",
        "status",
        "responsible_department",
        "updated_at",
    )
    list_filter = ("status", "visit__kind", "township", "responsible_department")
    search_fields = ("content", "answer", "visit__title")
    ordering = ("-visit__start_date", "township__order", "pk")
    list_select_related = ("visit", "township", "responsible_department")
    autocomplete_fields = ("visit", "township", "responsible_department")
    formfield_overrides = SMALL_TEXTAREA
    readonly_fields = ("updated_at",)
