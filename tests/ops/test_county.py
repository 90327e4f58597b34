"""The synthetic county (`manage.py generate_county`): deterministic by seed, valid by every
rule a clerk's input must pass, published, and readable on every public page."""

import io

import pytest
from django.core.management import CommandError, call_command

from budget.models import FundingRow
from personnel.models import Department, DepartmentKind, Organization, StaffingCount, chart_order
from plans.models import PlanStatus, TaskCard, WorkPlan
from plans.report.context import plan_report
from plans.synthetic import CountySpec, county_digest, delete_county, generate_county
from plans.workflow.checks import plan_problems

pytestmark = pytest.mark.django_db

SMALL = CountySpec(departments=3, cards=2, years=2, seed=7)


def test_same_seed_same_county_and_another_seed_another():
    first = county_digest(generate_county(SMALL).organization)
    delete_county(Organization.objects.get(name=SMALL.name))
    assert not Organization.objects.filter(name=SMALL.name).exists()
    again = county_digest(generate_county(SMALL).organization)
    other_seed = CountySpec(departments=3, cards=2, years=2, seed=8)
    other = county_digest(generate_county(other_seed, replace=True).organization)
    assert first == again
    assert other != first


def test_the_county_has_the_size_asked_for_and_every_plan_is_published():
    result = generate_county(SMALL)
    plans = WorkPlan.objects.filter(department__organization=result.organization)
    assert plans.count() == 3 * 2
    assert set(plans.values_list("year", flat=True)) == {2023, 2024}
    assert set(plans.values_list("status", flat=True)) == {PlanStatus.PUBLISHED}
    assert plans.filter(published_at__isnull=True).count() == 0
    assert result.plans and len(result.plans) == 6
    for plan in plans:
        assert plan.cards.count() == 2
        assert plan.session.organization_id == result.organization.pk
    # One session per year, shared by every department, as a council has it.
    assert plans.values("session").distinct().count() == 2


def test_the_county_has_a_planning_office_directly_under_it():
    """기획감사실: a 실 with no 국 and two teams, listed first and counted "1실 2팀"."""
    organization = generate_county(SMALL).organization
    departments = list(
        Department.objects.filter(organization=organization).order_by(*chart_order())
    )
    office = departments[0]
    assert (office.name, office.kind, office.bureau_id) == (
        "기획감사실",
        DepartmentKind.OFFICE,
        None,
    )
    assert [team.name for team in office.teams.order_by("order")] == ["기획팀", "감사팀"]
    assert all(department.bureau_id is not None for department in departments[1:])
    assert len(departments) == SMALL.departments
    plan = WorkPlan.objects.filter(department=office).latest("year")
    report = plan_report(plan)
    assert (report.org_summary, report.bureau) == ("1실 2팀", None)


def test_every_generated_row_passes_model_validation():
    organization = generate_county(SMALL).organization
    cards = TaskCard.objects.filter(plan__department__organization=organization)
    for card in cards:
        card.full_clean()
        for part in [
            *card.facts.all(),
            *card.progress_items.all(),
            *card.plan_items.all(),
            *card.funding_rows.all(),
            *card.contacts.all(),
        ]:
            part.full_clean()
    staffing = StaffingCount.objects.filter(team__department__organization=organization)
    assert staffing.exists()
    for count in staffing:
        count.full_clean()
        assert count.current >= 0
    for row in FundingRow.objects.filter(card__in=cards):
        assert any(value is not None for value in row.periods)


def test_generated_plans_pass_the_publication_checks():
    organization = generate_county(SMALL).organization
    for plan in WorkPlan.objects.filter(department__organization=organization):
        report = plan_report(plan)
        assert report.budget.county_share is not None
        assert report.staffing.rows
        assert plan_problems(report) == [], plan


def test_generated_pages_open(client):
    organization = generate_county(SMALL).organization
    assert client.get("/").status_code == 200
    for plan in WorkPlan.objects.filter(department__organization=organization):
        response = client.get(plan.get_absolute_url())
        assert response.status_code == 200, plan
        assert plan.department.name in response.content.decode()
        card = plan.cards.order_by("section", "number").first()
        assert client.get(card.get_absolute_url()).status_code == 200


def test_the_command_refuses_an_existing_county_unless_told_to_replace():
    out = io.StringIO()
    call_command("generate_county", "--departments=2", "--cards=2", "--years=1", stdout=out)
    assert "가람군" in out.getvalue()
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_county", "--departments=2", "--cards=2", "--years=1")
    call_command(
        "generate_county", "--departments=2", "--cards=1", "--years=1", "--replace", stdout=out
    )
    assert TaskCard.objects.filter(plan__department__organization__name="가람군").count() == 2


def test_replace_never_deletes_an_organisation_it_did_not_generate():
    call_command("load_demo", verbosity=0)
    with pytest.raises(CommandError, match="만든 것이 아니어서"):
        call_command("generate_county", "--name=음성군", "--departments=1", "--replace")
    assert WorkPlan.objects.filter(department__slug="자치행정과").exists()
