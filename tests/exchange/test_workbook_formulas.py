"""Formula injection: text that Excel would run as a formula is written with a leading
apostrophe and reads back exactly as typed; numbers and other text are left alone."""

from decimal import Decimal

import pytest

from plans.exchange.cells import safe_cell, unescape_cell
from plans.exchange.workbook.reader import import_plan_workbook
from plans.exchange.workbook.writer import plan_workbook
from plans.models import TaskCard
from tests.workbooks import cell, open_xlsx

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://example.com","클릭")', "+1", "@SUM(A1)", "-3", "'=인용된 수식"]
)
def test_formula_like_text_is_written_as_text_and_reads_back_as_typed(demo_plan, text):
    card = TaskCard.objects.get(section="main", number=1)
    card.title = text
    card.save()
    item = card.plan_items.get(order=1)
    item.target = text
    item.save()

    data = plan_workbook(demo_plan)

    workbook = open_xlsx(data, data_only=False)
    title = cell(workbook["과제"], "과제명", 구분="주요업무계획", 번호=1)
    assert title.data_type == "s"
    assert title.value == "'" + text
    assert cell(workbook["추진계획"], "목표", 과제="IV-1", 순서=1).value == "'" + text
    result, errors = import_plan_workbook(data, dry_run=False)
    assert errors == [] and not result.changed
    assert TaskCard.objects.get(section="main", number=1).title == text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("'=x", "''=x"),
        ("'인용", "'인용"),
        ("행정팀", "행정팀"),
        (-856, -856),
        (Decimal("-12.9"), Decimal("-12.9")),
        (None, None),
    ],
)
def test_safe_cell_escapes_text_only_and_unescapes_exactly(value, written):
    assert safe_cell(value) == written
    assert unescape_cell(safe_cell(value)) == value
