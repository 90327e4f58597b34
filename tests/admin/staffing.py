"""The staffing grid's page in tests: its address for the test world, and its form as the page
fills it, to post back with a change."""

from django.urls import reverse

from personnel.admin_staffing import DIGEST_FIELD, cell_name


def grid_url(world) -> str:
    url = reverse("admin:personnel_staffingcount_grid")
    return f"{url}?department={world.department.pk}&year=2023"


def grid_post_data(response) -> dict:
    """Every input of the grid as the page shows it, the hidden digest included."""
    digest = response.context["grid"].digest
    assert f'name="{DIGEST_FIELD}" value="{digest}"' in response.content.decode()
    data = {DIGEST_FIELD: digest}
    for row in response.context["grid"].rows:
        for cell in row.cells:
            if cell.column.is_subtotal:
                continue
            data[cell.current_name] = cell.current
            if cell.column.has_authorized:
                data[cell.authorized_name] = cell.authorized
    return data


def name(world, team: str, grade: str, kind: str) -> str:
    return cell_name(world.teams[team].pk, world.grades[grade].pk, kind)
