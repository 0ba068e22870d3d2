"""Servers of the fault tests' own: a PostgreSQL cluster and a Redis that a test may stop and
start, and the app's real programs (gunicorn, a Celery worker, Celery beat) running on them.

Nothing here touches the machine's shared PostgreSQL or Redis: other test runs use those.
"""

import glob
import http
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
import requests
from django.conf import settings

from core.testing import terminate, wait_for

# The account the tests sign in with (a DfE official, on the throwaway database) and the
# pages they open with it.
OFFICIAL = "fault-official"
PASSWORD = "correct-horse-battery-staple"  # noqa: S105 (a test account on a throwaway database)
PAGES = ["/reporting/dashboard/", "/reporting/reports/", "/interventions/"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_postgres_bin() -> Path | None:
    """The newest PostgreSQL server binaries installed (Debian's layout), if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
    return Path(found[-1]).parent if found else None


def _version(path: str) -> int:
    return int(re.search(r"/postgresql/(\d+)/", path)[1])


class PostgresServer:
    """A throwaway PostgreSQL cluster in a temporary directory, on a free port, without fsync:
    it only has to survive a clean restart. initdb refuses root, so as root it runs as the
    postgres user, in a directory that user owns (pytest's are private to root)."""

    def __init__(self, bin_dir: Path):
        self.root, self.bin = Path(tempfile.mkdtemp(prefix="oversee-faults-pg-")), bin_dir
        self.data = self.root / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.root, "postgres")

    def start(self) -> None:
        if not self.data.exists():
            self._as_postgres(
                "initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "--no-sync"
            )
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        log = self.root / "postgres.log"
        self._as_postgres("pg_ctl", "-D", self.data, "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        """As an operator's restart does: disconnect every client now, then shut down."""
        self._as_postgres("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def is_running(self) -> bool:
        status = subprocess.run(  # noqa: S603 (fixed arguments)
            [*self.as_user, self.bin / "pg_ctl", "-D", self.data, "status"],
            capture_output=True,
        )
        return status.returncode == 0

    def query(self, sql: str, *params):
        """One row of a query, on a connection of its own (the test process's Django
        connection is to the suite's test database, not to this server)."""
        with psycopg2.connect(self.url, connect_timeout=3) as conn, conn.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        conn.close()
        return row

    def remove(self) -> None:
        if self.is_running():
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def _as_postgres(self, program: str, *args) -> None:
        done = subprocess.run(  # noqa: S603 (the installed PostgreSQL binaries, fixed arguments)
            [*self.as_user, self.bin / program, *map(str, args)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode:
            raise RuntimeError(f"{program} failed:\n{done.stdout}\n{done.stderr}")


class RedisServer:
    """A Redis on a free port that keeps nothing on disk: stopping it loses every message, the
    worst case for queued work."""

    def __init__(self, root: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log_path = root / "redis.log"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--daemonize", "no"],
            stdout=self.log_path.open("a"),
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: _accepts(self.port), timeout=10, interval=0.05)

    def stop(self) -> None:
        if self.process is not None:
            terminate(self.process)

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None


def _accepts(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Program:
    """One of the app's programs in a subprocess with the fault tests' environment; its output
    goes to a log file that the test reads (and that a failure message shows)."""

    def __init__(self, name: str, args: list[str], env: dict, log_dir: Path):
        self.name = name
        self.url = ""  # where it answers, for a web server
        self.log_path = log_dir / f"{name}.log"
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 (our own programs, fixed arguments)
            [sys.executable, "-m", *args],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, text: str, timeout: float = 60) -> None:
        try:
            wait_for(lambda: text in self.log() or self.process.poll() is not None, timeout)
        except TimeoutError:
            raise TimeoutError(f"{self.name}: no {text!r} in {timeout}s:\n{self.log()}") from None
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.name} exited:\n{self.log()}")

    def is_alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        terminate(self.process)
        self._log.close()


def environment(database_url: str, broker_url: str, **extra: str) -> dict:
    """Production settings (DEBUG off, so errors get the service's own pages) on the given
    database and broker, over plain HTTP on 127.0.0.1."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    env.update(
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=broker_url,
        DJANGO_SECRET_KEY="fault-tests-only-not-a-secret",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_MANIFEST_STATIC="0",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def manage(env: dict, *args: str) -> str:
    """Run manage.py with the environment; its output."""
    done = subprocess.run(  # noqa: S603 (our own program, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Browser:
    """A person's browser, as far as these tests need one: a cookie jar and the sign-in form.

    The app sets Secure cookies (production runs behind TLS); the tests speak plain HTTP to
    127.0.0.1, so the jar is told to send them anyway.
    """

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> requests.Response:
        return self.request("POST", path, data=data, **kwargs)

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 15)
        response = self.session.request(method, self.base_url + path, **kwargs)
        for cookie in self.session.cookies:
            cookie.secure = False
        return response

    def sign_in(self, username: str, password: str = PASSWORD) -> requests.Response:
        form = self.get("/sign-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
        fields = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        return self.post("/sign-in/", fields)


def gunicorn(env: dict, log_dir: Path) -> Program:
    """The web app as production runs it (two sync workers), once it answers at ``.url``."""
    port = free_port()
    program = Program(
        "gunicorn",
        ["gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
        + ["--timeout", "30", "--access-logfile", "-"],
        env,
        log_dir,
    )
    program.url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(program.url) or not program.is_alive(), timeout=30)
        if not program.is_alive():
            raise RuntimeError(f"gunicorn exited:\n{program.log()}")
    except Exception:
        program.stop()
        raise
    return program


def _answers(url: str) -> bool:
    try:
        return requests.get(url + "/healthz", timeout=5).status_code in {
            http.HTTPStatus.OK,
            http.HTTPStatus.SERVICE_UNAVAILABLE,
        }
    except requests.RequestException:
        return False


def celery(env: dict, log_dir: Path, role: str, *args: str) -> Program:
    """A Celery worker or beat, started and ready."""
    args = ["celery", "-A", "config", role, "--loglevel", "INFO", *args]
    program = Program(f"celery-{role}", args, env, log_dir)
    try:
        program.wait_for_log(" ready." if role == "worker" else "beat: Starting...")
    except Exception:
        program.stop()
        raise
    return program


def wait_until(condition, timeout: float, what: str, *logs: Program):
    """wait_for, failing with what was awaited and the programs' logs."""
    try:
        return wait_for(condition, timeout=timeout, interval=0.25)
    except TimeoutError:
        shown = "\n".join(f"--- {p.name}\n{p.log()[-4000:]}" for p in logs)
        raise AssertionError(f"Not within {timeout}s: {what}\n{shown}") from None


def elapsed(call):
    """(result, seconds taken)."""
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started
