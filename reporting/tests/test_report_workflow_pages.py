"""The report workflow, reachable and losing nothing: Reports in every role's navigation; the
report list filtered by authority, status and period; the commissioner's reports due on their
home page; a narrative saved from an out-of-date page refused with the text kept; signed off as
a state of its own; submission confirmed first; the PDF rendered by the worker after the
submission commits, with a time limit, safely twice; and the first sweep as the worker starts.

Reports are made with ``services.generate_report`` for interventions whose commissioner is
appointed on the day the intervention opens, so that the reporting periods start that day
whichever way they are worked out."""

import datetime
import os
import re
import subprocess
import sys
import types
import uuid
from pathlib import Path

import pytest
from celery.app.task import Task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from core.history import system_user
from core.testing import database_url_for_test_db, terminate, wait_for
from interventions import services as intervention_services
from interventions.models import Intervention
from interventions.services import EditConflict
from interventions.tests.factories import LocalAuthorityFactory
from reporting import services, tasks
from reporting.models import Report, ReportVersion
from reporting.reports.forms import LONG_TEXT_MAX

pytestmark = pytest.mark.django_db

D = datetime.date
NARRATIVE = {
    "overall_assessment": "Progress is real but fragile.",
    "risks": "Recruitment of social workers.",
    "recommendation": "Keep the direction in place.",
}


def month_start(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after ``day``'s (before, when negative)."""
    index = day.month - 1 + months
    return datetime.date(day.year + index // 12, index % 12 + 1, 1)


class World:
    """Interventions whose commissioner (a person linked to ``user``) was appointed the day
    each opened, and their reports, made by the reports system user."""

    def __init__(self, user, name: str = "Commissioner"):
        self.by = system_user("report-page-tests")
        self.person = intervention_services.add_commissioner(
            by=self.by, name=name, email=f"{name.lower()}@example.gov.uk", user=user
        )

    def intervention(self, authority: str, opened_on: datetime.date) -> Intervention:
        intervention = intervention_services.open_intervention(
            LocalAuthorityFactory(name=authority), by=self.by, opened_on=opened_on
        )
        intervention_services.appoint_commissioner(
            intervention, self.person, by=self.by, starts_on=opened_on
        )
        return intervention

    def report(self, intervention: Intervention, period_start: datetime.date) -> Report:
        report, _ = services.generate_report(intervention, period_start, by=self.by)
        return report

    def reports(self, intervention: Intervention, count: int) -> list[Report]:
        """The first ``count`` quarterly reports of the intervention."""
        opened = intervention.opened_on
        return [self.report(intervention, month_start(opened, 3 * i)) for i in range(count)]


@pytest.fixture
def world(commissioner) -> World:
    return World(commissioner)


@pytest.fixture
def northtown(world) -> Intervention:
    return world.intervention("Northtown", D(2017, 1, 1))


@pytest.fixture
def report(world, northtown) -> Report:
    """A draft, long overdue: the quarter from 1 January 2017."""
    return world.report(northtown, D(2017, 1, 1))


def recent(world, authority: str = "Recentshire") -> Report:
    """The report for the quarter that ended last month: due by the end of this month, so not
    overdue."""
    opened = month_start(timezone.localdate(), -3)
    [report] = world.reports(world.intervention(authority, opened), 1)
    return report


def token(report: Report) -> str:
    return services.narrative_token(report.current_version())


def sign_off(report, commissioner) -> Report:
    services.update_narrative(report, by=commissioner, **NARRATIVE)
    return services.sign_off_report(report, by=commissioner)


def submit(report, commissioner, official) -> Report:
    sign_off(report, commissioner)
    return services.submit_report(report, by=official)


def words(response) -> str:
    """The page's text, tags dropped and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return re.sub(r" ([:,.])", r"\1", text)


# Reachable: Reports in every role's navigation -----------------------------------------------


@pytest.mark.parametrize("role", ["commissioner", "official", "admin_user"])
def test_every_role_has_reports_in_the_service_navigation(client, request, role):
    client.force_login(request.getfixturevalue(role))
    reports = reverse("reporting:report_list")

    home = client.get(reverse("core:home"), follow=True).content.decode()
    listing = client.get(reports).content.decode()

    link = f'<a class="govuk-service-navigation__link" href="{reports}"'
    assert link in home
    assert f'{link} aria-current="page">' in listing
    assert "govuk-service-navigation__item--active" in listing


def test_a_report_page_marks_reports_as_the_current_section(client, commissioner, report):
    client.force_login(commissioner)
    page = client.get(report.get_absolute_url()).content.decode()

    reports = reverse("reporting:report_list")
    assert f'href="{reports}" aria-current="true">' in page


# The report list: filters, scope and queries --------------------------------------------------


@pytest.fixture
def portfolio(world, other_commissioner):
    """Reports in two authorities of the commissioner's and one of another commissioner's."""
    north = world.intervention("Northtown", D(2017, 1, 1))
    south = world.intervention("Southtown", D(2017, 4, 1))
    others = World(other_commissioner, "Other").intervention("Westshire", D(2017, 1, 1))
    reports = {
        "north": world.reports(north, 3),  # Jan-Mar, Apr-Jun, Jul-Sep 2017
        "south": world.reports(south, 2),  # Apr-Jun, Jul-Sep 2017
        "west": [services.generate_report(others, D(2017, 1, 1), by=world.by)[0]],
    }
    return types.SimpleNamespace(north_town=north, south_town=south, west_town=others, **reports)


def listed(client, **query) -> list[tuple[str, str]]:
    response = client.get(reverse("reporting:report_list"), query)
    assert response.status_code == 200
    return [(r.intervention.authority.name, r.period_label) for r in response.context["reports"]]


def test_the_list_filters_by_authority_status_and_period(client, commissioner, portfolio):
    sign_off(portfolio.north[1], commissioner)
    client.force_login(commissioner)
    south = str(portfolio.south_town.authority_id)

    assert len(listed(client)) == 5
    assert listed(client, authority=south) == [
        ("Southtown", "July to September 2017"),
        ("Southtown", "April to June 2017"),
    ]
    assert listed(client, status="signed_off") == [("Northtown", "April to June 2017")]
    assert listed(client, period="2017-Q2") == [
        ("Northtown", "April to June 2017"),
        ("Southtown", "April to June 2017"),
    ]
    assert listed(client, authority=south, period="2017-Q3", status="draft") == [
        ("Southtown", "July to September 2017")
    ]
    assert len(listed(client, status="overdue")) == 5  # signed off is not yet submitted


def test_the_filters_offer_only_what_the_user_may_see(client, commissioner, portfolio):
    client.force_login(commissioner)
    form = client.get(reverse("reporting:report_list")).context["form"]

    authorities = [label for _, label in form.fields["authority"].choices]
    periods = [label for _, label in form.fields["period"].choices]
    assert authorities == ["All local authorities", "Northtown", "Southtown"]
    assert periods == [
        "All periods",
        "July to September 2017",
        "April to June 2017",
        "January to March 2017",
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"authority": "not-a-number"}, "Choose a local authority from the list"),
        ({"status": "lost"}, "Choose a status from the list"),
        ({"period": "2017-Q5"}, "Choose a period from the list"),
        ({"period": "'; DROP TABLE reporting_report; --"}, "Choose a period from the list"),
    ],
)
def test_a_bad_filter_gives_a_govuk_error_and_is_left_out(
    client, commissioner, portfolio, query, message
):
    client.force_login(commissioner)
    response = client.get(reverse("reporting:report_list"), query)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page and "There is a problem" in page
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in page
    assert len(response.context["reports"]) == 5  # the other filters (none here) still apply


@pytest.mark.parametrize("page", ["0", "-1", "999", "x", "1.5"])
def test_a_bad_page_number_shows_a_page_not_an_error(client, commissioner, portfolio, page):
    client.force_login(commissioner)
    assert client.get(reverse("reporting:report_list"), {"page": page}).status_code == 200


def test_a_commissioner_lists_only_their_own_interventions_reports(
    client, commissioner, other_commissioner, portfolio
):
    client.force_login(other_commissioner)
    assert listed(client) == [("Westshire", "January to March 2017")]
    # Another's authority is not among their choices: refused, and nothing of it shown.
    response = client.get(
        reverse("reporting:report_list"), {"authority": portfolio.north_town.authority_id}
    )
    assert "Choose a local authority from the list" in response.content.decode()
    assert "Northtown" not in response.content.decode()

    client.force_login(commissioner)
    assert "Westshire" not in client.get(reverse("reporting:report_list")).content.decode()


def test_the_list_pages_through_many_reports_in_constant_queries(
    client, official, world, django_assert_max_num_queries
):
    for index in range(3):
        world.reports(world.intervention(f"Town {index}", D(2016, 1, 1)), 10)
    client.force_login(official)
    url = reverse("reporting:report_list")

    # Sign-in, roles, the filters' choices, the count and the page's rows (savepoints aside).
    with django_assert_max_num_queries(12):
        first = client.get(url, {"status": "overdue"})
    with django_assert_max_num_queries(12):
        second = client.get(url, {"status": "overdue", "page": "2"})

    assert len(first.context["reports"]) == 25 and len(second.context["reports"]) == 5
    page = second.content.decode()
    assert "Showing 26 to 30 of 30 reports" in page
    assert 'href="?status=overdue&amp;page=1#reports-heading"' in page  # filters kept


# The commissioner's home: reports due first ---------------------------------------------------


def test_the_commissioners_home_lists_reports_due_and_overdue_first(
    client, commissioner, official, world, report
):
    due_soon = recent(world)
    submitted = world.report(report.intervention, D(2017, 4, 1))
    submit(submitted, commissioner, official)
    client.force_login(commissioner)

    response = client.get(reverse("commissioner_home"))

    page = response.content.decode()
    assert [r.pk for r in response.context["reports_due"]] == [report.pk, due_soon.pk]
    assert page.index("Reports due") < page.index("Current appointments")
    text = words(response)
    assert (
        f"Northtown: report for January to March 2017 January to March 2017 30 April 2017 "
        f"Draft Overdue Recentshire: report for {due_soon.period_label}"
    ) in text
    assert f"{due_soon.due_on.day} {due_soon.due_on:%B %Y} Draft" in text
    assert page.count('govuk-tag--red">Overdue<') == 1
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page
    assert f'href="{report.get_absolute_url()}"' in page
    assert f'href="{submitted.get_absolute_url()}"' not in page


def test_the_home_reads_due_dates_from_the_report_rows(client, commissioner, report):
    report.due_on = D(2017, 5, 15)  # as if the rule had been different when it was made
    report.save()
    client.force_login(commissioner)

    assert "15 May 2017" in words(client.get(reverse("commissioner_home")))


def test_a_signed_off_report_stays_on_the_home_until_submitted(client, commissioner, report):
    sign_off(report, commissioner)
    client.force_login(commissioner)

    text = words(client.get(reverse("commissioner_home")))
    assert "30 April 2017 Signed off Overdue" in text


def test_the_home_shows_reports_due_in_constant_queries(
    client, commissioner, world, django_assert_max_num_queries
):
    url = reverse("commissioner_home")
    client.force_login(commissioner)
    towns = [world.intervention(f"Town {index}", D(2016, 1, 1)) for index in range(4)]
    for town in towns:
        world.reports(town, 1)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for town in towns:
        world.reports(town, 5)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["reports_due"]) == 20


def test_officials_home_list_has_no_reports_due_section(client, official, report):
    client.force_login(official)
    response = client.get(reverse("commissioner_home"))
    assert "Reports due" not in response.content.decode()


# The narrative: refusing a stale save, losing nothing ----------------------------------------


def narrative_url(report) -> str:
    return reverse("reporting:report_narrative", args=[report.pk])


def test_the_narrative_form_carries_the_token_of_what_it_shows(client, commissioner, report):
    client.force_login(commissioner)
    form = client.get(narrative_url(report)).context["form"]

    assert form.initial["based_on"] == token(report)
    page = client.get(narrative_url(report)).content.decode()
    assert f'<input type="hidden" name="based_on" value="{token(report)}"' in page


def test_a_save_from_an_out_of_date_page_is_refused_and_the_text_kept(client, commissioner, report):
    client.force_login(commissioner)
    opened = token(report)  # two tabs open on the same narrative
    first = {**NARRATIVE, "based_on": opened}
    assert client.post(narrative_url(report), first).status_code == 302

    mine = {
        "overall_assessment": "My own assessment, typed in the second tab.",
        "risks": "Recruitment of social workers.",
        "recommendation": "Lift the direction.",
        "based_on": opened,
    }
    response = client.post(narrative_url(report), mine)

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "<title>Error:" in page
    assert (
        "This report was changed by commissioner while you were editing it. Your text has not "
        "been saved: it is shown below so you can copy it"
    ) in page
    assert "My own assessment, typed in the second tab.</textarea>" in page
    assert "Lift the direction.</textarea>" in page
    assert "Progress is real but fragile." in page  # theirs, under "See what is saved now"
    assert "Recommendation to the Minister was changed to" in page
    assert "Risks was changed" not in page  # the same in both
    version = report.current_version()
    assert version.overall_assessment == NARRATIVE["overall_assessment"]
    assert version.history.count() == 2  # generated, then the first save only

    # Saving again, knowingly, replaces theirs: the page now carries the current token.
    again = {**mine, "based_on": response.context["form"].data["based_on"]}
    assert client.post(narrative_url(report), again).status_code == 302
    assert report.current_version().recommendation == "Lift the direction."


def test_the_service_refuses_a_stale_token_with_an_edit_conflict(commissioner, report):
    stale = token(report)
    services.update_narrative(report, by=commissioner, based_on=stale, **NARRATIVE)

    with pytest.raises(EditConflict) as conflict:
        services.update_narrative(report, by=commissioner, based_on=stale, **NARRATIVE)
    assert conflict.value.current.overall_assessment == NARRATIVE["overall_assessment"]


def test_a_save_without_a_token_is_refused_and_the_text_kept(client, commissioner, report):
    client.force_login(commissioner)
    response = client.post(narrative_url(report), {**NARRATIVE, "based_on": "old"})

    page = response.content.decode()
    assert "This page is out of date. Your text has not been saved" in page
    assert "Keep the direction in place.</textarea>" in page
    assert report.current_version().recommendation == ""


def test_a_save_after_sign_off_in_another_tab_keeps_the_text(client, commissioner, report):
    client.force_login(commissioner)
    opened = token(report)
    sign_off(report, commissioner)

    response = client.post(
        narrative_url(report), {**NARRATIVE, "risks": "Typed late", "based_on": opened}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "This report was signed off while you were editing it" in page
    assert "Typed late</textarea>" in page


def test_a_narrative_as_long_as_a_40_page_report_is_saved(client, commissioner, report):
    client.force_login(commissioner)
    long = "x" * LONG_TEXT_MAX
    data = {**NARRATIVE, "overall_assessment": long, "based_on": token(report)}

    assert client.post(narrative_url(report), data).status_code == 302
    assert report.current_version().overall_assessment == long


def test_a_narrative_too_long_gives_a_govuk_error_and_is_kept(client, commissioner, report):
    client.force_login(commissioner)
    data = {**NARRATIVE, "risks": "y" * (LONG_TEXT_MAX + 1), "based_on": token(report)}

    response = client.post(narrative_url(report), data)

    page = response.content.decode()
    assert "Risks must be 100,000 characters or fewer" in page
    assert "y" * (LONG_TEXT_MAX + 1) + "</textarea>" in page
    assert report.current_version().risks == ""


def test_a_long_reason_is_taken_and_a_too_long_one_explained(
    client, commissioner, official, report
):
    sign_off(report, commissioner)
    client.force_login(official)
    url = reverse("reporting:report_return", args=[report.pk])

    too_long = client.post(url, {"return-reason": "z" * (LONG_TEXT_MAX + 1)})
    assert "Reason must be 100,000 characters or fewer" in too_long.content.decode()
    assert client.post(url, {"return-reason": "w" * 5000}).status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


# Signed off, and submission confirmed --------------------------------------------------------


def test_signed_off_shows_its_own_tag_and_who_signed_it_off_and_when(
    client, commissioner, official, report
):
    sign_off(report, commissioner)
    signed = timezone.localtime(report.current_version().signed_off_at)
    client.force_login(official)

    response = client.get(report.get_absolute_url())

    page = response.content.decode()
    assert '<strong class="govuk-tag govuk-tag--blue">Signed off</strong>' in page
    text = words(response)
    assert f"Signed off commissioner, {signed.day} {signed:%B %Y} at" in text
    assert "Signed off by the commissioner" in text
    assert f"commissioner signed this report off on {signed.day} {signed:%B %Y} at" in text
    assert "it is overdue: it was due on 30 April 2017" in text
    assert reverse("reporting:report_submit", args=[report.pk]) in page


def test_submitting_asks_for_confirmation_saying_what_will_be_frozen(
    client, commissioner, official, report
):
    sign_off(report, commissioner)
    client.force_login(official)
    url = reverse("reporting:report_submit", args=[report.pk])

    response = client.get(url)

    assert response.status_code == 200
    text = words(response)
    version = report.current_version()
    assert "Submit this report to the Minister?" in text
    assert version.content_sha256 in text
    assert "signed off by commissioner" in text
    assert "The report as HTML, stored now, and as a PDF, prepared in the next few minutes" in text
    assert "You cannot undo this" in text
    report.refresh_from_db()
    assert report.status == Report.Status.SIGNED_OFF  # asking changed nothing
    assert f'<form method="post" action="{url}">' in response.content.decode()


@pytest.mark.parametrize("state", ["draft", "submitted"])
def test_the_confirmation_sends_a_report_not_ready_back_to_it(
    client, commissioner, official, report, state
):
    if state == "submitted":
        submit(report, commissioner, official)
    client.force_login(official)

    response = client.get(reverse("reporting:report_submit", args=[report.pk]), follow=True)

    assert response.redirect_chain == [(report.get_absolute_url(), 302)]
    expected = {"draft": "This report is a draft", "submitted": "already been submitted"}
    assert expected[state] in response.content.decode()


def test_only_an_official_is_asked_to_confirm(client, commissioner, other_commissioner, report):
    sign_off(report, commissioner)
    url = reverse("reporting:report_submit", args=[report.pk])
    client.force_login(commissioner)
    assert client.get(url).status_code == 403
    client.force_login(other_commissioner)
    assert client.get(url).status_code == 404


# The PDF: rendered by the worker after the submission commits ---------------------------------


def test_submission_stores_content_and_html_and_queues_the_pdf_after_the_commit(
    commissioner, official, report, monkeypatch, django_capture_on_commit_callbacks
):
    sign_off(report, commissioner)
    queued = []
    monkeypatch.setattr(tasks.render_report_pdf, "delay", lambda *args: queued.append(args))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submit_report(report, by=official)
        version = report.current_version()
        assert queued == []  # nothing queued before the commit
        assert (version.is_frozen, bytes(version.pdf), version.sha256) == (False, b"", "")
        assert version.html.startswith("<!DOCTYPE html>") and version.submitted_at
    for callback in callbacks:
        callback()

    assert queued == [(version.pk,)]
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


def test_the_pdf_task_completes_the_freeze_and_is_safe_to_run_twice(commissioner, official, report):
    submit(report, commissioner, official)
    version = report.current_version()
    html = version.html

    first = tasks.render_report_pdf(version.pk)
    rows = version.history.count()
    second = tasks.render_report_pdf(version.pk)

    version = ReportVersion.objects.get(pk=version.pk)
    assert first == second == version.sha256 == services.bundle_sha256(version)
    assert version.history.count() == rows  # the second run wrote nothing
    assert bytes(version.pdf).startswith(b"%PDF-") and version.html == html
    assert version.frozen_at == version.submitted_at
    history = version.history.order_by("-history_id").first()
    assert history.history_user.username == "system:reports"
    assert history.history_change_reason == "PDF rendered: the submitted report is frozen"


def test_the_pdf_task_has_a_time_limit_and_is_retried():
    task = tasks.render_report_pdf
    assert (task.soft_time_limit, task.time_limit) == (180, 240)
    assert task.soft_time_limit < task.time_limit
    assert SoftTimeLimitExceeded in task.autoretry_for
    assert any(issubclass(OperationalError, kind) for kind in task.autoretry_for)
    assert DatabaseError in task.autoretry_for
    assert (task.acks_late, task.max_retries) == (True, 3)


def test_a_pdf_that_takes_too_long_is_retried_and_nothing_half_frozen(
    commissioner, official, report, monkeypatch
):
    submit(report, commissioner, official)
    attempts = []

    def too_slow(html):
        attempts.append(1)
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services, "render_pdf", too_slow)
    result = tasks.render_report_pdf.apply(args=[report.current_version().pk])

    assert result.state == "FAILURE" and len(attempts) == 4  # the first try and 3 retries
    assert not report.current_version().is_frozen


def test_the_report_page_says_the_pdf_is_being_prepared_until_it_exists(
    client, commissioner, official, report
):
    submit(report, commissioner, official)
    client.force_login(official)
    version = report.current_version()
    pdf_url = reverse("reporting:report_pdf", args=[report.pk, 1])

    page = client.get(report.get_absolute_url()).content.decode()
    assert "PDF being prepared" in page and pdf_url not in page
    pending = client.get(pdf_url, follow=True)
    assert pending.redirect_chain == [(report.get_absolute_url(), 302)]
    assert "The PDF is being prepared" in pending.content.decode()
    # The HTML is stored at submission: it can be read at once.
    html_url = reverse("reporting:report_document", args=[report.pk, 1])
    assert client.get(html_url).content.decode() == version.html

    tasks.render_report_pdf(version.pk)

    page = client.get(report.get_absolute_url()).content.decode()
    assert "PDF being prepared" not in page and pdf_url in page
    assert client.get(pdf_url).content == bytes(ReportVersion.objects.get(pk=version.pk).pdf)


def test_submission_stands_when_the_broker_is_down_and_the_sweep_queues_the_pdf(
    commissioner, official, report, monkeypatch, django_capture_on_commit_callbacks
):
    sign_off(report, commissioner)

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(Task, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(report, by=official)
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    version = report.current_version()
    assert not version.is_frozen

    monkeypatch.undo()
    queued = []
    monkeypatch.setattr(
        tasks.render_report_pdf, "apply_async", lambda args, **o: queued.append(args)
    )
    monkeypatch.setattr(tasks.generate_report, "apply_async", lambda *a, **o: None)
    monkeypatch.setattr(tasks.send_report_reminders, "apply_async", lambda *a, **o: None)
    tasks.generate_due_reports.apply(args=[timezone.localdate().isoformat()])

    assert queued == [(version.pk,)]


def test_an_operator_renders_the_pdfs_waiting_with_the_worker_down(
    commissioner, official, report, capsys
):
    submit(report, commissioner, official)

    call_command("render_report_pdfs")
    version = report.current_version()
    assert version.is_frozen and version.sha256 == services.bundle_sha256(version)
    assert f"SHA-256 {version.sha256}" in capsys.readouterr().out

    call_command("render_report_pdfs", report=report.pk)
    assert "0 PDFs rendered" in capsys.readouterr().out


def test_a_report_is_reopened_only_once_its_pdf_is_ready(
    client, commissioner, official, admin_user, report
):
    submit(report, commissioner, official)
    with pytest.raises(ValidationError):
        services.reopen_report(report, by=admin_user, reason="Too soon")
    client.force_login(admin_user)

    response = client.post(
        reverse("reporting:report_reopen", args=[report.pk]), {"reopen-reason": "Too soon"}
    )

    assert response.status_code == 200
    assert "still being prepared" in response.content.decode()
    tasks.render_report_pdf(report.current_version().pk)
    services.reopen_report(report, by=admin_user, reason="Now")
    report.refresh_from_db()
    assert report.version == 2


# The first sweep as the worker starts ----------------------------------------------------------


def consumer_of(*queues: str):
    """What Celery sends worker_ready from, as far as the sweep reads it: a worker consuming
    ``queues`` of an app whose default queue is "celery"."""

    class Consumer:
        app = types.SimpleNamespace(
            conf=types.SimpleNamespace(task_default_queue="celery"),
            amqp=types.SimpleNamespace(
                queues=types.SimpleNamespace(consume_from={q: object() for q in queues})
            ),
        )

    return Consumer()


@pytest.fixture
def sweeps_queued(monkeypatch) -> list:
    queued = []
    monkeypatch.setattr(
        tasks.generate_due_reports, "apply_async", lambda *a, **options: queued.append(options)
    )
    return queued


def test_a_worker_taking_beats_sweeps_queues_the_first_as_it_starts(sweeps_queued):
    worker_ready.send(sender=consumer_of("celery"))

    assert sweeps_queued == [{"queue": "celery", "expires": settings.REPORTS_SWEEP_SECONDS}]


def test_a_worker_on_queues_of_its_own_does_not_sweep_as_it_starts(sweeps_queued):
    worker_ready.send(sender=consumer_of("test-1234"))

    assert sweeps_queued == []


def start_worker_on_the_default_queue(tmp_path: Path) -> subprocess.Popen:
    """The worker program as production runs it (on the default queue), on the test database,
    with a broker of its own when the broker is the filesystem (its folders under tmp_path)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_test_db(),
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "VAR_DIR": str(tmp_path),
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "1"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO"]
    command += ["--hostname", f"sweep-{uuid.uuid4().hex[:8]}@%h"]
    log = (tmp_path / "worker.log").open("w")
    return subprocess.Popen(  # noqa: S603 (our own program, fixed arguments)
        command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_makes_the_reports_due_as_it_starts(tmp_path, commissioner):
    world = World(commissioner)
    opened = month_start(timezone.localdate(), -7)
    intervention = world.intervention("Startshire", opened)  # two quarters owed

    worker = start_worker_on_the_default_queue(tmp_path)  # nothing is sent to it
    try:
        wait_for(lambda: Report.objects.filter(intervention=intervention).count() >= 2, 120)
        log = (tmp_path / "worker.log").read_text()
    finally:
        terminate(worker)

    assert "First reports sweep queued as the worker started" in log
    assert "reporting.tasks.generate_due_reports" in log
