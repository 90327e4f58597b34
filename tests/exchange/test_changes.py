"""plans.exchange.changes: what counts as a change (text through the import's text rule), how
rows are named, how figures and long texts are shown."""

import unicodedata

import pytest

from budget.models import BudgetLine, FundingRow
from personnel.models import StaffingCount
from plans.exchange import changes
from plans.models import PlanItem, TaskCard
from plans.models.cards import Section
from plans.rules.figures import format_number

pytestmark = pytest.mark.django_db


def test_text_differing_only_by_crlf_blanks_or_nfc_is_no_change(world):
    card = world.card
    card.overview = "□ 주민자치회 운영\n  ○ 위원 위촉"
    card.save()
    before = changes.snapshot(card)
    card.overview = "□ 주민자치회 운영  \r\n  ○ 위원 위촉\r\n"
    card.title = unicodedata.normalize("NFD", card.title)
    assert card.title != before["title"]
    assert changes.updated(before, card) is None


def test_a_changed_figure_reads_as_the_report_prints_it(world):
    line = BudgetLine.objects.filter(department=world.department).first()
    before = changes.snapshot(line)
    line.amount = line.amount + 1_234_567
    change = changes.updated(before, line)
    assert change.kind == changes.UPDATED
    assert change.table == "부서 예산"
    assert change.name == (
        f"부서 예산 {line.fiscal_year}년 {line.get_account_display()} "
        f"{line.get_stage_display()} '{line.label}'"
    )
    [field] = change.fields
    assert (field.label, field.old, field.new) == (
        "금액(천원)",
        f"{format_number(before['amount'])}천원",
        f"{format_number(line.amount)}천원",
    )
    assert "," in field.new


def test_a_long_text_shows_only_its_changed_lines(world):
    card = world.card
    card.policies = "\n".join(f"○ 방침 {n}" for n in range(1, 9))
    card.save()
    before = changes.snapshot(card)
    lines = card.policies.split("\n")
    lines[4] = "○ 방침 5 (고침)"
    card.policies = "\n".join([*lines, "○ 방침 9"])
    [field] = changes.updated(before, card).fields
    assert field.is_lines
    assert (field.removed, field.added) == (("○ 방침 5",), ("○ 방침 5 (고침)", "○ 방침 9"))


def test_rows_are_named_the_way_a_clerk_knows_them(world):
    card = world.card
    item = PlanItem.objects.get(card=card, order=2)
    funding = FundingRow.objects.filter(card=card).first()
    staffing = StaffingCount.objects.filter(team__department=world.department).first()
    assert changes.row_name(card) == f"과제 {card.code} '{card.title}'"
    assert changes.row_name(item) == f"과제 {card.code} '{card.title}' 추진계획 2행"
    assert changes.row_name(funding) == (
        f"과제 {card.code} '{card.title}' 소요예산 '{funding.get_source_display()}'"
    )
    assert changes.row_name(staffing) == (
        f"팀 '{staffing.team.name}' {staffing.year}년 {staffing.grade} 인원"
    )


def test_a_new_row_lists_its_values_and_a_removed_row_its_name(world):
    card = world.card
    new = PlanItem(card=card, order=3, text="성과 공유회", schedule="'23. 12.", target="1회")
    created = changes.created(new)
    assert created.name == f"과제 {card.code} '{card.title}' 추진계획 3행"
    values = {f.label: f.new for f in created.fields}
    assert values == {"순서": "3", "내용": "성과 공유회", "일정": "'23. 12.", "목표": "1회"}
    removed = changes.deleted(TaskCard.objects.get(pk=card.pk), cascade=5)
    assert (removed.kind_label, removed.name, removed.fields, removed.cascade) == (
        "지움",
        f"과제 {card.code} '{card.title}'",
        (),
        5,
    )


def test_a_changed_reference_and_choice_show_their_names(world):
    card = world.card
    before = changes.snapshot(card)
    old_team = card.team
    new_team = next(team for team in world.teams.values() if team.pk != card.team_id)
    card.team = new_team
    card.section = Section.SPECIAL
    fields = {f.label: (f.old, f.new) for f in changes.updated(before, card).fields}
    assert fields == {
        "구분": (Section.MAIN.label, Section.SPECIAL.label),
        "담당 팀": (str(old_team), str(new_team)),
    }
