"""Two database roles: the owner, which migrates, and the runtime role the application runs as.

The application connects with ``DATABASE_URL``: in production a runtime role that owns nothing,
so it cannot disable or drop a trigger, truncate a table or change the schema. ``migrate`` (and
``flush`` and ``grant_runtime_role``, the other commands only the owner can run) connect as the
owner from ``DATABASE_OWNER_URL`` (settings put its credentials in the connection's ``OWNER``;
without it, as in development and on SQLite, they use ``DATABASE_URL``). Why: docs/adr/0018.

What the runtime role may do is ``GRANTS``, one declarative list: every table gets the
privileges of each entry naming it, and a table no entry names is a live table (read and
write). To add a privilege (say a column-level ``UPDATE (valid_to)`` on the history tables),
add an entry; ``manage.py grant_runtime_role ROLE`` revokes everything and grants the list
again, so it is idempotent and takes away what the list no longer says.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from core.append_only import history_tables

LIVE = "SELECT, INSERT, UPDATE, DELETE"
APPEND_ONLY = "SELECT, INSERT"
READ_ONLY = "SELECT"


@dataclass(frozen=True)
class Grant:
    """``privileges`` (GRANT syntax, column lists allowed) on each of ``tables()``."""

    privileges: str
    tables: Callable[[], Iterable[str]]
    why: str


def named(*tables: str) -> Callable[[], Iterable[str]]:
    return lambda: tables


GRANTS: list[Grant] = [
    Grant(APPEND_ONLY, history_tables, "history rows are added, never changed (ADR 7)"),
    Grant(APPEND_ONLY, named("django_admin_log"), "the admin's own log of changes"),
    Grant(READ_ONLY, named("django_migrations"), "only migrate, as the owner, records one"),
]


def privileges_by_table(existing: Iterable[str]) -> dict[str, list[str]]:
    """The privileges the runtime role gets on each existing table, from ``GRANTS``.

    Frozen report versions are a live table (drafts change): a trigger owned by the owner
    refuses any change to a submitted version but its reopening (reporting migration 0007).
    """
    existing = set(existing)
    granted: dict[str, list[str]] = {}
    for grant in GRANTS:
        for table in grant.tables():
            if table in existing:
                granted.setdefault(table, []).append(grant.privileges)
    return {table: granted.get(table, [LIVE]) for table in sorted(existing)}


@contextmanager
def as_owner(using: str = DEFAULT_DB_ALIAS) -> Iterator[BaseDatabaseWrapper]:
    """The connection, reconnected as the owner for the block (when an owner is configured).

    Outside any transaction only: reconnecting would end it.
    """
    connection = connections[using]
    owner = connection.settings_dict.get("OWNER") or {}
    current = {key: connection.settings_dict.get(key) for key in owner}
    if current == owner:
        yield connection
        return
    if connection.in_atomic_block:
        raise RuntimeError("Cannot reconnect as the database owner inside a transaction")
    connection.close()
    connection.settings_dict.update(owner)
    try:
        yield connection
    finally:
        connection.close()
        connection.settings_dict.update(current)


# Anything the role owns, or owns through a role it belongs to, in this database's schema.
OWNED_SQL = """
SELECT c.relname FROM pg_class c
WHERE c.relnamespace = current_schema()::regnamespace AND pg_has_role(%s, c.relowner, 'MEMBER')
UNION ALL
SELECT n.nspname FROM pg_namespace n
WHERE n.nspname = current_schema() AND pg_has_role(%s, n.nspowner, 'MEMBER')
"""


def grant_runtime_role(role: str, *, using: str = DEFAULT_DB_ALIAS, create: bool = False) -> dict:
    """Give ``role`` exactly ``GRANTS`` on this database, as the owner; return what it granted.

    Everything is revoked first and granted again in one transaction, so running it again
    (after a migrate that added a table) is safe and leaves no gap. Refuses a superuser, or a
    role that owns anything here (it could then drop a trigger or truncate).
    """
    with as_owner(using) as connection:
        if connection.vendor != "postgresql":
            raise ImproperlyConfigured("Database roles are PostgreSQL's: DATABASE_URL is not")
        quote = connection.ops.quote_name
        name = quote(role)
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            if found is None and create:
                cursor.execute(f"CREATE ROLE {name} LOGIN NOINHERIT")
                found = (False,)
            if found is None:
                raise ImproperlyConfigured(f"No database role {role!r}: create it first")
            if found[0]:
                raise ImproperlyConfigured(f"{role!r} is a superuser: it could do anything")
            cursor.execute(OWNED_SQL, [role, role])
            owned = [relname for (relname,) in cursor.fetchall()]
            if owned:
                raise ImproperlyConfigured(f"{role!r} owns {', '.join(owned[:5])}: it must not")
            cursor.execute("SELECT current_database(), current_schema()")
            database, schema = (quote(part) for part in cursor.fetchone())
            for statement in (
                f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {name}",
                f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {name}",
                f"REVOKE ALL ON SCHEMA {schema} FROM {name}",
                f"GRANT CONNECT ON DATABASE {database} TO {name}",
                f"GRANT USAGE ON SCHEMA {schema} TO {name}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {name}",
            ):
                cursor.execute(statement)
            granted = privileges_by_table(connection.introspection.table_names(cursor))
            for table, privileges in granted.items():
                for privilege in privileges:
                    cursor.execute(f"GRANT {privilege} ON {quote(table)} TO {name}")
    return granted
