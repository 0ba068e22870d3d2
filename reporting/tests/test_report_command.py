"""manage.py generate_reports: the reports sweep's work, synchronously."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reporting.management.commands.generate_reports import quarter_bounds
from reporting.models import Report

from .report_world import D, build_world

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("generate_reports", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("2017Q1", (D(2017, 1, 1), D(2017, 3, 31))),
        ("2017q2", (D(2017, 4, 1), D(2017, 6, 30))),
        ("2017Q4", (D(2017, 10, 1), D(2017, 12, 31))),
    ],
)
def test_a_quarter_is_named_by_year_and_number(text, bounds):
    assert quarter_bounds(text) == bounds


@pytest.mark.parametrize("text", ["2017", "2017Q5", "Q2 2017", "2017-04"])
def test_a_period_that_is_not_a_quarter_is_refused_with_an_example(text):
    with pytest.raises(CommandError, match="like 2017Q2"):
        quarter_bounds(text)


def test_one_quarter_for_one_intervention_then_everything_missing():
    world = build_world()
    other = build_world(name="Southtown")

    output = run("--period", "2017Q2", "--intervention", str(world.intervention.pk))

    assert "Generated Northtown: report for April to June 2017 (SHA-256 " in output
    assert "1 generated, 0 already there" in output
    assert not Report.objects.filter(intervention=other.intervention).exists()
    again = run("--period", "2017Q2", "--intervention", str(world.intervention.pk))
    assert "0 generated, 1 already there" in again

    everything = run()
    reports = Report.objects.filter(intervention__in=[world.intervention, other.intervention])
    assert f"{reports.count() - 1} generated, 1 already there" in everything


def test_an_unknown_intervention_is_an_error():
    with pytest.raises(CommandError, match="There is no intervention 999999"):
        run("--intervention", "999999")
