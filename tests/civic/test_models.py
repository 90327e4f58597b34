import datetime

import pytest

from civic.models import CitizenSuggestion, Election, SuggestionStatus, Township
from tests.factories import (
    ElectionFactory,
    FieldVisitFactory,
    HometownDonationFactory,
    HometownLoveFundFactory,
    HousingProjectFactory,
    OrganizationFactory,
    ParticipationPointYearFactory,
    ResidentCouncilFactory,
    TownPromotionTargetFactory,
    TownshipFactory,
)
from tests.helpers import assert_database_refuses, assert_invalid, assert_valid

pytestmark = pytest.mark.django_db


def test_township_names_match_their_kind_and_are_unique():
    organization = OrganizationFactory()
    assert_valid(Township(organization=organization, name="금왕읍", kind="eup", order=1))
    assert_invalid(
        Township(organization=organization, name="금왕읍", kind="myeon", order=1),
        "면의 이름은 '면'(으)로 끝나야 합니다.",
    )
    TownshipFactory(organization=organization, name="생극면", order=2)
    duplicate = Township(organization=organization, name="생극면", kind="myeon", order=3)
    assert_invalid(duplicate, "같은 이름의 읍·면이 이미 있습니다.")
    assert_database_refuses(duplicate)


def test_voters_cannot_exceed_the_electorate():
    organization = OrganizationFactory()
    assert_valid(ElectionFactory.build(organization=organization))
    too_many = ElectionFactory.build(organization=organization, electorate=100, voters=101)
    assert_invalid(too_many, "투표자수는 선거인수보다 많을 수 없습니다.")
    assert_database_refuses(too_many)


def test_election_counts_cannot_be_negative_and_names_are_unique():
    election = ElectionFactory()
    negative = ElectionFactory.build(organization=election.organization, clerks=-1)
    assert_invalid(negative, "0 이상의 값을 입력하십시오.")
    assert_database_refuses(negative)
    same = Election(
        organization=election.organization,
        name=election.name,
        date=election.date,
        electorate=1,
        voters=1,
        clerks=0,
        polling_staff=0,
        counting_staff=0,
    )
    assert_invalid(same, "같은 이름의 선거가 이미 있습니다.")


def test_visits_end_after_they_start():
    organization = OrganizationFactory()
    backwards = FieldVisitFactory.build(
        organization=organization,
        start_date=datetime.date(2023, 2, 9),
        end_date=datetime.date(2023, 1, 30),
    )
    assert_invalid(backwards, "종료일은 시작일보다 빠를 수 없습니다.")
    assert_database_refuses(backwards)
    assert_valid(FieldVisitFactory.build(organization=organization, end_date=None))


def test_a_closed_suggestion_needs_an_answer():
    visit = FieldVisitFactory()
    closed = CitizenSuggestion(visit=visit, content="가로등 설치", status=SuggestionStatus.DONE)
    assert_invalid(closed, "완료 또는 반영 불가로 처리하려면 답변을 입력하십시오.")
    closed.answer = "2023. 5. 설치 완료"
    assert_valid(closed)


def test_promotion_targets_are_myeon_and_end_after_they_start():
    eup = TownshipFactory(name="금왕읍", kind="eup")
    target = TownPromotionTargetFactory.build(township=eup)
    assert_invalid(target, "읍 승격 대상은 면이어야 합니다.")
    backwards = TownPromotionTargetFactory.build(
        township=TownshipFactory(), start_year=2026, end_year=2022
    )
    assert_invalid(backwards, "목표 연도는 시작 연도보다 빠를 수 없습니다.")
    assert_database_refuses(backwards)


def test_housing_households_cannot_be_negative():
    project = HousingProjectFactory.build(township=TownshipFactory(), households=-294)
    assert_invalid(project, "0 이상의 값을 입력하십시오.")
    assert_database_refuses(project)


def test_participation_points_one_row_per_year():
    first = ParticipationPointYearFactory()
    again = ParticipationPointYearFactory.build(organization=first.organization)
    assert_invalid(again, "이 연도의 실적이 이미 있습니다.")
    assert_database_refuses(again)


def test_donation_months_are_real_months_and_the_law_takes_effect_after_enactment():
    fund = HometownLoveFundFactory()
    bad_month = HometownDonationFactory.build(fund=fund, month=13)
    assert_invalid(bad_month, "월은 1부터 12 사이여야 합니다.")
    assert_database_refuses(bad_month)
    fund.law_effective = datetime.date(2020, 1, 1)
    assert_invalid(fund, "시행일은 제정일보다 빠를 수 없습니다.")


def test_council_schedules_are_stored_in_the_seed_style():
    council = ResidentCouncilFactory.build(
        township=TownshipFactory(), approved="22. 11.", members_appointed="22. 4. ~ 5."
    )
    assert_valid(council)
    assert (council.approved, council.members_appointed) == ("'22. 11.", "'22. 4. ~ 5.")
    council.approved = "22. 13."
    assert_invalid(council, "일정")


def test_a_visit_is_identified_by_its_title_and_start_date():
    visit = FieldVisitFactory()
    again = FieldVisitFactory.build(
        organization=visit.organization, title=visit.title, start_date=visit.start_date
    )
    assert_invalid(again, "같은 날 시작하는 같은 이름의 방문이 이미 있습니다.")
    assert_database_refuses(again)
