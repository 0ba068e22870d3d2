"""Users by role, shared by every app's tests; on PostgreSQL, the runtime database role."""

import os
import secrets
from contextlib import ExitStack, contextmanager

import pytest
from django.contrib.auth.models import Group

from core import roles


def make_user(django_user_model, username: str, role: str | None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password="correct-horse-battery-staple", **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Django's default hasher takes most of a second per password, and users here are made and
    signed in with one; the tests are not about hashing strength (production keeps PBKDF2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to the test's own folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def commissioner(django_user_model):
    return make_user(django_user_model, "commissioner", roles.COMMISSIONER)


@pytest.fixture
def other_commissioner(django_user_model):
    return make_user(django_user_model, "other-commissioner", roles.COMMISSIONER)


@pytest.fixture
def official(django_user_model):
    return make_user(django_user_model, "official", roles.DFE_OFFICIAL)


@pytest.fixture
def admin_user(django_user_model):
    return make_user(django_user_model, "admin", roles.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """With DATABASE_OWNER_URL set too, the owner creates and migrates the test database."""
    from django.db import connection

    owner = connection.settings_dict.pop("OWNER", None)
    if owner:
        connection.settings_dict.update(owner)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """On PostgreSQL the tests connect as a runtime role that owns nothing, as the application
    does in production (docs/adr/0018): the test database is created and migrated as the owner
    (DATABASE_URL's role), ``grant_runtime_role`` gives the runtime role
    (``TEST_DATABASE_RUNTIME_ROLE``, by default the test database's name + ``_runtime``) its
    privileges, and every connection after that, the live server's and the worker's too, is the
    runtime role's. What only the owner may do, emptying the tables between transactional tests
    (TRUNCATE) and putting back the migrations' rows, runs as the owner."""
    from django.db import connection

    from core.db_roles import grant_runtime_role

    if connection.vendor != "postgresql":
        yield
        return
    settings_dict = connection.settings_dict
    owner = {key: settings_dict[key] for key in ("USER", "PASSWORD", "HOST", "PORT")}
    role = runtime_role_name(settings_dict["NAME"])
    password = secrets.token_urlsafe(24) if owner["PASSWORD"] else ""
    with django_db_blocker.unblock():
        grant_runtime_role(role, create=True)
        if password:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"ALTER ROLE {connection.ops.quote_name(role)} PASSWORD %s", [password]
                )
        connection.close()
    settings_dict.update(OWNER=owner, USER=role, PASSWORD=password)
    try:
        with transactional_tests_reset_as_owner():
            yield
    finally:
        connection.close()
        settings_dict.update(owner)
        del settings_dict["OWNER"]


@pytest.fixture(scope="module")
def as_the_owner(django_db_setup, django_db_blocker):
    """The module's tests connect as the owner, not the runtime role (docs/adr/0018): those of
    the append-only trigger, the layer that holds against the owner's own code, and those of
    the demo data generator, which empties history tables as its command does."""
    from core.db_roles import as_owner

    with django_db_blocker.unblock(), as_owner():
        yield


def runtime_role_name(test_database: str) -> str:
    """The runtime role for this test database. Under pytest-xdist each worker has a database
    of its own (``test_<name>_gw0``...) and so a role of its own: roles belong to the whole
    server, and two workers creating one role at once would collide."""
    role = os.environ.get("TEST_DATABASE_RUNTIME_ROLE")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if role and worker:
        role = f"{role}_{worker}"
    return (role or f"{test_database}_runtime")[:63]


@contextmanager
def transactional_tests_reset_as_owner():
    """Django empties the database after a transactional test with TRUNCATE and puts back the
    migrations' rows before the next one (serialized rollback), re-saving history rows: only
    the owner may. These two steps of ``TransactionTestCase`` (not ``TestCase``'s, which roll
    back a transaction) reconnect as the owner for their duration."""
    from django.test import TransactionTestCase

    from core.db_roles import as_owner

    @contextmanager
    def owner_of(test_case):
        with ExitStack() as stack:
            for alias in test_case._databases_names(include_mirrors=False):
                stack.enter_context(as_owner(alias))
            yield

    originals = {
        name: vars(TransactionTestCase)[name] for name in ("_fixture_setup", "_fixture_teardown")
    }
    setup, teardown = originals["_fixture_setup"].__func__, originals["_fixture_teardown"]

    def fixture_setup(cls):
        with owner_of(cls):
            return setup(cls)

    def fixture_teardown(self):
        with owner_of(self):
            return teardown(self)

    TransactionTestCase._fixture_setup = classmethod(fixture_setup)
    TransactionTestCase._fixture_teardown = fixture_teardown
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(TransactionTestCase, name, original)


def pytest_report_header(config):
    """Say which database and broker the suite runs on, so CI output shows it."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    vendor = db["ENGINE"].rsplit(".", 1)[-1]
    broker = settings.CELERY_BROKER_URL.split("://", 1)[0]
    role = (
        f" as runtime role {runtime_role_name('test_' + db['NAME'])}"
        if vendor == "postgresql"
        else ""
    )
    return [f"database: {vendor} ({db['NAME']}){role}; celery broker: {broker}"]


@pytest.fixture
def celery_worker_process(django_db_serialized_rollback, transactional_db, tmp_path):
    """A real Celery worker (subprocess) on the configured broker and the test database.

    Its tests commit, so the database is emptied afterwards; serialized rollback then puts back
    what the migrations seeded (roles, themes, presumption rules) for the tests that follow,
    the same way every other transactional test here does.
    """
    from core.testing import WorkerProcess

    worker = WorkerProcess(tmp_path)
    try:
        worker.wait_until_ready()
        yield worker
    finally:
        worker.stop()


@pytest.fixture
def celery_eager():
    """Tasks queued during the test run at once in the test's process (Celery's eager mode),
    for tests about what a task does rather than how it travels (the worker tests do that)."""
    from config.celery import app

    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = False, False


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free port, with the service's email settings pointed at it."""
    from core.testing import SmtpServer

    server = SmtpServer()
    for name, value in server.settings().items():
        setattr(settings, name, int(value) if name == "EMAIL_PORT" else value)
    try:
        yield server
    finally:
        server.stop()
