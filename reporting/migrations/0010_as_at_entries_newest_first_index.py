"""An index for an intervention's progress entries as at a past day, newest first.

The dashboard reads each theme's latest rating as at a day (``state._latest_ratings_as_at``)
by walking each intervention's history rows of entries newest first until one rates the theme.
With only simple-history's ``intervention_id`` index, PostgreSQL read every entry of the
intervention, looked up its rating for each theme, and only then sorted: 90 ms of the dashboard
as at 5 December 2023's 187 ms at scale 1 (bench/README.md). With the entries in date order in
this index it walks backward and stops at the first entry that rates the theme: 6 ms. The live
table has the same index (interventions 0006) for today's page.
"""

from django.db import migrations

NAME = "interventions_historicalprogressentry_iv_occurred"
TABLE = "interventions_historicalprogressentry"


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0009_merge_20261206_0507"),
        ("interventions", "0013_merge_0011_staged_uploads_0012_merge_20261206_0457"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {NAME} ON {TABLE} (intervention_id, occurred_on, id)",
            reverse_sql=f"DROP INDEX IF EXISTS {NAME}",
        )
    ]
