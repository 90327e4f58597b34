"""Fixtures of the security tests: the admin tests' small world (one department's 2023 plan)."""

import pytest

from tests.world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()
