"""Records created inside ``core.history.provenance`` name their document and carry the fact's
illustrative flag, whichever service created them; nothing else is stamped."""

import datetime

import pytest

from core.history import provenance, system_user
from interventions import services
from interventions.models import ProgressEntry, Theme

from . import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


def record(intervention, **kwargs) -> ProgressEntry:
    theme = Theme.objects.get(code="leadership")
    return services.record_progress(
        intervention,
        by=system_user("provenance-tests"),
        occurred_on=D(2017, 3, 9),
        kind="visit",
        summary="Visited",
        ratings=[(theme, "red", "no_change", "")],
        **kwargs,
    )


def test_every_record_a_fact_creates_names_its_source_and_is_illustrative_with_it():
    intervention = f.InterventionFactory()
    with provenance("Torbay Council report, 20 July 2017", illustrative=True):
        entry = record(intervention)
    [rating] = entry.ratings.all()
    for made in (entry, rating):
        assert made.source == "Torbay Council report, 20 July 2017"
        assert made.illustrative is True


def test_outside_a_fact_nothing_is_stamped_and_a_later_save_keeps_what_was_given():
    intervention = f.InterventionFactory()
    entry = record(intervention)
    assert (entry.source, entry.illustrative) == ("", False)
    with provenance("Another document", illustrative=True):
        entry.summary = "Visited again"
        entry.save()
    entry.refresh_from_db()
    assert (entry.source, entry.illustrative) == ("", False)


def test_a_rating_can_be_illustrative_in_an_entry_that_is_not():
    """Each rating carries its own provenance: a sourced visit may hold a rating no source
    states."""
    intervention = f.InterventionFactory()
    theme = Theme.objects.get(code="leadership")
    with provenance("Torbay Council report, 20 July 2017"):
        entry = services.record_progress(
            intervention,
            by=system_user("provenance-tests"),
            occurred_on=D(2017, 3, 9),
            kind="visit",
            summary="Visited",
            ratings=[(theme, "amber", "improving", "Improving from a low baseline", True)],
        )
    [rating] = entry.ratings.all()
    assert (entry.illustrative, rating.illustrative) == (False, True)
    assert rating.source == entry.source == "Torbay Council report, 20 July 2017"
