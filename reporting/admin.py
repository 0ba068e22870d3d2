"""Reports in the admin: read-only. Reports change only through the workflow (reporting.services),
so that every step is checked and a submitted report can never be edited in place: the admin
offers no change (not even a save of nothing, which would write a history row), no revert and
no delete (docs/adr/0013)."""

import re
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from core import roles
from core.admin import HistoryAdmin, ReadOnly
from core.loading import DataFileError
from inspections.importing import FORMATS

from .alerts import import_ofsted_outcomes
from .models import Alert, Report, ReportVersion


class ReportVersionInline(admin.TabularInline):
    model = ReportVersion
    fields = [
        "number",
        "data_as_at",
        "content_sha256",
        "signed_off_by",
        "signed_off_at",
        "submitted_by",
        "submitted_at",
        "sha256",
        "reopened_by",
        "reopened_at",
        "reopen_reason",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(HistoryAdmin):
    list_display = ["intervention", "period_start", "period_end", "status", "version", "due_on"]
    list_filter = ["status", "period_end", "intervention__authority__region"]
    list_select_related = ["intervention__authority"]
    search_fields = ["intervention__authority__name", "intervention__authority__ons_code"]
    date_hierarchy = "period_end"
    readonly_fields = [
        "intervention",
        "period_start",
        "period_end",
        "due_on",
        "status",
        "version",
        "created_at",
        "due_reminder_sent_on",
        "overdue_reminder_sent_on",
        "report_page",
    ]
    fields = readonly_fields
    inlines = [ReportVersionInline]

    @admin.display(description="Report page")
    def report_page(self, obj):
        return format_html('<a href="{}">Open the report</a>', obj.get_absolute_url())

    def get_queryset(self, request):
        # The admin is one more client of the scope API (ADR 15); HistoryAdmin has no delete.
        return super().get_queryset(request).restrict(request.user, "view")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OfstedImportForm(forms.Form):
    file = forms.FileField(
        label="Ofsted outcomes file (CSV)",
        help_text="Ofsted's outcomes layout, or Data to Insight's scrape of Ofsted's reports",
        error_messages={"required": "Choose a CSV file to import"},
    )
    format = forms.ChoiceField(
        label="Format",
        choices=[("", "Detect from the file's header"), *[(f, f) for f in FORMATS]],
        required=False,
    )


@admin.register(Alert)
class AlertAdmin(ReadOnly, admin.ModelAdmin):
    """Alerts are raised by imports and changes (``reporting.alerts``), never edited. The import
    page lives here: upload, a preview of what would change, then confirm."""

    list_display = ["created_at", "kind", "authority", "message", "cause", "emailed_at"]
    list_select_related = ["authority"]
    search_fields = ["authority__name", "message", "cause"]
    readonly_fields = [f.name for f in Alert._meta.fields]

    def get_urls(self):
        page = path(
            "import-ofsted/",
            self.admin_site.admin_view(self.import_view),
            name="reporting_alert_import_ofsted",
        )
        return [page, *super().get_urls()]

    def import_view(self, request):
        roles.require(roles.has_role(request.user, roles.ADMIN), "Only admins import Ofsted files")
        context = {**self.admin_site.each_context(request), "title": "Import Ofsted outcomes"}
        context["opts"] = self.opts
        if request.method == "POST" and "token" in request.POST:
            return self._confirm(request, context)
        form = OfstedImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            token = uuid.uuid4().hex
            stored = _upload_path(token)
            stored.parent.mkdir(parents=True, exist_ok=True)
            with stored.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            name = Path(upload.name).name
            try:
                outcome = import_ofsted_outcomes(
                    stored,
                    by=request.user,
                    format=form.cleaned_data["format"] or None,
                    file_name=name,
                    dry_run=True,
                )
            except DataFileError as exc:
                stored.unlink(missing_ok=True)
                form.add_error("file", str(exc))
            else:
                context |= {"outcome": outcome, "token": token, "name": name}
                context["format"] = outcome.result.format
                context["shown"] = [c for c in outcome.result.changes if c.outcome != "matched"]
        context["form"] = form
        return TemplateResponse(request, "admin/reporting/ofsted_import.html", context)

    def _confirm(self, request, context):
        token = request.POST.get("token", "")
        stored = _upload_path(token) if re.fullmatch(r"[0-9a-f]{32}", token) else None
        if stored is None or not stored.is_file():
            self.message_user(request, "That upload has expired: upload the file again", "error")
            return HttpResponseRedirect(reverse("admin:reporting_alert_import_ofsted"))
        name = Path(request.POST.get("name", "")).name or stored.name
        try:
            outcome = import_ofsted_outcomes(
                stored, by=request.user, format=request.POST.get("format") or None, file_name=name
            )
        except DataFileError as exc:
            self.message_user(request, f"{exc} (nothing was imported)", "error")
            return HttpResponseRedirect(reverse("admin:reporting_alert_import_ofsted"))
        finally:
            stored.unlink(missing_ok=True)
        alerts = len(outcome.alerts)
        self.message_user(
            request,
            f"{outcome.result.summary()}. {alerts} alert{'s' if alerts != 1 else ''} raised.",
            "success",
        )
        return HttpResponseRedirect(reverse("admin:reporting_alert_changelist"))


def _upload_path(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "ofsted-imports" / f"{token}.csv"
