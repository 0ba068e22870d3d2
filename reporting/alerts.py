"""Importing Ofsted's new publications, and telling officials when the picture changes.

``import_ofsted_outcomes`` is the one import service: the command and the admin page call it.
It reads and checks the whole file first, then, in one transaction, notes which presumption
rules apply to the authorities the file names, applies the file (``inspections.importing``),
asks again, and stores an ``Alert`` for each rule that newly applies and each new Inadequate
judgement for an authority with no open intervention. The alerts are emailed to DfE officials
after the transaction commits (a Celery task); a dry run rolls everything back and sends nothing.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from authorities.models import LocalAuthority
from core import roles
from inspections.importing import ImportResult, apply_publication, read_publication
from inspections.models import Area, Grade, Inspection
from interventions.models import Intervention

from .models import Alert
from .watchlist.presumption import presumption_answers, rules_on

logger = logging.getLogger(__name__)


@dataclass
class ImportOutcome:
    """What an import did (or, in a dry run, would do), and the alerts it raised."""

    result: ImportResult
    alerts: list[Alert] = field(default_factory=list)
    dry_run: bool = False


def import_ofsted_outcomes(
    path: Path | str,
    *,
    by,
    format: str | None = None,
    dry_run: bool = False,
    file_name: str | None = None,
    today: datetime.date | None = None,
) -> ImportOutcome:
    """Import one Ofsted publication (``format`` "ofsted" or "d2i", from the header when not
    given). A bad file raises ``core.loading.DataFileError`` and nothing changes."""
    publication = read_publication(path, format=format, file_name=file_name)
    cause = f"Imported {publication.file_name}"
    with transaction.atomic():
        result, alerts = watch(
            publication.authority_ids,
            lambda: apply_publication(publication, by=by),
            cause=cause,
            by=by,
            today=today,
            new_inadequate=lambda result: result.new_inadequate,
        )
        if dry_run:
            transaction.set_rollback(True)
        else:
            queue_emails(alerts)
    return ImportOutcome(result, alerts, dry_run)


def watch(
    authority_ids: Iterable[int],
    change: Callable[[], object],
    *,
    cause: str,
    by,
    today: datetime.date | None = None,
    new_inadequate: Callable[[object], list[tuple[Inspection, str]]] = lambda _: [],
) -> tuple[object, list[Alert]]:
    """Run ``change`` and store the alerts it raises for ``authority_ids`` (call it inside the
    change's transaction, so before and after are both that transaction's view)."""
    day = today or timezone.localdate()
    ids = set(authority_ids)
    before = applying_rules(ids, day)
    outcome = change()
    after = applying_rules(ids, day)
    alerts = [
        rule_alert(result, cause=cause, by=by)
        for key, result in sorted(after.items())
        if key not in before
    ]
    alerts += inadequate_alerts(new_inadequate(outcome), cause=cause, by=by, day=day)
    for alert in alerts:
        alert.save()
    return outcome, alerts


def applying_rules(authority_ids: set[int], day: datetime.date) -> dict[tuple[int, str], object]:
    """(authority id, rule slug) -> the result, for each rule in force that applies on ``day``."""
    if not authority_ids:
        return {}
    answers = presumption_answers(
        day,
        LocalAuthority.objects.filter(pk__in=authority_ids),
        Intervention.objects.all(),
        rules_on(day),
    )
    return {
        (answer.authority.pk, result.rule.slug): result
        for answer in answers
        for result in answer.applying_rules
    }


def rule_alert(result, *, cause: str, by) -> Alert:
    rule = result.rule
    return Alert(
        kind=Alert.Kind.RULE_APPLIES,
        authority=result.authority,
        inspection=result.latest,
        rule=rule,
        message=(
            f"{rule.name} (version {rule.version}) now applies to {result.authority.name}:"
            f" {result.reason}"
        ),
        cause=cause[:300],
        created_by=by,
    )


def inadequate_alerts(
    judged: list[tuple[Inspection, str]], *, cause: str, by, day: datetime.date
) -> list[Alert]:
    """One alert per inspection given a new Inadequate judgement, where no intervention is open."""
    areas: dict[Inspection, list[str]] = {}
    for inspection, area in judged:
        areas.setdefault(inspection, []).append(area)
    open_authorities = set(
        Intervention.objects.filter(opened_on__lte=day, closed_on__isnull=True)
        .filter(authority_id__in={inspection.authority_id for inspection in areas})
        .values_list("authority_id", flat=True)
    )
    return [
        Alert(
            kind=Alert.Kind.NEW_INADEQUATE,
            authority=inspection.authority,
            inspection=inspection,
            message=(
                f"{inspection.authority.name}: {inspection.label} {inspection.date_text},"
                f" {Grade.INADEQUATE.label} for "
                + "; ".join(Area(area).label.lower() for area in listed)
                + ". No intervention is open."
            ),
            cause=cause[:300],
            created_by=by,
        )
        for inspection, listed in areas.items()
        if inspection.authority_id not in open_authorities
    ]


def queue_emails(alerts: list[Alert]) -> None:
    """Email the alerts after the transaction commits (never for a rolled-back change)."""
    if not alerts:
        return
    from .tasks import email_alerts

    ids = [alert.pk for alert in alerts]

    def enqueue():
        try:
            email_alerts.delay(ids)
        except BrokerError:  # the alerts are stored: send them with ``send_alert_emails``
            logger.warning("Alerts %s not queued for email: the broker is down", ids)

    transaction.on_commit(enqueue)


def official_addresses() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.DFE_OFFICIAL)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def email_alerts(alert_ids: list[int]) -> int:
    """Email DfE officials the alerts not yet emailed (safe to run twice); how many went."""
    alerts = list(
        Alert.objects.unsent().filter(pk__in=alert_ids).select_related("authority", "rule")
    )
    to = official_addresses()
    if not alerts or not to:
        return 0
    lines = [f"- {alert.message}\n  Evidence: {alert.get_absolute_url()}" for alert in alerts]
    names = sorted({alert.authority.name for alert in alerts})
    subject = f"Ofsted changes: {', '.join(names[:3])}{' and others' if len(names) > 3 else ''}"
    body = (
        f"{alerts[0].cause} changed the picture:\n\n"
        + "\n".join(lines)
        + f"\n\nSign in to {settings.SERVICE_NAME} to see the evidence.\n\n"
        "This email is OFFICIAL-SENSITIVE. Do not forward it outside government."
    )
    sent = send_mail(subject, body, None, to)
    Alert.objects.filter(pk__in=[alert.pk for alert in alerts]).update(emailed_at=timezone.now())
    return sent


CHANGED_SINCE_DAYS = 30


def changed_since(day: datetime.date | None = None, limit: int = 20) -> tuple[datetime.date, list]:
    """The alerts raised since ``day`` (default: the last 30 days), newest first."""
    since = day or timezone.localdate() - datetime.timedelta(days=CHANGED_SINCE_DAYS)
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    alerts = Alert.objects.since(start).select_related("authority", "inspection", "rule")
    return since, list(alerts[:limit])
