import uuid

import pytest
from django.conf import settings

from core.models import WorkerHeartbeat
from core.tasks import record_heartbeat
from core.testing import wait_for


@pytest.mark.worker
def test_real_worker_takes_a_task_from_the_broker_and_writes_to_the_database(
    celery_worker_process,
):
    token = uuid.uuid4().hex
    assert not WorkerHeartbeat.objects.filter(token=token).exists()

    record_heartbeat.apply_async(args=[token], queue=celery_worker_process.queue)

    row = wait_for(lambda: WorkerHeartbeat.objects.filter(token=token).first(), timeout=60)
    assert row.token == token
    log = celery_worker_process.log()
    assert "core.tasks.record_heartbeat" in log
    # The worker used the broker the suite is configured with (Redis in CI).
    assert settings.CELERY_BROKER_URL.split("://")[0] in log


@pytest.mark.worker
def test_task_run_twice_writes_one_row(celery_worker_process):
    token = uuid.uuid4().hex
    for _ in range(2):
        record_heartbeat.apply_async(args=[token], queue=celery_worker_process.queue)
    wait_for(lambda: celery_worker_process.log().count("succeeded") >= 2, timeout=60)
    assert WorkerHeartbeat.objects.filter(token=token).count() == 1
