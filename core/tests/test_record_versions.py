"""The triggers behind the versions of records (core.record_versions, docs/adr/0028): on every
tracked table, each table's scope as its foreign keys say, and a TRUNCATE (which only the owner
may run: docs/adr/0018) forgets every version."""

import pytest
from django.db import connection

from authorities.models import LocalAuthority
from core import record_versions
from core.models import RecordVersion
from interventions.models import Intervention, StatutoryDirection, ThemeRating
from interventions.tests.factories import ProgressEntryFactory
from reporting.models import Report

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the versions' triggers are PostgreSQL's"
    ),
    pytest.mark.django_db,
    pytest.mark.usefixtures("as_the_owner"),
]


def test_every_tracked_table_has_the_triggers_with_the_scope_its_keys_give():
    assert record_versions.untriggered_tables() == []
    tracked = record_versions.tracked_tables()
    assert "interventions_historicalthemerating" in tracked
    assert "auth_user" not in tracked  # a sign-in remakes no row
    assert "core_recordversion" not in tracked
    scopes = {
        model._meta.db_table: record_versions.scope_of(model)[0]
        for model in (ThemeRating, StatutoryDirection, Intervention, Report, LocalAuthority)
    }
    assert scopes == {
        "interventions_themerating": record_versions.INTERVENTION,
        "interventions_statutorydirection": record_versions.INTERVENTION,
        "interventions_intervention": record_versions.INTERVENTION,
        "reporting_report": record_versions.INTERVENTION,
        "authorities_localauthority": record_versions.REFERENCE,
    }
    history = ThemeRating.history.model
    assert record_versions.scope_of(history)[0] == record_versions.INTERVENTION


def test_truncate_forgets_every_version():
    entry = ProgressEntryFactory()
    assert RecordVersion.objects.filter(
        kind=record_versions.INTERVENTION, object_id=entry.intervention_id
    ).exists()

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE interventions_themerating")

    assert not RecordVersion.objects.exists()
