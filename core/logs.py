"""Logs an operator can follow: one JSON object a line, each with the request or task it
belongs to and who asked.

- ``RequestContextMiddleware`` gives every request an id (the proxy's ``X-Request-ID`` when it
  sends a sensible one, else a new one), returns it in the response's ``X-Request-ID``, and
  notes the signed-in user's id; ``ContextFilter`` copies both onto every log record made
  while the request runs, including Django's own "Internal Server Error" line.
- In the worker, the id of the task running is noted the same way (``task_id``).
- ``JsonFormatter`` writes the record as JSON (``LOG_FORMAT=json``, the default outside
  development); the plain format shows the same ids.
- ``init_sentry`` sends errors to Sentry when ``SENTRY_DSN`` is set (settings call it).
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import uuid

from celery.signals import task_postrun, task_prerun
from django.core.signals import request_finished

current_request = contextvars.ContextVar("request_id", default="-")
current_user = contextvars.ContextVar("user_id", default="-")
current_task = contextvars.ContextVar("task_id", default="-")
CONTEXT = {"request_id": current_request, "user_id": current_user, "task_id": current_task}

# A request id from the proxy is kept only if it looks like one (no spaces, quotes or newlines
# that could forge log lines).
SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class ContextFilter(logging.Filter):
    """Adds request_id, user_id and task_id to every record ("-" when there is none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, var in CONTEXT.items():
            setattr(record, name, var.get())
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **{name: getattr(record, name, "-") for name in CONTEXT},
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class RequestContextMiddleware:
    """Notes the request's id and its user's id for the log (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if SAFE_ID.match(given) else uuid.uuid4().hex
        current_request.set(request.request_id)
        _note_user(request)
        response = self.get_response(request)
        _note_user(request)  # whoever signed in or out during the request
        response["X-Request-ID"] = request.request_id
        return response


def _note_user(request) -> None:
    user = getattr(request, "user", None)
    current_user.set(str(user.pk) if user is not None and user.is_authenticated else "-")


def _clear(**kwargs) -> None:
    current_request.set("-")
    current_user.set("-")


def _task_started(task_id: str | None = None, **kwargs) -> None:
    current_task.set(task_id or "-")


def _task_ended(**kwargs) -> None:
    current_task.set("-")


# After the response is sent (Django logs a failed request just before), and around each task.
request_finished.connect(_clear, dispatch_uid="core.logs.clear")
task_prerun.connect(_task_started, dispatch_uid="core.logs.task_started")
task_postrun.connect(_task_ended, dispatch_uid="core.logs.task_ended")


def init_sentry(dsn: str, *, environment: str, traces_sample_rate: float = 0.0) -> None:
    """Report unhandled errors and error logs (web and worker) to Sentry (Sentry's default
    collects no personal data)."""
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
    )
