"""Admin actions are logged (LogEntry, each object's 변경 이력): the staffing grid, which saves
outside ModelAdmin's own views, records each count it creates, changes and deletes."""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from personnel.admin_staffing import DIGEST_FIELD, cell_name
from personnel.models import StaffingCount

pytestmark = pytest.mark.django_db


def grid_url(world) -> str:
    url = reverse("admin:personnel_staffingcount_grid")
    return f"{url}?department={world.department.pk}&year=2023"


def grid_data(response) -> dict[str, str]:
    """The grid's inputs as the page shows them."""
    grid = response.context["grid"]
    data = {DIGEST_FIELD: grid.digest}
    for row in grid.rows:
        for cell in row.cells:
            if not cell.column.is_subtotal:
                data[cell.current_name] = cell.current
                if cell.column.has_authorized:
                    data[cell.authorized_name] = cell.authorized
    return data


def cell(world, team: str, grade: str, kind: str) -> str:
    return cell_name(world.teams[team].pk, world.grades[grade].pk, kind)


def entries() -> list[tuple[int, str, str]]:
    content_type = ContentType.objects.get_for_model(StaffingCount)
    return sorted(
        LogEntry.objects.filter(content_type=content_type).values_list(
            "action_flag", "object_repr", "change_message"
        )
    )


def test_a_grid_save_logs_each_count_it_writes(admin_client, admin_user, world):
    data = grid_data(admin_client.get(grid_url(world)))
    data[cell(world, "서무팀", "7급", "current")] = "4"  # 3 → 4: changed
    data[cell(world, "서무팀", "7급", "authorized")] = "4"
    data[cell(world, "군민소통팀", "8급", "current")] = "1"  # new
    data[cell(world, "군민소통팀", "8급", "authorized")] = "1"
    data[cell(world, "대외협력팀", "9급", "current")] = ""  # emptied: deleted
    data[cell(world, "대외협력팀", "9급", "authorized")] = ""
    deleted = StaffingCount.objects.get(
        team=world.teams["대외협력팀"], grade=world.grades["9급"], year=2023
    )

    response = admin_client.post(grid_url(world), data)

    assert response.status_code == 302
    created = StaffingCount.objects.get(team=world.teams["군민소통팀"], grade=world.grades["8급"])
    changed = StaffingCount.objects.get(team=world.teams["서무팀"], grade=world.grades["7급"])
    assert entries() == [
        (ADDITION, str(created), "인력 현황 입력"),
        (CHANGE, str(changed), "인력 현황 입력: 정원 3 → 4, 현원 3 → 4"),
        (DELETION, str(deleted), "인력 현황 입력"),
    ]
    by_flag = {entry.action_flag: entry for entry in LogEntry.objects.all()}
    assert {flag: entry.object_id for flag, entry in by_flag.items()} == {
        ADDITION: str(created.pk),
        CHANGE: str(changed.pk),
        DELETION: str(deleted.pk),
    }
    assert {entry.user_id for entry in by_flag.values()} == {admin_user.pk}


def test_an_unchanged_or_refused_grid_logs_nothing(admin_client, world):
    data = grid_data(admin_client.get(grid_url(world)))
    assert admin_client.post(grid_url(world), data).status_code == 302  # saved, nothing changed
    data = grid_data(admin_client.get(grid_url(world)))
    data[cell(world, "서무팀", "7급", "current")] = "-1"  # refused
    assert admin_client.post(grid_url(world), data).status_code == 200
    assert entries() == []
