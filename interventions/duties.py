"""Who owes a report, for which periods: the one definition of reporting duties.

A report belongs to a duty, not to an intervention as such (DOMAIN.md, "Who reports to whom"):
- a commissioner appointed by the Minister reports to the Minister every
  ``Intervention.reporting_period_months`` (quarterly by default) from the appointment date,
  until the appointment ends, the direction is revoked or the intervention closes; a final
  report covers the last part-period;
- an improvement adviser named on an improvement notice reviews progress for DfE officials
  every ``ImprovementNotice.review_every_months`` (six by default) from the notice's issue,
  until it is revised, lifted or the intervention closes.
Nobody else owes a report, so nothing is generated for an intervention with neither (the Isle
of Wight's directed partnership reports through its own governance).

Where a record ends because its sources end (``Intervention.sources_end_on``) rather than
because the intervention closed, only the periods the sources cover in full are owed: the
record does not know what happened after.

Plain functions over an intervention's appointments, directions and notices: its own (prefetch
them for a list, so there is no query per row), or the lists a page read as they stood on a
past day (``Records``).
"""

import datetime
from typing import NamedTuple

# What an intervention's duties are worked out from: prefetch these for a list of them.
RELATIONS = ("appointments__commissioner", "directions", "notices")

COMMISSIONER = "commissioner"
ADVISER = "adviser"
# A report reaches its reader within a month of its period's end.
DUE_MONTHS_AFTER_PERIOD = 1


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, clamped to a shorter month's end (31 Jan + 1 = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))


def whole_months_between(start: datetime.date, end: datetime.date) -> int:
    """Completed calendar months from ``start`` to ``end`` (0 if ``end`` is before ``start``)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return max(months, 0)


class ReportPeriod(NamedTuple):
    """One period a duty's holder reports on: its kind (``COMMISSIONER`` or ``ADVISER``), its
    first and last days, and when the report is due."""

    kind: str
    start: datetime.date
    end: datetime.date

    @property
    def due_on(self) -> datetime.date:
        return add_months(self.end, DUE_MONTHS_AFTER_PERIOD)


class Duty(NamedTuple):
    """A duty to report: who holds it, from when, how often, and its last day (None while it
    lasts). ``whole_periods_only``: the record stops before the duty did (sources end), so a
    part-period at the end is not owed."""

    kind: str
    holder: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    every_months: int
    whole_periods_only: bool = False

    def period(self, index: int) -> ReportPeriod | None:
        """The ``index``-th period (from 0), or None if the duty ended before it."""
        start = add_months(self.starts_on, index * self.every_months)
        end = add_months(self.starts_on, (index + 1) * self.every_months)
        end -= datetime.timedelta(days=1)
        if self.ends_on is not None and end > self.ends_on:
            if self.whole_periods_only or start > self.ends_on:
                return None
            end = self.ends_on
        return ReportPeriod(self.kind, start, end)

    def periods(self, until: datetime.date) -> list[ReportPeriod]:
        """Every period begun on or before ``until``."""
        periods, index = [], 0
        while (period := self.period(index)) is not None and period.start <= until:
            periods.append(period)
            index += 1
        return periods

    def last_ended(self, day: datetime.date) -> ReportPeriod | None:
        """The last period to have ended before ``day``, without listing the earlier ones."""
        index = whole_months_between(self.starts_on, day) // self.every_months + 1
        while index >= 0:
            period = self.period(index)
            if period is not None and period.end < day:
                return period
            index -= 1
        return None


class Records(NamedTuple):
    """What duties are worked out from: the intervention's own row (or its row as it stood on a
    day) and its appointments (each with its commissioner), directions and notices."""

    intervention: object
    appointments: list
    directions: list
    notices: list

    @classmethod
    def of(cls, intervention) -> "Records":
        return cls(
            intervention,
            list(intervention.appointments.all()),
            list(intervention.directions.all()),
            list(intervention.notices.all()),
        )


def duties(intervention, records: Records | None = None) -> list[Duty]:
    """Every duty to report on ``intervention``, in the order they start; from ``records`` when
    given (as a page read them on a day), else from its own related rows."""
    records = records or Records.of(intervention)
    found = [*_commissioner_duties(records), *_adviser_duties(records)]
    return sorted(found, key=lambda duty: (duty.starts_on, duty.kind))


def _record_end(intervention) -> tuple[datetime.date | None, bool]:
    """The last day anything is owed, and whether that is because the sources end there."""
    closed, sources = intervention.closed_on, intervention.sources_end_on
    if sources is not None and (closed is None or sources < closed):
        return sources, True
    return closed, False


def _earliest(*days: datetime.date | None) -> datetime.date | None:
    known = [day for day in days if day is not None]
    return min(known) if known else None


def _commissioner_duties(records: Records) -> list[Duty]:
    """One duty per unbroken run of commissioner appointments (overlapping appointments, such
    as a handover, are one duty; a gap starts a new one)."""
    intervention = records.intervention
    record_end, sources_end = _record_end(intervention)
    revocations = [d.revoked_on for d in records.directions if d.revoked_on]
    found = []
    for start, end, names in _runs(records.appointments):
        revoked = min((day for day in revocations if day >= start), default=None)
        last = _earliest(end, revoked, record_end)
        if last is not None and last < start:
            continue
        found.append(
            Duty(
                kind=COMMISSIONER,
                holder=", ".join(names),
                starts_on=start,
                ends_on=last,
                every_months=intervention.reporting_period_months,
                whole_periods_only=sources_end and last == record_end and last != end,
            )
        )
    return found


def _runs(appointments) -> list[tuple[datetime.date, datetime.date | None, list[str]]]:
    runs: list[list] = []
    for appointment in sorted(appointments, key=lambda a: a.starts_on):
        name = appointment.commissioner.name
        if runs and (runs[-1][1] is None or appointment.starts_on <= runs[-1][1]):
            run = runs[-1]
            ends = (run[1], appointment.ends_on)
            run[1] = None if None in ends else max(ends)
            if name not in run[2]:
                run[2].append(name)
        else:
            runs.append([appointment.starts_on, appointment.ends_on, [name]])
    return [tuple(run) for run in runs]


def _adviser_duties(records: Records) -> list[Duty]:
    record_end, sources_end = _record_end(records.intervention)
    found = []
    for notice in records.notices:
        if not notice.adviser:
            continue
        ended = notice.revised_on or notice.lifted_on
        last = _earliest(ended, record_end)
        if last is not None and last < notice.issued_on:
            continue
        found.append(
            Duty(
                kind=ADVISER,
                holder=notice.adviser,
                starts_on=notice.issued_on,
                ends_on=last,
                every_months=notice.review_every_months,
                whole_periods_only=sources_end and last == record_end and last != ended,
            )
        )
    return found


def report_periods(
    intervention, until: datetime.date, records: Records | None = None
) -> list[ReportPeriod]:
    """Every period of every duty begun on or before ``until``, by start date."""
    periods = [p for duty in duties(intervention, records) for p in duty.periods(until)]
    return sorted(periods, key=lambda period: (period.start, period.kind))


def periods_ended(intervention, today: datetime.date) -> list[ReportPeriod]:
    """The periods owed a report by ``today``: those that ended before it."""
    return [period for period in report_periods(intervention, today) if period.end < today]


def last_ended_period(
    intervention, day: datetime.date, records: Records | None = None
) -> ReportPeriod | None:
    """The period of any duty to have ended last before ``day`` (None if none has)."""
    ended = [p for duty in duties(intervention, records) if (p := duty.last_ended(day)) is not None]
    return max(ended, key=lambda period: (period.end, period.start), default=None)


def next_due(
    intervention, today: datetime.date, records: Records | None = None
) -> datetime.date | None:
    """When the next report is due: the earliest due date on or after ``today`` among the
    periods of duties begun by then, or the first period's of a duty about to start; None when
    nothing more is owed."""
    dues = []
    for duty in duties(intervention, records):
        first = duty.period(0)
        if first is None:
            continue
        if duty.starts_on > today:
            dues.append(first.due_on)
            continue
        index = max(whole_months_between(duty.starts_on, today) // duty.every_months - 1, 0)
        while (period := duty.period(index)) is not None and period.start <= today:
            if period.due_on >= today:
                dues.append(period.due_on)
                break
            index += 1
    return min(dues, default=None)
