"""The presumption has a start: both rules in force from 2016 (see 0002), on databases whose
rules were created before the date was recorded. The change is written to the rules' history."""

import datetime

from django.db import migrations
from django.utils import timezone

STARTS = datetime.date(2016, 1, 1)
REASON = (
    "In force from 2016 (year only): Hampshire County Council Cabinet report, 16 April 2018,"
    " paragraph 3.4"
)


def set_start(apps, schema_editor):
    PresumptionRule = apps.get_model("inspections", "PresumptionRule")
    History = apps.get_model("inspections", "HistoricalPresumptionRule")
    for rule in PresumptionRule.objects.filter(
        slug__in=["two-of-last-three", "persistent-or-systemic"],
        version=1,
        effective_from__isnull=True,
    ):
        rule.effective_from = STARTS
        rule.save(update_fields=["effective_from"])
        History.objects.create(
            **{f.attname: getattr(rule, f.attname) for f in PresumptionRule._meta.fields},
            history_date=timezone.now(),
            history_type="~",
            history_change_reason=REASON[:100],
        )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0006_judgement_inspection_protect")]

    operations = [migrations.RunPython(set_start, migrations.RunPython.noop)]
