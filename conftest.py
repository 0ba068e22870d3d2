"""Users by role, shared by every app's tests."""

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


def pytest_report_header(config):
    """Say which database and broker the suite runs on, so CI output shows it."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    vendor = db["ENGINE"].rsplit(".", 1)[-1]
    broker = settings.CELERY_BROKER_URL.split("://", 1)[0]
    return [f"database: {vendor} ({db['NAME']}); celery broker: {broker}"]


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
