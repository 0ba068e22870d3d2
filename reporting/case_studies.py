"""The case studies' real reports, recorded as the submitted reports they were.

``interventions.case_studies`` replays what the seeds say happened; a real report in them (the
June 2018 commissioner's report on Buckinghamshire, Torbay's reports of 2016 and 2017) is a
``ReportReceived`` fact that the interventions loader cannot write, because reports belong to
this app. ``load_case_studies`` loads the cases and then records each such report as the
submitted report for the period its duty owed when it was sent: its narrative is the
document's own words, quoted, and its history is dated when it was sent.
"""

from collections import Counter

from django.db import transaction

from core.dates import govuk_date
from core.dating import fact_time, moment
from core.history import system_user
from interventions.case_studies import CASES
from interventions.case_studies import loader as interventions_loader
from interventions.case_studies.facts import PASSAGE_BREAK, Case, ReportReceived, received_reports
from interventions.models import Intervention

from . import services
from .models import Report

# A received report's narrative keeps the source's passages apart, each as it stands there.
PARAGRAPH = "\n\n"


def load_case_studies(*, by=None, cases=CASES) -> Counter:
    """Load the case studies and record their real reports, all or nothing."""
    with transaction.atomic():
        by = by or system_user(interventions_loader.SYSTEM_USER)
        counts = interventions_loader.load_case_studies(by=by, cases=cases)
        for case in cases:
            counts.update(record_received_reports(case, by=by))
    return counts


def record_received_reports(case: Case, *, by) -> Counter:
    counts: Counter = Counter()
    facts = received_reports(case)
    if not facts:
        return counts
    intervention = Intervention.objects.get(
        authority__ons_code=case.ons_code, opened_on=case.opened.on
    )
    for fact in facts:
        period = owed_when_sent(intervention, fact)
        if period is None:
            raise interventions_loader.CaseStudyError(
                f"{case.slug}, {fact.title}: no reporting duty owed a report when it was sent"
                f" ({govuk_date(fact.on)})"
            )
        report = Report.objects.filter(
            intervention=intervention, kind=period.kind, period_start=period.start
        ).first()
        if report is not None and report.is_submitted:
            counts["reports received unchanged"] += 1
            continue
        with fact_time(moment(fact.on), f"Received outside the service: {fact.source.title}"):
            if report is None:
                report, _ = services.generate_report(
                    intervention, period.start, kind=period.kind, by=by
                )
            services.record_received_report(
                report,
                by=by,
                sent_at=moment(fact.on),
                source=fact.title,
                overall_assessment=narrative(fact.overall_assessment),
                recommendation=narrative(fact.recommendation),
                risks=narrative(fact.risks),
            )
        counts["reports received created"] += 1
    return counts


def owed_when_sent(intervention: Intervention, fact: ReportReceived):
    """The period a report sent on ``fact.on`` answered: the earliest of the duty's periods
    begun before that day whose report was not yet due; None if no duty owed one then."""
    candidates = [
        period
        for period in intervention.report_periods(fact.on)
        if period.kind == fact.kind and period.start < fact.on <= period.due_on
    ]
    return min(candidates, key=lambda period: period.start, default=None)


def narrative(text: str) -> str:
    """The source's passages as paragraphs, each in quotation marks: they are its words."""
    passages = [p.strip() for p in text.split(PASSAGE_BREAK) if p.strip()]
    return PARAGRAPH.join(f"\u201c{passage}\u201d" for passage in passages)
