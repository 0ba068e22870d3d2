"""Redis down: every page still works (nothing a person does waits on the broker), and the work
that falls due meanwhile is done when Redis is back, with no one doing anything, even though
this Redis comes back empty: the database is the record of the work, and the reports sweep
(Celery beat, every REPORTS_SWEEP_SECONDS) queues whatever is still missing."""

import pytest
import requests

from .servers import OFFICIAL, PAGES, Browser, celery, manage, wait_until

pytestmark = pytest.mark.fault

SWEEP_SECONDS = 2


def reports_of(postgres, intervention_id: int) -> tuple[int, int, int]:
    """(reports, their versions, the history rows recording that the reports system user
    created them)."""
    return postgres.query(
        """
        SELECT (SELECT count(*) FROM reporting_report WHERE intervention_id = %s),
               (SELECT count(*) FROM reporting_reportversion v
                  JOIN reporting_report r ON r.id = v.report_id WHERE r.intervention_id = %s),
               (SELECT count(*) FROM reporting_historicalreport h
                  JOIN auth_user u ON u.id = h.history_user_id
                 WHERE h.intervention_id = %s AND h.history_type = '+'
                   AND u.username = 'system:reports')
        """,
        intervention_id,
        intervention_id,
        intervention_id,
    )


def could_not_queue(beat_log: str) -> bool:
    return "Message Error" in beat_log or "beat: Connection error" in beat_log


@pytest.fixture
def beat(env, servers_dir):
    """Celery beat with the reports sweep every two seconds."""
    program = celery(
        {**env, "REPORTS_SWEEP_SECONDS": str(SWEEP_SECONDS)},
        servers_dir,
        "beat",
        "--schedule",
        str(servers_dir / "beat-schedule"),
    )
    yield program
    program.stop()


def test_with_redis_down_pages_work_and_the_work_due_is_done_when_it_returns(
    postgres, redis, env, app, worker, beat
):
    browser = Browser(app.url)
    assert browser.sign_in(OFFICIAL).status_code == 302

    redis.stop()
    beat_log_at_stop = len(beat.log())
    # Reports fall due while Redis is down: an intervention whose first quarters have ended.
    seeded = manage(
        env,
        "shell",
        "-c",
        "from tests.faults import seed; seed.intervention_with_reports_due('Faultshire')",
    )
    intervention_id, due = map(int, seeded.split()[-2:])
    assert due >= 1

    for path in PAGES:
        assert browser.get(path).status_code == 200
    assert Browser(app.url).sign_in(OFFICIAL).status_code == 302  # a POST that writes, too
    health = requests.get(f"{app.url}/healthz", timeout=10)
    assert health.status_code == 503
    assert health.json()["failing"] == ["broker"]
    # A sweep falls due and cannot be queued. The beat says so and carries on ("Message
    # Error"), or when it had no connection yet, holds the sweep while it reconnects.
    wait_until(
        lambda: could_not_queue(beat.log()[beat_log_at_stop:]),
        30,
        "a sweep that could not be queued",
        beat,
    )
    assert reports_of(postgres, intervention_id) == (0, 0, 0)
    assert beat.is_alive() and worker.is_alive()

    redis.start()  # empty: whatever was queued before is gone

    wait_until(
        lambda: reports_of(postgres, intervention_id) == (due, due, due),
        60,
        f"{due} reports, each with one version and its history",
        beat,
        worker,
    )
    assert requests.get(f"{app.url}/healthz", timeout=10).status_code == 200
    # Later sweeps find nothing missing and make nothing twice.
    sweeps = beat.log().count("Sending due task generate-due-reports")
    # Only what the worker logs from here on: its start-up sweep logged an empty one already.
    worker_log_after = len(worker.log())
    wait_until(
        lambda: beat.log().count("Sending due task generate-due-reports") >= sweeps + 2,
        30,
        "two more sweeps",
        beat,
    )
    wait_until(
        lambda: "Queued 0 missing reports" in worker.log()[worker_log_after:],
        30,
        "an empty sweep",
        worker,
    )
    assert reports_of(postgres, intervention_id) == (due, due, due)
