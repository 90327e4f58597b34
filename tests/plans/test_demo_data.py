"""The demo plan document (fixtures/demo): it loads into the expected rows, loading it again
changes nothing, dump → load is a round trip, and a bad value is refused with a Korean message
naming its place while nothing is written."""

import copy
import datetime
import io
from decimal import Decimal

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command

from budget.models import BudgetLine, CountyBudget, FundingRow
from civic.models import (
    Election,
    FieldVisit,
    HousingProject,
    ResidentCouncil,
    TownPromotionStep,
    Township,
)
from personnel.models import Grade, Officer, StaffingCount, Team, WelfareProgram
from plans.exchange.documents import (
    document_to_yaml,
    dump_plan_document,
    load_plan_document,
    normalize_document,
)
from plans.models import (
    AchievementGroup,
    AchievementItem,
    CardContact,
    PlanItem,
    PlanStatus,
    ProgressItem,
    PublishedVersion,
    TaskCard,
    WorkPlan,
)
from plans.rules import figures
from tests.demo import DEMO, project_models, row_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def document() -> dict:
    return yaml.safe_load(DEMO.read_text(encoding="utf-8"))


def primary_keys() -> dict[str, list[int]]:
    return {
        model._meta.label: sorted(model.objects.values_list("pk", flat=True))
        for model in project_models()
    }


def timestamps() -> dict[str, list]:
    return {
        model._meta.label: sorted(model.objects.values_list("pk", "updated_at"))
        for model in project_models()
        if any(field.name == "updated_at" for field in model._meta.fields)
    }


def card(document: dict, section: str, number: int) -> dict:
    return next(
        item
        for item in document["plan"]["cards"]
        if item["section"] == section and item["number"] == number
    )


# ---------------------------------------------------------------------------------------------
# Loading


def test_loading_the_demo_creates_the_seed_plan(document):
    result = load_plan_document(document)

    counts = {
        TaskCard: 9,
        Team: 4,
        Officer: 11,
        AchievementGroup: 7,
        AchievementItem: 38,
        Election: 2,
        WelfareProgram: 6,
        Grade: 11,
        StaffingCount: 19,
        BudgetLine: 12,
        CountyBudget: 1,
        Township: 9,
        ResidentCouncil: 9,
        HousingProject: 6,
        TownPromotionStep: 5,
        FieldVisit: 5,
        PlanItem: 41,
        ProgressItem: 8,
        FundingRow: 3,
        CardContact: 14,
    }
    for model, expected in counts.items():
        assert model.objects.count() == expected, model.__name__
        assert result.created[model.__name__] == expected, model.__name__
    assert result.totals()["created"] == sum(row_counts().values())
    assert result.totals()["updated"] == result.totals()["deleted"] == 0

    plan = WorkPlan.objects.get()
    assert result.plan == plan
    assert (plan.year, plan.session.number, plan.session.get_kind_display()) == (
        2023,
        353,
        "임시회",
    )
    assert plan.status == PlanStatus.PUBLISHED
    assert plan.published_at == datetime.datetime(
        2023, 2, 16, 0, 0, tzinfo=datetime.UTC
    )  # 09:00 in Seoul
    assert plan.policy_goal == "군민과 함께하고 공감하는 소통행정 추진"
    assert len(plan.policy_directions.splitlines()) == 5
    assert plan.key_tasks.splitlines()[0] == "자치분권 확대 및 공정하고 합리적인 인사·조직 운영"
    assert "반가영" in plan.corrections_note and "11.38%" in plan.corrections_note

    teams = list(Team.objects.order_by("order").values_list("name", "order"))
    assert teams == [("행정팀", 1), ("서무팀", 2), ("군민소통팀", 3), ("대외협력팀", 4)]
    assert TaskCard.objects.filter(section="main").count() == 8
    assert TaskCard.objects.filter(section="special").count() == 1
    assert not Officer.objects.filter(name="반기영").exists()
    assert Officer.objects.get(name="반가영").phone == "871-3175"
    assert str(Officer.objects.get(name="전용호").grade) == "연구직"


def test_the_loaded_plan_reproduces_the_seed_figures(document):
    load_plan_document(document)

    # 인력: 정원 27명 / 현원 27명(정원외 3명), 표의 합계 30
    regular = StaffingCount.objects.exclude(grade__category="supernumerary")
    assert sum(regular.values_list("authorized", flat=True)) == 27
    assert sum(regular.values_list("current", flat=True)) == 27
    supernumerary = StaffingCount.objects.filter(grade__category="supernumerary")
    assert sum(supernumerary.values_list("current", flat=True)) == 3
    assert set(supernumerary.values_list("authorized", flat=True)) == {None}

    # 예산규모: 78,676 / 90,379 (백만원), 군 예산의 11.38%
    def department_total(year: int) -> int:
        return sum(BudgetLine.objects.filter(fiscal_year=year).values_list("amount", flat=True))

    assert (department_total(2023), department_total(2022)) == (78_676_000, 90_379_000)
    county = CountyBudget.objects.get(fiscal_year=2023)
    assert figures.share(department_total(2023), county.total) == Decimal("11.38")
    assert str(figures.change(78_676, 90_379)) == "△11,703(△12.9%)"
    headings = list(BudgetLine.objects.filter(fiscal_year=2023).values_list("heading", flat=True))
    assert headings[-2:] == ["예비비", "행정운영경비"]

    # 선거: 투표율 72.04%, 49.89%
    turnouts = [
        figures.format_percent(figures.turnout(e.voters, e.electorate))
        for e in Election.objects.order_by("date")
    ]
    assert turnouts == ["72.04%", "49.89%"]

    # 소요예산: 348, 144 (백만원)
    def funding_total(number: int) -> int:
        rows = FundingRow.objects.filter(card__number=number, card__section="main")
        return sum(row.total for row in rows)

    assert (funding_total(7), funding_total(8)) == (348_000, 144_000)

    funeral = WelfareProgram.objects.get(name="장제서비스 지원")
    assert (funeral.total_amount, funeral.per_person_amount) == (18_000, 500)


def test_task_card_parts_are_split_and_normalised(document):
    load_plan_document(document)

    first = TaskCard.objects.get(section="main", number=1)
    assert first.title == "공정, 투명, 공감하는 인사·조직문화 실현"
    assert first.kinds == ["계속", "현안"]
    assert [contact.officer.name for contact in first.contacts.all()] == [
        "남기종",
        "정영택",
        "김주현",
    ]
    assert "  * 근무성적평정 반영 비율 확대: (현행) 70% ⇨ (개정) 80%" in (
        first.plan_items.get(order=2).details
    )

    third = TaskCard.objects.get(section="main", number=3)
    assert third.title == "행복한 직장 조성과 상생하는 노사관계 구축"
    assert third.kinds == []
    items = {item.order: item for item in third.plan_items.all()}
    assert (items[3].schedule, items[5].text, items[5].target, items[5].schedule) == (
        "'23. 5. ~ 12.",
        "올해의 Best-Team 선발 및 인센티브 부여",
        "3팀",
        "12월",
    )
    assert (items[6].target, items[6].schedule) == ("1명", "매월")
    assert (items[12].target, items[12].schedule) == ("각 1회", "")

    sixth = TaskCard.objects.get(section="main", number=6)
    assert sixth.team.name == "군민소통팀"
    assert [item.data_block for item in sixth.plan_items.all()] == [
        "housing_projects",
        "",
        "promotion_steps",
    ]
    assert "음성시" in sixth.overview and "읍성시" not in sixth.overview

    special = TaskCard.objects.get(section="special", number=1)
    assert special.facts_title == "우편모아시스템 구축 개요"
    assert [fact.label for fact in special.facts.all()] == [
        "사업명",
        "대상부서",
        "소요예산",
        "내용",
        "",
    ]
    progress = ProgressItem.objects.filter(card__number=7, card__section="main")
    assert progress.first().schedule == "'22. 4. ~ 5."
    assert ResidentCouncil.objects.get(township__name="금왕읍").members_appointed == "'22. 4. ~ 5."


# ---------------------------------------------------------------------------------------------
# Idempotence and round trip


def test_loading_twice_changes_nothing(document):
    first = load_plan_document(document)
    counts, pks, stamps = row_counts(), primary_keys(), timestamps()
    assert stamps["plans.WorkPlan"]

    second = load_plan_document(copy.deepcopy(document))

    assert not second.changed
    assert second.totals() == {
        "created": 0,
        "updated": 0,
        "deleted": 0,
        "unchanged": first.totals()["created"],
    }
    assert "바뀐 내용 없음" in second.summary()
    assert row_counts() == counts
    assert primary_keys() == pks
    assert timestamps() == stamps


def test_load_demo_command_is_idempotent():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", str(DEMO), stdout=out)
    # The plan's lines; each of the demo's 추진실적 files reports on a line of its own.
    lines = out.getvalue().splitlines()
    first, published, second = [line for line in lines if line.startswith(f"{DEMO.name}:")]
    assert len(lines) == 5
    assert lines[2].startswith("eumseong-2023-3bungi.yaml: 2023년 3/4분기 추진실적 ")
    assert lines[3].startswith("eumseong-2023-sanbangi.yaml: ")
    assert first.startswith(f"{DEMO.name}: 음성군 자치행정과 2023년 업무계획: 새로 만듦")
    assert published == f"{DEMO.name}: 제353회 임시회 보고본 제1판을 게시했습니다."
    assert "바뀐 내용 없음" in second  # and no second publication of the same content
    assert PublishedVersion.objects.count() == 1


def test_dump_is_the_document_in_canonical_form(document):
    load_plan_document(document)
    dumped = dump_plan_document(WorkPlan.objects.get())

    assert dumped == normalize_document(document)
    assert normalize_document(dumped) == dumped
    third_plan_item = card(dumped, "main", 3)["plan_items"][2]
    assert third_plan_item == {"text": "휴양시설 운영", "schedule": "'23. 5. ~ 12."}

    # Through YAML text and back into the database: nothing changes.
    reread = yaml.safe_load(document_to_yaml(dumped))
    assert normalize_document(reread) == dumped
    assert not load_plan_document(reread).changed


def test_edits_update_only_what_changed(document):
    load_plan_document(document)
    edited = copy.deepcopy(document)
    card(edited, "main", 3)["plan_items"][0]["text"] = "맞춤형 복지포인트 제공"
    edited["plan"]["cards"] = [c for c in edited["plan"]["cards"] if c["number"] != 4]
    teams = edited["teams"]
    teams[0], teams[1] = teams[1], teams[0]  # 서무팀 first: orders swap
    staffing = edited["staffing"]  # the staffing table follows the teams' order
    staffing[0], staffing[1] = staffing[1], staffing[0]
    funding = card(edited, "main", 8)["funding"]
    funding.reverse()  # rows swap their orders, each keeps its source

    result = load_plan_document(edited)

    assert result.updated["PlanItem"] == 1
    assert result.updated["Team"] == 2
    assert result.updated["FundingRow"] == 2
    assert result.deleted["TaskCard"] == 1
    assert result.deleted["PlanItem"] == 4
    assert result.updated["WorkPlan"] == 0
    assert not TaskCard.objects.filter(section="main", number=4).exists()
    assert list(Team.objects.order_by("order").values_list("name", flat=True))[:2] == [
        "서무팀",
        "행정팀",
    ]
    rows = FundingRow.objects.filter(card__number=8).order_by("order")
    assert [row.source for row in rows] == ["other", "county"]
    assert dump_plan_document(WorkPlan.objects.get()) == normalize_document(edited)


# ---------------------------------------------------------------------------------------------
# Refusals


def negative_budget(doc):
    doc["budget"]["lines"][0]["rows"][0]["amount"] = -992000


def negative_funding(doc):
    card(doc, "main", 7)["funding"][0]["current_year"] = -110000


def bad_schedule(doc):
    card(doc, "main", 3)["plan_items"][1]["schedule"] = "23. 13."


def unknown_team(doc):
    card(doc, "main", 3)["team"] = "기획팀"


def welfare_mismatch(doc):
    doc["welfare_programs"][0]["programs"][5]["per_person_amount"] = 600


def unknown_key(doc):
    card(doc, "main", 2)["plan_items"][0]["shedule"] = "23. 3."


@pytest.mark.parametrize(
    ("spoil", "place", "reason"),
    [
        (negative_budget, "부서 예산 2023년 1행(행정팀)", "0 이상의 값을 입력하십시오"),
        (negative_funding, "과제 IV-7 소요예산 1행", "0 이상의 값을 입력하십시오"),
        (bad_schedule, "과제 IV-3 추진계획 2행", "월 13은(는) 1부터 12 사이여야 합니다"),
        (unknown_team, "과제 IV-3", "'기획팀'은(는) 자치행정과의 팀이 아닙니다"),
        (welfare_mismatch, "후생복지 2022년 6행(장제서비스 지원)", "1인당 금액 × 대상 인원"),
        (unknown_key, "과제 IV-2 추진계획 1행", "알 수 없는 항목이 있습니다: shedule"),
    ],
)
def test_a_bad_value_is_refused_by_place_and_nothing_is_written(document, spoil, place, reason):
    spoiled = copy.deepcopy(document)
    spoil(spoiled)

    with pytest.raises(ValidationError) as refused:
        load_plan_document(spoiled)
    message = " ".join(refused.value.messages)
    assert message.startswith(f"{place}:"), message
    assert reason in message
    assert set(row_counts().values()) == {0}

    # On top of a loaded plan, the valid edits made before the bad value are rolled back too.
    load_plan_document(document)
    counts, stamps = row_counts(), timestamps()
    spoiled["teams"][0]["functions"] = "바뀐 주요기능"
    with pytest.raises(ValidationError):
        load_plan_document(spoiled)
    assert row_counts() == counts
    assert timestamps() == stamps
    assert Team.objects.get(name="행정팀").functions.startswith("인사관리")
