"""From April 2026 Ofsted gives ILACS inspections no overall effectiveness grade: each rule gets a
version in force from 1 April 2026 that says which area judgements make such an inspection count
as Inadequate (``no_overall_areas``). The version before it ends on 31 March 2026 and keeps
answering for earlier dates. An admin can edit the areas, with a reason (a new version)."""

import datetime

from django.db import migrations
from django.utils import timezone

REFORM = datetime.date(2026, 4, 1)
# The judgements on children's experiences and on leaders' impact, as the overall effectiveness
# grade weighed them: an Inadequate on any of them was the finding that made ILACS overall
# effectiveness Inadequate. Care leavers (graded only since 2023) is left out: alone, it did not.
AREAS = ["impact_of_leaders", "help_and_protection", "children_in_care"]
REASON = (
    "Ofsted's April 2026 reform: no overall effectiveness grade; an inspection counts as"
    " Inadequate when leaders' impact, help and protection or children in care is Inadequate"
)


def _history(apps, rule, kind, reason):
    PresumptionRule = apps.get_model("inspections", "PresumptionRule")
    apps.get_model("inspections", "HistoricalPresumptionRule").objects.create(
        **{f.attname: getattr(rule, f.attname) for f in PresumptionRule._meta.fields},
        history_date=timezone.now(),
        history_type=kind,
        history_change_reason=reason,
    )


def add_versions(apps, schema_editor):
    PresumptionRule = apps.get_model("inspections", "PresumptionRule")
    open_versions = PresumptionRule.objects.filter(is_active=True, effective_to__isnull=True)
    for rule in list(open_versions.exclude(effective_from__gte=REFORM)):
        rule.effective_to = REFORM - datetime.timedelta(days=1)
        rule.save(update_fields=["effective_to"])
        _history(apps, rule, "~", f"Superseded from 1 April 2026: {REASON}")
        latest = PresumptionRule.objects.filter(slug=rule.slug).order_by("-version").first()
        rule.pk = None
        rule.version = latest.version + 1
        rule.effective_from = REFORM
        rule.effective_to = None
        rule.no_overall_areas = AREAS
        rule.save()
        _history(apps, rule, "+", REASON)


def remove_versions(apps, schema_editor):
    PresumptionRule = apps.get_model("inspections", "PresumptionRule")
    for rule in PresumptionRule.objects.filter(effective_from=REFORM, no_overall_areas=AREAS):
        rule.delete()
    PresumptionRule.objects.filter(
        is_active=True, effective_to=REFORM - datetime.timedelta(days=1)
    ).update(effective_to=None)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0008_judgement_sources_and_post_reform_areas")]

    operations = [migrations.RunPython(add_versions, remove_versions)]
