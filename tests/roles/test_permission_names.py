"""Permissions are named in Korean (personnel/permission_names.py): every model's add, change,
delete and view permission reads "업무계획 추가" … after migrate, Django's and the apps' models
included; the project's own permissions keep their names; a name left English (a permission
created before this, or by Django afresh) is put right at the next migrate; the user and group
pages list them so."""

import pytest
from django.contrib.auth.models import Permission
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse

from tests.admin.korean import visible_text

pytestmark = pytest.mark.django_db


def name_of(codename: str) -> str:
    return Permission.objects.get(codename=codename).name


def test_every_permission_is_named_in_korean():
    english = list(Permission.objects.filter(name__startswith="Can ").values_list("name"))
    assert english == []
    assert Permission.objects.count() > 300
    assert name_of("add_workplan") == "업무계획 추가"
    assert name_of("change_taskcard") == "과제 변경"
    assert name_of("delete_fundingrow") == "소요예산 삭제"
    assert name_of("view_historicaltaskcard") == "과제 변경 이력 보기"
    # Django's and the apps' own models, by their Korean names.
    assert name_of("view_user") == "사용자 보기"
    assert name_of("change_group") == "그룹 변경"
    assert name_of("view_accessattempt") == "로그인 시도 보기"
    assert name_of("add_logentry") == "관리 작업 기록 추가"
    # The project's own permissions keep the names it gives them.
    assert name_of("submit_workplan") == "업무계획 검토 요청"
    assert name_of("revert_history") == "변경 이력에서 되돌리기"


def test_english_names_are_put_right_at_the_next_migrate():
    Permission.objects.filter(codename="add_workplan").update(name="Can add 업무계획")
    Permission.objects.filter(codename="view_taskcard").delete()  # Django makes it afresh
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert name_of("add_workplan") == "업무계획 추가"
    assert name_of("view_taskcard") == "과제 보기"


def test_the_user_and_group_pages_list_the_permissions_in_korean(admin_client, django_user_model):
    clerk = django_user_model.objects.create_user("clerk")
    for url in (
        reverse("admin:auth_group_add"),
        reverse("admin:auth_user_change", args=[clerk.pk]),
    ):
        page = visible_text(admin_client.get(url).content.decode())
        assert "업무계획 | 업무계획 | 업무계획 추가" in page
        assert "인증 및 권한 | 사용자 | 사용자 보기" in page
        assert "Can " not in page
