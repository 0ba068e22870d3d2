"""The database trust boundary (docs/adr/0018): the application's role cannot rewrite the audit
or a submitted report, and a frozen file changed behind the application's back is not served.

On PostgreSQL the suite connects as the runtime role (root conftest.py), so what is refused here
is refused to the application's own credentials. The hash check runs on SQLite too.
"""

import logging

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    IntegrityError,
    connection,
    connections,
    transaction,
)
from django.db.models.signals import post_migrate
from django.urls import reverse

from conftest import runtime_role_name
from core import db_roles
from core.append_only import TRIGGER, history_tables
from reporting import services, tasks
from reporting.models import ReportVersion, StoredCopyChanged
from reporting.tests.report_world import Q2, build_world

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="database roles and triggers are PostgreSQL's; CI runs on PostgreSQL",
)

NARRATIVE = {
    "overall_assessment": "Progress is real but fragile.",
    "risks": "Recruitment of social workers.",
    "recommendation": "Keep the direction in place.",
}

INSUFFICIENT_PRIVILEGE = "42501"
FROZEN = "report_versions_frozen"


def frozen_version(commissioner, official) -> ReportVersion:
    world = build_world(commissioner_user=commissioner)
    report, _ = services.generate_report(world.intervention, Q2[0], by=world.by)
    services.update_narrative(report, by=commissioner, **NARRATIVE)
    services.sign_off_report(report, by=commissioner)
    services.submit_report(report, by=official)
    version = report.current_version()
    tasks.render_report_pdf(version.pk)
    version.refresh_from_db()
    assert version.is_frozen
    return version


def refused(sql: str, params=()) -> DatabaseError:
    """Run ``sql`` as the test's connection (the runtime role) and return the refusal."""
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as c:
        c.execute(sql, params)
    return error.value


def sqlstate(error: DatabaseError) -> str:
    cause = error.__cause__  # psycopg2's pgcode, psycopg 3's sqlstate
    return getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", "")


def write_behind_the_apps_back(sql: str, params=()) -> None:
    """Change a committed row the way someone holding the owner's credentials could: the trigger
    disabled (as the owner may), committed, in a connection of its own."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        return
    runtime = connections[DEFAULT_DB_ALIAS]
    owner = type(runtime)({**runtime.settings_dict, **runtime.settings_dict["OWNER"]}, "owner")
    try:
        with owner.cursor() as cursor:
            cursor.execute(f"ALTER TABLE reporting_reportversion DISABLE TRIGGER {FROZEN}")
            try:
                cursor.execute(sql, params)
            finally:
                cursor.execute(f"ALTER TABLE reporting_reportversion ENABLE TRIGGER {FROZEN}")
    finally:
        owner.close()


# The application's own credentials ---------------------------------------------------------


@on_postgresql
@pytest.mark.django_db
def test_the_suite_runs_as_a_runtime_role_that_owns_nothing():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        user, superuser = cursor.fetchone()
        cursor.execute(db_roles.OWNED_SQL, [user, user])
        owned = cursor.fetchall()
    assert user != connection.settings_dict["OWNER"]["USER"]
    assert user == runtime_role_name(connection.settings_dict["NAME"])
    assert (superuser, owned) == (False, [])


HISTORY_TABLE = "interventions_historicalprogressentry"


@on_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("table", "statement"),
    [
        (table, statement)
        for table in (HISTORY_TABLE, "django_admin_log")
        for statement in (
            "TRUNCATE {table}",
            "UPDATE {table} SET id = id",
            "DELETE FROM {table}",
            "ALTER TABLE {table} DISABLE TRIGGER ALL",
            "ALTER TABLE {table} ADD COLUMN note text",
            "DROP TABLE {table}",
        )
    ]
    + [
        (HISTORY_TABLE, f"ALTER TABLE {{table}} DISABLE TRIGGER {TRIGGER}"),
        (HISTORY_TABLE, f"DROP TRIGGER {TRIGGER} ON {{table}}"),
    ],
)
def test_the_runtime_role_cannot_rewrite_or_empty_the_audit(table, statement):
    error = refused(statement.format(table=table))
    assert sqlstate(error) == INSUFFICIENT_PRIVILEGE, error


@on_postgresql
@pytest.mark.django_db
def test_the_runtime_role_cannot_switch_triggers_off_for_its_session():
    error = refused("SET session_replication_role = replica")
    assert sqlstate(error) == INSUFFICIENT_PRIVILEGE, error


@on_postgresql
@pytest.mark.django_db
def test_history_tables_are_select_and_insert_only_and_live_tables_are_not_truncated():
    append_only = [*history_tables(), "django_admin_log"]
    rows = []
    with connection.cursor() as cursor:
        for table in [*append_only, "interventions_progressentry", "reporting_reportversion"]:
            cursor.execute(
                "SELECT " + ", ".join(["has_table_privilege(current_user, %s, %s)"] * 7),
                [
                    value
                    for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")
                    + ("TRIGGER", "REFERENCES")
                    for value in (table, privilege)
                ],
            )
            rows.append((table, cursor.fetchone()))
    granted = dict(rows)
    for table in append_only:
        assert granted[table] == (True, True, False, False, False, False, False), table
    for table in ("interventions_progressentry", "reporting_reportversion"):
        assert granted[table] == (True, True, True, True, False, False, False), table


# Frozen report versions ---------------------------------------------------------------------


@on_postgresql
@pytest.mark.django_db
def test_the_database_refuses_any_change_to_a_frozen_version_but_its_reopening(
    commissioner, official, admin_user
):
    version = frozen_version(commissioner, official)
    table = "reporting_reportversion"
    for column, value in [
        ("html", "<p>Nothing to worry about</p>"),
        ("content", "{}"),
        ("recommendation", "Lift the direction."),
        ("pdf", b"%PDF-1.7 tampered"),
        ("sha256", "0" * 64),
        ("frozen_at", None),
    ]:
        error = refused(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, version.pk])
        assert isinstance(error, IntegrityError), (column, error)
        assert (
            f"A submitted report version cannot be changed or deleted (version {version.pk})"
            in (str(error))
        )
    assert isinstance(refused(f"DELETE FROM {table} WHERE id = %s", [version.pk]), IntegrityError)
    for statement in (
        f"ALTER TABLE {table} DISABLE TRIGGER report_versions_frozen",
        f"DROP TRIGGER report_versions_frozen ON {table}",
        f"TRUNCATE {table} CASCADE",
    ):
        assert sqlstate(refused(statement)) == INSUFFICIENT_PRIVILEGE, statement

    with connection.cursor() as cursor:  # what reopening writes is let through
        cursor.execute(
            f"UPDATE {table} SET reopen_reason = 'A late correction', reopened_at = now(),"
            " reopened_by_id = %s WHERE id = %s",
            [admin_user.pk, version.pk],
        )
    stored = ReportVersion.objects.get(pk=version.pk)
    assert (stored.reopen_reason, stored.html) == ("A late correction", version.html)


@on_postgresql
@pytest.mark.django_db
def test_a_draft_version_still_changes_and_can_be_withdrawn(commissioner):
    world = build_world(commissioner_user=commissioner)
    report, _ = services.generate_report(world.intervention, Q2[0], by=world.by)
    services.update_narrative(report, by=commissioner, **NARRATIVE)
    version = report.current_version()
    assert version.recommendation == NARRATIVE["recommendation"]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reporting_reportversion WHERE id = %s", [version.pk])
    assert not ReportVersion.objects.filter(pk=version.pk).exists()


# The stored SHA-256, checked whenever a frozen file is served -------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_frozen_file_changed_behind_the_apps_back_is_refused_not_served(
    django_db_serialized_rollback, client, commissioner, official, caplog
):
    version = frozen_version(commissioner, official)
    args = [version.report_id, version.number]
    document = reverse("reporting:report_document", args=args)
    client.force_login(official)
    assert client.get(document).status_code == 200

    tampered = "<p>The council is now good. Lift the direction.</p>"
    write_behind_the_apps_back(
        "UPDATE reporting_reportversion SET html = %s WHERE id = %s", [tampered, version.pk]
    )

    with caplog.at_level(logging.ERROR, logger="reporting.models"):
        for name in ("report_document", "report_pdf", "report_annex", "report_version_detail"):
            response = client.get(reverse(f"reporting:{name}", args=args))
            page = response.content.decode()
            assert response.status_code == 500, name
            assert "This report cannot be shown" in page, name
            assert "Lift the direction" not in page, name
            assert response["Content-Type"].startswith("text/html"), name
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert f"Report version {version.pk} (report {version.report_id}, version 1)" in logged[0]
    assert "stored html no longer match" in logged[0]


@pytest.mark.django_db
def test_each_part_of_a_frozen_version_is_checked_against_its_own_sha256(commissioner, official):
    version = frozen_version(commissioner, official)
    version.check_stored_copy("content", "html", "pdf")  # as stored: nothing to refuse
    for part, changed in [("content", "{}"), ("html", "<p>x</p>"), ("pdf", b"%PDF-1.7 x")]:
        copy = ReportVersion.objects.get(pk=version.pk)
        setattr(copy, part, changed)
        with pytest.raises(StoredCopyChanged) as error:
            copy.check_stored_copy(part)
        assert error.value.args[1] == [part]


# The owner's commands ---------------------------------------------------------------------------


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_migrate_runs_as_the_owner(django_db_serialized_rollback):
    users = []

    def who(using, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            users.append(cursor.fetchone()[0])

    post_migrate.connect(who, weak=False, dispatch_uid="test-who-migrates")
    try:
        call_command("migrate", verbosity=0)
    finally:
        post_migrate.disconnect(dispatch_uid="test-who-migrates")
    assert set(users) == {connection.settings_dict["OWNER"]["USER"]}
    with connection.cursor() as cursor:  # and the tests go on as the runtime role
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == connection.settings_dict["USER"]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_grant_runtime_role_grants_the_list_again_and_refuses_a_superuser(
    django_db_serialized_rollback, monkeypatch
):
    role = connection.settings_dict["USER"]

    def may_update_reason() -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT has_column_privilege(%s, %s, 'history_change_reason', 'UPDATE')",
                [role, HISTORY_TABLE],
            )
            return cursor.fetchone()[0]

    column_grant = db_roles.Grant(
        "UPDATE (history_change_reason)", db_roles.named(HISTORY_TABLE), "a later need"
    )
    monkeypatch.setattr(db_roles, "GRANTS", [*db_roles.GRANTS, column_grant])
    try:
        call_command("grant_runtime_role", role, verbosity=0)
        assert may_update_reason()
    finally:
        monkeypatch.undo()
        call_command("grant_runtime_role", role, verbosity=0)  # the list as it is, again
    assert not may_update_reason()
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolname FROM pg_roles WHERE rolsuper ORDER BY rolname LIMIT 1")
        superuser = cursor.fetchone()[0]
    with pytest.raises(CommandError, match="superuser"):
        call_command("grant_runtime_role", superuser)
