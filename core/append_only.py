"""History rows are append-only: on PostgreSQL a trigger refuses any UPDATE or DELETE of them.

The trigger goes on every simple-history table (each tracked model's and each tracked m2m
field's) after every ``migrate``: core's ``post_migrate`` handler calls
``install_append_only_triggers``, which adds it to any history table that lacks it. A history
table added later is covered by the next migrate without anyone remembering, and
core/tests/test_history_append_only.py fails if one is not. Why this way: docs/adr/0007.

An UPDATE that would leave a row as it was is turned into a no-op: Django's serialized rollback
in tests re-saves the rows it finds already there, with ``history_date`` cut to the millisecond
by its JSON serializer, and the row keeps its own values. TRUNCATE fires no
row trigger, so the test database can still be emptied between tests; the application never
truncates. SQLite (local development only) has no trigger.

The one exception: a row's ``valid_to``, when it is the trigger of ``core.temporal`` that sets it
(docs/adr/0025).
"""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from simple_history.models import HistoricalChanges

from . import triggers

TRIGGER = "history_rows_are_append_only"

FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was jsonb;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        -- Django's serialized test rollback re-saves the rows it finds already there, with
        -- history_date (and valid_to) cut to the millisecond by its JSON serializer. Such an
        -- update changes nothing else: it becomes a no-op (RETURN OLD keeps the row as it was).
        was := to_jsonb(OLD);
        IF was ? 'history_date' THEN
            was := jsonb_set(
                was, '{{history_date}}', to_jsonb(date_trunc('milliseconds', OLD.history_date))
            );
        END IF;
        IF jsonb_typeof(was -> 'valid_to') = 'string' THEN
            was := jsonb_set(
                was, '{{valid_to}}',
                to_jsonb(date_trunc('milliseconds', (was ->> 'valid_to')::timestamptz))
            );
        END IF;
        IF to_jsonb(NEW) = to_jsonb(OLD) OR to_jsonb(NEW) = was THEN
            RETURN OLD;
        END IF;
        -- The one change a history row may receive: its valid_to, written by the trigger that
        -- keeps it (core.temporal, run inside another trigger), every other column as it was.
        IF pg_trigger_depth() > 1 AND was ? 'valid_to'
           AND to_jsonb(NEW) - 'valid_to' = to_jsonb(OLD) - 'valid_to' THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'History rows cannot be changed or deleted (%)', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation',
              HINT = 'The audit trail is append-only: record a change as a new row.';
END
$$
"""

# The trigger as it should be: row-level (1), before (2), on delete (8) and update (16).
GUARDED = "t.tgtype & 27 = 27"


def history_tables() -> list[str]:
    """Every simple-history table: tracked models' and tracked m2m fields' history tables."""
    return sorted(
        model._meta.db_table for model in apps.get_models() if issubclass(model, HistoricalChanges)
    )


def unguarded_history_tables(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """History tables that exist in the database but lack the append-only trigger."""
    return triggers.lacking(using, TRIGGER, GUARDED, history_tables())


def install_append_only_triggers(using: str = DEFAULT_DB_ALIAS, **kwargs) -> list[str]:
    """Put the trigger on every history table lacking it; return those tables. Idempotent.

    A ``post_migrate`` receiver (kwargs are the signal's). Only tables without the trigger are
    touched, so a migrate that adds no history table takes no lock on the existing ones.
    """
    if connections[using].vendor != "postgresql":
        return []
    tables = unguarded_history_tables(using)
    triggers.install(
        using,
        TRIGGER,
        FUNCTION_SQL,
        tables,
        f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {{table}} "
        f"FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()",
    )
    return tables
