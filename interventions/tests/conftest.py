"""Fixtures shared by the interventions app's tests: the workspace's world (``workspace_world``)
and its commissioner signed in. Users by role come from the root ``conftest.py``."""

import pytest

from .workspace_world import build_world


@pytest.fixture
def world(commissioner):
    """An open intervention with the commissioner appointed, an entry, an action and a meeting,
    and another intervention they are not appointed to (``workspace_world.World``)."""
    return build_world(commissioner)


@pytest.fixture
def signed_in(client, commissioner):
    client.force_login(commissioner)
    return client
