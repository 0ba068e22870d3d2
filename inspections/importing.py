"""Importing Ofsted's newer publications, in the shapes they come in, into the inspections held.

Two shapes: Ofsted's own outcomes layout (``ofsted_ilacs_inspection_history_2018-2025.csv`` and
the in-year activity file) and Data to Insight's scrape of Ofsted's report pages
(``d2i_ofsted_ilacs_scrape_to_2026-03-31.csv`` and its later versions). ``read_publication``
reads and checks a whole file first (nothing is written for a file with one bad row: the error
names the file and line); ``apply_publication`` then writes it, matching each row to the
inspection already held by authority, framework and inspection dates, so one inspection is one
row whatever the sources. The caller owns the transaction (``reporting.alerts`` wraps it with
the alerts it raises): the whole file or nothing.
"""

import csv
import datetime
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError

from authorities.models import LocalAuthority
from authorities.services import AuthorityResolver
from core.history import UNCHANGED, UPDATED, apply_changes, save_with_history
from core.loading import DataFileError

from . import services
from .models import (
    Area,
    Framework,
    Grade,
    Inspection,
    Judgement,
    JudgementSource,
    validate_judgement,
)

OFSTED = JudgementSource.Source.OFSTED
D2I = JudgementSource.Source.D2I
FORMATS = (OFSTED, D2I)

D2I_COLUMNS = {
    "urn",
    "local_authority",
    "inspection_link",
    "publication_date",
    "inspection_framework",
    "inspection_start_date",
    "overall_effectiveness_grade",
    "impact_of_leaders_grade",
    "help_and_protection_grade",
    "in_care_grade",
    "care_leavers_grade",
}
D2I_AREAS = {
    "overall_effectiveness_grade": Area.OVERALL,
    "impact_of_leaders_grade": Area.IMPACT_OF_LEADERS,
    "help_and_protection_grade": Area.HELP_AND_PROTECTION,
    "in_care_grade": Area.CHILDREN_IN_CARE,
    "care_leavers_grade": Area.CARE_LEAVERS,
}
D2I_GRADES = {
    "outstanding": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "requires improvement": Grade.REQUIRES_IMPROVEMENT,
    "inadequate": Grade.INADEQUATE,
    # The scraper's slip for "requires improvement" (its parser caught the "to" of Ofsted's
    # "requires improvement to be good" heading): Nottingham January 2019 and Southend-on-Sea
    # August 2019, both Requires improvement in Ofsted's ILACS history 2018-2025.
    "to requires improvement": Grade.REQUIRES_IMPROVEMENT,
}
# Markers are not grades: each stores nothing for its judgement. ``not_reported_post_reform``
# is the overall effectiveness grade Ofsted stopped giving in April 2026; the inspection is
# still stored, with its area judgements.
D2I_MARKERS = {"", "data_unreadable", "inspection_pre_dates_judgement", "not_reported_post_reform"}
CARE_LEAVERS_JUDGED_FROM = datetime.date(2023, 1, 1)
D2I_TYPES = {"standard": Inspection.Type.STANDARD, "short": Inspection.Type.SHORT}
# Ofsted's two layouts: the ILACS history and the in-year activity (its visits too).
OFSTED_LAYOUTS = {
    "Inspection type": services.read_ilacs_file,
    "Inspection/Visit type": services.read_inyear_file,
}


@dataclass
class Row:
    """One inspection as a file describes it."""

    line: int
    authority: LocalAuthority
    framework: str | None  # None: a pre-2018 report whose framework the scraper could not read
    type: str | None
    publication_date: datetime.date
    inspection_date: datetime.date | None = None
    grades: dict[str, str] = field(default_factory=dict)
    report_url: str = ""
    note: str = ""
    type_given: bool = True  # False: the file did not say standard or short (nothing to change)


@dataclass
class Publication:
    """A file read and checked, ready to apply."""

    file_name: str
    format: str
    rows: list[Row]

    @property
    def authority_ids(self) -> set[int]:
        return {row.authority.pk for row in self.rows}


@dataclass
class Change:
    """What applying one row did (or would do): a line of the preview and of the summary."""

    line: int
    authority: LocalAuthority
    outcome: str  # ADDED, CHANGED, MATCHED (nothing differed) or SKIPPED
    inspection: Inspection | None
    details: list[str] = field(default_factory=list)


ADDED, CHANGED, MATCHED, SKIPPED = "added", "changed", "matched", "skipped"


@dataclass
class ImportResult:
    """Everything one import did, for the command's summary, the preview and the alerts."""

    file_name: str
    format: str
    changes: list[Change] = field(default_factory=list)
    # (inspection, area) of each judgement newly recorded as Inadequate, or changed to it
    new_inadequate: list[tuple[Inspection, str]] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(change.outcome for change in self.changes)

    @property
    def changed_anything(self) -> bool:
        return any(change.outcome in (ADDED, CHANGED) for change in self.changes)

    def summary(self) -> str:
        counts = self.counts
        return (
            f"{self.file_name} ({self.format}): {len(self.changes)} rows;"
            f" {counts[ADDED]} inspections added, {counts[CHANGED]} matched and changed,"
            f" {counts[MATCHED]} matched unchanged, {counts[SKIPPED]} skipped"
        )


# -- reading -----------------------------------------------------------------------------------


def read_publication(
    path: Path | str, *, format: str | None = None, file_name: str | None = None
) -> Publication:
    """Read and check a whole file (the format from its header when not given).

    Raises DataFileError naming the file and the line for: text that is not UTF-8, a file cut
    short (a row with fewer values than the header, an unclosed quote), a broken row (an unknown
    authority, a date or grade that cannot be read, a judgement its framework does not have).
    """
    path = Path(path)
    name = file_name or path.name
    header = check_csv(path, name)
    format = format or detect_format(header, name)
    if format == D2I:
        rows = read_d2i(path, name, header)
    elif format == OFSTED:
        rows = read_ofsted(path, name, header)
    else:
        raise DataFileError(name, f"unknown format {format!r}: choose {' or '.join(FORMATS)}")
    if not rows:
        raise DataFileError(name, "has no rows under its header")
    refuse_repeats(name, rows)
    return Publication(name, format, rows)


def check_csv(path: Path, name: str) -> list[str]:
    """The header of a UTF-8 CSV file whose every row has as many values as the header."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileError(name, f"cannot be read ({exc.strerror})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataFileError(name, "is not UTF-8 text (save it as UTF-8 CSV)", line) from exc
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DataFileError(name, "holds a NUL character: not a CSV file", line)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise DataFileError(name, "is empty")
        for values in reader:
            if values and len(values) != len(header):
                which = "fewer" if len(values) < len(header) else "more"
                raise DataFileError(
                    name,
                    f"has {which} values than columns ({len(values)}, not {len(header)}):"
                    " a broken or truncated row",
                    reader.line_num,
                )
    except csv.Error as exc:
        raise DataFileError(name, f"is not valid CSV ({exc})", reader.line_num) from exc
    return [column.strip() for column in header]


def detect_format(header: list[str], name: str) -> str:
    columns = set(header)
    if columns >= D2I_COLUMNS:
        return D2I
    if "Local authority area code" in columns and columns & set(OFSTED_LAYOUTS):
        return OFSTED
    raise DataFileError(
        name,
        "is neither Ofsted's outcomes layout nor Data to Insight's (its header has neither"
        " 'Local authority area code' and 'Inspection type' nor 'urn' and 'inspection_link')",
        1,
    )


def read_d2i(path: Path, name: str, header: list[str]) -> list[Row]:
    missing = D2I_COLUMNS - set(header)
    if missing:
        raise DataFileError(name, f"missing columns: {', '.join(sorted(missing))}", 1)
    resolver = AuthorityResolver.from_db()
    rows = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        for values in reader:  # check_csv has checked each has a value for every column
            stripped = {k: v.strip() for k, v in values.items()}
            rows.append(d2i_row(name, reader.line_num, stripped, resolver))
    return rows


def d2i_row(name: str, line: int, values: dict[str, str], resolver: AuthorityResolver) -> Row:
    authority = resolver.resolve(name, line, "urn", values["urn"])
    framework_text = values["inspection_framework"].lower()
    start = _d2i_date(name, line, "inspection_start_date", values["inspection_start_date"], "%Y")
    row = Row(
        line=line,
        authority=authority,
        framework=None,
        type=None,
        publication_date=_d2i_date(name, line, "publication_date", values["publication_date"]),
        inspection_date=start,
        report_url=values["inspection_link"],
    )
    if row.publication_date is None:
        raise DataFileError(name, "publication_date is missing", line)
    for column, area in D2I_AREAS.items():
        value = values[column].lower()
        if value in D2I_MARKERS:
            continue
        if value not in D2I_GRADES:
            raise DataFileError(name, f"{column} is not a grade or a marker: {value!r}", line)
        row.grades[area] = D2I_GRADES[value]
    if row.publication_date < CARE_LEAVERS_JUDGED_FROM:
        # ILACS judged care leavers separately from 2023: a grade on an earlier report is the
        # scraper reading the children in care judgement again where the row had no dates to
        # mark it `inspection_pre_dates_judgement` (Nottingham September 2022, Redcar and
        # Cleveland September 2022; Ofsted's ILACS history has none for either).
        row.grades.pop(Area.CARE_LEAVERS, None)
    if row.grades:
        # A row with grades is an ILACS report (its areas are ILACS's). Free text such as
        # "inspection duration longer than standard framework", or none (Brighton and Hove, May
        # 2024), is recorded as a standard inspection. A row without grades (a report the
        # scraper could not read, even one it calls "standard": Doncaster's SIF re-inspection
        # of January 2018) is only matched to what is held, never added.
        row.framework = Framework.ILACS
        row.type = D2I_TYPES.get(framework_text, Inspection.Type.STANDARD)
        if framework_text not in D2I_TYPES:
            row.type_given = False
            shown = values["inspection_framework"] or "(none)"
            row.note = f"Framework given as {shown!r} in {name}: recorded as a standard inspection"
    check_row(name, row)
    return row


def _d2i_date(
    name: str, line: int, column: str, value: str, year: str = "%y"
) -> datetime.date | None:
    """Data to Insight's dates: dd/mm/yy for publication, dd/mm/yyyy for the inspection."""
    if not value:
        return None
    try:
        return datetime.datetime.strptime(value, f"%d/%m/{year}").date()
    except ValueError as exc:
        example = "dd/mm/yy" if year == "%y" else "dd/mm/yyyy"
        raise DataFileError(name, f"{column} is not a date ({example}): {value!r}", line) from exc


def read_ofsted(path: Path, name: str, header: list[str]) -> list[Row]:
    reader = next(
        (read for column, read in OFSTED_LAYOUTS.items() if column in header),
        services.read_ilacs_file,
    )
    try:
        records = reader(path, AuthorityResolver.from_db())
    except DataFileError as error:
        raise DataFileError(name, error.message, error.line) from error
    authorities = LocalAuthority.objects.in_bulk({record.authority_id for _, record in records})
    rows = []
    for line, record in records:
        row = Row(
            line=line,
            authority=authorities[record.authority_id],
            framework=record.framework,
            type=record.type,
            publication_date=record.publication_date,
            inspection_date=record.inspection_date,
            grades=dict(record.grades),
        )
        check_row(name, row)
        rows.append(row)
    return rows


def check_row(name: str, row: Row) -> None:
    if row.inspection_date and row.publication_date < row.inspection_date:
        raise DataFileError(name, "published before the inspection started", row.line)
    if row.framework is None:
        return
    inspection = Inspection(framework=row.framework, type=row.type)
    for area, grade in row.grades.items():
        errors = validate_judgement(inspection, area, grade)
        if errors:
            raise DataFileError(name, f"{area}: {' '.join(errors.values())}", row.line)


def refuse_repeats(name: str, rows: list[Row]) -> None:
    seen: dict[tuple, int] = {}
    for row in rows:
        if row.framework is None:
            continue
        day = row.inspection_date or row.publication_date
        key = (row.authority.pk, row.framework, _kind(row.type), day)
        if key in seen:
            raise DataFileError(name, f"repeats the inspection on line {seen[key]}", row.line)
        seen[key] = row.line


def _kind(type_: str) -> str:
    """Standard and short ILACS are one kind for matching: sources disagree on which it was."""
    if type_ in (Inspection.Type.STANDARD, Inspection.Type.SHORT):
        return "graded"
    return type_


# -- writing -----------------------------------------------------------------------------------


class Held:
    """The inspections already held for the publication's authorities, looked up as rows are."""

    def __init__(self, authority_ids: set[int]):
        inspections = Inspection.objects.filter(authority_id__in=authority_ids).prefetch_related(
            "judgements__sources"
        )
        self.by_start: dict[tuple, Inspection] = {}
        self.by_publication: dict[tuple, Inspection] = {}
        self.graded_by_publication: dict[tuple, Inspection] = {}
        for inspection in inspections:
            self.add(inspection)

    def add(self, inspection: Inspection) -> None:
        ids = (inspection.authority_id, inspection.framework, _kind(inspection.type))
        if inspection.inspection_date:
            self.by_start[(*ids, inspection.inspection_date)] = inspection
        if inspection.publication_date:
            self.by_publication[(*ids, inspection.publication_date)] = inspection
            if inspection.is_graded:
                day = (inspection.authority_id, inspection.publication_date)
                self.graded_by_publication[day] = inspection

    def match(self, row: Row) -> Inspection | None:
        """The inspection a row describes: by authority, framework and start; a row or a held
        inspection without a start by publication date (they disagree between sources)."""
        if row.framework is None:
            return self.graded_by_publication.get((row.authority.pk, row.publication_date))
        ids = (row.authority.pk, row.framework, _kind(row.type))
        if row.inspection_date:
            found = self.by_start.get((*ids, row.inspection_date))
            if found:
                return found
        found = self.by_publication.get((*ids, row.publication_date))
        if found and (row.inspection_date is None or found.inspection_date is None):
            return found
        return None


def apply_publication(publication: Publication, *, by) -> ImportResult:
    """Write a checked publication: add the inspections not held, change what differs (with
    history naming the file and line), cite the file on every judgement it gives.

    Held values the file does not give are kept (never erased); a publication date that
    differs is kept and noted. Applying the same file again changes nothing and writes no
    history. Run it inside a transaction: a row the database refuses is a DataFileError.
    """
    result = ImportResult(publication.file_name, publication.format)
    held = Held(publication.authority_ids)
    for row in publication.rows:
        try:
            result.changes.append(apply_row(publication, row, held, result, by=by))
        except ValidationError as exc:
            raise DataFileError(publication.file_name, "; ".join(exc.messages), row.line) from exc
    return result


def apply_row(publication: Publication, row: Row, held: Held, result: ImportResult, *, by):
    reason = f"Imported from {publication.file_name}, line {row.line}"
    inspection = held.match(row)
    if row.framework is None:
        return apply_unframed(row, inspection, reason, by=by)
    change = Change(row.line, row.authority, MATCHED, inspection)
    if inspection is None:
        inspection = Inspection(
            authority=row.authority,
            framework=row.framework,
            type=row.type,
            publication_date=row.publication_date,
            inspection_date=row.inspection_date,
            report_url=row.report_url,
            source=publication.file_name,
            notes=row.note,
        )
        save_with_history(inspection, by=by, reason=reason)
        held.add(inspection)
        change.inspection, change.outcome = inspection, ADDED
        change.details.append(f"added {inspection.label} {inspection.date_text}")
    else:
        change.details += update_inspection(inspection, row, reason, by=by)
    judgements = {j.area: j for j in inspection.judgements.all()} if change.outcome != ADDED else {}
    for area, grade in row.grades.items():
        judgement = judgements.get(area) or Judgement(inspection=inspection, area=area)
        before = None if judgement._state.adding else judgement.grade
        label = Area(area).label
        outcome = apply_changes(
            judgement,
            {"grade": grade},
            by=by,
            reason=f"{reason}: {label.lower()} was {_grade(before)}" if before else reason,
        )
        if outcome != UNCHANGED and change.outcome != ADDED:
            change.details.append(f"{label}: {_grade(before)} → {_grade(grade)}")
        if outcome != UNCHANGED and grade == Grade.INADEQUATE:
            result.new_inadequate.append((inspection, area))
        cite(judgement, publication, row)
    if change.outcome == MATCHED and change.details:
        change.outcome = CHANGED
    if inspection.publication_date != row.publication_date:
        change.details.append(
            f"publication date {row.publication_date:%-d %B %Y} here,"
            f" {inspection.publication_date:%-d %B %Y} held (kept)"
        )
    return change


def update_inspection(inspection: Inspection, row: Row, reason: str, *, by) -> list[str]:
    """Fill in or correct what the row knows about a held inspection; what changed, as text."""
    values = {}
    if row.inspection_date:
        values["inspection_date"] = row.inspection_date
    if row.report_url:
        values["report_url"] = row.report_url
    if row.type_given and row.type != inspection.type and _kind(row.type) == "graded":
        values["type"] = row.type
    details = [
        f"{Inspection._meta.get_field(name).verbose_name}: {getattr(inspection, name) or 'none'}"
        f" → {value}"
        for name, value in values.items()
        if getattr(inspection, name) != value
    ]
    if apply_changes(inspection, values, by=by, reason=reason) == UPDATED:
        return details
    return []


def apply_unframed(row: Row, inspection: Inspection | None, reason: str, *, by) -> Change:
    """A report the scraper could not read (pre-2018): no grades; its link is kept on the
    inspection published that day, if one is held."""
    if inspection is None:
        return Change(
            row.line,
            row.authority,
            SKIPPED,
            None,
            [f"no framework or grades, and no inspection published {row.publication_date}"],
        )
    change = Change(row.line, row.authority, MATCHED, inspection)
    if row.report_url and row.report_url != inspection.report_url:
        apply_changes(inspection, {"report_url": row.report_url}, by=by, reason=reason)
        change.outcome = CHANGED
        change.details.append(f"report web address → {row.report_url}")
    return change


def cite(judgement: Judgement, publication: Publication, row: Row) -> None:
    """Record that this line of this file gives the judgement (once: a repeat adds nothing)."""
    cited = {(s.file_name, s.line) for s in _sources(judgement)}
    if (publication.file_name, row.line) in cited:
        return
    JudgementSource.objects.create(
        judgement=judgement,
        source=publication.format,
        file_name=publication.file_name,
        line=row.line,
        report_url=row.report_url,
        grade=judgement.grade,
    )


def _sources(judgement: Judgement) -> list[JudgementSource]:
    if judgement._state.adding or judgement.pk is None:
        return []
    prefetched = getattr(judgement, "_prefetched_objects_cache", {}).get("sources")
    return list(prefetched) if prefetched is not None else list(judgement.sources.all())


def _grade(grade: str | None) -> str:
    return Grade(grade).label if grade else "none"
