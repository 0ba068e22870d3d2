"""Schemathesis against the API's own OpenAPI schema (``/api/schema/``), in process over WSGI.

Signed in as a DfE official and as a commissioner, with interventions, reports, inspections and
statistics in the database, every operation gets generated requests (valid and invalid
parameters, real and made-up ids) and must never answer 5xx, and every answer must match the
schema: its status code, content type, headers and body. A commissioner must never be shown
another commissioner's intervention or report.
"""

import csv
import datetime
import io
from collections import defaultdict
from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode

from authorities.models import LocalAuthority
from authorities.tests.factories import (
    LeadershipPostFactory,
    LocalAuthorityFactory,
    StatisticalNeighbourFactory,
    YearlyStatisticsFactory,
)
from core import api_tokens
from core.testing import fuzz
from inspections.tests.factories import graded, visit
from interventions.tests.factories import CommissionerFactory
from reporting.models import Report

from .dashboard_world import D, add_report, intervention_story

pytestmark = pytest.mark.django_db

# Repeatable in CI (derandomize), bounded in time: 10 operations x 25 examples per role, and
# schemathesis's own follow-up requests (the same request without the session, for one).
FUZZ = fuzz(max_examples=25)

# Every date parameter of the API is a day up to today (a later one is a 400 saying so, see
# test_api); OpenAPI cannot say "up to today", so valid dates are generated from that range.
schemathesis.openapi.format(
    "date", st.dates(max_value=datetime.date.today()).map(datetime.date.isoformat)
)


@pytest.fixture
def api_world(commissioner, other_commissioner):
    """Two commissioners' interventions (Torbay is ours, Slough theirs), reports of each,
    inspections and neighbours: enough rows that detail endpoints and filters find something."""
    torbay = LocalAuthorityFactory(
        name="Torbay", ons_code="E06000027", region=LocalAuthority.Region.SOUTH_WEST
    )
    slough = LocalAuthorityFactory(
        name="Slough", ons_code="E06000039", region=LocalAuthority.Region.SOUTH_EAST
    )
    mine = intervention_story(torbay, commissioner=CommissionerFactory(user=commissioner))
    theirs = intervention_story(slough, commissioner=CommissionerFactory(user=other_commissioner))
    StatisticalNeighbourFactory(authority=torbay, neighbour=slough, rank=1)
    LeadershipPostFactory(authority=torbay)
    YearlyStatisticsFactory(authority=torbay, cla_rate_per_10000=Decimal("93.5"))
    graded(torbay, "SLAC", "2010-10-22", safeguarding_overall="inadequate")
    visit(torbay, "2019-06-01")
    add_report(mine.intervention, D(2016, 1, 5), D(2016, 4, 4))
    add_report(mine.intervention, D(2016, 4, 5), D(2016, 7, 4), status=Report.Status.SUBMITTED)
    add_report(theirs.intervention, D(2016, 1, 5), D(2016, 4, 4))
    return mine, theirs


def token_of(user) -> str:
    """A personal API token of the user's (``Authorization: Bearer``)."""
    return api_tokens.create_api_token(user, by=user, name="schemathesis", days=1)[1]


def session_of(client, user) -> dict[str, str]:
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


def with_cookies(app, cookies: dict[str, str]):
    """``app``, every request to it carrying ``cookies``: to fetch the schema, which needs a
    signed-in user too. (Werkzeug's test client, which schemathesis drives, keeps cookies in its
    own jar and drops a Cookie header given by hand.)"""
    header = "; ".join(f"{name}={value}" for name, value in cookies.items())

    def app_with_cookies(environ, start_response):
        environ["HTTP_COOKIE"] = header
        return app(environ, start_response)

    return app_with_cookies


def cases(operation, real: dict[str, list]):
    """Requests for ``operation``: valid ones, invalid ones, and valid ones naming real rows."""
    named = {name: values for name, values in real.items() if f"{{{name}}}" in operation.path}
    strategies = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    if named:
        strategies.append(
            st.fixed_dictionaries({n: st.sampled_from(v) for n, v in named.items()}).flatmap(
                lambda path: operation.as_strategy(GenerationMode.POSITIVE, path_parameters=path)
            )
        )
    return st.one_of(strategies)


def fuzz(app, session, token, world, subtests, check_response=None) -> dict[str, set[int]]:
    """Every operation of the schema ``app`` serves, fuzzed with ``session``'s cookie (which
    schemathesis also takes away, expecting a 403); each operation is its own subtest.
    Returns the status codes each operation answered with."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/", with_cookies(app, session))
    schema.app = app
    mine, theirs = world
    real = {
        "id": [mine.intervention.pk, theirs.intervention.pk],
        "ons_code": [mine.authority.ons_code, theirs.authority.ons_code],
    }
    answered = defaultdict(set)
    for operation in [result.ok() for result in schema.get_all_operations()]:
        with subtests.test(operation.label):
            run(operation, real, session, token, answered[operation.label], check_response)
    return answered


def run(operation, real, session, token, answered: set[int], check_response=None) -> None:
    @FUZZ
    @given(case=cases(operation, real))
    def requests_are_answered_well(case):
        # The schema names the session cookie and a Bearer token; schemathesis generates a value
        # for one (a made-up one: the real session or token stands in) or, testing refusals,
        # neither.
        if "Authorization" in (case.headers or {}):
            case.headers["Authorization"] = f"Bearer {token}"
        signed_in = "sessionid" in (case.cookies or {})
        response = case.call_and_validate(cookies=session if signed_in else None)
        answered.add(response.status_code)
        if check_response:
            check_response(case, response)

    requests_are_answered_well()


@pytest.fixture(autouse=True)
def wsgi_app(settings):
    """Django's own WSGI application, run in the test's transaction.

    Django closes the database connection at the start and end of each request; inside a test
    that would lose the test's transaction, so (as Django's test client does) not here.
    """
    # Schemathesis's WSGI client sends "Host: localhost"; Django's test client "testserver".
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


ENDPOINTS = {
    "GET /api/authorities/",
    "GET /api/authorities/{ons_code}/",
    "GET /api/authorities/{ons_code}/inspections/",
    "GET /api/presumption/",
    "GET /api/interventions/",
    "GET /api/interventions/{id}/",
    "GET /api/interventions/{id}/entries/",
    "GET /api/interventions/{id}/board-meetings/",
    "GET /api/interventions/{id}/partner-days/",
    "GET /api/reports/",
}


def test_api_never_fails_and_matches_its_schema_for_an_official(
    wsgi_app, client, official, api_world, subtests
):
    session = session_of(client, official)
    answered = fuzz(wsgi_app, session, token_of(official), api_world, subtests)

    # Every endpoint was reached, and answered with data as well as with refusals (which
    # refusal depends on the examples drawn: without the session, a bad parameter, no such row).
    assert set(answered) == ENDPOINTS
    assert all(200 in codes and codes & {400, 401, 404} for codes in answered.values()), answered


def test_api_never_fails_matches_its_schema_and_keeps_scope_for_a_commissioner(
    wsgi_app, client, commissioner, api_world, subtests
):
    mine, theirs = api_world
    shown = set()

    def never_theirs(case, response):
        """No intervention (or report, entry, meeting or partner day of one) of the other
        commissioner's, ever."""
        if response.status_code != 200:
            return
        listed = {
            "/api/interventions/": "id",
            "/api/interventions/{id}/": "id",
            "/api/reports/": "intervention",
        }
        if case.path in listed:
            if "csv" in str(response.headers.get("Content-Type", response.headers)):
                rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
                shown.update(int(row[listed[case.path]]) for row in rows)
            else:
                body = response.json()
                shown.update(row[listed[case.path]] for row in body.get("results", [body]))
        elif case.path.startswith("/api/interventions/{id}/"):  # one intervention's records
            shown.add(int(case.path_parameters["id"]))
        assert theirs.intervention.pk not in shown

    session = session_of(client, commissioner)
    answered = fuzz(wsgi_app, session, token_of(commissioner), api_world, subtests, never_theirs)

    assert set(answered) == ENDPOINTS
    assert mine.intervention.pk in shown  # the check above saw real answers
    # For officials only: never an answer (401 without credentials, 404 for a format we do
    # not have, which content negotiation refuses first).
    assert 403 in answered["GET /api/presumption/"] <= {401, 403, 404}
    assert answered["GET /api/interventions/{id}/"] >= {200, 404}
    # The fuzzer may not draw the commissioner's own id for every nested list (it depends on
    # the database's ids): ask for it, and for the other's, by hand as well.
    assert 404 in answered["GET /api/interventions/{id}/entries/"]
    client.force_login(commissioner)
    for intervention, status in ((mine.intervention, 200), (theirs.intervention, 404)):
        response = client.get(f"/api/interventions/{intervention.pk}/entries/")
        assert response.status_code == status, intervention
