"""The report page reads the stored report, never the records behind it: its queries stay the
same however many entries the quarter had (the benchmark measures it at scale 10)."""

import pytest
from django.urls import reverse

from interventions import services as intervention_services
from interventions.models import ProgressEntry
from reporting import services

from .report_world import Q2, D, build_world, on

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("extra_entries", [0, 25])
def test_report_page_query_count_does_not_grow_with_the_quarter_s_records(
    client, official, django_assert_max_num_queries, extra_entries
):
    world = build_world()
    first, second = world.themes
    for number in range(extra_entries):
        with on(D(2017, 6, 1), "Visit", sequence=number + 10):
            intervention_services.record_progress(
                world.intervention,
                by=world.by,
                occurred_on=D(2017, 6, 1),
                kind=ProgressEntry.Kind.VISIT,
                summary=f"Visit {number}",
                ratings=[
                    (first, "amber", "no_change", "Same"),
                    (second, "amber", "no_change", "Same"),
                ],
            )
    report, _ = services.generate_report(world.intervention, Q2[0], by=world.by)
    url = reverse("reporting:report_detail", args=[report.pk])
    client.force_login(official)
    client.get(url)  # the session and the user's groups, once

    with django_assert_max_num_queries(12):
        page = client.get(url)

    assert page.status_code == 200
    assert "Northtown: April to June 2017" in page.content.decode()
