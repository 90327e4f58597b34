"""How the workflow writes a row it shares with the editors: validated, and only its own
columns."""

from __future__ import annotations

from django.db import models


def save_fields(obj: models.Model, fields: list[str]) -> None:
    """Validate what is written (those fields, the row's own rules and the constraints on
    them), then write only those fields: the rest of the row is the editors'."""
    obj.full_clean(exclude=[f.name for f in obj._meta.concrete_fields if f.name not in fields])
    obj.save(update_fields=fields)
