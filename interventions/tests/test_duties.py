"""Who owes a report for which periods (``interventions.duties``): a commissioner's appointment
or an adviser named on a notice, from its start to its end, and nothing else."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interventions.duties import ADVISER, COMMISSIONER, Duty, ReportPeriod

from . import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


def periods(intervention, until):
    return [(p.kind, p.start, p.end) for p in intervention.report_periods(until)]


def appointed(opened, starts=None, ends=None, **intervention):
    record = f.InterventionFactory(opened_on=opened, **intervention)
    f.CommissionerAppointmentFactory(intervention=record, starts_on=starts or opened, ends_on=ends)
    return record


def test_no_commissioner_and_no_adviser_owes_no_report():
    """The Isle of Wight's directed partnership: nobody reports to the Minister."""
    intervention = f.InterventionFactory(opened_on=D(2013, 1, 15))
    f.StatutoryDirectionFactory(intervention=intervention, issued_on=D(2013, 6, 19))
    f.ImprovementNoticeFactory(intervention=intervention, issued_on=D(2013, 1, 20))
    assert intervention.reporting_duties() == []
    assert intervention.report_periods(D(2026, 12, 5)) == []
    assert intervention.next_report_due(D(2016, 1, 1)) is None
    assert intervention.last_ended_report_period(D(2026, 12, 5)) is None


def test_commissioner_reports_quarterly_from_the_appointment_date():
    intervention = appointed(opened=D(2016, 1, 20), starts=D(2016, 5, 13))
    assert periods(intervention, D(2017, 1, 1)) == [
        (COMMISSIONER, D(2016, 5, 13), D(2016, 8, 12)),
        (COMMISSIONER, D(2016, 8, 13), D(2016, 11, 12)),
        (COMMISSIONER, D(2016, 11, 13), D(2017, 2, 12)),
    ]
    assert intervention.report_periods(D(2016, 5, 12)) == []


def test_cadence_is_the_interventions_own():
    intervention = appointed(opened=D(2018, 2, 28), reporting_period_months=6)
    assert periods(intervention, D(2019, 3, 1)) == [
        (COMMISSIONER, D(2018, 2, 28), D(2018, 8, 27)),
        (COMMISSIONER, D(2018, 8, 28), D(2019, 2, 27)),
        (COMMISSIONER, D(2019, 2, 28), D(2019, 8, 27)),
    ]


def test_the_appointment_ending_ends_the_duty_with_a_final_part_period():
    intervention = appointed(opened=D(2016, 1, 1), ends=D(2016, 5, 15))
    assert periods(intervention, D(2020, 1, 1)) == [
        (COMMISSIONER, D(2016, 1, 1), D(2016, 3, 31)),
        (COMMISSIONER, D(2016, 4, 1), D(2016, 5, 15)),
    ]


def test_closing_ends_every_duty_with_a_final_part_period():
    intervention = appointed(opened=D(2016, 1, 1), status="closed", closed_on=D(2016, 5, 15))
    assert periods(intervention, D(2020, 1, 1))[-1] == (
        COMMISSIONER,
        D(2016, 4, 1),
        D(2016, 5, 15),
    )
    assert intervention.next_report_due(D(2016, 6, 1)) == D(2016, 6, 15)
    assert intervention.next_report_due(D(2016, 6, 16)) is None


def test_revoking_the_direction_ends_the_commissioners_duty():
    intervention = appointed(opened=D(2016, 1, 1))
    f.StatutoryDirectionFactory(
        intervention=intervention, issued_on=D(2016, 1, 1), revoked_on=D(2016, 2, 10)
    )
    assert periods(intervention, D(2020, 1, 1)) == [
        (COMMISSIONER, D(2016, 1, 1), D(2016, 2, 10)),
    ]


def test_where_the_sources_end_only_whole_periods_are_owed():
    """The record knows nothing after its sources end: no part-period, nothing after."""
    intervention = appointed(opened=D(2016, 5, 13), sources_end_on=D(2016, 12, 1))
    assert periods(intervention, D(2026, 12, 5)) == [
        (COMMISSIONER, D(2016, 5, 13), D(2016, 8, 12)),
        (COMMISSIONER, D(2016, 8, 13), D(2016, 11, 12)),
    ]
    assert intervention.next_report_due(D(2026, 12, 5)) is None


def test_a_gap_between_commissioners_starts_a_new_duty_and_a_handover_does_not():
    intervention = appointed(opened=D(2016, 1, 1), ends=D(2016, 4, 30))
    second = f.CommissionerAppointmentFactory(
        intervention=intervention, starts_on=D(2016, 4, 20), ends_on=D(2016, 6, 30)
    )
    f.CommissionerAppointmentFactory(intervention=intervention, starts_on=D(2016, 9, 1))
    found = intervention.reporting_duties()
    assert [(d.starts_on, d.ends_on) for d in found] == [
        (D(2016, 1, 1), D(2016, 6, 30)),
        (D(2016, 9, 1), None),
    ]
    assert second.commissioner.name in found[0].holder


def test_an_adviser_on_a_notice_reviews_six_monthly_for_officials():
    intervention = f.InterventionFactory(opened_on=D(2011, 1, 10))
    f.ImprovementNoticeFactory(
        intervention=intervention,
        issued_on=D(2011, 1, 10),
        adviser="An improvement adviser",
        lifted_on=D(2012, 3, 1),
    )
    assert periods(intervention, D(2020, 1, 1)) == [
        (ADVISER, D(2011, 1, 10), D(2011, 7, 9)),
        (ADVISER, D(2011, 7, 10), D(2012, 1, 9)),
        (ADVISER, D(2012, 1, 10), D(2012, 3, 1)),
    ]


def test_a_notice_without_an_adviser_owes_nothing():
    intervention = f.InterventionFactory(opened_on=D(2011, 1, 10))
    f.ImprovementNoticeFactory(intervention=intervention, issued_on=D(2011, 1, 10))
    assert intervention.report_periods(D(2020, 1, 1)) == []


def test_a_report_is_due_a_month_after_its_period_ends():
    assert ReportPeriod(COMMISSIONER, D(2016, 5, 13), D(2016, 8, 12)).due_on == D(2016, 9, 12)


def test_next_report_due_is_the_current_periods_until_the_last_is_due():
    intervention = appointed(opened=D(2016, 5, 25))
    assert intervention.next_report_due(D(2016, 5, 25)) == D(2016, 9, 24)
    # Until the first period's report is due, it is the next one due.
    assert intervention.next_report_due(D(2016, 9, 24)) == D(2016, 9, 24)
    assert intervention.next_report_due(D(2016, 9, 25)) == D(2016, 12, 24)


def test_next_report_due_before_the_appointment_is_the_first_periods():
    intervention = appointed(opened=D(2016, 5, 25), starts=D(2016, 9, 1))
    assert intervention.next_report_due(D(2016, 6, 1)) == D(2016, 12, 30)


def test_duties_read_prefetched_records_with_no_query_per_intervention(
    django_assert_num_queries,
):
    from interventions.models import Intervention

    for opened in (D(2016, 1, 1), D(2017, 1, 1), D(2018, 1, 1)):
        appointed(opened=opened)
    with django_assert_num_queries(5):  # the interventions, then one query per relation
        rows = list(
            Intervention.objects.prefetch_related(
                "appointments__commissioner", "directions", "notices"
            )
        )
        for row in rows:
            row.report_periods(D(2020, 1, 1))


@settings(max_examples=400, deadline=None)
@given(
    starts=st.dates(D(2009, 1, 1), D(2026, 12, 31)),
    months=st.integers(1, 12),
    ends_after=st.one_of(st.none(), st.integers(0, 3000)),
    whole=st.booleans(),
    day_after=st.integers(-40, 6000),
)
def test_the_last_ended_period_is_the_last_listed_one_to_have_ended(
    starts, months, ends_after, whole, day_after
):
    """``Duty.last_ended`` finds without a list what ``Duty.periods`` lists: month ends, part
    periods, other cadences and days before the duty began included."""
    days = datetime.timedelta
    duty = Duty(
        kind=COMMISSIONER,
        holder="",
        starts_on=starts,
        ends_on=None if ends_after is None else starts + days(ends_after),
        every_months=months,
        whole_periods_only=whole,
    )
    day = starts + days(day_after)

    ended = [period for period in duty.periods(day) if period.end < day]

    assert duty.last_ended(day) == (ended[-1] if ended else None)
    assert all(p.end >= p.start for p in ended)
