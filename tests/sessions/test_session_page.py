"""The session page: every department presenting, by bureau in the council's order, the
published ones with their files and the one still writing its plan as 준비 중, and the county's
figures added up from the published versions' frozen reports (the test adds them up itself)."""

import re

import pytest
from django.urls import reverse

from personnel.models import chart_order
from plans.models import WorkPlan
from plans.rules import figures
from plans.workflow.freezing import frozen_report
from tests.helpers import text_of
from tests.publishing import publish_now
from tests.sessions.conftest import DRAFT_TITLE

pytestmark = pytest.mark.django_db


def presenting(county) -> list[WorkPlan]:
    """The session's plans in the council's order, read here without the portal's selector."""
    return list(
        WorkPlan.objects.filter(session=county.session)
        .select_related("department__bureau", "department__organization", "public_version")
        .order_by(*chart_order("department"))
    )


def department_list(html: str) -> list[tuple[str, str]]:
    """(department, status) of each item of the page's list of departments, in order."""
    items = re.findall(r'<li class="session-plans__item">(.*?)</li>\s*(?=<li class="session|</ol>)',
                       html, flags=re.S)  # fmt: skip
    listed = []
    for item in items:
        name = re.search(r'class="session-plans__name"[^>]*>([^<]+)<', item).group(1)
        status = "준비 중" if "session-plans__status--preparing" in item else "게시"
        listed.append((name, status))
    return listed


def table_row(html: str, label: str, *, indent: bool = False) -> list[str]:
    """The cells of the first table row headed ``label``."""
    head = r'<th scope="row" class="data-table__indent">' if indent else r'<th scope="row">'
    match = re.search(head + re.escape(label) + r"</th>(.*?)</tr>", html, flags=re.S)
    assert match, label
    return re.findall(r'<td class="num">([^<]*)</td>', match.group(1))


def test_the_page_lists_exactly_the_sessions_departments_in_the_councils_order(client, county):
    response = client.get(county.url)
    assert response.status_code == 200
    html = response.content.decode()
    expected = [
        (plan.department.name, "게시" if plan.public_version_id else "준비 중")
        for plan in presenting(county)
    ]
    assert department_list(html) == expected
    assert ("신설과", "준비 중") in expected
    # Bureaus head their departments in the council's order.
    bureaus = list(dict.fromkeys(plan.department.parent_name for plan in presenting(county)))
    headings = re.findall(r'<h3 class="subsection__title">([^<]+)</h3>', html)
    assert headings == bureaus


def test_published_departments_link_their_edition_and_files_and_a_draft_links_nothing(
    client, county
):
    html = client.get(county.url).content.decode()
    for plan in presenting(county):
        args = [plan.year, plan.department.slug]
        addresses = [
            reverse("plans:plan_detail", args=args),
            reverse("plans:report_pdf", args=args),
            reverse("plans:report_xlsx", args=args),
            reverse("plans:report_hwpx", args=args),
            reverse("plans:department_detail", args=[plan.department.slug]),
        ]
        for address in addresses:
            assert (f'href="{address}"' in html) == (plan.public_version_id is not None), address
    assert DRAFT_TITLE not in html


def test_budget_staffing_and_cards_are_added_up_from_the_published_reports(client, county):
    html = client.get(county.url).content.decode()
    reports = [
        frozen_report(plan.public_version).report
        for plan in presenting(county)
        if plan.public_version_id
    ]
    current = sum(report.budget.total.current for report in reports)
    previous = sum(report.budget.total.previous for report in reports)
    assert table_row(html, "합계")[:3] == [
        figures.format_number(current),
        figures.format_number(previous),
        figures.change(current, previous).format(),
    ]
    for report in reports:
        total = report.budget.total
        assert table_row(html, report.department.name, indent=True) == [
            figures.format_number(total.current),
            figures.format_number(total.previous),
            figures.change(total.current, total.previous).format(),
        ]
    # each bureau's subtotal
    by_bureau: dict[str, list[int]] = {}
    for report in reports:
        sums = by_bureau.setdefault(
            report.bureau.name if report.bureau else report.organization.name, [0, 0]
        )
        sums[0] += report.budget.total.current
        sums[1] += report.budget.total.previous
    for bureau, (now, before) in by_bureau.items():
        assert table_row(html, bureau)[:3] == [
            figures.format_number(now),
            figures.format_number(before),
            figures.change(now, before).format(),
        ]
    # staffing: the second table's 합계 row (teams, 정원, 현원, 정원외)
    staffing_table = html[html.index('id="staffing-title"') :]
    assert table_row(staffing_table, "합계") == [
        figures.format_number(sum(r.staffing.team_count for r in reports)),
        figures.format_number(sum(r.staffing.authorized for r in reports)),
        figures.format_number(sum(r.staffing.current for r in reports)),
        figures.format_number(sum(r.staffing.supernumerary for r in reports)),
    ]
    # cards by 사업구분, and the count of departments
    cards = [view for report in reports for view in report.cards]
    kinds = [sum(label in view.kinds for view in cards) for label in ("계속", "신규", "현안")]
    summary = html[html.index("사업구분별 과제 수") :]
    first_row = re.search(r"<tbody><tr>(.*?)</tr>", summary, flags=re.S).group(1)
    assert re.findall(r'<td class="num">([^<]*)</td>', first_row) == [
        *(figures.format_number(n) for n in kinds),
        figures.format_number(len(cards)),
    ]
    text = text_of(client.get(county.url))
    plans = presenting(county)
    assert (
        f"보고 부서: {len(plans)}개 과 (게시 {len(reports)}개, "
        f"준비 중 {len(plans) - len(reports)}개)" in text
    )


def test_the_figures_come_from_the_published_versions_not_the_rows_being_edited(client, county):
    """A department edits its plan after publishing: the session page keeps the version."""
    plan = next(plan for plan in presenting(county) if plan.public_version_id)
    before = client.get(county.url).content.decode()
    card = plan.cards.order_by("number").first()
    card.title = "게시 뒤에 고친 과제명"
    card.save()
    line = plan.department.budget_lines.filter(fiscal_year=plan.year).first()
    line.amount += 123_456_000
    line.save()
    after = client.get(county.url).content.decode()
    assert after == before
    cards = client.get(county.url + "cards/").content.decode()
    assert "게시 뒤에 고친 과제명" not in cards


def test_charts_are_the_plan_pages_svg_with_a_title_and_description(client, county):
    html = client.get(county.url).content.decode()
    for chart in ("session-budget-chart", "session-staffing-chart"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in html
    assert '<table class="data-table">' in html
    assert "<caption>" in html


def test_a_publication_changes_the_cached_page_and_its_etag(client, county):
    first = client.get(county.url)
    etag = first["ETag"]
    assert client.get(county.url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    publish_now(county.draft)
    again = client.get(county.url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] != etag
    assert ("신설과", "게시") in department_list(again.content.decode())
    assert DRAFT_TITLE in client.get(county.url + "cards/").content.decode()


def test_sessions_without_a_publication_and_unknown_ones_answer_404(client, county):
    organization, number = county.session.organization.name, county.session.number
    for args in ([organization, 9999], ["없는군", number]):
        assert client.get(reverse("plans:session_detail", args=args)).status_code == 404
    WorkPlan.objects.filter(session=county.session).update(public_version=None)
    assert client.get(county.url).status_code == 404


def test_home_plan_page_and_session_list_link_the_session(client, county):
    published = next(plan for plan in presenting(county) if plan.public_version_id)
    for url in ("/", reverse("plans:session_list"), published.get_absolute_url()):
        html = client.get(url).content.decode()
        assert f'href="{county.url}"' in html, url
    plan_page = client.get(published.get_absolute_url()).content.decode()
    department = reverse("plans:department_detail", args=[published.department.slug])
    assert f'href="{department}"' in plan_page
