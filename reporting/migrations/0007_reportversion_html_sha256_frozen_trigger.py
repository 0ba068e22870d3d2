"""A submitted version keeps the SHA-256 of its HTML (checked whenever it is served, like the
content's and the PDF's), and PostgreSQL refuses any change to a submitted version but the
columns reopening writes (and, until its PDF is rendered, the PDF and the hashes completing the
freeze), and any delete of one. The trigger is the owner's: the runtime role, which owns no
table, cannot disable or drop it (docs/adr/0018). SQLite (development only) has no trigger.

The HTML hashes of versions already submitted are filled in from their stored HTML before the
trigger exists; an UPDATE, as no history row needs to say so (nobody changed the report).
"""

import hashlib

from django.db import migrations, models

TRIGGER = "report_versions_frozen"

FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    may_change text[] := ARRAY['reopened_by_id', 'reopened_at', 'reopen_reason'];
BEGIN
    IF OLD.submitted_at IS NULL THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF OLD.frozen_at IS NULL THEN
            -- Submitted, its PDF not rendered yet: the worker completes the freeze.
            may_change := may_change || ARRAY['pdf', 'pdf_sha256', 'sha256', 'frozen_at'];
        END IF;
        IF to_jsonb(NEW) - may_change = to_jsonb(OLD) - may_change THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'A submitted report version cannot be changed or deleted (version %)', OLD.id
        USING ERRCODE = 'restrict_violation',
              HINT = 'Reopen the report: that starts a new version and keeps this one.';
END
$$;
DROP TRIGGER IF EXISTS {TRIGGER} ON reporting_reportversion;
CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON reporting_reportversion
FOR EACH ROW EXECUTE FUNCTION {TRIGGER}();
"""

REVERSE_SQL = f"""
DROP TRIGGER IF EXISTS {TRIGGER} ON reporting_reportversion;
DROP FUNCTION IF EXISTS {TRIGGER}();
"""


def fill_html_sha256(apps, schema_editor):
    ReportVersion = apps.get_model("reporting", "ReportVersion")
    submitted = ReportVersion.objects.filter(submitted_at__isnull=False).exclude(html="")
    for pk, html in submitted.values_list("pk", "html").iterator():
        digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
        ReportVersion.objects.filter(pk=pk).update(html_sha256=digest)


def run_on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)  # no parameters: the SQL's % is PL/pgSQL's

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0006_unchecked_permissions_removed"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalreportversion",
            name="html_sha256",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="reportversion",
            name="html_sha256",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(fill_html_sha256, migrations.RunPython.noop),
        migrations.RunPython(run_on_postgresql(FUNCTION_SQL), run_on_postgresql(REVERSE_SQL)),
    ]
