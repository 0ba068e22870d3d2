"""One case exported: a printable summary with its whole timeline, and the timeline as CSV."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from interventions import services

pytestmark = pytest.mark.django_db

D = datetime.date


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_print_page_has_the_summary_and_the_whole_timeline(client, world, official):
    for n in range(25):  # more entries than one page of the timeline on the case's page
        services.record_progress(
            world.intervention,
            by=world.entry.author,
            occurred_on=D(2016, 7, 1) + datetime.timedelta(days=n),
            kind="visit",
            summary=f"Visit number {n}",
        )
    client.force_login(official)
    url = reverse("interventions:intervention_print", args=[world.intervention.pk])
    html = client.get(url).content.decode()
    assert "Torbay: summary and timeline" in html
    assert "Statutory direction" in html and "Publish the improvement plan" in html
    for n in range(25):
        assert f"Visit number {n}" in html
    assert "govuk-pagination" not in html
    assert "Printed " in html


def test_the_csv_has_ids_iso_dates_and_one_value_per_column(client, world, official):
    client.force_login(official)
    url = reverse("interventions:intervention_timeline_csv", args=[world.intervention.pk])
    response = client.get(url)
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert {row["intervention_id"] for row in rows} == {str(world.intervention.pk)}
    dates = [row["date"] for row in rows]
    assert dates == sorted(dates)  # oldest first
    for day in dates:
        datetime.date.fromisoformat(day)
    # The entry's rating is its own row, with the entry's date and title.
    entry = [row for row in rows if row["date"] == "2016-06-01"]
    assert any("Leadership" in row["detail"] for row in entry)
    assert len({row["event"] for row in entry}) == 1
    assert all(row["illustrative"] in {"yes", "no"} for row in rows)


def test_a_formula_typed_in_a_record_is_not_run_by_a_spreadsheet(client, world, official):
    services.record_progress(
        world.intervention,
        by=world.entry.author,
        occurred_on=D(2016, 8, 1),
        kind="visit",
        summary='=HYPERLINK("http://evil.invalid")',
    )
    client.force_login(official)
    url = reverse("interventions:intervention_timeline_csv", args=[world.intervention.pk])
    text = client.get(url).content.decode()
    assert "'=HYPERLINK" in text


def test_a_commissioner_cannot_export_someone_elses_case(client, world, commissioner):
    client.force_login(commissioner)
    for name in ("intervention_print", "intervention_timeline_csv"):
        assert (
            client.get(reverse(f"interventions:{name}", args=[world.other.pk])).status_code == 404
        )
        assert (
            client.get(reverse(f"interventions:{name}", args=[world.intervention.pk])).status_code
            == 200
        )
