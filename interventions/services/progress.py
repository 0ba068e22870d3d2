"""Progress entries, their theme ratings and evidence, and locking what a report included."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.history import save_with_history

from ..evidence import StagedFile
from ..models import (
    BoardMeeting,
    Evidence,
    Intervention,
    ProgressEntry,
    StagedUpload,
    Theme,
    ThemeRating,
)
from .checks import author_of, require_author, require_log, require_reason
from .editing import UNCHANGED, apply, changed, lock_for_edit, nothing_to_save

Rating = tuple[Theme, str, str, str]  # (theme, rag, direction of travel, rationale)


@transaction.atomic
def record_progress(
    intervention: Intervention,
    *,
    by,
    occurred_on: datetime.date,
    kind: str,
    summary: str,
    ratings: Iterable[Rating] = (),
    evidence: Iterable[StagedFile] = (),
    author=None,
    board_meeting: BoardMeeting | None = None,
    actor: str = "",
) -> ProgressEntry:
    """Record what the commissioner did or saw on a date, with a RAG rating per theme and the
    files staged for it; or, with ``kind="event"`` and an ``actor``, what someone else did (a
    council's decision, an Ofsted publication).

    ``ratings`` are (theme, rag, direction, rationale), or with a fifth item saying whether the
    rating itself is illustrative; a rationale is required when a theme's rating differs from
    its previous one. The author is ``author``, else ``by`` (unless ``by`` is a process's
    system account). A loader names the document inside ``core.history.provenance``.
    """
    require_log(intervention, by)
    _require_within(intervention, occurred_on)
    entry = ProgressEntry(
        intervention=intervention,
        author=author_of(by, author),
        occurred_on=occurred_on,
        kind=kind,
        summary=summary,
        board_meeting=board_meeting,
        actor=actor,
    )
    save_with_history(entry, by=by, reason="Progress recorded")
    seen = set()
    for theme, rag, direction, rationale, *flag in ratings:
        if theme.pk in seen:
            raise ValidationError({"ratings": f"Rate {theme} only once in an entry"})
        seen.add(theme.pk)
        rating = ThemeRating(
            entry=entry,
            theme=theme,
            illustrative=bool(flag and flag[0]),
        )
        _save_rating(rating, rag, direction, rationale, by, "")
    for staged in evidence:
        attach_evidence(entry, staged, by=by)
    return entry


@transaction.atomic
def update_progress(
    entry: ProgressEntry,
    *,
    by,
    reason: str = "",
    version: int | None = None,
    as_author: bool = False,
    occurred_on: datetime.date = UNCHANGED,
    kind: str = UNCHANGED,
    summary: str = UNCHANGED,
    board_meeting: BoardMeeting | None = UNCHANGED,
    ratings: Iterable[Rating] = (),
    evidence: Iterable[StagedFile] = (),
    remove_evidence: Iterable[Evidence] = (),
) -> ProgressEntry:
    """Change an entry: its date (with a reason), kind, summary or board meeting, its ratings,
    and its evidence; never once it is locked (a submitted report includes it).

    ``version`` is the version a form was opened on: the entry is saved only over it
    (``EditConflict`` otherwise), and only what differs from the entry counts. The entry is
    saved whenever anything about it changes, a rating or a file too, so that its version
    moves on and a second form open on it sees the conflict. ``as_author`` is the workspace's
    rule: only the entry's author may change it, while appointed (``require_author``).
    """
    entry = lock_for_edit(entry, version)
    if as_author:
        require_author(entry, by)
    _refuse_if_locked(entry)
    changes = changed(
        entry, occurred_on=occurred_on, kind=kind, summary=summary, board_meeting=board_meeting
    )
    new_ratings = _changed_ratings(entry, list(ratings))
    evidence = list(evidence)
    removed = [e for e in remove_evidence if e.entry_id == entry.pk and not e.is_removed]
    if nothing_to_save(version, changes, new_ratings, evidence, removed):
        return entry
    if "occurred_on" in changes:
        reason = require_reason(reason, "changing the date of the entry")
        _require_within(entry.intervention, changes["occurred_on"])
    apply(entry, changes)
    save_with_history(entry, by=by, reason=reason.strip() or "Progress entry edited")
    for theme, rag, direction, rationale in new_ratings:
        rate_theme(
            entry, theme, by=by, rag=rag, direction=direction, rationale=rationale, reason=reason
        )
    for staged in evidence:
        attach_evidence(entry, staged, by=by)
    for item in removed:
        remove_evidence_file(item, by=by, reason=reason)
    return entry


def _changed_ratings(entry: ProgressEntry, ratings: list[Rating]) -> list[Rating]:
    """The ratings given that are new to the entry or differ from its own."""
    if not ratings:
        return []
    existing = {rating.theme_id: rating for rating in entry.ratings.all()}
    return [r for r in ratings if _rating_differs(existing.get(r[0].pk), *r[1:])]


def _rating_differs(rating: ThemeRating | None, rag: str, direction: str, rationale: str) -> bool:
    if rating is None:
        return True
    return (rating.rag, rating.direction, rating.rationale) != (rag, direction, rationale or "")


@transaction.atomic
def rate_theme(
    entry: ProgressEntry,
    theme: Theme,
    *,
    by,
    rag: str,
    direction: str,
    rationale: str = "",
    reason: str = "",
) -> ThemeRating:
    """Add or change one theme's rating in an entry (not once the entry is locked)."""
    _refuse_if_locked(entry)
    rating = ThemeRating.objects.filter(entry=entry, theme=theme).first()
    rating = rating or ThemeRating(entry=entry, theme=theme)
    return _save_rating(rating, rag, direction, rationale, by, reason)


def _save_rating(rating: ThemeRating, rag, direction, rationale, by, reason) -> ThemeRating:
    if rating._state.adding and not rating.theme.active:
        raise ValidationError({"ratings": f"{rating.theme} is no longer rated: choose another"})
    rating.rag, rating.direction, rating.rationale = rag, direction, rationale or ""
    default = "Theme rated" if rating._state.adding else "Theme rating changed"
    save_with_history(rating, by=by, reason=reason.strip() or default)
    return rating


@transaction.atomic
def lock_entries(entries: Iterable[ProgressEntry], *, by, reason: str) -> int:
    """Lock entries a submitted report includes, so what the Minister read stays as it was.

    Returns how many were newly locked; entries already locked keep their original time.
    """
    reason = require_reason(reason, "locking the entries")
    now = timezone.now()
    locked = 0
    for entry in entries:
        if entry.locked_at is None:
            entry.locked_at = now
            save_with_history(entry, by=by, reason=reason)
            locked += 1
    return locked


def _refuse_if_locked(entry: ProgressEntry):
    if entry.is_locked:
        raise ValidationError(
            "This entry is part of a submitted report and can no longer be changed"
        )


def _require_within(intervention: Intervention, day: datetime.date):
    if day < intervention.opened_on or (intervention.closed_on and day > intervention.closed_on):
        raise ValidationError({"occurred_on": "Enter a date while the intervention was open"})


@transaction.atomic
def attach_evidence(entry: ProgressEntry, staged: StagedFile, *, by) -> Evidence:
    """Attach a file already checked and stored (``interventions.evidence.stage``)."""
    _refuse_if_locked(entry)
    item = Evidence(
        entry=entry,
        original_name=staged.original_name,
        file_type=staged.file_type,
        size=staged.size,
        sha256=staged.sha256,
        uploaded_by=by,
    )
    item.file.name = staged.name
    save_with_history(item, by=by, reason="Evidence attached")
    StagedUpload.objects.filter(name=staged.name).delete()  # no longer counts as staged
    return item


@transaction.atomic
def remove_evidence_file(item: Evidence, *, by, reason: str = "") -> Evidence:
    """Take a file off its entry. The file and its row stay, for the audit trail."""
    _refuse_if_locked(item.entry)
    item.removed_at = timezone.now()
    item.removed_by = by
    save_with_history(item, by=by, reason=reason.strip() or "Evidence removed")
    return item
