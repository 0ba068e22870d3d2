"""The vocabulary of the case studies: dated facts, each naming the document it comes from.

A case study is an ordered list of facts about one intervention. The loader replays them in date
order through ``interventions.services`` and writes every history row at the date the fact
happened, so that "as at 30 June 2017" and a 2017 Q2 report read the story as it stood then.

Honesty about dates matters more than tidiness: ``dated`` says how exact a fact's date is.
``EXACT`` dates are in the source. ``MONTH`` facts are dated the first of the month the source
names (or the last, for an end). ``APPROXIMATE`` dates are the nearest day the source allows
("early March", "mid-February", "no later than"). ``ILLUSTRATIVE`` facts (their day or their
content) are not in any source: they follow something a source describes so that a report reads
like the real thing. The qualifier lands in each history row's change reason beside the source
title, ``note`` (where the record has a notes field) says more, and every record the loader
writes from a fact carries the source's title (``source``) and, for an illustrative fact,
``illustrative=True``, so a reader meets the mark wherever the record is shown.

A RAG rating carries its own provenance. A source states a rating only when it gives the Ofsted
grade the rating stands for (Inadequate red, Requires improvement amber, Good or Outstanding
green); any other rating is an interpretation, ``illustrative`` even on an exactly dated entry,
and its rationale quotes the sentence of the source it follows.

Who acted matters as much as when. The commissioner's own work is a progress entry of its kind
(visit, interview, letter...); what someone else did (Ofsted published, a Cabinet decided, DfE
reviewed, MPs wrote) is an ``event`` naming its ``actor``. A commissioner's report to the
Minister is neither: it is a ``ReportReceived``, which the reporting app records as a submitted
report and the interventions loader skips.

Each case ends with ``SourcesEnd``, on the day of its last dated fact: after it the record
says nothing, because the sources say nothing (DOMAIN.md, "The records end where the sources
end").

Plain data only: no Django imports, so the case studies can be read and tested on their own.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

EXACT = ""
MONTH = "month only"
APPROXIMATE = "approximate date"
ILLUSTRATIVE = "illustrative"
DATED = (EXACT, MONTH, APPROXIMATE, ILLUSTRATIVE)

# The RAG themes seeded by interventions/migrations/0002_themes.py, by code.
LEADERSHIP = "leadership"
FRONT_DOOR = "front-door"
HELP_AND_PROTECTION = "help-and-protection"
CHILDREN_IN_CARE = "children-in-care"
CARE_LEAVERS = "care-leavers"
WORKFORCE = "workforce"
QUALITY_ASSURANCE = "quality-assurance"
PARTNERSHIPS = "partnerships"
THEMES = (
    LEADERSHIP,
    FRONT_DOOR,
    HELP_AND_PROTECTION,
    CHILDREN_IN_CARE,
    CARE_LEAVERS,
    WORKFORCE,
    QUALITY_ASSURANCE,
    PARTNERSHIPS,
)

RED, AMBER, GREEN = "red", "amber", "green"
IMPROVING, NO_CHANGE, DECLINING = "improving", "no_change", "declining"

# History change reasons are at most 100 characters (simple-history's default column).
MAX_REASON_LENGTH = 100


def d(value: str) -> datetime.date:
    """A date from ISO text, so the case modules read like a chronology."""
    return datetime.date.fromisoformat(value)


@dataclass(frozen=True)
class Source:
    """A document a fact comes from: a title a reader can find, and where it is."""

    title: str
    location: str = ""


@dataclass(frozen=True, kw_only=True)
class Fact:
    """Something that happened on a date, according to a source."""

    on: datetime.date
    source: Source
    dated: str = EXACT
    note: str = ""

    @property
    def reason(self) -> str:
        """The history row's change reason: the source, and how exact the date is."""
        return f"{self.source.title} ({self.dated})" if self.dated else self.source.title

    @property
    def provenance(self) -> str:
        """A sentence for a record's notes: where it comes from and how exact its date is."""
        where = f"Source: {self.source.title}"
        if self.source.location:
            where += f" [{self.source.location}]"
        if self.dated:
            where += f". Date: {self.dated}"
        if self.note:
            where += f". {self.note}"
        return where + "."


@dataclass(frozen=True)
class InspectionKey:
    """An Ofsted inspection as the reference data identifies it."""

    ons_code: str
    framework: str
    type: str
    publication_date: datetime.date


# --- The intervention and its status -------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Opened(Fact):
    """The intervention opens (the first fact of every case)."""

    trigger: InspectionKey | None
    trigger_summary: str
    reporting_period_months: int = 3
    background: str = ""


@dataclass(frozen=True, kw_only=True)
class StatusChanged(Fact):
    status: str
    why: str


@dataclass(frozen=True, kw_only=True)
class Closed(Fact):
    why: str
    exit_reason: str = "other"  # interventions.models.Intervention.ExitReason value


@dataclass(frozen=True, kw_only=True)
class SourcesEnd(Fact):
    """The last day the case's sources cover: the record says nothing after it, owes no report
    after it and is not shown as current after it (DOMAIN.md, "The records end where the
    sources end")."""


# --- Notices and directions ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class NoticeIssued(Fact):
    requirements: str
    next_review_on: datetime.date | None = None


@dataclass(frozen=True, kw_only=True)
class NoticeRevised(Fact):
    requirements: str


@dataclass(frozen=True, kw_only=True)
class NoticeLifted(Fact):
    pass


@dataclass(frozen=True, kw_only=True)
class DirectionIssued(Fact):
    requirements: str
    requires_commissioner: bool = False
    requires_improvement_partner: bool = False
    requires_trust: bool = False
    requires_other_authority: bool = False
    expires_on: datetime.date | None = None
    next_review_on: datetime.date | None = None


@dataclass(frozen=True, kw_only=True)
class DirectionRevised(DirectionIssued):
    """A new direction replacing the open one on ``on``."""


@dataclass(frozen=True, kw_only=True)
class DirectionRevoked(Fact):
    pass


# --- People and partners ------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CommissionerAppointed(Fact):
    name: str
    title: str
    organisation: str
    appointed_by: str
    ends_on: datetime.date | None = None


@dataclass(frozen=True, kw_only=True)
class PostHeld(Fact):
    """A leadership post (authorities.LeadershipPost) held from ``on``."""

    ons_code: str
    role: str  # "dcs", "chief_executive" or "lead_member"
    person: str
    ends_on: datetime.date | None = None
    is_interim: bool = False


@dataclass(frozen=True, kw_only=True)
class PartnershipStarted(Fact):
    key: str
    supporting: str  # ONS code
    model: str  # interventions.models.DeliveryModel value
    legal_basis: str  # "directed" or "voluntary"
    under_direction: bool = False  # made under the direction open on ``on``
    break_clauses: str = ""
    day_allowance_per_year: Decimal | None = None
    day_rate: Decimal | None = None
    annual_budget: Decimal | None = None
    overhead_percent: Decimal | None = None
    funded_by: str = ""
    heads_of_terms: str = ""


@dataclass(frozen=True, kw_only=True)
class PartnershipEnded(Fact):
    key: str


@dataclass(frozen=True, kw_only=True)
class PartnerDaysLogged(Fact):
    partnership: str
    days: Decimal
    description: str


# --- Boards -------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class BoardEstablished(Fact):
    key: str
    name: str
    chair_name: str
    independent_chair: bool = False
    chaired_by_commissioner: bool = False
    established_on: datetime.date | None = None  # often unknown: ``on`` is when it enters


@dataclass(frozen=True, kw_only=True)
class BoardStoodDown(Fact):
    key: str


@dataclass(frozen=True)
class Rating:
    """One theme's RAG rating in an entry. ``illustrative`` unless the source gives the Ofsted
    grade it stands for (see the module's docstring); the rationale quotes the source."""

    theme: str
    rag: str
    direction: str
    rationale: str = ""
    illustrative: bool = True


def graded(theme: str, rag: str, direction: str, rationale: str) -> Rating:
    """A rating a source states: the Ofsted grade it stands for is in the source."""
    return Rating(theme, rag, direction, rationale, illustrative=False)


def interpreted(theme: str, rag: str, direction: str, quote: str) -> Rating:
    """A rating no source states, following the quoted sentence of the fact's source."""
    return Rating(theme, rag, direction, f"\u201c{quote}\u201d", illustrative=True)


@dataclass(frozen=True, kw_only=True)
class BoardMet(Fact):
    """A board meeting; the commissioner's own record of it is a board-meeting progress entry."""

    board: str
    attendees: str
    decisions: str
    summary: str
    ratings: tuple[Rating, ...] = ()


# --- The presumption, options and the Minister ---------------------------------------------


@dataclass(frozen=True, kw_only=True)
class AssessmentStarted(Fact):
    key: str
    presumption_applies: bool | None = None


@dataclass(frozen=True, kw_only=True)
class OptionConsidered(Fact):
    assessment: str
    name: str
    model: str
    description: str
    partner: str | None = None  # ONS code
    pros: str = ""
    cons: str = ""
    risks: str = ""


@dataclass(frozen=True, kw_only=True)
class OptionDecided(Fact):
    """An option's outcome: "discounted" (with a reason) or "recommended"."""

    assessment: str
    name: str
    outcome: str
    why: str


@dataclass(frozen=True, kw_only=True)
class AssessmentConcluded(Fact):
    key: str
    recommendation: str
    model: str
    partner: str | None = None  # ONS code
    compelling_reasons: str = ""


@dataclass(frozen=True, kw_only=True)
class MinisterDecided(Fact):
    stage: str  # "minded_to", "confirmed" or "rejected"
    decided_by: str
    decision: str
    assessment: str | None = None
    next_update_due_on: datetime.date | None = None


# --- The commissioner's log ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ProgressLogged(Fact):
    """A progress entry: the commissioner's own work, or (``kind="event"``) what ``actor`` did."""

    kind: str  # interventions.models.ProgressEntry.Kind value
    summary: str
    ratings: tuple[Rating, ...] = ()
    actor: str = ""  # required for an event: who brought it about


# --- Reports received ---------------------------------------------------------------------

# The passages of a ReportReceived field are separated by a blank line; each is the seed's own
# words, never a paraphrase.
PASSAGE_BREAK = "\n\n"


@dataclass(frozen=True, kw_only=True)
class ReportReceived(Fact):
    """A real report to the Minister (or DfE), as far as a source gives its substance.

    ``on`` is when it was sent; ``title`` names the report itself (``source`` the document its
    words are quoted from, which may be the report or a later summary of it). The period it
    covers is given only as far as a source says (``period_words`` quotes it). Each of
    ``overall_assessment``, ``recommendation`` and ``risks`` is one or more passages quoted
    verbatim from the source (separated by ``PASSAGE_BREAK``), or empty where it says nothing.

    The interventions loader skips it: the reporting app records it as a submitted report.
    """

    title: str
    kind: str = "commissioner"
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    period_words: str = ""
    overall_assessment: str = ""
    recommendation: str = ""
    risks: str = ""

    def passages(self) -> list[str]:
        """Every quoted passage, for checking against the source."""
        fields = (self.period_words, self.overall_assessment, self.recommendation, self.risks)
        return [p for text in fields if text for p in text.split(PASSAGE_BREAK)]


@dataclass(frozen=True, kw_only=True)
class ActionRaised(Fact):
    title: str
    owner: str
    description: str = ""
    due_on: datetime.date | None = None
    source_kind: str = "other"  # interventions.models.Action.Source value
    from_board: str | None = None  # board key, for an action raised at a meeting on ``on``
    from_entry_kind: str | None = None  # entry kind, for an action from an entry on ``on``


@dataclass(frozen=True, kw_only=True)
class ActionClosed(Fact):
    title: str
    status: str = "done"  # or "cancelled"


@dataclass(frozen=True)
class Case:
    """One intervention's facts, in the order they happened."""

    slug: str
    ons_code: str
    title: str
    facts: tuple[Fact, ...] = field(default=())

    @property
    def sources_end(self) -> "SourcesEnd":
        last = self.facts[-1]
        if not isinstance(last, SourcesEnd):
            raise ValueError(f"{self.slug}: the last fact must be SourcesEnd")
        return last

    @property
    def opened(self) -> Opened:
        first = self.facts[0]
        if not isinstance(first, Opened):  # not an assert: `python -O` would drop it
            raise ValueError(f"{self.slug}: the first fact must be Opened")
        return first


def received_reports(case: Case) -> list[ReportReceived]:
    """The real reports of ``case``, in the order they were sent, for the reporting app to
    record as submitted reports of the case's intervention (its authority and opening day)."""
    return [fact for fact in case.facts if isinstance(fact, ReportReceived)]
