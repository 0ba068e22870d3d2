"""Admin for interventions: every model, with history, field diffs and reasons for key changes.

Inline rows ask for their own reason when one of their key dates changes, since the parent's
reason field cannot see them. Foreign-key choices in inlines are read once per page, not once
per row, so a page's query count does not grow with its rows.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.html import format_html

from core.admin import HistoryAdmin, ReasonForm
from core.history import save_with_history

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
    StatusChange,
    StatutoryDirection,
    Theme,
    ThemeRating,
)

REGION = "intervention__authority__region"
AUTHORITY_SEARCH = ("intervention__authority__name", "intervention__authority__ons_code")
REGION_OF_ENTRY = "entry__intervention__authority__region"


class ReasonInline(admin.TabularInline):
    """An inline whose rows need a reason when their ``reason_fields`` change."""

    form = ReasonForm
    reason_fields: tuple[str, ...] = ()
    extra = 0
    show_change_link = True
    related_select: tuple[str, ...] = ()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.related_select)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.key_fields = tuple(self.reason_fields)
        return formset

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != "change_reason"]
        return [*fields, "change_reason"] if self.reason_fields else fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Read the choices once: a ModelChoiceField re-queries for every row it renders.
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.choices = list(field.choices)
        return field


class ReasonInlinesMixin:
    """Puts each inline row's reason (or a default) into its history row."""

    def save_formset(self, request, form, formset, change):
        for row in formset.forms:
            cleaned = getattr(row, "cleaned_data", {}) or {}
            reason = (cleaned.get("change_reason") or "").strip()
            default = "Edited in admin" if row.instance.pk else "Created in admin"
            row.instance._change_reason = reason or default
        super().save_formset(request, form, formset, change)


class ParentAdmin(ReasonInlinesMixin, HistoryAdmin):
    """HistoryAdmin for a model shown with inlines."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.choices = list(field.choices)
        return field


# ---------------------------------------------------------------------------------------------
# Themes


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin):
    list_display = ["name", "code", "order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code", "description"]
    reason_fields = ("active", "order", "name")


# ---------------------------------------------------------------------------------------------
# The intervention and its inlines


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fields = ["changed_on", "from_status", "to_status", "reason", "changed_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")

    def has_add_permission(self, request, obj=None):
        return False


class NoticeInline(ReasonInline):
    model = ImprovementNotice
    fk_name = "intervention"
    fields = ["issued_on", "next_review_on", "revised_on", "lifted_on", "requirements"]
    reason_fields = ("issued_on", "next_review_on", "revised_on", "lifted_on")
    related_select = ("intervention__authority",)
    can_delete = False


class DirectionInline(ReasonInline):
    model = StatutoryDirection
    fk_name = "intervention"
    fields = ["issued_on", "next_review_on", "expires_on", "revised_on", "revoked_on"]
    reason_fields = tuple(fields)
    related_select = ("intervention__authority",)
    can_delete = False


class AppointmentInline(ReasonInline):
    model = CommissionerAppointment
    fields = ["commissioner", "starts_on", "ends_on", "appointed_by"]
    reason_fields = ("starts_on", "ends_on")
    related_select = ("commissioner", "intervention__authority")


class PartnershipFormSet(forms.BaseInlineFormSet):
    """New partnerships in an intervention support the intervention's authority."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if not form.instance.pk and self.instance.pk:
            form.instance.supported_id = self.instance.authority_id
        return form


class PartnershipInline(ReasonInline):
    model = ImprovementPartnership
    fk_name = "intervention"
    fields = ["supporting", "model", "legal_basis", "starts_on", "ends_on"]
    reason_fields = ("model", "legal_basis", "starts_on", "ends_on")
    related_select = ("supporting", "supported")
    can_delete = False

    formset = PartnershipFormSet


class ProgressEntryForm(ReasonForm):
    """Refuses changes to an entry a submitted report includes."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.is_locked and self.has_changed():
            raise forms.ValidationError(
                "This entry is part of a submitted report and can no longer be changed"
            )
        return cleaned


class ProgressEntryInline(ReasonInline):
    model = ProgressEntry
    form = ProgressEntryForm
    fields = ["occurred_on", "kind", "summary", "locked_at"]
    readonly_fields = ["locked_at"]
    reason_fields = ("occurred_on",)
    can_delete = False
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
    }


class ActionInline(ReasonInline):
    model = Action
    fields = ["title", "owner", "due_on", "status", "completed_on", "source"]
    reason_fields = ("due_on", "status", "completed_on")
    can_delete = False


class InterventionAdminForm(ReasonForm):
    """Checks a status change against the lifecycle; a closed status gets its closing date."""

    class Meta:
        model = Intervention
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status_changed_on" in self.fields and not self.instance.pk:
            self.fields["status_changed_on"].required = False
            self.fields["status_changed_on"].help_text = "Leave empty for the opening date"

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if not self.instance.pk:
            if not cleaned.get("status_changed_on"):
                cleaned["status_changed_on"] = cleaned.get("opened_on")
        elif "status" in self.changed_data and status:
            self._check_transition(cleaned, status)
        if status == Intervention.Status.CLOSED and not cleaned.get("closed_on"):
            cleaned["closed_on"] = cleaned.get("status_changed_on") or timezone.localdate()
        return cleaned

    def _check_transition(self, cleaned, status):
        before = self.instance
        if not before.can_change_to(status):
            self.add_error(
                "status",
                f"An intervention that is {before.get_status_display().lower()} cannot move to"
                f" {Intervention.Status(status).label.lower()}",
            )
        changed_on = cleaned.get("status_changed_on")
        if changed_on and changed_on < before.status_changed_on:
            self.add_error(
                "status_changed_on",
                "The date of the change must be on or after the date of the last change of status",
            )


@admin.register(Intervention)
class InterventionAdmin(ParentAdmin):
    form = InterventionAdminForm
    list_display = [
        "authority",
        "region",
        "status",
        "opened_on",
        "closed_on",
        "months_open",
        "next_report_due",
    ]
    list_filter = [
        "status",
        "authority__region",
        ("authority", admin.RelatedOnlyFieldListFilter),
        "reporting_period_months",
        "opened_on",
    ]
    list_select_related = ["authority"]
    search_fields = ["authority__name", "authority__ons_code", "notes", "trigger_summary"]
    date_hierarchy = "opened_on"
    raw_id_fields = ["trigger_inspection"]
    reason_fields = (
        "status",
        "status_changed_on",
        "opened_on",
        "closed_on",
        "reporting_period_months",
        "reporting_starts_on",
        "trigger_inspection",
    )
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

    def save_model(self, request, obj, form, change):
        before = Intervention.objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        if before is None or before.status != obj.status:
            # The status log is the lifecycle's source of truth: an admin edit writes to it
            # just as services.change_status does.
            change_row = StatusChange(
                intervention=obj,
                from_status=before.status if before else "",
                to_status=obj.status,
                changed_on=obj.status_changed_on,
                reason=obj._change_reason,
                changed_by=request.user,
            )
            save_with_history(change_row, by=request.user, reason=obj._change_reason)


@admin.register(StatusChange)
class StatusChangeAdmin(HistoryAdmin):
    """The status log is written by status changes, never edited by hand."""

    list_display = ["intervention", "from_status", "to_status", "changed_on", "changed_by"]
    list_filter = ["to_status", "from_status", "intervention__authority__region"]
    list_select_related = ["intervention__authority", "changed_by"]
    search_fields = [*AUTHORITY_SEARCH, "reason"]
    date_hierarchy = "changed_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# ---------------------------------------------------------------------------------------------
# Notices and directions


class InstrumentAdmin(HistoryAdmin):
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
    reason_fields = ("issued_on", "next_review_on", "revised_on", "lifted_on")


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
    reason_fields = ("issued_on", "next_review_on", "expires_on", "revised_on", "revoked_on")


# ---------------------------------------------------------------------------------------------
# Commissioners


class CommissionerAppointmentInline(ReasonInline):
    model = CommissionerAppointment
    fields = ["intervention", "starts_on", "ends_on", "appointed_by"]
    reason_fields = ("starts_on", "ends_on")
    related_select = ("commissioner", "intervention__authority")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "intervention":
            kwargs["queryset"] = Intervention.objects.select_related("authority")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Commissioner)
class CommissionerAdmin(ParentAdmin):
    list_display = ["name", "title", "organisation", "user"]
    list_select_related = ["user"]
    list_filter = [("user", admin.EmptyFieldListFilter)]
    search_fields = ["name", "title", "organisation", "email", "user__username"]
    raw_id_fields = ["user"]
    inlines = [CommissionerAppointmentInline]


@admin.register(CommissionerAppointment)
class CommissionerAppointmentAdmin(HistoryAdmin):
    list_display = ["commissioner", "intervention", "starts_on", "ends_on", "appointed_by"]
    list_filter = [REGION, ("ends_on", admin.EmptyFieldListFilter)]
    list_select_related = ["commissioner", "intervention__authority"]
    search_fields = ["commissioner__name", *AUTHORITY_SEARCH]
    date_hierarchy = "starts_on"
    reason_fields = ("starts_on", "ends_on")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "intervention":
            kwargs["queryset"] = Intervention.objects.select_related("authority")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# ---------------------------------------------------------------------------------------------
# Partnerships


class PartnerDayLogInline(ReasonInline):
    model = PartnerDayLog
    fields = ["worked_on", "days", "description", "logged_by"]
    readonly_fields = ["logged_by"]
    reason_fields = ("worked_on", "days")
    related_select = ("logged_by",)


@admin.register(ImprovementPartnership)
class ImprovementPartnershipAdmin(ParentAdmin):
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

    def save_formset(self, request, form, formset, change):
        for row in formset.forms:
            if not row.instance.pk and not row.instance.logged_by_id:
                row.instance.logged_by = request.user
        super().save_formset(request, form, formset, change)


@admin.register(PartnerDayLog)
class PartnerDayLogAdmin(HistoryAdmin):
    list_display = ["partnership", "worked_on", "days", "logged_by"]
    list_filter = ["partnership__supported__region", "partnership__model"]
    list_select_related = ["partnership__supporting", "partnership__supported", "logged_by"]
    search_fields = ["partnership__supporting__name", "partnership__supported__name", "description"]
    date_hierarchy = "worked_on"
    raw_id_fields = ["partnership", "logged_by"]
    reason_fields = ("worked_on", "days")


# ---------------------------------------------------------------------------------------------
# Boards


class BoardMeetingInline(ReasonInline):
    model = BoardMeeting
    fields = ["held_on", "attendees", "decisions"]
    reason_fields = ("held_on",)
    related_select = ("board",)
    can_delete = False


@admin.register(ImprovementBoard)
class ImprovementBoardAdmin(ParentAdmin):
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
    reason_fields = ("established_on", "stood_down_on")
    inlines = [BoardMeetingInline]


@admin.register(BoardMeeting)
class BoardMeetingAdmin(HistoryAdmin):
    list_display = ["board", "held_on"]
    list_filter = ["board__intervention__authority__region"]
    list_select_related = ["board__intervention__authority"]
    search_fields = ["board__name", "board__intervention__authority__name", "decisions", "notes"]
    date_hierarchy = "held_on"
    raw_id_fields = ["board"]
    reason_fields = ("held_on",)


# ---------------------------------------------------------------------------------------------
# ADM and decisions


class ADMOptionInline(ReasonInline):
    model = ADMOption
    fields = ["name", "model", "partner", "pros", "cons", "risks", "outcome", "outcome_on"]
    reason_fields = ("outcome", "outcome_on")
    can_delete = False
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})}
    }


@admin.register(ADMAssessment)
class ADMAssessmentAdmin(ParentAdmin):
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
    reason_fields = ("concluded_on", "recommended_model", "recommended_partner")
    inlines = [ADMOptionInline]


@admin.register(ADMOption)
class ADMOptionAdmin(HistoryAdmin):
    list_display = ["name", "assessment", "model", "partner", "outcome", "outcome_on"]
    list_filter = ["outcome", "model", "assessment__intervention__authority__region"]
    list_select_related = ["assessment__intervention__authority", "partner"]
    search_fields = ["name", "assessment__intervention__authority__name", "description"]
    raw_id_fields = ["assessment"]
    reason_fields = ("outcome", "outcome_on")


@admin.register(MinisterialDecision)
class MinisterialDecisionAdmin(HistoryAdmin):
    list_display = ["intervention", "stage", "decided_on", "decided_by", "next_update_due_on"]
    list_filter = ["stage", REGION]
    list_select_related = ["intervention__authority"]
    search_fields = [*AUTHORITY_SEARCH, "decision", "decided_by"]
    date_hierarchy = "decided_on"
    raw_id_fields = ["intervention", "assessment"]
    reason_fields = ("stage", "decided_on", "next_update_due_on")


# ---------------------------------------------------------------------------------------------
# Progress entries and actions


class ThemeRatingInline(ReasonInline):
    model = ThemeRating
    fields = ["theme", "rag", "direction", "rationale"]
    reason_fields = ("rag", "direction")
    related_select = ("theme", "entry")

    def _editable(self, obj):
        return obj is None or not obj.is_locked

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(ProgressEntry)
class ProgressEntryAdmin(ParentAdmin):
    form = ProgressEntryForm
    list_display = ["intervention", "occurred_on", "kind", "author", "locked_at"]
    list_filter = ["kind", REGION, ("locked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["intervention__authority", "author"]
    search_fields = [*AUTHORITY_SEARCH, "summary"]
    date_hierarchy = "occurred_on"
    raw_id_fields = ["intervention", "author", "board_meeting"]
    readonly_fields = ["locked_at"]
    reason_fields = ("occurred_on",)
    inlines = [ThemeRatingInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return [f.name for f in ProgressEntry._meta.fields]
        return super().get_readonly_fields(request, obj)


@admin.register(ThemeRating)
class ThemeRatingAdmin(HistoryAdmin):
    list_display = ["entry", "theme", "rag", "direction"]
    list_filter = ["rag", "direction", "theme", "entry__intervention__authority__region"]
    list_select_related = ["entry", "theme"]
    search_fields = ["theme__name", "rationale", "entry__intervention__authority__name"]
    raw_id_fields = ["entry"]
    reason_fields = ("rag", "direction")


class OverdueListFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue")]

    def queryset(self, request, queryset):
        return queryset.overdue() if self.value() == "yes" else queryset


@admin.register(Action)
class ActionAdmin(HistoryAdmin):
    list_display = ["title", "intervention", "owner", "due_on", "status", "source"]
    list_filter = ["status", OverdueListFilter, "source", REGION]
    list_select_related = ["intervention__authority"]
    search_fields = ["title", "description", "owner", *AUTHORITY_SEARCH]
    date_hierarchy = "due_on"
    raw_id_fields = ["intervention", "owner_user", "source_entry", "source_meeting"]
    reason_fields = ("due_on", "status", "completed_on")


@admin.register(Evidence)
class EvidenceAdmin(HistoryAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
