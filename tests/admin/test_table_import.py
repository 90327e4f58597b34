"""The admin's per-table import (가져오기) in its two steps, through the test client: a preview of
what would be added, changed and left alone, then the confirm that writes it (or, when the file
no longer holds, writes nothing); every table offers import and export, and importing needs the
add and change permissions."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User

from budget.models import BudgetLine
from personnel.models import StaffingCount, StaffProfile, Team
from plans.models import TaskCard
from tests.changes import listed
from tests.tables import (
    RESOURCE_IDS,
    RESOURCES,
    budget_rows,
    csv_bytes,
    csv_cells,
    export_through_admin,
    row_counts,
    text,
    upload,
    url,
)

pytestmark = pytest.mark.django_db


def summary(response) -> str:
    """The preview's counts as a clerk reads them: 전체 3행: 추가 1 변경 1 변경 없음 1 잘못됨 0."""
    page = response.content.decode("utf-8")
    start = page.index('id="import-summary"')
    block = page[page.index(">", start) + 1 : page.index("</p>", start)]
    return " ".join(re.sub(r"<[^>]+>", "", block).split())


def test_a_confirm_that_no_longer_holds_writes_nothing(admin_client, world):
    """Between the preview and the confirm, someone renamed a team the file names."""
    data = csv_bytes(budget_rows(["자치행정과", 2024, "일반회계", "본예산", "서무팀", "", 1, 7]))
    response = upload(admin_client, BudgetLine, data, "lines.csv")
    confirm = response.context["confirm_form"].initial
    Team.objects.filter(name="서무팀").update(name="총무팀")
    before = row_counts()
    response = admin_client.post(url(BudgetLine, "process_import"), confirm)
    assert response.status_code == 200
    page = text(response)
    assert "아무것도 저장하지 않았습니다" in page
    assert "2행 '팀' 열: '서무팀' 팀을 찾을 수 없습니다" in page
    assert row_counts() == before


def test_task_cards_import_in_two_steps_through_the_admin(admin_client, world):
    data = export_through_admin(admin_client, TaskCard, "cards.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=headers.index("과제명") + 1, value="주민자치회 전면 실시 확대")
    sheet.append(["자치행정과", 2023, "주요업무계획", 8, "고향사랑기부제 운영", "대외협력팀",
                  "아니오", "예", "아니오", "", "", "", "", "백만원"])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = row_counts()

    response = upload(admin_client, TaskCard, buffer.getvalue(), "cards.xlsx")
    assert response.status_code == 200
    page = text(response)
    confirm = response.context["confirm_form"]
    assert "가져오기 실행" in page
    assert summary(response) == "전체 3행: 추가 1 변경 1 변경 없음 1 잘못됨 0"
    changes = listed(response.context["result"].changes)
    assert changes[0] == (
        "updated",
        "2행 과제 IV-7 '주민자치회 전면 실시 확대'",
        "과제명",
        "주민자치회 전면 실시",
        "주민자치회 전면 실시 확대",
    )
    kind, name, values = changes[1]
    assert (kind, name) == ("created", "4행 과제 IV-8 '고향사랑기부제 운영'")
    assert (values["담당 팀"], values["신규"], values["소요예산 표시 단위"]) == (
        "자치행정과 대외협력팀",
        "예",
        "백만원",
    )
    assert len(changes) == 2  # the unchanged row is counted, not listed
    assert "<del>주민자치회 전면 실시</del>" in page
    assert "<ins>주민자치회 전면 실시 확대</ins>" in page
    assert row_counts() == before  # the preview wrote nothing

    response = admin_client.post(url(TaskCard, "process_import"), confirm.initial, follow=True)
    assert response.status_code == 200
    assert "과제 가져오기를 마쳤습니다: 새로 추가 1건, 변경 1건, 변경 없음 1건." in text(response)
    assert TaskCard.objects.get(number=7).title == "주민자치회 전면 실시 확대"
    new = TaskCard.objects.get(number=8)
    assert (new.title, new.team.name, new.is_new, new.plan) == (
        "고향사랑기부제 운영",
        "대외협력팀",
        True,
        world.plan,
    )
    assert LogEntry.objects.count() == before["admin.LogEntry"] + 2


def test_budget_lines_import_in_two_steps_through_the_admin(admin_client, world):
    data = export_through_admin(admin_client, BudgetLine, "lines.csv")
    rows = csv_cells(data)
    header = rows[0]
    amount = header.index("금액(천원)")
    changed = next(row for row in rows[1:] if row[header.index("기타 항목")] == "신규사업")
    changed[amount] = "6,000"
    rows.append(["자치행정과", "2024", "일반회계", "본예산", "행정팀", "", "1", "1,100,000"])
    data = csv_bytes(rows, "cp949")  # as Korean Excel saves it after editing

    response = upload(admin_client, BudgetLine, data, "lines.csv")
    page = text(response)
    assert summary(response) == "전체 12행: 추가 1 변경 1 변경 없음 10 잘못됨 0"
    changes = listed(response.context["result"].changes)
    assert ("updated", "금액(천원)", "5,000천원", "6,000천원") in [
        (kind, *rest) for kind, _, *rest in changes if kind == "updated"
    ]
    assert "<del>5,000천원</del>" in page and "<ins>6,000천원</ins>" in page
    assert "그대로인 10행은 싣지 않았습니다" in page
    assert not BudgetLine.objects.filter(fiscal_year=2024).exists()

    confirm = response.context["confirm_form"].initial
    response = admin_client.post(url(BudgetLine, "process_import"), confirm)
    assert response.status_code == 302
    assert BudgetLine.objects.get(fiscal_year=2023, heading="신규사업").amount == 6000
    line = BudgetLine.objects.get(fiscal_year=2024)
    assert (line.team.name, line.amount, line.account, line.stage) == (
        "행정팀",
        1_100_000,
        "general",
        "original",
    )


def test_an_unchanged_file_confirms_no_changes(admin_client, world):
    data = export_through_admin(admin_client, StaffingCount, "staffing.xlsx")
    response = upload(admin_client, StaffingCount, data, "staffing.xlsx")
    count = StaffingCount.objects.count()
    assert summary(response) == f"전체 {count}행: 추가 0 변경 0 변경 없음 {count} 잘못됨 0"
    before = row_counts()
    response = admin_client.post(
        url(StaffingCount, "process_import"), response.context["confirm_form"].initial, follow=True
    )
    assert f"새로 추가 0건, 변경 0건, 변경 없음 {count}건" in text(response)
    assert row_counts() == before


@pytest.mark.parametrize("resource_class", RESOURCES, ids=RESOURCE_IDS)
def test_every_table_offers_import_and_export(admin_client, world, resource_class):
    model = resource_class._meta.model
    page = text(admin_client.get(url(model, "changelist")))
    assert url(model, "import") in page and url(model, "export") in page
    response = admin_client.get(url(model, "import"))
    assert response.status_code == 200
    assert [choice[1] for choice in response.context["form"].fields["format"].choices] == [
        "---",
        "xlsx",
        "csv",
    ]


def test_importing_needs_the_add_and_change_permissions(client, world):
    clerk = User.objects.create_user("clerk", password="x", is_staff=True)
    # A login without a team adds nothing (plans.access.scopes); this one is 행정팀's.
    StaffProfile.objects.create(user=clerk, team=world.teams["행정팀"])
    clerk.user_permissions.add(Permission.objects.get(codename="view_budgetline"))
    client.force_login(clerk)
    assert client.get(url(BudgetLine, "export")).status_code == 200
    assert client.get(url(BudgetLine, "import")).status_code == 403
    for codename in ("change_budgetline", "add_budgetline"):
        # An import creates rows as well as changing them: one permission is not enough.
        assert client.get(url(BudgetLine, "import")).status_code == 403
        clerk.user_permissions.add(Permission.objects.get(codename=codename))
        clerk = User.objects.get(pk=clerk.pk)
        client.force_login(clerk)
    assert client.get(url(BudgetLine, "import")).status_code == 200
