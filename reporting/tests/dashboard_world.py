"""Test data for the dashboard, watchlist, authority page and API tests: interventions whose
history rows are dated when each fact happened, so that "as at" views have a past to read;
and a reader for the HTML tables the pages show.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser

from simple_history.signals import pre_create_historical_record

from authorities.models import LocalAuthority
from authorities.tests.factories import LocalAuthorityFactory
from inspections.tests.factories import graded
from interventions.duties import add_months
from interventions.models import (
    DeliveryModel,
    Intervention,
    MinisterialDecision,
    ThemeRating,
)
from interventions.tests.factories import (
    ADMAssessmentFactory,
    CommissionerAppointmentFactory,
    CommissionerFactory,
    ImprovementPartnershipFactory,
    InterventionFactory,
    MinisterialDecisionFactory,
    ProgressEntryFactory,
    StatutoryDirectionFactory,
    ThemeFactory,
    ThemeRatingFactory,
)
from reporting.history import start_of_day
from reporting.models import Report

D = datetime.date
OPENED = D(2016, 1, 5)
DIRECTED = D(2016, 5, 13)
FIRST_ENTRY = D(2016, 6, 1)
RECOMMENDED = D(2017, 4, 5)
MINDED_TO = D(2017, 6, 30)
CONFIRMED = D(2017, 10, 1)


@contextmanager
def dated(day: datetime.date, hour: int = 12):
    """Every history row written inside is dated ``day`` (at ``hour``), as if it happened then."""
    when = start_of_day(day) + datetime.timedelta(hours=hour)

    def redate(sender, history_instance, **kwargs):
        history_instance.history_date = when

    uid = f"dashboard-tests-{id(redate)}"
    pre_create_historical_record.connect(redate, weak=False, dispatch_uid=uid)
    try:
        yield
    finally:
        pre_create_historical_record.disconnect(dispatch_uid=uid)


def save_on(instance, day: datetime.date, **changes):
    """Change and save ``instance`` with its history row dated ``day``."""
    for name, value in changes.items():
        setattr(instance, name, value)
    with dated(day):
        instance.save()
    return instance


@dataclass
class Story:
    """One intervention told over two years, with the records it made along the way."""

    authority: LocalAuthority
    intervention: Intervention
    partner: LocalAuthority
    commissioner: object
    assessment: object
    themes: list


def intervention_story(
    authority: LocalAuthority | None = None,
    *,
    partner: LocalAuthority | None = None,
    commissioner=None,
    themes: list | None = None,
    commissioner_user=None,
) -> Story:
    """Inadequate in January 2016; a direction and a commissioner in May 2016; RAG ratings
    from June 2016; a recommended partner on 5 April 2017; the Minister "minded to" on
    30 June 2017 and confirming on 1 October 2017, when the status moves to implementation."""
    authority = authority or LocalAuthorityFactory()
    partner = partner or LocalAuthorityFactory(region=authority.region)
    themes = themes or [ThemeFactory(), ThemeFactory()]
    with dated(OPENED):
        graded(
            authority,
            "SIF",
            "2016-01-05",
            overall="inadequate",
            help_and_protection="inadequate",
            looked_after_and_permanence="requires_improvement",
            leadership_management_governance="inadequate",
        )
        intervention = InterventionFactory(authority=authority, opened_on=OPENED)
    with dated(DIRECTED):
        StatutoryDirectionFactory(
            intervention=intervention, issued_on=DIRECTED, next_review_on=D(2016, 11, 13)
        )
        commissioner = commissioner or CommissionerFactory(user=commissioner_user)
        CommissionerAppointmentFactory(
            intervention=intervention, commissioner=commissioner, starts_on=DIRECTED
        )
        ImprovementPartnershipFactory(intervention=intervention, starts_on=DIRECTED)
        assessment = ADMAssessmentFactory(intervention=intervention, started_on=DIRECTED)
    save_on(intervention, DIRECTED, status="initial_review", status_changed_on=DIRECTED)
    rate(intervention, FIRST_ENTRY, themes, ["red", "amber"], "no_change")
    rate(intervention, D(2017, 3, 1), themes, ["amber", "amber"], "improving")
    save_on(
        assessment,
        RECOMMENDED,
        concluded_on=RECOMMENDED,
        recommended_model=DeliveryModel.ADM_PARTNERSHIP,
        recommended_partner=partner,
    )
    save_on(intervention, RECOMMENDED, status="awaiting_decision", status_changed_on=RECOMMENDED)
    with dated(MINDED_TO):
        MinisterialDecisionFactory(intervention=intervention, assessment=assessment)
    with dated(CONFIRMED):
        MinisterialDecisionFactory(
            intervention=intervention,
            assessment=assessment,
            stage=MinisterialDecision.Stage.CONFIRMED,
            decided_on=CONFIRMED,
            decision="Confirmed",
        )
    save_on(intervention, CONFIRMED, status="implementation", status_changed_on=CONFIRMED)
    return Story(authority, intervention, partner, commissioner, assessment, themes)


def rate(intervention, day, themes, rags, direction):
    with dated(day):
        entry = ProgressEntryFactory(intervention=intervention, occurred_on=day)
        for theme, rag in zip(themes, rags, strict=True):
            ThemeRatingFactory(entry=entry, theme=theme, rag=rag, direction=direction)


def add_report(
    intervention: Intervention,
    start: datetime.date,
    end: datetime.date,
    *,
    status: str = Report.Status.DRAFT,
    recorded_on: datetime.date | None = None,
) -> Report:
    """A report for the period, due a month after it ends, recorded the day after it ends."""
    with dated(recorded_on or end + datetime.timedelta(days=1)):
        report = Report(
            intervention=intervention,
            period_start=start,
            period_end=end,
            due_on=add_months(end, 1),
            status=status,
        )
        report.save()
    return report


def rag_counts(red=0, amber=0, green=0) -> str:
    return f"{red} red, {amber} amber, {green} green"


RAG = ThemeRating.Rag


# ---------------------------------------------------------------------------------------------
# Reading the pages' tables


class _TableReader(HTMLParser):
    """Collects the text of every cell of the tables marked with ``marker``."""

    def __init__(self, marker: str):
        super().__init__()
        self.marker = marker
        self.depth = 0
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and (self.depth or self._marked(dict(attrs))):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []
        elif self.cell is not None and tag in ("li", "p", "br"):
            self.cell.append(" ")  # a list item or paragraph reads as a separate phrase

    def _marked(self, attrs: dict) -> bool:
        name, _, value = self.marker.partition("=")
        return name in attrs and (not value or attrs[name] == value.strip('"'))

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def csv_records(response) -> list[dict[str, str]]:
    """A CSV download's rows as {column: value}, its byte order mark checked and dropped."""
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def table_rows(html: str, marker: str = "data-dashboard-table") -> list[list[str]]:
    """Every row (heading row first) of the table with the ``marker`` attribute (a name, or
    ``name="value"``), as text."""
    reader = _TableReader(marker)
    reader.feed(html)
    return reader.rows
