"""The sections of a report, each built from a ``Snapshot`` for one ``Period``.

Each section is plain data (strings, numbers, ISO dates, lists and dicts) so that it can be
stored as canonical JSON and hashed. Every fact carries what ``Sources.fact`` gives it: the
history rows it was read from (``sources``), the documents it cites (``cites``) and whether it
is ``illustrative``. Lists are always sorted, so the same records give the same bytes.
"""

import datetime
from decimal import Decimal

from core.dates import govuk_date
from inspections.models import Area, Grade, Inspection
from interventions.models import (
    Action,
    DeliveryModel,
    ImprovementPartnership,
    Intervention,
    ProgressEntry,
    ThemeRating,
)
from interventions.models.progress import latest_ratings_among

from .snapshot import Period, Snapshot
from .sources import Sources

RAG_ORDER = {ThemeRating.Rag.RED: 0, ThemeRating.Rag.AMBER: 1, ThemeRating.Rag.GREEN: 2}
OWN_KINDS = [kind for kind in ProgressEntry.Kind.values if kind in ProgressEntry.OWN_KINDS]
NAMES_DOCUMENT = "Children's services authorities: names and codes (mySociety, CC BY 4.0)"
REFERENCE_DATA_ACCOUNT = "system:reference-data"


def iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def label(choices, value: str) -> str:
    return str(choices(value).label) if value else ""


def number(value: Decimal | None) -> str | None:
    """Decimals as strings (JSON has no exact decimals): "12.50" stays "12.5"."""
    if value is None:
        return None
    return format(value.normalize(), "f")


def event(day: datetime.date, kind: str, text: str, fact: dict, actor: str = "") -> dict:
    return {"date": iso(day), "kind": kind, "text": text, "actor": actor, **fact}


def council_name(row) -> str:
    return row.official_name or row.name


def ofsted_document(inspection) -> str:
    """How a reader finds an inspection: "Ofsted, SIF re-inspection report, published 29
    January 2018"."""
    noun = "letter" if not inspection.is_graded else "report"
    return f"Ofsted, {inspection.label} {noun}, {inspection.date_text}"


# ---------------------------------------------------------------------------------------------
# The intervention at the end of the period


def naming(snap: Snapshot, period: Period, cite: Sources) -> dict:
    """The authority as named at the end of the period (DOMAIN.md, "Names as at a date"), and
    at its start when a reorganisation fell within it."""
    councils = snap.councils_on(period.end)
    at_start = snap.councils_on(period.start)
    recorded = snap.authority
    loader = snap.users.get(recorded.history_user_id)
    document = ""
    if loader is not None and loader.get_username() == REFERENCE_DATA_ACCOUNT:
        document = NAMES_DOCUMENT
    result = {
        "authority": " and ".join(row.name for row in councils),
        "council": " and ".join(council_name(row) for row in councils),
        "authority_code": ", ".join(row.ons_code for row in councils),
        "named_as_on": iso(period.end),
        "council_at_start": " and ".join(council_name(row) for row in at_start)
        if at_start != councils
        else "",
        "recorded_under": ""
        if councils == [recorded]
        else f"{council_name(recorded)} ({recorded.ons_code})",
    }
    result.update(cite.fact(*councils, also=[recorded, *at_start], document=document))
    return result


def intervention_section(snap: Snapshot, period: Period, cite: Sources) -> dict:
    row = snap.intervention
    changes = [c for c in snap.status_changes if c.changed_on <= period.end]
    changes.sort(key=lambda c: (c.changed_on, c.recorded_at, c.id))
    status = changes[-1].to_status if changes else row.status
    closed = row.closed_on is not None and row.closed_on <= period.end
    return {
        "id": row.id,
        **naming(snap, period, cite),
        "opened_on": iso(row.opened_on),
        "status": status,
        "status_label": label(Intervention.Status, status),
        "status_fact": cite.fact(row, *changes[-1:]),
        "closed_on": iso(row.closed_on) if closed else None,
        "exit_reason": label(Intervention.ExitReason, row.exit_reason) if closed else "",
        "sources_end_on": iso(row.sources_end_on),
        "sources_end_in_period": row.sources_end_on is not None
        and row.sources_end_on <= period.end,
        "reporting_period_months": row.reporting_period_months,
        "commissioners": commissioners_in_period(snap, period, cite),
        "instruments": instruments_in_force(snap, period.end, cite),
    }


def commissioners_in_period(snap: Snapshot, period: Period, cite: Sources) -> list[dict]:
    appointments = [
        a
        for a in snap.appointments
        if a.starts_on <= period.end and (a.ends_on is None or a.ends_on >= period.start)
    ]
    appointments.sort(key=lambda a: (a.starts_on, a.id))
    result = []
    for appointment in appointments:
        person = snap.commissioners.get(appointment.commissioner_id)
        result.append(
            {
                "name": person.name if person else "",
                "title": person.title if person else "",
                "organisation": person.organisation if person else "",
                "from": iso(appointment.starts_on),
                "to": iso(appointment.ends_on),
                **cite.fact(appointment, also=[person]),
            }
        )
    return result


def instruments_in_force(snap: Snapshot, day: datetime.date, cite: Sources) -> list[dict]:
    """The direction or notice in force on ``day``."""
    result = []
    for kind, rows in (
        ("Statutory direction", snap.directions),
        ("Improvement notice", snap.notices),
    ):
        for row in rows:
            if row.instance.is_in_force_on(day):
                needs = row.instance.requirement_labels if kind == "Statutory direction" else []
                result.append(
                    {
                        "kind": kind,
                        "issued_on": iso(row.issued_on),
                        "requirements": needs,
                        "text": row.requirements,
                        "next_review_on": iso(row.next_review_on),
                        **cite.fact(row),
                    }
                )
    return sorted(result, key=lambda item: (item["issued_on"], item["kind"]))


# ---------------------------------------------------------------------------------------------
# Inspections


def grades_of(inspection) -> list[dict]:
    return [
        {"area": label(Area, j.area), "grade": label(Grade, j.grade)}
        for j in inspection.judgements_in_order()
    ]


def judgements_section(snap: Snapshot, period: Period, cite: Sources) -> dict | None:
    """The latest graded inspection published by the end of the period."""
    known = snap.inspection_instances()
    inspection = Inspection.latest_graded((i for i, _, _ in known), published_by=period.end)
    if inspection is None:
        return None
    row, judgements = next((row, js) for i, row, js in known if i is inspection)
    return {
        "inspection": inspection.label,
        "published_on": iso(inspection.publication_date),
        "started_on": iso(inspection.inspection_date),
        "inadequate": inspection.is_inadequate,
        "grades": grades_of(inspection),
        "report_url": inspection.report_url,
        **cite.fact(row, *judgements, document=ofsted_document(inspection)),
    }


# ---------------------------------------------------------------------------------------------
# What happened in the period


def changes_section(snap: Snapshot, period: Period, cite: Sources) -> list[dict]:
    events = [
        *inspection_events(snap, period, cite),
        *instrument_events(snap, period, cite),
        *appointment_events(snap, period, cite),
        *partnership_events(snap, period, cite),
        *third_party_events(snap, period, cite),
        *status_events(snap, period, cite),
    ]
    return sorted(events, key=lambda e: (e["date"], e["kind"], e["text"]))


def inspection_events(snap: Snapshot, period: Period, cite: Sources) -> list[dict]:
    events = []
    for inspection, row, judgements in snap.inspection_instances():
        if inspection.publication_date not in period:
            continue
        fact = cite.fact(row, *judgements, document=ofsted_document(inspection))
        if inspection.is_graded:
            grades = "; ".join(f"{g['area']}: {g['grade']}" for g in grades_of(inspection))
            text = f"Ofsted published the {inspection.label}" + (f" ({grades})" if grades else "")
            kind = "inspection_published"
        else:
            theme = f" on {inspection.themes}" if inspection.themes else ""
            text = f"Ofsted published a {inspection.get_type_display().lower()}{theme}"
            if inspection.priority_action_named:
                text += ", naming areas for priority action"
            kind = "visit_published"
        events.append(event(inspection.publication_date, kind, text, fact, actor="Ofsted"))
    return events


def instrument_events(snap: Snapshot, period: Period, cite: Sources) -> list[dict]:
    events = []
    for noun, rows, ended in (
        ("Statutory direction", snap.directions, "revoked_on"),
        ("Improvement notice", snap.notices, "lifted_on"),
    ):
        kind = noun.split()[-1]
        for row in rows:
            if row.issued_on in period:
                what = "issued (revising the previous one)" if row.supersedes_id else "issued"
                text = f"{noun} {what}"
                if noun == "Statutory direction":
                    needs = row.instance.requirement_labels
                    text += f": {'; '.join(needs)}" if needs else ""
                events.append(event(row.issued_on, f"{kind}_issued", text, cite.fact(row)))
            if row.revised_on in period:
                text = f"{noun} of {govuk_date(row.issued_on)} revised"
                events.append(event(row.revised_on, f"{kind}_revised", text, cite.fact(row)))
            end = getattr(row, ended)
            if end in period:
                verb = ended.removesuffix("_on")
                text = f"{noun} of {govuk_date(row.issued_on)} {verb}"
                events.append(event(end, f"{kind}_{verb}", text, cite.fact(row)))
    return events


def appointment_events(snap: Snapshot, period: Period, cite: Sources) -> list[dict]:
    events = []
    for row in snap.appointments:
        person = snap.commissioners.get(row.commissioner_id)
        name = person.name if person else "A commissioner"
        if row.starts_on in period:
            by = f" by the {row.appointed_by}" if row.appointed_by else ""
            text = f"{name} appointed commissioner{by}"
            fact = cite.fact(row, also=[person])
            events.append(event(row.starts_on, "commissioner_appointed", text, fact))
        if row.ends_on in period:
            text = f"{name}'s appointment as commissioner ended"
            fact = cite.fact(row, also=[person])
            events.append(event(row.ends_on, "commissioner_left", text, fact))
    return events


def partnership_events(snap: Snapshot, period: Period, cite: Sources) -> list[dict]:
    events = []
    for row in snap.partnerships:
        partner = snap.authority_name(row.supporting_id)
        model = label(DeliveryModel, row.model).lower()
        basis = label(ImprovementPartnership.LegalBasis, row.legal_basis).lower()
        if row.starts_on in period:
            text = f"{partner} began supporting the authority: {model} ({basis})"
            events.append(event(row.starts_on, "partnership_started", text, cite.fact(row)))
        if row.ends_on in period:
            text = f"{partner}'s support as {model} ended"
            events.append(event(row.ends_on, "partnership_ended", text, cite.fact(row)))
    for row in snap.boards:
        if row.established_on in period:
            text = f"{row.name} set up" + (
                f", chaired by {row.chair_name}" if row.chair_name else ""
            )
            events.append(event(row.established_on, "board_set_up", text, cite.fact(row)))
        if row.stood_down_on in period:
            text = f"{row.name} stood down"
            events.append(event(row.stood_down_on, "board_stood_down", text, cite.fact(row)))
    return events


def third_party_text(actor: str, summary: str) -> str:
    """What someone else did, with them as its subject: the summary as it is when it names
    them at its start ("The Department for Education formally reviewed ..."), "Isle of Wight
    Council Cabinet decided ..." for a summary written as a predicate, else "Ofsted: ..."."""
    summary = summary.strip()
    if actor.casefold() in summary[: len(actor) + 20].casefold():
        return summary
    if summary[:1].islower():
        return f"{actor} {summary}"
    return f"{actor}: {summary}"


def third_party_events(snap: Snapshot, period: Period, cite: Sources) -> list[dict]:
    """Events someone other than the commissioner brought about (a council's Cabinet, Ofsted,
    DfE), as that actor's acts: never as what the commissioner recorded or concluded."""
    events = []
    for row in snap.entries:
        if row.kind != ProgressEntry.Kind.EVENT or row.occurred_on not in period:
            continue
        text = third_party_text(row.actor, row.summary)
        events.append(event(row.occurred_on, "event", text, cite.fact(row), actor=row.actor))
    return events


def status_events(snap: Snapshot, period: Period, cite: Sources) -> list[dict]:
    events = []
    for row in snap.status_changes:
        if row.changed_on in period and row.from_status:
            to = label(Intervention.Status, row.to_status)
            text = f"Status changed to “{to}”: {row.reason}"
            events.append(event(row.changed_on, "status_changed", text, cite.fact(row)))
    return events


# ---------------------------------------------------------------------------------------------
# The commissioner's activity


def activity_section(snap: Snapshot, period: Period, cite: Sources) -> dict:
    """What the commissioner (or adviser) did: their own entries, never third parties' events,
    and the board's meetings."""
    entries = sorted(
        (row for row in snap.entries if row.occurred_on in period and row.kind in OWN_KINDS),
        key=lambda row: (row.occurred_on, row.id),
    )
    counts = dict.fromkeys(OWN_KINDS, 0)
    for row in entries:
        counts[row.kind] += 1
    meetings = sorted(
        (row for row in snap.meetings if row.held_on in period),
        key=lambda row: (row.held_on, row.id),
    )
    boards = {row.id: row for row in snap.boards}
    counts[ProgressEntry.Kind.BOARD_MEETING] = max(
        counts[ProgressEntry.Kind.BOARD_MEETING], len(meetings)
    )
    return {
        "counts": [
            {"kind": kind, "label": label(ProgressEntry.Kind, kind), "count": counts[kind]}
            for kind in OWN_KINDS
        ],
        "entries": [
            {
                "date": iso(row.occurred_on),
                "kind": row.kind,
                "kind_label": label(ProgressEntry.Kind, row.kind),
                "summary": row.summary,
                **cite.fact(row),
            }
            for row in entries
        ],
        "board_meetings": [board_meeting(row, boards.get(row.board_id), cite) for row in meetings],
    }


def board_meeting(row, board, cite: Sources) -> dict:
    return {
        "date": iso(row.held_on),
        "board": board.name if board else "",
        "chair": board.chair_name if board else "",
        "attendees": row.attendees,
        "decisions": row.decisions,
        "notes": row.notes,
        **cite.fact(row, also=[board]),
    }


# ---------------------------------------------------------------------------------------------
# Progress by theme


def movement(now: str | None, before: str | None) -> str:
    if now is None:
        return "not_rated"
    if before is None:
        return "first_rating"
    if RAG_ORDER[now] > RAG_ORDER[before]:
        return "improved"
    if RAG_ORDER[now] < RAG_ORDER[before]:
        return "declined"
    return "unchanged"


def themes_section(snap: Snapshot, period: Period, cite: Sources) -> list[dict]:
    """Per theme: the RAG rating at the end of the period, its movement since the end of the
    previous period, the direction of travel and the rationale."""
    entries = {row.id: row for row in snap.entries}
    at_end = latest_ratings_among(snap.ratings, entries, period.end)
    before = latest_ratings_among(snap.ratings, entries, period.previous_end)
    theme_ids = {pk for pk, theme in snap.themes.items() if theme.active} | set(at_end)
    themes = sorted(
        (snap.themes[pk] for pk in theme_ids if pk in snap.themes),
        key=lambda theme: (theme.order, theme.name),
    )
    result = []
    for theme in themes:
        rating, entry = at_end.get(theme.id, (None, None))
        previous, previous_entry = before.get(theme.id, (None, None))
        rag = rating.rag if rating else None
        previous_rag = previous.rag if previous else None
        result.append(
            {
                "theme": theme.name,
                "rag": rag,
                "rag_label": label(ThemeRating.Rag, rag) if rag else "Not rated",
                "rated_on": iso(entry.occurred_on) if entry else None,
                "rated_in_period": bool(entry and entry.occurred_on in period),
                "direction": label(ThemeRating.Direction, rating.direction) if rating else "",
                "rationale": rating.rationale if rating else "",
                "previous_rag": previous_rag,
                "previous_rag_label": label(ThemeRating.Rag, previous_rag) if previous_rag else "",
                "movement": movement(rag, previous_rag),
                **cite.fact(rating, previous, also=[theme, entry, previous_entry]),
            }
        )
    return result


# ---------------------------------------------------------------------------------------------
# Actions


def action_item(row, cite: Sources) -> dict:
    return {
        "title": row.title,
        "owner": row.owner,
        "due_on": iso(row.due_on),
        "completed_on": iso(row.completed_on),
        "raised_in": label(Action.Source, row.source),
        **cite.fact(row),
    }


def actions_section(snap: Snapshot, period: Period, cite: Sources) -> dict:
    """Each action once: completed in the period; overdue at its end (open, and due before its
    last day, as ``Action.is_overdue`` says of that day); or open and not yet due."""
    done, open_, overdue = [], [], []
    for row in sorted(snap.actions, key=lambda r: (r.due_on or datetime.date.max, r.id)):
        if row.created_on > period.end:
            continue
        closed_by_end = row.status != Action.Status.OPEN and (
            row.completed_on is None or row.completed_on <= period.end
        )
        if row.status == Action.Status.DONE and row.completed_on in period:
            done.append(action_item(row, cite))
        elif not closed_by_end:
            late = row.due_on is not None and row.due_on < period.end
            (overdue if late else open_).append(action_item(row, cite))
    return {"done": done, "open": open_, "overdue": overdue}
