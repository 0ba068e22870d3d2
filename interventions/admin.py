"""Admin for interventions: every model, with history and field diffs, saved through the services.

The admin is one more client of ``interventions.services`` (docs/adr/0013): adding a record calls
the service that creates it (``open_intervention``, ``issue_notice``...), and a change goes to the
service for that step (``end_appointment``, ``update_progress``, ``rate_theme``...), so a refusal
is the service's, shown on the form. Status, closing, the reporting cadence and an instrument's
revision, end and review are read-only on the change forms: each is a step on a page of its own
(``ObjectAction``), asking for the date and the reason the service needs. Inline rows ask for
their own reason when one of their key dates changes, since the parent's reason field cannot see
them. Foreign-key choices in inlines are read once per page, not once per row, so a page's query
count does not grow with its rows.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import fields_for_model
from django.utils.html import format_html
from django.utils.text import capfirst

from core import roles
from core.admin import (
    HistoryAdmin,
    LargeTable,
    ObjectAction,
    ReadOnly,
    ReasonForm,
    ServiceAdmin,
    ServiceInline,
    ServiceParentAdmin,
    edit_fields,
)
from core.dates import govuk_date
from core.forms import FUTURE_YEARS, DateRangeValidator

from . import services
from .models import (
    Action,
    ADMAssessment,
    ADMOption,
    BoardMeeting,
    Commissioner,
    CommissionerAppointment,
    Evidence,
    ImprovementBoard,
    ImprovementNotice,
    ImprovementPartnership,
    Intervention,
    MinisterialDecision,
    PartnerDayLog,
    ProgressEntry,
    StagedUpload,
    StatusChange,
    StatutoryDirection,
    Theme,
    ThemeRating,
)

REGION = "intervention__authority__region"
AUTHORITY_SEARCH = ("intervention__authority__name", "intervention__authority__ons_code")
REGION_OF_ENTRY = "entry__intervention__authority__region"


def pop(changes: dict, *names: str) -> dict:
    """Take ``names`` out of ``changes``: the ones a service sets, from the plain edits."""
    return {name: changes.pop(name) for name in names if name in changes}


def with_edits(current, changes: dict):
    """``current`` with plain edits set, for the service that saves it to save them too (one
    history row, the service's checks and reason)."""
    for name, value in changes.items():
        setattr(current, name, value)
    return current


def creates_on_intervention(service):
    """A ``ServiceAdmin.create`` that calls ``service(intervention, by=, reason=, **fields)``,
    the shape of the services that add a record to an intervention."""

    def create(self, request, values, reason):
        return service(values.pop("intervention"), by=request.user, reason=reason, **values)

    return create


class ViewOnlyInline(admin.TabularInline):
    """Rows listed on their parent's page, changed on their own (where the services are)."""

    extra = 0
    can_delete = False
    show_change_link = True
    related_select: tuple[str, ...] = ()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.related_select)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class InScope:
    """An admin of an intervention or of a record of one asks the one scope API (ADR 15): it
    lists what ``restrict(user, "view")`` gives, and adds to or changes only records within
    ``restrict(user, "change")`` (admins, every intervention; officials, the open ones), on top
    of what the admin class itself refuses. Not for partnerships and their day logs, whose
    intervention may be empty (a voluntary partnership), which ``restrict`` would hide."""

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user, roles.VIEW)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A record is added to an intervention the user may change: the choice offers no other
        # (asked only on a form, not for every admin the site's menu lists).
        if db_field.name == "intervention":
            scope = Intervention.objects.restrict(request.user, roles.CHANGE)
            kwargs["queryset"] = scope.select_related("authority")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or self.in_change_scope(request, obj)

    def in_change_scope(self, request, obj) -> bool:
        # Asked several times for one page: once a request and record is enough.
        asked = request.__dict__.setdefault("_change_scope", {})
        key = (type(obj), obj.pk)
        if key not in asked:
            scope = type(obj).objects.restrict(request.user, roles.CHANGE)
            asked[key] = scope.filter(pk=obj.pk).exists()
        return asked[key]


# ---------------------------------------------------------------------------------------------
# Forms for the steps done on pages of their own


class StepForm(forms.Form):
    """A step's form. Reasons are checked by the service, which says what the reason is for."""

    required_css_class = "required"


def date_field(
    label: str, *, required: bool = True, help_text: str = "", years_ahead: int = 1
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=AdminDateWidget,
        help_text=help_text,
        validators=[DateRangeValidator(label, years_ahead)],
    )


def reason_field() -> forms.CharField:
    return forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Required: it is kept in the history with the change.",
    )


class StatusForm(StepForm):
    status = forms.ChoiceField(
        label="New status",
        choices=[c for c in Intervention.Status.choices if c[0] != Intervention.Status.CLOSED],
        help_text="To close the intervention, use Close the intervention.",
    )
    on = date_field("Date of the change")
    reason = reason_field()


class CloseForm(StepForm):
    on = date_field("Closing date")
    exit_reason = forms.ChoiceField(
        label="Why it closed",
        choices=[("", "---------"), *Intervention.ExitReason.choices],
        required=False,
        help_text="Required.",
    )
    reason = reason_field()


class CadenceForm(StepForm):
    period_months = forms.IntegerField(
        label="Report every (months)",
        help_text="Reporting periods still start on the appointment date.",
    )
    reason = reason_field()


class SourcesEndForm(StepForm):
    on = date_field("Last day the sources cover")
    reason = reason_field()


class ReviewForm(StepForm):
    next_review_on = date_field(
        "Next review", required=False, help_text="Empty for none.", years_ahead=FUTURE_YEARS
    )
    reason = reason_field()


def revise_form(model) -> type[StepForm]:
    """Revising a notice or a direction: the day, its ``TERMS`` (those not changed carry
    over), the reason."""
    noun = model._meta.verbose_name.split()[-1]
    widgets = {
        "requirements": forms.Textarea(attrs={"rows": 4, "cols": 60}),
        "notes": forms.Textarea(attrs={"rows": 2, "cols": 60}),
    }

    def field(db_field, **kwargs):
        """A date in the service's years (``DateRangeValidator``), with the admin's widget."""
        if not isinstance(db_field, models.DateField):
            return db_field.formfield(**kwargs)
        label = capfirst(str(db_field.verbose_name))
        bounds = DateRangeValidator.for_field(db_field.name, label)
        return db_field.formfield(widget=AdminDateWidget, validators=[bounds])

    fields = {
        "revised_on": date_field(
            "Revised on", help_text=f"The revised {noun} is issued on this day."
        ),
        **fields_for_model(model, fields=model.TERMS, widgets=widgets, formfield_callback=field),
        "reason": reason_field(),
    }
    return type(f"Revise{model.__name__}Form", (StepForm,), fields)


def end_form(model) -> type[StepForm]:
    """Ending a notice or a direction: its ``END_FIELD`` (lifted_on, revoked_on), the reason."""
    label = model.END_FIELD.replace("_", " ").capitalize()
    fields = {model.END_FIELD: date_field(label), "reason": reason_field()}
    return type(f"End{model.__name__}Form", (StepForm,), fields)


# ---------------------------------------------------------------------------------------------
# Themes


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin):
    list_display = ["name", "code", "order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code", "description"]
    reason_fields = ("active", "order", "name")


# ---------------------------------------------------------------------------------------------
# The intervention: status, closing, reporting cadence and sources as steps


def _change_status(request, intervention, data):
    services.change_status(
        intervention, data["status"], on=data["on"], reason=data["reason"], by=request.user
    )


def _close(request, intervention, data):
    services.close_intervention(
        intervention,
        on=data["on"],
        exit_reason=data["exit_reason"],
        reason=data["reason"],
        by=request.user,
    )


def _set_cadence(request, intervention, data):
    services.set_reporting_cadence(
        intervention, by=request.user, reason=data["reason"], period_months=data["period_months"]
    )


def _mark_sources_end(request, intervention, data):
    services.mark_sources_end(intervention, on=data["on"], by=request.user, reason=data["reason"])


def _status_now(intervention) -> str:
    return (
        f"Now {intervention.get_status_display().lower()}, since"
        f" {govuk_date(intervention.status_changed_on)}."
    )


INTERVENTION_STEPS = (
    ObjectAction(
        "status",
        "Change status",
        StatusForm,
        _change_status,
        done="The status was changed",
        shown=lambda intervention: intervention.is_open,
        now=_status_now,
    ),
    ObjectAction(
        "close",
        "Close the intervention",
        CloseForm,
        _close,
        done="The intervention was closed",
        shown=lambda intervention: intervention.is_open,
        now=_status_now,
    ),
    ObjectAction(
        "reporting-cadence",
        "Change the reporting cadence",
        CadenceForm,
        _set_cadence,
        done="The reporting cadence was changed",
        initial=lambda intervention: {"period_months": intervention.reporting_period_months},
    ),
    ObjectAction(
        "sources-end",
        "Record where the sources end",
        SourcesEndForm,
        _mark_sources_end,
        done="Where the sources end was recorded",
        initial=lambda intervention: {"on": intervention.sources_end_on},
    ),
)


class StatusChangeInline(ViewOnlyInline):
    model = StatusChange
    fields = ["changed_on", "from_status", "to_status", "reason", "changed_by"]
    readonly_fields = fields
    show_change_link = False
    related_select = ("changed_by",)


class NoticeInline(ViewOnlyInline):
    model = ImprovementNotice
    fk_name = "intervention"
    fields = ["issued_on", "next_review_on", "revised_on", "lifted_on", "requirements"]
    readonly_fields = fields
    related_select = ("intervention__authority",)


class DirectionInline(ViewOnlyInline):
    model = StatutoryDirection
    fk_name = "intervention"
    fields = ["issued_on", "next_review_on", "expires_on", "revised_on", "revoked_on"]
    readonly_fields = fields
    related_select = ("intervention__authority",)


def _appoint(request, values, reason):
    return services.appoint_commissioner(
        values.pop("intervention"),
        values.pop("commissioner"),
        by=request.user,
        reason=reason,
        **values,
    )


def _change_appointment(request, current, changes, reason):
    ending = pop(changes, "ends_on")
    if not ending:
        edit_fields(current, changes, by=request.user, reason=reason)
        return
    services.end_appointment(
        with_edits(current, changes), by=request.user, ends_on=ending["ends_on"], reason=reason
    )


class AppointmentInline(ServiceInline):
    model = CommissionerAppointment
    fields = ["commissioner", "starts_on", "ends_on", "appointed_by"]
    fixed_fields = ("commissioner",)
    reason_fields = ("starts_on", "ends_on")
    related_select = ("commissioner", "intervention__authority")

    def create(self, request, values, reason):
        return _appoint(request, values, reason)

    def change(self, request, current, changes, reason):
        _change_appointment(request, current, changes, reason)


class PartnershipInline(ServiceInline):
    model = ImprovementPartnership
    fk_name = "intervention"
    fields = ["supporting", "model", "legal_basis", "starts_on", "ends_on"]
    fixed_fields = ("supporting",)
    reason_fields = ("model", "legal_basis", "starts_on", "ends_on")
    related_select = ("supporting", "supported")

    def create(self, request, values, reason):
        # A partnership in an intervention supports the intervention's authority.
        intervention = values["intervention"]
        return _start_partnership(request, {**values, "supported": intervention.authority}, reason)

    def change(self, request, current, changes, reason):
        _change_partnership(request, current, changes, reason)


class ProgressEntryForm(ReasonForm):
    """An entry a submitted report includes is shown with every field disabled: nothing about
    it can change (``ProgressEntry.locked_at``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.is_locked:
            for field in self.fields.values():
                field.disabled = True


ENTRY_FIELDS = ("occurred_on", "kind", "summary", "board_meeting")


def _record_progress(request, values, reason):
    # Created in the admin, an entry is the admin's unless another author is chosen.
    return services.record_progress(values.pop("intervention"), by=request.user, **values)


def _update_progress(request, current, changes, reason):
    # update_progress refuses a locked entry; plain edits ride along in its one save.
    service_changes = pop(changes, *ENTRY_FIELDS)
    services.update_progress(
        with_edits(current, changes), by=request.user, reason=reason, **service_changes
    )


class ProgressEntryInline(ServiceInline):
    model = ProgressEntry
    form = ProgressEntryForm
    fields = ["occurred_on", "kind", "summary", "locked_at"]
    readonly_fields = ["locked_at"]
    reason_fields = ("occurred_on",)
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
    }

    def create(self, request, values, reason):
        return _record_progress(request, values, reason)

    def change(self, request, current, changes, reason):
        _update_progress(request, current, changes, reason)


def _create_action(request, values, reason):
    intervention, title = values.pop("intervention"), values.pop("title")
    details = pop(values, *services.keywords(services.create_action))
    return services.create_action(
        intervention, by=request.user, title=title, reason=reason, **details
    )


def _update_action(request, current, changes, reason):
    action_changes = pop(changes, *services.keywords(services.update_action))
    current = with_edits(current, changes)
    if action_changes:
        services.update_action(current, by=request.user, reason=reason, **action_changes)
    else:
        edit_fields(current, {}, by=request.user, reason=reason)


class ActionInline(ServiceInline):
    model = Action
    fields = ["title", "owner", "due_on", "status", "completed_on", "source"]
    reason_fields = ("due_on", "status", "completed_on")

    def create(self, request, values, reason):
        return _create_action(request, values, reason)

    def change(self, request, current, changes, reason):
        _update_action(request, current, changes, reason)


@admin.register(Intervention)
class InterventionAdmin(InScope, ServiceParentAdmin):
    list_display = [
        "authority",
        "region",
        "status",
        "opened_on",
        "closed_on",
        "months_open",
        "next_report_due",
    ]
    # No filter by authority: a link for each authority with an intervention (about 900 at
    # the bench's scale 10) was half of the changelist's time, and no one scans 900 links.
    # The search finds an authority by name or ONS code.
    list_filter = ["status", "authority__region", "reporting_period_months", "opened_on"]
    list_select_related = ["authority"]
    search_fields = ["authority__name", "authority__ons_code", "notes", "trigger_summary"]
    date_hierarchy = "opened_on"
    raw_id_fields = ["trigger_inspection"]
    # What open_intervention takes; the rest is set by the steps below.
    add_fields = (
        "authority",
        "opened_on",
        "status",
        "trigger_inspection",
        "trigger_summary",
        "reporting_period_months",
        "notes",
    )
    fixed_fields = (
        "authority",
        "status",
        "status_changed_on",
        "closed_on",
        "exit_reason",
        "reporting_period_months",
        "sources_end_on",
    )
    reason_fields = ("opened_on", "trigger_inspection")
    object_actions = INTERVENTION_STEPS
    inlines = [
        StatusChangeInline,
        NoticeInline,
        DirectionInline,
        AppointmentInline,
        PartnershipInline,
        ProgressEntryInline,
        ActionInline,
    ]

    @admin.display(description="Region", ordering="authority__region")
    def region(self, obj):
        return obj.authority.get_region_display()

    @admin.display(description="Months open")
    def months_open(self, obj):
        return obj.months_open()

    @admin.display(description="Next report due")
    def next_report_due(self, obj):
        return obj.next_report_due()

    def get_queryset(self, request):
        # Each row's next report due is worked out from its duties (``interventions.duties``).
        return super().get_queryset(request).with_duties()

    def get_inline_instances(self, request, obj=None):
        # Inline rows are recorded against an intervention already opened.
        return super().get_inline_instances(request, obj) if obj is not None else []

    def create(self, request, values, reason):
        return services.open_intervention(
            values.pop("authority"), by=request.user, reason=reason, **values
        )


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnly, HistoryAdmin):
    """The status log is written by the status services, never edited by hand."""

    list_display = ["intervention", "from_status", "to_status", "changed_on", "changed_by"]
    list_filter = ["to_status", "from_status", "intervention__authority__region"]
    list_select_related = ["intervention__authority", "changed_by"]
    search_fields = [*AUTHORITY_SEARCH, "reason"]
    date_hierarchy = "changed_on"


# ---------------------------------------------------------------------------------------------
# Notices and directions: issued here, revised, ended and reviewed as steps


class InstrumentAdmin(InScope, ServiceAdmin):
    list_select_related = ["intervention__authority"]
    search_fields = [*AUTHORITY_SEARCH, "requirements", "notes"]
    date_hierarchy = "issued_on"
    raw_id_fields = ["supersedes"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("intervention__authority")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "intervention":
            kwargs["queryset"] = Intervention.objects.select_related("authority")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OpenListFilter(admin.SimpleListFilter):
    title = "in force"
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", "In force"), ("no", "Ended")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.open()
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.open().values("pk"))
        return queryset


def _calls(service):
    """A step that hands its form's data to ``service``."""
    return lambda request, record, data: service(record, by=request.user, **data)


def _is_open(instrument) -> bool:
    return instrument.is_open


def _carried_terms(instrument) -> dict:
    """As revising does: the terms carry over, a new review date and notes do not."""
    own = ("next_review_on", "notes")
    return {name: getattr(instrument, name) for name in instrument.TERMS if name not in own}


def instrument_steps(model, revise, end, verb: str, ended: str) -> tuple[ObjectAction, ...]:
    """A notice's or a direction's steps: revise, end (``verb``: lift, revoke), review."""
    noun = model._meta.verbose_name.split()[-1]
    return (
        ObjectAction(
            "revise",
            f"Revise the {noun}",
            revise_form(model),
            _calls(revise),
            done=f"The {noun} was revised: this is the revised {noun}",
            shown=_is_open,
            initial=_carried_terms,
        ),
        ObjectAction(
            verb,
            f"{verb.capitalize()} the {noun}",
            end_form(model),
            _calls(end),
            done=f"The {noun} was {ended}",
            shown=_is_open,
        ),
        ObjectAction(
            "review",
            "Change the next review",
            ReviewForm,
            _calls(services.schedule_review),
            done=f"The {noun}'s next review was changed",
            shown=_is_open,
            initial=lambda instrument: {"next_review_on": instrument.next_review_on},
        ),
    )


@admin.register(ImprovementNotice)
class ImprovementNoticeAdmin(InstrumentAdmin):
    list_display = [
        "intervention",
        "issued_on",
        "next_review_on",
        "revised_on",
        "lifted_on",
    ]
    list_filter = [OpenListFilter, REGION]
    add_fields = ("intervention", "issued_on", *ImprovementNotice.TERMS)
    fixed_fields = ("intervention", "next_review_on", "revised_on", "lifted_on", "supersedes")
    reason_fields = ("issued_on",)
    object_actions = instrument_steps(
        ImprovementNotice, services.revise_notice, services.lift_notice, "lift", "lifted"
    )

    create = creates_on_intervention(services.issue_notice)


@admin.register(StatutoryDirection)
class StatutoryDirectionAdmin(InstrumentAdmin):
    list_display = [
        "intervention",
        "legal_basis",
        "issued_on",
        "next_review_on",
        "revised_on",
        "revoked_on",
    ]
    list_filter = [
        OpenListFilter,
        REGION,
        "legal_basis",
        "requires_commissioner",
        "requires_improvement_partner",
        "requires_trust",
        "requires_other_authority",
    ]
    add_fields = ("intervention", "issued_on", *StatutoryDirection.TERMS)
    fixed_fields = ("intervention", "next_review_on", "revised_on", "revoked_on", "supersedes")
    reason_fields = ("issued_on", "expires_on")
    object_actions = instrument_steps(
        StatutoryDirection,
        services.revise_direction,
        services.revoke_direction,
        "revoke",
        "revoked",
    )

    create = creates_on_intervention(services.issue_direction)


# ---------------------------------------------------------------------------------------------
# Commissioners


class CommissionerAppointmentInline(ServiceInline):
    model = CommissionerAppointment
    fields = ["intervention", "starts_on", "ends_on", "appointed_by"]
    fixed_fields = ("intervention",)
    reason_fields = ("starts_on", "ends_on")
    related_select = ("commissioner", "intervention__authority")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "intervention":
            kwargs["queryset"] = Intervention.objects.select_related("authority")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def create(self, request, values, reason):
        return _appoint(request, values, reason)

    def change(self, request, current, changes, reason):
        _change_appointment(request, current, changes, reason)


@admin.register(Commissioner)
class CommissionerAdmin(ServiceParentAdmin):
    list_display = ["name", "title", "organisation", "user"]
    list_select_related = ["user"]
    list_filter = [("user", admin.EmptyFieldListFilter)]
    search_fields = ["name", "title", "organisation", "email", "user__username"]
    raw_id_fields = ["user"]
    reason_fields = ("user",)
    inlines = [CommissionerAppointmentInline]

    def create(self, request, values, reason):
        return services.add_commissioner(by=request.user, reason=reason, **values)

    def change(self, request, current, changes, reason):
        # The account decides which interventions its holder can see: its own service.
        account = pop(changes, "user")
        if not account:
            edit_fields(current, changes, by=request.user, reason=reason)
            return
        services.link_commissioner_account(
            with_edits(current, changes), account["user"], by=request.user, reason=reason
        )


@admin.register(CommissionerAppointment)
class CommissionerAppointmentAdmin(InScope, ServiceAdmin):
    list_display = ["commissioner", "intervention", "starts_on", "ends_on", "appointed_by"]
    list_filter = [REGION, ("ends_on", admin.EmptyFieldListFilter)]
    list_select_related = ["commissioner", "intervention__authority"]
    search_fields = ["commissioner__name", *AUTHORITY_SEARCH]
    date_hierarchy = "starts_on"
    add_fields = ("intervention", "commissioner", "starts_on", "ends_on", "appointed_by", "notes")
    fixed_fields = ("intervention", "commissioner")
    reason_fields = ("starts_on", "ends_on")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "intervention":
            kwargs["queryset"] = Intervention.objects.select_related("authority")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def create(self, request, values, reason):
        return _appoint(request, values, reason)

    def change(self, request, current, changes, reason):
        _change_appointment(request, current, changes, reason)


# ---------------------------------------------------------------------------------------------
# Partnerships


def _start_partnership(request, values, reason):
    supporting, supported = values.pop("supporting"), values.pop("supported")
    return services.start_partnership(
        supporting, supported, by=request.user, reason=reason, **values
    )


def _change_partnership(request, current, changes, reason):
    ending = pop(changes, "ends_on")
    if not ending:
        edit_fields(current, changes, by=request.user, reason=reason)
        return
    services.end_partnership(
        with_edits(current, changes), by=request.user, ends_on=ending["ends_on"], reason=reason
    )


def _log_days(request, values, reason):
    return services.log_partner_days(values.pop("partnership"), by=request.user, **values)


class PartnerDayLogInline(ServiceInline):
    model = PartnerDayLog
    fields = ["worked_on", "days", "description", "logged_by"]
    readonly_fields = ["logged_by"]
    reason_fields = ("worked_on", "days")
    related_select = ("logged_by",)

    def create(self, request, values, reason):
        return _log_days(request, values, reason)


@admin.register(ImprovementPartnership)
class ImprovementPartnershipAdmin(ServiceParentAdmin):
    list_display = [
        "supporting",
        "supported",
        "model",
        "legal_basis",
        "starts_on",
        "ends_on",
        "day_allowance_per_year",
        "annual_budget",
    ]
    list_filter = ["model", "legal_basis", "supported__region", "supporting__region"]
    list_select_related = ["supporting", "supported"]
    search_fields = [
        "supporting__name",
        "supported__name",
        "break_clauses",
        "heads_of_terms",
        "notes",
    ]
    date_hierarchy = "starts_on"
    raw_id_fields = ["intervention", "direction"]
    add_fields = (
        "supporting",
        "supported",
        "intervention",
        "direction",
        "model",
        "legal_basis",
        "starts_on",
        "ends_on",
        "break_clauses",
        "day_allowance_per_year",
        "day_rate",
        "annual_budget",
        "overhead_percent",
        "funded_by",
        "heads_of_terms",
        "notes",
    )
    fixed_fields = ("supporting", "supported")
    reason_fields = (
        "model",
        "legal_basis",
        "starts_on",
        "ends_on",
        "day_allowance_per_year",
        "day_rate",
        "annual_budget",
    )
    inlines = [PartnerDayLogInline]

    def create(self, request, values, reason):
        return _start_partnership(request, values, reason)

    def change(self, request, current, changes, reason):
        _change_partnership(request, current, changes, reason)


@admin.register(PartnerDayLog)
class PartnerDayLogAdmin(ServiceAdmin):
    list_display = ["partnership", "worked_on", "days", "logged_by"]
    list_filter = ["partnership__supported__region", "partnership__model"]
    list_select_related = ["partnership__supporting", "partnership__supported", "logged_by"]
    search_fields = ["partnership__supporting__name", "partnership__supported__name", "description"]
    date_hierarchy = "worked_on"
    raw_id_fields = ["partnership", "logged_by"]
    add_fields = ("partnership", "worked_on", "days", "description")
    fixed_fields = ("partnership", "logged_by")
    reason_fields = ("worked_on", "days")

    def create(self, request, values, reason):
        return _log_days(request, values, reason)


# ---------------------------------------------------------------------------------------------
# Boards


def _record_meeting(request, values, reason):
    board = values.pop("board")
    return services.record_board_meeting(board.intervention, by=request.user, board=board, **values)


def _change_meeting(request, current, changes, reason):
    meeting_changes = pop(changes, *services.keywords(services.update_board_meeting))
    services.update_board_meeting(
        with_edits(current, changes), by=request.user, reason=reason, **meeting_changes
    )


class BoardMeetingInline(ServiceInline):
    model = BoardMeeting
    fields = ["held_on", "attendees", "decisions"]
    reason_fields = ("held_on",)
    related_select = ("board",)

    def create(self, request, values, reason):
        return _record_meeting(request, values, reason)

    def change(self, request, current, changes, reason):
        _change_meeting(request, current, changes, reason)


@admin.register(ImprovementBoard)
class ImprovementBoardAdmin(InScope, ServiceParentAdmin):
    list_display = [
        "name",
        "intervention",
        "chair_name",
        "independent_chair",
        "established_on",
        "stood_down_on",
    ]
    list_filter = ["independent_chair", "chaired_by_commissioner", REGION]
    list_select_related = ["intervention__authority"]
    search_fields = ["name", "chair_name", *AUTHORITY_SEARCH]
    raw_id_fields = ["intervention"]
    add_fields = (
        "intervention",
        "name",
        "chair_name",
        "independent_chair",
        "chaired_by_commissioner",
        "established_on",
        "notes",
    )
    fixed_fields = ("intervention",)
    reason_fields = ("established_on", "stood_down_on")
    inlines = [BoardMeetingInline]

    create = creates_on_intervention(services.set_up_board)

    def change(self, request, current, changes, reason):
        standing_down = pop(changes, "stood_down_on")
        if not standing_down:
            edit_fields(current, changes, by=request.user, reason=reason)
            return
        services.stand_down_board(
            with_edits(current, changes),
            by=request.user,
            stood_down_on=standing_down["stood_down_on"],
            reason=reason,
        )


@admin.register(BoardMeeting)
class BoardMeetingAdmin(LargeTable, InScope, ServiceAdmin):
    list_display = ["board", "held_on"]
    list_filter = ["held_on", "board__intervention__authority__region"]
    list_select_related = ["board__intervention__authority"]
    search_fields = ["board__name", "board__intervention__authority__name", "decisions", "notes"]
    raw_id_fields = ["board"]
    add_fields = ("board", "held_on", "attendees", "decisions", "notes")
    fixed_fields = ("board",)
    reason_fields = ("held_on",)

    def create(self, request, values, reason):
        return _record_meeting(request, values, reason)

    def change(self, request, current, changes, reason):
        _change_meeting(request, current, changes, reason)


# ---------------------------------------------------------------------------------------------
# ADM and decisions


def _add_option(request, values, reason):
    return services.add_adm_option(
        values.pop("assessment"), by=request.user, reason=reason, **values
    )


def _change_option(request, current, changes, reason):
    # An outcome is decided with its date and reason (decide_option): the reason is kept as the
    # option's outcome reason.
    decision = pop(changes, "outcome", "outcome_on")
    if not decision:
        edit_fields(current, changes, by=request.user, reason=reason)
        return
    services.decide_option(
        with_edits(current, changes),
        by=request.user,
        outcome=decision.get("outcome", current.outcome),
        on=decision.get("outcome_on", current.outcome_on),
        reason=reason,
    )


class ADMOptionInline(ServiceInline):
    model = ADMOption
    fields = ["name", "model", "partner", "pros", "cons", "risks", "outcome", "outcome_on"]
    reason_fields = ("outcome", "outcome_on")
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})}
    }

    def create(self, request, values, reason):
        return _add_option(request, values, reason)

    def change(self, request, current, changes, reason):
        _change_option(request, current, changes, reason)


@admin.register(ADMAssessment)
class ADMAssessmentAdmin(InScope, ServiceParentAdmin):
    list_display = [
        "intervention",
        "started_on",
        "concluded_on",
        "presumption_applies",
        "recommended_model",
        "recommended_partner",
    ]
    list_filter = ["recommended_model", "presumption_applies", REGION]
    list_select_related = ["intervention__authority", "recommended_partner"]
    search_fields = [*AUTHORITY_SEARCH, "recommendation", "compelling_reasons"]
    raw_id_fields = ["intervention"]
    add_fields = (
        "intervention",
        "started_on",
        "concluded_on",
        "presumption_applies",
        "compelling_reasons",
        "recommendation",
        "recommended_model",
        "recommended_partner",
    )
    fixed_fields = ("intervention",)
    reason_fields = ("concluded_on", "recommended_model", "recommended_partner")
    inlines = [ADMOptionInline]

    create = creates_on_intervention(services.record_adm_assessment)

    def change(self, request, current, changes, reason):
        concluded_on = changes.get("concluded_on")
        if current.concluded_on is not None or concluded_on is None:
            edit_fields(current, changes, by=request.user, reason=reason)
            return
        # Concluding needs a recommendation (conclude_adm_assessment): as now, or as changed.
        del changes["concluded_on"]
        terms = {
            name: changes.pop(name, getattr(current, name))
            for name in ("recommendation", "recommended_model", "recommended_partner")
        }
        services.conclude_adm_assessment(
            with_edits(current, changes),
            by=request.user,
            concluded_on=concluded_on,
            reason=reason,
            **terms,
        )


@admin.register(ADMOption)
class ADMOptionAdmin(InScope, ServiceAdmin):
    list_display = ["name", "assessment", "model", "partner", "outcome", "outcome_on"]
    list_filter = ["outcome", "model", "assessment__intervention__authority__region"]
    list_select_related = ["assessment__intervention__authority", "partner"]
    search_fields = ["name", "assessment__intervention__authority__name", "description"]
    raw_id_fields = ["assessment"]
    add_fields = ("assessment", *services.keywords(services.add_adm_option))
    fixed_fields = ("assessment", "outcome_reason")
    reason_fields = ("outcome", "outcome_on")

    def create(self, request, values, reason):
        return _add_option(request, values, reason)

    def change(self, request, current, changes, reason):
        _change_option(request, current, changes, reason)


@admin.register(MinisterialDecision)
class MinisterialDecisionAdmin(InScope, ServiceAdmin):
    list_display = ["intervention", "stage", "decided_on", "decided_by", "next_update_due_on"]
    list_filter = ["stage", REGION]
    list_select_related = ["intervention__authority"]
    search_fields = [*AUTHORITY_SEARCH, "decision", "decided_by"]
    date_hierarchy = "decided_on"
    raw_id_fields = ["intervention", "assessment"]
    add_fields = (
        "intervention",
        "assessment",
        "stage",
        "decided_on",
        "decided_by",
        "decision",
        "next_update_due_on",
    )
    fixed_fields = ("intervention",)
    reason_fields = ("stage", "decided_on", "next_update_due_on")

    create = creates_on_intervention(services.record_ministerial_decision)


# ---------------------------------------------------------------------------------------------
# Progress entries and actions: nothing of an entry a submitted report includes can change


class ThemeRatingInline(ServiceInline):
    model = ThemeRating
    fields = ["theme", "rag", "direction", "rationale"]
    fixed_fields = ("theme",)
    reason_fields = ("rag", "direction")
    related_select = ("theme", "entry")

    def _editable(self, obj):
        return obj is None or not obj.is_locked

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def create(self, request, values, reason):
        return _rate(request, values.pop("entry"), values.pop("theme"), values, reason)

    def change(self, request, current, changes, reason):
        _rerate(request, current, changes, reason)


RATING_FIELDS = ("rag", "direction", "rationale")


def _rate(request, entry, theme, values, reason):
    return services.rate_theme(
        entry, theme, by=request.user, reason=reason, **pop(values, *RATING_FIELDS)
    )


def _rerate(request, current, changes, reason):
    rating = {name: changes.pop(name, getattr(current, name)) for name in RATING_FIELDS}
    if changes:  # provenance (source, illustrative) is not the service's to change
        raise ValidationError("Change only the rating, its direction of travel and rationale")
    services.rate_theme(current.entry, current.theme, by=request.user, reason=reason, **rating)


@admin.register(ProgressEntry)
class ProgressEntryAdmin(LargeTable, InScope, ServiceParentAdmin):
    form = ProgressEntryForm
    list_display = ["intervention", "occurred_on", "kind", "author", "locked_at"]
    list_filter = ["occurred_on", "kind", REGION, ("locked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["intervention__authority", "author"]
    search_fields = [*AUTHORITY_SEARCH, "summary"]
    raw_id_fields = ["intervention", "author", "board_meeting"]
    readonly_fields = ["locked_at"]
    # What record_progress takes (a loaded entry's provenance is set afterwards).
    add_fields = ("intervention", "author", *ENTRY_FIELDS, "actor")
    fixed_fields = ("intervention", "author")
    reason_fields = ("occurred_on",)
    inlines = [ThemeRatingInline]

    def has_change_permission(self, request, obj=None):
        # A submitted report includes a locked entry: it is shown, never saved (not even
        # unchanged, which would still write a history row).
        unlocked = obj is None or not obj.is_locked
        return unlocked and super().has_change_permission(request, obj)

    def create(self, request, values, reason):
        return _record_progress(request, values, reason)

    def change(self, request, current, changes, reason):
        _update_progress(request, current, changes, reason)


@admin.register(ThemeRating)
class ThemeRatingAdmin(LargeTable, InScope, ServiceAdmin):
    list_display = ["entry", "theme", "rag", "direction"]
    list_filter = ["rag", "direction", "theme", "entry__intervention__authority__region"]
    list_select_related = ["entry", "theme"]
    search_fields = ["theme__name", "rationale", "entry__intervention__authority__name"]
    raw_id_fields = ["entry"]
    add_fields = ("entry", "theme", *RATING_FIELDS)
    fixed_fields = ("entry", "theme", "source", "illustrative")
    reason_fields = ("rag", "direction")

    def get_queryset(self, request):
        # The change page asks whether the entry is locked (and the list shows it).
        return super().get_queryset(request).select_related("entry", "theme")

    def has_change_permission(self, request, obj=None):
        unlocked = obj is None or not obj.entry.is_locked
        return unlocked and super().has_change_permission(request, obj)

    def create(self, request, values, reason):
        return _rate(request, values.pop("entry"), values.pop("theme"), values, reason)

    def change(self, request, current, changes, reason):
        _rerate(request, current, changes, reason)


class OverdueListFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue")]

    def queryset(self, request, queryset):
        return queryset.overdue() if self.value() == "yes" else queryset


@admin.register(Action)
class ActionAdmin(LargeTable, InScope, ServiceAdmin):
    list_display = ["title", "intervention", "owner", "due_on", "status", "source"]
    list_filter = ["status", OverdueListFilter, "due_on", "source", REGION]
    list_select_related = ["intervention__authority"]
    search_fields = ["title", "description", "owner", *AUTHORITY_SEARCH]
    raw_id_fields = ["intervention", "owner_user", "source_entry", "source_meeting"]
    add_fields = ("intervention", *services.keywords(services.create_action))
    fixed_fields = ("intervention",)
    reason_fields = ("due_on", "status", "completed_on")

    def create(self, request, values, reason):
        return _create_action(request, values, reason)

    def change(self, request, current, changes, reason):
        _update_action(request, current, changes, reason)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnly, InScope, HistoryAdmin):
    """Evidence is uploaded in the workspace, where its type and size are checked: the admin
    reads it, and downloads it through the workspace's view (which checks who may)."""

    list_display = ["original_name", "entry", "file_type", "size", "uploaded_by", "removed_at"]
    list_filter = ["file_type", ("removed_at", admin.EmptyFieldListFilter), REGION_OF_ENTRY]
    list_select_related = ["entry__intervention__authority", "uploaded_by"]
    search_fields = ["original_name", "entry__intervention__authority__name", "sha256"]
    date_hierarchy = "uploaded_at"
    fields = [
        "download",
        "entry",
        "original_name",
        "file_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "removed_at",
        "removed_by",
    ]
    readonly_fields = fields

    @admin.display(description="File")
    def download(self, obj):
        return format_html('<a href="{}">Download {}</a>', obj.get_absolute_url(), obj)


@admin.register(StagedUpload)
class StagedUploadAdmin(ReadOnly, admin.ModelAdmin):
    """Files uploaded in the workspace and not attached yet (interventions.evidence.stage),
    counted against each person's quota: read only, pruned once their token expires."""

    list_display = ["name", "user", "size", "staged_at"]
    list_select_related = ["user"]
    date_hierarchy = "staged_at"
