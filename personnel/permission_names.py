"""Korean names for the permissions Django gives every model: "업무계획 추가", "업무계획 변경",
"업무계획 삭제", "업무계획 보기" instead of "Can add 업무계획".

Django names a model's add, change, delete and view permissions in English when ``migrate``
creates them ("Can add %s", stored in auth_permission.name), and the user and group pages list
them by that name beside the Korean names of the apps and models. A permission's name is only a
label: Django and the portal decide by its codename (``plans.add_workplan``; personnel.roles), so
renaming changes nothing but what people read. It is renamed in the database rather than only
relabelled on the two admin pages, so that every place that prints a permission says the same:
the user and group pages, their history, the shell and any later page.

After every ``migrate`` (and ``flush``), each app's default permissions are named from the
model's Korean name, Django's and the installed apps' models included (사용자 추가, 로그인 시도
보기); a model renamed later is renamed at the next migrate. Permissions a model declares itself
(Meta.permissions, such as 검토 요청) keep the names the project gives them."""

from __future__ import annotations

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.db import DEFAULT_DB_ALIAS, router
from django.utils import translation

#: Django's default permission actions and how the portal says them after the model's name.
ACTIONS = {"add": "추가", "change": "변경", "delete": "삭제", "view": "보기"}


def korean_permission_name(action: str, model_name: str) -> str:
    """ "업무계획 추가": the model's name, then what the permission allows. Nothing follows the
    name, so no particle has to fit it."""
    return f"{model_name} {ACTIONS[action]}"


def name_permissions_in_korean(
    app_config, *, using: str = DEFAULT_DB_ALIAS, apps=global_apps, **kwargs
) -> int:
    """post_migrate (for every app, after Django's create_permissions has made them): rename the
    app's default permissions. Returns how many were renamed."""
    if not app_config.models_module:
        return 0
    try:
        app_config = apps.get_app_config(app_config.label)
        content_types = apps.get_model("contenttypes", "ContentType")
        permissions = apps.get_model("auth", "Permission")
    except LookupError:  # migrating backwards past the tables this needs
        return 0
    if not router.allow_migrate_model(using, permissions):
        return 0
    renamed = 0
    # The models' names as the portal shows them (Django's own "user" is 사용자 in Korean).
    with translation.override(settings.LANGUAGES[0][0]):
        for model in app_config.get_models():
            opts = model._meta
            content_type = content_types.objects.db_manager(using).get_for_model(
                model, for_concrete_model=False
            )
            model_name = str(translation.gettext(opts.verbose_name_raw))
            for action in opts.default_permissions:
                if action not in ACTIONS:
                    continue
                name = korean_permission_name(action, model_name)
                codename = get_permission_codename(action, opts)
                renamed += (
                    permissions.objects.using(using)
                    .filter(content_type=content_type, codename=codename)
                    .exclude(name=name)
                    .update(name=name)
                )
    return renamed
