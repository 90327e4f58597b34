"""Spreadsheet import and export of the organisation's tables (staffing counts, officers, welfare
programs), and the natural keys by which every table names a county, department, team, grade
or officer: by name, never by database id."""

from __future__ import annotations

from personnel.models import (
    Department,
    Grade,
    Officer,
    Organization,
    StaffingCount,
    Team,
    WelfareProgram,
)
from plans.exchange.resources.base import SpreadsheetResource, foreign_key, key_column
from plans.exchange.resources.widgets import STR, NaturalKey, text_part

ORGANIZATION = NaturalKey(Organization, [("name", text_part)], label="기관")
DEPARTMENT = NaturalKey(Department, [("slug", text_part)], label="과")
TEAM = NaturalKey(
    Team,
    [("department__slug", text_part), ("name", text_part)],
    label="팀",
    select_related=("department",),
)
OFFICER = NaturalKey(
    Officer,
    [
        ("team__department__slug", text_part),
        ("team__name", text_part),
        ("name", text_part),
        ("phone", text_part),
    ],
    label="담당자",
    select_related=("team__department",),
)


class GradeKey(NaturalKey):
    """A grade is written as it prints (``일반직 6급``, ``정무직``); ``6급`` alone is read too
    where only one category has it."""

    def keys_of(self, grade: Grade) -> list[tuple]:
        names = {str(grade), f"{grade.get_category_display()} {grade.name}", grade.name}
        return [(name,) for name in names]


GRADE = GradeKey(Grade, [("name", text_part)], label="직급")


class StaffingCountResource(SpreadsheetResource):
    """인력 현황: one row per year, team and grade (연도 + 과 + 팀 + 직급)."""

    department = key_column("과", "team__department__slug")
    team = foreign_key("team", TEAM, ("과", "팀"), column_name="팀", render_path="name")
    grade = foreign_key("grade", GRADE, ("직급",), column_name="직급", render_path=STR)
    select_related = ("team__department", "grade")

    class Meta:
        model = StaffingCount
        fields = ("year", "department", "team", "grade", "authorized", "current")
        import_id_fields = ("year", "team", "grade")


class OfficerResource(SpreadsheetResource):
    """담당자: one row per person (과 + 팀 + 성명 + 전화번호)."""

    department = key_column("과", "team__department__slug")
    team = foreign_key("team", TEAM, ("과", "팀"), column_name="팀", render_path="name")
    grade = foreign_key("grade", GRADE, ("직급 구분",), column_name="직급 구분", render_path=STR)
    select_related = ("team__department", "grade")

    class Meta:
        model = Officer
        fields = ("department", "team", "position", "grade", "name", "phone", "is_active")
        import_id_fields = ("team", "name", "phone")


class WelfareProgramResource(SpreadsheetResource):
    """후생복지 사업: one row per program and year (과 + 연도 + 사업명)."""

    department = foreign_key(
        "department", DEPARTMENT, ("과",), column_name="과", render_path="slug"
    )
    select_related = ("department",)

    class Meta:
        model = WelfareProgram
        fields = (
            "department",
            "year",
            "order",
            "name",
            "period",
            "facility_count",
            "beneficiary_count",
            "beneficiary_note",
            "total_amount",
            "per_person_amount",
        )
        import_id_fields = ("department", "year", "name")
