import datetime
import time

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from core.models import WorkerHeartbeat
from core.tasks import record_heartbeat
from core.testing import wait_for

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: a broker there does not answer, as when Redis is stopped.
DEAD_REDIS = {"CELERY_BROKER_URL": "redis://127.0.0.1:1/0", "CELERY_BROKER_TRANSPORT_OPTIONS": {}}


ALL_OK = {"database": "ok", "broker": "ok", "worker": "ok", "beat": "ok"}


@pytest.fixture
def beats():
    """A worker's heartbeat and a reports sweep, just now."""
    record_heartbeat("worker-now")
    record_heartbeat("sweep-now", kind=WorkerHeartbeat.Kind.SWEEP)


@pytest.mark.usefixtures("beats")
def test_healthz_answers_200_without_sign_in_when_every_part_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": ALL_OK}
    assert "no-cache" in response["Cache-Control"]


@override_settings(**DEAD_REDIS)
@pytest.mark.usefixtures("beats")
def test_healthz_answers_503_naming_the_broker_when_redis_is_down(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["broker"]
    assert body["checks"] == {**ALL_OK, "broker": "failing"}
    # Nothing sensitive: no URLs, hosts or exception text.
    assert "127.0.0.1" not in response.content.decode()


@override_settings(**DEAD_REDIS)
def test_signed_in_pages_render_when_the_broker_is_down(client, official):
    client.force_login(official)
    assert client.get(reverse("core:home"), follow=True).status_code == 200
    assert client.get(reverse("core:about_data")).status_code == 200


def test_healthz_only_answers_get(client):
    assert client.post("/healthz").status_code == 405


def age(kind: str, seconds: int) -> None:
    WorkerHeartbeat.objects.filter(kind=kind).update(
        created_at=timezone.now() - datetime.timedelta(seconds=seconds)
    )


@pytest.mark.usefixtures("beats")
def test_healthz_names_the_worker_when_its_last_heartbeat_is_two_intervals_old(client, settings):
    settings.WORKER_HEARTBEAT_SECONDS = 300
    age("worker", 599)
    assert client.get("/healthz").status_code == 200

    age("worker", 601)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["worker"]


@pytest.mark.usefixtures("beats")
def test_healthz_names_beat_when_the_sweep_has_not_run_for_two_intervals(client, settings):
    settings.REPORTS_SWEEP_SECONDS = 600
    age("sweep", 1201)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["beat"]


def test_healthz_names_worker_and_beat_when_nothing_ever_ran(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["beat", "worker"]


def test_a_heartbeat_prunes_those_older_than_a_day(db):
    record_heartbeat("old")
    age("worker", 25 * 60 * 60)
    record_heartbeat("new")
    assert list(WorkerHeartbeat.objects.values_list("token", flat=True)) == ["new"]


@pytest.mark.worker
def test_healthz_names_the_worker_while_it_is_stopped_and_not_while_it_runs(
    client, settings, django_db_serialized_rollback, transactional_db, tmp_path
):
    from core.testing import WorkerProcess
    from reporting.tasks import generate_due_reports

    # Beat ran the sweep just now; no worker has ever started.
    record_heartbeat("sweep-earlier", kind=WorkerHeartbeat.Kind.SWEEP)
    stopped = client.get("/healthz")
    assert stopped.status_code == 503
    assert stopped.json()["failing"] == ["worker"]

    worker = WorkerProcess(tmp_path)
    try:
        worker.wait_until_ready()
        # Beat's next sweep and heartbeat, taken by the running worker.
        generate_due_reports.apply_async(queue=worker.queue)
        record_heartbeat.apply_async(queue=worker.queue)
        wait_for(lambda: WorkerHeartbeat.objects.filter(kind="sweep").count() == 2, timeout=60)
        running = client.get("/healthz")
        assert running.status_code == 200
        assert running.json()["checks"] == ALL_OK
    finally:
        worker.stop()

    # Stopped: beat still asks for heartbeats, and nobody writes them. Two intervals later
    # (two seconds here) the worker is named again.
    settings.WORKER_HEARTBEAT_SECONDS = 1
    record_heartbeat.apply_async(queue=worker.queue)
    time.sleep(2.5)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["worker"]
