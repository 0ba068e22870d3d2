"""The case studies' reports after loading and a sweep on a later day (issue 13): reports only
where a duty owed one, starting with the commissioner's appointment and stopping where the
sources stop; the real reports recorded as the submitted reports they were."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from core.history import system_user
from interventions.case_studies import reference
from interventions.models import Intervention
from reporting.case_studies import load_case_studies
from reporting.models import Report

from .report_world import generate_missing

D = datetime.date
TODAY = D(2026, 12, 5)
SEED = "commissioner-report-2018-06-buckinghamshire.txt"


@pytest.fixture(scope="module")
def swept(django_db_setup, django_db_blocker):
    """The case studies loaded and swept on a day long after their sources end (once for the
    module, rolled back after its last test)."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_case_studies()
        by = system_user("report-sweep-tests")
        created = generate_missing(by=by, today=TODAY)
        yield created
        transaction.set_rollback(True)


def reports_of(ons_code: str):
    return Report.objects.filter(intervention__authority__ons_code=ons_code).order_by(
        "period_start"
    )


def words(text: str) -> str:
    return " ".join(text.split())


def test_no_report_where_no_commissioner_or_adviser_owed_one(swept, db):
    assert not reports_of(reference.ISLE_OF_WIGHT).exists()
    assert not reports_of(reference.SLOUGH).exists()
    torbay_2011 = Intervention.objects.get(
        authority__ons_code=reference.TORBAY, opened_on__year=2010
    )
    assert not torbay_2011.reports.exists()


def test_torbays_reports_start_at_the_appointment_and_stop_where_the_sources_stop(swept, db):
    torbay = Intervention.objects.get(authority__ons_code=reference.TORBAY, opened_on__year=2016)
    appointed = torbay.appointments.get().starts_on
    reports = list(torbay.reports.order_by("period_start"))

    assert reports[0].period_start == appointed == D(2016, 5, 13)
    assert all(r.kind == Report.Kind.COMMISSIONER for r in reports)
    assert all(r.period_end <= torbay.sources_end_on for r in reports)
    # Every whole quarter up to the sources' end, one after another, and none after.
    for before, after in zip(reports, reports[1:], strict=False):
        assert after.period_start == before.period_end + datetime.timedelta(days=1)
    assert reports[-1].period_end + datetime.timedelta(days=92) > torbay.sources_end_on
    # Reports the sources do not include are not chased as overdue years later.
    assert not Report.objects.overdue(TODAY).filter(intervention=torbay).exists()


def test_buckinghamshires_june_2018_report_is_the_submitted_report_in_its_words(swept, db):
    [report] = reports_of(reference.BUCKINGHAMSHIRE)
    version = report.current_version()
    seed = words((Path(settings.BASE_DIR).parent / "shared" / "seeds" / SEED).read_text())

    assert report.status == Report.Status.SUBMITTED and version.is_frozen
    assert "no valid case for the introduction of an ADM" in version.overall_assessment
    assert "There should be no alternative delivery model" in version.recommendation
    # Quoted, not paraphrased: every paragraph is the seed's own words.
    for paragraph in version.overall_assessment.split("\n\n"):
        assert words(paragraph.strip("\u201c\u201d")) in seed
    assert report.source.startswith("Report into Children's Services in Buckinghamshire")
    assert version.submitted_at.date() == D(2018, 6, 1)
    # Named as the council was in 2018, not as Buckinghamshire Council (2020).
    assert "Buckinghamshire County Council" in version.html
    assert "Buckinghamshire County Council" in version.content


def test_torbays_real_reports_are_submitted_in_their_periods(swept, db):
    torbay = Intervention.objects.get(authority__ons_code=reference.TORBAY, opened_on__year=2016)
    received = {r.period_start: r for r in torbay.reports.exclude(source="")}
    assert sorted(received) == [D(2016, 5, 13), D(2016, 8, 13), D(2017, 2, 13)]
    assert all(r.is_submitted for r in received.values())
    april = received[D(2017, 2, 13)].current_version()
    assert "Plymouth" in april.recommendation


def test_loading_again_records_nothing_new(swept, db):
    before = Report.objects.count(), Report.history.count()
    counts = load_case_studies()
    assert counts["reports received unchanged"] == 4
    assert counts["reports received created"] == 0
    assert (Report.objects.count(), Report.history.count()) == before


def test_the_report_list_says_which_reports_the_sources_do_not_include(swept, client, official):
    client.force_login(official)
    page = " ".join(
        client.get(reverse("reporting:report_list"), {"authority": ""}).content.decode().split()
    )
    torbay = Intervention.objects.get(authority__ons_code=reference.TORBAY, opened_on__year=2016)
    drafts = torbay.reports.exclude(status=Report.Status.SUBMITTED).count()
    assert drafts > 0
    assert page.count("Drafted from the records: not in the sources") == drafts
    assert "govuk-tag--red" not in page  # nothing chased as overdue
