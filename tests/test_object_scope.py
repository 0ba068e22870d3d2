"""The second pass of the access walk: one commissioner cannot open another's records.

Commissioners A and B each have an intervention with one of every record under it (progress
entry, evidence file, action, board meeting, a submitted report and a draft one). Every URL
pattern that names a record is found from the URL resolver, as tests/test_url_access.py finds
every page, and filled with B's records: for A each answers 404, to GET and, where the view
takes one, to POST, which changes nothing. The same URLs filled with A's own records answer
A, so none of those 404s comes from a URL that answers no one. A new URL that names a record
fails `test_every_url_naming_a_record_has_a_sample` until it is given one in ``SAMPLES``.

Authorities are public data: their pages answer A, but show nothing of B's intervention. The
Django admin is for staff: it sends A to its own sign-in, whatever the record.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.urls import get_resolver, resolve, reverse

from core.api_tokens import create_api_token
from core.history import system_user
from interventions import evidence as evidence_files
from interventions import services
from interventions.models import BoardMeeting, Evidence, Intervention, ProgressEntry
from interventions.tests.workspace_world import build_world, file_bytes, upload
from reporting import services as report_services
from reporting.models import Report

from .test_url_access import PUBLIC, walk

pytestmark = pytest.mark.django_db

D = datetime.date


@dataclass
class Records:
    """One commissioner's intervention and one of each record under it."""

    intervention: Intervention
    entry: ProgressEntry
    evidence: Evidence
    action: object
    meeting: BoardMeeting
    submitted: Report  # the first quarter's, submitted to the Minister
    draft: Report  # the second quarter's
    token: object  # the commissioner's personal API token


# The arguments each URL that names a record takes, from one commissioner's records.
SAMPLES: dict[str, Callable[[Records], dict]] = {
    "core:apitoken_revoke": lambda r: {"pk": r.token.pk},
    "interventions:intervention_detail": lambda r: {"pk": r.intervention.pk},
    "interventions:intervention_print": lambda r: {"pk": r.intervention.pk},
    "interventions:intervention_timeline_csv": lambda r: {"pk": r.intervention.pk},
    "interventions:entry_create": lambda r: {"pk": r.intervention.pk},
    "interventions:entry_detail": lambda r: {"pk": r.intervention.pk, "entry_pk": r.entry.pk},
    "interventions:entry_update": lambda r: {"pk": r.intervention.pk, "entry_pk": r.entry.pk},
    "interventions:evidence_download": lambda r: {
        "pk": r.intervention.pk,
        "evidence_pk": r.evidence.pk,
    },
    "interventions:action_create": lambda r: {"pk": r.intervention.pk},
    "interventions:action_detail": lambda r: {"pk": r.intervention.pk, "action_pk": r.action.pk},
    "interventions:action_update": lambda r: {"pk": r.intervention.pk, "action_pk": r.action.pk},
    "interventions:board_meeting_create": lambda r: {"pk": r.intervention.pk},
    "interventions:board_meeting_detail": lambda r: {
        "pk": r.intervention.pk,
        "meeting_pk": r.meeting.pk,
    },
    "interventions:board_meeting_update": lambda r: {
        "pk": r.intervention.pk,
        "meeting_pk": r.meeting.pk,
    },
    "reporting:report_detail": lambda r: {"pk": r.draft.pk},
    "reporting:report_version_detail": lambda r: {"pk": r.submitted.pk, "number": 1},
    "reporting:report_pdf": lambda r: {"pk": r.submitted.pk, "number": 1},
    "reporting:report_document": lambda r: {"pk": r.submitted.pk, "number": 1},
    "reporting:report_annex": lambda r: {"pk": r.submitted.pk, "number": 1},
    "reporting:report_narrative": lambda r: {"pk": r.draft.pk},
    "reporting:report_sign_off": lambda r: {"pk": r.draft.pk},
    "reporting:report_submit": lambda r: {"pk": r.draft.pk},
    "reporting:report_return": lambda r: {"pk": r.draft.pk},
    "reporting:report_reopen": lambda r: {"pk": r.submitted.pk},
    "api:intervention_detail": lambda r: {"pk": r.intervention.pk},
    "api:intervention_entries": lambda r: {"pk": r.intervention.pk},
    "api:intervention_board_meetings": lambda r: {"pk": r.intervention.pk},
    "api:intervention_partner_days": lambda r: {"pk": r.intervention.pk},
    # Public data: these answer every signed-in user (see test_authority_pages_...).
    "reporting:authority_detail": lambda r: {"ons_code": r.intervention.authority.ons_code},
    "api:authority_detail": lambda r: {"ons_code": r.intervention.authority.ons_code},
    "api:authority_inspections": lambda r: {"ons_code": r.intervention.authority.ons_code},
}
PUBLIC_DATA = {
    "reporting:authority_detail",
    "api:authority_detail",
    "api:authority_inspections",
}
# Arguments that say which version of a report, not which record.
NOT_IDS = {"number"}

# Everything a form in the workspace or the report workflow might read: posted to every view
# that takes a POST, so that the view would act if it got as far as the form.
POST_DATA = {
    "reason": "Scope test",
    "summary": "Scope test",
    "title": "Scope test",
    "decisions": "Scope test",
    "kind": "visit",
    "overall_assessment": "Scope test",
    "risks": "Scope test",
    "recommendation": "Scope test",
    "return-reason": "Scope test",
    "reopen-reason": "Scope test",
    "occurred_on-day": "1",
    "occurred_on-month": "6",
    "occurred_on-year": "2016",
    "held_on-day": "1",
    "held_on-month": "6",
    "held_on-year": "2016",
}
NARRATIVE = {"overall_assessment": "Steady.", "risks": "Staffing.", "recommendation": "Keep on."}


def routes_naming_a_record() -> set[str]:
    """Every named URL outside the admin that takes an argument, public sign-in pages aside."""
    return {
        name
        for name, route in walk(get_resolver().url_patterns)
        if "<" in route
        and not route.startswith("admin/")
        and name not in PUBLIC
        and name != "api:unknown"  # any other /api/ address: a JSON 404, naming no record
    }


def scoped_routes() -> list[str]:
    return sorted(SAMPLES.keys() - PUBLIC_DATA)


def methods(path: str) -> list[str]:
    """GET and POST, as far as the view behind ``path`` answers them."""
    view = getattr(resolve(path).func, "view_class", None)
    allowed = getattr(view, "http_method_names", ["get", "post"])
    return [
        method.upper()
        for method in ("get", "post")
        if method in allowed and (view is None or hasattr(view, method))
    ]


def fingerprint() -> dict[str, int]:
    """How many rows every model of ours has, history included: any change adds one."""
    return {
        model._meta.label: model._default_manager.count()
        for app in ("authorities", "inspections", "interventions", "reporting", "core")
        for model in apps.get_app_config(app).get_models()
    }


def request(client, method: str, path: str):
    return client.get(path) if method == "GET" else client.post(path, POST_DATA)


def records_for(commissioner, official, name: str) -> Records:
    world = build_world(commissioner, name=name)
    by = system_user("object-scope-tests")
    # A report on the first period is submitted (locking the entries it cites); the entry the
    # URLs name is a later one, still open to its author.
    periods = world.intervention.report_periods(D(2017, 7, 1))
    first, second = [period.start for period in periods[:2]]
    submitted, _ = report_services.generate_report(world.intervention, first, by=by)
    report_services.update_narrative(submitted, by=commissioner, **NARRATIVE)
    report_services.sign_off_report(submitted, by=commissioner)
    report_services.submit_report(submitted, by=official)
    draft, _ = report_services.generate_report(world.intervention, second, by=by)
    entry = services.record_progress(
        world.intervention,
        by=commissioner,
        occurred_on=D(2017, 8, 1),
        kind="visit",
        summary="Met the new director",
    )
    staged, _ = evidence_files.stage(
        upload("plan.pdf", file_bytes()), user=commissioner, intervention=world.intervention
    )
    evidence = services.attach_evidence(entry, staged, by=commissioner)
    token, _ = create_api_token(commissioner, by=commissioner, name="Analysis", days=30)
    return Records(
        world.intervention, entry, evidence, world.action, world.meeting, submitted, draft, token
    )


@pytest.fixture
def mine(commissioner, official) -> Records:
    return records_for(commissioner, official, "Torbay")


@pytest.fixture
def theirs(other_commissioner, official) -> Records:
    return records_for(other_commissioner, official, "Northshire")


@pytest.fixture
def signed_in(client, commissioner, mine, theirs):
    client.force_login(commissioner)
    return client


def test_every_url_naming_a_record_has_a_sample():
    routes = routes_naming_a_record()
    assert routes - SAMPLES.keys() == set(), "Give these URLs a sample in SAMPLES"
    assert SAMPLES.keys() - routes == set(), "These samples name no URL any more"


def test_commissioner_gets_404_for_every_url_naming_another_commissioners_record(signed_in, theirs):
    wrong = []
    for name in scoped_routes():
        path = reverse(name, kwargs=SAMPLES[name](theirs))
        for method in methods(path):
            before = fingerprint()
            status = request(signed_in, method, path).status_code
            if status != 404:
                wrong.append(f"{method} {path} ({name}) answered {status}")
            if fingerprint() != before:
                wrong.append(f"{method} {path} ({name}) changed something")
    assert not wrong, "\n".join(wrong)


def test_the_same_urls_answer_the_commissioner_for_their_own_records(signed_in, mine):
    wrong, tried = [], set()
    for name in scoped_routes():
        path = reverse(name, kwargs=SAMPLES[name](mine))
        for method in methods(path):
            tried.add(method)
            status = request(signed_in, method, path).status_code
            # A page answers, or sends them on; a form or step posted may also refuse (403)
            # what this commissioner's role may not do, but it found the record.
            expected = {200, 302} if method == "GET" else {200, 302, 403}
            if status not in expected:
                wrong.append(f"{method} {path} ({name}) answered {status}")
    assert not wrong, "\n".join(wrong)
    assert tried == {"GET", "POST"}


def test_another_commissioners_record_is_not_found_under_their_own_intervention(
    signed_in, mine, theirs
):
    """A child record is looked up within the intervention in the URL, not on its own."""
    wrong, walked = [], 0
    for name in scoped_routes():
        kwargs = SAMPLES[name](theirs)
        if "pk" not in kwargs or not (kwargs.keys() - {"pk"} - NOT_IDS):
            continue
        kwargs["pk"] = SAMPLES[name](mine)["pk"]
        path = reverse(name, kwargs=kwargs)
        walked += 1
        for method in methods(path):
            status = request(signed_in, method, path).status_code
            if status != 404:
                wrong.append(f"{method} {path} ({name}) answered {status}")
    assert walked >= 7
    assert not wrong, "\n".join(wrong)


def test_authority_pages_answer_but_show_nothing_of_another_commissioners_intervention(
    signed_in, mine, theirs
):
    for name in sorted(PUBLIC_DATA):
        own = signed_in.get(reverse(name, kwargs=SAMPLES[name](mine)))
        other = signed_in.get(reverse(name, kwargs=SAMPLES[name](theirs)))
        assert (own.status_code, other.status_code) == (200, 200), name
        assert f"/interventions/{theirs.intervention.pk}/" not in other.content.decode(), name
        if name == "reporting:authority_detail":
            assert f'data-intervention="{mine.intervention.pk}"' in own.content.decode()
            assert "data-intervention=" not in other.content.decode()


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_lists_never_include_another_commissioners_records(signed_in, mine, theirs):
    assert ids(signed_in.get("/api/interventions/")) == {mine.intervention.pk}
    assert ids(signed_in.get("/api/reports/")) == {mine.submitted.pk, mine.draft.pk}
    theirs_only = {"intervention": theirs.intervention.pk}
    assert ids(signed_in.get("/api/reports/", theirs_only)) == set()
    authority = {"authority": theirs.intervention.authority.ons_code}
    assert ids(signed_in.get("/api/interventions/", authority)) == set()
    assert ids(signed_in.get("/api/reports/", authority)) == set()

    pages = {
        reverse("commissioner_home"): f"/interventions/{mine.intervention.pk}/",
        reverse("reporting:report_list"): f"/reports/{mine.draft.pk}/",
    }
    for page, own_link in pages.items():
        html = signed_in.get(page).content.decode()
        assert own_link in html, page
        assert f"/interventions/{theirs.intervention.pk}/" not in html, page
        assert f"/reports/{theirs.draft.pk}/" not in html, page
        assert theirs.intervention.authority.name not in html, page


def test_the_admin_sends_a_commissioner_to_its_sign_in_for_any_record(client, commissioner):
    client.force_login(commissioner)
    admin_routes = [
        name
        for name, route in walk(get_resolver().url_patterns)
        if "<path:object_id>" in route and (name or "").endswith(("_change", "_delete", "_history"))
    ]
    assert len(admin_routes) > 10
    sign_in = reverse("admin:login")
    for name in admin_routes:
        response = client.get(reverse(name, kwargs={"object_id": 1}))
        assert response.status_code == 302 and response.url.startswith(sign_in), name
