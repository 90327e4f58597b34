"""The whole-plan workbook's preview lists what a file changes, field by field (a renamed card,
a changed budget figure, an added 추진계획 row, a removed 소요예산 row and nothing else), says
변경 없음 for the file as exported (also over text stored with CRLF, trailing blanks or
decomposed Hangul), and confirming writes exactly what the preview listed."""

import html as html_lib
import re
import unicodedata

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from budget.models import BudgetLine, FundingRow
from plans.exchange import changes as change_rules
from plans.exchange.workbook.reader import import_plan_workbook
from plans.exchange.workbook.writer import plan_workbook
from plans.models import PlanItem, PlanStatus, TaskCard, WorkPlan
from tests.changes import listed
from tests.demo import row_counts
from tests.workbooks import URL, cell, column_of, edited, find_row, headers, upload

pytestmark = pytest.mark.django_db

NEW_TITLE = "군민 소통·참여행정 확대 추진"
NEW_AMOUNT = 1_000_000


@pytest.fixture
def editor(client):
    client.force_login(User.objects.create_superuser("editor", "e@example.com", "x"))
    return client


@pytest.fixture
def draft(demo_plan) -> WorkPlan:
    # The demo plan is published, and only a draft is imported over (plans.admin.access).
    WorkPlan.objects.filter(pk=demo_plan.pk).update(status=PlanStatus.DRAFT)
    return WorkPlan.objects.get(pk=demo_plan.pk)


def next_plan_item(workbook, code: str) -> tuple[int, int]:
    """The first empty row of the 추진계획 sheet and the next 순서 of card ``code``."""
    ws = workbook["추진계획"]
    card, order = column_of(ws, "과제"), column_of(ws, "순서")
    orders = [ws.cell(row, order).value for row in range(3, ws.max_row + 1)
              if ws.cell(row, card).value == code]  # fmt: skip
    empty = next(
        (row for row in range(3, ws.max_row + 1) if ws.cell(row, card).value is None),
        ws.max_row + 1,
    )
    return empty, max(orders) + 1


def four_edits(workbook) -> None:
    """A clerk's four edits: a card renamed, a budget figure, a 추진계획 row added to IV-2, the
    second funding row of IV-8 removed (its cells emptied)."""
    cell(workbook["과제"], "과제명", 구분="주요업무계획", 번호=5).value = NEW_TITLE
    cell(workbook["예산"], "금액", 회계연도=2023, 팀="행정팀").value = NEW_AMOUNT
    ws = workbook["추진계획"]
    row, order = next_plan_item(workbook, "IV-2")
    values = {"과제": "IV-2", "순서": order, "내용": "공무원 글쓰기 교육", "일정": "23. 6.",
              "목표": "2회"}  # fmt: skip
    for header, value in values.items():
        ws.cell(row, column_of(ws, header)).value = value
    funding = workbook["소요예산"]
    removed = find_row(funding, 과제="IV-8", 재원="기타")
    for column in range(1, len(headers(funding)) + 1):
        funding.cell(removed, column).value = None


def test_the_preview_lists_exactly_the_four_changes(editor, pending_dir, draft, demo_workbook):
    card = TaskCard.objects.get(plan=draft, section="main", number=5)
    line = BudgetLine.objects.get(
        department=draft.department, fiscal_year=2023, team__name="행정팀"
    )
    funding = FundingRow.objects.get(card__plan=draft, card__number=8, source="other")
    items = PlanItem.objects.filter(card__plan=draft, card__number=2).count()
    iv2 = TaskCard.objects.get(plan=draft, section="main", number=2)
    iv8 = funding.card

    response = upload(editor, edited(demo_workbook, four_edits))
    changes = response.context["result"].changes
    flat = listed(changes)
    assert flat[:2] == [
        ("updated", "부서 예산 2023년 일반회계 본예산 '행정팀'", "금액(천원)",
         f"{line.amount:,}천원", f"{NEW_AMOUNT:,}천원"),
        ("updated", f"과제 IV-5 '{NEW_TITLE}'", "과제명", card.title, NEW_TITLE),
    ]  # fmt: skip
    kind, name, values = flat[2]
    assert (kind, name) == ("created", f"과제 IV-2 '{iv2.title}' 추진계획 {items + 1}행")
    shown = (values["순서"], values["내용"], values["목표"])
    assert shown == (str(items + 1), "공무원 글쓰기 교육", "2회")
    assert flat[3] == ("deleted", f"과제 IV-8 '{iv8.title}' 소요예산 '기타'")
    assert len(flat) == 4  # nothing else: every other row is counted as unchanged
    assert changes.unchanged == response.context["result"].totals()["unchanged"] > 0

    page = html_lib.unescape(response.content.decode())
    assert '<caption id="import-changes-caption">' in page
    assert " ".join(page.split()).count("고침 2행, 새로 만듦 1행, 지움 1행") == 1
    assert f"<del>{line.amount:,}천원</del>" in page and f"<ins>{NEW_AMOUNT:,}천원</ins>" in page
    assert re.search(f"<th scope=\"rowgroup\"[^>]*>과제 IV-5 '{NEW_TITLE}'</th>", page)
    assert '<th scope="row" class="change-field">과제명</th>' in page

    # Confirming writes exactly that.
    before = row_counts()
    assert editor.post(reverse(URL), {"token": response.context["token"]}).status_code == 302
    expected = {**before, "plans.PlanItem": before["plans.PlanItem"] + 1,
                "budget.FundingRow": before["budget.FundingRow"] - 1}  # fmt: skip
    assert row_counts() == expected
    card.refresh_from_db()
    line.refresh_from_db()
    assert (card.title, line.amount) == (NEW_TITLE, NEW_AMOUNT)
    assert not FundingRow.objects.filter(pk=funding.pk).exists()
    added = PlanItem.objects.get(card=iv2, order=items + 1)
    assert (added.text, added.target) == ("공무원 글쓰기 교육", "2회")
    assert values["일정"] == added.schedule  # the preview showed the schedule as stored


def test_the_real_load_changes_what_the_dry_run_listed(draft, demo_workbook):
    data = edited(demo_workbook, four_edits)
    preview, errors = import_plan_workbook(data, dry_run=True)
    assert not errors
    result, errors = import_plan_workbook(data, dry_run=False)
    assert not errors
    assert listed(result.changes) == listed(preview.changes)
    again, errors = import_plan_workbook(plan_workbook(draft), dry_run=True)
    assert not errors and not again.changes and not again.changed


def test_the_exported_workbook_shows_no_change(editor, pending_dir, draft, demo_workbook):
    page = html_lib.unescape(upload(editor, demo_workbook).content.decode())
    assert "변경 없음" in page
    assert "import-changes-caption" not in page
    assert "가져오기 확인" not in page


def test_text_stored_with_crlf_blanks_or_decomposed_hangul_is_no_change(editor, pending_dir, draft):
    """A browser submits a textarea with CRLF; older rows, scripts and a Mac's paste may have
    stored that, trailing blanks or decomposed Hangul. Exported and imported back, the text
    reads the same through the import's text rule, so the preview lists nothing."""
    card = TaskCard.objects.get(plan=draft, section="main", number=1)
    crlf = card.overview.replace("\n", "  \r\n") + "\r\n"
    decomposed = unicodedata.normalize("NFD", card.title)
    assert (crlf, decomposed) != (card.overview, card.title)
    TaskCard.objects.filter(pk=card.pk).update(overview=crlf, title=decomposed)
    data = plan_workbook(draft)
    response = upload(editor, data)
    assert not response.context["result"].changes.rows
    assert "변경 없음" in html_lib.unescape(response.content.decode())
    stored = TaskCard.objects.get(pk=card.pk)
    assert (stored.overview, stored.title) == (crlf, decomposed)  # and nothing was rewritten
    assert change_rules.differs(crlf, card.overview) is False
