"""Test support shared by every app: a real Celery worker in a subprocess, a real SMTP server,
and the settings of the property-based tests.

The worker is the real program (`celery -A config worker`), on the configured broker (Redis in
CI, the filesystem broker by default) and the test database, listening on a queue of its own
so that no other worker on this machine takes the test's tasks.
"""

import email
import email.policy
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import hypothesis
from django.conf import settings
from django.db import connection


def fuzz(max_examples: int) -> hypothesis.settings:
    """Hypothesis settings for a property-based test: at most ``max_examples`` examples, the
    same ones on every run (CI is repeatable), no deadline (a request can be slow on a busy
    machine), and the test's fixtures shared by its examples (each example undoes its writes).
    """
    return hypothesis.settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[
            hypothesis.HealthCheck.function_scoped_fixture,
            hypothesis.HealthCheck.too_slow,
        ],
    )


def database_url_for_test_db() -> str:
    """A DATABASE_URL naming the database the tests are using now (the test database)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class WorkerProcess:
    """A `celery worker` subprocess consuming one queue; stop() ends it."""

    def __init__(self, log_dir: Path, concurrency: int = 1, env: dict | None = None):
        self.queue = f"test-{uuid.uuid4().hex[:12]}"
        self.log_path = Path(log_dir) / f"{self.queue}.log"
        env = {
            **os.environ,
            "DATABASE_URL": database_url_for_test_db(),
            "DATABASE_CONN_MAX_AGE": "0",
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "VAR_DIR": str(settings.VAR_DIR),
            # Emails the worker queues stay on its queue (core.email.queue_email).
            "EMAIL_QUEUE": self.queue,
            **(env or {}),
        }
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 (our own program, fixed arguments)
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--queues",
                self.queue,
                "--concurrency",
                str(concurrency),
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "INFO",
                "--hostname",
                f"{self.queue}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Celery worker exited early:\n{self.log()}")
            if " ready." in self.log():
                return
            time.sleep(0.2)
        raise TimeoutError(f"Celery worker not ready after {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        terminate(self.process)
        self._log.close()


def terminate(process: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a subprocess politely (SIGTERM, so a worker finishes its task), or kill it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(condition, timeout: float = 30, interval: float = 0.2):
    """Poll ``condition()`` until it returns something truthy; return it, or fail on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"Condition not met within {timeout}s")


def authenticator_code(key: bytes, *, after_step: int | None = None) -> str:
    """The 6-digit code an authenticator app shows now for this TOTP key. A code once accepted
    is not accepted again (django-otp remembers its time step), so with ``after_step`` (the
    device's ``last_t``) it is the next step's code when this one is used up: the service
    accepts one step of clock drift."""
    from django_otp.oath import TOTP

    totp = TOTP(key)
    if after_step is not None and totp.t() <= after_step:
        totp.time = time.time() + 30
    return f"{totp.token():06d}"


class SmtpServer:
    """A real SMTP server (aiosmtpd) on a free local port, keeping every message it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages: list[email.message.EmailMessage] = []
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def settings(self) -> dict[str, str]:
        """The environment that points the service's email at this server."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.port),
        }

    def stop(self) -> None:
        self._controller.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
