"""Open-data fixtures: the decoded-report cache emptied per test (a rolled-back test database
hands out the same primary keys again), and a helper that reads an API answer."""

import json

import pytest

from plans.opendata.editions import forget_decoded


@pytest.fixture(autouse=True)
def empty_decoded_reports():
    forget_decoded()


def header_and_body(response) -> tuple[dict, dict]:
    tree = json.loads(response.content.decode("utf-8"))["response"]
    return tree["header"], tree["body"]
