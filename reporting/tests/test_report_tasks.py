"""The report tasks: the sweep makes every missing report (a missed run heals), tasks are
safe to run twice and retried with backoff; and with a real Celery worker, reports for every
intervention, and no half report from a worker killed in the middle of one."""

import os
import signal
import time
import types
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError

from core.testing import WorkerProcess, wait_for
from interventions import duties
from reporting import services, tasks
from reporting.models import Report, ReportVersion

from .report_world import D, build_world

JULY_2018 = "2018-07-15"  # six quarters of 2017 and 2018 have ended: Q1 2017 to Q2 2018


def run_here(monkeypatch) -> list:
    """Run the tasks the sweep queues in this process, recording them."""
    queued = []

    def apply_async(args=(), kwargs=None, **options):
        queued.append(args)
        return tasks.generate_report.apply(args=args)

    monkeypatch.setattr(tasks.generate_report, "apply_async", apply_async)
    monkeypatch.setattr(
        tasks.send_report_reminders, "apply_async", lambda args=(), **o: queued.append(args)
    )
    return queued


@pytest.mark.django_db
def test_the_sweep_makes_every_missing_report_so_a_missed_run_heals(monkeypatch):
    world = build_world()
    queued = run_here(monkeypatch)

    assert tasks.generate_due_reports.apply(args=["2017-07-15"]).get() == 2
    assert tasks.generate_due_reports.apply(args=["2017-07-16"]).get() == 0
    # The worker was away for a year: the next run makes everything it missed.
    assert tasks.generate_due_reports.apply(args=[JULY_2018]).get() == 4

    starts = sorted(Report.objects.values_list("period_start", flat=True))
    assert starts == [D(2017, m, 1) for m in (1, 4, 7, 10)] + [D(2018, 1, 1), D(2018, 4, 1)]
    assert all(r.intervention == world.intervention for r in Report.objects.all())
    assert ("2018-07-15",) in queued  # and the reminders each day


@pytest.mark.django_db
def test_the_report_task_is_safe_to_run_twice():
    world = build_world()
    args = [world.intervention.pk, "2017-04-01"]

    first = tasks.generate_report.apply(args=args).get()
    second = tasks.generate_report.apply(args=args).get()

    assert first == second == Report.objects.get().pk
    assert ReportVersion.objects.count() == 1


@pytest.mark.django_db
def test_the_report_task_is_retried_with_backoff_when_the_database_falters(monkeypatch):
    world = build_world()
    attempts = []

    def database_down(*args, **kwargs):
        attempts.append(1)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "generate_report", database_down)
    # Run eagerly, the retries follow at once rather than after their back-off.
    result = tasks.generate_report.apply(args=[world.intervention.pk, "2017-04-01"])

    task = tasks.generate_report
    assert len(attempts) == 1 + task.max_retries == 11
    assert result.state == "FAILURE"
    assert Report.objects.count() == 0
    assert (task.acks_late, task.reject_on_worker_lost) == (True, True)
    assert (task.retry_backoff, task.retry_backoff_max, task.retry_jitter) == (5, 600, True)
    assert any(issubclass(OperationalError, kind) for kind in task.autoretry_for)


def expected_reports(*worlds) -> int:
    today = D(2018, 7, 15)
    return sum(len(duties.periods_ended(w.intervention, today)) for w in worlds)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_generates_the_reports_for_every_intervention(celery_worker_process):
    worlds = [build_world(name="Northtown"), build_world(name="Southtown")]
    expected = expected_reports(*worlds)

    tasks.generate_due_reports.apply_async(args=[JULY_2018], queue=celery_worker_process.queue)

    wait_for(lambda: ReportVersion.objects.count() >= expected, timeout=120)
    for world in worlds:
        reports = Report.objects.filter(intervention=world.intervention)
        assert reports.count() == 6
        assert all(r.versions.count() == 1 for r in reports)
    log = celery_worker_process.log()
    assert "reporting.tasks.generate_report" in log
    assert settings.CELERY_BROKER_URL.split("://")[0] in log


def kill_worker(worker: WorkerProcess) -> None:
    """kill -9 the worker and its pool process, as a lost machine would."""
    main = worker.process.pid
    children = Path(f"/proc/{main}/task/{main}/children").read_text().split()
    for pid in [*map(int, children), main]:
        os.kill(pid, signal.SIGKILL)
    worker.process.wait()
    worker.stop()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_report_leaves_no_half_report_and_the_report_comes_on_retry(
    tmp_path, monkeypatch
):
    world = build_world()
    pause = tmp_path / "pause"
    pause.touch()
    monkeypatch.setenv("REPORTS_TEST_PAUSE_FILE", str(pause))
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "2")
    # Both workers consume the same queue, as a restarted worker would.
    queue_id = uuid.uuid4()
    monkeypatch.setattr("core.testing.uuid", types.SimpleNamespace(uuid4=lambda: queue_id))
    worker = WorkerProcess(tmp_path)
    try:
        worker.wait_until_ready()
        tasks.generate_report.apply_async(
            args=[world.intervention.pk, "2017-04-01"], queue=worker.queue
        )
        # The worker has written the report's row and is about to write its content.
        wait_for(lambda: Path(f"{pause}.reached").exists(), timeout=60)
        kill_worker(worker)
    finally:
        worker.stop()

    time.sleep(2.5)  # past the visibility timeout
    # Nothing half-written survived the kill: no report, no version, not even a history row.
    written = (Report.objects.count(), ReportVersion.objects.count(), Report.history.count())
    assert written == (0, 0, 0)
    pause.unlink()

    restarted = WorkerProcess(tmp_path)
    try:
        restarted.wait_until_ready()
        redelivers = not settings.CELERY_BROKER_URL.startswith("filesystem")
        if not redelivers:
            # The filesystem broker forgets a message once taken, acknowledged or not: there
            # the next sweep is what brings the report (with the first quarter's).
            tasks.generate_due_reports.apply_async(args=["2017-07-15"], queue=restarted.queue)
        # On Redis the unacknowledged message comes back by itself.
        report = wait_for(lambda: Report.objects.filter(period_start="2017-04-01").first(), 90)
        wait_for(lambda: "succeeded" in restarted.log(), timeout=30)
    finally:
        restarted.stop()
    assert report.versions.count() == 1
    assert Report.objects.count() == (1 if redelivers else 2)
