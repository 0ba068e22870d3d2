"""The first RAG themes, as policy data (later changes are edits with history, not code).

Named from the seeds: Ofsted's SIF and ILACS judgement areas (help and protection, children
looked after and achieving permanence, care leavers, leadership, management and governance) and
the sections of the Buckinghamshire commissioner's report, June 2018 (early help, the
multi-agency safeguarding hub, culture and leadership, social work methodology, performance and
audit, corporate support, partner agencies).
"""

from django.db import migrations
from django.utils import timezone

THEMES = [
    (
        "leadership",
        "Leadership, management and governance",
        "Political and corporate leadership, the senior team's grip and stability, culture,"
        " and governance of the improvement plan.",
    ),
    (
        "front-door",
        "Front door and early help",
        "Early help, the multi-agency safeguarding hub, contacts, referrals and assessments.",
    ),
    (
        "help-and-protection",
        "Children who need help and protection",
        "Children in need and child protection: planning, visits, court work and timeliness.",
    ),
    (
        "children-in-care",
        "Children in care and permanence",
        "Children looked after and achieving permanence, including placements and adoption.",
    ),
    (
        "care-leavers",
        "Care leavers",
        "Experiences and progress of care leavers.",
    ),
    (
        "workforce",
        "Workforce and social work practice",
        "Recruitment and stability of social workers and managers, caseloads, the social work"
        " methodology and the quality of practice.",
    ),
    (
        "quality-assurance",
        "Quality assurance and performance",
        "Performance information, case audits and how the authority knows itself.",
    ),
    (
        "partnerships",
        "Partnerships and corporate support",
        "Work with police, health, schools and the safeguarding board; corporate support for"
        " children's services.",
    ),
]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("interventions", "Theme")
    HistoricalTheme = apps.get_model("interventions", "HistoricalTheme")
    for order, (code, name, description) in enumerate(THEMES, start=1):
        theme, created = Theme.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "order": order}
        )
        if created:
            # Historical models from apps.get_model() write no history: record the creation so
            # each theme's history starts with where it came from.
            HistoricalTheme.objects.create(
                **{f.attname: getattr(theme, f.attname) for f in Theme._meta.fields},
                history_date=timezone.now(),
                history_type="+",
                history_change_reason="Created by migration from the seed documents",
            )


def remove_themes(apps, schema_editor):
    Theme = apps.get_model("interventions", "Theme")
    Theme.objects.filter(code__in=[code for code, _, _ in THEMES], ratings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("interventions", "0001_initial")]

    operations = [migrations.RunPython(create_themes, remove_themes)]
