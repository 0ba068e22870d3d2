"""Reports in the admin: read-only. Reports change only through the workflow (reporting.services),
so that every step is checked and a submitted report can never be edited in place: the admin
offers no change (not even a save of nothing, which would write a history row), no revert and
no delete (docs/adr/0013)."""

from django.contrib import admin
from django.utils.html import format_html

from core.admin import HistoryAdmin

from .models import Report, ReportVersion


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
