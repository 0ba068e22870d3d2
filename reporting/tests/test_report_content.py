"""The report's content: read from the history tables as they stood at the cut-off, every fact
traceable to the history rows it came from and citing documents, and the same records always
giving the same bytes."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interventions import services
from interventions.models import ProgressEntry
from reporting.history import end_of_day, history_model
from reporting.reports.content import build_content, canonical_json, sha256_hex

from .report_world import Q2, D, build_world, on, publish_inspection

pytestmark = pytest.mark.django_db

CUTOFF = end_of_day(Q2[1])


@pytest.fixture
def world():
    return build_world()


def q2_content(world, cutoff=CUTOFF) -> dict:
    return build_content(world.intervention, *Q2, cutoff=cutoff)


def all_facts(value):
    """Every fact anywhere in the content (a dict with a ``sources`` list)."""
    if isinstance(value, dict):
        if isinstance(value.get("sources"), list):
            yield value
        for item in value.values():
            yield from all_facts(item)
    elif isinstance(value, list):
        for item in value:
            yield from all_facts(item)


def all_source_lists(value):
    """Every ``sources`` list anywhere in the content (not the top-level table)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sources" and isinstance(item, list):
                yield item
            else:
                yield from all_source_lists(item)
    elif isinstance(value, list):
        for item in value:
            yield from all_source_lists(item)


def test_the_same_records_give_byte_identical_content(world):
    first = canonical_json(q2_content(world))
    second = canonical_json(q2_content(world))

    assert first == second
    assert sha256_hex(first) == sha256_hex(second)
    assert json.loads(first)["period"] == {"start": "2017-04-01", "end": "2017-06-30"}


def test_every_fact_cites_history_rows_that_exist_with_who_and_why(world):
    content = q2_content(world)
    cited = {key for sources in all_source_lists(content) for key in sources}

    assert cited == set(content["sources"])  # the table describes exactly what facts cite
    for key in cited:
        label, history_id = key.split(":")
        model = world.intervention._meta.apps.get_model(label)
        row = history_model(model).objects.get(history_id=int(history_id))
        described = content["sources"][key]
        assert described["object_id"] == getattr(row, model._meta.pk.attname)
        assert described["reason"] == (row.history_change_reason or "")
        if row.history_date >= CUTOFF:
            # Recorded after the period ended (the themes are seeded when the database is
            # made): only a record's first row is used then, never a later edit.
            assert described["change"] == "created"
    visit = next(e for e in content["activity"]["entries"] if e["kind"] == "visit")
    [source] = visit["sources"]
    assert content["sources"][source]["reason"] == "Visit"
    assert content["sources"][source]["recorded_by"] == "System report-tests"


def test_every_fact_cites_a_document_and_says_whether_it_is_illustrative(world):
    content = q2_content(world)
    facts = list(all_facts(content))

    assert facts and all(isinstance(fact["illustrative"], bool) for fact in facts)
    cited = {key for fact in facts for key in fact["cites"]}
    assert cited == set(content["citations"])
    inspection = content["judgements"]
    assert [content["citations"][key]["text"] for key in inspection["cites"]] == [
        "Ofsted, SIF re-inspection report, published 20 May 2017"
    ]
    visit = next(e for e in content["activity"]["entries"] if e["kind"] == "visit")
    [loaded] = visit["cites"]  # written by a process: its reason names where it came from
    assert content["citations"][loaded] == {"kind": "loaded", "text": "Visit"}


def test_later_edits_to_the_records_do_not_change_the_report_for_the_period(world):
    before = canonical_json(q2_content(world))
    with on(D(2017, 7, 20), "Corrected later"):
        services.update_progress(world.q2_visit, by=world.by, summary="Rewritten in July")
        meeting = world.intervention.boards.get().meetings.get(held_on=D(2017, 5, 10))
        meeting.decisions = "Changed in July"
        meeting.save()

    assert canonical_json(q2_content(world)) == before
    after_edit = q2_content(world, cutoff=end_of_day(D(2017, 7, 31)))
    summaries = [e["summary"] for e in after_edit["activity"]["entries"]]
    assert "Rewritten in July" in summaries  # a later cut-off (a reopened version) sees it


def test_an_entry_logged_after_the_period_for_a_day_within_it_is_included_as_first_recorded(
    world,
):
    with on(D(2017, 7, 3), "Logged late"):
        late = services.record_progress(
            world.intervention,
            by=world.by,
            occurred_on=D(2017, 6, 28),
            kind=ProgressEntry.Kind.INTERVIEW,
            summary="Interview with the lead member",
        )
    with on(D(2017, 8, 1), "Edited even later"):
        services.update_progress(late, by=world.by, summary="Edited in August")

    entries = q2_content(world)["activity"]["entries"]

    assert [e["summary"] for e in entries if e["kind"] == "interview"] == [
        "Interview with the lead member"
    ]


def test_activity_counts_visits_board_meetings_and_lists_the_meetings_of_the_period(world):
    activity = q2_content(world)["activity"]
    counts = {item["kind"]: item["count"] for item in activity["counts"]}

    assert counts["visit"] == 1
    assert counts["board_meeting"] == 1
    assert [(m["date"], m["decisions"]) for m in activity["board_meetings"]] == [
        ("2017-05-10", "Audit every month")
    ]


def test_rag_ratings_at_period_end_with_movement_since_the_previous_period(world):
    first, second = world.themes
    themes = {t["theme"]: t for t in q2_content(world)["themes"]}

    assert themes[first.name]["rag"] == "amber"
    assert themes[first.name]["previous_rag"] == "red"
    assert themes[first.name]["movement"] == "improved"
    assert themes[first.name]["rationale"] == "Referrals screened within a day"
    assert themes[second.name]["movement"] == "declined"
    assert themes[second.name]["direction"] == "Declining"
    unrated = [t for name, t in themes.items() if name not in {first.name, second.name}]
    assert unrated and all(t["movement"] == "not_rated" for t in unrated)


def test_first_quarter_ratings_are_first_ratings(world):
    content = build_content(world.intervention, D(2017, 1, 1), D(2017, 3, 31), cutoff=CUTOFF)
    first = next(t for t in content["themes"] if t["theme"] == world.themes[0].name)

    assert (first["rag"], first["movement"]) == ("red", "first_rating")


def test_actions_done_open_and_overdue_at_the_end_of_the_period(world):
    actions = q2_content(world)["actions"]

    assert [a["title"] for a in actions["done"]] == ["Fix the rota"]
    assert [a["title"] for a in actions["overdue"]] == ["Audit plans"]  # due 1 June
    assert [a["title"] for a in actions["open"]] == ["Recruit"]  # each listed once


def test_an_action_due_on_the_last_day_is_not_overdue_that_day(world):
    with on(D(2017, 6, 2), "Action agreed"):
        services.create_action(
            world.intervention, by=world.by, title="Due today", due_on=Q2[1], created_on=Q2[0]
        )

    actions = q2_content(world)["actions"]

    assert "Due today" in [a["title"] for a in actions["open"]]
    assert "Due today" not in [a["title"] for a in actions["overdue"]]


def test_changes_name_the_inspection_leadership_and_partnership_of_the_period(world):
    content = q2_content(world)
    changes = content["changes"]
    kinds = [(c["date"], c["kind"]) for c in changes]

    assert kinds == [
        ("2017-04-01", "partnership_started"),
        ("2017-05-20", "inspection_published"),
    ]
    assert "Overall effectiveness: Inadequate" in changes[1]["text"]
    assert changes[1]["actor"] == "Ofsted"
    leadership = content["leadership"]
    assert [c["text"] for c in leadership["changes"]] == [
        "Sam Leader became director of children's services (interim)"
    ]
    assert [(p["role"], p["name"]) for p in leadership["in_post"]] == [
        ("Director of children's services", "Sam Leader (interim)")
    ]


def test_adm_recommendation_and_ministers_decision_of_the_period(world):
    adm = q2_content(world)["adm"]
    [assessment] = adm["assessments"]
    [option] = assessment["options"]
    [decision] = adm["decisions"]

    assert assessment["concluded_in_period"] and assessment["recommended_partner"].endswith(
        "Partner"
    )
    assert (option["outcome"], option["outcome_on"]) == ("recommended", "2017-05-05")
    assert (decision["stage"], decision["decided_on"]) == ("minded_to", "2017-06-30")


def test_an_outcome_reached_after_the_period_shows_as_still_considered(world):
    content = build_content(world.intervention, D(2017, 1, 1), D(2017, 3, 31), cutoff=CUTOFF)
    [assessment] = content["adm"]["assessments"]

    assert assessment["options"][0]["outcome"] == "considered"
    assert assessment["recommendation"] == ""
    assert content["adm"]["decisions"] == []


def test_partner_days_used_in_the_period_against_the_pro_rata_allowance(world):
    [days] = q2_content(world)["partner_days"]

    assert days["days_used"] == "22.5"  # the July log is in the next period
    assert days["days_allowed"] == "49.86"  # 200 days a year for 91 days
    assert days["over_allowance"] is False


def test_presumption_is_evaluated_on_the_last_day_of_the_period(world):
    publish_inspection(world.intervention.authority, D(2017, 7, 14))  # after the period

    presumption = q2_content(world)["presumption"]
    rules = {r["rule"]: r for r in presumption["rules"]}

    assert presumption["date"] == "2017-06-30"
    two_of_three = rules["Two of the last three graded inspections inadequate"]
    assert two_of_three["applies"] is False
    assert two_of_three["reason"].startswith("1 of the 1 graded inspection published")
    persistent = next(r for name, r in rules.items() if name.startswith("Inadequate more"))
    assert persistent["applies"] is True
    [resting_on] = persistent["inspections"]
    assert resting_on["text"] == "SIF re-inspection, published 20 May 2017: Inadequate"
    assert any(key.startswith("inspections.inspection:") for key in resting_on["sources"])
    assert presumption["rules_disagree"] is True


def test_draft_assessment_summarises_the_period_for_the_commissioner_to_complete(world):
    draft = q2_content(world)["draft_assessment"]

    assert "1 visit, 1 board meeting" in draft
    assert "1 improved and 1 declined" in draft
    assert "2 remained open at the end of the period, 1 of them overdue" in draft
    assert "recorded as concluded on 5 May 2017 recommends: Partnership with the partner" in draft
    assert "the commissioner concluded" not in draft  # the records say what, not who concluded
    assert "[Commissioner:" in draft


def test_building_a_report_takes_the_same_few_queries_however_many_records(world):
    with CaptureQueriesContext(connection) as few:
        q2_content(world)
    with on(D(2017, 6, 20), "Many visits"):
        for day in range(1, 29):
            services.record_progress(
                world.intervention,
                by=world.by,
                occurred_on=D(2017, 5, day),
                kind=ProgressEntry.Kind.VISIT,
                summary=f"Visit {day}",
                ratings=[(world.themes[0], "amber", "no_change", "Steady")],
            )
    with CaptureQueriesContext(connection) as many:
        content = q2_content(world)

    assert len(content["activity"]["entries"]) == 2 + 28
    # One indexed read per kind of record (two on PostgreSQL), the reorganisation links and the
    # users.
    assert len(many) == len(few) <= 60
