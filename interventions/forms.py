"""The commissioner's workspace forms: progress entries, actions and board meetings.

Forms check what a person typed and say what to fix in GOV.UK's words; services check the rules
again and save. Edit forms carry the record's ``version`` and, when someone else saved the
record first, show what they changed next to what this person typed (``show_conflict``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.text import Truncator

from core import roles
from core.dates import govuk_date, govuk_datetime, govuk_time
from core.forms import FUTURE_YEARS, GovukDateField
from core.once import OnceOnlyForm

from . import evidence as evidence_files
from .change_log import person
from .models import (
    Action,
    BoardMeeting,
    Evidence,
    ImprovementBoard,
    Intervention,
    ProgressEntry,
    Theme,
    ThemeRating,
)
from .services import EditConflict

Rag = ThemeRating.Rag
Direction = ThemeRating.Direction
NOT_RATED = ""
SHORT = 60  # characters of a value quoted in an error message


def not_in_future(value: datetime.date | None, what: str) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(f"{what} must be today or in the past")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; each is checked by the form, so that one bad file does not lose
    the good ones (they are staged, see ``interventions.evidence``)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [upload for upload in files if upload]


class StagedFilesField(forms.MultipleChoiceField):
    """Tokens of files staged by an earlier submission. Any token is accepted here; the form
    keeps only those it could verify (an expired one is reported on the upload field)."""

    def valid_value(self, value) -> bool:
        return True


def getlist(data, key: str) -> list:
    if hasattr(data, "getlist"):
        return data.getlist(key)
    value = data.get(key)
    return list(value) if isinstance(value, (list, tuple)) else [] if value is None else [value]


class WorkspaceForm(forms.Form):
    """GOV.UK messages and a way to show a service's ValidationError on the right fields."""

    noun = "record"  # what the conflict message calls it: "This entry was changed by ..."

    def add_service_error(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for name, errors in error.error_dict.items():
            target = name if name in self.fields and name != NON_FIELD_ERRORS else None
            for message in ValidationError(errors).messages:
                self.add_error(target, message)

    def conflict_label(self, name: str) -> str:
        """How a conflict message names a field."""
        return str(self.fields[name].label)

    def display(self, name: str, value) -> str:
        """A value as the person typed or chose it, for the conflict message."""
        if value in (None, "", [], ()):
            return "nothing"
        field = self.fields[name]
        if isinstance(value, datetime.date):
            return govuk_date(value)
        if isinstance(field, forms.ChoiceField) and not isinstance(value, (list, tuple)):
            return str(dict(field.choices).get(value, value))
        return str(value)


@dataclass(frozen=True)
class ConflictRow:
    name: str
    label: str
    theirs: str
    yours: str


@dataclass(frozen=True)
class Conflict:
    noun: str
    who: str
    when: datetime.datetime
    rows: list[ConflictRow]

    @property
    def message(self) -> str:
        if timezone.localtime(self.when).date() == timezone.localdate():
            when = f"at {govuk_time(self.when)}"
        else:
            when = f"on {govuk_datetime(self.when)}"
        return f"This {self.noun} was changed by {self.who} {when} while you were editing it"


class VersionedForm(WorkspaceForm):
    """An edit form: the version it was built from, and a reason for changing key dates."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label="Reason for the change",
        required=False,
        widget=forms.Textarea,
        help_text="Needed when you change a date or a status. It is kept in the history.",
    )
    conflict: Conflict | None = None

    def clean(self):
        cleaned = super().clean()
        raw = str(self.data.get(self.add_prefix("version"), ""))
        if not raw.isdecimal() or not 0 < int(raw) < 2**31:
            self.add_error(None, "This page is out of date: go back and open the record again")
        else:
            cleaned["version"] = int(raw)
        return cleaned

    # Subclasses say how a record looks in the form, so that a conflict can compare them.
    def initial_for(self, instance) -> dict:
        raise NotImplementedError

    def base_initial(self, error: EditConflict) -> dict | None:
        """The form's values for the record as it was at the form's version (None if that
        version is not in the history)."""
        row = error.current.history.filter(version=error.version).order_by("-history_id").first()
        return self.initial_for(row.instance) if row else None

    def show_conflict(self, error: EditConflict) -> None:
        current = error.current
        latest = current.history.select_related("history_user").order_by("-history_id").first()
        theirs = self.initial_for(current)
        base = self.base_initial(error)
        rows = []
        for name, their_value in theirs.items():
            yours = self.cleaned_data.get(name)
            changed = their_value != base.get(name) if base is not None else True
            if changed and self._differs(name, their_value, yours):
                rows.append(
                    ConflictRow(
                        name=name,
                        label=self.conflict_label(name),
                        theirs=self.display(name, their_value),
                        yours=self.display(name, yours),
                    )
                )
        self.conflict = Conflict(
            noun=self.noun,
            who=person(latest.history_user) if latest else "someone else",
            when=latest.history_date if latest else timezone.now(),
            rows=rows,
        )
        self.add_error(None, self.conflict.message)
        for row in rows:
            self.add_error(
                row.name,
                f"{row.label} was changed to “{Truncator(row.theirs).chars(SHORT)}”: "
                f"yours is “{Truncator(row.yours).chars(SHORT)}”",
            )
        # Saving again applies what this person typed over the other change: the form now
        # carries the version they have seen.
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(current.version)

    def _differs(self, name: str, theirs, yours) -> bool:
        normal = {None: "", "": ""}
        return normal.get(theirs, theirs) != normal.get(yours, yours)


# ---------------------------------------------------------------------------------------------
# Progress entries


@dataclass(frozen=True)
class PreviousRating:
    rag: str
    occurred_on: datetime.date

    @property
    def text(self) -> str:
        return f"Last rated {Rag(self.rag).label.lower()} on {govuk_date(self.occurred_on)}"


def previous_ratings(
    intervention: Intervention, day: datetime.date, entry: ProgressEntry | None = None
) -> dict[int, PreviousRating]:
    """Each theme's latest rating before an entry on ``day`` (for a new entry, every entry on
    or before that day comes first, as ``ThemeRating.previous_rating`` counts them)."""
    ratings = ThemeRating.objects.filter(entry__intervention=intervention)
    if entry is not None and entry.pk:
        # Where the entry would be on the day typed (its date may be being changed).
        ratings = ratings.before(ProgressEntry(pk=entry.pk, occurred_on=day))
    else:
        ratings = ratings.dated_by(day)
    return {
        theme_id: PreviousRating(rating.rag, rating.entry.occurred_on)
        for theme_id, rating in ratings.latest_by_theme().items()
    }


@dataclass
class ThemeFields:
    """The three fields of one theme, bound, for the template."""

    theme: Theme
    rag: forms.BoundField
    direction: forms.BoundField
    rationale: forms.BoundField
    previous: PreviousRating | None


class ProgressEntryForm(OnceOnlyForm, WorkspaceForm):
    """Log progress: what happened, when, a RAG rating per theme, and evidence files."""

    noun = "entry"
    # No later than today (clean_occurred_on says so): the field bounds only the earliest year.
    occurred_on = GovukDateField(
        label="When did it happen?", error_name="the date it happened", years_ahead=None
    )
    kind = forms.ChoiceField(
        label="What kind of activity was it?",
        choices=[(kind.value, kind.label) for kind in ProgressEntry.OWN_KINDS],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what kind of activity it was",
            "invalid_choice": "Select what kind of activity it was",
        },
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea,
        help_text="What you did or saw, and what it tells you about progress",
        error_messages={"required": "Enter a summary"},
    )
    evidence = MultipleFileField(
        label="Upload evidence",
        required=False,
        help_text=f"PDF, Word, Excel, CSV, text, PNG or JPEG files, each smaller than "
        f"{evidence_files.describe_limit()}. You can choose more than one file.",
    )
    staged = StagedFilesField(
        label="Files you have uploaded",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="These will be attached when you save. Clear a box to leave a file out.",
    )

    def __init__(self, *args, intervention: Intervention, user, entry=None, **kwargs):
        self.intervention, self.user, self.entry = intervention, user, entry
        super().__init__(*args, **kwargs)
        self.fields["evidence"].widget.attrs["accept"] = evidence_files.ACCEPT
        self.themes = list(Theme.objects.filter(active=True))
        rated = self._rated_theme_ids()
        for theme in self.themes:
            self._add_theme_fields(theme, required=theme.pk in rated)
        self.staged_files: dict[str, evidence_files.StagedFile] = {}
        self._read_staged_tokens()

    def _rated_theme_ids(self) -> set[int]:
        return set()

    def _add_theme_fields(self, theme: Theme, *, required: bool) -> None:
        rag_choices = list(Rag.choices) + ([] if required else [(NOT_RATED, "Not rated")])
        self.fields[f"rag-{theme.code}"] = forms.ChoiceField(
            label="RAG rating",
            choices=rag_choices,
            required=required,
            widget=forms.RadioSelect,
            error_messages={
                "required": f"Select a RAG rating for {theme}",
                "invalid_choice": f"Select a RAG rating for {theme}",
            },
        )
        self.fields[f"direction-{theme.code}"] = forms.ChoiceField(
            label="Direction of travel",
            choices=Direction.choices,
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": f"Select the direction of travel for {theme}"},
        )
        self.fields[f"rationale-{theme.code}"] = forms.CharField(
            label="Rationale",
            required=False,
            widget=forms.Textarea,
            help_text="Needed when the rating has changed since it was last rated",
        )

    # --- staged files ---------------------------------------------------------------------

    def _read_staged_tokens(self) -> None:
        """Files uploaded with an earlier, rejected submission of this form."""
        self.expired_tokens = 0
        if not self.is_bound:
            return
        for token in getlist(self.data, self.add_prefix("staged")):
            try:
                staged = evidence_files.unsign(
                    token, user=self.user, intervention=self.intervention
                )
            except ValidationError:
                self.expired_tokens += 1  # expired or not this user's: never attached
                continue
            self.staged_files[token] = staged
        self._offer_staged()

    def _offer_staged(self) -> None:
        self.fields["staged"].choices = [
            (token, staged.label) for token, staged in self.staged_files.items()
        ]

    def clean_evidence(self) -> list:
        """Check each upload; stage the good ones at once, so that nothing is lost if the
        form is rejected, and report the bad ones. (Fields are cleaned in order: this runs
        before ``clean_staged``, which then sees the files staged now.)"""
        errors = []
        if self.expired_tokens:
            errors.append("A file you uploaded earlier has expired: upload it again")
        data = self.data.copy()
        uploads = self.cleaned_data.get("evidence") or []
        if len(uploads) > evidence_files.max_files():
            # None is stored: a request cannot fill the disk with files its form never keeps.
            raise ValidationError(
                f"Select {evidence_files.max_files()} files or fewer at a time"
                f" (you selected {len(uploads)})"
            )
        for upload in uploads:
            try:
                staged, token = evidence_files.stage(
                    upload, user=self.user, intervention=self.intervention
                )
            except ValidationError as error:
                errors.extend(error.messages)
                continue
            self.staged_files[token] = staged
            if hasattr(data, "appendlist"):
                data.appendlist(self.add_prefix("staged"), token)
            else:
                data[self.add_prefix("staged")] = [*getlist(data, self.add_prefix("staged")), token]
        self.data = data
        self._offer_staged()
        if errors:
            raise ValidationError(errors)
        return []

    def clean_staged(self) -> list[evidence_files.StagedFile]:
        chosen = set(getlist(self.data, self.add_prefix("staged")))
        return [staged for token, staged in self.staged_files.items() if token in chosen]

    # --- dates and ratings ----------------------------------------------------------------

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        not_in_future(day, "The date it happened")
        if day < self.intervention.opened_on:
            raise ValidationError(
                "The date it happened must be on or after the intervention opened"
                f" ({govuk_date(self.intervention.opened_on)})"
            )
        closed = self.intervention.closed_on
        if closed and day > closed:
            raise ValidationError(
                "The date it happened must be on or before the intervention closed"
                f" ({govuk_date(closed)})"
            )
        return day

    def previous(self) -> dict[int, PreviousRating]:
        """Previous ratings for the date typed (or, until there is one, the latest)."""
        day = None
        if self.is_bound and hasattr(self, "cleaned_data"):
            day = self.cleaned_data.get("occurred_on")
        if day is None and self.entry is not None:
            day = self.entry.occurred_on
        if not hasattr(self, "_previous") or self._previous[0] != day:
            when = day or timezone.localdate()
            self._previous = (day, previous_ratings(self.intervention, when, self.entry))
        return self._previous[1]

    def clean(self):
        cleaned = super().clean()
        previous = self.previous()
        for theme in self.themes:
            self._clean_theme(theme, cleaned, previous.get(theme.pk))
        return cleaned

    def _clean_theme(self, theme: Theme, cleaned: dict, previous: PreviousRating | None) -> None:
        rag_name = f"rag-{theme.code}"
        if rag_name in self.errors:
            return
        rag = cleaned.get(rag_name) or NOT_RATED
        direction = cleaned.get(f"direction-{theme.code}") or ""
        rationale = (cleaned.get(f"rationale-{theme.code}") or "").strip()
        if rag == NOT_RATED:
            if direction or rationale:
                self.add_error(rag_name, f"Select a RAG rating for {theme}, or clear the others")
            return
        if not direction and f"direction-{theme.code}" not in self.errors:
            self.add_error(f"direction-{theme.code}", f"Select the direction of travel for {theme}")
        if previous and previous.rag != rag and not rationale:
            self.add_error(
                f"rationale-{theme.code}",
                f"Enter a rationale for changing {theme} from {Rag(previous.rag).label.lower()}"
                f" to {Rag(rag).label.lower()}",
            )

    def ratings(self) -> list[tuple[Theme, str, str, str]]:
        """The ratings given, as the services take them."""
        cleaned = self.cleaned_data
        return [
            (
                theme,
                cleaned[f"rag-{theme.code}"],
                cleaned[f"direction-{theme.code}"],
                cleaned.get(f"rationale-{theme.code}", "").strip(),
            )
            for theme in self.themes
            if cleaned.get(f"rag-{theme.code}")
        ]

    def theme_fields(self) -> list[ThemeFields]:
        previous = self.previous()
        return [
            ThemeFields(
                theme=theme,
                rag=self[f"rag-{theme.code}"],
                direction=self[f"direction-{theme.code}"],
                rationale=self[f"rationale-{theme.code}"],
                previous=previous.get(theme.pk),
            )
            for theme in self.themes
        ]

    def conflict_label(self, name: str) -> str:
        """Theme fields share their labels: say which theme."""
        part, _, code = name.partition("-")
        theme = next((t for t in self.themes if t.code == code), None)
        if part in ("rag", "direction", "rationale") and theme is not None:
            return f"{self.fields[name].label} for {theme}"
        return super().conflict_label(name)


class ProgressEntryUpdateForm(VersionedForm, ProgressEntryForm):
    """Change an entry: the same fields, the entry's version, a reason for a new date, and
    the evidence to take off."""

    remove_evidence = forms.MultipleChoiceField(
        label="Remove evidence",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select any file to take off this entry. It stays in the entry's history.",
        error_messages={"invalid_choice": "Select evidence attached to this entry"},
    )

    def __init__(self, *args, entry: ProgressEntry, **kwargs):
        self.current_evidence = list(entry.evidence.current())
        super().__init__(*args, entry=entry, **kwargs)
        self.fields["remove_evidence"].choices = [
            (str(item.pk), item.original_name) for item in self.current_evidence
        ]
        if not self.is_bound:
            self.initial = self.initial_for(entry) | {"version": entry.version}

    def _rated_theme_ids(self) -> set[int]:
        # A rating once given can be changed but not taken away (ratings are never deleted).
        return {rating.theme_id for rating in self.entry.ratings.all()}

    def initial_for(self, entry: ProgressEntry, ratings: Iterable[ThemeRating] | None = None):
        initial = {"occurred_on": entry.occurred_on, "kind": entry.kind, "summary": entry.summary}
        codes = {theme.pk: theme.code for theme in self.themes}
        for rating in entry.ratings.all() if ratings is None else ratings:
            code = codes.get(rating.theme_id)
            if code:
                initial[f"rag-{code}"] = rating.rag
                initial[f"direction-{code}"] = rating.direction
                initial[f"rationale-{code}"] = rating.rationale
        return initial

    def base_initial(self, error: EditConflict) -> dict | None:
        row = error.current.history.filter(version=error.version).order_by("-history_id").first()
        if row is None:
            return None
        ratings = {}
        history = ThemeRating.history.filter(entry_id=row.id, history_date__lte=row.history_date)
        for rating in history.order_by("history_date", "history_id"):
            ratings[rating.id] = rating.instance
        return self.initial_for(row.instance, ratings=ratings.values())

    def clean_remove_evidence(self) -> list[Evidence]:
        chosen = set(self.cleaned_data.get("remove_evidence") or [])
        return [item for item in self.current_evidence if str(item.pk) in chosen]

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("occurred_on", "kind", "summary")}


# ---------------------------------------------------------------------------------------------
# Actions


def owner_name(user) -> str:
    """How an action names an owner with an account."""
    return user.get_full_name() or user.get_username()


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return owner_name(obj)


class ActionForm(OnceOnlyForm, WorkspaceForm):
    noun = "action"
    title = forms.CharField(
        label="Action",
        max_length=200,
        help_text="What must be done, in a sentence",
        error_messages={
            "required": "Enter the action",
            "max_length": "Action must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="More detail (optional)", required=False, widget=forms.Textarea
    )
    owner_user = OwnerChoiceField(
        label="Owner with an account (optional)",
        queryset=Action.objects.none(),
        required=False,
        empty_label="Nobody with an account",
        help_text="They are emailed when the action is overdue",
        error_messages={"invalid_choice": "Select an owner from the list"},
    )
    owner = forms.CharField(
        label="Or an owner without an account (optional)",
        max_length=200,
        required=False,
        help_text="Who is responsible for it, for example Director of children's services",
        error_messages={"max_length": "Owner must be 200 characters or fewer"},
    )
    due_on = GovukDateField(
        label="Due date (optional)",
        required=False,
        error_name="the due date",
        years_ahead=FUTURE_YEARS,
    )

    def __init__(self, *args, intervention: Intervention, **kwargs):
        self.intervention = intervention
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = Action.possible_owners(intervention)

    def clean(self):
        cleaned = super().clean()
        account, name = cleaned.get("owner_user"), cleaned.get("owner")
        if account and name and name != owner_name(account):
            self.add_error("owner", "Choose an owner with an account or enter a name, not both")
        return cleaned

    def details(self) -> dict:
        cleaned = self.cleaned_data
        account = cleaned["owner_user"]
        return {
            "description": cleaned["description"],
            # The name is kept as text too: reports and the history read it.
            "owner": owner_name(account) if account else cleaned["owner"],
            "owner_user": account,
            "due_on": cleaned["due_on"],
        }


class ActionUpdateForm(VersionedForm, ActionForm):
    """Change an action: reassign it, move its due date, or change its status."""

    status = forms.ChoiceField(
        label="Status",
        choices=Action.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the status of the action",
            "invalid_choice": "Select the status of the action",
        },
    )
    completed_on = GovukDateField(
        label="Date completed (optional)",
        required=False,
        error_name="the date completed",
        years_ahead=None,
        help_text="If you leave it empty when the action is done, today's date is used. "
        "For example, 27 3 2017",
    )
    field_order = [
        "title",
        "description",
        "owner_user",
        "owner",
        "due_on",
        "status",
        "completed_on",
        "reason",
    ]

    def __init__(self, *args, action: Action, **kwargs):
        self.action = action
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial = self.initial_for(action) | {"version": action.version}

    def initial_for(self, action: Action) -> dict:
        return {
            "title": action.title,
            "description": action.description,
            "owner_user": action.owner_user_id,
            "owner": "" if action.owner_user_id else action.owner,
            "due_on": action.due_on,
            "status": action.status,
            "completed_on": action.completed_on,
        }

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        not_in_future(day, "The date completed")
        return day

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Action.Status.OPEN and cleaned.get("completed_on"):
            self.add_error(
                "completed_on", "Remove the date completed, or change the status to done"
            )
        return cleaned

    def details(self) -> dict:
        cleaned = self.cleaned_data
        return super().details() | {
            "title": cleaned["title"],
            "status": cleaned["status"],
            "completed_on": cleaned["completed_on"],
        }


# ---------------------------------------------------------------------------------------------
# Board meetings


class BoardMeetingForm(OnceOnlyForm, WorkspaceForm):
    noun = "meeting"
    board = forms.ModelChoiceField(
        label="Which board met?",
        queryset=ImprovementBoard.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the board that met",
            "invalid_choice": "Select the board that met",
        },
    )
    held_on = GovukDateField(
        label="Date of the meeting", error_name="the date of the meeting", years_ahead=None
    )
    attendees = forms.CharField(
        label="Who attended",
        widget=forms.Textarea,
        help_text="Names and roles, one a line",
        error_messages={"required": "Enter who attended"},
    )
    decisions = forms.CharField(
        label="Decisions",
        widget=forms.Textarea,
        help_text="What the board decided or agreed",
        error_messages={"required": "Enter the decisions"},
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)

    ask_board = True

    def __init__(self, *args, intervention: Intervention, user, **kwargs):
        self.intervention = intervention
        super().__init__(*args, **kwargs)
        # The boards of this intervention the user may log a meeting of, still sitting.
        boards = ImprovementBoard.objects.restrict(user, roles.LOG).filter(
            intervention=intervention, stood_down_on__isnull=True
        )
        # Ask only when there is a choice: with one board (or none yet)
        # services.record_board_meeting knows which; a meeting being changed stays with its
        # board.
        if self.ask_board and len(boards) > 1:
            self.fields["board"].queryset = boards
        else:
            del self.fields["board"]

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        not_in_future(day, "The date of the meeting")
        return day

    def details(self) -> dict:
        cleaned = self.cleaned_data
        return {name: cleaned[name] for name in ("held_on", "attendees", "decisions", "notes")}


class BoardMeetingUpdateForm(VersionedForm, BoardMeetingForm):
    ask_board = False
    field_order = ["held_on", "attendees", "decisions", "notes", "reason"]

    def __init__(self, *args, meeting: BoardMeeting, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial = self.initial_for(meeting) | {"version": meeting.version}

    def initial_for(self, meeting: BoardMeeting) -> dict:
        return {
            "held_on": meeting.held_on,
            "attendees": meeting.attendees,
            "decisions": meeting.decisions,
            "notes": meeting.notes,
        }
