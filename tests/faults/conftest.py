"""Fixtures for the fault tests: a PostgreSQL and a Redis of their own (which a test may stop
and start), and the app's web server and Celery worker running on them, shared by the tests
in this folder (each test leaves both servers running).

The servers need PostgreSQL's server binaries and redis-server. Without them (a laptop) the
tests skip saying so; where CI=true they fail instead, since CI must run them.
"""

import os
import shutil

import pytest

from .servers import (
    OFFICIAL,
    PostgresServer,
    RedisServer,
    celery,
    environment,
    find_postgres_bin,
    gunicorn,
    manage,
)


def _missing(what: str) -> None:
    message = f"The fault tests need {what}"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="package")
def servers_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("faults")


@pytest.fixture(scope="package")
def postgres():
    """A migrated PostgreSQL with a DfE official's account."""
    bin_dir = find_postgres_bin()
    if bin_dir is None or (os.geteuid() == 0 and shutil.which("runuser") is None):
        _missing("PostgreSQL's server binaries (/usr/lib/postgresql/*/bin) and runuser")
    server = PostgresServer(bin_dir)
    try:
        server.start()
        env = environment(server.url, "memory://")
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "shell", "-c", f"from tests.faults import seed; seed.official({OFFICIAL!r})")
        yield server
    finally:
        server.remove()


@pytest.fixture(scope="package")
def redis(servers_dir):
    if shutil.which("redis-server") is None:
        _missing("redis-server")
    server = RedisServer(servers_dir)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def env(postgres, redis):
    return environment(postgres.url, redis.url)


@pytest.fixture(scope="package")
def app(env, servers_dir):
    """The web app (gunicorn, as in production), at ``app.url``."""
    program = gunicorn(env, servers_dir)
    yield program
    program.stop()


@pytest.fixture(scope="package")
def worker(env, servers_dir):
    """A Celery worker that keeps its database connection between tasks, as in production."""
    program = celery(
        env, servers_dir, "worker", "--concurrency", "1", "--without-gossip", "--without-mingle"
    )
    yield program
    program.stop()


@pytest.fixture(autouse=True)
def servers_left_running(postgres, redis):
    """A test that fails while it has a server stopped leaves it running for the next one."""
    yield
    if not postgres.is_running():
        postgres.start()
    if not redis.is_running():
        redis.start()
