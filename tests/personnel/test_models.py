import pytest

from personnel.models import GradeCategory, StaffingCount, grade_number
from tests.factories import (
    BureauFactory,
    DepartmentFactory,
    GradeFactory,
    OfficerFactory,
    StaffingCountFactory,
    TeamFactory,
    WelfareProgramFactory,
)
from tests.helpers import assert_database_refuses, assert_invalid, assert_valid

pytestmark = pytest.mark.django_db


def test_team_names_and_orders_are_unique_within_a_department():
    team = TeamFactory(name="행정팀", order=1)
    assert_valid(TeamFactory.build(department=team.department, name="서무팀", order=2))
    duplicate_name = TeamFactory.build(department=team.department, name="행정팀", order=3)
    assert_invalid(duplicate_name, "같은 과에 같은 이름의 팀이 이미 있습니다.")
    assert_database_refuses(duplicate_name)
    duplicate_order = TeamFactory.build(department=team.department, name="서무팀", order=1)
    assert_invalid(duplicate_order, "같은 순서 번호가 이미 있습니다.")
    assert_database_refuses(duplicate_order)
    # The same name in another department is another team.
    assert_valid(TeamFactory.build(department=DepartmentFactory(), name="행정팀", order=1))


def test_bureau_and_department_names_are_unique_within_their_county():
    bureau = BureauFactory(name="행정복지국")
    duplicate = BureauFactory.build(organization=bureau.organization, name="행정복지국", order=9)
    assert_invalid(duplicate, "같은 이름의 국이 이미 있습니다.")
    department = DepartmentFactory(bureau=bureau, name="자치행정과", slug="자치행정과")
    clash = DepartmentFactory.build(bureau=bureau, name="자치행정과", slug="다른과", order=9)
    assert_invalid(clash, "같은 기관에 같은 이름의 부서가 이미 있습니다.")
    assert_database_refuses(clash)
    # Under another 국 of the county, or directly under the county, it is still the same name.
    other_bureau = BureauFactory(organization=bureau.organization)
    elsewhere = DepartmentFactory.build(bureau=other_bureau, name="자치행정과", slug="또다른과")
    assert_invalid(elsewhere, "같은 기관에 같은 이름의 부서가 이미 있습니다.")
    assert_valid(DepartmentFactory.build(bureau=department.bureau, name="재무과", slug="재무과"))


def test_staffing_counts_cannot_be_negative():
    count = StaffingCountFactory.build(
        team=TeamFactory(), grade=GradeFactory(), current=-1, authorized=-2
    )
    assert_invalid(count, "0 이상의 값을 입력하십시오.")
    assert_database_refuses(count)
    count.current, count.authorized = 0, 0
    assert_valid(count)


def test_one_staffing_count_per_team_grade_and_year():
    first = StaffingCountFactory()
    again = StaffingCount(
        year=first.year, team=first.team, grade=first.grade, authorized=1, current=2
    )
    assert_invalid(again, "같은 연도·팀·직급의 인원이 이미 있습니다.")
    assert_database_refuses(again)
    assert_valid(
        StaffingCount(
            year=first.year + 1, team=first.team, grade=first.grade, authorized=1, current=1
        )
    )


def test_supernumerary_posts_have_no_authorised_number_and_regular_posts_need_one():
    guard = GradeFactory(category=GradeCategory.SUPERNUMERARY, name="청원경찰")
    regular = GradeFactory(category=GradeCategory.GENERAL, name="6급")
    team = TeamFactory()
    assert_invalid(
        StaffingCount(year=2023, team=team, grade=guard, authorized=1, current=1),
        "정원외 인력에는 정원을 입력하지 않습니다.",
    )
    assert_valid(StaffingCount(year=2023, team=team, grade=guard, authorized=None, current=1))
    assert_invalid(
        StaffingCount(year=2023, team=team, grade=regular, authorized=None, current=1),
        "정원을 입력하십시오.",
    )


@pytest.mark.parametrize("phone", ["871-3163", "043-871-3163", "02-123-4567"])
def test_office_phone_formats_accepted(phone):
    assert_valid(OfficerFactory.build(team=TeamFactory(), phone=phone))


@pytest.mark.parametrize("phone", ["8713163", "871-316", "전화 871-3163", "871-3163-1"])
def test_office_phone_formats_refused(phone):
    assert_invalid(OfficerFactory.build(team=TeamFactory(), phone=phone), "전화번호는 871-3163")


def test_welfare_amounts_must_agree_when_both_are_given():
    department = DepartmentFactory()
    agreeing = WelfareProgramFactory.build(
        department=department, beneficiary_count=36, total_amount=18_000, per_person_amount=500
    )
    assert_valid(agreeing)
    typo = WelfareProgramFactory.build(
        department=department, beneficiary_count=36, total_amount=18_500, per_person_amount=500
    )
    assert_invalid(typo, "총액 18,500천원이 1인당 금액 × 대상 인원(18,000천원)과 다릅니다.")


def test_welfare_amounts_cannot_be_negative():
    program = WelfareProgramFactory.build(department=DepartmentFactory(), total_amount=-1)
    assert_invalid(program, "0 이상의 값을 입력하십시오.")
    assert_database_refuses(program)


def test_welfare_periods_are_stored_in_the_seed_style():
    program = WelfareProgramFactory.build(department=DepartmentFactory(), period="7월~12월")
    assert_valid(program)
    assert program.period == "7월 ~ 12월"


@pytest.mark.parametrize(
    ("position", "number"),
    [
        ("행정6급", 6),
        ("행정 7급", 7),
        ("사회복지주사보", 7),
        ("행정주사", 6),
        ("전산서기", 8),
        ("행정서기보", 9),
        ("행정사무관", 5),
        ("기록연구사", None),
    ],
)
def test_an_officers_position_names_its_grade(position, number):
    assert grade_number(position) == number


def test_an_officers_grade_agrees_with_the_grade_in_the_position():
    six = GradeFactory(category=GradeCategory.GENERAL, name="6급")
    seven = GradeFactory(category=GradeCategory.GENERAL, name="7급")
    research = GradeFactory(category=GradeCategory.RESEARCH, name="연구직")
    assert_invalid(
        OfficerFactory.build(team=TeamFactory(), position="행정6급", grade=seven),
        "직렬·직급 '행정6급'은(는) 6급인데 직급 구분이 일반직 7급입니다. "
        "일반직 6급을 선택하십시오.",
    )
    assert_invalid(
        OfficerFactory.build(team=TeamFactory(), position="행정주사보", grade=six),
        "7급인데 직급 구분이 일반직 6급입니다",
    )
    assert_valid(OfficerFactory.build(team=TeamFactory(), position="행정6급", grade=six))
    assert_valid(OfficerFactory.build(team=TeamFactory(), position="기록연구사", grade=research))
    assert_valid(OfficerFactory.build(team=TeamFactory(), position="행정6급", grade=None))
