"""A published plan of three cards in three teams, its 상반기 period, a 작성자, a 검토자 and a
게시관리자 of the first card's team, a council session to present the period to, and the period
approved for it."""

import datetime

import pytest
from django.contrib.auth.models import Group, User

from personnel.models import StaffProfile
from personnel.roles import PUBLISHER, REVIEWER, WRITER
from plans.models import PeriodKind, ProgressStatus, ReportingPeriod, SessionKind
from plans.workflow.progress_review import period_approve, period_submit
from tests.factories import CouncilSessionFactory
from tests.progress.helpers import items_of, write
from tests.publishing import build_plan


def staff(name: str, role: str, team) -> User:
    user = User.objects.create_user(name, password="pw-12345678", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    StaffProfile.objects.create(user=user, team=team)
    return user


def open_period(plan, kind=PeriodKind.HALF, **fields) -> ReportingPeriod:
    period = ReportingPeriod(plan=plan, kind=kind, **fields)
    period.full_clean()
    period.save()
    return period


@pytest.fixture
def plan(db):
    plan = build_plan(cards=3)
    plan.refresh_from_db()  # publishing set its public version in the database
    return plan


@pytest.fixture
def period(plan):
    return open_period(plan)


@pytest.fixture
def own_card(plan):
    return plan.cards.order_by("number").first()


@pytest.fixture
def writer(own_card):
    return staff("writer", WRITER, own_card.team)


@pytest.fixture
def reviewer(own_card):
    return staff("reviewer", REVIEWER, own_card.team)


@pytest.fixture
def publisher(own_card):
    return staff("publisher", PUBLISHER, own_card.team)


@pytest.fixture
def session(plan):
    """The council session the period's report is presented to: a 정례회 after 상반기."""
    return CouncilSessionFactory(
        organization=plan.department.organization,
        number=plan.session.number + 5,
        kind=SessionKind.REGULAR,
        start_date=datetime.date(plan.year, 9, 5),
        end_date=datetime.date(plan.year, 9, 15),
    )


@pytest.fixture
def approved(plan, period, session, writer, reviewer):
    """The period with two entries, submitted and approved for ``session``: ready for 공개."""
    (a1, a2), *_rest = items_of(plan)
    write(period, (a1, ProgressStatus.ON_TRACK, 40, ""), (a2, ProgressStatus.COMPLETED, 100, ""))
    period.session = session
    period.save(update_fields=["session"])
    period_submit(period=period, user=writer)
    period_approve(period=period, user=reviewer)
    return period
