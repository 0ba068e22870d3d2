"""The quarterly report workflow: generate, complete and sign off, submit (freeze), reopen.

Each function is one step, runs in one transaction and writes history with who and why. Views,
the admin, the management command and the Celery tasks all call these.

generated draft -> the commissioner completes the narrative and signs off -> a DfE official
submits it to the Minister, which fixes its content and HTML and locks the progress entries it
drew on -> the worker renders the PDF and freezes the version (content, HTML and PDF with their
SHA-256) -> an admin may reopen it, which keeps the frozen version and starts a new one.
"""

import datetime
import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core import roles
from core.history import save_with_history
from interventions import duties
from interventions import services as intervention_services
from interventions.duties import ReportPeriod
from interventions.models import Intervention, ProgressEntry

from .history import end_of_day, history_model
from .models import Report, ReportVersion
from .reports import emails
from .reports.content import build_content, canonical_json, sha256_hex
from .reports.document import render_document, render_pdf

# The draft assessment ends with this instruction; sign-off needs it replaced.
PLACEHOLDER = re.compile(r"\[Commissioner:[^\]]*\]")


# ---------------------------------------------------------------------------------------------
# Who may take which step


# The workflow's state each step needs; who may take it is the report's scope
# (``Report.objects.restrict``, ADR 15), asked for the action each step names.
STEPS = {
    "write": (roles.WRITE, Report.Status.DRAFT),
    "submit": (roles.SUBMIT, Report.Status.SIGNED_OFF),
    "return": (roles.SUBMIT, Report.Status.SIGNED_OFF),
    "reopen": (roles.REOPEN, Report.Status.SUBMITTED),
}


def in_scope(user, report: Report, action: str) -> bool:
    """Whether ``report`` is within what ``user`` may do ``action`` to, whatever its state."""
    return Report.objects.restrict(user, action).filter(pk=report.pk).exists()


def may(user, report: Report, step: str) -> bool:
    """Whether ``user`` may take ``step`` ("write", "submit", "return", "reopen") on
    ``report`` now: the report is in the state the step needs and in the user's scope for it."""
    action, status = STEPS[step]
    return report.status == status and in_scope(user, report, action)


def _require_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": f"Enter a reason for {what}"})
    return reason


# ---------------------------------------------------------------------------------------------
# Generating


@transaction.atomic
def generate_report(
    intervention: Intervention,
    period_start: datetime.date,
    *,
    by,
    kind: str = Report.Kind.COMMISSIONER,
    checkpoint: Callable[[Report], None] | None = None,
) -> tuple[Report, bool]:
    """Create the report owed for the ``kind`` duty's period starting ``period_start`` unless it
    exists; refused for a period no duty owes.

    Returns (report, created). Safe to call twice, and from two workers at once: the
    intervention's row is locked while the report is written, and the report and its first
    version are written in one transaction, so a worker that dies part way leaves nothing.
    ``checkpoint`` is called between the two writes (tests use it to stop a worker there).
    """
    Intervention.objects.select_for_update().filter(pk=intervention.pk).first()
    existing = Report.objects.filter(
        intervention=intervention, kind=kind, period_start=period_start
    )
    if existing.exists():
        return existing.get(), False
    period = _owed_period(intervention, kind, period_start)
    report = Report(
        intervention=intervention,
        kind=kind,
        period_start=period.start,
        period_end=period.end,
        due_on=period.due_on,
    )
    save_with_history(report, by=by, reason="Report generated from the history")
    if checkpoint is not None:
        checkpoint(report)
    _new_version(report, 1, cutoff=end_of_day(period.end), by=by, reason="First draft generated")
    if report.created_at.date() <= report.due_on:
        # Reports backfilled for long-past periods are not news to anyone: no email. The email
        # is queued for the worker once this transaction commits.
        emails.send_draft_ready(report.pk)
    return report, True


def _owed_period(intervention: Intervention, kind: str, start: datetime.date) -> ReportPeriod:
    for period in intervention.report_periods(start):
        if period.kind == kind and period.start == start:
            return period
    raise ValidationError(
        {"period_start": "Enter the first day of one of the intervention's reporting periods"}
    )


def missing_reports(today: datetime.date, interventions=None) -> list[tuple[int, ReportPeriod]]:
    """(intervention id, period) of every period owed by ``today`` that has no report yet."""
    interventions = Intervention.objects.all() if interventions is None else interventions
    existing = set(Report.objects.values_list("intervention_id", "kind", "period_start"))
    return [
        (intervention.pk, period)
        for intervention in interventions.with_duties().order_by("pk")
        for period in duties.periods_ended(intervention, today)
        if (intervention.pk, period.kind, period.start) not in existing
    ]


@transaction.atomic
def withdraw_unowed_reports(*, by, today: datetime.date | None = None) -> list[str]:
    """Delete the reports not yet submitted that no duty owes (made before duties were
    understood, or for a period a corrected record no longer owes), with history saying why.
    A submitted report is what a reader received and is never withdrawn. Returns what went."""
    today = today or timezone.localdate()
    withdrawn = []
    outstanding = Report.objects.outstanding()
    # Each intervention's owed periods worked out once, from prefetched duties (the sweep runs
    # this every few minutes over every report not yet submitted).
    interventions = Intervention.objects.filter(pk__in=outstanding.values("intervention_id"))
    owed = {
        intervention.pk: {(p.kind, p.start) for p in duties.periods_ended(intervention, today)}
        for intervention in interventions.with_duties()
    }
    for report in outstanding.select_related("intervention__authority").order_by("pk"):
        if (report.kind, report.period_start) in owed[report.intervention_id]:
            continue
        withdrawn.append(str(report))
        reason = "Withdrawn: no reporting duty owes a report for this period"
        for version in report.versions.order_by("-number"):
            version._change_reason = reason
            version.delete()
        report._change_reason = reason
        report.delete()
    return withdrawn


def _new_version(
    report: Report,
    number: int,
    *,
    cutoff: datetime.datetime,
    by,
    reason: str,
    narrative_from: ReportVersion | None = None,
) -> ReportVersion:
    content = build_content(
        report.intervention, report.period_start, report.period_end, cutoff=cutoff
    )
    text = canonical_json(content)
    version = ReportVersion(
        report=report,
        number=number,
        data_as_at=cutoff,
        content=text,
        content_sha256=sha256_hex(text),
        overall_assessment=content["draft_assessment"],
    )
    if narrative_from is not None:
        version.overall_assessment = narrative_from.overall_assessment
        version.risks = narrative_from.risks
        version.recommendation = narrative_from.recommendation
    save_with_history(version, by=by, reason=reason)
    return version


# ---------------------------------------------------------------------------------------------
# The commissioner's narrative and sign-off


def narrative_token(version: ReportVersion) -> str:
    """What a narrative form was built from. It changes whenever the stored narrative does (or
    the version it belongs to), so a save from a form opened before someone else's save (another
    tab, another browser) can be refused instead of silently replacing their text."""
    return sha256_hex(
        canonical_json(
            {
                "version": version.pk,
                "overall_assessment": version.overall_assessment,
                "risks": version.risks,
                "recommendation": version.recommendation,
            }
        )
    )


@transaction.atomic
def update_narrative(
    report: Report,
    *,
    by,
    overall_assessment: str,
    risks: str,
    recommendation: str,
    based_on: str | None = None,
) -> ReportVersion:
    """The commissioner's overall assessment, risks and recommendation to the Minister.

    ``based_on`` is the ``narrative_token`` the form was built from: when the narrative has
    changed since, nothing is saved and ``EditConflict`` says so, carrying the version as it is
    now. (Without it, as from a script, the text is saved whatever is stored.)
    """
    report = _locked(report)
    roles.require(may(by, report, "write"), "Only the commissioner can edit a draft report")
    version = report.current_version()
    if based_on is not None and based_on != narrative_token(version):
        raise intervention_services.EditConflict(version, based_on)
    version.overall_assessment = overall_assessment.strip()
    version.risks = risks.strip()
    version.recommendation = recommendation.strip()
    save_with_history(version, by=by, reason="Narrative edited by the commissioner")
    return version


@transaction.atomic
def sign_off_report(report: Report, *, by) -> Report:
    """The commissioner signs the completed report off, ready for DfE to submit."""
    report = _locked(report)
    roles.require(may(by, report, "write"), "Only the commissioner can sign off the report")
    version = report.current_version()
    errors = {}
    if not version.overall_assessment.strip():
        errors["overall_assessment"] = "Enter your overall assessment"
    elif PLACEHOLDER.search(version.overall_assessment):
        errors["overall_assessment"] = (
            "Complete your overall assessment: replace the text in square brackets"
        )
    if not version.recommendation.strip():
        errors["recommendation"] = f"Enter your recommendation to {report.reader}"
    if not version.risks.strip():
        errors["risks"] = "Enter the risks, or say that you see none"
    if errors:
        raise ValidationError(errors)
    version.signed_off_by, version.signed_off_at = by, timezone.now()
    save_with_history(version, by=by, reason="Signed off by the commissioner")
    report.status = Report.Status.SIGNED_OFF
    save_with_history(report, by=by, reason="Signed off by the commissioner")
    return report


@transaction.atomic
def return_report(report: Report, *, by, reason: str) -> Report:
    """A DfE official sends a signed-off report back to the commissioner as a draft."""
    report = _locked(report)
    roles.require(may(by, report, "return"), "Only a DfE official can return a signed-off report")
    reason = _require_reason(reason, "returning the report")
    version = report.current_version()
    version.signed_off_by = version.signed_off_at = None
    save_with_history(version, by=by, reason=f"Returned to the commissioner: {reason}")
    report.status = Report.Status.DRAFT
    save_with_history(report, by=by, reason=f"Returned to the commissioner: {reason}")
    return report


# ---------------------------------------------------------------------------------------------
# Submission and reopening


@transaction.atomic
def submit_report(report: Report, *, by) -> Report:
    """A DfE official submits the signed-off report to the Minister.

    Its content, narrative and HTML are fixed now and the progress entries it drew on are
    locked. The PDF takes too long to render inside a web request: after the commit the worker
    renders it (``render_report_pdf``, which calls ``complete_freeze``). Until
    then the report page says the PDF is being prepared; if the broker is down the next sweep,
    a worker starting or ``manage.py render_report_pdfs`` renders it.
    """
    report = _locked(report)
    roles.require(may(by, report, "submit"), "Only a DfE official can submit a signed-off report")
    version = report.current_version()
    version.submitted_by, version.submitted_at = by, timezone.now()
    store_document(version)
    save_with_history(version, by=by, reason="Submitted to the Minister")
    report.status = Report.Status.SUBMITTED
    save_with_history(report, by=by, reason="Submitted to the Minister")
    _lock_cited_entries(version, by=by)
    # robust: the submission stands if the broker is down (the PDF is queued again later).
    version_id = version.pk
    transaction.on_commit(lambda: _queue_pdf(version_id), robust=True)
    return report


def _queue_pdf(version_id: int) -> None:
    from .tasks import render_report_pdf  # the tasks call these services, not the reverse

    render_report_pdf.delay(version_id)


def awaiting_pdf() -> QuerySet[ReportVersion]:
    """Submitted versions whose PDF has not been rendered yet (so not yet frozen)."""
    return ReportVersion.objects.filter(submitted_at__isnull=False, frozen_at__isnull=True)


def store_document(version: ReportVersion) -> None:
    """Render the version's HTML as submitted, with the SHA-256 checked whenever it is served
    (``ReportVersion.check_stored_copy``); the caller saves it."""
    version.html = render_document(version)
    version.html_sha256 = sha256_hex(version.html)


def freeze(version: ReportVersion) -> None:
    """Freeze a submitted version in memory (the caller saves it): its HTML (unless stored at
    submission), the PDF rendered from that HTML, the SHA-256 of content, HTML and PDF, and
    ``frozen_at``: the submission, when the content and the HTML stopped changing. Renders the
    PDF here and now, so never call it inside a web request: ``complete_freeze`` does it for
    the worker."""
    if not version.html:
        store_document(version)
    version.pdf = render_pdf(version.html)
    version.pdf_sha256 = sha256_hex(bytes(version.pdf))
    version.sha256 = bundle_sha256(version)
    version.frozen_at = version.submitted_at


def complete_freeze(version: ReportVersion, *, by) -> ReportVersion:
    """Complete the freeze of a version submitted in the service: render its PDF from the HTML
    stored when it was submitted, and save it with the SHA-256 of all three parts (``freeze``).

    Safe to run twice and from two workers at once: a frozen version is returned as it is. The
    PDF is rendered outside any transaction (it can take a while); the row is locked only to
    write it, so the second of two renders finds the first's and writes nothing.
    """
    rendered = ReportVersion.objects.get(pk=version.pk)
    if rendered.is_frozen:
        return rendered
    if rendered.submitted_at is None or not rendered.html:
        raise ValidationError("Only a submitted report has a PDF to render")
    rendered.check_stored_copy("content", "html")  # never a PDF of HTML changed behind our back
    freeze(rendered)
    with transaction.atomic():
        version = ReportVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_frozen:
            return version
        if version.html != rendered.html:
            raise ValidationError("The submitted report changed while its PDF was rendered")
        for name in ("pdf", "pdf_sha256", "sha256", "frozen_at"):
            setattr(version, name, getattr(rendered, name))
        save_with_history(version, by=by, reason="PDF rendered: the submitted report is frozen")
    return version


def bundle_sha256(version: ReportVersion) -> str:
    """One SHA-256 for what was sent: over the SHA-256 of the content, the HTML and the PDF."""
    parts = {
        "content": sha256_hex(version.content),
        "html": sha256_hex(version.html),
        "pdf": sha256_hex(bytes(version.pdf)),
    }
    return sha256_hex(canonical_json(parts))


def cited_entries(version: ReportVersion) -> QuerySet[ProgressEntry]:
    """The progress entries the version draws on, which submitting it locks."""
    prefix = f"{ProgressEntry._meta.label_lower}:"
    history_ids = [
        int(key.removeprefix(prefix))
        for key in version.content_data()["sources"]
        if key.startswith(prefix)
    ]
    entry_ids = history_model(ProgressEntry).objects.filter(history_id__in=history_ids)
    return ProgressEntry.objects.filter(pk__in=entry_ids.values("id")).order_by("pk")


def _lock_cited_entries(version: ReportVersion, *, by) -> None:
    report = version.report
    intervention_services.lock_entries(
        cited_entries(version),
        by=by,
        reason=f"Included in the report for {report.period_label}, submitted",
    )


@transaction.atomic
def reopen_report(report: Report, *, by, reason: str) -> Report:
    """An admin reopens a submitted report: the frozen version stays as it was, and a new
    draft version is generated from the records as they stand now, keeping the narrative."""
    report = _locked(report)
    roles.require(may(by, report, "reopen"), "Only an admin can reopen a submitted report")
    reason = _require_reason(reason, "reopening the report")
    frozen = report.current_version()
    if not frozen.is_frozen:
        raise ValidationError(
            "The submitted report's PDF is still being prepared: reopen it once the PDF is ready"
        )
    frozen.reopened_by, frozen.reopened_at, frozen.reopen_reason = by, timezone.now(), reason
    save_with_history(frozen, by=by, reason=f"Reopened: {reason}")
    report.version = frozen.number + 1
    report.status = Report.Status.DRAFT
    save_with_history(report, by=by, reason=f"Reopened: {reason}")
    _new_version(
        report,
        report.version,
        cutoff=timezone.now(),
        by=by,
        reason=f"New version after reopening: {reason}",
        narrative_from=frozen,
    )
    return report


def _locked(report: Report) -> Report:
    """The report read again under a row lock, so two people cannot move it at once."""
    return Report.objects.select_for_update().select_related("intervention").get(pk=report.pk)


# ---------------------------------------------------------------------------------------------
# Reports sent outside the service


@transaction.atomic
def record_received_report(
    report: Report,
    *,
    by,
    sent_at: datetime.datetime,
    source: str,
    overall_assessment: str,
    recommendation: str,
    risks: str = "",
) -> Report:
    """Record a report its author sent outside the service (a loaded case study's real report)
    as the submitted report for its period: its narrative is the document's own words, it is
    signed off and submitted when it was sent, and frozen like any submitted report. ``by`` is
    the process recording it (the document names the people)."""
    report = _locked(report)
    if report.is_submitted:
        raise ValidationError("This report was already submitted")
    source = source.strip()
    if not source or not overall_assessment.strip() or not recommendation.strip():
        raise ValidationError("Name the document and give its assessment and recommendation")
    version = report.current_version()
    version.overall_assessment = overall_assessment.strip()
    version.recommendation = recommendation.strip()
    version.risks = risks.strip()
    version.signed_off_by = version.submitted_by = by
    version.signed_off_at = version.submitted_at = sent_at
    report.source = source[:300]
    report.status = Report.Status.SUBMITTED
    reason = f"Received outside the service: {source}"[:100]
    save_with_history(report, by=by, reason=reason)
    freeze(version)
    save_with_history(version, by=by, reason=reason)
    _lock_cited_entries(version, by=by)
    return report
