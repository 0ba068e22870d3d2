"""The API as an analyst meets it: a Python client generated from the served schema with
openapi-python-client, a personal API token, a real server (``live_server``), and every
request and response checked against the schema by a strict OpenAPI 3.1 validator
(openapi-core, which validates the schema itself first with openapi-spec-validator). And
``?format=csv`` read by pandas, with typed columns."""

from __future__ import annotations

import importlib
import inspect
import io
import os
import pkgutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import pandas as pd
import pytest
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from authorities.models import LocalAuthority
from authorities.tests.factories import (
    LeadershipPostFactory,
    LocalAuthorityFactory,
    StatisticalNeighbourFactory,
    YearlyStatisticsFactory,
)
from core import api_tokens
from inspections.tests.factories import graded, visit
from interventions.tests.factories import (
    BoardMeetingFactory,
    CommissionerFactory,
    PartnerDayLogFactory,
    ProgressEntryFactory,
    ThemeRatingFactory,
)
from reporting.models import Report
from tests.browser.conftest import empty_every_table

from .dashboard_world import D, add_report, dated, intervention_story

# The live server needs committed data; each test starts from what the migrations wrote (the
# role groups), as the browser tests do.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PACKAGE = "oversee_api_client"
# Generous: the test machine may be busy, and a slow answer is not what this test is about.
TIMEOUT = httpx.Timeout(120)


@pytest.fixture(scope="module", autouse=True)
def database_as_migrations_left_it(django_db_setup, django_db_blocker) -> None:
    """Empty tables for the serialized rollback to reload (see tests/browser/conftest.py)."""
    with django_db_blocker.unblock():
        empty_every_table()


@pytest.fixture
def world(commissioner, other_commissioner):
    """Torbay (ours: entries, a board meeting, partner days, reports, inspections, neighbours,
    leaders and statistics) and Slough (another commissioner's)."""
    torbay = LocalAuthorityFactory(
        name="Torbay", ons_code="E06000027", region=LocalAuthority.Region.SOUTH_WEST
    )
    slough = LocalAuthorityFactory(
        name="Slough", ons_code="E06000039", region=LocalAuthority.Region.SOUTH_EAST
    )
    mine = intervention_story(torbay, commissioner=CommissionerFactory(user=commissioner))
    intervention_story(slough, commissioner=CommissionerFactory(user=other_commissioner))
    with dated(D(2018, 6, 1)):
        entry = ProgressEntryFactory(
            intervention=mine.intervention, occurred_on=D(2018, 6, 1), kind="event", actor="Cabinet"
        )
        ThemeRatingFactory(entry=entry, theme=mine.themes[0], rag="amber")
        BoardMeetingFactory(board__intervention=mine.intervention, held_on=D(2018, 6, 2))
        PartnerDayLogFactory(
            partnership=mine.intervention.partnerships.get(), worked_on=D(2018, 6, 3)
        )
    add_report(mine.intervention, D(2016, 1, 5), D(2016, 4, 4))
    add_report(mine.intervention, D(2016, 4, 5), D(2016, 7, 4), status=Report.Status.SUBMITTED)
    graded(torbay, "SLAC", "2010-10-22", safeguarding_overall="inadequate")
    visit(torbay, "2019-06-01")
    StatisticalNeighbourFactory(authority=torbay, neighbour=slough, rank=1)
    LeadershipPostFactory(authority=torbay)
    YearlyStatisticsFactory(authority=torbay)
    return mine


def generate_client(schema_url: str, secret: str, into: Path):
    """openapi-python-client run as an analyst would, on the schema the server serves."""
    schema = httpx.get(schema_url, headers={"Authorization": f"Bearer {secret}"}, timeout=TIMEOUT)
    assert schema.status_code == 200, schema.text
    path = into / "schema.json"
    path.write_bytes(schema.content)
    bin_dir = Path(sys.executable).parent
    done = subprocess.run(  # noqa: S603 (our own venv's tool, on a file we wrote)
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(path),
            "--meta",
            "none",
            "--output-path",
            str(into / PACKAGE),
        ],
        capture_output=True,
        text=True,
        check=False,
        # The generator formats its code with ruff, which is in our venv.
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    sys.path.insert(0, str(into))
    try:
        return schema.json(), importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(into))


def operations(package) -> dict[str, object]:
    """Every generated operation module (one per endpoint), by name."""
    api = importlib.import_module(f"{package.__name__}.api")
    found = {}
    for tag in pkgutil.iter_modules(api.__path__):
        tag_package = importlib.import_module(f"{api.__name__}.{tag.name}")
        for op in pkgutil.iter_modules(tag_package.__path__):
            found[op.name] = importlib.import_module(f"{tag_package.__name__}.{op.name}")
    return found


def validate(openapi: OpenAPI, exchanges: list[tuple[httpx.Request, httpx.Response]]) -> None:
    """Every request and response against the schema; all the errors at once."""
    errors = []
    for request, response in exchanges:
        url = urlsplit(str(request.url))
        mock_request = MockRequest(
            f"{url.scheme}://{url.netloc}",
            request.method.lower(),
            url.path,
            args=dict(parse_qsl(url.query)),
            headers=dict(request.headers),
        )
        content_type = response.headers["Content-Type"].split(";")[0]
        mock_response = MockResponse(
            response.content, status_code=response.status_code, content_type=content_type
        )
        checks = [(openapi.validate_response, (mock_request, mock_response))]
        if response.status_code not in (400, 401):  # not a request made wrong on purpose
            checks.append((openapi.validate_request, (mock_request,)))
        for check, args in checks:
            try:
                check(*args)
            except Exception as error:  # noqa: BLE001 (collected, then reported together)
                cause = getattr(error, "__cause__", None)
                detail = getattr(cause, "schema_errors", None) or cause or error
                errors.append(f"{request.method} {request.url} {response.status_code}: {detail}")
    assert not errors, "\n".join(map(str, errors))


def test_a_generated_client_calls_every_operation_and_every_answer_matches_the_schema(
    live_server, official, world, tmp_path
):
    token, secret = api_tokens.create_api_token(official, by=official, name="client", days=1)
    schema, package = generate_client(f"{live_server.url}/api/schema/", secret, tmp_path)
    openapi = OpenAPI.from_dict(schema)  # the schema itself is validated here (3.1, strictly)
    exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    def record(response: httpx.Response) -> None:
        response.read()
        exchanges.append((response.request, response))

    hooks = {"event_hooks": {"response": [record]}}
    client = package.AuthenticatedClient(
        base_url=live_server.url, token=secret, timeout=TIMEOUT, httpx_args=hooks
    )
    known = {"ons_code": "E06000027", "id": world.intervention.pk}
    missing = {"ons_code": "E06999999", "id": 999999}
    answers = {}
    for name, module in sorted(operations(package).items()):
        required = [
            parameter.name
            for parameter in inspect.signature(module.sync_detailed).parameters.values()
            if parameter.name != "client" and parameter.default is inspect.Parameter.empty
        ]
        answers[name] = module.sync_detailed(client=client, **{p: known[p] for p in required})
        if required:
            module.sync_detailed(client=client, **{p: missing[p] for p in required})
    # A refusal of each kind: a bad parameter, no token, and an official-only endpoint.
    ops = operations(package)
    ops["authorities_list"].sync_detailed(client=client, page=0)
    anonymous = package.Client(base_url=live_server.url, timeout=TIMEOUT, httpx_args=hooks)
    ops["interventions_list"].sync_detailed(client=anonymous)

    assert sorted(answers) == [
        "authorities_inspections_list",
        "authorities_list",
        "authorities_retrieve",
        "interventions_board_meetings_list",
        "interventions_entries_list",
        "interventions_list",
        "interventions_partner_days_list",
        "interventions_retrieve",
        "presumption_list",
        "reports_list",
    ]
    assert {name: answer.status_code for name, answer in answers.items()} == dict.fromkeys(
        answers, 200
    )
    # Typed by the generated models: every answer parsed into one.
    assert all(answer.parsed is not None for answer in answers.values())
    listed = answers["interventions_list"].parsed.results
    assert [i.authority.ons_code for i in listed] == ["E06000039", "E06000027"]
    entries = answers["interventions_entries_list"].parsed.results
    assert "Cabinet" in [entry.actor for entry in entries]
    assert sorted({response.status_code for _, response in exchanges}) == [200, 400, 401, 404]
    validate(openapi, exchanges)


def test_interventions_as_csv_load_in_pandas_with_typed_columns(live_server, official, world):
    _, secret = api_tokens.create_api_token(official, by=official, name="pandas", days=1)

    response = httpx.get(
        f"{live_server.url}/api/interventions/?format=csv",
        headers={"Authorization": f"Bearer {secret}"},
        timeout=TIMEOUT,
    )
    frame = pd.read_csv(
        io.BytesIO(response.content),
        parse_dates=["as_at", "opened_on", "closed_on", "last_recorded_on"],
    )

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbfid,")  # UTF-8 with a BOM, for Excel
    assert 'filename="intervention_list.csv"' in response.headers["Content-Disposition"]
    assert list(frame["authority_ons_code"]) == ["E06000039", "E06000027"]
    assert frame["id"].dtype == "int64"
    assert frame["months_open"].dtype == "int64"
    assert frame["rag_red"].dtype == "int64"
    assert frame["opened_on"].dtype.kind == "M"  # datetime64
    assert frame["closed_on"].dtype.kind == "M"
    assert frame["is_open"].dtype == "bool"
    assert world.intervention.pk in set(frame["id"])
    assert {"rag_red", "rag_amber", "rag_green", "report_status", "latest_judgement_id"} <= set(
        frame.columns
    )
