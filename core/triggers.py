"""Putting one of our PostgreSQL triggers on every table that should have it and lacks it: the
append-only trigger on history tables (core.append_only) and the data version's on every
tracked table (core.page_cache). Each is installed after every ``migrate``, so a table added
later is covered without anyone remembering."""

from django.db import connections

# Tables (visible in the search path) with the trigger ``%s``, enabled, whose pg_trigger row
# also meets the caller's condition (its kind: when it fires, on what).
TRIGGERED_TABLES_SQL = """
SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE t.tgname = %s AND t.tgenabled <> 'D' AND ({condition}) AND pg_table_is_visible(c.oid)
"""


def lacking(using: str, trigger: str, condition: str, tables: list[str]) -> list[str]:
    """Those of ``tables`` that exist in the database and lack ``trigger`` as ``condition``
    (SQL over pg_trigger ``t``) says it should be."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        cursor.execute(TRIGGERED_TABLES_SQL.format(condition=condition), [trigger])
        triggered = {name for (name,) in cursor.fetchall()}
    return [table for table in tables if table in existing and table not in triggered]


def install(using: str, trigger: str, function_sql: str, tables: list[str], create: str) -> None:
    """(Re)create the trigger's function, then the trigger on each of ``tables``: ``create`` is
    its CREATE TRIGGER statement, with ``{table}`` for the quoted table name."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(function_sql)
        for table in tables:
            name = connection.ops.quote_name(table)
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {name}")
            cursor.execute(create.format(table=name))
