"""Creating the case studies' authorities and inspections when the reference data is absent.

Rows come from ``reference.py`` (copied from the reference files) and are written the way the
reference loaders write them: the same natural keys, the same values, the inspections loader's
own grade and type tables. So a later ``load_reference_data`` finds them and leaves them alone.
Anything already in the database, however it got there, is used as it is.
"""

from collections import Counter
from pathlib import Path

from authorities.models import LocalAuthority
from core.dating import fact_time, moment
from core.history import CREATED, UNCHANGED, apply_changes
from inspections.models import Inspection, Judgement
from inspections.services import LONG_TYPES, parse_grade

from . import reference

AUTHORITY_REASON = "Case studies: as in childrens_services_authorities.csv"
INSPECTION_REASON = "Case studies: as in ofsted_la_inspections_2009-2023_long.csv"


def ensure_reference_data(*, by) -> Counter:
    """Create any of the case studies' authorities and inspections that are missing."""
    counts: Counter = Counter()
    authorities = ensure_authorities(by=by, counts=counts)
    ensure_inspections(authorities, by=by, counts=counts)
    return counts


def ensure_authorities(*, by, counts: Counter) -> dict[str, LocalAuthority]:
    existing = {
        authority.ons_code: authority
        for authority in LocalAuthority.objects.filter(ons_code__in=reference.AUTHORITIES)
    }
    for code, values in reference.AUTHORITIES.items():
        if code in existing:
            counts[f"authorities {UNCHANGED}"] += 1
            continue
        authority = LocalAuthority()
        result = apply_changes(authority, values, by=by, reason=AUTHORITY_REASON)
        counts[f"authorities {result}"] += 1
        existing[code] = authority
    return existing


def ensure_inspections(authorities: dict[str, LocalAuthority], *, by, counts: Counter) -> None:
    path = Path(reference.INSPECTIONS_FILE)
    for row in reference.INSPECTIONS:
        framework, type_ = LONG_TYPES[row["inspection_type"]]
        authority = authorities[row["ons_code"]]
        found = Inspection.objects.filter(
            authority=authority,
            framework=framework,
            type=type_,
            publication_date=row["publication_date"],
        ).exists()
        if found:
            counts[f"inspections {UNCHANGED}"] += 1
            continue
        # An inspection became a fact when Ofsted published it: date its history then.
        with fact_time(moment(row["publication_date"]), INSPECTION_REASON):
            create_inspection(authority, framework, type_, row, path, by=by)
        counts[f"inspections {CREATED}"] += 1


def create_inspection(authority, framework: str, type_: str, row: dict, path: Path, *, by):
    inspection = Inspection()
    values = {
        "authority_id": authority.pk,
        "framework": framework,
        "type": type_,
        "publication_date": row["publication_date"],
        "source": reference.INSPECTIONS_FILE,
        "notes": row["notes"],
    }
    apply_changes(inspection, values, by=by, reason=INSPECTION_REASON)
    for area, words in row["grades"].items():
        grade = parse_grade(path, 0, area, words, framework)
        apply_changes(
            Judgement(inspection=inspection, area=area),
            {"grade": grade},
            by=by,
            reason=INSPECTION_REASON,
        )
    return inspection
