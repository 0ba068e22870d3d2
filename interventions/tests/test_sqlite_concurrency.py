"""The embedded default (SQLite) takes the web and a worker writing at once: while another
process writes to the database in a loop, as the worker's sweep does, people sign in and save
progress entries, and nobody gets a 500 ("database is locked")."""

import os
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from core.models import WorkerHeartbeat
from core.testing import database_url_for_test_db, terminate, wait_for

from .test_workspace_forms import entry_data

PASSWORD = "correct-horse-battery-staple"  # conftest.make_user's

# Another process, like the worker: each transaction reads, then writes, then holds its lock a
# little while, over and over.
WRITER = textwrap.dedent(
    """
    import time, uuid
    import django
    django.setup()
    from django.db import transaction
    from core.models import WorkerHeartbeat
    while True:
        with transaction.atomic():
            WorkerHeartbeat.objects.filter(kind="worker").count()
            WorkerHeartbeat.objects.create(token="writer-" + uuid.uuid4().hex)
            time.sleep(0.02)
        time.sleep(0.005)
    """
)


@pytest.fixture
def writer(django_db_serialized_rollback, transactional_db):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url_for_test_db(),
        "VAR_DIR": str(settings.VAR_DIR),
    }
    process = subprocess.Popen(  # noqa: S603 (our own program)
        [sys.executable, "-c", WRITER],
        cwd=settings.BASE_DIR,
        env={**os.environ, **env},
    )
    try:
        wait_for(lambda: WorkerHeartbeat.objects.filter(token__startswith="writer-").count() > 5)
        yield process
    finally:
        terminate(process)


def test_people_sign_in_and_save_while_another_process_writes(writer, commissioner):
    from .workspace_world import build_world

    world = build_world(commissioner)
    url = reverse("interventions:entry_create", args=[world.intervention.pk])
    before = WorkerHeartbeat.objects.count()
    statuses = []
    for i in range(8):
        client = Client()
        statuses.append(
            client.post(
                reverse("login"), {"username": "commissioner", "password": PASSWORD}
            ).status_code
        )
        statuses.append(client.post(url, entry_data(summary=f"Visit {i}")).status_code)

    assert writer.poll() is None  # still writing all along
    assert WorkerHeartbeat.objects.count() > before + 8
    assert statuses == [302] * 16
    assert world.intervention.progress_entries.filter(summary__startswith="Visit ").count() == 8
