"""Building a report's content from the history tables.

``build_content`` reads one intervention's records as the history tables held them at a cut-off
(``Snapshot``) and returns plain data, in the sections of a commissioner's report (modelled on
the Buckinghamshire report of June 2018): the authority as named in the period; its context
(the latest Ofsted findings, DfE's figures against statistical neighbours and England, its
leaders); what happened in the period, third parties' acts under their own names; the
commissioner's activity; progress by theme; partner support; the presumption; the ADM and the
Minister's decisions; actions; and a draft overall assessment for the commissioner to rewrite.

Every fact keeps its ``sources`` (history rows: the ``sources`` table says when each was
written, by whom and why, for the annex), its ``cites`` (documents a reader can look up: the
``citations`` table) and whether it is ``illustrative``.

The content is deterministic: no clock readings, every list sorted, and ``canonical_json``
writes it byte for byte the same, so the same records always give the same SHA-256.
"""

import datetime
import hashlib
import json

from django.apps import apps

from core.dates import govuk_date
from interventions.models import Intervention

from .context import indicators_section, leadership_section
from .decisions import adm_section, partner_days_section, presumption_section
from .sections import (
    actions_section,
    activity_section,
    changes_section,
    intervention_section,
    iso,
    judgements_section,
    themes_section,
)
from .snapshot import Period, Snapshot
from .sources import Sources

# Bumped when the shape of the content changes, so that a reader knows which shape it holds.
# 2: the authority as named in the period, context (figures, leaders), third parties' events,
# citations of documents and ``illustrative`` on every fact, the presumption's governing rule.
CONTENT_SCHEMA = 2


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
    cite = Sources(snap.users)
    content = {
        "schema": CONTENT_SCHEMA,
        "period": {"start": iso(start), "end": iso(end)},
        "intervention": intervention_section(snap, period, cite),
        "judgements": judgements_section(snap, period, cite),
        "indicators": indicators_section(snap, period, cite),
        "leadership": leadership_section(snap, period, cite),
        "changes": changes_section(snap, period, cite),
        "activity": activity_section(snap, period, cite),
        "themes": themes_section(snap, period, cite),
        "partner_days": partner_days_section(snap, period, cite),
        "presumption": presumption_section(snap, period, cite),
        "adm": adm_section(snap, period, cite),
        "actions": actions_section(snap, period, cite),
    }
    content["illustrative_count"] = count_illustrative(content)
    content["draft_assessment"] = draft_assessment(content)
    content["citations"] = cite.citations()
    content["sources"] = cite.table()
    return content


def facts(value, path: str = ""):
    """Every fact in the content (a dict with ``sources``), with where it is: ("themes[2]",
    fact). The top-level tables are not facts."""
    if isinstance(value, dict):
        if isinstance(value.get("sources"), list):
            yield path, value
        for key, item in value.items():
            if path == "" and key in ("sources", "citations"):
                continue
            yield from facts(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from facts(item, f"{path}[{index}]")


def annex(content: dict) -> dict:
    """The history rows behind every fact of ``content``, for machines: each fact by its place
    in the content, with the history rows it was read from (table and row id, when written, by
    whom and why), the documents it cites and whether it is illustrative."""
    rows = {}
    for key, row in content["sources"].items():
        model_label, history_id = key.rsplit(":", 1)
        rows[key] = {"table": history_table(model_label), "history_id": int(history_id), **row}
    return {
        "facts": [
            {
                "path": path,
                "history_rows": fact["sources"],
                "cites": fact.get("cites", []),
                "illustrative": bool(fact.get("illustrative")),
            }
            for path, fact in facts(content)
        ],
        "history_rows": rows,
        "citations": content.get("citations", {}),
    }


def history_table(model_label: str) -> str:
    """The history table of ``"app_label.model"`` ("" for a model that no longer exists)."""
    try:
        model = apps.get_model(model_label)
    except LookupError:
        return ""
    return model.history.model._meta.db_table


def count_illustrative(content: dict) -> int:
    return sum(1 for _, fact in facts(content) if fact.get("illustrative"))


def canonical_json(content: dict) -> str:
    """One spelling of the content: sorted keys, no spaces, UTF-8 characters as they are."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(data: str | bytes) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (plural_noun or noun + 's')}"


def draft_assessment(content: dict) -> str:
    """A first draft of the overall assessment, for the commissioner to rewrite and complete.

    It states what the records hold and never what anyone concluded: an assessment or a
    decision taken from a council's or DfE's papers is not the commissioner's conclusion."""
    counts = {item["kind"]: item["count"] for item in content["activity"]["counts"]}
    themes = [t for t in content["themes"] if t["rag"]]
    rag = {
        colour: sum(1 for t in themes if t["rag"] == colour) for colour in ("red", "amber", "green")
    }
    moved = {m: sum(1 for t in themes if t["movement"] == m) for m in ("improved", "declined")}
    actions = content["actions"]
    paragraphs = [
        f"In this period the records show {plural(counts['visit'], 'visit')}, "
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
    done, still_open = len(actions["done"]), len(actions["open"]) + len(actions["overdue"])
    paragraphs.append(
        f"{plural(done, 'action')} {'was' if done == 1 else 'were'} completed; "
        f"{still_open} remained open at the end of the period, "
        f"{len(actions['overdue'])} of them overdue."
    )
    paragraphs.extend(adm_sentences(content["adm"]))
    if content["illustrative_count"]:
        paragraphs.append(
            f"{plural(content['illustrative_count'], 'fact')} in this report "
            f"{'is' if content['illustrative_count'] == 1 else 'are'} illustrative, not from "
            "any source: do not rely on them."
        )
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
                f"The assessment of alternative delivery models recorded as concluded on "
                f"{govuk_date(assessment['concluded_on'])} recommends: {what}."
            )
    for decision in adm["decisions"]:
        if decision["decided_in_period"]:
            sentences.append(
                f"On {govuk_date(decision['decided_on'])} the Minister's decision was recorded "
                f"({decision['stage_label'].lower()}): {decision['decision']}"
            )
    return sentences
