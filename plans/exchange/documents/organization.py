"""The department and its people: organization, bureau and department, grades, teams with their
officers, staffing counts, and staff welfare programs; and how later parts name them."""

from __future__ import annotations

from typing import Any

from personnel.models import (
    Bureau,
    Department,
    DepartmentKind,
    Grade,
    Officer,
    Organization,
    StaffingCount,
    Team,
    WelfareProgram,
)

from .loading import Loader
from .shapes import (
    Row,
    Shape,
    clean_text,
    compact,
    entries,
    fail,
    grouped,
    lookup,
)

BUREAU = Shape(Bureau, "name order", required=True, key="name")
#: A department is a 과 unless the document says otherwise (실, 단, 소, 담당관).
DEPARTMENT = Shape(
    Department,
    "name slug order kind",
    required="name slug order",
    key="slug",
    defaults={"kind": DepartmentKind.DIVISION.value},
)
GRADE = Shape(Grade, "category name", required=True, key="category name")
#: Teams and officers are active unless the document says otherwise.
ACTIVE = {"is_active": True}
TEAM = Shape(
    Team, "name functions is_active officers", required="name", key="name", defaults=ACTIVE
)
OFFICER = Shape(
    Officer,
    "position grade name phone is_active",
    required="position name phone",
    key="name phone",
    defaults=ACTIVE,
)
#: An officer named on a task card: the phone number only where the name is not enough.
OFFICER_REFERENCE = Shape(None, "team name phone", required="team name")
STAFFING = Shape(None, "year team counts", required="year team")
STAFFING_COUNT = Shape(
    StaffingCount, "grade authorized current", required="grade current", key="grade"
)
WELFARE_YEAR = Shape(None, "year programs", required="year")
WELFARE_PROGRAM = Shape(
    WelfareProgram,
    "name period facility_count beneficiary_count beneficiary_note total_amount per_person_amount",
    required="name",
    key="name",
)
#: A welfare program named by an achievement.
PROGRAM_REFERENCE = Shape(None, "year name", required=True)


# ---------------------------------------------------------------------------------------------
# Loading


def load_organization(loader: Loader, doc: dict[str, Any]) -> None:
    loader.organization = loader.save(Organization, Row({"name": doc["organization"]}, {}, "기관"))
    # No bureau: the department sits directly under the county (기획감사실).
    bureau = None
    if doc.get("bureau") is not None:
        bureau = BUREAU.read(doc["bureau"], place="국")
        bureau = loader.save(
            Bureau,
            BUREAU.row(bureau, place=f"국 {bureau['name']}"),
            scope={"organization": loader.organization},
        )
    department = DEPARTMENT.read(doc["department"], place="과")
    loader.department = loader.save(
        Department,
        DEPARTMENT.row(
            department,
            place=f"과 {department['name']}",
            organization=loader.organization,
            bureau=bureau,
        ),
    )


def load_grades(loader: Loader, data: Any) -> None:
    rows = [
        GRADE.row(item, place=place, order=number)
        for number, item, place in entries(data, place="직급", shape=GRADE)
    ]
    if rows:
        loader.sync(Grade, scope={}, rows=rows, place="직급", delete=False)
    loader.grades = {str(grade): grade for grade in Grade.objects.all()}


def load_teams(loader: Loader, data: Any) -> None:
    items = list(entries(data, place="팀", shape=TEAM))
    rows = [
        TEAM.row(item, place=f"{place}({item['name']})", order=number)
        for number, item, place in items
    ]
    department = loader.department
    teams = loader.sync(Team, scope={"department": department}, rows=rows, place="팀", delete=False)
    loader.teams = {team.name: team for team in Team.objects.filter(department=department)}
    for team, (_, item, _) in zip(teams, items, strict=True):
        load_officers(loader, team, item.get("officers"))


def load_officers(loader: Loader, team: Team, data: Any) -> None:
    place = f"{team.name} 담당자"
    rows = []
    for _, item, item_place in entries(data, place=place, shape=OFFICER):
        grade = find_grade(loader, item["grade"], place=item_place) if item.get("grade") else None
        rows.append(OFFICER.row(item, place=f"{item_place}({item['name']})", grade=grade))
    for officer in loader.sync(Officer, scope={"team": team}, rows=rows, place=place, delete=False):
        loader.officers.setdefault((team.name, officer.name), []).append(officer)


def load_staffing(loader: Loader, data: Any) -> None:
    listed: dict[int, set[int]] = {}
    for _, group, place in entries(data, place="인력 현황", unit="번째 묶음", shape=STAFFING):
        team = find_team(loader, group["team"], place=place)
        year = group["year"]
        if team.pk in listed.setdefault(year, set()):
            raise fail(place, f"{year}년 {team.name}이(가) 두 번 적혀 있습니다.")
        listed[year].add(team.pk)
        table = f"인력 현황 {year}년 {team.name}"
        rows = []
        for _, cell, cell_place in entries(
            group.get("counts"), place=place, each=table, shape=STAFFING_COUNT
        ):
            grade = find_grade(loader, cell["grade"], place=cell_place)
            rows.append(STAFFING_COUNT.row(cell, place=f"{cell_place}({grade})", grade=grade))
        loader.sync(StaffingCount, scope={"year": year, "team": team}, rows=rows, place=table)
    for year, team_ids in listed.items():
        stale = StaffingCount.objects.filter(year=year, team__department=loader.department).exclude(
            team__in=team_ids
        )
        loader.delete(list(stale), place=f"인력 현황 {year}년")


def load_welfare(loader: Loader, data: Any) -> None:
    for _, group, place in entries(data, place="후생복지", unit="번째 묶음", shape=WELFARE_YEAR):
        year = group["year"]
        table = f"후생복지 {year}년"
        rows = [
            WELFARE_PROGRAM.row(item, place=f"{item_place}({item['name']})", order=line)
            for line, item, item_place in entries(
                group.get("programs"), place=place, each=table, shape=WELFARE_PROGRAM
            )
        ]
        loader.sync(
            WelfareProgram,
            scope={"department": loader.department, "year": year},
            rows=rows,
            place=table,
            delete="later",
        )


# ---------------------------------------------------------------------------------------------
# References from later parts


def find_team(loader: Loader, name: Any, *, place: str) -> Team:
    department = loader.department.name if loader.department else "이 과"
    missing = f"담당 팀 '{name}'은(는) {department}의 팀이 아닙니다."
    return lookup(loader.teams, name, place=place, missing=missing)


def find_grade(loader: Loader, label: Any, *, place: str) -> Grade:
    missing = f"직급 '{label}'이(가) 없습니다. 예: 일반직 6급, 정무직, 연구직"
    return lookup(loader.grades, label, place=place, missing=missing)


def find_officer(loader: Loader, data: Any, *, place: str) -> Officer:
    data = OFFICER_REFERENCE.read(data, place=place)
    team = find_team(loader, data["team"], place=place)
    name = clean_text(data["name"])
    phone = clean_text(data.get("phone"))
    candidates = loader.officers.get((team.name, name)) or list(
        Officer.objects.filter(team=team, name=name)
    )
    if phone:
        candidates = [officer for officer in candidates if officer.phone == phone]
    if not candidates:
        raise fail(place, f"{team.name}에 담당자 '{name}'이(가) 없습니다.")
    if len(candidates) > 1:
        raise fail(place, f"{team.name}에 '{name}'이(가) 여럿입니다. 전화번호를 적으십시오.")
    return candidates[0]


def find_welfare_program(loader: Loader, data: Any, *, place: str) -> WelfareProgram | None:
    if not data:
        return None
    data = PROGRAM_REFERENCE.read(data, place=place)
    program = WelfareProgram.objects.filter(
        department=loader.department, year=data["year"], name=clean_text(data["name"])
    ).first()
    if program is None:
        raise fail(
            place,
            f"후생복지 사업 '{data['name']}'({data['year']}년)이 없습니다. "
            "welfare_programs에 적으십시오.",
        )
    return program


# ---------------------------------------------------------------------------------------------
# Dumping


def dump_organization(department: Department) -> dict[str, Any]:
    bureau = department.bureau
    return {
        "organization": department.organization.name,
        "bureau": BUREAU.dump(bureau) if bureau is not None else None,
        "department": compact(DEPARTMENT.dump(department)),
    }


def dump_grades() -> list[dict[str, Any]]:
    return [GRADE.dump(grade) for grade in Grade.objects.order_by("order")]


def dump_teams(department: Department) -> list[dict[str, Any]]:
    officers = Officer.objects.filter(team__department=department).select_related("grade")
    by_team = grouped(officers.order_by("name", "phone"), key=lambda officer: officer.team_id)
    return [
        compact(
            TEAM.dump(
                team,
                officers=[
                    compact(OFFICER.dump(officer, grade=officer.grade and str(officer.grade)))
                    for officer in by_team.get(team.pk, [])
                ],
            )
        )
        for team in Team.objects.filter(department=department).order_by("order")
    ]


def dump_staffing(department: Department, years: tuple[int, ...]) -> list[dict[str, Any]]:
    cells = (
        StaffingCount.objects.filter(team__department=department, year__in=years)
        .select_related("team", "grade")
        .order_by("-year", "team__order", "grade__order")
    )
    return [
        STAFFING.dump(
            year=group[0].year,
            team=group[0].team.name,
            counts=[compact(STAFFING_COUNT.dump(cell, grade=str(cell.grade))) for cell in group],
        )
        for group in grouped(cells, key=lambda cell: (cell.year, cell.team_id)).values()
    ]


def dump_welfare(department: Department, years: tuple[int, ...]) -> list[dict[str, Any]]:
    programs = WelfareProgram.objects.filter(department=department, year__in=years)
    return [
        WELFARE_YEAR.dump(
            year=year, programs=[compact(WELFARE_PROGRAM.dump(program)) for program in group]
        )
        for year, group in grouped(
            programs.order_by("year", "order"), key=lambda program: program.year
        ).items()
    ]
