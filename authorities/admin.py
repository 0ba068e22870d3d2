"""Admin for authorities and their neighbours, leaders and yearly figures: every edit in history."""

from django.contrib import admin

from core.admin import DateBoundsMixin, HistoryAdmin, ReasonForm

from .models import LeadershipPost, LocalAuthority, StatisticalNeighbour, YearlyStatistics


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("current", "Current"), ("predecessor", "Predecessor (no longer exists)")]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.current()
        if self.value() == "predecessor":
            return queryset.predecessors()
        return queryset


class StatisticalNeighbourInline(admin.TabularInline):
    model = StatisticalNeighbour
    fk_name = "authority"
    fields = ["rank", "neighbour"]
    ordering = ["rank"]
    # A search box, not a list of every authority rendered again in each of ten rows.
    autocomplete_fields = ["neighbour"]
    extra = 0
    max_num = 10


class LeadershipPostInlineForm(ReasonForm):
    key_fields = ("start_date", "end_date")


class LeadershipPostInline(DateBoundsMixin, admin.TabularInline):
    model = LeadershipPost
    form = LeadershipPostInlineForm
    fields = ["role", "person_name", "is_interim", "start_date", "end_date", "change_reason"]
    ordering = ["role", "-start_date"]
    extra = 0
    show_change_link = True


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(HistoryAdmin):
    list_display = ["name", "ons_code", "dfe_code", "type", "region", "end_date"]
    list_filter = [StatusFilter, "type", "region"]
    search_fields = [
        "name",
        "official_name",
        "ons_code",
        "former_ons_codes",
        "dfe_code",
        "=ofsted_urn",
    ]
    filter_horizontal = ["successors"]
    inlines = [StatisticalNeighbourInline, LeadershipPostInline]
    reason_fields = ("end_date",)
    fieldsets = [
        (None, {"fields": ["name", "official_name", "type", "region"]}),
        ("Codes", {"fields": ["ons_code", "former_ons_codes", "dfe_code", "ofsted_urn"]}),
        ("Reorganisation", {"fields": ["end_date", "successors"]}),
    ]

    def save_formset(self, request, form, formset, change):
        # Inline leadership posts ask for a reason when their dates change, as on their own page.
        for inline_form in formset.forms:
            cleaned = getattr(inline_form, "cleaned_data", None) or {}
            if "change_reason" in cleaned:
                reason = cleaned["change_reason"].strip()
                edited = "Edited in admin" if inline_form.instance.pk else "Created in admin"
                inline_form.instance._change_reason = reason or edited
        super().save_formset(request, form, formset, change)


@admin.register(StatisticalNeighbour)
class StatisticalNeighbourAdmin(HistoryAdmin):
    list_display = ["authority", "rank", "neighbour"]
    list_filter = ["rank", "authority__region"]
    list_select_related = ["authority", "neighbour"]
    search_fields = ["authority__name", "authority__ons_code", "neighbour__name"]
    autocomplete_fields = ["authority", "neighbour"]
    ordering = ["authority__name", "rank"]


@admin.register(LeadershipPost)
class LeadershipPostAdmin(HistoryAdmin):
    list_display = ["person_name", "role", "authority", "is_interim", "start_date", "end_date"]
    list_filter = ["role", "is_interim", "authority__region"]
    list_select_related = ["authority"]
    search_fields = ["person_name", "authority__name", "authority__ons_code"]
    autocomplete_fields = ["authority"]
    date_hierarchy = "start_date"
    reason_fields = ("start_date", "end_date")


@admin.register(YearlyStatistics)
class YearlyStatisticsAdmin(HistoryAdmin):
    list_display = [
        "year",
        "level",
        "area",
        "population_0_17",
        "cla_31_march",
        "cla_rate_per_10000",
        "cin_31_march",
        "cpp_31_march",
        "referrals_in_year",
    ]
    list_display_links = ["year", "area"]
    list_filter = ["year", "level", "region"]
    list_select_related = ["authority"]
    search_fields = ["authority__name", "authority__ons_code", "authority__dfe_code"]
    autocomplete_fields = ["authority"]
    ordering = ["-year", "level", "region", "authority__name"]
    fieldsets = [
        (None, {"fields": ["year", "level", "region", "authority"]}),
        ("Population", {"fields": ["population_0_17"]}),
        (
            "Children looked after",
            {
                "fields": [
                    "cla_31_march",
                    "cla_rate_per_10000",
                    "cla_started_in_year",
                    "cla_ceased_in_year",
                ]
            },
        ),
        (
            "Children in need and child protection",
            {
                "fields": [
                    "cin_31_march",
                    "cin_rate_per_10000",
                    "cpp_31_march",
                    "cpp_rate_per_10000",
                    "cin_episodes_in_year",
                    "referrals_in_year",
                    "rereferral_percent",
                ]
            },
        ),
    ]

    @admin.display(description="area", ordering="authority__name")
    def area(self, obj: YearlyStatistics) -> str:
        return obj.area_name
