"""The case studies: what they load, the dates their history carries, and loading them twice.

The first tests read the case-study data alone (no database): every fact names a source and says
how exact its date is, ratings that change give a reason, illustrative dates are working days.
The rest load the cases into the database, with and without the national reference data.
"""

import csv
import datetime
from collections import Counter, defaultdict
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


def test_illustrative_meetings_visits_and_day_logs_fall_on_working_days():
    illustrative = [
        fact
        for _, fact in all_facts()
        if fact.dated == facts.ILLUSTRATIVE
        and isinstance(fact, facts.BoardMet | facts.ProgressLogged | facts.PartnerDaysLogged)
    ]
    assert len(illustrative) > 40
    assert [fact.on for fact in illustrative if fact.on.weekday() >= 5] == []


def test_hampshire_logs_no_more_than_200_days_in_any_year_of_its_support_to_torbay():
    logs = [
        fact
        for fact in torbay.TORBAY_2016.facts
        if isinstance(fact, facts.PartnerDaysLogged)
        and fact.partnership == torbay.HAMPSHIRE_SUPPORT
    ]
    by_year: Counter = Counter()
    for log in logs:
        # Support started in May 2016: a year of support runs May to April.
        by_year[log.on.year - (log.on.month < 5)] += log.days
    assert by_year[2016] == Decimal("187")
    assert all(total <= 200 for total in by_year.values())
    assert by_year[2017] < by_year[2016], "Hampshire's support tapers"


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

    def test_each_intervention_has_the_status_it_reached(self, loaded):
        statuses = {
            (i.authority.ons_code, i.opened_on.isoformat()): (i.status, i.closed_on)
            for i in Intervention.objects.select_related("authority")
        }
        assert statuses == {
            (IOW, "2013-01-15"): ("closed", datetime.date(2018, 6, 30)),
            (TORBAY, "2010-10-22"): ("closed", datetime.date(2014, 2, 4)),
            (TORBAY, "2016-01-05"): ("monitoring", None),
            (BUCKS, "2018-01-29"): ("awaiting_decision", None),
            (reference.SLOUGH, "2014-02-11"): ("monitoring", None),
        }
        torbay_path = list(open_torbay().status_changes.values_list("to_status", "changed_on"))
        assert torbay_path == [
            ("triggered", datetime.date(2016, 1, 5)),
            ("initial_review", datetime.date(2016, 5, 13)),
            ("awaiting_decision", datetime.date(2017, 4, 5)),
            ("implementation", datetime.date(2017, 10, 1)),
            ("monitoring", datetime.date(2018, 4, 1)),
        ]

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
        first_year = hampshire.day_usage(datetime.date(2016, 5, 13), datetime.date(2017, 5, 12))
        assert first_year.used == Decimal("187") and first_year.allowed == Decimal("200.00")

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
        decisions = list(intervention.ministerial_decisions.values_list("stage", "decided_on"))
        assert decisions == [
            ("minded_to", datetime.date(2017, 6, 30)),
            ("confirmed", datetime.date(2017, 10, 1)),
        ]
        minded_to = intervention.ministerial_decisions.get(stage="minded_to")
        assert minded_to.next_update_due_on == datetime.date(2017, 9, 30)
        assert minded_to.assessment == assessment

    def test_torbay_board_meets_every_quarter_and_twice_in_2017_q2(self, loaded):
        board = open_torbay().boards.get()
        assert board.chaired_by_commissioner and board.chair_name == "John Coughlan"
        quarters = {(m.held_on.year, (m.held_on.month - 1) // 3 + 1) for m in board.meetings.all()}
        wanted = {(2016, q) for q in (2, 3, 4)} | {(2017, q) for q in (1, 2, 3, 4)}
        assert wanted | {(2018, q) for q in (1, 2, 3)} <= quarters
        q2 = board.meetings.filter(held_on__range=("2017-04-01", "2017-06-30"))
        assert [m.held_on for m in q2] == [datetime.date(2017, 5, 11), datetime.date(2017, 6, 22)]
        # The commissioner's record of each meeting is a board-meeting entry linked to it.
        assert all(meeting.progress_entries.get().kind == "board_meeting" for meeting in q2)

    def test_torbay_progress_log_covers_every_month_and_ratings_move_in_2017_q2(self, loaded):
        entries = open_torbay().progress_entries.all()
        months = {(e.occurred_on.year, e.occurred_on.month) for e in entries}
        month, missing = datetime.date(2016, 5, 1), []
        while month <= datetime.date(2018, 8, 1):
            if (month.year, month.month) not in months:
                missing.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        assert missing == []

        q2 = ThemeRating.objects.filter(
            entry__intervention=open_torbay(),
            entry__occurred_on__range=("2017-04-01", "2017-06-30"),
        ).select_related("theme", "entry")
        moves = {
            rating.theme.code: (rating.previous_rating().rag, rating.rag)
            for rating in q2
            if rating.rag_changed()
        }
        assert moves == {
            "partnerships": ("red", "amber"),
            "help-and-protection": ("red", "amber"),
            "leadership": ("red", "amber"),
        }
        assert open_torbay().rag_summary() == {"red": 2, "amber": 6, "green": 0}

    def test_partner_days_are_logged_against_torbays_hampshire_partnership_by_month(self, loaded):
        logs = open_torbay().partnerships.get(model="expert_adviser").day_logs.all()
        per_year = defaultdict(Decimal)
        for log in logs:
            per_year[log.worked_on.year] += log.days
        assert per_year[2016] == Decimal("123") and sum(per_year.values()) == Decimal("351")
        assert {log.logged_by for log in logs} == {system_user("case-studies")}

    def test_actions_are_a_mix_of_done_and_open(self, loaded):
        actions = open_torbay().actions.all()
        done = actions.filter(status="done")
        assert done.count() >= 10 and actions.filter(status="open").count() >= 3
        heads_of_terms = actions.get(title__startswith="Develop heads of terms")
        assert heads_of_terms.created_on == datetime.date(2017, 4, 28)
        assert heads_of_terms.completed_on == datetime.date(2017, 7, 20)
        assert heads_of_terms.source_entry.occurred_on == datetime.date(2017, 4, 28)
        assert all(action.completed_on for action in done)

    def test_isle_of_wight_partnership_runs_five_years_then_continues_voluntarily(self, loaded):
        intervention = Intervention.objects.get(authority__ons_code=IOW)
        direction = intervention.directions.get()
        assert direction.issued_on == datetime.date(2013, 6, 1)
        assert direction.expires_on == direction.revoked_on == datetime.date(2018, 6, 30)
        directed, voluntary = intervention.partnerships.order_by("starts_on")
        assert (directed.model, directed.legal_basis) == ("runs_services", "directed")
        assert (directed.starts_on, directed.ends_on) == (
            datetime.date(2013, 7, 1),
            datetime.date(2018, 6, 30),
        )
        assert (voluntary.legal_basis, voluntary.starts_on) == (
            "voluntary",
            datetime.date(2018, 7, 1),
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
        options = intervention.adm_assessments.get()
        assert options.recommended_partner.ons_code == reference.HAMPSHIRE

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

    def test_2017_q2_history_holds_the_recommendation_decision_ratings_and_meetings(self, loaded):
        """What a quarterly report for April to June 2017 reads, by history date."""
        start = timezone.make_aware(datetime.datetime(2017, 4, 1))
        end = timezone.make_aware(datetime.datetime(2017, 7, 1))
        in_q2 = {"history_date__gte": start, "history_date__lt": end, "history_type": "+"}
        intervention_id = open_torbay().pk
        entries = ProgressEntry.history.filter(intervention_id=intervention_id, **in_q2)
        assert datetime.date(2017, 4, 5) in {e.occurred_on for e in entries}
        assert (
            MinisterialDecision.history.filter(intervention_id=intervention_id, **in_q2).count()
            == 1
        )
        board = open_torbay().boards.get()
        meetings = BoardMeeting.history.filter(board_id=board.pk, **in_q2)
        assert sorted(meetings.values_list("held_on", flat=True)) == [
            datetime.date(2017, 5, 11),
            datetime.date(2017, 6, 22),
        ]
        ratings = ThemeRating.history.filter(entry_id__in=entries.values("id"), **in_q2)
        assert ratings.count() == 6 and set(ratings.values_list("rag", flat=True)) == {"amber"}


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
