"""The staffing grid opens where its clerk works: on the year of the department's latest plan
(the one being written, or the year a plan's link names), not the oldest year on record; a
role's own department opens without choosing it. Its table has the report's two header rows
(일반직 over 소계, 4급 … 9급) and two lines per team (현원 above 정원)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from personnel.models import Department, StaffingCount, StaffProfile, Team
from personnel.roles import WRITER
from plans.models import PlanStatus, WorkPlan

pytestmark = pytest.mark.django_db

GRID = "admin:personnel_staffingcount_grid"


def opened_year(client, **query) -> str:
    response = client.get(reverse(GRID), query)
    assert response.status_code == 302
    return re.search(r"year=(\d+)", response["Location"]).group(1)


def test_the_grid_opens_on_the_latest_plans_year_not_the_oldest(admin_client, world):
    team, grade = world.teams["행정팀"], world.grades["6급"]
    StaffingCount.objects.create(year=2021, team=team, grade=grade, current=1, authorized=1)
    assert opened_year(admin_client, department=world.department.pk) == "2023"
    # A plan of 2024 being written opens 2024, before any count of 2024 exists.
    WorkPlan.objects.create(
        department=world.department, year=2024, session=world.plan.session, status=PlanStatus.DRAFT
    )
    assert opened_year(admin_client, department=world.department.pk) == "2024"
    # A plan's link names its year, and that year opens.
    page = admin_client.get(reverse(GRID), {"department": world.department.pk, "year": 2023})
    assert page.context["grid"].year == 2023


def test_a_department_without_a_plan_opens_on_its_latest_counts(admin_client, world):
    department = Department.objects.create(
        organization=world.department.organization,
        bureau=world.department.bureau,
        name="민원과",
        slug="민원과",
        order=2,
    )
    team = Team.objects.create(department=department, name="민원팀", order=1)
    for year in (2021, 2022):
        StaffingCount.objects.create(
            year=year, team=team, grade=world.grades["7급"], current=1, authorized=1
        )
    assert opened_year(admin_client, department=department.pk) == "2022"


def test_a_role_opens_its_own_department_without_choosing(client, world):
    user = User.objects.create_user("kim", password="a-long-test-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name=WRITER))
    StaffProfile.objects.create(user=user, team=world.teams["서무팀"])
    client.force_login(user)
    response = client.get(reverse(GRID))
    assert response.status_code == 302
    assert f"department={world.department.pk}" in response["Location"]
    assert "year=2023" in response["Location"]
    # A superuser chooses from every department.
    admin = User.objects.create_superuser("root", password="a-long-test-password-2")
    client.force_login(admin)
    assert client.get(reverse(GRID)).status_code == 200


def test_the_grid_has_the_reports_two_header_rows_and_two_lines_per_team(admin_client, world):
    response = admin_client.get(reverse(GRID), {"department": world.department.pk, "year": 2023})
    page = response.content.decode()
    start = page.index('<table id="staffing-grid">')
    head = page[start : page.index("</thead>", start)]
    top, bottom = re.findall(r"<tr>(.*?)</tr>", head, re.S)
    assert re.search(r'colspan="7"[^>]*>일반직<', top)  # 소계 + 4급 … 9급
    labels = re.findall(r"<th[^>]*>([^<]+)</th>", bottom)
    assert labels[:7] == ["소계", "4급", "5급", "6급", "7급", "8급", "9급"]
    # Each team is a group of two lines: 현원 (with every grade) and 정원 (none for 정원외).
    groups = re.findall(r'<tbody class="team">(.*?)</tbody>', page, re.S)
    assert len(groups) == 4
    current, authorized = re.findall(r"<tr[^>]*>(.*?)</tr>", groups[0], re.S)
    assert current.count('data-kind="current"') - current.count('class="grid-sum"') == 11
    assert authorized.count("<input") == 9
    assert "정원 없음" in authorized
    # Compact: the inputs have no label of their own around them, the aria-label names them.
    assert 'aria-label="행정팀 일반직 6급 현원"' in current
