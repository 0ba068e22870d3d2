"""Building a quarterly report's content from the history tables.

``build_content`` reads one intervention's records as the history tables held them at a cut-off
(``Snapshot``) and returns plain data: what changed in the period, the commissioner's activity,
RAG ratings by theme with their movement, actions, the presumption test and the ADM, partner
days, and a draft overall assessment. Every fact names the history rows it came from, and the
``sources`` table says when each row was written, by whom and why.

The content is deterministic: no clock readings, every list sorted, and ``canonical_json``
writes it byte for byte the same, so the same records always give the same SHA-256.
"""

import datetime
import hashlib
import json

from interventions.models import Intervention

from .report_decisions import adm_section, partner_days_section, presumption_section
from .report_sections import (
    actions_section,
    activity_section,
    changes_section,
    intervention_section,
    iso,
    judgements_section,
    themes_section,
)
from .report_snapshot import Period, Snapshot
from .report_sources import Sources

# Bumped when the shape of the content changes, so that a reader knows which shape it holds.
CONTENT_SCHEMA = 1


def build_content(
    intervention: Intervention,
    start: datetime.date,
    end: datetime.date,
    *,
    cutoff: datetime.datetime,
) -> dict:
    """The report's facts for ``start``-``end``, from the records as known at ``cutoff``."""
    period = Period(start, end)
    snap = Snapshot(intervention, cutoff)
    cite = Sources()
    content = {
        "schema": CONTENT_SCHEMA,
        "period": {"start": iso(start), "end": iso(end)},
        "intervention": intervention_section(snap, period, cite),
        "judgements": judgements_section(snap, period, cite),
        "changes": changes_section(snap, period, cite),
        "activity": activity_section(snap, period, cite),
        "themes": themes_section(snap, period, cite),
        "actions": actions_section(snap, period, cite),
        "presumption": presumption_section(snap, period, cite),
        "adm": adm_section(snap, period, cite),
        "partner_days": partner_days_section(snap, period, cite),
    }
    content["draft_assessment"] = draft_assessment(content)
    content["sources"] = cite.table()
    return content


def canonical_json(content: dict) -> str:
    """One spelling of the content: sorted keys, no spaces, UTF-8 characters as they are."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(data: str | bytes) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def long_date(value: str | None) -> str:
    return f"{datetime.date.fromisoformat(value):%-d %B %Y}" if value else ""


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (plural_noun or noun + 's')}"


def draft_assessment(content: dict) -> str:
    """A first draft of the overall assessment, for the commissioner to rewrite and complete."""
    counts = {item["kind"]: item["count"] for item in content["activity"]["counts"]}
    themes = [t for t in content["themes"] if t["rag"]]
    rag = {
        colour: sum(1 for t in themes if t["rag"] == colour) for colour in ("red", "amber", "green")
    }
    moved = {m: sum(1 for t in themes if t["movement"] == m) for m in ("improved", "declined")}
    actions = content["actions"]
    paragraphs = [
        f"In this period the commissioner recorded {plural(counts['visit'], 'visit')}, "
        f"{plural(counts['board_meeting'], 'board meeting')}, "
        f"{plural(counts['case_audit'], 'case audit')} and "
        f"{plural(counts['interview'], 'interview')}.",
    ]
    if themes:
        paragraphs.append(
            f"At the end of the period {rag['red']} of {len(themes)} themes were rated red, "
            f"{rag['amber']} amber and {rag['green']} green; since the previous period "
            f"{moved['improved']} improved and {moved['declined']} declined."
        )
    done = len(actions["done"])
    paragraphs.append(
        f"{plural(done, 'action')} {'was' if done == 1 else 'were'} completed; "
        f"{len(actions['open'])} remained open at the end of the period, "
        f"{len(actions['overdue'])} of them overdue."
    )
    paragraphs.extend(adm_sentences(content["adm"]))
    paragraphs.append(
        "[Commissioner: complete your assessment of progress and your recommendation.]"
    )
    return "\n\n".join(paragraphs)


def adm_sentences(adm: dict) -> list[str]:
    sentences = []
    for assessment in adm["assessments"]:
        if assessment["concluded_in_period"]:
            chosen = [o["name"] for o in assessment["options"] if o["outcome"] == "recommended"]
            what = chosen[0] if chosen else assessment["recommended_model"] or "a way forward"
            sentences.append(
                f"On {long_date(assessment['concluded_on'])} the commissioner concluded the "
                f"assessment of alternative delivery models, recommending: {what}."
            )
    for decision in adm["decisions"]:
        if decision["decided_in_period"]:
            sentences.append(
                f"On {long_date(decision['decided_on'])} the Minister's decision was recorded "
                f"({decision['stage_label'].lower()}): {decision['decision']}"
            )
    return sentences
