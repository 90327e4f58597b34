"""End to end on the demo data (the seed's plan): every changelist and every demo object's
change form opens, and the staffing grid shows the seed's 30 people."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from personnel.models import Department

pytestmark = pytest.mark.django_db


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
    # 인 력: 정원 27명 / 현원 27명(정원외 3명), 합계 30 (I. 일반현황 of the seed).
    department = Department.objects.get(name="자치행정과")
    url = reverse("admin:personnel_staffingcount_grid")
    response = admin_client.get(url, {"department": department.pk, "year": 2023})
    assert response.status_code == 200
    grid = response.context["grid"]
    assert (grid.current_total, grid.authorized_total, grid.supernumerary_current) == (30, 27, 3)
