from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PersonnelConfig(AppConfig):
    name = "personnel"
    verbose_name = _("조직·인력")

    def ready(self) -> None:
        from personnel.roles import sync_roles_after_migrate

        # The role groups (작성자, 검토자, 게시관리자, 열람자) follow the code after every migrate.
        post_migrate.connect(
            sync_roles_after_migrate, sender=self, dispatch_uid="personnel.sync_roles"
        )
