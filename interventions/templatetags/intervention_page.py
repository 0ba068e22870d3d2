"""What the intervention page says about a record's reporting duties, its end and staleness, in
words (``{% load intervention_page %}``).

The facts are the models' own (``Intervention.reporting_duties``, ``sources_ended_by``,
``is_stale``; ``interventions.duties``): here they are only read, in a fixed number of queries,
and put into sentences.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import template

from core.dates import govuk_date
from interventions import duties
from interventions.models import Intervention, StatusChange

register = template.Library()


@dataclass(frozen=True)
class DutyLine:
    duty: duties.Duty
    text: str


@dataclass(frozen=True)
class RecordFacts:
    """Who owes reports, how the record ends, and whether it is stale, on ``today``."""

    duties: list[DutyLine]
    nobody_reports_to_minister: str  # why no one owes the Minister a report ("" if someone does)
    exit: StatusChange | None  # the change of status that closed it
    exit_text: str
    sources_ended: bool
    sources_text: str
    is_stale: bool
    last_recorded_on: datetime.date
    next_due_text: str  # why no report is due next, when none is


def _every(months: int) -> str:
    return "every month" if months == 1 else f"every {months} months"


def duty_text(duty: duties.Duty, today: datetime.date, sources_end_on=None) -> str:
    """ "John Coughlan reports to the Minister every 3 months from 13 May 2016"."""
    ended = duty.ends_on is not None and duty.ends_on < today
    if duty.kind == duties.COMMISSIONER:
        verb = "reported to the Minister" if ended else "reports to the Minister"
    else:
        verb = f"{'reviewed' if ended else 'reviews'} progress for DfE officials"
    text = f"{duty.holder} {verb} {_every(duty.every_months)} from {govuk_date(duty.starts_on)}"
    if duty.ends_on is not None:
        text += f" {'to' if ended else 'until'} {govuk_date(duty.ends_on)}"
        if duty.ends_on == sources_end_on:
            text += ", where the sources end"
    return text


def _nobody_text(found: list[duties.Duty]) -> str:
    if any(duty.kind == duties.COMMISSIONER for duty in found):
        return ""
    if found:
        return (
            "No one owes the Minister a report: no commissioner has been appointed. The"
            " improvement adviser reviews progress for DfE officials."
        )
    return (
        "No one owes the Minister a report: no commissioner has been appointed and no"
        " improvement notice names an adviser, so the intervention reports through its own"
        " governance."
    )


@register.simple_tag
def record_facts(
    intervention: Intervention, today: datetime.date, records: duties.Records
) -> RecordFacts:
    """The intervention's duties (from the ``records`` the page read), exit, sources' end and
    staleness on ``today`` (two queries)."""
    found = duties.duties(intervention, records)
    sources_end_on = intervention.sources_end_on
    exit_change = None
    if intervention.closed_on is not None:
        closing = intervention.status_changes.filter(to_status=Intervention.Status.CLOSED)
        exit_change = closing.last()
    last_entry = (
        intervention.progress_entries.filter(occurred_on__lte=today)
        .order_by("-occurred_on")
        .values_list("occurred_on", flat=True)
        .first()
    )
    sources_ended = intervention.sources_ended_by(today)
    if not found:
        next_due_text = "None: no one owes a report"
    elif intervention.closed_on is not None:
        next_due_text = "None: the intervention is closed"
    elif sources_ended:
        next_due_text = f"None: the sources end on {govuk_date(sources_end_on)}"
    else:
        next_due_text = "None"
    return RecordFacts(
        duties=[DutyLine(duty, duty_text(duty, today, sources_end_on)) for duty in found],
        nobody_reports_to_minister=_nobody_text(found),
        exit=exit_change,
        exit_text=intervention.exit_text,
        sources_ended=sources_ended,
        sources_text=(
            f"The sources end on {govuk_date(sources_end_on)}: nothing after this date is recorded"
            if sources_end_on
            else ""
        ),
        is_stale=intervention.is_stale(last_entry, today),
        last_recorded_on=intervention.last_recorded_on(last_entry),
        next_due_text=next_due_text,
    )
