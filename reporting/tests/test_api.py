"""The read-only JSON API: an OpenAPI schema, session sign-in, the pages' scoping, paginated and
filtered lists, and a 400 naming the parameter for any bad one."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from authorities.models import LocalAuthority
from authorities.tests.factories import LocalAuthorityFactory, StatisticalNeighbourFactory
from core.history import provenance
from inspections.tests.factories import graded, visit
from interventions import services
from interventions.models import Intervention
from interventions.tests.factories import (
    BoardMeetingFactory,
    CommissionerFactory,
    InterventionFactory,
    PartnerDayLogFactory,
    ProgressEntryFactory,
    ThemeRatingFactory,
)
from reporting.models import Report

from .dashboard_world import MINDED_TO, D, add_report, dated, intervention_story, save_on

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("api:schema", []),
    ("api:authority_list", []),
    ("api:authority_detail", ["E06000027"]),
    ("api:authority_inspections", ["E06000027"]),
    ("api:presumption", []),
    ("api:intervention_list", []),
    ("api:intervention_detail", [1]),
    ("api:intervention_entries", [1]),
    ("api:intervention_board_meetings", [1]),
    ("api:intervention_partner_days", [1]),
    ("api:report_list", []),
]


def get(client, name, *args, **params):
    return client.get(reverse(name, args=args), params)


def bad(response) -> str:
    """The message of a 400 answer."""
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()["detail"]


# ---------------------------------------------------------------------------------------------
# Sign-in, schema, parameters


@pytest.mark.parametrize(("name", "args"), ENDPOINTS)
def test_anonymous_requests_are_refused_in_json_not_redirected(client, name, args):
    response = client.get(reverse(name, args=args))

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer ")
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_schema_describes_every_endpoint_and_its_parameters(client, official):
    client.force_login(official)

    response = get(client, "api:schema")

    schema = response.json()
    assert response.status_code == 200
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/authorities/",
        "/api/authorities/{ons_code}/",
        "/api/authorities/{ons_code}/inspections/",
        "/api/presumption/",
        "/api/interventions/",
        "/api/interventions/{id}/",
        "/api/interventions/{id}/entries/",
        "/api/interventions/{id}/board-meetings/",
        "/api/interventions/{id}/partner-days/",
        "/api/reports/",
    }
    parameters = {p["name"] for p in schema["paths"]["/api/interventions/"]["get"]["parameters"]}
    assert {"date", "region", "type", "status", "rag", "report", "open", "stale"} <= parameters
    assert all("get" in path and len(path) == 1 for path in schema["paths"].values())


def test_schema_generates_without_warnings_and_validates(tmp_path):
    # drf-spectacular's own check: every view, serializer and parameter is described, and the
    # result is a valid OpenAPI 3 document.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "api.yaml")

    assert (tmp_path / "api.yaml").read_text().startswith("openapi: 3.")


def test_schema_is_also_served_as_yaml(client, official):
    client.force_login(official)

    response = get(client, "api:schema", format="yaml")

    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"regoin": "x"},
            "Unknown parameter 'regoin'. This endpoint takes: current, format, page, page_size",
        ),
        ({"region": "Wessex"}, "region must be one of: E12000001"),
        ({"current": "maybe"}, "current must be true or false (got 'maybe')"),
        ({"page": "two"}, "page must be a whole number from 1 (got 'two')"),
        ({"page": "0"}, "page must be a whole number from 1"),
        ({"type": ""}, "type is empty: leave it out, or give a value"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, official, params, message):
    client.force_login(official)

    assert bad(get(client, "api:authority_list", **params)).startswith(message)


def test_a_repeated_parameter_is_a_400(client, official):
    client.force_login(official)

    response = client.get(reverse("api:authority_list") + "?region=E12000001&region=E12000002")

    assert bad(response) == "Give region once, not 2 times"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2017-02-30", "date must be a real date written YYYY-MM-DD, like 2017-06-30"),
        ("30/06/2017", "date must be a real date written YYYY-MM-DD"),
        (str(timezone.localdate() + datetime.timedelta(days=1)), "date must be today or in"),
    ],
)
def test_a_bad_date_is_a_400(client, official, value, message):
    client.force_login(official)

    assert bad(get(client, "api:intervention_list", date=value)).startswith(message)


# ---------------------------------------------------------------------------------------------
# Authorities and inspections


def test_authorities_are_paginated_and_filtered(client, commissioner):
    for number in range(55):
        LocalAuthorityFactory(name=f"Council {number:02}", region=LocalAuthority.Region.LONDON)
    LocalAuthorityFactory(name="Torbay", region=LocalAuthority.Region.SOUTH_WEST)
    LocalAuthorityFactory(
        name="Old Torbay", region=LocalAuthority.Region.SOUTH_WEST, predecessor=True
    )
    client.force_login(commissioner)  # public data: any signed-in user

    first = get(client, "api:authority_list").json()
    second = get(client, "api:authority_list", page=2).json()
    south_west = get(client, "api:authority_list", region="E12000009", current="true").json()

    assert first["count"] == 57
    assert len(first["results"]) == 50
    assert first["next"].endswith("?page=2")
    assert len(second["results"]) == 7
    assert [a["name"] for a in south_west["results"]] == ["Torbay"]
    assert south_west["results"][0]["page_url"] == "http://testserver" + reverse(
        "reporting:authority_detail", args=[south_west["results"][0]["ons_code"]]
    )
    assert get(client, "api:authority_list", page=3).status_code == 404


def test_authority_detail_has_neighbours_in_rank_order(client, official):
    authority = LocalAuthorityFactory(name="Torbay")
    for rank, name in [(2, "Sunderland"), (1, "Tameside")]:
        StatisticalNeighbourFactory(
            authority=authority, neighbour=LocalAuthorityFactory(name=name), rank=rank
        )
    client.force_login(official)

    body = get(client, "api:authority_detail", authority.ons_code).json()

    assert body["name"] == "Torbay"
    assert [n["name"] for n in body["statistical_neighbours"]] == ["Tameside", "Sunderland"]
    assert body["inspections_url"] == "http://testserver" + reverse(
        "api:authority_inspections", args=[authority.ons_code]
    )
    missing = get(client, "api:authority_detail", "E06999999")
    assert missing.status_code == 404
    # Neutral: not Django's "No LocalAuthority matches the given query."
    assert missing.json() == {"detail": "Not found."}


def test_inspections_come_with_their_judgements_and_filter(client, official):
    authority = LocalAuthorityFactory()
    graded(authority, "SIF", "2016-01-05", overall="inadequate", help_and_protection="inadequate")
    graded(authority, "SLAC", "2010-10-22", safeguarding_overall="inadequate")
    visit(authority, "2019-06-01")
    client.force_login(official)

    everything = get(client, "api:authority_inspections", authority.ons_code).json()
    graded_only = get(
        client,
        "api:authority_inspections",
        authority.ons_code,
        graded="true",
        published_from="2011-01-01",
    ).json()

    assert [i["label"] for i in everything["results"]] == ["ILACS monitoring visit", "SIF", "SLAC"]
    (sif,) = graded_only["results"]
    assert sif["headline_grade"] == "inadequate"
    assert {(j["area"], j["grade"]) for j in sif["judgements"]} == {
        ("overall_effectiveness", "inadequate"),
        ("help_and_protection", "inadequate"),
    }
    assert everything["results"][2]["headline_grade"] == "inadequate"  # SLAC: safeguarding
    assert bad(get(client, "api:authority_inspections", authority.ons_code, framework="OFS"))


# ---------------------------------------------------------------------------------------------
# The presumption


def test_presumption_gives_every_rule_s_answer_for_every_authority(client, official):
    torbay = LocalAuthorityFactory(name="Torbay")
    graded(torbay, "SLAC", "2010-10-22", safeguarding_overall="inadequate")
    graded(
        torbay,
        "SIF",
        "2016-01-05",
        overall="inadequate",
        help_and_protection="requires_improvement",
    )
    LocalAuthorityFactory(name="Hampshire")
    client.force_login(official)

    every = get(client, "api:presumption", date="2016-05-01").json()
    applying = get(client, "api:presumption", date="2016-05-01", applies="true").json()

    assert [a["authority"]["name"] for a in every["results"]] == ["Hampshire", "Torbay"]
    (answer,) = applying["results"]
    assert answer["date"] == "2016-05-01"
    assert answer["rules_disagree"] is True
    results = {r["rule"]["slug"]: r for r in answer["results"]}
    assert results["two-of-last-three"]["applies"] is True
    assert [i["publication_date"] for i in results["two-of-last-three"]["inspections"]] == [
        "2016-01-05",
        "2010-10-22",
    ]
    assert results["persistent-or-systemic"]["applies"] is False
    assert results["persistent-or-systemic"]["reason"]


def test_presumption_is_for_officials_only(client, commissioner):
    client.force_login(commissioner)

    response = get(client, "api:presumption")

    assert response.status_code == 403
    assert response.json() == {"detail": "Only DfE officials and admins can use this endpoint"}


# ---------------------------------------------------------------------------------------------
# Interventions


@pytest.fixture
def two_commissioners(commissioner, other_commissioner):
    mine = intervention_story(
        LocalAuthorityFactory(name="Torbay", region=LocalAuthority.Region.SOUTH_WEST),
        partner=LocalAuthorityFactory(name="Plymouth"),
        commissioner=CommissionerFactory(user=commissioner),
    )
    theirs = intervention_story(
        LocalAuthorityFactory(name="Slough", region=LocalAuthority.Region.SOUTH_EAST),
        commissioner=CommissionerFactory(user=other_commissioner),
    )
    return mine, theirs


def test_officials_see_every_intervention_and_commissioners_their_own(
    client, official, commissioner, two_commissioners
):
    mine, theirs = two_commissioners

    client.force_login(official)
    everyone = get(client, "api:intervention_list").json()
    client.force_login(commissioner)
    own = get(client, "api:intervention_list").json()
    other = get(client, "api:intervention_detail", theirs.intervention.pk)

    assert [i["authority"]["name"] for i in everyone["results"]] == ["Slough", "Torbay"]
    assert [i["id"] for i in own["results"]] == [mine.intervention.pk]
    assert other.status_code == 404
    assert other.json() == {"detail": "No intervention with that id that you can see on that day"}


def test_an_intervention_as_at_a_day(client, official, two_commissioners):
    mine, _ = two_commissioners
    client.force_login(official)

    body = get(client, "api:intervention_detail", mine.intervention.pk, date=str(MINDED_TO)).json()

    assert body["as_at"] == "2017-06-30"
    assert body["status"] == "awaiting_decision"
    assert body["type"] == "direction"
    assert body["months_open"] == 17
    assert body["rag"] == {"red": 0, "amber": 2, "green": 0}
    assert body["recommendation"]["recommended_partner"]["name"] == "Plymouth"
    assert body["decision"]["stage"] == "minded_to"
    assert [d["stage"] for d in body["decisions"]] == ["minded_to"]
    assert [d["issued_on"] for d in body["directions"]] == ["2016-05-13"]
    assert body["appointments"][0]["starts_on"] == "2016-05-13"
    before = get(client, "api:intervention_detail", mine.intervention.pk, date="2015-12-31")
    assert before.status_code == 404  # not opened yet


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "E12000009"}, ["Torbay"]),
        ({"status": "implementation"}, ["Slough", "Torbay"]),
        ({"status": "monitoring"}, []),
        ({"rag": "amber", "type": "direction"}, ["Slough", "Torbay"]),
        ({"authority": "E06000001"}, []),
        ({"open": "false"}, []),
        ({"date": "2017-06-30", "status": "awaiting_decision"}, ["Slough", "Torbay"]),
        ({"sort": "-authority"}, ["Torbay", "Slough"]),
    ],
)
def test_interventions_filter_by_the_dashboard_s_fields(
    client, official, two_commissioners, params, expected
):
    client.force_login(official)

    body = get(client, "api:intervention_list", **params).json()

    assert [i["authority"]["name"] for i in body["results"]] == expected


def closed_and_sources_ended(two_commissioners):
    """Torbay's sources end on 24 August 2018; Slough closed on 30 June 2018 (the direction
    revoked, on a day no source gives)."""
    mine, theirs = two_commissioners
    save_on(mine.intervention, D(2018, 9, 1), sources_end_on=D(2018, 8, 24))
    with dated(D(2018, 6, 30)), provenance("", illustrative=True):
        services.close_intervention(
            theirs.intervention,
            on=D(2018, 6, 30),
            exit_reason=Intervention.ExitReason.DIRECTION_REVOKED,
            reason="Direction revoked",
            by=None,
        )
    return mine, theirs


def test_an_intervention_says_how_it_ended(client, official, two_commissioners):
    mine, theirs = closed_and_sources_ended(two_commissioners)
    client.force_login(official)

    ended = get(client, "api:intervention_detail", mine.intervention.pk).json()
    closed = get(client, "api:intervention_detail", theirs.intervention.pk).json()
    before = get(client, "api:intervention_detail", mine.intervention.pk, date="2017-06-30").json()

    assert ended["is_open"] is True and ended["sources_ended"] is True
    assert ended["sources_end_on"] == "2018-08-24"
    assert ended["months_open"] == 31  # 5 January 2016 to 24 August 2018, not to today
    assert ended["is_stale"] is False  # nothing is known after the sources end: not stale
    assert ended["exit_reason"] is None and ended["exit_text"] == ""
    assert ended["report"]["next_due"] is None  # nothing owed after the sources end
    assert closed["is_open"] is False
    assert (closed["closed_on"], closed["exit_reason"]) == ("2018-06-30", "direction_revoked")
    assert closed["exit_reason_label"] == "Direction revoked"
    assert closed["exit_illustrative"] is True
    assert closed["exit_text"] == "Closed 30 June 2018: direction revoked (illustrative)"
    assert closed["status_changes"][-1] == {
        "source": "",
        "illustrative": True,
        "from_status": "implementation",
        "to_status": "closed",
        "to_status_label": "Closed",
        "changed_on": "2018-06-30",
        "reason": "Direction revoked",
    }
    assert before["sources_ended"] is False and before["months_open"] == 17
    assert before["is_stale"] is False  # the Minister's decision was days before


def test_an_intervention_says_who_owes_reports(client, official, two_commissioners):
    mine, _ = two_commissioners
    client.force_login(official)

    body = get(client, "api:intervention_detail", mine.intervention.pk).json()

    (duty,) = body["reporting_duties"]
    assert duty == {
        "kind": "commissioner",
        "holder": mine.commissioner.name,
        "starts_on": "2016-05-13",
        "ends_on": None,
        "every_months": 3,
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Slough", "Torbay"]),
        ({"open": "true"}, ["Torbay"]),
        ({"open": "false"}, ["Slough"]),
        ({"stale": "true"}, []),  # Torbay's sources have ended; Slough is closed
        ({"stale": "false", "open": "true"}, ["Torbay"]),
    ],
)
def test_interventions_filter_by_open_closed_and_stale(
    client, official, two_commissioners, params, expected
):
    closed_and_sources_ended(two_commissioners)
    client.force_login(official)

    body = get(client, "api:intervention_list", **params).json()

    assert [i["authority"]["name"] for i in body["results"]] == expected


def test_a_stale_intervention_says_so(client, official, two_commissioners):
    client.force_login(official)

    stale = get(client, "api:intervention_list", stale="true").json()["results"]

    # Nothing recorded since the Minister confirmed on 1 October 2017.
    assert {(i["is_stale"], i["last_recorded_on"]) for i in stale} == {(True, "2017-10-01")}
    assert len(stale) == 2


def test_no_one_owes_a_report_without_a_duty(client, official):
    InterventionFactory(authority=LocalAuthorityFactory(name="Isle of Wight"))
    client.force_login(official)

    (row,) = get(client, "api:intervention_list").json()["results"]

    assert row["report"]["status"] == "none"
    assert row["report"]["text"] == "None owed"
    assert get(client, "api:intervention_list", report="none").json()["count"] == 1


def test_an_intervention_s_entries_meetings_and_partner_days_say_where_they_come_from(
    client, official, two_commissioners
):
    mine, _ = two_commissioners
    intervention = mine.intervention
    with dated(D(2018, 6, 1)):
        entry = ProgressEntryFactory(
            intervention=intervention,
            occurred_on=D(2018, 6, 1),
            kind="event",
            actor="Torbay Council Cabinet",
            summary="Agreed the partnership with Plymouth",
            source="Torbay Council Cabinet minutes, June 2018",
        )
        ThemeRatingFactory(entry=entry, theme=mine.themes[0], rag="amber", illustrative=True)
        meeting = BoardMeetingFactory(
            board__intervention=intervention, held_on=D(2018, 6, 2), illustrative=True
        )
        PartnerDayLogFactory(
            partnership=intervention.partnerships.get(), worked_on=D(2018, 6, 3), source="Invoice"
        )
    client.force_login(official)

    entries = get(client, "api:intervention_entries", intervention.pk).json()
    then = get(client, "api:intervention_entries", intervention.pk, date="2017-06-30").json()
    meetings = get(client, "api:intervention_board_meetings", intervention.pk).json()
    days = get(client, "api:intervention_partner_days", intervention.pk).json()

    event = entries["results"][0]
    assert (event["kind"], event["actor"]) == ("event", "Torbay Council Cabinet")
    assert (event["source"], event["illustrative"]) == (
        "Torbay Council Cabinet minutes, June 2018",
        False,
    )
    assert [(r["rag"], r["illustrative"]) for r in event["ratings"]] == [("amber", True)]
    assert entries["count"] == 3 and then["count"] == 2  # the two ratings of the story
    assert [(m["id"], m["illustrative"]) for m in meetings["results"]] == [(meeting.pk, True)]
    assert [(d["worked_on"], d["source"]) for d in days["results"]] == [("2018-06-03", "Invoice")]


def test_another_commissioner_s_records_are_a_404(client, commissioner, two_commissioners):
    _, theirs = two_commissioners
    client.force_login(commissioner)

    for name in (
        "api:intervention_entries",
        "api:intervention_board_meetings",
        "api:intervention_partner_days",
    ):
        response = get(client, name, theirs.intervention.pk)
        assert response.status_code == 404
        assert response.json() == {
            "detail": "No intervention with that id that you can see on that day"
        }


def test_an_unknown_status_is_a_400_listing_the_choices(client, official):
    client.force_login(official)

    message = bad(get(client, "api:intervention_list", status="finished"))

    assert message.startswith("status must be one of: triggered, initial_review")
    assert "(got 'finished')" in message


# ---------------------------------------------------------------------------------------------
# Reports


def test_reports_are_scoped_and_filtered(client, official, commissioner, two_commissioners):
    mine, theirs = two_commissioners
    late = add_report(mine.intervention, D(2016, 1, 5), D(2016, 4, 4))
    add_report(mine.intervention, D(2016, 4, 5), D(2016, 7, 4), status=Report.Status.SUBMITTED)
    add_report(theirs.intervention, D(2016, 1, 5), D(2016, 4, 4))

    client.force_login(official)
    everyone = get(client, "api:report_list").json()
    overdue = get(client, "api:report_list", overdue="true", authority=mine.authority.ons_code)
    client.force_login(commissioner)
    own = get(client, "api:report_list").json()

    assert everyone["count"] == 3
    assert [r["id"] for r in overdue.json()["results"]] == [late.pk]
    assert overdue.json()["results"][0]["is_overdue"] is True
    assert overdue.json()["results"][0]["period_label"] == "January to April 2016"
    assert {r["intervention"] for r in own["results"]} == {mine.intervention.pk}
    assert own["count"] == 2
    assert [r["status"] for r in own["results"]] == ["submitted", "draft"]


# ---------------------------------------------------------------------------------------------
# Query counts


@pytest.mark.parametrize("count", [2, 20])
def test_query_counts_do_not_grow_with_rows(client, official, django_assert_max_num_queries, count):
    from interventions.tests.factories import ThemeFactory

    themes = [ThemeFactory(), ThemeFactory()]
    for _ in range(count):
        story = intervention_story(themes=themes)
        add_report(story.intervention, D(2016, 1, 5), D(2016, 4, 4))
        graded(story.authority, "SLAC", "2010-10-22", safeguarding_overall="inadequate")
    client.force_login(official)
    get(client, "api:authority_list")

    with django_assert_max_num_queries(20):
        interventions = get(client, "api:intervention_list", date="2017-06-30")
    # Today, a filter by standing reads every row's standing in SQL (listing.standings_today);
    # +1, the data version a cacheable answer is keyed on (core.page_cache).
    with django_assert_max_num_queries(25):
        stale = get(client, "api:intervention_list", stale="true", open="true")
    first = Intervention.objects.order_by("pk").first()
    with django_assert_max_num_queries(10):  # with the data version, as every answer here
        entries = get(client, "api:intervention_entries", first.pk)
    with django_assert_max_num_queries(12):
        presumption = get(client, "api:presumption", date="2016-05-01")
    with django_assert_max_num_queries(8):
        reports = get(client, "api:report_list")
    with django_assert_max_num_queries(8):
        authorities = get(client, "api:authority_list")

    assert interventions.json()["count"] == stale.json()["count"] == count
    assert entries.json()["count"] == 2
    assert reports.json()["count"] == count
    assert presumption.status_code == authorities.status_code == 200


# ---------------------------------------------------------------------------------------------
# What schemathesis found (test_api_schemathesis.py): the schema must describe every answer


def schema_of(client, user) -> dict:
    client.force_login(user)
    return get(client, "api:schema").json()


def test_links_are_absolute_and_the_schema_says_so(client, official):
    LocalAuthorityFactory(ons_code="E06000027")
    components = schema_of(client, official)["components"]["schemas"]

    body = get(client, "api:authority_list").json()

    links = [
        ("Authority", "url"),
        ("Authority", "page_url"),
        ("AuthorityDetail", "inspections_url"),
        ("Intervention", "url"),
        ("Report", "page_url"),
    ]
    # As the pagination's next and previous are: a tool can follow any link as it is.
    assert {components[name]["properties"][field]["format"] for name, field in links} == {"uri"}
    assert body["results"][0]["url"] == "http://testserver/api/authorities/E06000027/"


def test_a_visit_has_no_headline_grade_and_the_schema_allows_it(client, official):
    authority = LocalAuthorityFactory()
    visit(authority, "2019-06-01")
    components = schema_of(client, official)["components"]["schemas"]

    body = get(client, "api:authority_inspections", authority.ons_code).json()

    assert body["results"][0]["headline_grade"] is None
    # OpenAPI 3.1: null is one of the choices, as JSON Schema writes it.
    for name in ("Inspection", "InspectionBrief"):
        choices = components[name]["properties"]["headline_grade"]["oneOf"]
        assert {"$ref": "#/components/schemas/GradeEnum"} in choices
        assert {"$ref": "#/components/schemas/NullEnum"} in choices


def test_every_endpoint_documents_its_refusals(client, official):
    paths = schema_of(client, official)["paths"]

    refusal = get(client, "api:authority_detail", "E06999999")

    error = {"$ref": "#/components/schemas/Error"}
    for operations in paths.values():
        responses = operations["get"]["responses"]
        assert set(responses) == {"200", "400", "401", "403", "404"}
        for code in ("400", "401", "403", "404"):
            assert responses[code]["content"]["application/json"]["schema"] == error
    assert refusal.status_code == 404
    assert set(refusal.json()) == {"detail"}


def test_the_schema_states_what_each_parameter_accepts(client, official):
    paths = schema_of(client, official)["paths"]

    reports = {p["name"]: p["schema"] for p in paths["/api/reports/"]["get"]["parameters"]}

    assert reports["page"] == {"type": "integer", "minimum": 1}
    assert reports["intervention"] == {"type": "integer", "minimum": 0}
    assert reports["authority"] == {"type": "string", "pattern": r"^E(06|07|08|09|10)\d{6}$"}
    assert bad(get(client, "api:report_list", page="0")).startswith("page must be a whole number")
    assert bad(get(client, "api:report_list", authority="E12000009")).startswith(
        "authority must be an ONS code for an English council"
    )


@pytest.mark.parametrize("given", ["-1", "abc", "1.5", "9" * 30])
def test_an_intervention_id_that_names_none_is_the_api_s_json_404(client, official, given):
    client.force_login(official)

    response = client.get(f"/api/interventions/{given}/")

    # Not the site's HTML page not found: an API client reads JSON.
    assert response.status_code == 404
    assert response.json() == {
        "detail": "No intervention with that id that you can see on that day"
    }
