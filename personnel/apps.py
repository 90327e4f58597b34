from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PersonnelConfig(AppConfig):
    name = "personnel"
    verbose_name = _("조직·인력")

    def ready(self) -> None:
        from personnel.permission_names import name_permissions_in_korean
        from personnel.roles import sync_roles_after_migrate

        # The role groups (작성자, 검토자, 게시관리자, 열람자) follow the code after every migrate.
        post_migrate.connect(
            sync_roles_after_migrate, sender=self, dispatch_uid="personnel.sync_roles"
        )
        # Every app's permissions named in Korean ("업무계획 추가"), after Django has created
        # them for that app (its receiver is connected first, by django.contrib.auth).
        post_migrate.connect(
            name_permissions_in_korean, dispatch_uid="personnel.name_permissions_in_korean"
        )
