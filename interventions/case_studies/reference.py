"""The few authorities and inspections the case studies need, for when reference data is absent.

Normally ``manage.py load_reference_data`` runs first and loads every authority and inspection.
The case studies must also load without it (a fresh checkout without the shared data folder), so
these rows are copied from the reference files, field for field, so that a later reference-data
load finds each one already there, unchanged, instead of adding a duplicate:

- authorities from ``childrens_services_authorities.csv``, in the model's values (the loader in
  ``authorities.services`` maps "Unitary Authority" to ``unitary`` and so on);
- inspections from ``ofsted_la_inspections_2009-2023_long.csv``, as the file writes them
  (inspection type and grade words): the case-study loader maps them with the inspections
  loader's own tables, so an Adequate written as "Requires improvement to be good" is stored
  exactly as the reference loader stores it.

Only the graded inspections of the case-study authorities up to 2018 are here: the triggers and
the inspections the presumption test rests on.
"""

import datetime

ISLE_OF_WIGHT = "E06000046"
TORBAY = "E06000027"
BUCKINGHAMSHIRE = "E06000060"
SLOUGH = "E06000039"
HAMPSHIRE = "E10000014"
PLYMOUTH = "E06000026"
DEVON = "E10000008"
CORNWALL = "E06000052"

INSPECTIONS_FILE = "ofsted_la_inspections_2009-2023_long.csv"


def _authority(ons, dfe, urn, name, official, type_, region) -> dict:
    return {
        "ons_code": ons,
        "former_ons_codes": "",
        "dfe_code": dfe,
        "ofsted_urn": urn,
        "name": name,
        "official_name": official,
        "type": type_,
        "region": region,
        "end_date": None,
    }


SOUTH_EAST, SOUTH_WEST = "E12000008", "E12000009"

AUTHORITIES: dict[str, dict] = {
    row["ons_code"]: row
    for row in (
        _authority(
            ISLE_OF_WIGHT,
            "921",
            "80419",
            "Isle of Wight",
            "Isle of Wight Council",
            "unitary",
            SOUTH_EAST,
        ),
        _authority(TORBAY, "880", "80572", "Torbay", "Torbay Council", "unitary", SOUTH_WEST),
        _authority(
            BUCKINGHAMSHIRE,
            "825",
            "80442",
            "Buckinghamshire",
            "Buckinghamshire Council",
            "unitary",
            SOUTH_EAST,
        ),
        _authority(
            SLOUGH, "871", "80553", "Slough", "Slough Borough Council", "unitary", SOUTH_EAST
        ),
        _authority(
            HAMPSHIRE,
            "850",
            "80472",
            "Hampshire",
            "Hampshire County Council",
            "county",
            SOUTH_EAST,
        ),
        _authority(
            PLYMOUTH, "879", "80538", "Plymouth", "Plymouth City Council", "unitary", SOUTH_WEST
        ),
        _authority(DEVON, "878", "80461", "Devon", "Devon County Council", "county", SOUTH_WEST),
        _authority(CORNWALL, "908", "80454", "Cornwall", "Cornwall Council", "unitary", SOUTH_WEST),
    )
}

RI = "Requires improvement to be good"
SLAC_NOTE = (
    "SLAC used outstanding/good/adequate/inadequate; Ofsted source shows adequate mapped to"
    " requires improvement to be good"
)
SLAC = "Safeguarding and looked after children inspection"
CPI = "Child protection inspection (unannounced)"


def _row(ons, framework, type_, published, notes="", **grades) -> dict:
    return {
        "ons_code": ons,
        "framework": framework,
        "inspection_type": type_,
        "publication_date": datetime.date.fromisoformat(published),
        "grades": grades,
        "notes": notes,
    }


def _sif(ons, type_, published, overall, hp, lap, adoption, leavers, leadership, lscb=""):
    grades = {
        "overall_effectiveness": overall,
        "help_and_protection": hp,
        "looked_after_and_permanence": lap,
        "adoption_performance": adoption,
        "care_leavers": leavers,
        "leadership_management_governance": leadership,
    }
    if lscb:
        grades["lscb_review"] = lscb
    return _row(ons, "SIF", type_, published, **grades)


INSPECTIONS: list[dict] = [
    # Isle of Wight
    _row(
        ISLE_OF_WIGHT,
        "SLAC",
        SLAC,
        "2010-10-18",
        SLAC_NOTE,
        safeguarding_overall=RI,
        looked_after_children_overall=RI,
    ),
    _row(ISLE_OF_WIGHT, "CPI", CPI, "2013-01-15", overall_effectiveness="Inadequate"),
    _sif(ISLE_OF_WIGHT, "SIF inspection", "2014-11-19", RI, RI, RI, RI, RI, RI, RI),
    # Torbay
    _row(
        TORBAY,
        "SLAC",
        SLAC,
        "2010-10-22",
        SLAC_NOTE,
        safeguarding_overall="Inadequate",
        looked_after_children_overall=RI,
    ),
    _row(TORBAY, "CPI", CPI, "2013-04-09", overall_effectiveness=RI),
    _sif(
        TORBAY,
        "SIF inspection",
        "2016-01-05",
        "Inadequate",
        "Inadequate",
        RI,
        RI,
        RI,
        "Inadequate",
        "Inadequate",
    ),
    _sif(
        TORBAY,
        "SIF re-inspection",
        "2018-08-24",
        "Inadequate",
        "Inadequate",
        RI,
        "Good",
        RI,
        "Inadequate",
    ),
    # Buckinghamshire (Buckinghamshire County Council's inspections, attached to its successor)
    _row(
        BUCKINGHAMSHIRE,
        "SLAC",
        SLAC,
        "2011-01-24",
        SLAC_NOTE,
        safeguarding_overall="Good",
        looked_after_children_overall="Good",
    ),
    _sif(
        BUCKINGHAMSHIRE,
        "SIF inspection",
        "2014-08-08",
        "Inadequate",
        "Inadequate",
        "Inadequate",
        RI,
        RI,
        "Inadequate",
        "Inadequate",
    ),
    _sif(
        BUCKINGHAMSHIRE,
        "SIF re-inspection",
        "2018-01-29",
        "Inadequate",
        "Inadequate",
        "Inadequate",
        "Good",
        RI,
        "Inadequate",
    ),
    # Slough
    _row(
        SLOUGH,
        "SLAC",
        SLAC,
        "2011-06-01",
        SLAC_NOTE,
        safeguarding_overall="Inadequate",
        looked_after_children_overall=RI,
    ),
    _sif(
        SLOUGH,
        "SIF inspection",
        "2014-02-11",
        "Inadequate",
        "Inadequate",
        "Inadequate",
        RI,
        "Inadequate",
        "Inadequate",
        "Inadequate",
    ),
    _sif(
        SLOUGH,
        "SIF re-inspection",
        "2016-02-17",
        "Inadequate",
        "Inadequate",
        "Inadequate",
        RI,
        "Inadequate",
        "Inadequate",
    ),
]
