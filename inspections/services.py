"""Loading Ofsted's published inspection outcomes into Inspection and Judgement rows.

Three files describe inspections and overlap: the 2009-2023 history, the ILACS history
2018-2025 and the in-year activity 2024-25. Every file is read and checked first, the rows are
merged into one record per inspection (matched on authority and publication date), and only then
written, through ``apply_changes`` so that a second run writes nothing. The caller owns the
transaction: the command wraps everything in one ``transaction.atomic()``. A fourth file, each
authority's latest judgements, is a cross-check run after loading.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from authorities.services import AuthorityResolver
from core.history import (
    CREATED,
    NewRow,
    apply_changes,
    check_new,
    create_in_bulk,
    save_with_history,
)
from core.loading import DataFileError, parse_date, read_rows

from .models import (
    ADEQUATE_SCALE_FRAMEWORKS,
    Area,
    Framework,
    Grade,
    Inspection,
    Judgement,
    PresumptionRule,
    validate_judgement,
)

LONG_FILE = "ofsted_la_inspections_2009-2023_long.csv"
ILACS_FILE = "ofsted_ilacs_inspection_history_2018-2025.csv"
INYEAR_FILE = "ofsted_la_inyear_activity_2024-25.csv"
LATEST_FILE = "ofsted_la_latest_judgements_2025-03-31.csv"
LATEST_AS_AT = datetime.date(2025, 3, 31)
LOAD_REASON = "Loaded from reference data"

GRADES = {
    "Outstanding": Grade.OUTSTANDING,
    "Good": Grade.GOOD,
    "Requires improvement to be good": Grade.REQUIRES_IMPROVEMENT,
    "Inadequate": Grade.INADEQUATE,
}
# "-" is Ofsted's mark for a judgement not made (the Isles of Scilly had no adoptions to judge).
NOT_JUDGED = {"", "-"}

T = Inspection.Type
LONG_TYPES = {
    "Safeguarding and looked after children inspection": (Framework.SLAC, T.STANDARD),
    "SLAC re-inspection of safeguarding": (Framework.SLAC, T.REINSPECTION_SAFEGUARDING),
    "SLAC re-inspection of looked after children services": (
        Framework.SLAC,
        T.REINSPECTION_LOOKED_AFTER,
    ),
    "Child protection inspection (unannounced)": (Framework.CPI, T.STANDARD),
    "Child protection re-inspection": (Framework.CPI, T.REINSPECTION),
    "Targeted looked after children inspection": (Framework.TLAC, T.STANDARD),
    "SIF inspection": (Framework.SIF, T.STANDARD),
    "SIF re-inspection": (Framework.SIF, T.REINSPECTION),
    "ILACS Standard Inspection": (Framework.ILACS, T.STANDARD),
    "ILACS Short Inspection": (Framework.ILACS, T.SHORT),
}
# The long file's judgement columns are named as our areas.
LONG_AREAS = {
    area: area
    for area in Area.values
    if area not in (Area.SAFEGUARDING_CAPACITY, Area.LOOKED_AFTER_CAPACITY)
}
OFSTED_TYPES = {
    "ILACS Standard Inspection": (Framework.ILACS, T.STANDARD),
    "ILACS Short Inspection": (Framework.ILACS, T.SHORT),
    "ILACS Focused Visit": (Framework.ILACS, T.FOCUSED_VISIT),
    "LA Monitoring visit": (Framework.ILACS, T.MONITORING_VISIT),
}
OFSTED_AREAS = {
    "Overall effectiveness": Area.OVERALL,
    "The impact of leaders on social work practice with children and families": (
        Area.IMPACT_OF_LEADERS
    ),
    "The experiences and progress of children who need help and protection": (
        Area.HELP_AND_PROTECTION
    ),
    "The experiences and progress of children in care": Area.CHILDREN_IN_CARE,
    "The experiences and progress of care leavers": Area.CARE_LEAVERS,
}
# Rows that are wrong in a file, corrected here (the files are read-only), keyed by file, ONS
# code and the publication date as written: the corrected values and why.
CORRECTIONS = {
    (LONG_FILE, "E06000018", "2022-11-05"): (
        {"publication_date": datetime.date(2022, 9, 5)},
        # Nottingham's 2022 ILACS (inspected from 11 July 2022) was published on 5 September
        # 2022, as both 2025 Ofsted files say; 5 November 2022 (a Saturday) is a transcription
        # slip in the 2009-2023 file, and would make it a second, duplicate inspection.
        "Publication date corrected from 5 November 2022 (in the 2009-2023 file) to"
        " 5 September 2022, as Ofsted's 2025 outcome files give it.",
    ),
}


@dataclass
class Record:
    """One inspection as the data files describe it, before it is written."""

    authority_id: int
    framework: str
    type: str
    publication_date: datetime.date
    inspection_date: datetime.date | None = None
    themes: str = ""
    grades: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    origin: tuple[str, int] = ("", 0)  # the file and line it was first read from

    @property
    def key(self) -> tuple:
        return match_key(self.authority_id, self.framework, self.type, self.publication_date)


def match_key(authority_id: int, framework: str, type_: str, day: datetime.date | None) -> tuple:
    """How the files' rows and the database's rows are matched.

    A graded ILACS inspection is matched on authority and publication date whatever its type,
    because the files disagree on standard/short (Merton 2022) and one publication is one report.
    """
    if framework == Framework.ILACS and type_ in (T.STANDARD, T.SHORT):
        return (authority_id, framework, "graded", day)
    return (authority_id, framework, type_, day)


@transaction.atomic
def load_inspections(data_dir: Path, *, by) -> Counter:
    """Load the three inspection files, then cross-check the latest judgements file.

    Returns counts keyed "inspections created", "judgements unchanged" and so on. Raises
    DataFileError (file and line) for a row that cannot be loaded; it runs in a savepoint, so
    nothing is half-loaded even when the cross-check fails after writing.
    """
    data_dir = Path(data_dir)
    resolver = AuthorityResolver.from_db()
    records: dict[tuple, Record] = {}
    # In order of publication: where files disagree, the later one wins.
    for file_name, reader in (
        (LONG_FILE, read_long_file),
        (ILACS_FILE, read_ilacs_file),
        (INYEAR_FILE, read_inyear_file),
    ):
        merge_records(records, reader(data_dir / file_name, resolver), file_name)
    counts = write_records(list(records.values()), by=by)
    check_latest_judgements(data_dir / LATEST_FILE, resolver)
    return counts


def parse_grade(path: Path, line: int, column: str, value: str, framework: str) -> str | None:
    if value in NOT_JUDGED:
        return None
    if value not in GRADES:
        raise DataFileError(path, f"{column} is not an Ofsted grade: {value!r}", line)
    grade = GRADES[value]
    # Ofsted's harmonised history writes the 2009-13 grade Adequate as Requires improvement;
    # store what the inspection actually said.
    if framework in ADEQUATE_SCALE_FRAMEWORKS and grade == Grade.REQUIRES_IMPROVEMENT:
        return Grade.ADEQUATE
    return grade


def parse_type(path: Path, line: int, value: str, types: dict) -> tuple[str, str]:
    if value not in types:
        raise DataFileError(path, f"unknown inspection type: {value!r}", line)
    return types[value]


def required_date(path: Path, line: int, column: str, value: str) -> datetime.date:
    day = parse_date(path, line, column, value)
    if day is None:
        raise DataFileError(path, f"{column} is missing", line)
    return day


def check_dates(path: Path, line: int, record: Record) -> None:
    if record.inspection_date and record.publication_date < record.inspection_date:
        raise DataFileError(path, "publication date is before the inspection date", line)


def read_long_file(path: Path, resolver: AuthorityResolver) -> list[tuple[int, Record]]:
    """The 2009-2023 history: one row per graded inspection, publication dates only."""
    columns = {"ons_code", "dfe_la_code", "framework", "inspection_type", "publication_date"}
    rows = []
    for line, row in read_rows(path, columns | set(LONG_AREAS) | {"notes"}):
        framework, type_ = parse_type(path, line, row["inspection_type"], LONG_TYPES)
        if row["framework"] != framework:
            raise DataFileError(
                path,
                f"framework {row['framework']!r} does not fit {row['inspection_type']!r}",
                line,
            )
        authority = resolver.resolve(path, line, "ons_code", row["ons_code"])
        if authority.dfe_code != row["dfe_la_code"]:
            raise DataFileError(
                path, f"DfE code {row['dfe_la_code']!r} is not {row['ons_code']}'s", line
            )
        published = required_date(path, line, "publication_date", row["publication_date"])
        record = Record(authority.pk, framework, type_, published, notes=_notes(row["notes"]))
        for column, area in LONG_AREAS.items():
            grade = parse_grade(path, line, column, row[column], framework)
            if grade:
                record.grades[area] = grade
        correct(record, path, row["ons_code"], row["publication_date"])
        check_grades(path, line, record)
        rows.append((line, record))
    return rows


def read_ofsted_file(
    path: Path, resolver: AuthorityResolver, columns: dict
) -> list[tuple[int, Record]]:
    """A file in Ofsted's 2025 outcomes layout (ILACS history or in-year activity)."""
    rows = []
    required = {columns["code"], columns["start"], "Publication date", columns["type"]}
    for line, row in read_rows(path, required | set(OFSTED_AREAS)):
        framework, type_ = parse_type(path, line, row[columns["type"]], OFSTED_TYPES)
        record = Record(
            authority_id=resolver.resolve(path, line, columns["code"], row[columns["code"]]).pk,
            framework=framework,
            type=type_,
            publication_date=required_date(path, line, "Publication date", row["Publication date"]),
            inspection_date=required_date(path, line, columns["start"], row[columns["start"]]),
            themes=row.get(columns.get("theme", ""), ""),
        )
        check_dates(path, line, record)
        for column, area in OFSTED_AREAS.items():
            grade = parse_grade(path, line, column, row[column], framework)
            if grade:
                record.grades[area] = grade
        check_grades(path, line, record)
        rows.append((line, record))
    return rows


def read_ilacs_file(path: Path, resolver: AuthorityResolver) -> list[tuple[int, Record]]:
    columns = {
        "code": "Local authority area code",
        "start": "Inspection date",
        "type": "Inspection type",
    }
    return read_ofsted_file(path, resolver, columns)


def read_inyear_file(path: Path, resolver: AuthorityResolver) -> list[tuple[int, Record]]:
    columns = {
        "code": "Local authority area code",
        "start": "Inspection/Visit date",
        "type": "Inspection/Visit type",
        "theme": "Visit Theme",
    }
    return read_ofsted_file(path, resolver, columns)


def correct(record: Record, path: Path, ons_code: str, published_as_written: str) -> None:
    correction = CORRECTIONS.get((path.name, ons_code, published_as_written))
    if correction:
        values, note = correction
        for name, value in values.items():
            setattr(record, name, value)
        record.notes.append(note)


def merge_records(records: dict[tuple, Record], rows: list[tuple[int, Record]], source: str):
    """Add one file's records, merging each into the same inspection from an earlier file.

    A later file is Ofsted's more recent publication, so where files disagree it wins, and the
    disagreement is written into the notes.
    """
    seen: dict[tuple, int] = {}
    for line, record in rows:
        if record.key in seen:
            raise DataFileError(source, f"repeats the inspection on line {seen[record.key]}", line)
        seen[record.key] = line
        record.sources.append(source)
        record.origin = (source, line)
        earlier = records.get(record.key)
        if earlier is None:
            records[record.key] = record
        else:
            merge_into(earlier, record, source)


def merge_into(earlier: Record, later: Record, source: str) -> None:
    earlier_source = earlier.sources[-1]

    def disagree(what: str, old: str, new: str) -> None:
        earlier.notes.append(f"{what}: {earlier_source} says {old}, {source} says {new} (kept).")

    if later.type != earlier.type:
        disagree("Type", T(earlier.type).label.lower(), T(later.type).label.lower())
        earlier.type = later.type
    if later.inspection_date:
        if earlier.inspection_date and earlier.inspection_date != later.inspection_date:
            disagree("Inspection date", earlier.inspection_date, later.inspection_date)
        earlier.inspection_date = later.inspection_date
    for area, grade in later.grades.items():
        if earlier.grades.get(area, grade) != grade:
            disagree(Area(area).label, earlier.grades[area], grade)
        earlier.grades[area] = grade
    earlier.themes = later.themes or earlier.themes
    earlier.notes.extend(note for note in later.notes if note not in earlier.notes)
    earlier.sources.append(source)


def _notes(text: str) -> list[str]:
    return [text] if text else []


def check_grades(path: Path, line: int, record: Record) -> None:
    """Each grade fits the framework: a row that does not is refused before anything is written."""
    inspection = Inspection(framework=record.framework, type=record.type)
    for area, grade in record.grades.items():
        errors = validate_judgement(inspection, area, grade)
        if errors:
            raise DataFileError(path, f"{area}: {' '.join(errors.values())}", line)


def write_records(records: list[Record], *, by) -> Counter:
    """Create or update each record's inspection and judgements, matching existing rows.

    Rows already in the database are saved one by one; new ones are checked, then created in
    bulk, the inspections before the judgements that point to them.
    """
    counts: Counter = Counter()
    existing = Inspection.objects.filter(
        authority_id__in={record.authority_id for record in records}
    ).prefetch_related("judgements")
    by_publication, by_start = {}, {}
    for inspection in existing:
        ids = (inspection.authority_id, inspection.framework, inspection.type)
        by_publication[match_key(*ids, inspection.publication_date)] = inspection
        if inspection.inspection_date:
            by_start[match_key(*ids, inspection.inspection_date)] = inspection
    new_inspections: list[NewRow] = []
    new_judgements: list[NewRow] = []
    for record in records:
        ids = (record.authority_id, record.framework, record.type)
        inspection = (
            by_publication.get(record.key)
            or by_start.get(match_key(*ids, record.inspection_date))
            or Inspection()
        )
        judgements = {j.area: j for j in inspection.judgements.all()} if inspection.pk else {}
        outcome = save(inspection, inspection_values(record), record, by, new_inspections)
        counts[f"inspections {outcome}"] += 1
        for area, grade in record.grades.items():
            judgement = judgements.get(area) or Judgement(inspection=inspection, area=area)
            outcome = save(judgement, {"grade": grade}, record, by, new_judgements)
            counts[f"judgements {outcome}"] += 1
    create_in_bulk(Inspection, new_inspections, by=by, reason=LOAD_REASON)
    create_in_bulk(Judgement, new_judgements, by=by, reason=LOAD_REASON)
    return counts


def save(instance, values: dict, record: Record, by, new_rows: list[NewRow]) -> str:
    """``apply_changes`` for a row in the database; a new row is checked and queued in
    ``new_rows`` instead. A row the models refuse is an error naming the file and line."""
    path, line = record.origin
    if instance._state.adding:
        for attname, value in values.items():
            setattr(instance, attname, value)
        check_new(instance, path, line)
        new_rows.append((instance, path, line))
        return CREATED
    try:
        return apply_changes(instance, values, by=by, reason=LOAD_REASON)
    except ValidationError as exc:
        raise DataFileError(path, "; ".join(exc.messages), line) from exc


def inspection_values(record: Record) -> dict:
    values = {
        "authority_id": record.authority_id,
        "framework": record.framework,
        "type": record.type,
        "publication_date": record.publication_date,
        "source": "; ".join(record.sources),
        "notes": "\n".join(record.notes),
    }
    # Fill in, never erase: a start date or theme someone entered survives a reload of a file
    # that does not have one.
    if record.inspection_date:
        values["inspection_date"] = record.inspection_date
    if record.themes:
        values["themes"] = record.themes
    return values


def check_latest_judgements(path: Path, resolver: AuthorityResolver) -> None:
    """Each authority's latest ILACS inspection as loaded matches Ofsted's list at 31 March 2025.

    Raises DataFileError at the first row that does not, naming what differs.
    """
    latest: dict[int, Inspection] = {}
    loaded = Inspection.objects.graded().filter(
        framework=Framework.ILACS, inspection_date__lte=LATEST_AS_AT
    )
    for inspection in loaded.prefetch_related("judgements"):
        current = latest.get(inspection.authority_id)
        if current is None or inspection.inspection_date > current.inspection_date:
            latest[inspection.authority_id] = inspection
    code_column = "Local authority area code"
    required = {code_column, "Local authority name", "Inspection date", "Publication date"}
    for line, row in read_rows(path, required | set(OFSTED_AREAS)):
        authority = resolver.resolve(path, line, code_column, row[code_column])
        inspection = latest.get(authority.pk)
        if inspection is None:
            raise DataFileError(
                path, f"{row['Local authority name']} has no ILACS inspection loaded", line
            )
        differences = latest_differences(path, line, row, inspection)
        if differences:
            raise DataFileError(
                path,
                f"{row['Local authority name']}'s latest ILACS inspection as loaded"
                f" ({inspection.date_text}) differs: {'; '.join(differences)}",
                line,
            )


def latest_differences(path: Path, line: int, row: dict, inspection: Inspection) -> list[str]:
    differences = []
    for column, loaded in (
        ("Inspection date", inspection.inspection_date),
        ("Publication date", inspection.publication_date),
    ):
        expected = parse_date(path, line, column, row[column])
        if expected != loaded:
            differences.append(f"{column.lower()} {expected or 'none'} here, {loaded} loaded")
    grades = inspection.grades
    for column, area in OFSTED_AREAS.items():
        expected = parse_grade(path, line, column, row[column], Framework.ILACS)
        if expected != grades.get(area):
            differences.append(
                f"{Area(area).label.lower()} {_grade_text(expected)} here,"
                f" {_grade_text(grades.get(area))} loaded"
            )
    return differences


def _grade_text(grade: str | None) -> str:
    return Grade(grade).label if grade else "none"


@transaction.atomic
def new_rule_version(rule: PresumptionRule, *, by, reason: str, **changes) -> PresumptionRule:
    """Start the next version of ``rule`` (a copy with ``changes``), active in place of the old.

    Policy changes by adding versions, so what a rule said when a result was given stays in the
    database. The version it replaces stops being active; both are in the history with ``reason``.
    A version with an ``effective_from`` later than the old version's start supersedes it from
    that day instead: the old one ends the day before and keeps answering for earlier dates.
    """
    latest = PresumptionRule.objects.filter(slug=rule.slug).aggregate(Max("version"))
    copied = {
        field.attname: getattr(rule, field.attname)
        for field in PresumptionRule._meta.concrete_fields
        if not field.primary_key
    }
    new = PresumptionRule(**{**copied, "frameworks": list(rule.frameworks)})
    if changes.get("effective_from"):
        new.effective_to = None
    new.version = latest["version__max"] + 1
    new.is_active = True
    for name, value in changes.items():
        setattr(new, name, value)
    starts = changes.get("effective_from")
    if starts and starts != rule.effective_from:
        superseded = PresumptionRule.objects.filter(slug=rule.slug, is_active=True).exclude(
            effective_to__lt=starts  # earlier versions answer for their own dates still
        )
    else:
        superseded = PresumptionRule.objects.filter(pk=rule.pk, is_active=True)
    for active in superseded:
        if starts and (active.effective_from is None or active.effective_from < starts):
            ends = starts - datetime.timedelta(days=1)
            stopped = f"Superseded from {starts:%-d %B %Y} by version {new.version}: {reason}"
            apply_changes(active, {"effective_to": ends}, by=by, reason=stopped)
        else:
            stopped = f"Replaced by version {new.version}: {reason}"
            apply_changes(active, {"is_active": False}, by=by, reason=stopped)
    save_with_history(new, by=by, reason=reason)
    return new
