"""The API as tools read it: page_size up to 500, ?format=csv on every list (every row, one
value a column, a BOM, refusals still JSON), decimals as numbers, typed enums in the schema, and
Swagger UI served from package files within the CSP."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from authorities.models import LocalAuthority
from authorities.tests.factories import LocalAuthorityFactory
from interventions.tests.factories import BoardMeetingFactory, PartnerDayLogFactory

from .dashboard_world import D, add_report, csv_records, dated, intervention_story

pytestmark = pytest.mark.django_db

AUTHORITIES = reverse("api:authority_list")


def test_page_size_asks_for_up_to_500_a_page(client, official):
    for number in range(60):
        LocalAuthorityFactory(name=f"Council {number:02}")
    client.force_login(official)

    default = client.get(AUTHORITIES).json()
    bigger = client.get(AUTHORITIES, {"page_size": 55}).json()
    refusals = [client.get(AUTHORITIES, {"page_size": size}) for size in ("501", "0", "ten")]

    assert len(default["results"]) == 50
    assert len(bigger["results"]) == 55
    assert bigger["next"] == "http://testserver/api/authorities/?page=2&page_size=55"
    assert {r.status_code for r in refusals} == {400}
    assert refusals[0].json() == {
        "detail": "page_size must be a whole number from 1 to 500 (got '501')"
    }


def test_the_schema_states_page_size_and_format_on_every_list(client, official):
    client.force_login(official)

    paths = client.get(reverse("api:schema")).json()["paths"]

    lists = {
        path: op["get"]
        for path, op in paths.items()
        if any(p["name"] == "page" for p in op["get"].get("parameters", []))
    }
    assert len(lists) == 8
    for path, operation in lists.items():
        parameters = {p["name"]: p["schema"] for p in operation["parameters"]}
        assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 500}, path
        assert sorted(parameters["format"]["enum"]) == ["csv", "json"], path
        assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/csv"}


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("api:authority_list", []),
        ("api:authority_inspections", ["E06000027"]),
        ("api:presumption", []),
        ("api:intervention_list", []),
        ("api:intervention_entries", ["pk"]),
        ("api:intervention_board_meetings", ["pk"]),
        ("api:intervention_partner_days", ["pk"]),
        ("api:report_list", []),
    ],
)
def test_every_list_answers_csv_with_every_row(client, official, name, args):
    story = intervention_story(LocalAuthorityFactory(name="Torbay", ons_code="E06000027"))
    with dated(D(2018, 6, 3)):
        PartnerDayLogFactory(
            partnership=story.intervention.partnerships.get(), worked_on=D(2018, 6, 3)
        )
        BoardMeetingFactory(board__intervention=story.intervention, held_on=D(2018, 6, 2))
    add_report(story.intervention, D(2016, 1, 5), D(2016, 4, 4))
    for number in range(55):
        LocalAuthorityFactory(name=f"Council {number:02}")
    client.force_login(official)
    url = reverse(name, args=[story.intervention.pk if a == "pk" else a for a in args])

    response = client.get(url, {"format": "csv"})
    records = csv_records(response)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    headings = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert all(re.fullmatch(r"[a-z0-9_]+", heading) for heading in headings), headings
    if name == "api:authority_list":
        assert len(records) == LocalAuthority.objects.count() > 50  # every row, not a page
    assert records, f"no rows from {url}"


def test_a_refusal_of_a_csv_request_is_json(client, official):
    client.force_login(official)

    response = client.get(AUTHORITIES, {"format": "csv", "region": "Wessex"})
    paging = client.get(AUTHORITIES, {"format": "csv", "page": "false"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("region must be one of")
    assert paging.status_code == 400
    assert paging.json() == {"detail": "page must be a whole number from 1 (got 'false')"}


def test_decimals_are_numbers_and_enums_are_typed(client, official):
    story = intervention_story(LocalAuthorityFactory())
    with dated(D(2018, 6, 3)):
        PartnerDayLogFactory(
            partnership=story.intervention.partnerships.get(),
            worked_on=D(2018, 6, 3),
            days=Decimal("1.5"),
        )
    client.force_login(official)

    days = client.get(reverse("api:intervention_partner_days", args=[story.intervention.pk]))
    schema = client.get(reverse("api:schema")).json()["components"]["schemas"]

    assert days.json()["results"][0]["days"] == 1.5
    assert schema["PartnerDays"]["properties"]["days"]["type"] == "number"
    intervention = schema["Intervention"]["properties"]
    assert intervention["status"]["allOf"] == [
        {"$ref": "#/components/schemas/InterventionStatusEnum"}
    ]
    assert schema["InstrumentEnum"]["enum"] == ["direction", "notice", "none"]
    assert schema["Authority"]["properties"]["type"]["$ref"] == (
        "#/components/schemas/AuthorityTypeEnum"
    )


def test_the_docs_page_is_swagger_ui_from_package_files_with_no_inline_script(client, official):
    client.force_login(official)

    page = client.get(reverse("api:docs"))
    script = client.get(reverse("api:docs"), {"script": ""})

    html = page.content.decode()
    assert page.status_code == 200
    assert "script-src 'self'" in page["Content-Security-Policy"]
    sources = re.findall(r'<script src="([^"]+)"></script>', html)
    assert sources[:2] == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js",
    ]
    assert html.count("<script") == 3 and "<style" not in html
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()
    assert client.get(sources[0]).status_code == 200


def test_the_docs_page_needs_a_sign_in(client):
    response = client.get(reverse("api:docs"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
