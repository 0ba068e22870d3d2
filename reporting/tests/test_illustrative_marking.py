"""A fact no source gives is illustrative, and is marked so wherever a reader meets it
(DOMAIN.md, "The records end where the sources end"): on the intervention page (its summary,
timeline, progress log and board meetings) and in the API. Each record here is illustrative
next to one of its kind that is not, so a mark shows beside the right one and only there.
(The report body and its PDF are tested with the report.)"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core.history import provenance, system_user
from interventions import services
from interventions.models import Intervention, Theme, ThemeRating
from interventions.tests.workspace_world import build_world

pytestmark = pytest.mark.django_db

D = datetime.date
MINUTES = "Torbay Council Cabinet minutes, 20 July 2017"
TAG = "app-illustrative"


@pytest.fixture
def world(commissioner):
    """The workspace's Torbay (nothing illustrative in it), and beside each of its records one
    of the same kind that no source gives."""
    world = build_world(commissioner)
    intervention = world.intervention
    by = world.intervention.appointments.get().commissioner.user
    dfe = system_user("workspace-tests")  # DfE's record: the decision, partner days, status
    leadership = Theme.objects.get(code="leadership")
    front_door = Theme.objects.exclude(pk=leadership.pk).order_by("pk").first()
    with provenance(MINUTES, illustrative=True):
        world.illustrative_entry = services.record_progress(
            intervention,
            by=by,
            occurred_on=D(2017, 2, 1),
            kind="case_audit",
            summary="Audited forty cases with the principal social worker",
            ratings=[(leadership, ThemeRating.Rag.AMBER, "improving", "Audit showed progress")],
        )
        services.record_board_meeting(
            intervention,
            board=world.meeting.board,
            by=by,
            held_on=D(2017, 2, 2),
            decisions="Agree the audit plan",
        )
        services.record_ministerial_decision(
            intervention,
            by=dfe,
            stage="minded_to",
            decided_on=D(2017, 6, 30),
            decision="Minded to accept a partnership with Plymouth",
        )
        services.log_partner_days(
            intervention.partnerships.get(), by=dfe, worked_on=D(2017, 2, 3), days=Decimal("2.5")
        )
        services.change_status(
            intervention, "monitoring", on=D(2017, 7, 1), reason="Partnership agreed", by=dfe
        )
    # A source states the event; one of its ratings is its author's interpretation.
    with provenance(MINUTES):
        world.event = services.record_progress(
            intervention,
            by=by,
            occurred_on=D(2017, 7, 20),
            kind="event",
            actor="Torbay Council Cabinet",
            summary="Delegated the partnership agreement with Plymouth",
            ratings=[
                (leadership, ThemeRating.Rag.GREEN, "improving", "Council backs the plan", False),
                (front_door, ThemeRating.Rag.AMBER, "improving", "Follows the minutes", True),
            ],
        )
    return world


def blocks(html: str, marker: str) -> list[str]:
    """The page cut into pieces at each ``marker`` (timeline items, table rows...)."""
    return html.split(marker)[1:]


def the_one(pieces: list[str], text: str) -> str:
    found = [piece for piece in pieces if text in piece]
    assert len(found) == 1, (text, len(found))
    return found[0]


def marked(piece: str) -> bool:
    return TAG in piece and ">Illustrative</strong>" in piece


def test_the_timeline_marks_each_illustrative_item_and_rating(client, official, world):
    client.force_login(official)
    html = client.get(reverse("interventions:intervention_detail", args=[world.intervention.pk]))
    items = blocks(html.content.decode(), 'class="moj-timeline__item')

    audit = the_one(items, "Progress logged: case audit")
    visit = the_one(items, "Progress logged: visit")
    event = the_one(items, "Torbay Council Cabinet: Delegated the partnership agreement")

    assert marked(audit) and not marked(visit)
    meetings = [item for item in items if "Improvement Board met" in item]
    assert sorted(marked(item) for item in meetings) == [False, True]
    assert marked(the_one(items, "Minister&#x27;s decision: minded to"))
    assert marked(the_one(items, "Status changed to monitoring"))
    assert not marked(the_one(items, "Intervention opened"))
    assert f"Source: {MINUTES}" in audit
    # The event is the minutes' own: only its interpreted rating is marked, on its own line.
    title = event[: event.index("</h3>")]
    assert not marked(title)
    lines = re.findall(r"<li>(.*?)</li>", event, re.DOTALL)
    assert [marked(line) for line in lines] == [False, True]
    # A rating of an illustrative entry is illustrative too.
    (rating,) = re.findall(r"<li>(.*?)</li>", audit, re.DOTALL)
    assert marked(rating)


def test_the_summary_progress_log_and_meetings_mark_them(client, official, world):
    client.force_login(official)
    html = client.get(
        reverse("interventions:intervention_detail", args=[world.intervention.pk])
    ).content.decode()
    summary = html[html.index('id="summary"') : html.index('id="timeline"')]
    log = html[html.index('id="progress-log"') : html.index('id="actions"')]
    meetings = html[html.index('id="board-meetings"') : html.index('id="history"')]

    rows = blocks(log, '<tr class="govuk-table__row">')
    assert marked(the_one(rows, "Audited forty cases"))
    assert not marked(the_one(rows, "Met the director"))
    assert "Torbay Council Cabinet" in the_one(rows, "Delegated the partnership")  # its actor
    meeting_rows = blocks(meetings, '<tr class="govuk-table__row">')
    assert marked(the_one(meeting_rows, "2 February 2017"))
    assert not marked(the_one(meeting_rows, "1 July 2016"))
    # The latest ratings: leadership's (green, from the event, stated) and the front door's
    # (amber, interpreted).
    table = summary[summary.index("RAG ratings") : summary.index("Partner days")]
    ratings = blocks(table, '<tr class="govuk-table__row">')
    assert len(ratings) == 3  # the heading and two themes
    assert [marked(row) for row in ratings[1:]] == ["amber" in row.lower() for row in ratings[1:]]


def test_partner_days_in_the_year_shown_say_how_many_are_illustrative(client, official, world):
    """The page shows the partnership year that includes today: its illustrative days."""
    partnership = world.intervention.partnerships.get()
    with provenance("", illustrative=True):
        services.log_partner_days(
            partnership, by=None, worked_on=datetime.date.today(), days=Decimal("1.5")
        )
    services.log_partner_days(
        partnership, by=None, worked_on=datetime.date.today(), days=Decimal("2")
    )
    client.force_login(official)

    html = client.get(
        reverse("interventions:intervention_detail", args=[world.intervention.pk])
    ).content.decode()

    days = html[html.index("Partner days") : html.index('id="timeline"')]
    row = the_one(blocks(days, '<tr class="govuk-table__row">'), "Hampshire")
    assert marked(row)
    assert "Illustrative</strong> 1.5 of them" in row


def test_an_illustrative_exit_is_marked_in_the_summary_and_the_timeline(client, official, world):
    with provenance("", illustrative=True):
        services.close_intervention(
            world.intervention,
            on=D(2018, 6, 30),
            exit_reason=Intervention.ExitReason.DIRECTION_REVOKED,
            reason="The seeds end in 2018: assumed",
            by=None,
        )
    client.force_login(official)

    html = client.get(
        reverse("interventions:intervention_detail", args=[world.intervention.pk])
    ).content.decode()

    status = html[html.index("data-status>") : html.index("</dd>", html.index("data-status>"))]
    assert "Closed 30 June 2018: direction revoked" in status and marked(status)
    items = blocks(html, 'class="moj-timeline__item')
    assert marked(the_one(items, "Intervention closed: direction revoked"))


def test_the_api_says_illustrative_for_each(client, official, world):
    client.force_login(official)
    pk = world.intervention.pk

    detail = client.get(reverse("api:intervention_detail", args=[pk])).json()
    entries = client.get(reverse("api:intervention_entries", args=[pk])).json()["results"]
    meetings = client.get(reverse("api:intervention_board_meetings", args=[pk])).json()
    days = client.get(reverse("api:intervention_partner_days", args=[pk])).json()

    by_summary = {entry["summary"]: entry for entry in entries}
    audit = by_summary["Audited forty cases with the principal social worker"]
    visit = by_summary["Met the director and front-line managers"]
    event = by_summary["Delegated the partnership agreement with Plymouth"]
    assert (audit["illustrative"], audit["source"]) == (True, MINUTES)
    assert [r["illustrative"] for r in audit["ratings"]] == [True]
    assert (visit["illustrative"], visit["source"]) == (False, "")
    assert [r["illustrative"] for r in visit["ratings"]] == [False]
    assert (event["illustrative"], event["actor"], event["source"]) == (
        False,
        "Torbay Council Cabinet",
        MINUTES,
    )
    assert sorted((r["rag"], r["illustrative"]) for r in event["ratings"]) == [
        ("amber", True),
        ("green", False),
    ]
    assert [(m["held_on"], m["illustrative"]) for m in meetings["results"]] == [
        ("2017-02-02", True),
        ("2016-07-01", False),
    ]
    assert [(d["worked_on"], d["illustrative"]) for d in days["results"]] == [
        ("2017-02-03", True),
        ("2016-06-01", False),
    ]
    assert [(d["stage"], d["illustrative"]) for d in detail["decisions"]] == [("minded_to", True)]
    changes = {c["to_status"]: c for c in detail["status_changes"]}
    assert changes["monitoring"]["illustrative"] is True
    assert changes["monitoring"]["source"] == MINUTES
    assert changes["triggered"]["illustrative"] is False
