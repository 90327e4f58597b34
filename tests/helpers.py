"""Helpers shared by tests of more than one module. Assertions of the model tests: a rule is
checked both by validation (the Korean message a clerk sees) and, where it is a database
constraint, by the database itself. ``text_of``: the visible text of a page."""

import re
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


def validation_messages(instance) -> list[str]:
    try:
        instance.full_clean()
    except ValidationError as error:
        return [message for messages in error.message_dict.values() for message in messages]
    return []


def assert_valid(instance) -> None:
    assert validation_messages(instance) == []


def assert_invalid(instance, message: str) -> None:
    """``full_clean`` refuses the instance with ``message`` (a Korean sentence or part of one)."""
    messages = validation_messages(instance)
    assert any(message in text for text in messages), messages


@contextmanager
def database_refuses():
    with pytest.raises(IntegrityError), transaction.atomic():
        yield


def assert_database_refuses(instance) -> None:
    """Saving without validation is refused by a database constraint, not only by a form."""
    with database_refuses():
        instance.save()


def text_of(response) -> str:
    """Visible text of a page, tags removed, spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
