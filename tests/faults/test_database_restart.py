"""PostgreSQL restarted mid-run: while it is down every page fails cleanly and fast (the
service's "Sorry, the service is unavailable" page, a 503, and /healthz names the database);
when it is back, the same signed-in session and the same worker carry on, with nothing
restarted by hand."""

import uuid

import pytest
import requests

from config.celery import app as celery_app

from .servers import OFFICIAL, PAGES, Browser, elapsed, wait_until

pytestmark = pytest.mark.fault

UNAVAILABLE = "Sorry, the service is unavailable"


def send_heartbeat(broker_url: str) -> str:
    """Queue the worker heartbeat task (a row in core_workerheartbeat) on the given broker."""
    token = uuid.uuid4().hex
    with celery_app.connection_for_write(broker_url) as connection:
        celery_app.send_task("core.tasks.record_heartbeat", args=[token], connection=connection)
    return token


def heartbeat_written(postgres, token: str) -> bool:
    return postgres.query("SELECT count(*) FROM core_workerheartbeat WHERE token = %s", token)[0]


def assert_unavailable_page(response: requests.Response, seconds: float) -> None:
    assert response.status_code == 503, response.text[:500]
    assert seconds < 5
    page = response.text
    assert f'<h1 class="govuk-heading-l">{UNAVAILABLE}</h1>' in page
    assert f"<title>{UNAVAILABLE} - Oversee children's services interventions</title>" in page
    assert 'class="govuk-header' in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert response.headers["Retry-After"] == "30"


def test_postgresql_restart_fails_requests_cleanly_and_they_recover_by_themselves(
    postgres, redis, app, worker
):
    browser = Browser(app.url)
    assert browser.sign_in(OFFICIAL).status_code == 302
    for path in PAGES:
        assert browser.get(path).status_code == 200
    # The worker holds a database connection from a task it ran before the restart.
    before = send_heartbeat(redis.url)
    wait_until(lambda: heartbeat_written(postgres, before), 30, "a heartbeat", worker)

    postgres.stop()

    for path in PAGES:
        assert_unavailable_page(*elapsed(lambda path=path: browser.get(path)))
    # Someone arriving meanwhile sees the same page at the sign-in form.
    assert_unavailable_page(*elapsed(lambda: Browser(app.url).get("/sign-in/")))
    health = requests.get(f"{app.url}/healthz", timeout=10)
    assert health.status_code == 503
    assert health.json()["failing"] == ["database"]
    # The operator finds each failure in the log, with its cause.
    wait_until(lambda: f"Service Unavailable: {PAGES[-1]}" in app.log(), 5, "the log", app)
    assert "OperationalError" in app.log()

    postgres.start()

    # Allow a retry or two while the server finishes starting; then every page answers again
    # in the same session (still signed in: no redirect to the sign-in page), on both web
    # workers, and nothing was restarted by hand.
    retries = [browser.get(PAGES[0]).status_code for _ in range(3)]
    assert 200 in retries
    assert [browser.get(path).status_code for path in PAGES * 2] == [200] * len(PAGES) * 2
    assert requests.get(f"{app.url}/healthz", timeout=10).status_code == 200
    # And the same worker process, its old connection gone, takes the next task.
    after = send_heartbeat(redis.url)
    wait_until(lambda: heartbeat_written(postgres, after), 30, "a heartbeat after", worker)
    assert app.is_alive() and worker.is_alive()
