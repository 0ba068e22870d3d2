"""Each history row knows when it stopped being true: ``valid_to``, kept by the database.

A record's history rows, in the order ``(history_date, history_id)``, each hold the record as it
stood from its ``history_date`` until the next row's: that next row's ``history_date`` is its
``valid_to`` (NULL for the newest row, still true). "The record as at the end of day d" is then
the one row with ``history_date < E <= valid_to`` (``E``, the first instant after d; NULL counts
as never ending), found by an index range lookup instead of sorting the record's whole history
to take the latest row before ``E`` (``reporting.history.as_at``; docs/adr/0025).

``valid_to`` is written by a trigger on every history table of a tracked model, in the
transaction of the insert that ends a row's validity, whatever inserted it (a service's save,
``bulk_create_with_history``, the demo data's COPY). Nothing in Python sets it, so nothing can
forget to. On PostgreSQL the trigger runs once per statement over the rows it inserted (a
transition table), and recomputes the validity of every row of the records they belong to with
one window function: a row inserted in the middle of a record's history (a back-dated
``_history_date``) or two rows in the same microsecond are ordered exactly as ``as_at`` always
ordered them, by date then id. On SQLite (local development and the default test run) a row
trigger does the same for the inserted row and the one before it.

The append-only trigger (``core.append_only``, docs/adr/0007) lets this trigger, and nothing
else, change a history row, and only its ``valid_to``: it checks that the UPDATE runs inside
another trigger (``pg_trigger_depth() > 1``) and that every other column is unchanged. The
function runs as its owner (``SECURITY DEFINER``), so the application's database role needs no
UPDATE privilege on any history table.

Installed after every ``migrate`` by core's ``post_migrate`` handler on any history table that
has the column and lacks the trigger; installing it backfills that table's ``valid_to`` from its
rows in the same transaction (the append-only trigger set aside for that one statement).
"""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, models
from simple_history import models as simple_history

TRIGGER = "history_rows_know_their_end"
COLUMN = "valid_to"


class HistoricalRecords(simple_history.HistoricalRecords):
    """simple-history's ``HistoricalRecords`` whose rows also carry ``valid_to``."""

    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        extra[COLUMN] = models.DateTimeField(
            null=True,
            blank=True,
            editable=False,
            help_text="When the next history row of this record took over (none: still true). "
            "Kept by a database trigger (core.temporal).",
        )
        return extra


def validity_tables() -> list[str]:
    """The history tables whose rows carry ``valid_to``."""
    found = []
    for model in apps.get_models():
        if not issubclass(model, simple_history.HistoricalChanges):
            continue
        if any(field.attname == COLUMN for field in model._meta.concrete_fields):
            found.append(model._meta.db_table)
    return sorted(found)


def _pk_column(table: str) -> str:
    for model in apps.get_models():
        if model._meta.db_table == table:
            return model._meta.get_field(model.instance_type._meta.pk.name).column
    raise LookupError(table)


# Recompute every row's valid_to of the records (by pk) in `records`: the next row's date.
POSTGRES_RECOMPUTE = """
UPDATE {table} AS h SET {column} = n.next_date
FROM (
    SELECT history_id, lead(history_date) OVER (
        PARTITION BY {pk} ORDER BY history_date, history_id
    ) AS next_date
    FROM {table} WHERE {pk} IN ({records})
) AS n
WHERE h.history_id = n.history_id AND h.{column} IS DISTINCT FROM n.next_date
"""

_RECOMPUTE_INSERTED = POSTGRES_RECOMPUTE.format(
    table="%1$I", column=COLUMN, pk="%2$I", records="SELECT DISTINCT %2$I FROM inserted"
)
# TG_ARGV[0]: the record's key column in the history table.
POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    EXECUTE format($sql${_RECOMPUTE_INSERTED}$sql$, TG_TABLE_NAME, TG_ARGV[0]);
    RETURN NULL;
END
$$
"""

# SQLite: a row trigger. The inserted row ends the row before it, and is ended by the row after
# it (if it was inserted in the middle of the record's history).
SQLITE_TRIGGER = """
CREATE TRIGGER {trigger} AFTER INSERT ON {table} FOR EACH ROW BEGIN
    UPDATE {table} SET {column} = NEW.history_date WHERE history_id = (
        SELECT history_id FROM {table} WHERE {pk} = NEW.{pk} AND (
            history_date < NEW.history_date
            OR (history_date = NEW.history_date AND history_id < NEW.history_id)
        ) ORDER BY history_date DESC, history_id DESC LIMIT 1
    );
    UPDATE {table} SET {column} = (
        SELECT history_date FROM {table} WHERE {pk} = NEW.{pk} AND (
            history_date > NEW.history_date
            OR (history_date = NEW.history_date AND history_id > NEW.history_id)
        ) ORDER BY history_date, history_id LIMIT 1
    ) WHERE history_id = NEW.history_id;
END
"""

SQLITE_BACKFILL = """
UPDATE {table} SET {column} = (
    SELECT n.history_date FROM {table} AS n WHERE n.{pk} = {table}.{pk} AND (
        n.history_date > {table}.history_date
        OR (n.history_date = {table}.history_date AND n.history_id > {table}.history_id)
    ) ORDER BY n.history_date, n.history_id LIMIT 1
)
"""

POSTGRES_HAS_TRIGGER = """
SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE t.tgname = %s AND t.tgenabled <> 'D' AND pg_table_is_visible(c.oid)
"""


def tables_without_trigger(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """History tables with ``valid_to`` in the database that lack the trigger keeping it."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_HAS_TRIGGER, [TRIGGER])
            kept = {name for (name,) in cursor.fetchall()}
        else:
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{TRIGGER}_%"],
            )
            kept = {name for (name,) in cursor.fetchall()}
    return [table for table in validity_tables() if table in existing and table not in kept]


def install_validity_triggers(using: str = DEFAULT_DB_ALIAS, **kwargs) -> list[str]:
    """Put the trigger on every history table lacking it, backfilling its ``valid_to``; return
    those tables. Idempotent; a ``post_migrate`` receiver (kwargs are the signal's)."""
    from .append_only import TRIGGER as APPEND_ONLY

    connection = connections[using]
    if connection.vendor not in {"postgresql", "sqlite"}:
        return []
    tables = tables_without_trigger(using)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION)
        for table in tables:
            pk = _pk_column(table)
            name = quote(table)
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {name}")
                cursor.execute(
                    f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON {name} "
                    f"REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT "
                    f"EXECUTE FUNCTION {TRIGGER}('{pk}')"
                )
            else:
                cursor.execute(
                    SQLITE_TRIGGER.format(
                        trigger=quote(f"{TRIGGER}_{table}"), table=name, column=COLUMN, pk=quote(pk)
                    )
                )
            backfill(cursor, connection, table, pk, APPEND_ONLY)
    return tables


def backfill(cursor, connection, table: str, pk: str, append_only: str) -> None:
    """Every row's ``valid_to`` from the table's rows, in one statement (the append-only
    trigger, if there, set aside for it inside this transaction)."""
    quote = connection.ops.quote_name
    name = quote(table)
    recompute = POSTGRES_RECOMPUTE.format(
        table=name,
        column=COLUMN,
        pk=quote(pk),
        records=f"SELECT {quote(pk)} FROM {name}",  # noqa: S608 (model tables)
    )
    if connection.vendor != "postgresql":
        cursor.execute(SQLITE_BACKFILL.format(table=name, column=COLUMN, pk=quote(pk)))
        return
    cursor.execute(
        "SELECT 1 FROM pg_trigger WHERE tgname = %s AND tgrelid = %s::regclass", [append_only, name]
    )
    guarded = cursor.fetchone() is not None
    if guarded:
        cursor.execute(f"ALTER TABLE {name} DISABLE TRIGGER {append_only}")
    cursor.execute(recompute)
    if guarded:
        cursor.execute(f"ALTER TABLE {name} ENABLE TRIGGER {append_only}")
