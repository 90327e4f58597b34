"""A new department from nothing to published, as the county's clerks do it in Chromium, with
every page load and form submission counted (logins not counted).

The scenario is issue 16's: 기획감사실, a 실 directly under the county (no 국) with two teams,
its officers and logins, staffing, a budget for this year and last, three task cards, then
검토 요청, 승인 and 게시. The superuser sets up the 실 and its people; each team's 작성자 writes
its cards from the front page; the 검토자 and the 게시관리자 finish from theirs. Every step is a
click on what the previous page offers: no address is typed after logging in.

The goal: at most 30 page loads and 12 form submissions. The counts are asserted and written
to bench/out/clerk-flow.txt, step by step, for the README."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.urls import reverse

from budget.models import BudgetLine
from personnel.models import Department, Officer, StaffingCount
from plans.models import PlanStatus, PublishedVersion, TaskCard, WorkPlan
from plans.rules import figures
from tests.browser.helpers import ROOT, screenshot

PASSWORD = "음성군-기획감사실-2023-clerk"
MAX_LOADS = 30
MAX_SUBMISSIONS = 12
REPORT = ROOT / "bench" / "out" / "clerk-flow.txt"


@dataclass
class Counter:
    """Main-frame navigations (a POST answered by a redirect is one navigation) and the POSTs
    among them, per step."""

    counting: bool = False
    step: str = ""
    loads: list[tuple[str, str]] = field(default_factory=list)
    submissions: list[tuple[str, str]] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("framenavigated", lambda frame: self._navigated(page, frame))
        page.on("request", self._requested)

    def _navigated(self, page, frame) -> None:
        if self.counting and frame == page.main_frame:
            self.loads.append((self.step, frame.url))

    def _requested(self, request) -> None:
        if self.counting and request.is_navigation_request() and request.method == "POST":
            self.submissions.append((self.step, request.url))

    def report(self) -> str:
        lines = [f"page loads {len(self.loads)}, form submissions {len(self.submissions)}"]
        steps = dict.fromkeys(step for step, _url in self.loads)
        for step in steps:
            loads = sum(1 for s, _u in self.loads if s == step)
            posts = sum(1 for s, _u in self.submissions if s == step)
            lines.append(f"  {step}: {loads} loads, {posts} submissions")
        return "\n".join(lines)


@pytest.fixture
def site(live_server, transactional_db, django_user_model):
    call_command("load_demo", verbosity=0)
    django_user_model.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    return live_server.url


def log_in(page, site, counter: Counter, username: str, password: str) -> None:
    counter.counting = False
    page.context.clear_cookies()
    page.goto(f"{site}{reverse('admin:login')}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}{reverse('admin:index')}")
    counter.counting = True
    # The front page after the login is where the user starts: it counts as a load.
    counter.loads.append((counter.step, page.url))


def submit(page, selector: str = "input[name=_save]") -> None:
    with page.expect_navigation():
        page.click(selector)
    # A refused form: Django's note above the form, a field's error list, a grid's marked
    # cell, or an error message at the top of the page.
    refused = page.locator(
        "p.errornote, .form-row .errorlist, td .errorlist, [aria-invalid=true], "
        ".messagelist .error, #people-errors"
    ).all_inner_texts()
    assert refused == [], refused


def follow(page, selector: str) -> None:
    link = page.locator(selector).first
    if not link.count():
        screenshot(page, "clerk-flow-stuck")
    assert link.count(), f"no {selector} on {page.url}"
    with page.expect_navigation():
        link.click()


def choose(page, select_id: str, text: str) -> None:
    """Pick ``text`` in one of the admin's autocomplete selects (select2)."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    # Typed into the open drop-down's own search field, not wherever the focus is: on a busy
    # machine the keys could reach the previous field before the drop-down took the focus.
    page.locator(".select2-container--open .select2-search__field").press_sequentially(text)
    page.wait_for_selector(f".select2-results__option--highlighted:has-text('{text}')")
    page.keyboard.press("Enter")


def add_inline_row(page, prefix: str) -> int:
    """Click the inline group's add link; return the new row's index."""
    total = page.locator(f"#id_{prefix}-TOTAL_FORMS")
    index = int(total.input_value())
    page.click(f"#{prefix}-group .add-row a")
    return index


FUNCTIONS = {
    "기획팀": "군정 주요업무계획, 주민참여예산, 조직 진단 등",
    "감사팀": "자체감사, 공직기강 확립, 청렴도 향상 등",
}
OFFICERS = {
    "기획팀": [
        ("기획팀장", "일반직 5급", "김기획", "043-871-3010"),
        ("행정6급", "일반직 6급", "이정책", "043-871-3011"),
        ("행정7급", "일반직 7급", "박예산", "043-871-3012"),
    ],
    "감사팀": [
        ("감사팀장", "일반직 5급", "최감사", "043-871-3020"),
        ("행정6급", "일반직 6급", "정공정", "043-871-3021"),
    ],
}
LOGINS = {
    "기획팀": [("planwriter", "이정책", "작성자"), ("planreviewer", "김기획", "검토자")],
    "감사팀": [("auditwriter", "정공정", "작성자"), ("publisher", "최감사", "게시관리자")],
}
# 현원 and 정원 per team and grade column of the staffing grid.
STAFFING = {
    "기획팀": {"5급": (1, 1), "6급": (3, 3), "7급": (2, 2)},
    "감사팀": {"5급": (1, 1), "6급": (2, 2), "8급": (1, 1)},
}
BUDGET = {"기획팀": ("1,250,400", "1,102,300"), "감사팀": ("84,200", "91,500")}
CARDS = [
    # (team writer, title, overview, plan item, schedule, funding (source, prior, current), officer)
    (
        "planwriter",
        "2024년 군정 주요업무계획 수립",
        "군정 목표와 분야별 역점과제를 정해 연간 업무계획을 세움",
        "부서별 업무계획 보고회 개최",
        "'23. 1.",
        None,
        "이정책",
    ),
    (
        "planwriter",
        "주민참여예산제 운영",
        "주민이 예산 편성에 참여하는 주민참여예산위원회를 운영함",
        "주민참여예산위원회 분과별 회의",
        "'23. 3.~6.",
        ("군비", "120000", "60000"),
        "박예산",
    ),
    (
        "auditwriter",
        "청렴도 향상 자체감사",
        "공직자 청렴도 향상을 위해 분야별 자체감사를 실시함",
        "상반기 종합감사 실시",
        "상반기",
        None,
        "정공정",
    ),
]


def test_a_new_department_from_nothing_to_published(page, site):
    counter = Counter()
    counter.attach(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # 1. The superuser: the 실, its teams, people, the plan, staffing and budget.
    counter.step = "기관 설정(관리자)"
    log_in(page, site, counter, "admin", PASSWORD)
    screenshot(page, "clerk-flow-front-page")
    follow(page, "a:has-text('과 추가')")
    page.select_option("#id_kind", label="실")
    page.fill("#id_name", "기획감사실")
    for name, functions in FUNCTIONS.items():
        index = add_inline_row(page, "teams")
        page.fill(f"#id_teams-{index}-name", name)
        page.fill(f"#id_teams-{index}-functions", functions)
    submit(page)
    department = Department.objects.get(name="기획감사실")
    assert department.bureau is None and department.get_kind_display() == "실"
    teams = {team.name: team for team in department.teams.all()}
    assert {name: team.functions for name, team in teams.items()} == FUNCTIONS

    # The save lands on the department's people page: officers and logins of both teams.
    passwords: dict[str, str] = {}
    for team_name, rows in OFFICERS.items():
        prefix = f"officers-{teams[team_name].pk}"
        for index, (position, grade, name, phone) in enumerate(rows):
            page.fill(f"#id_{prefix}-{index}-position", position)
            page.select_option(f"#id_{prefix}-{index}-grade", label=grade)
            page.fill(f"#id_{prefix}-{index}-name", name)
            page.fill(f"#id_{prefix}-{index}-phone", phone)
        prefix = f"logins-{teams[team_name].pk}"
        for index, (username, name, role) in enumerate(LOGINS[team_name]):
            page.fill(f"#id_{prefix}-{index}-username", username)
            page.fill(f"#id_{prefix}-{index}-first_name", name)
            page.select_option(f"#id_{prefix}-{index}-role", role)
    submit(page, "#people-form [type=submit]")
    for row in page.locator(".new-logins tbody tr").all():
        cells = row.locator("td").all_inner_texts()
        passwords[cells[0]] = cells[3]
    assert sorted(passwords) == sorted(u for rows in LOGINS.values() for u, _n, _r in rows)
    assert Officer.objects.filter(team__department=department).count() == 5

    # Back to the front page: the new 실's row starts its plan.
    follow(page, "#site-name a")
    follow(page, "a:has-text('업무계획 만들기')")
    page.fill("#id_policy_goal", "소통과 혁신으로 여는 군정")
    page.fill("#id_policy_directions", "군민과 함께하는 열린 행정\n공정하고 청렴한 공직문화")
    page.fill("#id_key_tasks", "주민참여예산제 내실화\n자체감사 강화")
    submit(page)
    plan = WorkPlan.objects.get(department=department)
    assert (plan.year, plan.session.number) == (2023, 353)
    screenshot(page, "clerk-flow-plan-hub")

    # The plan's page (the hub) leads to the staffing grid and back.
    follow(page, "a:has-text('인력 현황 입력')")
    for team_name, grades in STAFFING.items():
        for grade, (current, quota) in grades.items():
            page.get_by_label(f"{team_name} 일반직 {grade} 현원", exact=True).fill(str(current))
            page.get_by_label(f"{team_name} 일반직 {grade} 정원", exact=True).fill(str(quota))
    submit(page, "#staffing-form [type=submit]")
    assert StaffingCount.objects.filter(team__department=department, year=2023).count() == 6

    follow(page, "a:has-text('부서 예산 입력')")
    for team_name, (current, previous) in BUDGET.items():
        row = page.locator("#budget-grid tr", has_text=team_name)
        row.locator("input[data-col=current]").fill(current)
        row.locator("input[data-col=previous]").fill(previous)
    submit(page, "#budget-form [type=submit]")
    lines = BudgetLine.objects.filter(department=department)
    assert {(line.fiscal_year, line.amount) for line in lines} == {
        (year, int(amount.replace(",", "")))
        for current, previous in BUDGET.values()
        for year, amount in ((2023, current), (2022, previous))
    }

    # 2. Each team's 작성자 writes its cards from the front page.
    for username in ("planwriter", "auditwriter"):
        counter.step = f"과제 작성({username})"
        log_in(page, site, counter, username, passwords[username])
        follow(page, f"a[href='{reverse('admin:plans_workplan_change', args=[plan.pk])}']")
        for writer, title, overview, item, schedule, funding, officer in CARDS:
            if writer != username:
                continue
            follow(page, "a:has-text('IV장 과제 추가')")
            page.fill("#id_title", title)
            page.check("#id_is_new")
            page.fill("#id_overview", overview)
            index = add_inline_row(page, "plan_items")
            page.fill(f"#id_plan_items-{index}-text", item)
            page.fill(f"#id_plan_items-{index}-schedule", schedule)
            if funding:
                source, prior, current = funding
                index = add_inline_row(page, "funding_rows")
                page.select_option(f"#id_funding_rows-{index}-source", label=source)
                page.fill(f"#id_funding_rows-{index}-prior_years", prior)
                page.fill(f"#id_funding_rows-{index}-current_year", current)
            index = add_inline_row(page, "contacts")
            choose(page, f"id_contacts-{index}-officer", officer)
            submit(page)
    assert TaskCard.objects.filter(plan=plan).count() == len(CARDS)

    # 3. The 검토자 asks for review and approves; the 게시관리자 publishes.
    counter.step = "검토·승인(검토자)"
    log_in(page, site, counter, "planreviewer", passwords["planreviewer"])
    follow(page, ".ws-todo a.button:has-text('검토 요청')")
    submit(page, "#content form[method=post] [type=submit]")
    follow(page, "#site-name a")
    follow(page, ".ws-todo a.button:has-text('승인')")
    submit(page, "#content form[method=post] [type=submit]")
    counter.step = "게시(게시관리자)"
    log_in(page, site, counter, "publisher", passwords["publisher"])
    follow(page, ".ws-todo a.button:has-text('게시')")
    submit(page, "#content form[method=post] [type=submit]")
    counter.counting = False

    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    version = PublishedVersion.objects.get(plan=plan)
    report = version.report
    assert report is not None
    total = figures.sum_values(int(c.replace(",", "")) for c, _p in BUDGET.values())
    assert total == sum(line.amount for line in lines if line.fiscal_year == 2023)
    page.goto(f"{site}{version.plan.get_absolute_url()}")
    text = page.inner_text("main")
    assert "1실 2팀" in text
    assert all(functions in text for functions in FUNCTIONS.values())
    screenshot(page, "clerk-flow-published")

    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(counter.report() + "\n", encoding="utf-8")
    print(counter.report())
    assert errors == []
    assert len(counter.loads) <= MAX_LOADS, counter.report()
    assert len(counter.submissions) <= MAX_SUBMISSIONS, counter.report()
