import datetime

import pytest

from interventions.models import Intervention, Theme
from interventions.tests.factories import InterventionFactory
from reporting.history import as_at, start_of_day

pytestmark = pytest.mark.django_db

D = datetime.date


def save_on(instance, day, *, by=None, reason="", hour=12):
    """Save with the history row dated ``day`` (as the case-study loader does)."""
    instance._history_date = start_of_day(day) + datetime.timedelta(hours=hour)
    if by is not None:
        instance._history_user = by
    if reason:
        instance._change_reason = reason
    instance.save()
    return instance


def test_as_at_gives_each_record_as_it_stood_at_the_end_of_that_day():
    theme = save_on(Theme(code="t", name="Leadership", order=1), D(2017, 1, 10))
    theme.name = "Leadership and governance"
    save_on(theme, D(2017, 6, 30), hour=23)
    theme.name = "Leadership, governance and culture"
    save_on(theme, D(2017, 7, 1), hour=0)

    def name_on(day):
        return [row.name for row in as_at(Theme, day).filter(code="t")]

    assert name_on(D(2017, 1, 9)) == []
    assert name_on(D(2017, 1, 10)) == ["Leadership"]
    assert name_on(D(2017, 6, 29)) == ["Leadership"]
    assert name_on(D(2017, 6, 30)) == ["Leadership and governance"]
    assert name_on(D(2017, 7, 1)) == ["Leadership, governance and culture"]


def test_as_at_leaves_out_records_deleted_by_then():
    theme = save_on(Theme(code="gone", name="Gone", order=1), D(2017, 1, 10))
    theme._history_date = start_of_day(D(2017, 3, 1))
    theme.delete()  # test set-up only: the application never hard-deletes history records

    assert as_at(Theme, D(2017, 2, 1)).filter(code="gone").count() == 1
    assert as_at(Theme, D(2017, 3, 1)).filter(code="gone").count() == 0


def test_as_at_narrowed_by_a_stable_field_gives_one_row_per_object():
    first = InterventionFactory()
    second = InterventionFactory()
    for status in [Intervention.Status.INITIAL_REVIEW, Intervention.Status.AWAITING_DECISION]:
        first.status = status
        first.save()

    rows = as_at(Intervention, datetime.date.today(), authority_id=first.authority_id)

    assert [(row.id, row.status) for row in rows] == [(first.pk, "awaiting_decision")]
    assert as_at(Intervention, datetime.date.today()).count() == 2
    assert second.pk in {row.id for row in as_at(Intervention, datetime.date.today())}
