"""The report workflow, reachable and losing nothing: Reports in every role's navigation; the
report list filtered by authority, status and period; the commissioner's reports due on their
home page; a narrative saved from an out-of-date page refused with the text kept; signed off as
a state of its own; submission confirmed first; the PDF rendered by the worker after the
submission commits, with a time limit, safely twice; and the first sweep as the worker starts.

Reports are made with ``services.generate_report`` for interventions whose commissioner is
appointed on the day the intervention opens, so that the reporting periods start that day
whichever way they are worked out."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.history import system_user
from interventions import services as intervention_services
from interventions.models import Intervention
from interventions.tests.factories import LocalAuthorityFactory
from reporting import services
from reporting.models import Report

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
