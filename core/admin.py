"""Admin building blocks shared by every app: history with diffs, and a reason for key changes.

Nothing with history is deleted in the admin (docs/adr/0007): not a record, not an inline row,
and not a user, whom history rows name as the person who made each change.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from simple_history.admin import SimpleHistoryAdmin

from .history import has_history
from .models import WorkerHeartbeat


class ReasonForm(forms.ModelForm):
    """Adds a reason field, required when any of the admin's key fields change."""

    change_reason = forms.CharField(
        label="Reason for this change",
        required=False,
        max_length=100,
        help_text="Required when a key date or status changes; it is kept in the history.",
    )
    key_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        key_changed = self.instance.pk and set(self.changed_data) & set(self.key_fields)
        if key_changed and not cleaned.get("change_reason", "").strip():
            changed = ", ".join(
                str(self.fields[name].label or name)
                for name in self.changed_data
                if name in self.key_fields
            )
            self.add_error("change_reason", f"Enter a reason for changing {changed.lower()}")
        return cleaned


class HistoryAdmin(SimpleHistoryAdmin):
    """Every model's admin: history with field diffs, and a reason asked for on key changes.

    Set ``reason_fields`` to the key dates and statuses whose change needs a reason.
    """

    reason_fields: tuple[str, ...] = ()
    form = ReasonForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.key_fields = tuple(self.reason_fields)
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.reason_fields:
            return fieldsets
        # Put the reason last, after every editable field.
        fieldsets = [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "change_reason"]})
            for name, opts in fieldsets
        ]
        return [*fieldsets, ("Reason for change", {"fields": ["change_reason"]})]

    def save_model(self, request, obj, form, change):
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


class UserAdmin(auth_admin.UserAdmin):
    """Django's user admin without deletion: deactivate an account (untick Active) instead."""

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), UserAdmin)


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["token", "created_at"]
    date_hierarchy = "created_at"
    search_fields = ["token"]
