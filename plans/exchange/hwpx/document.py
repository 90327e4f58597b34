"""Building the plan document from a recognised 한글 report, and loading it as a draft through
the same loader as the workbook (plans.exchange.documents.load_plan_document): validated, in
one transaction, every change in the change history.

The report prints a plan's content, not everything its document holds (README: "The 한글 file
(HWPX)" lists what does not come back, and :data:`NOT_CARRIED` names it in the document). What
the report does not print is taken from the database where the department has it already (a
department's slug and order, an officer's 직급 구분 and whether he is still in office, the
county's other townships), inferred by a stated rule where it must be (an officer's 직급 구분
from his 직렬·직급, a 정원 equal to the 현원, which team holds which 정원외 post), and every
inference and every paragraph or table the recognition could not place is written into the
document's ``notes``, which become the plan's 정정 내역.

A plan in review, approved or published is never loaded over (plans.access.editing), whoever
imports; a new plan is a draft."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from civic.models import Township, TownshipKind
from personnel.models import (
    Bureau,
    Department,
    DepartmentKind,
    Grade,
    GradeCategory,
    Officer,
    Team,
    grade_number,
)
from plans.access.editing import editing_refusal
from plans.exchange.documents import FORMAT_VERSION, LoadResult, card_place, load_plan_document
from plans.exchange.workbook.layout import grade_label
from plans.models import PlanStatus, WorkPlan
from plans.rules.korean import with_particle

from .package import HwpxRefused, read_body
from .shape import ReadingProblem, Recognised, recognise

#: Where the document the import builds differs from the one the report was printed from, by
#: path in the document, for the README and the round-trip test: what the report does not print.
NOT_CARRIED: dict[str, str] = {
    "notes": (
        "정정 내역(문서의 notes)은 보고서에 인쇄되지 않습니다. 가져오면 가져오기의 알림으로 "
        "바뀝니다."
    ),
    "bureau.order": "국의 순서",
    "department.slug": "과의 주소용 이름",
    "department.order": "과의 순서",
    "budget.county": "군 전체 예산(보고서는 군 예산 대비 비율만 인쇄합니다)",
    "civic.townships": "읍·면 목록(공동주택 표에 나온 읍·면만 돌아옵니다)",
    "civic.resident_councils": "주민자치회 등록부",
    "civic.participation_points": "주민참여포인트 등록부",
    "civic.hometown_love_fund": "고향사랑기금 등록부",
    "civic.town_promotion.rule": "읍 승격 요건",
    "civic.town_promotion.targets": "읍 승격 대상",
    "civic.field_visits": "현장 방문 등록부",
}


@dataclass
class HwpxReading:
    """What a 한글 file gave: the recognised report, the plan document built from it (None
    when it could not be), what went into its notes, and every error."""

    recognised: Recognised | None
    document: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)  # the plan's 정정 내역
    remarks: list[str] = field(default_factory=list)  # about this import, for the preview
    errors: list[str] = field(default_factory=list)

    @property
    def unplaced(self) -> list[tuple[str, str]]:
        return self.recognised.unplaced if self.recognised else []


def read_hwpx_report(
    data: bytes, *, department: Department | None = None, year: int | None = None, session=None
) -> HwpxReading:
    """Read a department's 업무보고 from a 한글 file and build its plan document, for
    ``department`` (None: the one its cover names, made if the database has none) and ``year``
    (None: the cover's), presented to ``session`` (None: the cover's). Nothing is written."""
    try:
        body = read_body(data)
    except HwpxRefused as refusal:
        return HwpxReading(None, errors=[str(refusal)])
    recognised = recognise(body)
    reading = HwpxReading(recognised, errors=list(recognised.problems))
    if reading.errors:
        return reading
    try:
        builder = _Builder(recognised, body.author, department, year, session)
        builder.remarks = reading.remarks
        reading.document = builder.build(reading.notes)
    except ReadingProblem as problem:
        reading.errors.append(str(problem))
    return reading


def existing_plan(document: dict[str, Any], *, lock: bool = False) -> WorkPlan | None:
    plans = WorkPlan.objects.filter(
        department__slug=document["department"]["slug"], year=document["plan"]["year"]
    )
    if lock:
        plans = plans.select_for_update(of=("self",))
    return plans.first()


def import_hwpx_report(
    data: bytes,
    *,
    dry_run: bool,
    department: Department | None = None,
    year: int | None = None,
    session=None,
) -> tuple[HwpxReading, LoadResult | None]:
    """Read the file and load its plan as a draft: ``(reading, result)``, or ``(reading,
    None)`` with ``reading.errors`` and nothing written. ``dry_run`` loads and rolls back, so
    the result says what a real import would create, change and delete."""
    reading = read_hwpx_report(data, department=department, year=year, session=session)
    if reading.errors:
        return reading, None
    document = reading.document
    try:
        with transaction.atomic():
            plan = existing_plan(document, lock=True)
            refusal = editing_refusal(plan)
            if refusal:
                reading.errors.append(refusal)
                return reading, None
            if plan is not None:  # a draft: its 상태 and 게시 시각 stay as they are
                document["plan"]["status"] = plan.status
                if plan.published_at is not None:
                    document["plan"]["published_at"] = plan.published_at
            result = load_plan_document(document)
            if dry_run:
                transaction.set_rollback(True)
    except ValidationError as error:
        reading.errors.extend(_in_the_file(message, reading) for message in error.messages)
        return reading, None
    return reading, result


def _in_the_file(message: str, reading: HwpxReading) -> str:
    """A loader's message about a card, with where the card starts in the file: "과제 IV-3
    추진계획 2행: …" → "과제 IV-3(168번째 문단부터) 추진계획 2행: …"."""
    for card in reading.recognised.cards:
        code = card_place(card.section, card.number)
        if message.startswith(f"{code} ") or message.startswith(f"{code}:"):
            return f"{code}({card.place}부터){message[len(code) :]}"
    return message


class _Builder:
    def __init__(self, recognised: Recognised, author: str, department, year, session) -> None:
        self.found = recognised
        self.author = author
        self.department = department
        self.file_year = recognised.year
        self.year = year or recognised.year
        self.session = session
        if self.year is None:
            raise ReadingProblem(
                "표지에서 연도(예: 2023년 주요업무계획)를 찾지 못했습니다. 연도를 고르십시오."
            )
        self.same_year = self.file_year in (None, self.year)
        self._place: dict[str, Any] | None = None
        self.remarks: list[str] = []
        self._grade_labels: set[str] | None = None

    def build(self, notes: list[str]) -> dict[str, Any]:
        self.notes = notes
        found = self.found
        document: dict[str, Any] = {"format": FORMAT_VERSION}
        document.update(self.place())
        self.team_names = self.teams_in_report()
        document["teams"] = self.teams()
        grades = self.grades()
        if grades is not None:
            document["grades"] = grades
        if found.staffing is not None:
            document["staffing"] = self.staffing()
        if found.budget is not None:
            document["budget"] = self.budget()
        welfare = self.welfare()
        if welfare:
            document["welfare_programs"] = welfare
        document["civic"] = self.civic()
        document["plan"] = self.plan()
        for place, text in found.unplaced:
            notes.append(f"한글 파일에서 자리를 찾지 못한 내용 — {place}: {text}")
        document["notes"] = notes
        return document

    # -- where the plan belongs --------------------------------------------------------------

    def place(self) -> dict[str, Any]:
        if self._place is None:
            self._place = self._where()
        return self._place

    def _where(self) -> dict[str, Any]:
        department = self.department
        if department is None:
            department = self._cover_department()
        if isinstance(department, Department):
            bureau = department.bureau
            place = {
                "organization": department.organization.name,
                "department": {
                    "name": department.name,
                    "slug": department.slug,
                    "order": department.order,
                    "kind": department.kind,
                },
            }
            if bureau is not None:
                place["bureau"] = {"name": bureau.name, "order": bureau.order}
            printed = self.found.department_kind
            if printed and printed != department.kind:
                # Where a department sits and what it is are the organisation's (superusers
                # change them in the admin), not something a report's line changes.
                self.remarks.append(
                    f"기구 줄의 부서 종류({DepartmentKind(printed).label})가 "
                    f"{department.name}에 등록된 종류({department.kind_label})와 다릅니다. "
                    "등록된 종류를 그대로 둡니다."
                )
            return place
        return department

    def _cover_department(self) -> Department | dict[str, Any]:
        """The department the cover names, found in the database or described to be made:
        the organization is the one the file's 작성자 property names before the bureau and
        department (as the portal's own files write it)."""
        bureau, name = self.found.bureau, self.found.department
        if not name:
            raise ReadingProblem("표지에서 과를 찾지 못했습니다. 가져올 과를 고르십시오.")
        # A cover without a 국 line is a department directly under the county (기획감사실).
        suffix = f" {bureau} {name}" if bureau else f" {name}"
        if not self.author.endswith(suffix) or not self.author[: -len(suffix)].strip():
            raise ReadingProblem(
                f"파일의 작성자 정보('{self.author}')로 기관을 알 수 없습니다. "
                "가져올 과를 고르십시오."
            )
        organization = self.author[: -len(suffix)].strip()
        under = {"bureau__name": bureau} if bureau else {"bureau__isnull": True}
        existing = Department.objects.filter(
            organization__name=organization, name=name, **under
        ).first()
        if existing is not None:
            return existing
        kind = self.found.department_kind or DepartmentKind.DIVISION.value
        slug = name
        if Department.objects.filter(slug=slug).exists():
            slug = f"{organization}-{name}"
        if not bureau:
            top = Department.objects.filter(
                organization__name=organization, bureau__isnull=True
            ).aggregate(top=Max("order"))
            self.remarks.append(
                f"표지의 {organization} {with_particle(name, '이', '가')} 없어 군에 바로 속한 부서"
                f"(종류: {DepartmentKind(kind).label})로 새로 만듭니다 (주소용 이름 '{slug}'; "
                "순서는 보고서에 없어 맨 뒤로 정합니다)."
            )
            return {
                "organization": organization,
                "department": {
                    "name": name,
                    "slug": slug,
                    "order": (top["top"] or 0) + 1,
                    "kind": kind,
                },
            }
        found_bureau = Bureau.objects.filter(organization__name=organization, name=bureau).first()
        if found_bureau is not None:
            bureau_order = found_bureau.order
        else:
            top = Bureau.objects.filter(organization__name=organization).aggregate(top=Max("order"))
            bureau_order = (top["top"] or 0) + 1
        top = Department.objects.filter(
            organization__name=organization, bureau__name=bureau
        ).aggregate(top=Max("order"))
        self.remarks.append(
            f"표지의 {organization} {bureau} {with_particle(name, '이', '가')} 없어 새로 만듭니다 "
            f"(주소용 이름 '{slug}'; 순서는 보고서에 없어 맨 뒤로 정합니다)."
        )
        return {
            "organization": organization,
            "bureau": {"name": bureau, "order": bureau_order},
            "department": {
                "name": name,
                "slug": slug,
                "order": (top["top"] or 0) + 1,
                "kind": kind,
            },
        }

    # -- people ------------------------------------------------------------------------------

    def teams_in_report(self) -> list[str]:
        """Every team the report names, in the order of the 주요기능 table, then the others."""
        names = [name for name, _ in self.found.teams]
        others: list[str] = []
        if self.found.staffing is not None:
            others += [team for team, _ in self.found.staffing.rows]
        others += [card.team for card in self.found.cards]
        return list(dict.fromkeys([*names, *others]))

    def _existing_teams(self) -> dict[str, Team]:
        if not isinstance(self.department, Department):
            return {}
        return {team.name: team for team in Team.objects.filter(department=self.department)}

    def teams(self) -> list[dict[str, Any]]:
        functions = dict(self.found.teams)
        existing = self._existing_teams()
        officers: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
        for card in self.found.cards:
            for position, name, phone in card.contacts:
                officers.setdefault(card.team, {})[(name, phone)] = {
                    "position": position,
                    "name": name,
                    "phone": phone,
                }
        teams = []
        for name in self.team_names:
            team: dict[str, Any] = {"name": name}
            if name in functions:
                team["functions"] = functions[name]
            elif name in existing:
                team["functions"] = existing[name].functions
            listed = list(officers.get(name, {}).values())
            for officer in listed:
                self._officer_details(officer, existing.get(name))
            team["officers"] = listed
            teams.append(team)
        return teams

    def _officer_details(self, officer: dict[str, Any], team: Team | None) -> None:
        """What the 담당 table does not print: the 직급 구분 from the 직렬·직급 (행정6급 is
        일반직 6급, …연구사 and …연구관 are 연구직) or the database; still in office unless the
        database says otherwise."""
        stored = (
            Officer.objects.filter(team=team, name=officer["name"], phone=officer["phone"])
            .select_related("grade")
            .first()
            if team is not None
            else None
        )
        grade = None
        number = grade_number(officer["position"])
        if number is not None:
            grade = grade_label(str(GradeCategory.GENERAL.label), f"{number}급")
        elif officer["position"].endswith(("연구사", "연구관")):
            grade = str(GradeCategory.RESEARCH.label)
        elif stored is not None and stored.grade_id:
            grade = str(stored.grade)
        if grade is not None and grade in self.grade_labels():
            officer["grade"] = grade
        if stored is not None and not stored.is_active:
            officer["is_active"] = False

    def grade_labels(self) -> set[str]:
        if self._grade_labels is None:
            labels = {str(grade) for grade in Grade.objects.all()}
            self._grade_labels = labels | {self._label(item) for item in self._printed_grades()}
        return self._grade_labels

    @staticmethod
    def _label(item: dict[str, str]) -> str:
        return grade_label(str(GradeCategory(item["category"]).label), item["name"])

    def _printed_grades(self) -> list[dict[str, str]]:
        staffing = self.found.staffing
        if staffing is None:
            return []
        grades = []
        for column in staffing.columns:
            if column.subtotal:
                continue
            if column.category == GradeCategory.SUPERNUMERARY:
                grades += [
                    {"category": column.category, "name": name} for name, _ in staffing.breakdown
                ]
            else:
                grades.append({"category": column.category, "name": column.grade})
        return grades

    def grades(self) -> list[dict[str, str]] | None:
        """The grades of the staffing table, only where the database lacks one of them: the
        table's order is then the grades' order."""
        printed = self._printed_grades()
        known = {str(grade) for grade in Grade.objects.all()}
        if all(self._label(item) in known for item in printed):
            return None
        return printed

    def staffing(self) -> list[dict[str, Any]]:
        staffing = self.found.staffing
        year = staffing.year or self.file_year
        if year != self.year:
            self._set_aside("인력 현황", year)
            return []
        groups = []
        extra = self._supernumerary_posts()
        for team, values in staffing.rows:
            counts = []
            for column, value in zip(staffing.columns, values, strict=False):
                if column.subtotal or not value:
                    continue
                if column.category == GradeCategory.SUPERNUMERARY:
                    continue
                label = self._label({"category": column.category, "name": column.grade})
                counts.append({"grade": label, "authorized": value, "current": value})
            for name, count in extra.get(team, []):
                label = self._label({"category": GradeCategory.SUPERNUMERARY, "name": name})
                counts.append({"grade": label, "current": count})
            if counts:
                groups.append({"year": self.year, "team": team, "counts": counts})
        if staffing.authorized is not None and staffing.authorized != staffing.current:
            self.notes.append(
                f"인력 현황: 보고서는 정원 합계({staffing.authorized}명)만 인쇄해, 칸마다 정원을 "
                f"현원과 같게 넣었습니다(현원 합계 {staffing.current}명). 칸별 정원을 고치십시오."
            )
        return groups

    def _supernumerary_posts(self) -> dict[str, list[tuple[str, int]]]:
        """Which team holds which 정원외 post: the table prints each team's number and the note
        the number of each kind. A team's number goes to the kind with exactly that many left
        if there is one, otherwise to the kinds in the note's order."""
        staffing = self.found.staffing
        column = next(
            (
                index
                for index, column in enumerate(staffing.columns)
                if column.category == GradeCategory.SUPERNUMERARY
            ),
            None,
        )
        if column is None:
            return {}
        wanted = [(team, values[column] or 0) for team, values in staffing.rows]
        wanted = [(team, count) for team, count in wanted if count]
        left = dict(staffing.breakdown)
        if sum(left.values()) != sum(count for _, count in wanted):
            raise ReadingProblem(
                f"정원외 인력: 팀별 합계({sum(count for _, count in wanted)}명)와 종류별 "
                f"합계({sum(left.values())}명)가 다릅니다."
            )
        posts: dict[str, list[tuple[str, int]]] = {}
        for team, count in wanted:
            exact = next((name for name, number in left.items() if number == count), None)
            if exact is not None:
                posts[team] = [(exact, count)]
                left[exact] = 0
                continue
            for name in list(left):
                if not count:
                    break
                take = min(left[name], count)
                if take:
                    posts.setdefault(team, []).append((name, take))
                    left[name] -= take
                    count -= take
        if len(staffing.breakdown) > 1:
            assigned = ", ".join(
                f"{team} {name} {count}명" for team, kinds in posts.items() for name, count in kinds
            )
            self.notes.append(
                "가정: 보고서는 정원외 인력을 팀별 합계와 종류별 합계로만 인쇄해, 팀의 인원과 "
                f"같은 수가 남은 종류에 먼저 나누었습니다({assigned})."
            )
        return posts

    def _set_aside(self, what: str, year: int | None) -> None:
        self.notes.append(
            f"{year}년 {what} 표는 {self.year}년 계획에 넣지 않았습니다(보고서 {self.file_year}년)."
        )

    def budget(self) -> dict[str, Any]:
        budget = self.found.budget
        if budget.year != self.year:
            self._set_aside("예산규모", budget.year)
            return {}

        def row(label: str, amount: int) -> dict[str, Any]:
            key = "team" if label in self.team_names else "heading"
            return {key: label, "amount": amount}

        tables = [
            (budget.year, [row(label, now) for label, now, _ in budget.rows if now is not None]),
            (
                budget.previous_year,
                [row(label, before) for label, _, before in budget.rows if before is not None],
            ),
        ]
        return {
            "lines": [
                {
                    "fiscal_year": year,
                    "account": budget.account,
                    "stage": budget.stage,
                    "rows": rows,
                }
                for year, rows in tables
                if rows
            ]
        }

    def welfare(self) -> list[dict[str, Any]]:
        programs = [
            item.welfare
            for _, items in self.found.achievements
            for item in items
            if item.welfare is not None
        ]
        if not programs or not self.same_year:
            return []
        fields = (
            "period",
            "facility_count",
            "beneficiary_count",
            "beneficiary_note",
            "total_amount",
            "per_person_amount",
        )
        return [
            {
                "year": self.year - 1,
                "programs": [
                    {
                        "name": program.name,
                        **{
                            name: getattr(program, name)
                            for name in fields
                            if getattr(program, name) not in (None, "")
                        },
                    }
                    for program in programs
                ],
            }
        ]

    # -- civic records the report prints -----------------------------------------------------

    def civic(self) -> dict[str, Any]:
        found = self.found
        civic: dict[str, Any] = {}
        named = [township for township, _ in found.housing]
        if named:
            civic["townships"] = self._townships(named)
        promotion: dict[str, Any] = {}
        if found.steps:
            promotion["steps"] = list(found.steps)
        if found.housing:
            promotion["housing_projects"] = [
                {"township": township, "projects": projects} for township, projects in found.housing
            ]
        if promotion:
            civic["town_promotion"] = promotion
        elections = [
            item.election
            for _, items in found.achievements
            for item in items
            if item.election is not None
        ]
        if elections:
            civic["elections"] = [
                {
                    "name": election.name,
                    "date": election.date,
                    "electorate": election.electorate,
                    "voters": election.voters,
                    "clerks": election.clerks,
                    "polling_staff": election.polling_staff,
                    "counting_staff": election.counting_staff,
                }
                for election in elections
            ]
        return civic

    def _townships(self, named: Iterable[str]) -> list[dict[str, str]]:
        """The county's townships as the database has them, then those the report names that
        it lacks (읍 or 면 by the name's ending), so no stored township moves."""
        organization = self.place()["organization"]
        stored = list(Township.objects.filter(organization__name=organization).order_by("order"))
        townships = [{"name": township.name, "kind": township.kind} for township in stored]
        known = {township.name for township in stored}
        for name in named:
            if name not in known:
                kind = TownshipKind.EUP if name.endswith("읍") else TownshipKind.MYEON
                townships.append({"name": name, "kind": kind})
        return townships

    # -- the plan ----------------------------------------------------------------------------

    def plan(self) -> dict[str, Any]:
        found = self.found
        plan: dict[str, Any] = {"year": self.year, "status": PlanStatus.DRAFT}
        if self.session is not None:
            plan["session"] = {
                "number": self.session.number,
                "kind": self.session.kind,
                "start_date": self.session.start_date,
                "end_date": self.session.end_date,
            }
        elif found.session_number is None or found.start_date is None:
            raise ReadingProblem(
                "표지에서 의회 회기(예: 제353회 임시회, 2023. 2. 16. ~ 2. 23.)를 찾지 못했습니다. "
                "보고 회기를 고르십시오."
            )
        else:
            plan["session"] = {
                "number": found.session_number,
                "kind": found.session_kind,
                "start_date": found.start_date,
                "end_date": found.end_date,
            }
        plan["policy_goal"] = found.policy_goal
        plan["policy_directions"] = found.directions
        plan["key_tasks"] = found.key_tasks
        plan["achievements"] = [
            {"title": title, "items": [self._achievement(item) for item in items]}
            for title, items in found.achievements
        ]
        plan["cards"] = [self._card(card) for card in found.cards]
        return plan

    def _achievement(self, item) -> dict[str, Any]:
        entry: dict[str, Any] = {}
        if item.election is not None:
            entry["election"] = item.election.name
        elif item.welfare is not None and self.same_year:
            entry["welfare_program"] = {"year": self.year - 1, "name": item.welfare.name}
        elif item.welfare is not None:
            entry["text"] = item.printed
            return entry
        if item.text:
            entry["text"] = item.text
        return entry

    def _card(self, card) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "section": card.section,
            "number": card.number,
            "title": card.title,
            "team": card.team,
            "kinds": card.kinds,
            "overview": card.overview,
            "facts_title": card.facts_title,
            "facts": [
                {"label": fact.label, "value": fact.value} if fact.label else {"value": fact.value}
                for fact in card.facts
            ],
            "policies": card.policies,
            "progress_items": [
                {"text": text, "schedule": schedule} if schedule else {"text": text}
                for text, schedule in card.progress
            ],
            "plan_items": [
                {
                    key: value
                    for key, value in (
                        ("text", item.text),
                        ("schedule", item.schedule),
                        ("target", item.target),
                        ("details", item.details),
                        ("data_block", item.data_block),
                    )
                    if value
                }
                for item in card.plan_items
            ],
            "expected_effects": card.effects,
            "contacts": [
                {"team": card.team, "name": name, "phone": phone}
                for _, name, phone in card.contacts
            ],
        }
        if card.funding:
            entry["funding_unit"] = card.funding_unit
            entry["funding"] = card.funding
        return entry
