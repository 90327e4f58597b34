"""Every registered model's changelist, add form and change form opens for a superuser, every
autocomplete answers, and no changelist runs a query per row."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.world import build_world

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
IDS = [model._meta.label for model in MODELS]

#: Upper bound of queries for any changelist: session, user, count(s), rows, filter choices.
MAX_CHANGELIST_QUERIES = 15


def url(model, action: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


#: Models with no admin page of their own, and where staff meet them instead.
SHOWN_ELSEWHERE = {
    "personnel.StaffProfile": "the user's page (소속 팀)",
    "plans.PlanEvent": "the plan's page (처리 이력)",
    "plans.TeamPart": "the plan's page (처리: 팀별 작성 완료) and the admin's front page",
    "plans.PublishedCard": "nowhere: the search index of a published version",
    "plans.PublishedAchievement": "nowhere: the search index of a published version",
    "plans.ProgressReminder": "추진실적 미입력 현황 (each owner's reminder sent, beside the items)",
    "plans.PublishedProgress": "the period's 검토·공개 page (its 보고본 and their files)",
    "plans.PeriodEvent": "the period's 검토·공개 page (처리 이력)",
}


def test_every_app_model_is_registered():
    from django.apps import apps

    for app_label in ("personnel", "budget", "civic", "plans"):
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.label in SHOWN_ELSEWHERE or model.__name__.startswith("Historical"):
                continue
            assert model in admin.site._registry, model._meta.label


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_changelist_opens(admin_client, world, model):
    response = admin_client.get(url(model, "changelist"))
    assert response.status_code == 200
    # Search (every admin has search fields, for autocomplete too) and a numeric term.
    for term in ("행정", "353"):
        response = admin_client.get(url(model, "changelist"), {"q": term})
        assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_add_form_opens(admin_client, world, model):
    response = admin_client.get(url(model, "add"))
    can_add = admin.site._registry[model].has_add_permission(response.wsgi_request)
    assert response.status_code == (200 if can_add else 403)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_change_form_opens(admin_client, world, model):
    obj = model._default_manager.first()
    assert obj is not None, f"the test world has no {model._meta.label}"
    response = admin_client.get(url(model, "change", obj.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_changelist_queries_are_bounded_and_do_not_grow_with_rows(
    admin_client, world, model, django_assert_max_num_queries
):
    with django_assert_max_num_queries(MAX_CHANGELIST_QUERIES):
        admin_client.get(url(model, "changelist"))
    with CaptureQueriesContext(connection) as one_world:
        admin_client.get(url(model, "changelist"))
    build_world(suffix="2")
    with CaptureQueriesContext(connection) as two_worlds:
        response = admin_client.get(url(model, "changelist"))
    assert response.status_code == 200
    assert len(two_worlds) == len(one_world), [q["sql"] for q in two_worlds.captured_queries]


def autocomplete_fields():
    """(model, field name) of every autocomplete field on every admin and inline."""
    fields = []
    for model, model_admin in admin.site._registry.items():
        for name in model_admin.autocomplete_fields:
            fields.append((model, name))
        for inline in model_admin.inlines:
            for name in inline.autocomplete_fields:
                fields.append((inline.model, name))
    return sorted(set(fields), key=lambda item: (item[0]._meta.label, item[1]))


@pytest.mark.parametrize(
    ("model", "field_name"),
    autocomplete_fields(),
    ids=[f"{model._meta.label}.{name}" for model, name in autocomplete_fields()],
)
def test_autocomplete_answers(admin_client, world, model, field_name):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": model._meta.app_label,
            "model_name": model._meta.model_name,
            "field_name": field_name,
            "term": "",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"], "autocomplete found nothing in the test world"


def test_staffing_grid_page_opens_from_the_changelist_and_the_department(admin_client, world):
    grid_url = reverse("admin:personnel_staffingcount_grid")
    changelist = admin_client.get(reverse("admin:personnel_staffingcount_changelist"))
    assert grid_url in changelist.content.decode()
    department_page = admin_client.get(
        reverse("admin:personnel_department_change", args=[world.department.pk])
    )
    assert f"{grid_url}?department={world.department.pk}" in department_page.content.decode()

    assert admin_client.get(grid_url).status_code == 200  # the department chooser
    response = admin_client.get(grid_url, {"department": world.department.pk})
    assert response.status_code == 302  # to the latest year with data
    response = admin_client.get(response["Location"])
    assert response.status_code == 200
    assert response.context["grid"].year == 2023
    assert "인력 현황 입력" in response.content.decode()
