"""Torbay's report for the quarter holding 30 June 2017, generated from the case studies.

The commissioner was appointed on 13 May 2016 and reports quarterly from that day, so the
quarter is 13 May to 12 August 2017: it states the 5 April recommendation of Plymouth (still the
standing recommendation) and the 30 June "minded to"; generated again, the same SHA-256; and a
PDF fit to send to a Minister."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from interventions.case_studies import reference
from interventions.models import Intervention
from reporting import services
from reporting.case_studies import load_case_studies
from reporting.models import Report, ReportVersion
from reporting.reports.document import render_document, static_files_fetcher

QUARTER_START = "2017-05-13"
LABEL = "May to August 2017"


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The case studies, loaded once for this module and rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_case_studies()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def torbay(loaded, db) -> Intervention:
    return Intervention.objects.get(authority__ons_code=reference.TORBAY, opened_on__year=2016)


def generate(torbay) -> tuple[str, ReportVersion]:
    out = StringIO()
    call_command(
        "generate_reports", "--period", "2017Q3", "--intervention", str(torbay.pk), stdout=out
    )
    report = Report.objects.get(intervention=torbay, period_start=QUARTER_START)
    return out.getvalue(), report.current_version()


def test_torbays_mid_2017_report_states_the_recommendation_and_the_decision(torbay):
    output, version = generate(torbay)
    content = version.content_data()

    assert f"Generated Torbay: report for {LABEL}" in output
    assert content["period"] == {"start": "2017-05-13", "end": "2017-08-12"}
    [assessment] = content["adm"]["assessments"]
    plymouth = next(o for o in assessment["options"] if o["partner"] == "Plymouth")
    assert (plymouth["outcome"], plymouth["outcome_on"]) == ("recommended", "2017-04-05")
    assert assessment["concluded_on"] == "2017-04-05"
    assert assessment["recommended_partner"] == "Plymouth"
    minded_to = [d for d in content["adm"]["decisions"] if d["decided_in_period"]]
    assert [(d["stage"], d["decided_on"]) for d in minded_to] == [("minded_to", "2017-06-30")]
    # No board meeting of the quarter is in the sources, so none is reported.
    assert content["activity"]["board_meetings"] == []


def test_generating_torbays_report_again_gives_the_same_sha256(torbay):
    output, version = generate(torbay)
    first_sha = version.content_sha256
    assert first_sha in output

    output_again, _ = generate(torbay)
    assert f"Already there: Torbay: report for {LABEL} (SHA-256 {first_sha})" in (output_again)

    # Generated afresh from nothing (the report deleted, as only a test may), the same bytes.
    report = version.report
    ReportVersion.objects.filter(report=report).delete()
    Report.objects.filter(pk=report.pk).delete()
    _, regenerated = generate(torbay)
    assert regenerated.report.pk != report.pk
    assert regenerated.content == version.content
    assert regenerated.content_sha256 == first_sha


def margin_texts(page) -> dict[str, str]:
    """The text in each margin box of a laid-out WeasyPrint page."""
    texts = {}
    for box in page._page_box.children:
        if type(box).__name__ == "MarginBox":
            words = [d.text for d in box.descendants() if getattr(d, "text", None)]
            texts[box.at_keyword] = " ".join(words)
    return texts


def test_the_pdf_marks_every_page_with_the_marking_authority_period_date_and_page_number(
    torbay, commissioner, official
):
    from weasyprint import HTML

    _, version = generate(torbay)
    report = version.report
    appointment = torbay.appointments.get()
    appointment.commissioner.user = commissioner
    appointment.commissioner.save()
    services.update_narrative(
        report,
        by=commissioner,
        overall_assessment="Improving from a low baseline; pace remains problematic.",
        risks="Sustainability.",
        recommendation="Proceed with Plymouth.",
    )
    services.sign_off_report(report, by=commissioner)
    services.submit_report(report, by=official)
    version.refresh_from_db()

    document = HTML(
        string=version.html, base_url="file:///", url_fetcher=static_files_fetcher()
    ).render()
    pages = document.pages
    submitted_on = f"{timezone.localtime(version.submitted_at):%-d %B %Y}"
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        margins = margin_texts(page)
        assert margins["@top-left"] == "OFFICIAL-SENSITIVE"
        assert margins["@bottom-center"] == "OFFICIAL-SENSITIVE"
        assert margins["@top-right"] == f"Torbay Council: {LABEL}"
        assert margins["@bottom-left"] == f"Submitted to the Minister on {submitted_on}"
        assert margins["@bottom-right"] == f"Page {number} of {len(pages)}"
    assert render_document(version) == version.html  # the stored HTML renders again exactly
    assert 'font-family: "GDS Transport"' in version.html
