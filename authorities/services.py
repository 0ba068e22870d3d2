"""Loading the national reference data about authorities, and finding an authority by any code.

Each loader reads one file from ``data_dir``, writes through ``core.history`` (so every change
has a history row naming ``by`` and the file) and returns a Counter of CREATED / UPDATED /
UNCHANGED (and DELETED for neighbours that dropped out). A second run with the same file
changes nothing and writes no history. A bad file or row raises ``DataFileError`` naming the
line; each loader runs in a savepoint, so inside the caller's transaction nothing is half-loaded.
New rows are checked one by one but inserted in bulk (``core.history.check_new`` and
``create_in_bulk``), each still with its own history row.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.history import (
    CREATED,
    UNCHANGED,
    UPDATED,
    NewRow,
    apply_changes,
    check_new,
    constraint_message,
    create_in_bulk,
)
from core.loading import DataFileError, parse_date, parse_int, read_rows

from .models import (
    NEIGHBOUR_COUNT,
    STATISTICS_REGION_CHOICES,
    LocalAuthority,
    StatisticalNeighbour,
    YearlyStatistics,
)

AUTHORITIES_FILE = "childrens_services_authorities.csv"
NEIGHBOURS_FILE = "d2i_la_lookup.csv"
STATISTICS_FILE = "dfe_csc_la_indicators_2013-2025.csv"

DELETED = "deleted"

# Values DfE uses for a figure it withheld or did not collect (as in core.loading.parse_int).
SUPPRESSED = {"", "x", "z", "c", "u", ".", ":", "low", "k"}


class AuthorityResolver:
    """Finds the LocalAuthority that any code in a data file means.

    Knows every authority's current ONS code, its former ONS codes (Barnsley is E08000038 now,
    E08000016 in Ofsted's and DfE's files), its three-digit DfE code and its Ofsted URN (Data to
    Insight's files name authorities by URN). A predecessor and its
    successor can share a DfE code (Buckinghamshire County Council and Buckinghamshire Council
    are both 825): the DfE code then means the current authority, because files that use DfE
    codes for predecessors' years have already attached them to the successor. A DfE code shared
    by two current authorities is ambiguous and resolves to nothing.

    Build it once per load (one query), then look codes up without touching the database::

        resolver = AuthorityResolver.from_db()
        resolver.get("E08000016")           # Barnsley
        resolver.get(new_code, dfe_code)    # the first code that names an authority
        resolver.resolve(path, line, "la_code", code)  # or DataFileError naming the line
    """

    def __init__(self, authorities: Iterable[LocalAuthority]):
        self._by_ons: dict[str, LocalAuthority] = {}
        self._by_urn: dict[str, LocalAuthority] = {}
        by_dfe: dict[str, list[LocalAuthority]] = defaultdict(list)
        for authority in authorities:
            for code in authority.codes:
                self._by_ons[code] = authority
            if authority.ofsted_urn:
                self._by_urn[authority.ofsted_urn] = authority
            by_dfe[authority.dfe_code].append(authority)
        self._by_dfe = {
            code: found for code, group in by_dfe.items() if (found := _dfe_holder(group))
        }

    @classmethod
    def from_db(cls) -> "AuthorityResolver":
        return cls(LocalAuthority.objects.all())

    def get(self, *codes: str) -> LocalAuthority | None:
        """The authority named by the first of ``codes`` that names one, or None."""
        for code in codes:
            code = code.strip()
            found = self._by_ons.get(code) or self._by_dfe.get(code) or self._by_urn.get(code)
            if found:
                return found
        return None

    def resolve(self, path: Path, line: int, column: str, *codes: str) -> LocalAuthority:
        """Like ``get``, but a code that names no authority is a DataFileError for the line."""
        found = self.get(*codes)
        if found is None:
            shown = " or ".join(repr(code) for code in codes if code) or "(empty)"
            raise DataFileError(path, f"{column}: no authority has the code {shown}", line)
        return found


def _dfe_holder(group: list[LocalAuthority]) -> LocalAuthority | None:
    if len(group) == 1:
        return group[0]
    current = [authority for authority in group if authority.is_current]
    return current[0] if len(current) == 1 else None


def _save(instance, values: dict, *, by, reason: str, path: Path, line: int) -> str:
    """``apply_changes``, with a validation error turned into one naming the file and line."""
    try:
        # The loaders key every row themselves, so the per-row constraint queries of
        # full_clean() are skipped; the database still refuses anything that breaks one.
        return apply_changes(instance, values, by=by, reason=reason, db_checks=False)
    except ValidationError as exc:
        raise DataFileError(path, "; ".join(exc.messages), line) from exc
    except IntegrityError as exc:
        raise DataFileError(path, constraint_message(type(instance), exc), line) from exc


def _reason(path: Path) -> str:
    return f"Loaded from {path.name}"


def _save_or_queue(
    instance, values: dict, new_rows: list[NewRow], *, by, reason: str, path: Path, line: int
) -> str:
    """``_save`` for a row already in the database; a new row is checked and queued instead."""
    if not instance._state.adding:
        return _save(instance, values, by=by, reason=reason, path=path, line=line)
    for attname, value in values.items():
        setattr(instance, attname, value)
    check_new(instance, path, line)
    new_rows.append((instance, path, line))
    return CREATED


# Authorities ---------------------------------------------------------------------------------

AUTHORITY_COLUMNS = {
    "ons_code",
    "former_ons_codes",
    "dfe_la_code",
    "ofsted_urn",
    "name",
    "official_name",
    "la_type",
    "region_code",
    "end_date",
    "replaced_by",
    "is_current",
}
# The file writes types as "Unitary Authority", "London Borough": our labels, capitalised.
AUTHORITY_TYPES = {label.casefold(): value for value, label in LocalAuthority.Type.choices}
SUCCESSOR_CODE = re.compile(r"\(\s*(E\d{8})\s*\)\s*$")


@transaction.atomic
def load_authorities(data_dir: Path, *, by: AbstractBaseUser) -> Counter:
    """Load every children's services authority, current and predecessor, with successors.

    Successors come from ``replaced_by`` ("Cumberland (E06000063); Westmorland and Furness
    (E06000064)") and must be authorities in the file or already loaded.
    """
    path = Path(data_dir) / AUTHORITIES_FILE
    existing = {authority.ons_code: authority for authority in LocalAuthority.objects.all()}
    rows = _read_authority_rows(path, known_codes=set(existing))
    current_successors: dict[int, set[int]] = defaultdict(set)
    for from_id, to_id in LocalAuthority.successors.through.objects.values_list(
        "from_localauthority_id", "to_localauthority_id"
    ):
        current_successors[from_id].add(to_id)

    counts: Counter = Counter()
    reason = _reason(path)
    pending = []  # authorities whose successors change: saved once their successors are
    new_rows: list[NewRow] = []
    for line, values, successor_codes in rows:
        instance = existing.setdefault(values["ons_code"], LocalAuthority())
        if _successors_unchanged(instance, successor_codes, existing, current_successors):
            outcome = _save_or_queue(
                instance, values, new_rows, by=by, reason=reason, path=path, line=line
            )
            counts[outcome] += 1
        else:
            pending.append((line, instance, values, successor_codes))
    create_in_bulk(LocalAuthority, new_rows, by=by, reason=reason)

    for line, instance, values, successor_codes in _successors_first(pending, path):
        successor_ids = {existing[code].pk for code in successor_codes}
        try:
            outcome = _save_with_successors(instance, values, successor_ids, by=by, reason=reason)
        except ValidationError as exc:
            raise DataFileError(path, "; ".join(exc.messages), line) from exc
        counts[outcome] += 1
    return counts


def _read_authority_rows(path: Path, known_codes: set[str]) -> list[tuple[int, dict, list[str]]]:
    """Every row as (line, model values, successor ONS codes), checked before anything is saved."""
    rows, seen = [], {}
    for line, row in read_rows(path, AUTHORITY_COLUMNS):
        values = _authority_values(path, line, row)
        code = values["ons_code"]
        if code in seen:
            raise DataFileError(path, f"{code} is also on line {seen[code]}", line)
        seen[code] = line
        rows.append((line, values, _successor_codes(path, line, row["replaced_by"])))
    for line, values, successor_codes in rows:
        if values["ons_code"] in successor_codes:
            raise DataFileError(path, "replaced_by names the authority itself", line)
        for code in successor_codes:
            if code not in seen and code not in known_codes:
                raise DataFileError(path, f"replaced_by: no authority has the code {code}", line)
    return rows


def _authority_values(path: Path, line: int, row: dict[str, str]) -> dict:
    la_type = AUTHORITY_TYPES.get(row["la_type"].casefold())
    if la_type is None:
        raise DataFileError(path, f"la_type is not a type we know: {row['la_type']!r}", line)
    if row["region_code"] not in LocalAuthority.Region.values:
        raise DataFileError(
            path, f"region_code is not an English region: {row['region_code']!r}", line
        )
    end_date = parse_date(path, line, "end_date", row["end_date"])
    is_current = row["is_current"].casefold()
    if is_current not in {"true", "false"}:
        raise DataFileError(path, f"is_current must be True or False: {row['is_current']!r}", line)
    if (is_current == "true") != (end_date is None):
        raise DataFileError(path, "is_current and end_date disagree", line)
    return {
        "ons_code": row["ons_code"],
        "former_ons_codes": ",".join(re.split(r"[\s,;]+", row["former_ons_codes"])).strip(","),
        "dfe_code": row["dfe_la_code"],
        "ofsted_urn": row["ofsted_urn"],
        "name": row["name"],
        "official_name": row["official_name"],
        "type": la_type,
        "region": row["region_code"],
        "end_date": end_date,
    }


def _successor_codes(path: Path, line: int, replaced_by: str) -> list[str]:
    codes = []
    for part in filter(None, (part.strip() for part in replaced_by.split(";"))):
        match = SUCCESSOR_CODE.search(part)
        if not match:
            raise DataFileError(
                path, f"replaced_by must end with an ONS code in brackets: {part!r}", line
            )
        codes.append(match.group(1))
    return codes


def _successors_unchanged(instance, successor_codes, existing, current_successors) -> bool:
    if instance.pk is None:
        return not successor_codes
    wanted = {existing[code].pk if code in existing else None for code in successor_codes}
    return wanted == current_successors[instance.pk]


def _successors_first(pending: list, path: Path) -> list:
    """Order ``pending`` so that an authority comes after every successor it names.

    Successors not in ``pending`` are saved already. A cycle (A replaced by B, B by A) is a
    data error.
    """
    ordered, waiting = [], list(pending)
    waiting_codes = {values["ons_code"] for _, _, values, _ in waiting}
    while waiting:
        ready = [item for item in waiting if not waiting_codes & set(item[3])]
        if not ready:
            raise DataFileError(path, "replaced_by forms a cycle", waiting[0][0])
        for item in ready:
            waiting.remove(item)
            waiting_codes.discard(item[2]["ons_code"])
        ordered.extend(ready)
    return ordered


def _save_with_successors(
    instance: LocalAuthority, values: dict, successor_ids: set[int], *, by, reason: str
) -> str:
    """Save an authority whose successors change, writing exactly one history row.

    simple-history writes a row on save and another on each m2m change, and a new authority's
    first row would show no successors. So save and set the successors without history, then
    write the one row: saving again records every field and the successors together, and a
    new authority gets its creation row written directly (history rows are never updated, so
    a row saved as a change cannot be relabelled a creation afterwards).
    """
    is_new = instance._state.adding
    for attname, value in values.items():
        setattr(instance, attname, value)
    instance._history_user = by
    instance._change_reason = reason
    instance.full_clean()
    instance.skip_history_when_saving = True
    try:
        instance.save()
        instance.successors.set(successor_ids)
    finally:
        del instance.skip_history_when_saving
    if is_new:
        _record_creation(instance)
        return CREATED
    instance.save()
    return UPDATED


def _record_creation(authority: LocalAuthority) -> None:
    """Write a saved authority's creation row ("+"), with the successors it has now."""
    (row,) = LocalAuthority.history.bulk_history_create([authority])
    HistoricalLink = type(row).successors.model
    links = LocalAuthority.successors.through.objects.filter(from_localauthority=authority)
    HistoricalLink.objects.bulk_create(
        HistoricalLink(
            history=row,
            id=link.id,
            from_localauthority_id=link.from_localauthority_id,
            to_localauthority_id=link.to_localauthority_id,
        )
        for link in links
    )


# Statistical neighbours ----------------------------------------------------------------------

NEIGHBOUR_COLUMNS = {"la_code", "la_code_new", "stat_neighbours", "stat_neighbours_la_code"}


@transaction.atomic
def load_statistical_neighbours(data_dir: Path, *, by: AbstractBaseUser) -> Counter:
    """Load each authority's ten statistical neighbours, ranked, from Data to Insight's lookup.

    Authorities are found by ONS code (current or former: the file names Barnsley and Sheffield
    by their old codes in neighbour lists) or DfE code. The file has 156 rows: the 153 current
    authorities, each with ten neighbours, and three predecessors (Cumbria, Northamptonshire,
    Poole) with empty lists. A row with no neighbours is skipped rather than taken to mean
    "remove this authority's neighbours": DfE publishes no neighbours for an authority that no
    longer exists, and an empty cell is more likely a gap than a decision. An authority's
    neighbours that are no longer in its list are deleted (with a history row).
    """
    path = Path(data_dir) / NEIGHBOURS_FILE
    resolver = AuthorityResolver.from_db()
    existing: dict[int, dict[int, StatisticalNeighbour]] = defaultdict(dict)
    for row in StatisticalNeighbour.objects.all():
        existing[row.authority_id][row.rank] = row

    counts: Counter = Counter()
    reason = _reason(path)
    seen: dict[int, int] = {}
    new_rows: list[NewRow] = []
    for line, row in read_rows(path, NEIGHBOUR_COLUMNS):
        authority = resolver.resolve(path, line, "la_code_new", row["la_code_new"], row["la_code"])
        if authority.pk in seen:
            raise DataFileError(path, f"{authority} is also on line {seen[authority.pk]}", line)
        seen[authority.pk] = line
        neighbours = _neighbours(path, line, row, resolver, authority)
        if neighbours:
            counts += _sync_neighbours(
                authority, neighbours, existing[authority.pk], by=by, reason=reason
            )
            for ranked in existing[authority.pk].values():
                if ranked._state.adding:
                    check_new(ranked, path, line)
                    new_rows.append((ranked, path, line))
    create_in_bulk(StatisticalNeighbour, new_rows, by=by, reason=reason)
    return counts


def _split_codes(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


def _neighbours(
    path: Path, line: int, row: dict, resolver: AuthorityResolver, authority: LocalAuthority
) -> list[LocalAuthority]:
    """The row's neighbours, most similar first, checked against the DfE codes given with them."""
    ons_codes = _split_codes(row["stat_neighbours_la_code"])
    dfe_codes = _split_codes(row["stat_neighbours"])
    if ons_codes and dfe_codes and len(ons_codes) != len(dfe_codes):
        raise DataFileError(
            path, "stat_neighbours and stat_neighbours_la_code list different numbers", line
        )
    codes = ons_codes or dfe_codes
    column = "stat_neighbours_la_code" if ons_codes else "stat_neighbours"
    if len(codes) > NEIGHBOUR_COUNT:
        raise DataFileError(path, f"{column} lists more than {NEIGHBOUR_COUNT} neighbours", line)
    neighbours = [resolver.resolve(path, line, column, code) for code in codes]
    for neighbour, dfe_code in zip(neighbours, dfe_codes if ons_codes else [], strict=False):
        # Compare DfE codes, not authorities: a predecessor shares its successor's DfE code.
        if neighbour.dfe_code != dfe_code:
            raise DataFileError(
                path, f"{neighbour} has DfE code {neighbour.dfe_code}, not {dfe_code}", line
            )
    if authority in neighbours:
        raise DataFileError(path, f"{authority} is listed as its own neighbour", line)
    if len(set(neighbours)) < len(neighbours):
        raise DataFileError(path, f"{column} lists a neighbour twice", line)
    return neighbours


def _sync_neighbours(
    authority: LocalAuthority,
    neighbours: list[LocalAuthority],
    existing: dict[int, StatisticalNeighbour],
    *,
    by,
    reason: str,
) -> Counter:
    """Make the authority's ranked neighbours match ``neighbours``.

    A rank whose neighbour changes is deleted and created again rather than updated in place:
    rankings often reorder, and an update would collide with the same neighbour still held at
    its old rank (one neighbour per authority is a database constraint). The new ranks are left
    in ``existing``, unsaved, for the caller to create in bulk.
    """
    counts: Counter = Counter()
    wanted = dict(enumerate(neighbours, start=1))
    for rank, row in sorted(existing.items()):
        if rank in wanted and row.neighbour_id == wanted[rank].pk:
            counts[UNCHANGED] += 1
            del wanted[rank]
        else:
            row._history_user = by
            row._change_reason = reason
            row.delete()
            del existing[rank]
            counts[DELETED] += 1
    for rank, neighbour in wanted.items():
        existing[rank] = StatisticalNeighbour(authority=authority, neighbour=neighbour, rank=rank)
        counts[CREATED] += 1
    return counts


# Yearly statistics ---------------------------------------------------------------------------

STATISTICS_COLUMNS = {
    "time_period",
    "geographic_level",
    "region_code",
    "new_la_code",
    "old_la_code",
    "population_0_17",
    "cla_31_march",
    "cla_rate_per_10000",
    "cla_started_in_year",
    "cla_ceased_in_year",
    "cin_31_march",
    "cin_rate_per_10000_derived",
    "cpp_31_march",
    "cpp_rate_per_10000_derived",
    "cin_episodes_in_year",
    "referrals_in_year",
    "rereferral_percent",
}
LEVELS = {
    "national": YearlyStatistics.Level.NATIONAL,
    "regional": YearlyStatistics.Level.REGIONAL,
    "local authority": YearlyStatistics.Level.LOCAL_AUTHORITY,
}
STATISTICS_REGIONS = {code for code, _ in STATISTICS_REGION_CHOICES}
# Counts have the file's column names; rates and percentages mostly do too.
COUNT_COLUMNS = (
    "population_0_17",
    "cla_31_march",
    "cla_started_in_year",
    "cla_ceased_in_year",
    "cin_31_march",
    "cpp_31_march",
    "cin_episodes_in_year",
    "referrals_in_year",
)
# Our field: the file's column.
DECIMAL_COLUMNS = {
    "cla_rate_per_10000": "cla_rate_per_10000",
    "cin_rate_per_10000": "cin_rate_per_10000_derived",
    "cpp_rate_per_10000": "cpp_rate_per_10000_derived",
    "rereferral_percent": "rereferral_percent",
}

StatisticsKey = tuple[str, int | str, int]


@transaction.atomic
def load_yearly_statistics(data_dir: Path, *, by: AbstractBaseUser) -> Counter:
    """Load DfE's yearly children's social care figures for England, regions and authorities.

    Authority rows are found by ``new_la_code`` (an ONS code, current or former: DfE still uses
    Barnsley's E08000016) or else ``old_la_code`` (a DfE code). A predecessor's years stay with
    the predecessor, as DfE publishes them.
    """
    path = Path(data_dir) / STATISTICS_FILE
    resolver = AuthorityResolver.from_db()
    existing = {_statistics_key(row): row for row in YearlyStatistics.objects.all()}
    counts: Counter = Counter()
    reason = _reason(path)
    seen: dict[StatisticsKey, int] = {}
    new_rows: list[NewRow] = []
    for line, row in read_rows(path, STATISTICS_COLUMNS):
        identity = _statistics_identity(path, line, row, resolver)
        key = _statistics_key(YearlyStatistics(**identity))
        if key in seen:
            raise DataFileError(path, f"the same area and year is on line {seen[key]}", line)
        seen[key] = line
        instance = existing.get(key) or YearlyStatistics(**identity)
        values = {**identity, **_statistics_figures(path, line, row)}
        outcome = _save_or_queue(
            instance, values, new_rows, by=by, reason=reason, path=path, line=line
        )
        counts[outcome] += 1
    create_in_bulk(YearlyStatistics, new_rows, by=by, reason=reason)
    return counts


def _statistics_key(row: YearlyStatistics) -> StatisticsKey:
    """What the database's unique constraints make unique: one row per level, area and year."""
    if row.level == YearlyStatistics.Level.LOCAL_AUTHORITY:
        return (row.level, row.authority_id, row.year)
    if row.level == YearlyStatistics.Level.REGIONAL:
        return (row.level, row.region, row.year)
    return (row.level, "", row.year)


def _statistics_identity(
    path: Path, line: int, row: dict, resolver: AuthorityResolver
) -> dict[str, object]:
    level = LEVELS.get(row["geographic_level"].casefold())
    if level is None:
        raise DataFileError(
            path, f"geographic_level is not one we know: {row['geographic_level']!r}", line
        )
    year = parse_int(path, line, "time_period", row["time_period"])
    if year is None:
        raise DataFileError(path, "time_period is empty", line)
    region = row["region_code"]
    if region and region not in STATISTICS_REGIONS:
        raise DataFileError(path, f"region_code is not an English region: {region!r}", line)
    authority_id = None
    if level == YearlyStatistics.Level.LOCAL_AUTHORITY:
        authority_id = resolver.resolve(
            path, line, "new_la_code", row["new_la_code"], row["old_la_code"]
        ).pk
    elif level == YearlyStatistics.Level.REGIONAL and not region:
        raise DataFileError(path, "region_code is empty on a regional row", line)
    elif level == YearlyStatistics.Level.NATIONAL:
        region = ""
    return {"year": year, "level": level, "authority_id": authority_id, "region": region}


def _statistics_figures(path: Path, line: int, row: dict) -> dict[str, object]:
    figures: dict[str, object] = {
        column: parse_int(path, line, column, row[column]) for column in COUNT_COLUMNS
    }
    for field, column in DECIMAL_COLUMNS.items():
        figures[field] = _parse_decimal(path, line, column, row[column])
    return figures


def _parse_decimal(path: Path, line: int, column: str, value: str) -> Decimal | None:
    """A number with up to one decimal place, or None for an empty cell or suppression marker."""
    if value in SUPPRESSED:
        return None
    try:
        number = Decimal(value.replace(",", ""))
    except InvalidOperation as exc:
        raise DataFileError(path, f"{column} is not a number: {value!r}", line) from exc
    if not number.is_finite():
        raise DataFileError(path, f"{column} is not a number: {value!r}", line)
    return number
