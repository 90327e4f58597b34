"""End to end on the demo data (the seed's plan), when the loader exists: every changelist and
every demo object's change form opens, and the staffing grid shows the seed's 30 people."""

import pytest
from django.contrib import admin
from django.core.management import call_command, get_commands
from django.urls import reverse

from personnel.models import Department, StaffingCount

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("load_demo" not in get_commands(), reason="manage.py load_demo 없음"),
]


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_every_admin_page_opens_on_the_demo_data(admin_client, demo):
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        changelist = admin_client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert changelist.status_code == 200, model._meta.label
        for obj in model._default_manager.all()[:3]:
            change = admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            assert change.status_code == 200, (model._meta.label, obj.pk)


def test_the_staffing_grid_shows_the_seeds_totals(admin_client, demo):
    year = StaffingCount.objects.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        pytest.skip("데모 데이터에 인력 현황이 없습니다.")
    department = Department.objects.filter(teams__staffing__year=year).distinct().first()
    url = reverse("admin:personnel_staffingcount_grid")
    response = admin_client.get(url, {"department": department.pk, "year": year})
    assert response.status_code == 200
    grid = response.context["grid"]
    if department.name == "자치행정과" and year == 2023:
        assert (grid.current_total, grid.authorized_total, grid.supernumerary_current) == (
            30,
            27,
            3,
        )
