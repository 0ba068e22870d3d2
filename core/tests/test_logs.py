"""Logs an operator can follow: JSON lines carrying the request id and the user's id on the web,
the task id in the worker; errors to Sentry when SENTRY_DSN is set."""

import gzip
import http.server
import io
import json
import logging
import threading
import uuid

import pytest

from core.logs import ContextFilter, JsonFormatter, init_sentry
from core.testing import WorkerProcess, wait_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the service's own console handler writes during the test, one dict a line."""
    [handler] = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, ContextFilter) for f in h.filters)
    ]
    stream = io.StringIO()
    old_stream, old_formatter = handler.setStream(stream), handler.formatter
    handler.setFormatter(JsonFormatter())
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        handler.setStream(old_stream)
        handler.setFormatter(old_formatter)


def test_a_request_logs_json_with_its_request_id_and_user_id(client, official, log_lines):
    client.force_login(official)
    response = client.get("/no-such-page/", headers={"X-Request-ID": "req-123"})

    assert response.status_code == 404
    assert response["X-Request-ID"] == "req-123"
    [line] = [entry for entry in log_lines() if entry["logger"] == "django.request"]
    assert line["message"] == "Not Found: /no-such-page/"
    assert line["level"] == "WARNING"
    assert (line["request_id"], line["user_id"]) == ("req-123", str(official.pk))


def test_a_request_id_that_could_forge_log_lines_is_replaced(client, official, log_lines):
    client.force_login(official)
    forged = 'x", "user_id": "1\nFAKE'
    response = client.get("/no-such-page/", headers={"X-Request-ID": forged})

    request_id = response["X-Request-ID"]
    assert request_id != forged and len(request_id) == 32
    [line] = [entry for entry in log_lines() if entry["logger"] == "django.request"]
    assert line["request_id"] == request_id


def test_lines_outside_any_request_say_so(log_lines):
    logging.getLogger("core.tests").warning("on its own")
    line = log_lines()[-1]
    assert (line["request_id"], line["user_id"], line["task_id"]) == ("-", "-", "-")


@pytest.mark.worker
def test_the_worker_logs_json_lines_with_the_task_id(
    django_db_serialized_rollback, transactional_db, tmp_path
):
    from reporting.tasks import generate_due_reports

    worker = WorkerProcess(tmp_path, env={"LOG_FORMAT": "json"})
    try:
        worker.wait_until_ready()
        task_id = uuid.uuid4().hex
        generate_due_reports.apply_async(queue=worker.queue, task_id=task_id)

        def swept():
            for text in worker.log().splitlines():
                if text.startswith("{") and "missing reports" in text:
                    return json.loads(text)
            return None

        line = wait_for(swept, timeout=60)
    finally:
        worker.stop()
    assert line["message"] == "Queued 0 missing reports"
    assert line["task_id"] == task_id
    assert line["logger"] == "reporting.tasks"


class SentryIngest(http.server.BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):  # noqa: N802 (the standard library's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_an_error_goes_to_sentry_when_a_dsn_is_set():
    import sentry_sdk

    server = http.server.HTTPServer(("127.0.0.1", 0), SentryIngest)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        init_sentry(f"http://publickey@127.0.0.1:{server.server_port}/1", environment="test")
        try:
            raise ValueError("the thing that broke")
        except ValueError:
            logging.getLogger("core.tests").exception("Something failed")
        sentry_sdk.flush(timeout=10)
    finally:
        sentry_sdk.init(dsn=None)
        server.shutdown()
    sent = b"".join(SentryIngest.received)  # each envelope as it arrived, decompressed
    assert b"the thing that broke" in sent
    assert b'"environment":"test"' in sent
