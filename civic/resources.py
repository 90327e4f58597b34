"""Spreadsheet import and export of the civic tables: townships, resident councils,
participation points, housing projects, elections, field visits and suggestions, each named by
its county and name (or year, or date)."""

from __future__ import annotations

from django.utils import timezone

from civic.models import (
    CitizenSuggestion,
    Election,
    FieldVisit,
    HousingProject,
    ParticipationPointYear,
    ResidentCouncil,
    Township,
)
from personnel.resources import DEPARTMENT, ORGANIZATION
from plans.exchange.resources.base import SpreadsheetResource, foreign_key, key_column
from plans.exchange.resources.widgets import DateWidget, NaturalKey, date_part, text_part

TOWNSHIP = NaturalKey(
    Township,
    [("organization__name", text_part), ("name", text_part)],
    label="읍·면",
    select_related=("organization",),
)
VISIT = NaturalKey(
    FieldVisit,
    [("organization__name", text_part), ("title", text_part), ("start_date", date_part)],
    label="방문",
    select_related=("organization",),
)


def organization_column():
    return foreign_key(
        "organization", ORGANIZATION, ("기관",), column_name="기관", render_path="name"
    )


def township_column():
    return foreign_key(
        "township", TOWNSHIP, ("기관", "읍·면"), column_name="읍·면", render_path="name"
    )


class TownshipResource(SpreadsheetResource):
    """읍·면: 기관 + 명칭."""

    organization = organization_column()
    select_related = ("organization",)

    class Meta:
        model = Township
        fields = ("organization", "name", "kind", "order")
        import_id_fields = ("organization", "name")


class ResidentCouncilResource(SpreadsheetResource):
    """주민자치회: one per 읍·면 (기관 + 읍·면)."""

    organization = key_column("기관", "township__organization__name")
    township = township_column()
    select_related = ("township__organization",)

    class Meta:
        model = ResidentCouncil
        fields = ("organization", "township", "stage", "approved", "members_appointed", "note")
        import_id_fields = ("township",)


class ParticipationPointYearResource(SpreadsheetResource):
    """주민참여포인트 실적: 기관 + 연도."""

    organization = organization_column()
    select_related = ("organization",)

    class Meta:
        model = ParticipationPointYear
        fields = (
            "organization",
            "year",
            "points_awarded",
            "as_of",
            "incentive_threshold",
            "incentive_recipients",
            "incentive_kind",
        )
        import_id_fields = ("organization", "year")


class HousingProjectResource(SpreadsheetResource):
    """공동주택 건설사업: 기관 + 읍·면 + 사업명."""

    organization = key_column("기관", "township__organization__name")
    township = township_column()
    select_related = ("township__organization",)

    class Meta:
        model = HousingProject
        fields = (
            "organization",
            "township",
            "order",
            "category",
            "name",
            "households",
            "completion",
        )
        import_id_fields = ("township", "name")


class ElectionResource(SpreadsheetResource):
    """선거: 기관 + 선거명."""

    organization = organization_column()
    select_related = ("organization",)

    class Meta:
        model = Election
        fields = (
            "organization",
            "name",
            "date",
            "electorate",
            "voters",
            "clerks",
            "polling_staff",
            "counting_staff",
        )
        import_id_fields = ("organization", "name")


class FieldVisitResource(SpreadsheetResource):
    """현장 방문: 기관 + 행사명 + 시작일."""

    organization = organization_column()
    select_related = ("organization",)

    class Meta:
        model = FieldVisit
        fields = (
            "organization",
            "kind",
            "title",
            "start_date",
            "end_date",
            "start_time",
            "place",
            "program",
            "reported_suggestions",
        )
        import_id_fields = ("organization", "title", "start_date")


class CitizenSuggestionResource(SpreadsheetResource):
    """건의사항: its visit (기관 + 방문 + 방문 시작일) + 읍·면 + 건의 내용."""

    organization = key_column("기관", "visit__organization__name")
    visit = foreign_key(
        "visit", VISIT, ("기관", "방문", "방문 시작일"), column_name="방문", render_path="title"
    )
    visit_start = key_column("방문 시작일", "visit__start_date", DateWidget())
    township = township_column()
    responsible_department = foreign_key(
        "responsible_department",
        DEPARTMENT,
        ("처리 부서",),
        column_name="처리 부서",
        render_path="slug",
    )
    select_related = ("visit__organization", "township", "responsible_department")
    bulk_update_extra = ("updated_at",)

    class Meta:
        model = CitizenSuggestion
        fields = (
            "organization",
            "visit",
            "visit_start",
            "township",
            "content",
            "status",
            "responsible_department",
            "answer",
        )
        import_id_fields = ("visit", "township", "content")

    def before_save_instance(self, instance, row, **kwargs):
        # Rows are written in bulk, which skips auto_now on update.
        instance.updated_at = timezone.now()
