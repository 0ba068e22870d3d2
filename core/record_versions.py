"""Versions of one intervention's records, of one authority's, and of everything else: what a
list's rows are cached under, so that a change to one intervention remakes its row alone (issue
19, docs/adr/0028).

The data version (core.page_cache) changes with any commit, so under a steady trickle of
progress entries every list was made afresh, every row of it. Here each tracked table (all but
``page_cache.UNTRACKED``) bumps, in the same statement as the change, the version of the
records the change belongs to (``scope_of``):

- an **intervention's**: its own row and any row with a foreign key to it, or to a row that has
  one (a rating, through its progress entry), history rows included;
- an **authority's**: a row with a foreign key to an authority, or to a row that has one (an
  Ofsted judgement, through its inspection), and none to an intervention;
- the **reference** version: any other table (authorities themselves, whose names other
  authorities' rows show as partners; commissioners; themes; people...). A table added later
  with no such key lands here by default: it remakes every row, never leaves one stale.

Each version is a row of ``core.models.RecordVersion`` with a random token, written by
statement-level triggers (``AFTER INSERT``, ``UPDATE``, ``DELETE``, reading the statement's
transition tables) installed after every ``migrate`` like the others (core.triggers). The
token changes inside the writing transaction, so a reader in that transaction sees its own
change's token, and a rolled-back change's token is never seen by anyone: a row cached under
a token always shows the data as it stood with that token. ``TRUNCATE`` forgets every version
(the next read makes new tokens). A version not yet written (a database from before these
triggers, or after a ``TRUNCATE``) is made by the first read that asks for it.

Off PostgreSQL there are no versions, and ``tokens`` answers none: nothing is cached.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connection, connections

from . import triggers

INTERVENTION, AUTHORITY, REFERENCE = "i", "a", "r"
# The triggers on each tracked table, by the event each follows.
EVENTS = {"insert": "INSERT", "update": "UPDATE", "delete": "DELETE", "truncate": "TRUNCATE"}
TRIGGERS = {event: f"record_versions_{event}" for event in EVENTS}
FORGET = "record_versions_forget"


# Tables no list row reads, whose changes would otherwise remake every row: people, their
# groups and sign-ins (a sign-in writes ``last_login``), the admin's log of its own changes (the
# change itself is tracked), content types and staged uploads (not yet records).
ROWLESS = {
    "auth_group",
    "auth_group_permissions",
    "auth_permission",
    "auth_user",
    "auth_user_groups",
    "auth_user_user_permissions",
    "core_historicalapitoken",
    "core_historicalgroup",
    "core_historicalgroup_permissions",
    "core_historicalsigninidentity",
    "core_historicaluser",
    "core_historicaluser_groups",
    "core_historicaluser_user_permissions",
    "core_signinidentity",
    "django_admin_log",
    "django_content_type",
    "interventions_stagedupload",
}


def tracked_tables(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The data version's tracked tables (core.page_cache) but ``ROWLESS`` and the versions'
    own."""
    from .page_cache import tracked_tables as data_tables

    return [table for table in data_tables(using) if table not in ROWLESS]


def _models_by_table() -> dict[str, type]:
    return {
        model._meta.db_table: model
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
    }


def _foreign_keys(model) -> list:
    return [field for field in model._meta.concrete_fields if field.many_to_one]


def scope_of(model) -> tuple[str, str]:
    """(kind, SQL selecting the scoped ids from the transition table ``{rows}``) for a model's
    table; the SQL is empty for the reference version."""
    from authorities.models import LocalAuthority
    from interventions.models import Intervention

    def is_intervention(candidate) -> bool:
        return getattr(candidate, "instance_type", candidate) is Intervention

    def via(target) -> list[str]:
        """SELECTs of the ids of ``target`` the rows point at, directly or through one row."""
        found = [
            f"SELECT r.{field.column} FROM {{rows}} r"  # noqa: S608 (our models' names)
            for field in _foreign_keys(model)
            if field.related_model is target
        ]
        for field in _foreign_keys(model):
            parent = field.related_model
            if parent is target or parent is model:
                continue
            for grand in _foreign_keys(parent):
                if grand.related_model is target:
                    found.append(
                        f"SELECT p.{grand.column} FROM {{rows}} r "  # noqa: S608 (our models')
                        f"JOIN {parent._meta.db_table} p "
                        f"ON p.{parent._meta.pk.column} = r.{field.column}"
                    )
        return found

    if is_intervention(model):
        return INTERVENTION, "SELECT r.id FROM {rows} r"
    if found := via(Intervention):
        return INTERVENTION, " UNION ".join(found)
    if model is not LocalAuthority and (found := via(LocalAuthority)):
        return AUTHORITY, " UNION ".join(found)
    return REFERENCE, ""


BUMP = """INSERT INTO core_recordversion (kind, object_id, token)
SELECT '{kind}', id, gen_random_uuid() FROM (
    SELECT DISTINCT scoped.id FROM ({select}) AS scoped (id) WHERE scoped.id IS NOT NULL
) AS ids ORDER BY id
ON CONFLICT (kind, object_id) DO UPDATE SET token = EXCLUDED.token;"""
BUMP_REFERENCE = """INSERT INTO core_recordversion (kind, object_id, token)
VALUES ('r', 0, gen_random_uuid())
ON CONFLICT (kind, object_id) DO UPDATE SET token = EXCLUDED.token;"""


def function_name(table: str) -> str:
    return f"record_versions_{table}"[:63]


def function_sql(table: str, kind: str, select: str) -> str:
    """The function each of the table's insert, update and delete triggers runs: bump the
    versions of what the statement's new rows (``new_rows``) and old rows (``old_rows``) belong
    to. PL/pgSQL plans a statement when it first runs it, so the branch for a transition table
    the event lacks is never planned."""
    if kind == REFERENCE:
        body = BUMP_REFERENCE
    else:
        new = BUMP.format(kind=kind, select=select.format(rows="new_rows"))
        old = BUMP.format(kind=kind, select=select.format(rows="old_rows"))
        body = f"IF TG_OP <> 'DELETE' THEN {new} END IF; IF TG_OP <> 'INSERT' THEN {old} END IF;"
    return (
        f"CREATE OR REPLACE FUNCTION {function_name(table)}() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN {body} RETURN NULL; END $$"
    )


# A person's name is shown beside what they recorded (a progress entry's author, who changed a
# status, who made a change), and ``auth_user`` is ``ROWLESS`` (a sign-in writes
# ``last_login``): renaming someone bumps the reference version. An UPDATE's SET list naming
# none of these columns (a sign-in, a role) does not.
PEOPLE = "record_versions_people"
PEOPLE_SQL = (
    f"CREATE OR REPLACE FUNCTION {PEOPLE}() RETURNS trigger LANGUAGE plpgsql "
    f"AS $$ BEGIN {BUMP_REFERENCE} RETURN NULL; END $$"
)
PEOPLE_TRIGGER = (
    f"CREATE TRIGGER {PEOPLE} AFTER UPDATE OF username, first_name, last_name ON auth_user "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {PEOPLE}()"
)

FORGET_SQL = """
CREATE OR REPLACE FUNCTION record_versions_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM core_recordversion;
    RETURN NULL;
END
$$
"""


def _create_trigger(table: str, quoted: str, event: str, kind: str) -> str:
    referencing = {
        "insert": "REFERENCING NEW TABLE AS new_rows",
        "update": "REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows",
        "delete": "REFERENCING OLD TABLE AS old_rows",
    }
    function = FORGET if event == "truncate" else function_name(table)
    refs = "" if event == "truncate" or kind == REFERENCE else referencing[event]
    return (
        f"CREATE TRIGGER {TRIGGERS[event]} AFTER {EVENTS[event]} ON {quoted} {refs} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
    )


def untriggered_tables(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Tracked tables lacking any of the four triggers."""
    tables = tracked_tables(using)
    lacking: set[str] = set()
    for trigger in TRIGGERS.values():
        lacking.update(triggers.lacking(using, trigger, "NOT t.tgisinternal", tables))
    return sorted(lacking)


def install_record_version_triggers(using: str = DEFAULT_DB_ALIAS, **kwargs) -> list[str]:
    """Write every tracked table's function afresh (a new foreign key changes its scope) and
    put the triggers on every tracked table lacking them; return those tables. Idempotent; a
    ``post_migrate`` receiver (kwargs are the signal's)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    models = _models_by_table()
    lacking = untriggered_tables(using)
    with connection.cursor() as cursor:
        cursor.execute(FORGET_SQL)
        cursor.execute(PEOPLE_SQL)
        cursor.execute(f"DROP TRIGGER IF EXISTS {PEOPLE} ON auth_user")
        cursor.execute(PEOPLE_TRIGGER)
        for table in tracked_tables(using):
            model = models.get(table)
            kind, select = scope_of(model) if model is not None else (REFERENCE, "")
            cursor.execute(function_sql(table, kind, select))
            if table not in lacking:
                continue
            quoted = connection.ops.quote_name(table)
            for event, trigger in TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {quoted}")
                cursor.execute(_create_trigger(table, quoted, event, kind))
    return lacking


def tokens(
    interventions: Iterable[int] = (), authorities: Iterable[int] = ()
) -> dict[tuple[str, int], str] | None:
    """The versions of these interventions' and authorities' records and the reference version,
    by (kind, id) (the reference's id is 0), in one query (two when one is new); None off
    PostgreSQL.

    A version not written yet (nothing in its scope has changed since the triggers were put on,
    or since a ``TRUNCATE`` forgot every version) is made now, with a new random token: no
    cached row can have been kept under it, and any later change gives it another."""
    if connection.vendor != "postgresql":
        return None
    wanted = {(INTERVENTION, pk) for pk in interventions}
    wanted |= {(AUTHORITY, pk) for pk in authorities}
    wanted.add((REFERENCE, 0))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind, object_id, token::text FROM core_recordversion "
            "WHERE (kind = %s AND object_id = ANY(%s)) OR (kind = %s AND object_id = ANY(%s)) "
            "OR kind = %s",
            [
                INTERVENTION,
                [pk for kind, pk in wanted if kind == INTERVENTION],
                AUTHORITY,
                [pk for kind, pk in wanted if kind == AUTHORITY],
                REFERENCE,
            ],
        )
        found = {(kind, pk): token for kind, pk, token in cursor.fetchall()}
        missing = sorted(wanted - set(found))
        if missing:
            # On a conflict (another request made it first), the row as it stands is returned.
            cursor.execute(
                "INSERT INTO core_recordversion (kind, object_id, token) "
                "SELECT kind, object_id, token FROM unnest(%s::text[], %s::bigint[], %s::uuid[]) "
                "AS v (kind, object_id, token) ON CONFLICT (kind, object_id) "
                "DO UPDATE SET token = core_recordversion.token "
                "RETURNING kind, object_id, token::text",
                [
                    [kind for kind, _pk in missing],
                    [pk for _kind, pk in missing],
                    [str(uuid.uuid4()) for _ in missing],
                ],
            )
            found.update(((kind, pk), token) for kind, pk, token in cursor.fetchall())
    return found
