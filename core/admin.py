"""Admin building blocks shared by every app: history with diffs, a reason for key changes, and
the admin as one more client of the services (docs/adr/0013).

Nothing with history is deleted in the admin (docs/adr/0007): not a record, not an inline row,
and not a user, whom history rows name as the person who made each change. Nothing is reverted
either: a past version can be read, never saved back over the record (docs/adr/0013).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from .dates import govuk_datetime
from .forms import DateRangeValidator, TextField
from .history import has_history, save_with_history
from .models import WorkerHeartbeat


def show_refusal(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on ``form``: each message beside its field, else at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        known = field != NON_FIELD_ERRORS and field in form.fields
        form.add_error(field if known else None, errors)


class ReasonForm(forms.ModelForm):
    """Adds a reason field, required when any of the admin's key fields change.

    ``fixed_fields`` are set when a row is created and cannot be changed afterwards (a rating's
    theme, an appointment's commissioner): they are shown, disabled, on rows that exist.
    ``refusal`` is a service's ValidationError from a first attempt to save, shown as this
    form's errors (``HistoryAdmin.changeform_view``).

    A record's change form carries the last history row it was built from (``history_seen``)
    and refuses to save over a change made since, as the workspace's forms do with a version
    (issue 15): saving again then applies this person's values over the other change.
    """

    change_reason = forms.CharField(
        label="Reason for this change",
        required=False,
        max_length=100,
        help_text="Required when a key date or status changes; it is kept in the history.",
    )
    history_seen = forms.CharField(widget=forms.HiddenInput, required=False)
    key_fields: tuple[str, ...] = ()
    fixed_fields: tuple[str, ...] = ()
    refusal: ValidationError | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in self.fixed_fields:
                if name in self.fields:
                    self.fields[name].disabled = True
        self.latest = self._latest_change()
        if self.latest is not None and not self.is_bound:
            self.initial["history_seen"] = str(self.latest.history_id)

    def _latest_change(self):
        """The record's newest history row: only on a record's own change form (an inline's
        rows would cost a query each)."""
        if self.prefix or not self.instance.pk or not has_history(type(self.instance)):
            return None
        rows = self.instance.history.select_related("history_user").order_by("-history_id")
        return rows.first()

    def _refuse_stale(self) -> None:
        seen = str(self.data.get(self.add_prefix("history_seen")) or "")
        if self.latest is None or not seen or seen == str(self.latest.history_id):
            return
        who = self.latest.history_user
        name = (who.get_full_name() or who.get_username()) if who else "someone else"
        when = govuk_datetime(self.latest.history_date)
        self.add_error(
            None,
            f"This record was changed by {name} on {when} while you were editing it. "
            "Check its history; saving again will apply your values over that change.",
        )
        self.data = self.data.copy()
        self.data[self.add_prefix("history_seen")] = str(self.latest.history_id)

    def clean(self):
        cleaned = super().clean()
        self._refuse_stale()
        key_changed = self.instance.pk and set(self.changed_data) & set(self.key_fields)
        if key_changed and not cleaned.get("change_reason", "").strip():
            changed = ", ".join(
                str(self.fields[name].label or name)
                for name in self.changed_data
                if name in self.key_fields
            )
            self.add_error("change_reason", f"Enter a reason for changing {changed.lower()}")
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.refusal is not None:
            show_refusal(self, self.refusal)


@dataclass(frozen=True)
class ObjectAction:
    """One step of a workflow on one record, done in the admin through its service.

    The admin shows ``form`` on a page of its own (linked from the record's change page); when
    it is valid, ``run(request, obj, cleaned_data)`` calls the service and returns the record to
    show next (None for ``obj``). A ValidationError from the service is shown on the form.
    """

    slug: str
    label: str
    form: type[forms.Form]
    run: Callable[[Any, models.Model, dict], models.Model | None]
    done: str
    shown: Callable[[models.Model], bool] = lambda obj: True
    initial: Callable[[models.Model], dict] = lambda obj: {}
    now: Callable[[models.Model], str] = lambda obj: ""


class ReadOnly:
    """An admin that lists and shows records written elsewhere (by a service or a process):
    nothing is added, changed or deleted through it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DateBoundsMixin:
    """Every date typed in the admin is in the service's years (core.forms.DateRangeValidator):
    the admin took 1 January 0001 as an intervention's opening date. Text keeps ``\n`` line
    endings (core.forms.TextField), so that a save without a change writes no history."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField) and not db_field.choices:
            kwargs.setdefault("form_class", TextField)
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(db_field, models.DateField):
            label = capfirst(str(field.label or db_field.verbose_name))
            field.validators.append(DateRangeValidator.for_field(db_field.name, label))
        return field


class DateQueryMixin:
    """A changelist's date filter (``?held_on__year=``) that is not a plausible date part is
    a bad request, not a server error (``99999999999`` overflowed the database's integer)."""

    date_parts = {"__year": 4, "__month": 2, "__day": 2}

    def changelist_view(self, request, extra_context=None):
        for key, value in request.GET.items():
            for suffix, digits in self.date_parts.items():
                if key.endswith(suffix) and not (value.isdecimal() and len(value) <= digits):
                    return HttpResponseBadRequest(f"{key} must be a number of {digits} digits")
        return super().changelist_view(request, extra_context)


def _with_related_of(record, instance):
    """``instance`` (a past version built from its history ``record``) holding the related
    records the history row already holds, so naming it reads nothing more."""
    held_names = {field.name for field in record._meta.fields}
    for field in instance._meta.concrete_fields:
        if field.many_to_one and field.name in held_names:
            held = record._meta.get_field(field.name)
            if held.is_cached(record):
                field.set_cached_value(instance, held.get_cached_value(record))
    return instance


class LargeTable:
    """A changelist over one of the largest tables (a row per rating, entry, action...): the
    newest recorded first, read off the primary key's index, and counted once. Their models'
    own orderings (by the entry's date, then the theme...) made PostgreSQL sort every row of
    the table to show the first 100 (106 ms for 70,000 ratings; bench/README.md). No date
    hierarchy: listing its years read every row of the table (8 ms for 20,000 progress
    entries, and ten times that at ten times the rows); the date is a list filter instead
    (today, the past 7 days, this month, this year), which reads none."""

    ordering = ("-pk",)
    show_full_result_count = False


class PastVersionsAdmin(SimpleHistoryAdmin):
    """History pages that read every past version and revert none of them (docs/adr/0013)."""

    def set_history_delta_changes(self, request, historical_records, *args, **kwargs):
        """Also name each version as it stood (``record.label``), from the related records the
        history page has already read: ``history_object`` builds a fresh instance whose name
        (an intervention's is its authority's) cost a query per row."""
        super().set_history_delta_changes(request, historical_records, *args, **kwargs)
        for record in historical_records:
            record.label = str(_with_related_of(record, record.history_object))

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version, read-only. Reverting would save it back over the record without
        the services' checks or a reason (it wrote a 2015 status after a 2026 one)."""
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied("Past versions cannot be restored in the admin")
        request.viewing_past_version = True
        return super().history_form_view(request, object_id, version_id, extra_context)


class HistoryAdmin(DateBoundsMixin, DateQueryMixin, PastVersionsAdmin):
    """Every model's admin: history with field diffs, and a reason asked for on key changes.

    Set ``reason_fields`` to the key dates and statuses whose change needs a reason, and
    ``object_actions`` to the workflow steps done on their own pages through the services.
    """

    reason_fields: tuple[str, ...] = ()
    object_actions: tuple[ObjectAction, ...] = ()
    form = ReasonForm
    # 25 rows a page, as the service's own lists: drawing a row of a changelist costs about
    # 0.2 ms (0.5 ms for an intervention, with its next report due), which made 100 rows most
    # of a changelist's time (bench/README.md).
    list_per_page = 25

    # -- the change form: a reason, and a service's refusal shown as the form's errors ---------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.key_fields = tuple(self.reason_fields)
        form.refusal = getattr(request, "admin_refusal", None)
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        # Put the reason last, after every editable field; none on a page that saves nothing.
        # The reason and the history seen are placed here, or left out of a past version.
        left_out = {"change_reason"}
        if self._read_only(request, obj):
            left_out.add("history_seen")
        fieldsets = [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in left_out]})
            for name, opts in fieldsets
        ]
        if not self.reason_fields or self._read_only(request, obj):
            return fieldsets
        return [*fieldsets, ("Reason for change", {"fields": ["change_reason"]})]

    def _read_only(self, request, obj) -> bool:
        return getattr(request, "viewing_past_version", False) or not self.has_change_permission(
            request, obj
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Saves, or shows the form again with a service's refusal on it.

        Services refuse after the form is valid (``save_model`` and ``save_formset`` call them),
        by raising ValidationError. Django's admin would answer that with a server error: here
        the attempt is rolled back (the view runs in a transaction) and the same POST is shown
        again, the refusal added to the form's errors, so that nothing is saved.
        """
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refusal:
            if request.method != "POST" or getattr(request, "admin_refusal", None) is not None:
                raise
            request.admin_refusal = refusal
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        model_fields = {f.name for f in self.model._meta.fields}
        if change and not set(form.changed_data) & model_fields:
            return  # nothing changed: no save, so no history row saying it did
        reason = form.cleaned_data.get("change_reason", "").strip() if change else ""
        obj._change_reason = reason or ("Created in admin" if not change else "Edited in admin")
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        # No delete page, no "Delete selected" action: a record with history is kept.
        return False

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            if has_history(inline.model):
                inline.can_delete = False
        return inlines

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if getattr(request, "viewing_past_version", False):
            fields += [f.name for f in self.model._meta.fields if f.name not in fields]
            fields.append("history_seen")  # a form field: read-only, it leaves the form
        if obj is not None and self._read_only(request, obj):
            # Form fields: read-only, they leave the form.
            fields += [name for name in ("change_reason", "history_seen") if name not in fields]
        return fields

    # -- workflow steps on pages of their own -------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        steps = [
            path(
                f"<path:object_id>/{action.slug}/",
                self.admin_site.admin_view(partial(self.object_action_view, action=action)),
                name="{}_{}_{}".format(*info, action.slug.replace("-", "_")),
            )
            for action in self.object_actions
        ]
        return steps + super().get_urls()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.object_actions and self.has_change_permission(request, obj):
            context["object_actions"] = self._action_links(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _action_links(self, obj) -> list[tuple[str, str]]:
        info = self.opts.app_label, self.opts.model_name
        return [
            (
                action.label,
                reverse(
                    "admin:{}_{}_{}".format(*info, action.slug.replace("-", "_")),
                    args=[obj.pk],
                    current_app=self.admin_site.name,
                ),
            )
            for action in self.object_actions
            if action.shown(obj)
        ]

    def object_action_view(self, request, object_id, action: ObjectAction):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with that id")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None
        form = action.form(data, initial=action.initial(obj))
        if request.method == "POST" and form.is_valid():
            try:
                shown = action.run(request, obj, form.cleaned_data) or obj
            except ValidationError as refusal:
                show_refusal(form, refusal)
            else:
                self.log_change(request, obj, action.label)
                self.message_user(request, action.done, messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse(
                        f"admin:{shown._meta.app_label}_{shown._meta.model_name}_change",
                        args=[shown.pk],
                        current_app=self.admin_site.name,
                    )
                )
        context = {
            **self.admin_site.each_context(request),
            "title": action.label,
            "subtitle": str(obj),
            "opts": self.opts,
            "original": obj,
            "action": action,
            "now": action.now(obj),
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/object_action.html", context)


class ServiceAdmin(HistoryAdmin):
    """A HistoryAdmin whose saves go through the app's services.

    ``add_fields`` are the add form's fields (what the create service takes) and
    ``fixed_fields`` are read-only once a record exists (set by a service or a step of its own).

    ``create(request, values, reason)`` makes a new record (``values``: the add form's model
    fields) and ``change(request, current, changes, reason)`` changes one (``current``: the
    record as saved; ``changes``: only the fields the form changed). Both call the services;
    plain descriptive edits may use ``edit_fields``. A change that alters nothing saves nothing.
    """

    add_fields: tuple[str, ...] | None = None
    fixed_fields: tuple[str, ...] = ()

    def create(self, request, values: dict, reason: str) -> models.Model:
        raise NotImplementedError(f"{type(self).__name__} cannot create records")

    def change(self, request, current, changes: dict, reason: str) -> None:
        edit_fields(current, changes, by=request.user, reason=reason)

    def get_fields(self, request, obj=None):
        if obj is None and self.add_fields is not None:
            return [*self.add_fields, "change_reason"]
        # Read-only fields where the model has them, not after every editable one.
        order = {f.name: i for i, f in enumerate(self.model._meta.fields)}
        fields = super().get_fields(request, obj)
        return sorted(fields, key=lambda name: order.get(name, len(order)))

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is None:
            return fields
        return [*fields, *(name for name in self.fixed_fields if name not in fields)]

    def has_add_permission(self, request):
        return type(self).create is not ServiceAdmin.create and super().has_add_permission(request)

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get("change_reason", "").strip()
        if change:
            changes = changed_values(form)
            if changes:
                self.change(request, self.model._default_manager.get(pk=obj.pk), changes, reason)
                obj.refresh_from_db()
        else:
            adopt(obj, self.create(request, model_values(form), reason))


class ServiceInline(DateBoundsMixin, admin.TabularInline):
    """An inline whose rows are saved through the services (``ServiceParentAdmin``).

    ``create(request, values, reason)`` and ``change(request, current, changes, reason)`` as in
    ``ServiceAdmin``; ``values`` includes the parent under the inline's foreign key.
    """

    form = ReasonForm
    reason_fields: tuple[str, ...] = ()
    fixed_fields: tuple[str, ...] = ()
    extra = 0
    show_change_link = True
    related_select: tuple[str, ...] = ()

    def create(self, request, values: dict, reason: str) -> models.Model:
        raise NotImplementedError(f"{type(self).__name__} cannot create records")

    def change(self, request, current, changes: dict, reason: str) -> None:
        edit_fields(current, changes, by=request.user, reason=reason)

    def has_add_permission(self, request, obj=None):
        creates = type(self).create is not ServiceInline.create
        return creates and super().has_add_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.related_select)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.key_fields = tuple(self.reason_fields)
        formset.form.fixed_fields = tuple(self.fixed_fields)
        formset.service_inline = self
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

    def save_rows(self, request, formset) -> None:
        """Create or change each row the form changed, through the services."""
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.forms:
            if not row.has_changed():
                continue
            reason = (row.cleaned_data.get("change_reason") or "").strip()
            if row.instance._state.adding:
                formset.new_objects.append(self.create(request, model_values(row), reason))
                continue
            current = self.model._default_manager.get(pk=row.instance.pk)
            changes = changed_values(row)
            if changes:
                self.change(request, current, changes, reason)
                formset.changed_objects.append((current, list(changes)))


class ServiceParentAdmin(ServiceAdmin):
    """A ServiceAdmin shown with ServiceInlines (other inlines are read-only listings)."""

    def save_formset(self, request, form, formset, change):
        inline = getattr(formset, "service_inline", None)
        if inline is None:
            super().save_formset(request, form, formset, change)
        else:
            inline.save_rows(request, formset)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.choices = list(field.choices)
        return field


def model_values(form: forms.ModelForm) -> dict:
    """The model fields of a valid form, by name (not the reason, not the formset's id)."""
    names = {f.name for f in form._meta.model._meta.fields if not f.primary_key}
    return {name: value for name, value in form.cleaned_data.items() if name in names}


def changed_values(form: forms.ModelForm) -> dict:
    """The model fields the form changed, by name."""
    values = model_values(form)
    return {name: values[name] for name in form.changed_data if name in values}


def edit_fields(instance: models.Model, changes: dict, *, by, reason: str) -> None:
    """A plain edit of descriptive fields, saved with who and why (or "Edited in admin")."""
    for name, value in changes.items():
        setattr(instance, name, value)
    save_with_history(instance, by=by, reason=reason or "Edited in admin")


def adopt(obj: models.Model, created: models.Model) -> None:
    """Make the admin's unsaved ``obj`` the record a service created, so that the admin logs,
    links to and saves inline rows against the record as saved."""
    obj.pk = created.pk
    obj._state.adding = False
    obj._state.db = created._state.db
    obj.refresh_from_db()


class UserAdmin(PastVersionsAdmin, auth_admin.UserAdmin):
    """Django's user admin with history (not of the password) and without deletion: deactivate
    an account (untick Active) instead."""

    def has_delete_permission(self, request, obj=None):
        return False


class GroupAdmin(PastVersionsAdmin, auth_admin.GroupAdmin):
    """Roles are groups (docs/adr/0015): their permissions keep a history, and none is deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), UserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, GroupAdmin)


def _keep_records(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """``admin_class`` without deletion: sign-in failures are evidence, not clutter (an
    operator clears a lockout with ``manage.py axes_reset_username``, which the log keeps)."""
    return type(admin_class.__name__, (admin_class,), {"has_delete_permission": _refuse})


def _refuse(self, request, obj=None):
    return False


for _model, _admin in (
    (AccessAttempt, axes_admin.AccessAttemptAdmin),
    (AccessLog, axes_admin.AccessLogAdmin),
    (AccessFailureLog, axes_admin.AccessFailureLogAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
        admin.site.register(_model, _keep_records(_admin))


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["token", "kind", "created_at"]
    date_hierarchy = "created_at"
    search_fields = ["token"]
