"""The two presumption rules as first versions of policy data (later changes add versions).

Both are in force from 2016, the year the seeds date the policy to (Hampshire, 16 April 2018,
paragraph 3.4: "In 2016 ... By this stage DfE had introduced the formal role of Commissioner with
a key task to test a 'presumption', now built into policy"); the seeds give the year only, so
1 January 2016. Before it no presumption policy was in force (migration 0007 sets the same dates
on databases made before they were recorded here).
"""

import datetime

from django.db import migrations
from django.utils import timezone

GRADED = ["SLAC", "CPI", "TLAC", "SIF", "ILACS"]

RULES = [
    {
        "slug": "two-of-last-three",
        "version": 1,
        "name": "Two of the last three graded inspections inadequate",
        "description": (
            "The presumption applies while the latest graded inspection is Inadequate and at"
            " least two of the latest three graded inspections, by publication date, were"
            " Inadequate (two in succession meets it)."
        ),
        "source": (
            "Hampshire County Council Cabinet report, 16 April 2018, paragraph 3.4: 'an"
            " inadequate judgement in two of its last three inspections'; paragraph 4.3"
            " (Buckinghamshire): 'two inadequate overall judgements in succession'."
        ),
        "date_basis": "publication",
        "effective_from": datetime.date(2016, 1, 1),
        "latest_count": 3,
        "min_inadequate": 2,
        "within_years": None,
        "systemic": False,
    },
    {
        "slug": "persistent-or-systemic",
        "version": 1,
        "name": "Inadequate more than once within five years, or inadequate on every key judgement",
        "description": (
            "Failure is persistent when another graded inspection published within five years"
            " before the latest was Inadequate, or systemic when the latest is Inadequate on"
            " every key judgement it has (SIF: help and protection, looked after and permanence,"
            " leadership; ILACS: every area judgement). The latest must be Inadequate."
        ),
        "source": (
            "Ministerial definition of persistent or systemic failure, 2016: rated inadequate"
            " more than once within five years, or inadequate on all key judgements."
        ),
        "date_basis": "publication",
        "effective_from": datetime.date(2016, 1, 1),
        "latest_count": None,
        "min_inadequate": None,
        "within_years": 5,
        "systemic": True,
    },
]


def create_rules(apps, schema_editor):
    PresumptionRule = apps.get_model("inspections", "PresumptionRule")
    for rule in RULES:
        values = {**rule, "frameworks": GRADED, "is_active": True}
        slug, version = values.pop("slug"), values.pop("version")
        instance, created = PresumptionRule.objects.get_or_create(
            slug=slug, version=version, defaults=values
        )
        if created:
            # Historical models from apps.get_model() do not write history; record the creation
            # so the rule's history starts with where it came from.
            apps.get_model("inspections", "HistoricalPresumptionRule").objects.create(
                **{f.attname: getattr(instance, f.attname) for f in PresumptionRule._meta.fields},
                history_date=timezone.now(),
                history_type="+",
                history_change_reason="Created by migration from the seed documents",
            )


def remove_rules(apps, schema_editor):
    PresumptionRule = apps.get_model("inspections", "PresumptionRule")
    for rule in RULES:
        PresumptionRule.objects.filter(slug=rule["slug"], version=rule["version"]).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(create_rules, remove_rules)]
