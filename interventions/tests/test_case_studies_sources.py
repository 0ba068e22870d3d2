"""The case studies against their sources, read as data (no database).

Every case ends where its sources end; what others did is an event with its actor; a quotation
is the source's own words; the real reports are recorded as reports, in their own words; and
nothing the sources do not give is passed off as fact.
"""

import datetime
import re
from pathlib import Path

from django.conf import settings

from interventions.case_studies import CASES, buckinghamshire, facts, sources, torbay
from interventions.case_studies.facts import received_reports

# The quotation marks the case studies put round a source's words.
QUOTED = re.compile(r"\u201c(.+?)\u201d", re.DOTALL)
NO_COMMISSIONER = {"isle-of-wight-2013", "slough-2014", "torbay-2011"}


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def seed_text(source: facts.Source) -> str | None:
    """A seed document's text, whitespace normalised; None for a source that is not a seed."""
    if not source.location.startswith(f"{sources.SEEDS}/"):
        return None
    seeds = Path(settings.REFERENCE_DATA_DIR).parent / "seeds"
    return normalised((seeds / Path(source.location).name).read_text(encoding="utf-8"))


def all_facts():
    return [(case, fact) for case in CASES for fact in case.facts]


def writings(fact: facts.Fact) -> list[str]:
    """Everything a fact writes into a record that may quote its source."""
    texts = [getattr(fact, name, "") for name in ("summary", "description", "why")]
    texts += [rating.rationale for rating in getattr(fact, "ratings", ())]
    return [text for text in texts if text]


# Where each case ends --------------------------------------------------------------------------


def test_every_case_ends_with_sources_end_on_the_day_of_its_last_dated_fact():
    for case in CASES:
        end, others = case.sources_end, case.facts[:-1]
        assert not any(isinstance(fact, facts.SourcesEnd) for fact in others), case.slug
        last = max(fact.on for fact in others)
        # The last fact's day, or the end of the month a month-dated source names.
        assert end.on == last or (end.dated == facts.MONTH and end.on.month == last.month), (
            case.slug
        )


def test_the_sources_end_where_the_last_source_does():
    ends = {case.slug: (case.sources_end.on, case.sources_end.source) for case in CASES}
    assert ends == {
        "isle-of-wight-2013": (datetime.date(2018, 6, 18), sources.COMMUNITY_CARE_2018),
        "torbay-2011": (datetime.date(2014, 2, 4), sources.TORBAY_DIRECTION_2016),
        "torbay-2016": (datetime.date(2018, 8, 24), sources.OFSTED),
        "buckinghamshire-2018": (datetime.date(2018, 6, 30), sources.BUCKINGHAMSHIRE_2018),
        "slough-2014": (datetime.date(2016, 2, 17), sources.OFSTED),
    }


def test_only_the_interventions_a_source_ends_are_closed_and_each_says_why():
    closed = {
        case.slug: (fact.on, fact.exit_reason, fact.source)
        for case in CASES
        for fact in case.facts
        if isinstance(fact, facts.Closed)
    }
    assert closed == {
        "isle-of-wight-2013": (
            datetime.date(2018, 6, 18),
            "direction_revoked",
            sources.COMMUNITY_CARE_2018,
        ),
        "torbay-2011": (datetime.date(2014, 2, 4), "notice_lifted", sources.TORBAY_DIRECTION_2016),
    }


# Who acted -------------------------------------------------------------------------------------


def test_an_event_names_who_brought_it_about_and_the_commissioners_own_work_does_not():
    entries = [f for _, f in all_facts() if isinstance(f, facts.ProgressLogged)]
    assert all(entry.actor for entry in entries if entry.kind == "event")
    assert not any(entry.actor for entry in entries if entry.kind != "event")


def test_where_there_is_no_commissioner_everything_recorded_is_someone_elses_act():
    for case in CASES:
        if case.slug not in NO_COMMISSIONER:
            continue
        kinds = {f.kind for f in case.facts if isinstance(f, facts.ProgressLogged)}
        assert kinds <= {"event"}, case.slug
        # An ADM assessment is a commissioner's test of the presumption: none without one.
        assessments = (facts.AssessmentStarted, facts.CommissionerAppointed, facts.ReportReceived)
        assert not any(isinstance(f, assessments) for f in case.facts), case.slug


def test_ofsted_councils_dfe_and_mps_are_recorded_as_themselves():
    actors = {f.actor for _, f in all_facts() if isinstance(f, facts.ProgressLogged) and f.actor}
    assert {
        "Ofsted",
        "Department for Education",
        "Isle of Wight Council Cabinet",
        "Torbay Council",
        "Dr Sarah Wollaston MP and Kevin Foster MP",
        "Hampshire County Council Cabinet",
        "Mutual Ventures, commissioned by Torbay Council",
        "Independent review commissioned by the Department for Education",
    } <= actors


# Quotations and the real reports -------------------------------------------------------------


def test_every_quotation_is_the_sources_own_words():
    checked = 0
    for case, fact in all_facts():
        text = seed_text(fact.source)
        for writing in writings(fact):
            for quote in QUOTED.findall(writing):
                assert text is not None, (case.slug, fact.on, "quotes a source that is no seed")
                assert normalised(quote) in text, (case.slug, fact.on, quote)
                checked += 1
    assert checked >= 25


def test_every_report_received_quotes_its_source_verbatim():
    reports = [fact for case in CASES for fact in received_reports(case)]
    assert len(reports) == 4
    for report in reports:
        text = seed_text(report.source)
        assert report.kind == "commissioner"
        assert report.overall_assessment and report.recommendation, report.title
        for passage in report.passages():
            assert normalised(passage) in text, (report.title, passage)


def test_the_buckinghamshire_report_is_recorded_in_its_own_words():
    [report] = received_reports(buckinghamshire.BUCKINGHAMSHIRE_2018)
    seed = Path(settings.REFERENCE_DATA_DIR).parent / "seeds"
    text = normalised(
        (seed / "commissioner-report-2018-06-buckinghamshire.txt").read_text(encoding="utf-8")
    )
    conclusion = "no valid case for the introduction of an ADM"
    assert conclusion in report.overall_assessment and conclusion in text
    assert normalised(report.overall_assessment.split(facts.PASSAGE_BREAK)[-1]) in text
    assert "There should be no alternative delivery model in Buckinghamshire;" in (
        report.recommendation
    )
    assert "minimum of three years" in report.recommendation
    assert "serious and unwarranted risks" in report.risks
    assert (report.on, report.dated) == (datetime.date(2018, 6, 1), facts.MONTH)
    assert report.source == sources.BUCKINGHAMSHIRE_2018
    # Its period, as far as the report says: from the second judgement, to no stated day.
    assert (report.period_start, report.period_end) == (datetime.date(2018, 1, 29), None)
    assert report.period_words in text


def test_no_progress_entry_stands_in_for_a_report_received():
    for case in CASES:
        for report in received_reports(case):
            letters = [
                f
                for f in case.facts
                if isinstance(f, facts.ProgressLogged) and f.on == report.on and f.kind == "letter"
            ]
            assert letters == [], (case.slug, report.title)


def test_torbays_three_reports_are_august_and_november_2016_and_5_april_2017():
    reports = received_reports(torbay.TORBAY_2016)
    assert [(r.on, r.dated) for r in reports] == [
        (datetime.date(2016, 8, 1), facts.MONTH),
        (datetime.date(2016, 11, 1), facts.MONTH),
        (datetime.date(2017, 4, 5), facts.EXACT),
    ]
    august, november, april = reports
    assert "no immediate move of services to an alternative delivery model" in (
        august.recommendation
    )
    assert "no reasonable prospect of Torbay Borough Council" in november.recommendation
    assert "partnership with Plymouth City Council" in april.recommendation
    # The seeds do not say what period any of them covers.
    assert all(r.period_start is r.period_end is None for r in reports)


# What the sources do not give ------------------------------------------------------------------


def test_a_rating_is_stated_only_by_an_ofsted_grade_and_otherwise_quotes_what_it_follows():
    ratings = [(fact, rating) for _, fact in all_facts() for rating in getattr(fact, "ratings", ())]
    assert len(ratings) == 24
    for fact, rating in ratings:
        if rating.illustrative:
            assert QUOTED.search(rating.rationale), (fact.on, rating.theme)
        else:
            assert rating.rationale.startswith("Ofsted"), (fact.on, rating.theme)
            assert fact.kind == "event" and fact.actor == "Ofsted", (fact.on, rating.theme)
    assert sum(rating.illustrative for _, rating in ratings) == 8


def test_an_illustrative_fact_says_why_in_its_note_and_a_made_up_day_is_a_working_day():
    illustrative = [fact for _, fact in all_facts() if fact.dated == facts.ILLUSTRATIVE]
    assert illustrative
    assert all(fact.note for fact in illustrative)
    days = [fact.on for fact in illustrative if isinstance(fact, facts.ProgressLogged)]
    assert days and [day for day in days if day.weekday() >= 5] == []


def test_no_source_gives_a_board_meeting_partner_days_or_the_ministers_confirmation():
    kinds = {type(fact) for _, fact in all_facts()}
    assert facts.BoardMet not in kinds and facts.PartnerDaysLogged not in kinds
    torbay_decisions = [f for f in torbay.TORBAY_2016.facts if isinstance(f, facts.MinisterDecided)]
    assert [(d.stage, d.on) for d in torbay_decisions] == [
        ("minded_to", datetime.date(2017, 6, 30))
    ]
