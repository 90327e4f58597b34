"""The staffing grid (인력 현황 입력): sums as the seed prints them, a valid save creates, updates
and deletes counts, and one bad cell refuses the whole grid with a message naming the cell."""

import re

import pytest
from django.urls import reverse

from personnel.admin_staffing import DIGEST_FIELD, staffing_grid
from personnel.models import StaffingCount
from tests.admin.staffing import grid_post_data, grid_url, name

pytestmark = pytest.mark.django_db


def sum_text(page: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', page)
    assert match, element_id
    return match.group(1)


def column_sum(grid, label: str, *, category: str | None = None) -> tuple[int, int]:
    for column, current, authorized in grid.totals:
        if column.label == label and (category is None or column.category == category):
            return current, authorized
    raise AssertionError(label)


def stored() -> list[tuple]:
    return list(
        StaffingCount.objects.order_by("pk").values_list(
            "pk", "year", "team_id", "grade_id", "authorized", "current"
        )
    )


def test_the_grid_shows_the_seeds_sums(admin_client, world):
    response = admin_client.get(grid_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    # 인 력: 정원 27명 / 현원 27명(정원외 3명), 합계 30
    assert sum_text(page, "summary-authorized") == "27"
    assert sum_text(page, "summary-current") == "27"
    assert sum_text(page, "summary-supernumerary") == "3"
    assert sum_text(page, "sum-current-all") == "30"
    grid = response.context["grid"]
    assert column_sum(grid, "소계", category="general") == (24, 24)  # 일반직 소계
    assert column_sum(grid, "6급") == (9, 9)
    assert column_sum(grid, "정무직") == (1, 1)
    assert [row.current_total for row in grid.rows] == [17, 6, 3, 4]
    # Teams as rows, grades as columns in their order, 정원외 grades too.
    assert [row.team.name for row in grid.rows] == ["행정팀", "서무팀", "군민소통팀", "대외협력팀"]
    labels = [column.label for column in grid.columns]
    assert labels[:3] == ["정무직", "소계", "4급"]
    assert labels[-2:] == ["청원경찰", "공무원"]
    # 정원외 cells take no 정원.
    assert name(world, "행정팀", "청원경찰", "current") in page
    assert name(world, "행정팀", "청원경찰", "authorized") not in page
    assert "js/staffing-grid.js" in page  # the live sums (a file: the CSP allows no inline)


def test_a_valid_post_creates_updates_and_deletes_counts(admin_client, world):
    response = admin_client.get(grid_url(world))
    data = grid_post_data(response)
    data[name(world, "서무팀", "7급", "current")] = "4"  # update
    data[name(world, "서무팀", "7급", "authorized")] = "5"
    data[name(world, "군민소통팀", "8급", "current")] = "1"  # create
    data[name(world, "군민소통팀", "8급", "authorized")] = "1"
    data[name(world, "대외협력팀", "9급", "current")] = ""  # delete
    data[name(world, "대외협력팀", "9급", "authorized")] = ""
    response = admin_client.post(grid_url(world), data)
    assert response.status_code == 302

    counts = StaffingCount.objects.filter(year=2023)
    seomu = counts.get(team=world.teams["서무팀"], grade=world.grades["7급"])
    assert (seomu.current, seomu.authorized) == (4, 5)
    assert counts.filter(team=world.teams["군민소통팀"], grade=world.grades["8급"]).exists()
    assert not counts.filter(team=world.teams["대외협력팀"], grade=world.grades["9급"]).exists()

    response = admin_client.get(response["Location"])
    page = response.content.decode()
    assert "인력 현황을 저장했습니다" in page
    assert sum_text(page, "sum-current-all") == "31"  # 30 + 1 + 1 − 1
    assert sum_text(page, "summary-authorized") == "29"  # 27 + 2 + 1 − 1
    grid = response.context["grid"]
    assert [row.current_total for row in grid.rows] == [17, 7, 4, 3]
    assert column_sum(grid, "소계", category="general") == (25, 26)
    assert column_sum(grid, "8급") == (3, 3)
    assert column_sum(grid, "9급") == (1, 1)
    # The sums agree with the ones the read function computes from the database.
    assert staffing_grid(department=world.department, year=2023).current_sums == (grid.current_sums)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        pytest.param(
            {("행정팀", "6급", "current"): "-1"},
            "행정팀 일반직 6급 현원: 0 이상의 정수를 입력하십시오.",
            id="negative",
        ),
        pytest.param(
            {("서무팀", "7급", "authorized"): "2.5"},
            "서무팀 일반직 7급 정원: 0 이상의 정수를 입력하십시오.",
            id="not-a-whole-number",
        ),
        pytest.param(
            {("행정팀", "청원경찰", "authorized"): "1"},
            "행정팀 정원외 청원경찰: 정원외 인력에는 정원을 입력하지 않습니다.",
            id="authorized-for-supernumerary",
        ),
        pytest.param(
            {("군민소통팀", "9급", "current"): "1"},
            "군민소통팀 일반직 9급: 정원을 입력하십시오.",
            id="missing-authorized",
        ),
    ],
)
def test_one_bad_cell_refuses_the_whole_grid(admin_client, world, cells, message):
    before = stored()
    data = grid_post_data(admin_client.get(grid_url(world)))
    # Good edits elsewhere must not be saved either.
    data[name(world, "서무팀", "6급", "current")] = "2"
    data[name(world, "대외협력팀", "9급", "current")] = ""
    data[name(world, "대외협력팀", "9급", "authorized")] = ""
    for (team, grade, kind), value in cells.items():
        data[name(world, team, grade, kind)] = value
    response = admin_client.post(grid_url(world), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "저장하지 않았습니다" in page
    assert stored() == before
    # What was typed is shown again, so the clerk can fix it.
    first = next(iter(cells.items()))
    assert f'value="{first[1]}"' in page


def test_the_grid_needs_a_department_and_year_to_show_cells(admin_client, world):
    response = admin_client.get(reverse("admin:personnel_staffingcount_grid"))
    assert response.status_code == 200
    assert response.context["grid"] is None
    assert world.department.name in response.content.decode()


CONFLICT = "이 표를 연 뒤에 다른 사람이 인력 현황을 저장했습니다. 아무것도 저장하지 않았습니다."


def test_a_save_over_a_newer_save_is_refused_and_loses_nothing(admin_client, world):
    # A and B open the same grid; B fills an empty cell and saves.
    form_a = grid_post_data(admin_client.get(grid_url(world)))
    form_b = grid_post_data(admin_client.get(grid_url(world)))
    form_b[name(world, "군민소통팀", "8급", "current")] = "1"
    form_b[name(world, "군민소통팀", "8급", "authorized")] = "2"
    assert admin_client.post(grid_url(world), form_b).status_code == 302
    after_b = stored()

    # A saves the page as it was loaded, with an edit of its own: nothing is saved.
    form_a[name(world, "서무팀", "7급", "current")] = "4"
    form_a[name(world, "서무팀", "7급", "authorized")] = "5"
    response = admin_client.post(grid_url(world), form_a)
    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page
    assert "입력한 값에 오류가 있어" not in page  # no cell is wrong: only the conflict is said
    assert stored() == after_b
    b_count = StaffingCount.objects.get(
        year=2023, team=world.teams["군민소통팀"], grade=world.grades["8급"]
    )
    assert (b_count.current, b_count.authorized) == (1, 2)

    # The grid shown is the database's (B's cell filled, A's edit not applied), with a fresh
    # digest, so A can enter the edit again and save.
    grid = response.context["grid"]
    assert grid.digest == staffing_grid(department=world.department, year=2023).digest
    assert grid.digest != form_a[DIGEST_FIELD]
    again = grid_post_data(response)
    assert again[name(world, "군민소통팀", "8급", "current")] == "1"
    assert again[name(world, "서무팀", "7급", "current")] != "4"
    again[name(world, "서무팀", "7급", "current")] = "4"
    again[name(world, "서무팀", "7급", "authorized")] = "5"
    assert admin_client.post(grid_url(world), again).status_code == 302
    counts = StaffingCount.objects.filter(year=2023)
    seomu = counts.get(team=world.teams["서무팀"], grade=world.grades["7급"])
    assert (seomu.current, seomu.authorized) == (4, 5)
    assert counts.filter(team=world.teams["군민소통팀"], grade=world.grades["8급"]).exists()


def test_a_refused_grid_keeps_the_digest_it_was_loaded_with(admin_client, world):
    data = grid_post_data(admin_client.get(grid_url(world)))
    data[name(world, "행정팀", "6급", "current")] = "-1"
    response = admin_client.post(grid_url(world), data)
    assert response.status_code == 200
    assert response.context["grid"].digest == data[DIGEST_FIELD]
    # Someone saves meanwhile; the fixed grid is then refused rather than applied over it.
    other = grid_post_data(admin_client.get(grid_url(world)))
    other[name(world, "대외협력팀", "9급", "current")] = ""
    other[name(world, "대외협력팀", "9급", "authorized")] = ""
    assert admin_client.post(grid_url(world), other).status_code == 302
    after = stored()
    fixed = grid_post_data(response)
    fixed[name(world, "행정팀", "6급", "current")] = "3"
    response = admin_client.post(grid_url(world), fixed)
    assert CONFLICT in response.content.decode()
    assert stored() == after


@pytest.mark.parametrize(
    "digest",
    [None, "", "0" * 64, "forged", "위조"],
    ids=["missing", "empty", "zeros", "junk", "non-ascii"],
)
def test_a_missing_or_forged_digest_is_refused(admin_client, world, digest):
    before = stored()
    data = grid_post_data(admin_client.get(grid_url(world)))
    data[name(world, "서무팀", "7급", "current")] = "4"
    data[name(world, "서무팀", "7급", "authorized")] = "5"
    if digest is None:
        del data[DIGEST_FIELD]
    else:
        data[DIGEST_FIELD] = digest
    response = admin_client.post(grid_url(world), data)
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    assert stored() == before


def test_a_cell_created_by_a_concurrent_save_rolls_the_whole_save_back(
    admin_client, world, monkeypatch
):
    """Two editors creating the same cell at once: the later insert hits the UNIQUE constraint,
    which is reported, not a 500, and nothing of the save is kept."""
    before = stored()
    data = grid_post_data(admin_client.get(grid_url(world)))
    data[name(world, "서무팀", "7급", "current")] = "4"  # update, saved before the clash
    data[name(world, "서무팀", "7급", "authorized")] = "5"
    data[name(world, "군민소통팀", "8급", "current")] = "1"  # create, clashes
    data[name(world, "군민소통팀", "8급", "authorized")] = "1"
    data[name(world, "대외협력팀", "9급", "current")] = ""  # delete, done first
    data[name(world, "대외협력팀", "9급", "authorized")] = ""

    original_save = StaffingCount.save

    def save_after_a_rival(self, *args, **kwargs):
        if self.pk is None:  # the other editor's row lands just before ours
            rival = StaffingCount(
                year=self.year, team=self.team, grade=self.grade, current=9, authorized=9
            )
            StaffingCount.objects.bulk_create([rival])
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(StaffingCount, "save", save_after_a_rival)
    response = admin_client.post(grid_url(world), data)
    assert response.status_code == 200
    assert "다른 사람이 같은 칸을 동시에 저장했습니다. 아무것도 저장하지 않았습니다." in (
        response.content.decode()
    )
    assert stored() == before
