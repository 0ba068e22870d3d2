"""An index for reading a whole history table "as at" a day (dashboards).

``reporting.history.as_at`` picks each record's latest history row up to a day with
``DISTINCT ON (id) ... ORDER BY id, history_date DESC, history_id DESC``. Read with no parent
filter (the dashboard, the API and the authority page read every intervention), PostgreSQL
sorted the whole table for it; with this index it reads the rows in that order off the index
(an index-only scan, no sort). The history table belongs to the interventions app, so the index
is made here, by the app that reads it this way, in plain SQL with its reverse, named after its
table. Per-intervention reads (the reports, the dashboard's related records) are served well by
the indexes simple-history already makes (``id``, ``history_date`` and each foreign key), once
the planner has statistics: see bench/README.md, where ``bench/measure.py explain-indexes``
shows this index at work and the candidates that did not pay.
"""

from django.db import migrations

# name: (table, columns)
INDEXES = {
    "interventions_historicalintervention_id_date": (
        "interventions_historicalintervention",
        "id, history_date DESC, history_id DESC",
    ),
}


def create_sql(name: str) -> str:
    table, columns = INDEXES[name]
    return f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})"


def drop_sql(name: str) -> str:
    return f"DROP INDEX IF EXISTS {name}"


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_history_reason_text"),
        ("interventions", "0005_evidence"),
    ]

    operations = [
        migrations.RunSQL(sql=create_sql(name), reverse_sql=drop_sql(name)) for name in INDEXES
    ]
