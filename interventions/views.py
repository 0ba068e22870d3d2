"""The commissioner's workspace: their interventions, each intervention's page, and the forms
to log progress, actions and board meetings.

Who may do what:
- seeing an intervention follows ``Intervention.objects.restrict(user, "view")``: anything
  else is a 404, so a page out of someone's scope never confirms that it exists;
- changing anything here needs a current appointment as commissioner to an open intervention
  (``Intervention.objects.restrict(user, "log")``). DfE officials read every intervention
  but change nothing here; admins use the Django admin; a commissioner whose appointment
  has ended reads it only. They get a 403 page saying why, since they can already see it;
- a progress entry is changed only by its author, until a submitted report locks it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from core import once, roles
from core.page_cache import VersionedPageMixin
from core.paging import paged
from inspections.models import Inspection, PresumptionRule
from inspections.presumption import evaluate_many

from . import change_log, duties, export, services, timeline
from .evidence import open_stored
from .forms import (
    ActionForm,
    ActionUpdateForm,
    BoardMeetingForm,
    BoardMeetingUpdateForm,
    ProgressEntryForm,
    ProgressEntryUpdateForm,
)
from .models import (
    Action,
    BoardMeeting,
    DayUsage,
    Evidence,
    ImprovementPartnership,
    Intervention,
    ProgressEntry,
)
from .models.actions import overdue_on
from .models.partnerships import days_logged

# ---------------------------------------------------------------------------------------------
# Who may change what


def read_only_reason(user, intervention: Intervention) -> str:
    """Why someone who can see an intervention cannot change it, in a sentence."""
    if roles.COMMISSIONER in roles.user_roles(user):
        if not intervention.is_open:
            return "This intervention is closed: you can read it but not change it."
        return "Your appointment to this intervention has ended: you can read it but not change it."
    if roles.has_role(user, roles.DFE_OFFICIAL) and not user.is_superuser:
        return "DfE officials can read every intervention but do not change commissioners' records."
    return "Change records in the admin: this workspace is for commissioners."


def entry_read_only_reason(user, entry: ProgressEntry, can_change: bool) -> str:
    """Why ``user``, refused a change to this entry (``EntryMixin.may_change``), cannot make it
    (``can_change``: whether they may log on its intervention)."""
    if entry.is_locked:
        return "This entry is part of a submitted report, so it can no longer be changed."
    if not can_change:
        return read_only_reason(user, entry.intervention)
    return "Only the commissioner who wrote this entry can change it."


# ---------------------------------------------------------------------------------------------
# Building blocks


class InterventionMixin:
    """Loads the intervention named in the URL from those the user can see (404 otherwise).
    With ``requires_change``, someone who can see it but not change it gets the 403 page."""

    requires_change = False

    def dispatch(self, request, *args, **kwargs):
        visible = Intervention.objects.restrict(request.user, "view").select_related("authority")
        self.intervention = get_object_or_404(visible, pk=kwargs["pk"])
        self.can_change = (
            Intervention.objects.restrict(request.user, "log")
            .filter(pk=self.intervention.pk)
            .exists()
        )
        if self.requires_change and not self.can_change:
            return self.cannot_change(read_only_reason(request.user, self.intervention))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(intervention=self.intervention, can_change=self.can_change)
        if not self.can_change:
            context["read_only_reason"] = read_only_reason(self.request.user, self.intervention)
        return context

    def cannot_change(self, reason: str):
        return render(
            self.request,
            "interventions/cannot_change.html",
            {"intervention": self.intervention, "reason": reason},
            status=403,
        )


class ChangeMixin(InterventionMixin):
    """A page that changes the intervention's records: commissioners appointed now only."""

    requires_change = True


SAVED_AT_THE_SAME_TIME = (
    "Someone saved a record that clashes with this one at the same moment: check the"
    " intervention's page, then try again"
)


class ServiceFormMixin:
    """Saves through a service; its ValidationError or an edit conflict goes back on the form."""

    success_message = ""
    heading = ""
    save_label = "Save changes"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return context | {
            "heading": self.heading,
            "save_label": self.save_label,
            "back_url": self.back_url(),
        }

    def back_url(self) -> str:
        """The intervention's page, where a new record is added from; a changed record's own."""
        return reverse("interventions:intervention_detail", args=[self.intervention.pk])

    def form_valid(self, form):
        try:
            # A savepoint: a refusal leaves nothing behind, not even the form's claim.
            with transaction.atomic():
                claimed = once.claim(self.submission_token(form), user=self.request.user)
                if claimed.done:
                    return self.already_saved(claimed)
                url = self.success_url_for(self.save(form))
                once.saved(claimed, url)
        except services.EditConflict as conflict:
            form.show_conflict(conflict)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        except IntegrityError:
            # Another save won a race the service's checks could not see (two people adding
            # a board's meeting on one day at the same moment).
            form.add_error(None, SAVED_AT_THE_SAME_TIME)
            return self.form_invalid(form)
        except PermissionDenied as denied:
            return self.cannot_change(str(denied))
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(url)

    def submission_token(self, form) -> str | None:
        """A create form's one-time token (core.once); edits are guarded by their version."""
        return form.submission_token() if isinstance(form, once.OnceOnlyForm) else None

    def already_saved(self, claimed: once.Claim):
        messages.info(self.request, "This was already saved: it has not been saved twice")
        return HttpResponseRedirect(claimed.saved_url or self.back_url())

    def save(self, form):
        raise NotImplementedError

    def success_url_for(self, saved) -> str:
        raise NotImplementedError


# ---------------------------------------------------------------------------------------------
# The intervention page


@dataclass(frozen=True)
class PartnerDays:
    """A partnership's days used in its year that contains today (``year_containing``)."""

    partnership: ImprovementPartnership
    start: datetime.date
    end: datetime.date
    usage: DayUsage
    illustrative: Decimal  # the days among ``used`` that an illustrative day log gives

    @property
    def used(self) -> Decimal:
        return self.usage.used

    @property
    def allowed(self) -> Decimal | None:
        return self.usage.allowed

    @property
    def remaining(self) -> Decimal | None:
        return self.usage.remaining

    @property
    def over_allowance(self) -> bool:
        return self.allowed is not None and self.used > self.allowed

    def show(self, days: Decimal | None) -> str:
        """Days as people write them: 2.5, 200, 0.25."""
        return "" if days is None else f"{days.normalize():f}"

    @property
    def used_text(self) -> str:
        return self.show(self.used)

    @property
    def allowed_text(self) -> str:
        return self.show(self.allowed)

    @property
    def remaining_text(self) -> str:
        return self.show(self.remaining)


def partner_days(
    partnerships: list[ImprovementPartnership], today: datetime.date
) -> list[PartnerDays]:
    """Each partnership's days used in its year that includes today (or its last year, once
    ended) against the allowance, the illustrative ones apart (``days_logged``: one query)."""
    years = {partnership.pk: partnership.year_containing(today) for partnership in partnerships}
    sums = days_logged(years)
    shown = []
    for partnership in partnerships:
        start, end = years[partnership.pk]
        used = sums[partnership.pk, False] + sums[partnership.pk, True]
        usage = DayUsage(used, partnership.days_allowed(start, end))
        shown.append(PartnerDays(partnership, start, end, usage, sums[partnership.pk, True]))
    return shown


class InterventionDetailView(InterventionMixin, VersionedPageMixin, TemplateView):
    template_name = "interventions/intervention_detail.html"

    def page_scope(self) -> tuple[int, int]:
        """What the page shows is this intervention's records, its authority's (inspections)
        and the rest (rules, partners' and commissioners' names, people's names): kept under
        their versions, so another intervention's change leaves it as stored."""
        return self.intervention.pk, self.intervention.authority_id

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        intervention, today = self.intervention, timezone.localdate()
        inspections = list(
            Inspection.objects.filter(authority_id=intervention.authority_id).prefetch_related(
                "judgements"
            )
        )
        latest = Inspection.latest_graded(inspections)
        context.update(
            today=today,
            inspections=inspections,
            latest_inspection=latest,
            latest_judgements=latest.judgements_in_order() if latest else [],
            presumption=evaluate_many(
                PresumptionRule.objects.in_force_on(today), [intervention.authority], today
            ),
            timeline=paged(
                self.request,
                timeline.Timeline(intervention, inspections, today),
                "timeline-page",
                "timeline",
            ),
            history=paged(
                self.request,
                change_log.change_log(*change_log.intervention_sources(intervention)),
                "history-page",
                "history",
            ),
            **self.summary(today),
            **self.records(today),
        )
        return context

    def summary(self, today: datetime.date) -> dict:
        intervention = self.intervention
        appointments = list(intervention.appointments.select_related("commissioner"))
        partnerships = list(intervention.partnerships.select_related("supporting"))
        directions = list(intervention.directions.all())
        notices = list(intervention.notices.all())
        records = duties.Records(intervention, appointments, directions, notices)
        return {
            "next_report_due": duties.next_due(intervention, today, records),
            "duty_records": records,
            "commissioners": [a for a in appointments if a.is_current(today)],
            "past_commissioners": [a for a in appointments if not a.is_current(today)],
            "direction": next((d for d in reversed(directions) if d.is_open), None),
            "last_direction": directions[-1] if directions else None,
            "notice": next((n for n in reversed(notices) if n.is_open), None),
            "partners": [p for p in partnerships if p.is_active_on(today)],
            "partner_days": partner_days(partnerships, today),
            "ratings": list(intervention.latest_ratings().values()),
        }

    def records(self, today: datetime.date) -> dict:
        intervention = self.intervention
        entries = (
            intervention.progress_entries.select_related("author")
            .annotate(evidence_count=Count("evidence", filter=Q(evidence__removed_at__isnull=True)))
            .order_by("-occurred_on", "-pk")
        )
        actions = intervention.actions.all()
        counts = actions.aggregate(
            open=Count("pk", filter=Q(status=Action.Status.OPEN)),
            overdue=Count("pk", filter=overdue_on(today)),
        )
        meetings = (
            BoardMeeting.objects.filter(board__intervention=intervention)
            .select_related("board")
            .order_by("-held_on", "-pk")
        )
        return {
            "entries": paged(self.request, entries, "log-page", "progress-log"),
            "actions": paged(
                self.request, actions.needing_attention_first(today), "actions-page", "actions"
            ),
            "open_actions": counts["open"],
            "overdue_actions": counts["overdue"],
            "meetings": paged(self.request, meetings, "meetings-page", "board-meetings"),
        }


class InterventionPrintView(InterventionDetailView):
    """The intervention's summary and its whole timeline on one page, to print or save as a
    PDF from the browser (GOV.UK's print styles hide the header, navigation and footer)."""

    template_name = "interventions/intervention_print.html"

    def get(self, request, *args, **kwargs):
        # Not a cached page: it says when it was printed.
        return TemplateView.get(self, request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timeline_items"] = context["timeline"].page.paginator.object_list[:]
        # Every action on paper, not a page of them.
        actions = context["actions"].page.paginator.object_list
        context["actions"] = paged(
            self.request, actions, "actions-page", "actions", len(actions) or 1
        )
        context["printed_at"] = timezone.now()
        return context


class InterventionTimelineCsvView(InterventionMixin, View):
    """The intervention's timeline as CSV (``interventions.export``)."""

    def get(self, request, *args, **kwargs):
        inspections = Inspection.objects.filter(
            authority_id=self.intervention.authority_id
        ).prefetch_related("judgements")
        items = timeline.build(self.intervention, inspections)
        return export.timeline_csv(self.intervention, items)


# ---------------------------------------------------------------------------------------------
# Progress entries


class RecordMixin:
    """Loads a record of the intervention in the URL from those the user may see
    (``restrict(user, "view")``): a record of another intervention is a 404 too."""

    def get_record(self, records: QuerySet, pk_kwarg: str):
        path = getattr(records.model, "INTERVENTION", "intervention")
        scope = records.restrict(self.request.user, roles.VIEW)
        return get_object_or_404(
            scope, **{"pk": self.kwargs[pk_kwarg], f"{path}_id": self.intervention.pk}
        )


class EntryMixin(RecordMixin):
    def get_entry(self) -> ProgressEntry:
        entries = ProgressEntry.objects.select_related("author", "board_meeting__board")
        entry = self.get_record(entries, "entry_pk")
        entry.intervention = self.intervention
        return entry

    def may_change(self, entry: ProgressEntry) -> bool:
        """Its author, while they may log on its intervention (``restrict(user, "log")``), until
        a submitted report locks it: the rule ``services.update_progress(as_author=True)``
        applies."""
        return self.can_change and entry.author_id == self.request.user.pk and not entry.is_locked


class EntryDetailView(InterventionMixin, EntryMixin, TemplateView):
    template_name = "interventions/progressentry_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.get_entry()
        may_change = self.may_change(entry)
        context.update(
            entry=entry,
            ratings=list(entry.ratings.select_related("theme")),
            evidence=list(entry.evidence.current()),
            can_edit_entry=may_change,
            entry_read_only_reason=""
            if may_change
            else entry_read_only_reason(self.request.user, entry, self.can_change),
            history=change_log.change_log(*change_log.entry_sources(entry)),
        )
        return context


class EntryCreateView(ChangeMixin, ServiceFormMixin, FormView):
    template_name = "interventions/progressentry_form.html"
    form_class = ProgressEntryForm
    success_message = "Progress entry saved"
    heading = "Log progress"
    save_label = "Save entry"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "intervention": self.intervention,
            "user": self.request.user,
        }

    def save(self, form):
        cleaned = form.cleaned_data
        return services.record_progress(
            self.intervention,
            by=self.request.user,
            occurred_on=cleaned["occurred_on"],
            kind=cleaned["kind"],
            summary=cleaned["summary"],
            ratings=form.ratings(),
            evidence=cleaned["staged"],
        )

    def success_url_for(self, entry):
        return reverse("interventions:entry_detail", args=[self.intervention.pk, entry.pk])


class EntryUpdateView(ChangeMixin, EntryMixin, ServiceFormMixin, FormView):
    template_name = "interventions/progressentry_form.html"
    form_class = ProgressEntryUpdateForm
    success_message = "Progress entry updated"
    heading = "Change the entry"

    def get(self, request, *args, **kwargs):
        return self.refuse() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refuse() or super().post(request, *args, **kwargs)

    def refuse(self):
        self.entry = self.get_entry()
        if self.may_change(self.entry):
            return None
        return self.cannot_change(
            entry_read_only_reason(self.request.user, self.entry, self.can_change)
        )

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "intervention": self.intervention,
            "user": self.request.user,
            "entry": self.entry,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"entry": self.entry}

    def save(self, form):
        cleaned = form.cleaned_data
        return services.update_progress(
            self.entry,
            by=self.request.user,
            version=cleaned["version"],
            as_author=True,
            reason=cleaned["reason"],
            **form.changes(),
            ratings=form.ratings(),
            evidence=cleaned["staged"],
            remove_evidence=cleaned["remove_evidence"],
        )

    def back_url(self) -> str:
        return self.success_url_for(self.entry)

    def success_url_for(self, entry):
        return reverse("interventions:entry_detail", args=[self.intervention.pk, entry.pk])


class EvidenceDownloadView(InterventionMixin, RecordMixin, View):
    """A file, to anyone who can see its intervention, always as a download: never shown in
    the browser, where a crafted file could run as part of the service."""

    def get(self, request, *args, **kwargs):
        item = self.get_record(Evidence.objects.current(), "evidence_pk")
        try:
            handle = open_stored(item.file.name)
        except FileNotFoundError:
            raise Http404("The file is missing from storage") from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=item.original_name,
            content_type=item.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


# ---------------------------------------------------------------------------------------------
# Actions


class ActionMixin(RecordMixin):
    def get_action(self) -> Action:
        action = self.get_record(Action.objects.all(), "action_pk")
        action.intervention = self.intervention
        return action


class ActionDetailView(InterventionMixin, ActionMixin, TemplateView):
    template_name = "interventions/action_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = self.get_action()
        action.overdue = action.is_overdue()
        context.update(
            action=action,
            history=change_log.change_log(*change_log.action_sources(action)),
        )
        return context


class ActionCreateView(ChangeMixin, ServiceFormMixin, FormView):
    template_name = "interventions/action_form.html"
    form_class = ActionForm
    success_message = "Action added"
    heading = "Add an action"
    save_label = "Save action"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"intervention": self.intervention}

    def save(self, form):
        return services.create_action(
            self.intervention,
            by=self.request.user,
            title=form.cleaned_data["title"],
            **form.details(),
        )

    def success_url_for(self, action):
        return reverse("interventions:intervention_detail", args=[self.intervention.pk]) + (
            "#actions"
        )


class ActionUpdateView(ChangeMixin, ActionMixin, ServiceFormMixin, FormView):
    template_name = "interventions/action_form.html"
    form_class = ActionUpdateForm
    success_message = "Action updated"
    heading = "Change the action"

    def get_form_kwargs(self):
        self.action = self.get_action()
        return super().get_form_kwargs() | {
            "intervention": self.intervention,
            "action": self.action,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"action": self.action}

    def save(self, form):
        cleaned = form.cleaned_data
        return services.update_action(
            self.action,
            by=self.request.user,
            version=cleaned["version"],
            reason=cleaned["reason"],
            **form.details(),
        )

    def back_url(self) -> str:
        return self.success_url_for(self.action)

    def success_url_for(self, action):
        return reverse("interventions:action_detail", args=[self.intervention.pk, action.pk])


# ---------------------------------------------------------------------------------------------
# Board meetings


class MeetingMixin(RecordMixin):
    def get_meeting(self) -> BoardMeeting:
        return self.get_record(BoardMeeting.objects.select_related("board"), "meeting_pk")


class BoardMeetingDetailView(InterventionMixin, MeetingMixin, TemplateView):
    template_name = "interventions/boardmeeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.get_meeting()
        context.update(
            meeting=meeting,
            entries=list(meeting.progress_entries.all()),
            actions=list(meeting.actions.all()),
            history=change_log.change_log(*change_log.meeting_sources(meeting)),
        )
        return context


class BoardMeetingCreateView(ChangeMixin, ServiceFormMixin, FormView):
    template_name = "interventions/boardmeeting_form.html"
    form_class = BoardMeetingForm
    success_message = "Board meeting saved"
    heading = "Record a board meeting"
    save_label = "Save meeting"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "intervention": self.intervention,
            "user": self.request.user,
        }

    def save(self, form):
        return services.record_board_meeting(
            self.intervention,
            by=self.request.user,
            board=form.cleaned_data.get("board"),
            **form.details(),
        )

    def success_url_for(self, meeting):
        return reverse(
            "interventions:board_meeting_detail", args=[self.intervention.pk, meeting.pk]
        )


class BoardMeetingUpdateView(ChangeMixin, MeetingMixin, ServiceFormMixin, FormView):
    template_name = "interventions/boardmeeting_form.html"
    form_class = BoardMeetingUpdateForm
    success_message = "Board meeting updated"
    heading = "Change the meeting"

    def get_form_kwargs(self):
        self.meeting = self.get_meeting()
        return super().get_form_kwargs() | {
            "intervention": self.intervention,
            "user": self.request.user,
            "meeting": self.meeting,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"meeting": self.meeting}

    def save(self, form):
        cleaned = form.cleaned_data
        return services.update_board_meeting(
            self.meeting,
            by=self.request.user,
            version=cleaned["version"],
            reason=cleaned["reason"],
            **form.details(),
        )

    def back_url(self) -> str:
        return self.success_url_for(self.meeting)

    def success_url_for(self, meeting):
        return reverse(
            "interventions:board_meeting_detail", args=[self.intervention.pk, meeting.pk]
        )
