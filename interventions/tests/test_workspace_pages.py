"""The workspace's pages: a commissioner's interventions, the intervention page (summary,
timeline, progress log, actions, board meetings, partner days, history) and each record's page
with its history. Query counts stay the same with many rows."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inspections.models import Area, Grade
from interventions import services
from interventions.change_log import change_log, entry_sources
from interventions.models import Intervention, ThemeRating

from . import factories as f
from .workspace_world import graded_inspection

pytestmark = pytest.mark.django_db

D = datetime.date


def text(response) -> str:
    """The page's main content as words, without markup."""
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&#x27;", "'")


def detail_url(intervention):
    return reverse("interventions:intervention_detail", args=[intervention.pk])


# --- your interventions -----------------------------------------------------------------------


def test_commissioner_sees_their_interventions_with_what_is_due(client, world, commissioner):
    client.force_login(commissioner)
    response = client.get(reverse("commissioner_home"))
    words = text(response)

    assert "Your interventions" in words
    assert "Current appointments" in words
    row = re.search(r"Torbay (.*?) 0 overdue|Torbay (.*?)overdue", words)
    assert row, words
    due = world.intervention.next_report_due(timezone.localdate())
    # Nothing recorded since June 2016: stale, and it says so.
    assert (
        f"Torbay Triggered {due.day} {due:%B %Y} 1 June 2016 Stale : nothing recorded for six"
        " months 1 1 overdue"
    ) in words
    # Someone else's intervention is not listed.
    assert "Slough" not in words


def test_an_intervention_with_a_recent_entry_is_not_stale_and_one_whose_sources_end_says_so(
    client, world, commissioner, official
):
    services.record_progress(
        world.intervention,
        by=commissioner,
        occurred_on=timezone.localdate(),
        kind="visit",
        summary="Met the new director",
    )
    client.force_login(commissioner)
    words = text(client.get(reverse("commissioner_home")))
    assert "Stale" not in words
    services.mark_sources_end(
        world.intervention, on=D(2018, 8, 24), by=official, reason="The sources end"
    )
    words = text(client.get(reverse("commissioner_home")))
    assert "Sources end 24 August 2018" in words
    assert "None: the record ends where its sources end" in words


def test_past_appointments_are_listed_apart(client, world, commissioner, official):
    services.end_appointment(
        world.intervention.appointments.get(),
        by=official,
        ends_on=D(2017, 1, 1),
        reason="Term ended",
    )
    client.force_login(commissioner)
    words = text(client.get(reverse("commissioner_home")))
    assert "You have no current appointment" in words
    assert "Past appointments and closed interventions" in words and "Torbay" in words


def test_officials_see_every_intervention_in_the_list(client, world, official):
    client.force_login(official)
    words = text(client.get(reverse("commissioner_home")))
    assert "Torbay" in words and "Slough" in words


def test_home_sends_a_commissioner_to_their_interventions(client, commissioner):
    client.force_login(commissioner)
    response = client.get(reverse("core:home"))
    assert response.url == reverse("commissioner_home")


# --- the intervention page --------------------------------------------------------------------


def test_intervention_page_summarises_the_intervention(client, world, commissioner):
    client.force_login(commissioner)
    words = text(client.get(detail_url(world.intervention)))

    assert "Commissioner John Coughlan, Chief Executive (from 25 May 2016)" in words
    assert "Statutory direction Issued 25 May 2016 Requires co-operation with a commissioner" in (
        words
    )
    assert "Improvement partner Hampshire: expert adviser (directed, from 25 May 2016)" in words
    # Latest judgements, in the order Ofsted sets them out.
    assert (
        "Overall effectiveness Inadequate Children who need help and protection Inadequate"
        " Children looked after and achieving permanence Requires improvement to be good"
        " Leadership, management and governance Inadequate"
    ) in words
    assert "The presumption" in words and "Does not apply" in words
    assert "Leadership, management and governance Red No change 1 June 2016" in words


def test_presumption_shows_when_it_applies(client, world, commissioner):
    graded_inspection(
        world.intervention.authority,
        D(2018, 8, 1),
        {Area.OVERALL: Grade.INADEQUATE, Area.HELP_AND_PROTECTION: Grade.INADEQUATE},
    )
    client.force_login(commissioner)
    words = text(client.get(detail_url(world.intervention)))
    assert "Applies on" in words


def test_partner_days_used_against_the_allowance(client, world, commissioner, official):
    partnership = world.intervention.partnerships.get()
    today = timezone.localdate()
    services.log_partner_days(partnership, by=official, worked_on=today, days=Decimal("2.5"))
    client.force_login(commissioner)
    words = text(client.get(detail_url(world.intervention)))
    assert re.search(r"Hampshire Expert adviser .* 2\.5 200 197\.5", words), words


def test_timeline_shows_everything_newest_first(client, world, commissioner, official):
    services.record_ministerial_decision(
        world.intervention,
        by=official,
        stage="minded_to",
        decided_on=D(2017, 6, 30),
        decision="Minded to accept a partnership with Plymouth",
    )
    client.force_login(commissioner)
    words = text(client.get(detail_url(world.intervention)))
    start = words.index("Everything that happened")
    timeline = words[start : words.index("Progress entries, newest first", start)]
    order = [
        "Minister's decision: minded to",
        "Children's Improvement Board met 1 July 2016",
        "Progress logged: visit by commissioner 1 June 2016",
        "Partnership began: Hampshire as expert adviser",
        "John Coughlan appointed commissioner",
        "Statutory direction issued",
        "Intervention opened (triggered)",
        "Ofsted: SIF published (Inadequate)",
    ]
    missing = [item for item in order if item not in timeline]
    assert not missing, timeline
    positions = [timeline.index(item) for item in order]
    assert positions == sorted(positions)
    assert "Up to 200 days a year" in timeline


def test_entry_page_shows_its_history_old_to_new_with_labels(client, world, commissioner):
    services.update_progress(
        world.entry,
        by=commissioner,
        version=world.entry.version,
        as_author=True,
        reason="Rated again after the audit",
        kind="case_audit",
        ratings=[(world.leadership, "amber", "improving", "Audit showed progress")],
    )
    client.force_login(commissioner)
    url = reverse("interventions:entry_detail", args=[world.intervention.pk, world.entry.pk])
    words = text(client.get(url))

    history = words[words.index("History") :]
    assert "Entry changed by commissioner" in history
    assert "Reason: Rated again after the audit" in history
    assert "Kind Visit Case audit" in history  # labels, not raw values
    assert "Rating of Leadership, management and governance changed" in history
    assert "RAG rating Red Amber" in history
    assert "Direction of travel No change Improving" in history
    assert "Rating of Leadership, management and governance created" in history


def test_change_log_leaves_out_saves_that_changed_nothing_shown(world, commissioner):
    services.update_progress(world.entry, by=commissioner, reason="Touched")
    events = change_log(*entry_sources(world.entry))
    assert [e.title for e in events] == [
        "Rating of Leadership, management and governance created",
        "Entry created",
    ]


def test_action_and_meeting_pages_show_their_history(client, world, commissioner):
    services.update_action(
        world.action, by=commissioner, due_on=D(2016, 10, 1), reason="Board agreed more time"
    )
    client.force_login(commissioner)
    action_page = text(
        client.get(
            reverse("interventions:action_detail", args=[world.intervention.pk, world.action.pk])
        )
    )
    assert "Due date 1 September 2016 1 October 2016" in action_page
    assert "Reason: Board agreed more time" in action_page

    meeting_page = text(
        client.get(
            reverse(
                "interventions:board_meeting_detail",
                args=[world.intervention.pk, world.meeting.pk],
            )
        )
    )
    assert "Meeting created by System workspace-tests" in meeting_page


def test_intervention_history_shows_status_changes_by_label(client, world, official):
    services.change_status(
        world.intervention,
        "initial_review",
        on=D(2016, 5, 25),
        reason="Commissioner appointed",
        by=official,
    )
    client.force_login(official)
    words = text(client.get(detail_url(world.intervention)))
    history = words[words.rindex("History") :]
    assert "Intervention changed by official" in history
    assert "Status Triggered Initial review" in history
    assert "Reason: Commissioner appointed" in history


# --- query counts -----------------------------------------------------------------------------


def appointed_interventions(person, n):
    for _ in range(n):
        intervention = f.InterventionFactory()
        f.CommissionerAppointmentFactory(intervention=intervention, commissioner=person)
        f.ProgressEntryFactory.create_batch(2, intervention=intervention)
        f.ActionFactory.create_batch(2, intervention=intervention)


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_interventions(
    client, world, commissioner, django_assert_max_num_queries
):
    person = world.intervention.appointments.get().commissioner
    client.force_login(commissioner)
    url = reverse("commissioner_home")
    appointed_interventions(person, 2)
    bound = count(client, url)
    appointed_interventions(person, 20)
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert len(response.context["current"]) == 23


def add_rows(world, commissioner, n):
    intervention = world.intervention
    board = world.meeting.board
    theme = world.leadership
    start = D(2016, 10, 1) + datetime.timedelta(days=40 * world.intervention.actions.count())
    for i in range(n):
        day = start + datetime.timedelta(days=i)
        entry = f.ProgressEntryFactory(
            intervention=intervention, occurred_on=day, author=commissioner
        )
        f.ThemeRatingFactory(entry=entry, theme=theme, rag=ThemeRating.Rag.AMBER)
        f.ActionFactory(intervention=intervention, due_on=day)
        f.BoardMeetingFactory(board=board, held_on=day)
        f.InspectionFactory(
            authority=intervention.authority,
            framework="ILACS",
            type="monitoring_visit",
            inspection_date=day,
            publication_date=day,
        )
        f.MinisterialDecisionFactory(intervention=intervention, decided_on=day)
        f.PartnerDayLogFactory(partnership=intervention.partnerships.get(), worked_on=day)
        f.CommissionerAppointmentFactory(intervention=intervention, starts_on=day, ends_on=day)


def test_intervention_page_query_count_does_not_grow_with_rows(
    client, world, commissioner, django_assert_max_num_queries
):
    client.force_login(commissioner)
    url = detail_url(world.intervention)
    add_rows(world, commissioner, 2)
    bound = count(client, url)
    add_rows(world, commissioner, 25)
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    # Each long list shows a page at a time (views.PER_PAGE rows), counting all its rows.
    entries, timeline = response.context["entries"].page, response.context["timeline"].page
    assert (len(entries), entries.paginator.count) == (25, 28)
    assert len(timeline) == 25 and timeline.paginator.count > 100


def test_entry_page_query_count_does_not_grow_with_history(
    client, world, commissioner, django_assert_max_num_queries
):
    client.force_login(commissioner)
    url = reverse("interventions:entry_detail", args=[world.intervention.pk, world.entry.pk])

    def edit(n):
        for i in range(n):
            world.entry.refresh_from_db()
            services.update_progress(
                world.entry,
                by=commissioner,
                version=world.entry.version,
                as_author=True,
                summary=f"Edit {world.entry.version} {i}",
                ratings=[
                    (world.leadership, "red", "no_change", f"Rationale {world.entry.version}")
                ],
            )

    edit(2)
    bound = count(client, url)
    edit(20)
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert len(response.context["history"]) >= 44


# ---------------------------------------------------------------------------------------------
# Who owes reports, exit, the sources' end and staleness (issue 13)


def summary_of(client, intervention) -> str:
    words = text(client.get(detail_url(intervention)))
    return words[words.index("Summary") : words.index("Latest judgements")]


def test_the_page_says_who_owes_reports_and_when_the_next_is_due(client, world, commissioner):
    client.force_login(commissioner)

    summary = summary_of(client, world.intervention)

    assert (
        "Who owes reports John Coughlan reports to the Minister every 3 months from 25 May 2016"
        in summary
    )
    assert "No one owes the Minister a report" not in summary


def test_without_a_duty_no_one_owes_the_minister_a_report(client, world, official):
    client.force_login(official)

    summary = summary_of(client, world.other)  # no commissioner, no notice

    assert (
        "No one owes the Minister a report: no commissioner has been appointed and no"
        " improvement notice names an adviser" in summary
    )
    assert "Next report due None: no one owes a report" in summary


def test_the_page_shows_the_exit_and_the_timeline_the_closing(
    client, world, commissioner, official
):
    services.close_intervention(
        world.intervention,
        on=D(2018, 6, 30),
        exit_reason=Intervention.ExitReason.DIRECTION_REVOKED,
        reason="The Secretary of State revoked the direction",
        by=official,
    )
    client.force_login(commissioner)

    words = text(client.get(detail_url(world.intervention)))

    assert "Status Closed 30 June 2018: direction revoked" in words
    assert "reported to the Minister every 3 months from 25 May 2016 to 30 June 2018" in words
    assert "Intervention closed: direction revoked by official 30 June 2018" in words


def test_the_page_says_where_the_sources_end(client, world, commissioner, official):
    services.mark_sources_end(
        world.intervention, on=D(2018, 8, 24), by=official, reason="The seeds end here"
    )
    client.force_login(commissioner)

    response = client.get(detail_url(world.intervention))
    words = text(response)

    assert (
        "Sources Sources ended The sources end on 24 August 2018: nothing after this date is"
        " recorded." in words
    )
    assert 'govuk-tag--grey">Sources end 24 August 2018</strong>' in response.content.decode()
    assert "to 24 August 2018, where the sources end" in words
    assert "Next report due None: the sources end on 24 August 2018" in words
    timeline = words[words.index("Everything that happened") :]
    assert "Sources end The sources end here 24 August 2018" in timeline
    assert "Stale" not in words  # nothing is known after the sources end, so it is not stale


def test_a_third_party_event_is_told_under_its_actor(client, world, commissioner):
    services.record_progress(
        world.intervention,
        by=commissioner,
        occurred_on=D(2017, 7, 20),
        kind="event",
        actor="Torbay Council Cabinet",
        summary="Delegated the partnership agreement with Plymouth to the chief executive",
    )
    client.force_login(commissioner)

    words = text(client.get(detail_url(world.intervention)))

    timeline = words[words.index("Everything that happened") :]
    assert "Torbay Council Cabinet: Delegated the partnership agreement with Plymouth" in timeline


def test_an_open_intervention_with_nothing_recorded_for_six_months_looks_stale(
    client, world, commissioner
):
    client.force_login(commissioner)

    words = text(client.get(detail_url(world.intervention)))

    # The last entry was on 1 June 2016 (the status last changed when it opened).
    assert "Stale Nothing recorded since 1 June 2016" in words
