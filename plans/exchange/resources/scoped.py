"""Imports stay within what the importing user may write (plans.access.scopes).

The admin gives the resource an ``access`` guard for each import (plans.admin.access
``ImportGuard``, passed by plans.admin.import_export); every row, new or stored, is checked twice:
as stored (a 작성자 may not overwrite another team's card, even with the same values) and as
the file would make it (nor move its own card to another team). A refused row is an invalid
row naming the row and column ("3행 '담당 팀' 열: 서무팀의 과제는 가져올 수 없습니다 (행정팀
작성자)"), so the whole import is refused and nothing is written. Without a guard (the command
line, tests of the resources themselves) rows are not checked."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ScopedResourceMixin:
    """Mixed into ``SpreadsheetResource`` before the library's ``ModelResource``."""

    def __init__(self, **kwargs):
        self.access = kwargs.pop("access", None)
        super().__init__(**kwargs)

    def import_instance(self, instance, row, **kwargs):
        before = None
        if self.access is not None and instance.pk is not None:
            before = self.access.refusal(instance)  # the stored row, before the file's values
        super().import_instance(instance, row, **kwargs)
        if self.access is None:
            return
        refusal = before or self.access.refusal(instance)
        if refusal is not None:
            field = refusal.field if refusal.field in self.fields_by_attribute() else None
            raise ValidationError({field or NON_FIELD_ERRORS: [refusal.message]})

    def fields_by_attribute(self) -> set[str]:
        return {field.attribute for field in self.fields.values() if field.attribute}
