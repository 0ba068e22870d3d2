"""Fixtures the reporting tests share. A test module that needs another world defines its own
``world``, which pytest prefers to this one."""

import pytest

from reporting import services
from reporting.models import Report

from .report_world import Q2, build_world


@pytest.fixture
def world(commissioner):
    """The report world (``report_world.build_world``) with ``commissioner`` appointed."""
    return build_world(commissioner_user=commissioner)


@pytest.fixture
def report(world) -> Report:
    """The draft report for the second quarter of the world's intervention."""
    report, _ = services.generate_report(world.intervention, Q2[0], by=world.by)
    return report
