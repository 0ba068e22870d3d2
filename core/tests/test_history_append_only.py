"""History rows can be added, never changed or deleted: PostgreSQL refuses (core.append_only)."""

import datetime
import decimal
import re

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from simple_history.models import registered_models

from core.append_only import TRIGGER, history_tables, install_append_only_triggers

pytestmark = [
    pytest.mark.django_db,
    # The trigger is the layer that holds against the owner's own code (a migration, a shell
    # with the owner's credentials); the runtime role is refused sooner, by its privileges
    # (tests/test_database_roles.py).
    pytest.mark.usefixtures("as_the_owner"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the append-only trigger is PostgreSQL's; CI runs on PostgreSQL",
    ),
]


SAMPLE_VALUES = {
    models.CharField: "x",
    models.TextField: "x",
    models.FileField: "x",
    models.IntegerField: 1,  # and its subclasses: Positive..., BigInteger, SmallInteger
    models.DecimalField: decimal.Decimal(1),
    models.FloatField: 1.0,
    models.BooleanField: False,
    models.DateTimeField: timezone.now(),
    models.DateField: datetime.date(2024, 4, 1),
    models.JSONField: {},
}


def history_models() -> list[type[models.Model]]:
    """Tracked models' history models first: an m2m history row points to one of them."""
    found = [apps.get_model(label) for label in _history_labels()]
    return sorted(found, key=lambda model: hasattr(model, "m2m_history_id"))


def _history_labels() -> set[str]:
    tables = set(history_tables())
    return {m._meta.label for m in apps.get_models() if m._meta.db_table in tables}


def sample_row(history_model: type[models.Model], rows: dict) -> models.Model:
    """Insert a row with a plausible value in every column (history tables check nothing)."""
    values = {}
    for field in history_model._meta.concrete_fields:
        if field.primary_key or field.null:
            continue
        if field.is_relation:
            parent = rows.get(field.related_model)
            values[field.attname] = parent.pk if parent is not None else 1
        elif field.has_default():
            values[field.attname] = field.get_default()
        elif field.choices:
            values[field.attname] = field.choices[0][0]
        else:
            kind = next(k for k in SAMPLE_VALUES if isinstance(field, k))
            values[field.attname] = SAMPLE_VALUES[kind]
    return history_model.objects.create(**values)


@pytest.fixture
def one_row_in_every_history_table():
    rows: dict = {}
    for model in history_models():
        rows[model] = sample_row(model, rows)
    # As the database holds them: its trigger writes valid_to (core.temporal).
    return {model: model.objects.get(pk=row.pk) for model, row in rows.items()}


def test_history_rows_can_still_be_inserted(one_row_in_every_history_table):
    for model, row in one_row_in_every_history_table.items():
        assert model.objects.filter(pk=row.pk).exists(), model._meta.db_table


def test_no_history_row_can_be_updated(one_row_in_every_history_table):
    for model, row in one_row_in_every_history_table.items():
        table = model._meta.db_table
        message = re.escape(f"History rows cannot be changed or deleted ({table})")
        with pytest.raises(IntegrityError, match=message), transaction.atomic():
            # "id" is the tracked record's key (an m2m link's, in an m2m history table).
            model.objects.filter(pk=row.pk).update(id=models.F("id") + 1)


def test_no_history_row_can_be_deleted(one_row_in_every_history_table):
    for model, row in one_row_in_every_history_table.items():
        table, pk = model._meta.db_table, model._meta.pk.column
        # SQL, not the ORM: Django would first cascade to an m2m row's history.
        sql = f"DELETE FROM {table} WHERE {pk} = %s"  # noqa: S608 (names from our models)
        with (
            pytest.raises(IntegrityError, match=rf"\({table}\)"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [row.pk])


def test_an_update_that_changes_nothing_is_let_through(one_row_in_every_history_table):
    """Nothing is rewritten; Django's serialized rollback in tests re-saves existing rows."""
    for row in one_row_in_every_history_table.values():
        row.save()


def test_a_row_saved_back_from_serialized_data_keeps_its_values():
    """Django's serialized rollback saves back rows it finds there, with history_date cut to
    the millisecond by its JSON serializer: the row keeps its own date; any other change is
    still refused."""
    from django.core import serializers

    from authorities.tests.factories import LocalAuthorityFactory

    authority = LocalAuthorityFactory.build(name="Serial test authority")
    authority._history_date = datetime.datetime(2017, 6, 30, 9, 0, 0, 123456, tzinfo=datetime.UTC)
    authority.save()
    row = authority.history.get()

    for obj in serializers.deserialize("json", serializers.serialize("json", [row])):
        obj.save()  # an UPDATE setting history_date to 09:00:00.123

    assert authority.history.get().history_date == row.history_date
    assert row.history_date.microsecond == 123456

    row.history_change_reason = "rewritten"
    with pytest.raises(IntegrityError), transaction.atomic():
        for obj in serializers.deserialize("json", serializers.serialize("json", [row])):
            obj.save()
    assert authority.history.get().history_change_reason != "rewritten"


def test_history_written_by_the_application_is_kept():
    from authorities.tests.factories import LocalAuthorityFactory

    authority = LocalAuthorityFactory(name="Audit test authority")
    authority.name = "Renamed"
    authority.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        authority.history.latest().delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        authority.history.update(history_change_reason="rewritten")
    names = list(authority.history.values_list("name", flat=True))
    assert names == ["Renamed", "Audit test authority"]


def test_every_tracked_model_and_m2m_history_table_is_in_the_list():
    """A history table the trigger would miss, found independently of history_tables()."""
    expected = set()
    for model in registered_models.values():
        manager_name = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager_name is None:
            continue  # an m2m through model: its history model is found below
        history = getattr(model, manager_name).model
        expected.add(history._meta.db_table)
        for field in history._history_m2m_fields:
            expected.add(getattr(history, field.name).model._meta.db_table)
    assert expected <= set(history_tables())
    assert len(history_tables()) >= 28


def test_every_history_table_has_the_trigger():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s AND t.tgenabled = 'O'",
            [TRIGGER],
        )
        guarded = {name for (name,) in cursor.fetchall()}
    missing = set(history_tables()) - guarded
    assert not missing, f"History tables without the append-only trigger: {sorted(missing)}"


def test_installing_again_repairs_a_missing_trigger_and_is_idempotent():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {TRIGGER} ON authorities_historicallocalauthority")
    assert install_append_only_triggers() == ["authorities_historicallocalauthority"]
    assert install_append_only_triggers() == []
