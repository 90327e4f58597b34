"""Django's createsuperuser, except that ``--noinput`` checks DJANGO_SUPERUSER_PASSWORD against
AUTH_PASSWORD_VALIDATORS too: Django checks only a password typed at the prompt, so a deployment
script could otherwise create an administrator with any password. (This app is listed before
django.contrib.auth in INSTALLED_APPS, so this command is the one ``manage.py`` runs.)"""

from __future__ import annotations

import os

from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not options["interactive"] and password:
            username_field = self.UserModel.USERNAME_FIELD
            username = options.get(username_field) or os.environ.get(
                f"DJANGO_SUPERUSER_{username_field.upper()}"
            )
            email = options.get("email") or os.environ.get("DJANGO_SUPERUSER_EMAIL", "")
            # The user as it would be, so that a password like the user name is refused.
            user = self.UserModel(**{username_field: username or ""})
            if hasattr(user, "email"):
                user.email = email
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError(
                    "DJANGO_SUPERUSER_PASSWORD: " + " ".join(error.messages)
                ) from error
        return super().handle(*args, **options)
