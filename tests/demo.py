"""The demo plan document (fixtures/demo) and the tables a plan document fills, for the tests
that load the demo plan or count what a load wrote."""

from pathlib import Path

from django.apps import apps
from django.conf import settings

DEMO = Path(settings.DEMO_DATA_DIR) / "demo" / "eumseong-2023-jachihaengjeong.yaml"

APPS = ("personnel", "budget", "civic", "plans")


# What a document holds: not the change history, nor the published versions made from it.
NOT_DOCUMENT_DATA = {
    "plans.PlanEvent",
    "plans.PublishedVersion",
    "plans.PublishedCard",
    "plans.PublishedAchievement",
}


def project_models():
    return [
        model
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.label not in NOT_DOCUMENT_DATA
        and not model.__name__.startswith("Historical")
    ]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in project_models()}
