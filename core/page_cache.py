"""Pages that cannot go stale: a page is cached under a data version that every committed change
bumps (issue 19, docs/adr/0026).

The version is one row (``core.models.DataVersion``). A trigger on every table a page can read
(all of them but ``UNTRACKED``) gives it a new random token when a transaction that inserted,
updated or deleted a row commits: a deferred constraint trigger, so it runs at commit, once per
transaction (a transaction-local setting remembers it ran), and takes the version row's lock
last, when every other lock the transaction needs is held (no deadlock with another writer).
It is installed after every ``migrate`` on each table that lacks it, like the append-only
trigger (core.append_only), so a table added later is covered without anyone remembering.

A page's key holds the version read before the page reads what it shows, the day (a page shows
"today"), who asks (what they may see) and the address. A page cached under a version shows
the data as it was then or later, never earlier; a change committed later gives a new version,
so a new key. Nothing is kept fresh by a timer (a stored page is dropped after a
day, to free the memory: its key holds the day, so no one asks for it again). No cache is used:

- off PostgreSQL (SQLite, for local development, has no such trigger), or with PAGE_CACHE off;
- by a transaction that has itself written (its change is not in the version until it commits;
  tests run inside one, so only the tests that commit use the cache);
- for a request with messages to show (they are shown once);
- for anything but a GET answered 200.

What a page holds for one request alone, the service navigation with its sign-out form's CSRF
token, is left out of what is stored and rendered again for each request.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import uuid

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from . import record_versions, roles, triggers

logger = logging.getLogger(__name__)

TRIGGER = "data_version_bumps"  # the trigger and its function

# Tables whose changes no page shows, and that change too often to bump the version for.
UNTRACKED = {
    "core_dataversion": "the version itself",
    "core_recordversion": "the versions of records (core.record_versions), bumped with them",
    "django_session": "who is signed in (the session's own data), not what a page shows",
    "django_migrations": "written by migrate only",
    "axes_accessattempt": "failed sign-ins",
    "axes_accessattemptexpiration": "failed sign-ins",
    "axes_accesslog": "sign-ins",
    "axes_accessfailurelog": "failed sign-ins",
    "core_workerheartbeat": "written by the worker every minute",
    "core_formsubmission": "a form's one-time token (what the form saves is tracked)",
    "core_passwordresetrequest": "password reset emails sent",
    "core_apitoken": "an API token's last use, written as it is used",
    "otp_totp_totpdevice": "second factor devices and their last use",
    "otp_static_staticdevice": "second factor recovery codes",
    "otp_static_statictoken": "second factor recovery codes",
}

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION data_version_bumps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('oversee.data_version_bumped', true) IS DISTINCT FROM 'on' THEN
        UPDATE core_dataversion SET token = gen_random_uuid();
        PERFORM set_config('oversee.data_version_bumped', 'on', true);
    END IF;
    RETURN NULL;
END
$$
"""

# The trigger as it should be: deferred to the commit, deferrable.
DEFERRED = "t.tgdeferrable AND t.tginitdeferred"

# The part of a page rendered for each request: the service navigation (base.html).
REQUEST_PART = re.compile(rb"<!--request-->.*?<!--/request-->", re.DOTALL)
PLACEHOLDER = b"<!--request-part-->"
# The response headers a stored page keeps (the rest come from the middleware each time).
KEPT_HEADERS = ("Content-Type", "Content-Disposition")
# How long a stored page takes up memory. Not what keeps it fresh (its key does): a day, because
# a page's key holds the day, so after that it is never asked for again.
KEPT_FOR = 24 * 60 * 60


def tracked_tables(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Every table of a model (and of a many-to-many field) but the ``UNTRACKED`` ones."""
    tables = connections[using].introspection.django_table_names(only_existing=True)
    return sorted(set(tables) - set(UNTRACKED))


def untriggered_tables(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Tracked tables that lack the trigger."""
    return triggers.lacking(using, TRIGGER, DEFERRED, tracked_tables(using))


def install_version_triggers(using: str = DEFAULT_DB_ALIAS, **kwargs) -> list[str]:
    """Put the trigger on every tracked table lacking it; return those tables. Idempotent.

    A ``post_migrate`` receiver (kwargs are the signal's)."""
    if connections[using].vendor != "postgresql":
        return []
    tables = untriggered_tables(using)
    triggers.install(
        using,
        TRIGGER,
        FUNCTION_SQL,
        tables,
        f"CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {{table}} "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()",
    )
    return tables


def data_version() -> str | None:
    """The data's version now, or None when this transaction has written (its own change is
    not in the version until it commits) or there is no version row yet.

    The first request makes the row (not a migration: a test database's snapshot, restored for
    each test that asks for it, would bring back the same token with other data). Until it
    exists there is nothing cached, and what was written before is in the data it versions."""
    from core.models import DataVersion

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT token::text, pg_current_xact_id_if_assigned() IS NULL "
            "FROM core_dataversion WHERE id = 1"
        )
        row = cursor.fetchone()
    if row is None:
        DataVersion.objects.get_or_create(pk=1, defaults={"token": uuid.uuid4()})
        return None
    token, unwritten = row
    return token if unwritten else None


def records_version(scope: tuple[int, int]) -> str | None:
    """For a page about one intervention alone, ``scope`` (its id and its authority's): the
    versions of its records, its authority's and the rest's (core.record_versions), which
    change with any write to what the page shows; or None when this transaction has written."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id_if_assigned() IS NULL")
        (unwritten,) = cursor.fetchone()
    if not unwritten:
        return None
    intervention, authority = scope
    versions = record_versions.tokens([intervention], [authority]) or {}
    return "-".join(versions[key] for key in sorted(versions)) or None


def page_key(request, scope: tuple[int, int] | None = None) -> str | None:
    """The key ``request``'s page is stored under, or None when it must be made afresh: under
    the data version, or for a page about one intervention alone, its ``scope``'s versions
    (``records_version``), so that a change to another intervention leaves it as stored."""
    if (
        not settings.PAGE_CACHE
        or connection.vendor != "postgresql"
        or request.method != "GET"
        or not request.user.is_authenticated
        or len(get_messages(request))
    ):
        return None
    version = data_version() if scope is None else records_version(scope)
    if version is None:
        return None
    # The address, the Accept header (the API answers JSON or its browsable HTML), and the
    # reader's roles now (a change of role is not in a scope's versions).
    user = request.user
    asked = " ".join(
        [
            request.build_absolute_uri(),
            request.META.get("HTTP_ACCEPT", ""),
            str(user.is_superuser),
            *sorted(roles.user_roles(user)),
        ]
    )
    address = hashlib.sha256(asked.encode()).hexdigest()
    return ":".join(
        ["page", settings.RELEASE, version, timezone.localdate().isoformat(), str(user.pk),
         address]
    )  # fmt: skip


def versioned_page(view, scope: tuple[int, int] | None = None):
    """A view (or a class-based view's ``get``, through ``method_decorator``) whose answer
    depends only on the data (or, given a ``scope``, one intervention's: ``page_key``), the
    day, who asks and the address, served from the cache while that version stays the same."""

    @functools.wraps(view)
    def page(request, *args, **kwargs):
        key = page_key(request, scope)
        if key is None:
            return view(request, *args, **kwargs)
        stored = _get(key)
        if stored is not None:
            return _answer(request, stored)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200 and not response.streaming:
            _set(key, _stored(response))
        return response

    return page


def _get(key: str) -> dict | None:
    """The stored page, or None; a cache that does not answer (Redis down) makes pages afresh."""
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 (any failure of the cache: the page is made, not lost)
        logger.warning("page cache unavailable: page made afresh", exc_info=True)
        return None


def _set(key: str, stored: dict) -> None:
    try:
        cache.set(key, stored, timeout=KEPT_FOR)
    except Exception:  # noqa: BLE001
        logger.warning("page cache unavailable: page not stored", exc_info=True)


def _stored(response) -> dict:
    return {
        "content": REQUEST_PART.sub(PLACEHOLDER, response.content, count=1),
        "headers": {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
    }


def _answer(request, stored: dict) -> HttpResponse:
    content = stored["content"]
    if PLACEHOLDER in content:
        navigation = render_to_string("includes/service_navigation.html", request=request)
        part = b"<!--request-->" + navigation.encode() + b"<!--/request-->"
        content = content.replace(PLACEHOLDER, part, 1)
    response = HttpResponse(content)
    for name, value in stored["headers"].items():
        response[name] = value
    return response


class VersionedPageMixin:
    """A class-based view whose GET is a ``versioned_page`` (after ``dispatch`` has checked who
    may see it); its ``page_scope`` is the intervention (and authority) a page about one
    intervention alone shows, None for a page that may show anything."""

    def page_scope(self) -> tuple[int, int] | None:
        return None

    def get(self, request, *args, **kwargs):
        return versioned_page(super().get, self.page_scope())(request, *args, **kwargs)


class VersionedApiMixin:
    """A Django REST framework view whose GET answers are ``versioned_page``'s, looked up once
    authentication and permissions have passed (DRF's ``initial``) and stored once rendered."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.page_key = page_key(request)
        stored = _get(self.page_key) if self.page_key else None
        if stored is not None:
            # DRF calls the handler named by the method next: this one answers from the cache.
            self.get = lambda *args, **kwargs: _answer(request, stored)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = getattr(self, "page_key", None)
        made = hasattr(response, "render")  # not one answered from the cache
        if key and made and response.status_code == 200 and not response.streaming:
            response.render()
            _set(key, _stored(response))
        return response
