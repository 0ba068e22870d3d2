"""The national dashboard's table: its filters, columns, sorting and totals."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from core.dates import govuk_date
from inspections.models import (
    GRADE_LEVEL,
)
from interventions.models import (
    Intervention,
)

from .state import InterventionState
from .vocabulary import (
    RAG_COLOURS,
    RAG_ORDER,
    REPORT_COLOURS,
    REPORT_ORDER,
    STATUS_ORDER,
    Instrument,
    RagLevel,
    ReportStatus,
    Showing,
)


@dataclass(frozen=True)
class Standing:
    """What the dashboard's filters and totals read of every row: the instrument in force, the
    worst current RAG rating and where reporting stands, worked out from a full state (and kept
    with the row's other facts, ``listing.RowFacts``)."""

    instrument: str
    rag_level: str
    report_status: str
    stale: bool = False

    @classmethod
    def of(cls, state: InterventionState) -> Standing:
        report = state.report.status if state.report else ""
        return cls(state.instrument, state.rag_level, report, state.is_stale)


@dataclass(frozen=True)
class DashboardFilters:
    """What the dashboard is narrowed to; an empty value (None for ``stale``) means any.
    ``showing``: open, closed or (empty) all of the interventions opened by the day."""

    region: str = ""
    type: str = ""
    status: str = ""
    rag: str = ""
    report: str = ""
    showing: str = ""
    stale: bool | None = None

    @property
    def outline(self) -> DashboardFilters:
        """These filters less those that read a row's standing: what its outline answers."""
        return replace(self, type="", rag="", report="", stale=None)

    @property
    def asks_standing(self) -> bool:
        """Whether a filter reads a row's standing (not only its outline)."""
        return self != self.outline

    def matches(self, state: InterventionState, standing: Standing | None = None) -> bool:
        """Whether the state is kept; its ``standing`` if known, else worked out from it (only
        when a filter asks about it)."""
        if self.region and self.region != state.authority.region:
            return False
        if self.status and self.status != state.status:
            return False
        if self.showing and (self.showing == Showing.OPEN) != state.is_open:
            return False
        if not self.asks_standing:
            return True
        standing = standing or Standing.of(state)
        if self.stale is not None and self.stale != standing.stale:
            return False
        wanted = {
            "type": standing.instrument,
            "rag": standing.rag_level,
            "report": standing.report_status,
        }
        return all(
            not getattr(self, name) or getattr(self, name) == value
            for name, value in wanted.items()
        )


def _last_if_none(value) -> tuple:
    return (value is None, value)


def _no_colour(state: InterventionState) -> str:
    return ""


@dataclass(frozen=True)
class Column:
    """One column of the dashboard: the page, the CSV and the sort all read it."""

    key: str
    heading: str
    text: Callable[[InterventionState], str]
    sort: Callable[[InterventionState], Any]
    colour: Callable[[InterventionState], str] = _no_colour
    numeric: bool = False
    # Text shown after the tag, when the cell is a tag with words beside it.
    note: Callable[[InterventionState], str] = _no_colour
    # The help page's entry for the heading's words (reporting.help), if it has one.
    help: str = ""


def _judgement_sort(state: InterventionState) -> tuple:
    inspection = state.latest_inspection
    grade = inspection.headline_grade if inspection else None
    return _last_if_none(GRADE_LEVEL.get(grade) if grade else None)


def _report_sort(state: InterventionState) -> tuple:
    report = state.report
    return (REPORT_ORDER.index(report.status), *_last_if_none(report.next_due))


COLUMNS: list[Column] = [
    Column("authority", "Authority", lambda s: s.authority.name, lambda s: s.authority.name),
    Column(
        "region",
        "Region",
        lambda s: s.authority.get_region_display(),
        lambda s: s.authority.get_region_display(),
    ),
    Column(
        "type",
        "Type",
        lambda s: s.instrument_label,
        lambda s: s.instrument_label,
        help="instruments",
    ),
    Column(
        "months_open",
        "Months open",
        lambda s: str(s.months_open),
        lambda s: s.months_open,
        numeric=True,
    ),
    Column(
        "commissioner",
        "Commissioner",
        lambda s: s.commissioner_text or "None",
        lambda s: (not s.commissioner_text, s.commissioner_text),
    ),
    Column("judgement", "Latest judgement", lambda s: s.judgement_text, _judgement_sort),
    Column(
        "rag",
        "RAG summary",
        lambda s: s.rag_text,
        lambda s: (RAG_ORDER.index(s.rag_level), -s.rag["red"], -s.rag["amber"]),
        colour=lambda s: RAG_COLOURS.get(s.rag_level, ""),
        help="themes",
    ),
    Column(
        "travel",
        "Direction of travel",
        lambda s: s.travel_text,
        lambda s: (-s.travel["declining"], -s.travel["no_change"], -s.travel["improving"]),
        help="themes",
    ),
    Column(
        "status",
        "Status",
        lambda s: s.standing_text[0] or s.standing_text[2],
        lambda s: STATUS_ORDER.index(s.status),
        colour=lambda s: s.standing_text[1],
        note=lambda s: s.standing_text[2] if s.standing_text[0] else "",
        help="statuses",
    ),
    Column(
        "report",
        "Report",
        lambda s: s.report.text,
        _report_sort,
        colour=lambda s: REPORT_COLOURS.get(s.report.status, ""),
        help="report-statuses",
    ),
    Column(
        "review",
        "Next direction review",
        lambda s: govuk_date(s.next_direction_review, "None"),
        lambda s: _last_if_none(s.next_direction_review),
    ),
    Column(
        "adm",
        "ADM and Minister's decision",
        lambda s: s.adm_text or "None",
        lambda s: (not s.adm_text, s.adm_text),
        help="adm-models",
    ),
]
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}


@dataclass(frozen=True)
class Cell:
    """A cell's text (in a tag of ``colour``, if any) and the words after it (``note``)."""

    text: str
    colour: str = ""
    numeric: bool = False
    note: str = ""
    heading: str = ""  # the column's, which a narrow screen shows beside the cell

    @property
    def plain(self) -> str:
        """The cell as one piece of text, as the CSV has it and a screen reader reads it."""
        return f"{self.text} {self.note}" if self.note else self.text


def cells(state: InterventionState) -> list[Cell]:
    """A row's cells, in column order, as both the page and the CSV show them."""
    return [
        Cell(
            column.text(state),
            column.colour(state),
            column.numeric,
            column.note(state),
            column.heading,
        )
        for column in COLUMNS
    ]


def sort_states(
    states: list[InterventionState],
    key: str = "authority",
    descending: bool = False,
    value: Callable[[InterventionState], Any] | None = None,
) -> list[InterventionState]:
    """Sorted by a column (ties by authority name, always A to Z): by the column's sort value of
    each state, or ``value``'s if given (the value kept for a row, ``listing.RowFacts``)."""
    by_name = sorted(states, key=lambda s: s.authority.name)
    # sorted() is stable, also with reverse=True: ties keep their A to Z order.
    return sorted(by_name, key=value or COLUMNS_BY_KEY[key].sort, reverse=descending)


def filter_states(
    states: Iterable[InterventionState],
    filters: DashboardFilters,
    standings: dict[int, Standing] | None = None,
) -> list[InterventionState]:
    """The states the filters keep; ``standings`` by id if known (else from each state)."""
    standings = standings or {}
    return [state for state in states if filters.matches(state, standings.get(state.pk))]


@dataclass(frozen=True)
class Totals:
    """The figures at the top of the dashboard, over the rows it shows."""

    interventions: int
    directions: int
    notices: int
    red: int
    reports_overdue: int
    by_status: list[tuple[str, int]]
    # Open, nothing recorded for six months; open, but past the last day their sources cover.
    stale: int = 0
    sources_ended: int = 0


def totals(states: list[InterventionState], standings: dict[int, Standing] | None = None) -> Totals:
    """The totals over ``states``; ``standings`` by id if known (else from each state)."""
    standings = standings or {}
    known = [standings.get(state.pk) or Standing.of(state) for state in states]
    instruments = Counter(standing.instrument for standing in known)
    statuses = Counter(state.status for state in states)
    return Totals(
        interventions=len(states),
        directions=instruments[Instrument.DIRECTION],
        notices=instruments[Instrument.NOTICE],
        red=sum(1 for standing in known if standing.rag_level == RagLevel.RED),
        reports_overdue=sum(1 for s in known if s.report_status == ReportStatus.OVERDUE),
        by_status=[
            (label, statuses[value])
            for value, label in Intervention.Status.choices
            if statuses[value]
        ],
        stale=sum(1 for standing in known if standing.stale),
        sources_ended=sum(1 for state in states if state.is_open and state.sources_ended),
    )
