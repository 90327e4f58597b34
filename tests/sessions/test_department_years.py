"""One department over the years: each published plan's cards, budget and staffing side by
side, and which cards carried on, as the test reads them from the published reports."""

import re

import pytest
from django.urls import reverse

from plans.models import WorkPlan
from plans.report.comparison import title_key
from plans.rules import figures
from plans.workflow.freezing import frozen_report

pytestmark = pytest.mark.django_db


def test_each_year_prints_its_published_reports_figures(client, county):
    department = county.session.plans.filter(public_version__isnull=False).first().department
    plans = list(
        WorkPlan.objects.filter(department=department, public_version__isnull=False)
        .select_related("public_version")
        .order_by("year")
    )
    assert len(plans) > 2
    html = client.get(reverse("plans:department_detail", args=[department.slug])).content.decode()
    years = html[html.index('id="years-title"') : html.index('id="titles-title"')]
    rows = re.findall(r"<tr>\s*<th scope=\"row\"><a [^>]*>(\d+)년</a></th>(.*?)</tr>", years, re.S)
    assert [int(year) for year, _ in rows] == [plan.year for plan in plans]
    for plan, (_, cells) in zip(plans, rows, strict=True):
        frozen = frozen_report(plan.public_version)
        report, comparison = frozen.report, frozen.comparison
        numbers = re.findall(r'<td class="num">([^<]*)</td>', cells)
        kinds = [sum(k in view.kinds for view in report.cards) for k in ("계속", "신규", "현안")]
        budget = report.budget.total
        want = [
            figures.format_number(len(report.cards)),
            *(figures.format_number(n) for n in kinds),
            figures.format_number(budget.current),
            figures.change(budget.current, budget.previous).format(),
            figures.format_number(report.staffing.authorized),
            figures.format_number(report.staffing.current),
        ]
        if comparison.previous_version_pk:
            want += [
                figures.format_number(len(comparison.continued_cards)),
                figures.format_number(len(comparison.new_cards)),
                figures.format_number(len(comparison.dropped_titles)),
            ]
        assert numbers == want
        assert f"<td>{report.session.name}</td>" in cells


def test_the_title_table_marks_the_years_each_card_appears_in(client, county):
    department = county.session.plans.filter(public_version__isnull=False).last().department
    plans = list(
        WorkPlan.objects.filter(department=department, public_version__isnull=False)
        .select_related("public_version")
        .order_by("year")
    )
    by_year = [
        {
            title_key(view.card.title): view.code
            for view in frozen_report(p.public_version).report.cards
        }
        for p in plans
    ]
    html = client.get(reverse("plans:department_detail", args=[department.slug])).content.decode()
    table = html[html.index('id="titles-title"') :]
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', table, re.S)
    assert {title_key(title) for title, _ in rows} == set().union(*by_year)
    every_year = 0
    for title, cells in rows:
        shown = re.findall(r"<td>(?:<a [^>]*>)?([^<]+)(?:</a>)?</td>", cells)
        assert shown == [codes.get(title_key(title), "-") for codes in by_year]
        every_year += all(title_key(title) in codes for codes in by_year)
    assert f"게시된 모든 해에 이어진 과제는 {every_year}개입니다." in html


def test_a_department_without_a_published_plan_has_no_page(client, county):
    slug = county.draft.department.slug
    assert client.get(reverse("plans:department_detail", args=[slug])).status_code == 404
