"""The presumption rules on the real Ofsted history: the answers worked out by hand from the files.

Torbay (E06000027): SLAC published 22 Oct 2010 (safeguarding Inadequate), CPI 9 Apr 2013
(Adequate), SIF 5 Jan 2016 (Inadequate: help and protection and leadership Inadequate, looked
after and permanence Requires improvement), SIF re-inspection 24 Aug 2018 (Inadequate, same
pattern), ILACS 18 May 2022 (Good).
Buckinghamshire (E06000060): SLAC 24 Jan 2011 (Good), SIF 8 Aug 2014 and SIF re-inspection
29 Jan 2018, both Inadequate on all three key judgements, ILACS 11 Feb 2022 (Requires improvement).
Slough (E06000039): SLAC 1 Jun 2011 (safeguarding Inadequate), SIF 11 Feb 2014 and SIF
re-inspection 17 Feb 2016, both Inadequate on all three key judgements.
Hampshire (E10000014): never Inadequate: SLAC 2011 Good, SIF 2014 Good, ILACS 2019 and 2024
Outstanding.
"""

import datetime

import pytest

from authorities.models import LocalAuthority
from inspections.models import PresumptionRule
from inspections.presumption import evaluate, evaluate_many

TWO_OF_THREE = "two-of-last-three"
PERSISTENT = "persistent-or-systemic"

CASES = [
    # Torbay 2016: two of the latest three (SIF 2016, CPI 2013, SLAC 2010) are Inadequate, but
    # the SLAC is more than five years before the SIF, and the SIF's looked after judgement
    # was Requires improvement: not persistent, not systemic.
    (
        "E06000027",
        "2016-05-01",
        TWO_OF_THREE,
        True,
        [("SIF", "2016-01-05"), ("SLAC", "2010-10-22")],
    ),
    ("E06000027", "2016-05-01", PERSISTENT, False, [("SIF", "2016-01-05"), ("SLAC", "2010-10-22")]),
    (
        "E06000027",
        "2017-01-01",
        TWO_OF_THREE,
        True,
        [("SIF", "2016-01-05"), ("SLAC", "2010-10-22")],
    ),
    ("E06000027", "2017-01-01", PERSISTENT, False, [("SIF", "2016-01-05"), ("SLAC", "2010-10-22")]),
    # Torbay after the 2018 re-inspection: persistent too (two SIFs 2 years 7 months apart).
    (
        "E06000027",
        "2018-09-01",
        PERSISTENT,
        True,
        [("SIF re-inspection", "2018-08-24"), ("SIF", "2016-01-05")],
    ),
    # Buckinghamshire 2018: two Inadequate SIFs in succession; the re-inspection is also
    # Inadequate on every key judgement.
    (
        "E06000060",
        "2018-03-01",
        TWO_OF_THREE,
        True,
        [("SIF re-inspection", "2018-01-29"), ("SIF", "2014-08-08")],
    ),
    (
        "E06000060",
        "2018-03-01",
        PERSISTENT,
        True,
        [("SIF re-inspection", "2018-01-29"), ("SIF", "2014-08-08")],
    ),
    # Buckinghamshire before the re-inspection was published: the rules disagree. One
    # Inadequate of two is not two of three, but the 2014 SIF was systemic failure.
    (
        "E06000060",
        "2018-01-01",
        TWO_OF_THREE,
        False,
        [("SIF", "2014-08-08"), ("SLAC", "2011-01-24")],
    ),
    ("E06000060", "2018-01-01", PERSISTENT, True, [("SIF", "2014-08-08")]),
    # Slough 2016: all three latest Inadequate, the SLAC within five years of the re-inspection.
    (
        "E06000039",
        "2016-03-01",
        TWO_OF_THREE,
        True,
        [("SIF re-inspection", "2016-02-17"), ("SIF", "2014-02-11"), ("SLAC", "2011-06-01")],
    ),
    (
        "E06000039",
        "2016-03-01",
        PERSISTENT,
        True,
        [("SIF re-inspection", "2016-02-17"), ("SIF", "2014-02-11"), ("SLAC", "2011-06-01")],
    ),
    # Hampshire: the latest is never Inadequate, so neither rule applies; each names the latest.
    ("E10000014", "2010-01-01", TWO_OF_THREE, False, []),
    ("E10000014", "2012-01-01", TWO_OF_THREE, False, [("SLAC", "2011-08-12")]),
    ("E10000014", "2015-01-01", PERSISTENT, False, [("SIF", "2014-04-22")]),
    ("E10000014", "2020-01-01", TWO_OF_THREE, False, [("ILACS short inspection", "2019-06-11")]),
    ("E10000014", "2025-03-31", PERSISTENT, False, [("ILACS short inspection", "2024-07-23")]),
    # Torbay recovered: the 2022 ILACS was Good.
    ("E06000027", "2023-01-01", TWO_OF_THREE, False, [("ILACS standard inspection", "2022-05-18")]),
]


def named(result) -> list[tuple[str, str]]:
    return [(i.label, i.publication_date.isoformat()) for i in result.inspections]


@pytest.mark.parametrize(("ons_code", "on", "slug", "applies", "inspections"), CASES)
def test_rule_on_reference_data(reference_data, db, ons_code, on, slug, applies, inspections):
    day = datetime.date.fromisoformat(on)
    # The version answering for the day (version 1 before April 2026, and before 2016 too).
    rule = (
        PresumptionRule.objects.filter(slug=slug, is_active=True)
        .exclude(effective_to__lt=day)
        .earliest("version")
    )
    authority = LocalAuthority.objects.get(ons_code=ons_code)

    result = evaluate(rule, authority, day)

    assert (result.applies, named(result)) == (applies, inspections), result.reason


def test_torbay_2016_reasons_name_the_inspections(reference_data, db):
    torbay = LocalAuthority.objects.get(ons_code="E06000027")
    on = datetime.date(2016, 5, 1)

    two_of_three = evaluate(PresumptionRule.objects.get(slug=TWO_OF_THREE, version=1), torbay, on)
    persistent = evaluate(PresumptionRule.objects.get(slug=PERSISTENT, version=1), torbay, on)

    assert two_of_three.reason == (
        "2 of the latest 3 graded inspections were Inadequate: SIF published 5 January 2016,"
        " SLAC published 22 October 2010."
    )
    assert persistent.reason == (
        "No other graded inspection in the 5 years before SIF published 5 January 2016 was"
        " Inadequate (the previous Inadequate, SLAC published 22 October 2010, was earlier)."
        " SIF published 5 January 2016 was not Inadequate on every key judgement: children"
        " looked after and achieving permanence was Requires improvement to be good."
    )
    assert (two_of_three.latest.framework, str(two_of_three.latest.publication_date)) == (
        "SIF",
        "2016-01-05",
    )


def test_hampshire_before_any_inspection_says_so(reference_data, db):
    hampshire = LocalAuthority.objects.get(ons_code="E10000014")
    rule = PresumptionRule.objects.get(slug=TWO_OF_THREE, version=1)

    result = evaluate(rule, hampshire, datetime.date(2010, 1, 1))

    assert result.latest is None
    assert result.reason == "No graded inspection was published on or before 1 January 2010."


def test_bulk_evaluation_matches_single_and_uses_constant_queries(
    reference_data, db, django_assert_num_queries
):
    rules = list(PresumptionRule.objects.filter(is_active=True))
    on = datetime.date(2018, 3, 1)

    # Authorities, inspections, judgements: the same three queries for all 161 authorities.
    with django_assert_num_queries(3):
        results = evaluate_many(rules, LocalAuthority.objects.all(), on)

    assert len(results) == 161 * len(rules)
    for result in results:
        if result.authority.ons_code in {"E06000027", "E06000060", "E06000039", "E10000014"}:
            single = evaluate(result.rule, result.authority, on)
            assert (result.applies, result.reason) == (single.applies, single.reason)
    applying = {(r.authority.ons_code, r.rule.slug) for r in results if r.applies}
    assert {("E06000060", TWO_OF_THREE), ("E06000060", PERSISTENT)} <= applying
    assert ("E10000014", TWO_OF_THREE) not in applying
