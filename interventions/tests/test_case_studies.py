"""The case studies: what they load, the dates their history carries, and loading them twice.

The first tests read the case-study data alone (no database): every fact names a source and says
how exact its date is, ratings that change give a reason, illustrative dates are working days.
The rest load the cases into the database, with and without the national reference data.
"""

import csv
import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from authorities.models import LeadershipPost, LocalAuthority
from authorities.services import load_authorities
from core.history import system_user
from inspections.models import Inspection
from inspections.services import load_inspections
from interventions import services
from interventions.case_studies import CASES, facts, reference, torbay
from interventions.case_studies.loader import CaseStudyError, load_case_studies
from interventions.models import (
    ADMAssessment,
    BoardMeeting,
    Intervention,
    MinisterialDecision,
    ProgressEntry,
    StatusChange,
    StatutoryDirection,
    ThemeRating,
)

TORBAY, IOW, BUCKS = reference.TORBAY, reference.ISLE_OF_WIGHT, reference.BUCKINGHAMSHIRE
TORBAY_REPORT = "Torbay Council report, 20 July 2017"


def all_facts():
    return [(case, fact) for case in CASES for fact in case.facts]


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def history_counts() -> dict[str, int]:
    """Rows in every history table, by table."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    }


def open_torbay() -> Intervention:
    return Intervention.objects.get(authority__ons_code=TORBAY, closed_on__isnull=True)


# The data on its own ---------------------------------------------------------------------
# (How the facts stand against their sources: test_case_studies_sources.py.)


def test_every_fact_names_its_source_and_how_exact_its_date_is():
    for case, fact in all_facts():
        assert fact.source.title, (case.slug, fact)
        assert fact.dated in facts.DATED, (case.slug, fact)
        assert len(fact.reason) <= facts.MAX_REASON_LENGTH, fact.reason


def test_every_case_opens_first_and_lists_its_facts_in_date_order():
    for case in CASES:
        assert isinstance(case.facts[0], facts.Opened), case.slug
        dates = [fact.on for fact in case.facts]
        assert dates == sorted(dates), case.slug


def test_a_rating_that_changes_gives_a_rationale():
    for case in CASES:
        previous: dict[str, str] = {}
        for fact in case.facts:
            for rating in getattr(fact, "ratings", ()):
                assert rating.theme in facts.THEMES
                changed = rating.theme in previous and previous[rating.theme] != rating.rag
                assert rating.rationale or not changed, (case.slug, fact.on, rating.theme)
                previous[rating.theme] = rating.rag


def test_fallback_rows_copy_the_reference_files():
    data_dir = settings.REFERENCE_DATA_DIR
    with open(data_dir / "childrens_services_authorities.csv", encoding="utf-8-sig") as handle:
        rows = {row["ons_code"]: row for row in csv.DictReader(handle)}
    for code, values in reference.AUTHORITIES.items():
        row = rows[code]
        assert (values["dfe_code"], values["ofsted_urn"]) == (row["dfe_la_code"], row["ofsted_urn"])
        assert (values["name"], values["official_name"]) == (row["name"], row["official_name"])
        assert values["region"] == row["region_code"]

    with open(data_dir / reference.INSPECTIONS_FILE, encoding="utf-8-sig") as handle:
        file_rows = {
            (row["ons_code"], row["inspection_type"], row["publication_date"]): row
            for row in csv.DictReader(handle)
        }
    for copied in reference.INSPECTIONS:
        key = (copied["ons_code"], copied["inspection_type"], str(copied["publication_date"]))
        row = file_rows[key]
        assert copied["notes"] == row["notes"]
        graded = {column: value for column, value in row.items() if value and column in GRADES}
        assert copied["grades"] == graded, key


GRADES = {
    "overall_effectiveness",
    "safeguarding_overall",
    "looked_after_children_overall",
    "help_and_protection",
    "looked_after_and_permanence",
    "adoption_performance",
    "care_leavers",
    "leadership_management_governance",
    "lscb_review",
}


# Loading without the reference data ----------------------------------------------------------


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker):
    """The case studies, loaded once for a class of tests and rolled back after its last test
    (each test runs in a savepoint inside, so its own changes are undone too)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_case_studies()
        transaction.set_rollback(True)


@pytest.mark.django_db
class TestLoadedWithoutReferenceData:
    """The cases loaded into an empty database: what each intervention holds."""

    def test_it_creates_only_the_authorities_and_inspections_it_needs(self, loaded):
        assert LocalAuthority.objects.count() == len(reference.AUTHORITIES) == 8
        assert Inspection.objects.count() == len(reference.INSPECTIONS) == 13
        torbay_sif = Inspection.objects.get(
            authority__ons_code=TORBAY, publication_date="2016-01-05"
        )
        assert torbay_sif.is_inadequate
        assert open_torbay().trigger_inspection == torbay_sif
        assert loaded["authorities created"] == 8
        assert loaded["interventions created"] == 5

    def test_each_intervention_has_the_status_it_reached_and_ends_where_its_sources_do(
        self, loaded
    ):
        statuses = {
            (i.authority.ons_code, i.opened_on.isoformat()): (
                i.status,
                i.closed_on,
                i.exit_reason,
                i.sources_end_on,
            )
            for i in Intervention.objects.select_related("authority")
        }
        day = datetime.date
        assert statuses == {
            (IOW, "2013-01-15"): (
                "closed",
                day(2018, 6, 18),
                "direction_revoked",
                day(2018, 6, 18),
            ),
            (TORBAY, "2010-10-22"): ("closed", day(2014, 2, 4), "notice_lifted", day(2014, 2, 4)),
            (TORBAY, "2016-01-05"): ("monitoring", None, "", day(2018, 8, 24)),
            (BUCKS, "2018-01-29"): ("awaiting_decision", None, "", day(2018, 6, 30)),
            (reference.SLOUGH, "2014-02-11"): ("monitoring", None, "", day(2016, 2, 17)),
        }
        assert loaded["records ending with their sources created"] == len(CASES)
        torbay_path = list(open_torbay().status_changes.values_list("to_status", "changed_on"))
        assert torbay_path == [
            ("triggered", datetime.date(2016, 1, 5)),
            ("initial_review", datetime.date(2016, 5, 13)),
            ("awaiting_decision", datetime.date(2017, 4, 5)),
            ("implementation", datetime.date(2017, 10, 1)),
            ("monitoring", datetime.date(2018, 4, 1)),
        ]

    def test_reports_are_owed_only_by_commissioners_and_only_until_the_sources_end(self, loaded):
        today = datetime.date(2030, 1, 1)
        owed = {
            i.authority.ons_code + i.opened_on.isoformat()[:4]: [
                (p.kind, p.start, p.end) for p in i.report_periods(today)
            ]
            for i in Intervention.objects.select_related("authority")
        }
        # The Isle of Wight and Slough had no commissioner; Torbay's notice named no adviser.
        assert owed[IOW + "2013"] == owed[reference.SLOUGH + "2014"] == []
        assert owed[TORBAY + "2010"] == []
        # Buckinghamshire: one whole quarter from the appointment before the June 2018 report.
        assert owed[BUCKS + "2018"] == [
            ("commissioner", datetime.date(2018, 2, 28), datetime.date(2018, 5, 27))
        ]
        # Torbay: quarters from the appointment, the last whole one before 24 August 2018.
        torbay_periods = owed[TORBAY + "2016"]
        assert len(torbay_periods) == 9
        assert torbay_periods[0][1:] == (datetime.date(2016, 5, 13), datetime.date(2016, 8, 12))
        assert torbay_periods[-1][1:] == (datetime.date(2018, 5, 13), datetime.date(2018, 8, 12))
        assert open_torbay().next_report_due(today) is None

    def test_torbay_has_a_commissioner_hampshire_for_200_days_and_then_plymouth(self, loaded):
        intervention = open_torbay()
        first, revised = intervention.directions.order_by("issued_on")
        assert first.requires_commissioner and first.requires_improvement_partner
        assert first.revised_on == datetime.date(2017, 10, 1) and revised.supersedes == first
        assert intervention.open_direction() == revised

        appointment = intervention.appointments.get()
        assert appointment.commissioner.name == "John Coughlan"
        assert appointment.commissioner.organisation == "Hampshire County Council"

        hampshire = intervention.partnerships.get(supporting__ons_code=reference.HAMPSHIRE)
        assert (hampshire.model, hampshire.legal_basis) == ("expert_adviser", "directed")
        assert hampshire.day_allowance_per_year == Decimal("200")
        assert hampshire.direction == first
        # The allowance is in the sources; the days claimed month by month are not.
        assert not hampshire.day_logs.exists()

        plymouth = intervention.partnerships.get(supporting__ons_code=reference.PLYMOUTH)
        assert (plymouth.model, plymouth.starts_on) == (
            "adm_partnership",
            datetime.date(2018, 4, 1),
        )
        assert plymouth.direction == revised

    def test_torbay_adm_assessment_discounts_the_ico_and_recommends_plymouth(self, loaded):
        intervention = open_torbay()
        assessment = intervention.adm_assessments.get()
        assert assessment.presumption_applies is True
        assert assessment.concluded_on == datetime.date(2017, 4, 5)
        assert assessment.recommended_partner.ons_code == reference.PLYMOUTH
        outcomes = {o.name: (o.outcome, o.outcome_on) for o in assessment.options.all()}
        assert outcomes[torbay.ICO] == ("discounted", datetime.date(2017, 3, 9))
        assert outcomes[torbay.WITH_CORNWALL][0] == "discounted"
        assert outcomes[torbay.WITH_DEVON] == ("discounted", datetime.date(2017, 4, 5))
        assert outcomes[torbay.WITH_PLYMOUTH] == ("recommended", datetime.date(2017, 4, 5))
        assert set(outcomes) == {
            torbay.ICO,
            torbay.RETAIN,
            torbay.TRUST,
            torbay.WITH_CORNWALL,
            torbay.WITH_DEVON,
            torbay.WITH_PLYMOUTH,
        }
        # "Minded to" is in the sources; a confirmation is not, so none is recorded.
        decisions = list(intervention.ministerial_decisions.values_list("stage", "decided_on"))
        assert decisions == [("minded_to", datetime.date(2017, 6, 30))]
        minded_to = intervention.ministerial_decisions.get(stage="minded_to")
        assert minded_to.next_update_due_on == datetime.date(2017, 9, 30)
        assert minded_to.assessment == assessment
        assert (minded_to.source, minded_to.illustrative) == (TORBAY_REPORT, False)

    def test_no_source_dates_a_board_meeting_so_none_is_recorded(self, loaded):
        board = open_torbay().boards.get()
        assert board.chaired_by_commissioner and board.chair_name == "John Coughlan"
        assert not BoardMeeting.objects.exists()
        assert not ProgressEntry.objects.filter(kind="board_meeting").exists()

    def test_torbays_log_is_the_commissioners_work_and_others_events_with_graded_ratings(
        self, loaded
    ):
        entries = open_torbay().progress_entries.order_by("occurred_on", "pk")
        own = [(e.occurred_on, e.kind) for e in entries if e.kind != "event"]
        assert own == [
            (datetime.date(2017, 1, 1), "letter"),
            (datetime.date(2017, 2, 15), "letter"),
            (datetime.date(2017, 3, 9), "letter"),
            (datetime.date(2017, 3, 30), "interview"),
            (datetime.date(2017, 4, 24), "interview"),
        ]
        events = {(e.occurred_on, e.actor) for e in entries if e.kind == "event"}
        assert (datetime.date(2017, 7, 7), "Dr Sarah Wollaston MP and Kevin Foster MP") in events
        assert (datetime.date(2018, 8, 24), "Ofsted") in events
        assert len(events) == 9

        ratings = ThemeRating.objects.filter(entry__intervention=open_torbay())
        assert ratings.count() == 13
        assert ratings.filter(illustrative=True).count() == 5
        assert not ratings.filter(illustrative=False).exclude(entry__actor="Ofsted").exists()
        # As the sources end: Inadequate again for help and protection and for leadership.
        latest = [rating.rag for rating in open_torbay().latest_ratings().values()]
        assert sorted(latest) == ["amber"] * 2 + ["red"] * 6

    def test_actions_are_the_sources_and_an_invented_closing_is_marked(self, loaded):
        actions = {a.title: a for a in open_torbay().actions.all()}
        assert len(actions) == 6
        done = {title for title, a in actions.items() if a.status == "done"}
        assert actions.keys() - done == {
            "Consider the Local Partnerships review and tell the Minister if it matters"
        }
        heads_of_terms = actions["Develop heads of terms for the partnership with Plymouth"]
        assert heads_of_terms.created_on == datetime.date(2017, 4, 28)
        assert heads_of_terms.completed_on == datetime.date(2017, 7, 20)
        assert heads_of_terms.source_entry.occurred_on == datetime.date(2017, 4, 28)
        assert heads_of_terms.source_entry.actor == "Torbay Council's Chief Executive"
        assert all(action.completed_on for title, action in actions.items() if title in done)
        # Raised or closed on no source's word: illustrative.
        illustrative = {title for title, a in actions.items() if a.illustrative}
        assert illustrative == {
            "Meet Devon and Plymouth to explore their proposals in detail",
            "Update the Minister on progress towards the Plymouth partnership",
            "Present final partnership proposals to Council for approval",
        }

    def test_isle_of_wight_partnership_runs_five_years_then_continues_voluntarily(self, loaded):
        intervention = Intervention.objects.get(authority__ons_code=IOW)
        direction = intervention.directions.get()
        assert direction.issued_on == datetime.date(2013, 6, 1)
        assert direction.expires_on == datetime.date(2018, 6, 30)
        assert direction.revoked_on == datetime.date(2018, 6, 18)
        directed, voluntary = intervention.partnerships.order_by("starts_on")
        assert (directed.model, directed.legal_basis) == ("runs_services", "directed")
        assert (directed.starts_on, directed.ends_on) == (
            datetime.date(2013, 7, 1),
            datetime.date(2018, 6, 18),
        )
        assert (voluntary.legal_basis, voluntary.starts_on) == (
            "voluntary",
            datetime.date(2018, 6, 18),
        )
        assert voluntary.annual_budget == Decimal("1300000")
        assert voluntary.overhead_percent == Decimal("15")
        board = intervention.boards.get()
        assert (board.chair_name, board.independent_chair) == ("Professor Ray Jones", True)
        assert board.stood_down_on == datetime.date(2015, 2, 1)
        assert not intervention.appointments.exists()
        dcs = LeadershipPost.objects.filter(authority__ons_code=IOW, role="dcs").order_by(
            "start_date"
        )
        assert [(p.person_name, p.start_date, p.end_date) for p in dcs] == [
            ("John Coughlan", datetime.date(2013, 7, 1), datetime.date(2015, 10, 31)),
            ("Steve Crocker", datetime.date(2015, 11, 1), None),
        ]
        # No commissioner tested a presumption: the options paper is the Council Cabinet's.
        assert not intervention.adm_assessments.exists()
        options = intervention.progress_entries.get(occurred_on=datetime.date(2017, 11, 9))
        assert (options.kind, options.actor) == ("event", "Isle of Wight Council Cabinet")
        assert "To extend the current strategic partnership" in options.summary
        assert set(intervention.progress_entries.values_list("kind", flat=True)) == {"event"}

    def test_slough_records_what_dfe_the_secretary_of_state_and_ofsted_did(self, loaded):
        intervention = Intervention.objects.get(authority__ons_code=reference.SLOUGH)
        assert not intervention.adm_assessments.exists()
        review = intervention.progress_entries.get(occurred_on=datetime.date(2014, 7, 1))
        assert review.actor == "Independent review commissioned by the Department for Education"
        decision = intervention.ministerial_decisions.get()
        assert (decision.stage, decision.decided_by) == (
            "confirmed",
            "Secretary of State for Education",
        )
        assert decision.assessment is None
        assert set(intervention.progress_entries.values_list("actor", flat=True)) == {
            "Independent review commissioned by the Department for Education",
            "The Slough Trust",
            "Ofsted",
        }

    def test_buckinghamshire_commissioner_recommends_no_adm(self, loaded):
        intervention = Intervention.objects.get(authority__ons_code=BUCKS)
        assert intervention.trigger_inspection.type == "reinspection"
        assert intervention.appointments.get().starts_on == datetime.date(2018, 2, 28)
        partner = intervention.partnerships.get()
        assert (partner.supporting.ons_code, partner.model) == (
            reference.HAMPSHIRE,
            "improvement_partner",
        )
        assessment = intervention.adm_assessments.get()
        assert assessment.recommended_model == "retain" and assessment.recommended_partner is None
        assert "No alternative delivery model" in assessment.recommendation
        assert assessment.options.get(outcome="recommended").model == "retain"
        assert intervention.actions.filter(status="open", source="report").count() == 6
        # The June 2018 report is recorded by the reporting app, not as an 80-word letter.
        assert loaded["reports received (recorded by reporting) unchanged"] == 4
        assert not intervention.progress_entries.filter(kind="letter").exists()
        work = intervention.progress_entries.exclude(kind="event")
        assert work.count() == 3 and all(entry.illustrative for entry in work)
        ratings = ThemeRating.objects.filter(entry__intervention=intervention)
        assert sorted(ratings.values_list("illustrative", "rag")) == [
            (False, "amber"),
            (False, "red"),
            (False, "red"),
            (False, "red"),
            (True, "amber"),
            (True, "amber"),
            (True, "red"),
        ]


@pytest.mark.django_db
class TestProvenance:
    """Every record a fact writes says where it comes from, and is marked if no source gives
    it; so is each rating, on its own terms."""

    SOURCED = (ProgressEntry, ThemeRating, StatusChange, MinisterialDecision)

    def test_every_sourced_record_names_its_document(self, loaded):
        titles = {fact.source.title for _, fact in all_facts()}
        for model in self.SOURCED:
            rows = model.objects.all()
            assert rows.exists(), model.__name__
            assert set(rows.values_list("source", flat=True)) <= titles, model.__name__

    def test_an_entry_and_its_ratings_are_illustrative_exactly_as_their_fact_says(self, loaded):
        facts_by_key = {
            (case.ons_code, fact.on, fact.kind, fact.actor): fact
            for case, fact in all_facts()
            if isinstance(fact, facts.ProgressLogged)
        }
        entries = ProgressEntry.objects.select_related("intervention__authority")
        assert entries.count() == len(facts_by_key) == 35
        for entry in entries.prefetch_related("ratings__theme"):
            key = (
                entry.intervention.authority.ons_code,
                entry.occurred_on,
                entry.kind,
                entry.actor,
            )
            fact = facts_by_key[key]
            assert entry.source == fact.source.title, key
            assert entry.illustrative == (fact.dated == facts.ILLUSTRATIVE), key
            stated = {r.theme: r for r in fact.ratings}
            for rating in entry.ratings.all():
                wanted = stated[rating.theme.code]
                assert rating.source == fact.source.title
                assert rating.illustrative == (entry.illustrative or wanted.illustrative), key
                assert rating.rationale == wanted.rationale

    def test_every_status_change_carries_its_source(self, loaded):
        changes = StatusChange.objects.all()
        assert not changes.filter(source="").exists()
        assert not changes.filter(illustrative=True).exists()
        closed = changes.get(to_status="closed", intervention__authority__ons_code=IOW)
        assert closed.source == "Community Care, 18 June 2018"


# History at the real dates -------------------------------------------------------------------


@pytest.mark.django_db
class TestHistoryDates:
    """History rows carry the date each fact happened."""

    def test_history_rows_are_dated_when_each_fact_happened(self, loaded):
        intervention = open_torbay()
        assessment = intervention.adm_assessments.get()
        recommended = assessment.history.filter(recommended_partner__isnull=False).earliest(
            "history_date"
        )
        assert local_day(recommended.history_date) == datetime.date(2017, 4, 5)
        assert recommended.history_user == system_user("case-studies")
        assert recommended.history_change_reason == TORBAY_REPORT
        started = assessment.history.earliest("history_date")
        assert local_day(started.history_date) == datetime.date(2016, 5, 13)
        assert started.history_change_reason == f"{TORBAY_REPORT} (approximate date)"

        minded_to = intervention.ministerial_decisions.get(stage="minded_to").history.get()
        assert local_day(minded_to.history_date) == datetime.date(2017, 6, 30)
        opened = intervention.history.earliest("history_date")
        assert local_day(opened.history_date) == datetime.date(2016, 1, 5)

        sif = intervention.trigger_inspection.history.get()
        assert local_day(sif.history_date) == datetime.date(2016, 1, 5)

    def test_every_case_study_history_row_is_backdated_and_attributed(self, loaded):
        robot = system_user("case-studies")
        fact_reasons = {fact.reason for _, fact in all_facts()}
        for model in apps.get_app_config("interventions").get_models():
            if not model.__name__.startswith("Historical"):
                continue
            rows = model.objects.filter(history_user__isnull=False)
            assert not rows.exclude(history_user=robot).exists(), model.__name__
            late = rows.filter(history_date__gte=timezone.make_aware(datetime.datetime(2019, 1, 1)))
            assert not late.exists(), model.__name__
            # Every reason is a fact's (its source document), never a service's default.
            reasons = set(rows.values_list("history_change_reason", flat=True))
            assert reasons <= fact_reasons, (model.__name__, reasons - fact_reasons)

    def test_as_at_30_june_2017_torbay_awaits_the_decision_on_plymouth(self, loaded):
        intervention = open_torbay()
        as_at = timezone.make_aware(datetime.datetime(2017, 6, 30, 23, 59))
        then = Intervention.history.as_of(as_at).get(pk=intervention.pk)
        assert then.status == "awaiting_decision"
        assessment = ADMAssessment.history.as_of(as_at).get(intervention_id=intervention.pk)
        assert assessment.recommended_partner.ons_code == reference.PLYMOUTH
        decisions = MinisterialDecision.history.as_of(as_at).filter(intervention_id=intervention.pk)
        assert [(d.stage, d.decided_on) for d in decisions] == [
            ("minded_to", datetime.date(2017, 6, 30))
        ]
        directions = StatutoryDirection.history.as_of(as_at).filter(intervention_id=intervention.pk)
        assert [d.issued_on for d in directions] == [datetime.date(2016, 5, 13)]

    def test_2017_q2_history_holds_the_recommendation_decision_and_the_commissioners_work(
        self, loaded
    ):
        """What a report for April to June 2017 reads, by history date."""
        start = timezone.make_aware(datetime.datetime(2017, 4, 1))
        end = timezone.make_aware(datetime.datetime(2017, 7, 1))
        in_q2 = {"history_date__gte": start, "history_date__lt": end, "history_type": "+"}
        intervention = open_torbay()
        entries = ProgressEntry.history.filter(intervention_id=intervention.pk, **in_q2)
        assert sorted((e.occurred_on, e.kind) for e in entries) == [
            (datetime.date(2017, 4, 24), "interview"),
            (datetime.date(2017, 4, 28), "event"),
        ]
        assert (
            MinisterialDecision.history.filter(intervention_id=intervention.pk, **in_q2).count()
            == 1
        )
        assessment = intervention.adm_assessments.get()
        concluded = assessment.history.filter(
            history_date__gte=start, history_date__lt=end, concluded_on__isnull=False
        ).earliest("history_date")
        assert local_day(concluded.history_date) == datetime.date(2017, 4, 5)
        assert not ThemeRating.history.filter(entry_id__in=entries.values("id"), **in_q2).exists()


# Loading twice, and with the reference data --------------------------------------------------


def reference_data(by):
    data_dir = settings.REFERENCE_DATA_DIR
    return load_authorities(data_dir, by=by), load_inspections(data_dir, by=by)


@pytest.mark.django_db
class TestLoadingAgain:
    """A second load, or the reference data after, changes nothing."""

    def test_a_second_run_changes_nothing_and_writes_no_history(self, loaded):
        before = history_counts()
        counts = load_case_studies()
        assert history_counts() == before
        assert {key.rpartition(" ")[2] for key in counts} == {"unchanged"}
        assert counts["progress entries unchanged"] == loaded["progress entries created"]

    def test_reference_data_loaded_afterwards_finds_the_case_study_rows_unchanged(self, loaded):
        by = system_user("reference-data")
        authorities, inspections = reference_data(by)
        assert authorities["updated"] == 0 and authorities["unchanged"] == 8
        assert inspections["inspections updated"] == 0 and inspections["judgements updated"] == 0
        assert inspections["inspections unchanged"] == 13
        torbay_inspections = Inspection.objects.filter(authority__ons_code=TORBAY)
        assert torbay_inspections.count() == 5  # 2010, 2013, 2016, 2018 and the 2022 ILACS
        assert LocalAuthority.objects.filter(ons_code=TORBAY).count() == 1


@pytest.mark.django_db
def test_on_top_of_the_reference_data_it_uses_the_authorities_and_inspections_there():
    reference_data(system_user("reference-data"))
    authorities, inspections = LocalAuthority.objects.count(), Inspection.objects.count()
    counts = load_case_studies()
    assert (LocalAuthority.objects.count(), Inspection.objects.count()) == (
        authorities,
        inspections,
    )
    assert counts["authorities unchanged"] == 8 and counts["inspections unchanged"] == 13
    assert open_torbay().trigger_inspection.source == reference.INSPECTIONS_FILE


@pytest.mark.django_db
def test_an_intervention_already_open_stops_the_load_and_nothing_is_loaded():
    load_case_studies(cases=[])  # only the authorities and inspections
    someone = system_user("someone")
    services.open_intervention(
        LocalAuthority.objects.get(ons_code=TORBAY), by=someone, opened_on=datetime.date(2015, 1, 1)
    )
    before = history_counts()
    with pytest.raises(CommandError, match="torbay-2011, Opened on 22 October 2010: Torbay"):
        call_command("load_case_studies", stdout=StringIO())
    assert history_counts() == before
    assert Intervention.objects.count() == 1


@pytest.mark.django_db
def test_the_command_reports_what_it_loaded():
    out = StringIO()
    call_command("load_case_studies", stdout=out)
    assert "Interventions: 5 created, 0 updated, 0 unchanged" in out.getvalue()
    out = StringIO()
    call_command("load_case_studies", stdout=out)
    assert "Interventions: 0 created, 0 updated, 5 unchanged" in out.getvalue()
    assert "Loaded the case studies" in out.getvalue()


@pytest.mark.django_db
def test_a_rating_of_an_unknown_theme_is_an_error_naming_the_case_and_fact():
    source = facts.Source("A test")
    case = facts.Case(
        slug="test-case",
        ons_code=TORBAY,
        title="Test",
        facts=(
            facts.Opened(on=facts.d("2016-01-05"), source=source, trigger=None, trigger_summary=""),
            facts.ProgressLogged(
                on=facts.d("2016-06-01"),
                source=source,
                kind="visit",
                summary="A visit",
                ratings=(facts.Rating("no-such-theme", "red", "no_change"),),
            ),
        ),
    )
    message = "test-case, ProgressLogged on 1 June 2016: No RAG theme has the code no-such-theme"
    with pytest.raises(CaseStudyError, match=message):
        load_case_studies(cases=[case])
    assert not Intervention.objects.exists()
