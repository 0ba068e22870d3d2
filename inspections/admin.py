from django.contrib import admin, messages
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import ExtractYear
from django.shortcuts import redirect

from authorities.models import LocalAuthority
from core.admin import HistoryAdmin

from .models import Area, Grade, Inspection, Judgement, PresumptionRule
from .services import new_rule_version


class OverallGradeFilter(admin.SimpleListFilter):
    title = "overall effectiveness"
    parameter_name = "overall"

    def lookups(self, request, model_admin):
        return [*Grade.choices, ("none", "No overall grade")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(listed_overall__isnull=True)
        if self.value() in Grade.values:
            return queryset.filter(listed_overall=self.value())
        return queryset


class PublicationYearFilter(admin.SimpleListFilter):
    title = "year published"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            Inspection.objects.filter(publication_date__isnull=False)
            .annotate(year=ExtractYear("publication_date"))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdecimal():
            return queryset.filter(publication_date__year=int(self.value()))
        return queryset


class JudgementInline(admin.TabularInline):
    model = Judgement
    extra = 0
    fields = ["area", "grade"]


@admin.register(Inspection)
class InspectionAdmin(HistoryAdmin):
    list_display = [
        "authority",
        "framework",
        "type",
        "inspection_date",
        "publication_date",
        "overall",
    ]
    list_filter = [
        "framework",
        "type",
        OverallGradeFilter,
        "authority__region",
        PublicationYearFilter,
    ]
    list_select_related = ["authority"]
    search_fields = ["authority__name", "authority__ons_code", "authority__dfe_code"]
    date_hierarchy = "publication_date"
    inlines = [JudgementInline]
    reason_fields = ("inspection_date", "publication_date")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["authority", "framework", "type"]}),
        ("Dates", {"fields": ["inspection_date", "publication_date"]}),
        (
            "Report",
            {"fields": ["report_url", "themes", "priority_action_named", "priority_actions"]},
        ),
        ("Where it came from", {"fields": ["source", "notes"]}),
    ]

    def get_queryset(self, request):
        # The overall grade as a column, without a query per row.
        overall = Judgement.objects.filter(inspection=OuterRef("pk"), area=Area.OVERALL)
        return (
            super()
            .get_queryset(request)
            .annotate(listed_overall=Subquery(overall.values("grade")[:1]))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "authority":
            kwargs["queryset"] = LocalAuthority.objects.order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Overall", ordering="listed_overall")
    def overall(self, obj):
        return Grade(obj.listed_overall).label if obj.listed_overall else "-"

    def save_formset(self, request, form, formset, change):
        # Judgements changed alongside the inspection share its reason in their history.
        reason = form.cleaned_data.get("change_reason", "").strip() or "Edited in admin"
        for judgement_form in formset.forms:
            judgement_form.instance._change_reason = reason
        super().save_formset(request, form, formset, change)


@admin.register(Judgement)
class JudgementAdmin(HistoryAdmin):
    list_display = ["inspection", "area", "grade"]
    list_filter = ["inspection__framework", "area", "grade"]
    list_select_related = ["inspection__authority"]
    search_fields = ["inspection__authority__name", "inspection__authority__ons_code"]
    raw_id_fields = ["inspection"]
    reason_fields = ("grade",)


@admin.register(PresumptionRule)
class PresumptionRuleAdmin(HistoryAdmin):
    list_display = [
        "name",
        "slug",
        "version",
        "is_active",
        "effective_from",
        "effective_to",
        "date_basis",
    ]
    list_filter = ["is_active", "date_basis"]
    search_fields = ["name", "slug", "description"]
    reason_fields = ("is_active", "effective_from", "effective_to", "no_overall_areas")
    actions = ["make_new_version"]
    fieldsets = [
        (None, {"fields": ["slug", "version", "name", "description", "source"]}),
        ("When it is in force", {"fields": ["is_active", "effective_from", "effective_to"]}),
        (
            "The test",
            {
                "fields": [
                    "date_basis",
                    "frameworks",
                    "require_latest_inadequate",
                    "latest_count",
                    "min_inadequate",
                    "within_years",
                    "systemic",
                    "no_overall_areas",
                ]
            },
        ),
    ]

    @admin.action(description="Start a new version of the selected rule (the old one stops)")
    def make_new_version(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select one rule", messages.ERROR)
            return None
        rule = new_rule_version(
            queryset.get(), by=request.user, reason="New version started in admin"
        )
        self.message_user(request, f"Version {rule.version} started: edit it below")
        return redirect(rule.get_absolute_url())
