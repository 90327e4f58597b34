import pytest
from django.test import Client

from tests.roles.world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
