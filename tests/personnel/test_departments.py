"""Departments of every kind (실, 단, 소, 과, 담당관), under a 국 or directly under the county:
the county a department belongs to is always known, and agrees with its 국."""

import pytest

from personnel.models import Department, DepartmentKind, chart_order
from tests.factories import BureauFactory, DepartmentFactory, OrganizationFactory
from tests.helpers import assert_database_refuses, assert_invalid, assert_valid

pytestmark = pytest.mark.django_db


def direct(organization, name: str, order: int, kind=DepartmentKind.OFFICE) -> Department:
    """A department directly under ``organization``, not saved."""
    return Department(
        organization=organization, bureau=None, kind=kind, name=name, slug=name, order=order
    )


def test_a_department_is_a_division_unless_told_otherwise():
    department = DepartmentFactory()
    assert department.kind == DepartmentKind.DIVISION
    assert department.kind_label == "과"
    assert [str(label) for _, label in DepartmentKind.choices] == ["실", "단", "소", "과", "담당관"]


def test_a_department_may_sit_directly_under_the_county():
    county = OrganizationFactory()
    office = direct(county, "기획감사실", 1)
    assert_valid(office)
    office.save()
    assert office.parent_name == county.name
    assert office.kind_label == "실"


def test_the_county_is_filled_from_the_bureau():
    bureau = BureauFactory()
    department = Department(bureau=bureau, name="재무과", slug="재무과", order=1)
    assert department.organization_id is None
    department.full_clean()
    assert department.organization_id == bureau.organization_id
    assert department.parent_name == bureau.name


def test_a_bureau_of_another_county_is_refused():
    bureau = BureauFactory()
    elsewhere = OrganizationFactory(name="진천군")
    department = Department(
        organization=elsewhere, bureau=bureau, name="재무과", slug="재무과", order=1
    )
    assert_invalid(department, "다른 기관의 국입니다.")


def test_a_department_needs_a_county_or_a_bureau():
    department = Department(name="재무과", slug="재무과", order=1)
    assert_invalid(department, "기관을 고르십시오")


def test_orders_are_unique_among_the_departments_directly_under_a_county():
    county = OrganizationFactory()
    direct(county, "기획감사실", 1).save()
    clash = direct(county, "감사담당관", 1, kind=DepartmentKind.DIRECTOR)
    assert_invalid(clash, "군에 바로 속한 부서에 같은 순서 번호가 이미 있습니다.")
    assert_database_refuses(clash)
    # Order 1 under a 국 of the same county is another list.
    under_bureau = Department(
        bureau=BureauFactory(organization=county), name="재무과", slug="재무과", order=1
    )
    assert_valid(under_bureau)
    assert_valid(direct(county, "감사담당관", 2, kind=DepartmentKind.DIRECTOR))


def test_a_bureau_with_departments_keeps_its_county():
    department = DepartmentFactory()
    bureau = department.bureau
    bureau.organization = OrganizationFactory(name="진천군")
    assert_invalid(bureau, "과가 있는 국은 다른 기관으로 옮길 수 없습니다.")


def test_the_chart_order_puts_the_county_s_own_departments_before_the_bureaus():
    county = OrganizationFactory()
    second_bureau = BureauFactory(organization=county, order=2)
    first_bureau = BureauFactory(organization=county, order=1)
    DepartmentFactory(bureau=second_bureau, name="건설과", slug="건설과", order=1)
    DepartmentFactory(bureau=first_bureau, name="재무과", slug="재무과", order=2)
    DepartmentFactory(bureau=first_bureau, name="자치행정과", slug="자치행정과", order=1)
    direct(county, "감사담당관", 2, kind=DepartmentKind.DIRECTOR).save()
    direct(county, "기획감사실", 1).save()
    names = list(Department.objects.order_by(*chart_order()).values_list("name", flat=True))
    assert names == ["기획감사실", "감사담당관", "자치행정과", "재무과", "건설과"]
    # The model's default ordering is the same.
    assert list(Department.objects.values_list("name", flat=True)) == names
