"""Importing Ofsted's publications (issue 18): one inspection one row whatever the sources,
markers stored as nothing, the April 2026 rule version, alerts, and all-or-nothing files."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from authorities.tests.factories import LocalAuthorityFactory
from core.history import system_user
from core.loading import DataFileError
from inspections.importing import ADDED, CHANGED, MATCHED, read_publication
from inspections.models import Area, Grade, Inspection, Judgement, JudgementSource, PresumptionRule
from inspections.presumption import evaluate
from inspections.tests.factories import graded
from interventions.tests.factories import InterventionFactory
from reporting import alerts
from reporting.alerts import import_ofsted_outcomes
from reporting.models import Alert
from reporting.watchlist.presumption import rules_on

pytestmark = pytest.mark.django_db

D2I_HEADER = (
    "urn,local_authority,inspection_link,pdf_filename,publication_date,inspection_framework,"
    "inspector_name,inspection_start_date,inspection_end_date,overall_effectiveness_grade,"
    "impact_of_leaders_grade,help_and_protection_grade,in_care_grade,care_leavers_grade,"
    "parser_version"
)
LINK = "https://files.ofsted.gov.uk/v1/file/"


def d2i_row(
    urn, published, started, overall, leaders, help_, care, leavers, *, framework="standard"
):
    return (
        f"{urn},somewhere,{LINK}{urn}{published.replace('/', '')},report.pdf,{published},"
        f"{framework},An Inspector,{started},{started},"
        f"{overall},{leaders},{help_},{care},{leavers},1"
    )


def write(tmp_path: Path, name: str, *rows: str, header: str = D2I_HEADER) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def by():
    return system_user("ofsted-import")


@pytest.fixture
def devon():
    return LocalAuthorityFactory(
        ons_code="E10000008", dfe_code="878", name="Devon", ofsted_urn="80461"
    )


@pytest.fixture
def torbay():
    return LocalAuthorityFactory(
        ons_code="E06000027", dfe_code="880", name="Torbay", ofsted_urn="80565"
    )


# Devon's rows as Data to Insight's scrape has them (the May 2025 Inadequate, its 2020
# Inadequate, and a 2015 report the scraper could not read).
DEVON_ROWS = (
    d2i_row(
        "80461",
        "13/05/25",
        "30/09/2024",
        "inadequate",
        "requires improvement",
        "inadequate",
        "inadequate",
        "inadequate",
    ),
    d2i_row(
        "80461",
        "17/03/20",
        "20/01/2020",
        "inadequate",
        "inadequate",
        "requires improvement",
        "inadequate",
        "inspection_pre_dates_judgement",
    ),
    "80461,devon,https://files.ofsted.gov.uk/v1/file/50004292,r.pdf,12/05/15,,,,,,"
    "data_unreadable,data_unreadable,data_unreadable,data_unreadable,1",
)


def test_devons_may_2025_inadequate_is_added_with_provenance_and_raises_an_alert(
    tmp_path, by, devon, official, mailoutbox, django_capture_on_commit_callbacks
):
    official.email = "official@education.gov.uk"
    official.save()
    path = write(tmp_path, "d2i_devon.csv", *DEVON_ROWS)

    with django_capture_on_commit_callbacks() as callbacks:
        outcome = import_ofsted_outcomes(path, by=by)

    assert outcome.result.counts == {ADDED: 2, "skipped": 1}
    may_2025 = Inspection.objects.get(authority=devon, publication_date="2025-05-13")
    assert may_2025.inspection_date == datetime.date(2024, 9, 30)
    assert may_2025.overall_grade == Grade.INADEQUATE
    assert may_2025.report_url.startswith(LINK)
    source = JudgementSource.objects.get(
        judgement__inspection=may_2025, judgement__area="overall_effectiveness"
    )
    assert (source.source, source.file_name, source.line) == ("d2i", "d2i_devon.csv", 2)
    # The 2020 report has no care leavers judgement: the marker stored nothing.
    march_2020 = Inspection.objects.get(authority=devon, publication_date="2020-03-17")
    assert Area.CARE_LEAVERS not in march_2020.grades
    # Two Inadequates of the latest three: the rule newly applies; and two new Inadequates.
    kinds = sorted(alert.kind for alert in Alert.objects.filter(authority=devon))
    assert kinds == ["new_inadequate", "new_inadequate", "rule_applies"]
    rule_alert = Alert.objects.get(kind="rule_applies")
    assert rule_alert.rule.slug == "two-of-last-three"
    page = reverse("reporting:authority_detail", args=["E10000008"])
    assert rule_alert.get_absolute_url() == f"{page}#inspections"
    assert len(callbacks) == 1  # the email task, queued after commit

    assert alerts.email_alerts([a.pk for a in outcome.alerts]) == 1
    [email] = mailoutbox
    assert email.to == [official.email]
    assert "Devon" in email.subject and f"{page}#inspections" in email.body
    assert alerts.email_alerts([a.pk for a in outcome.alerts]) == 0  # each alert goes once


def test_no_alert_for_an_inadequate_where_an_intervention_is_open(tmp_path, by, devon):
    InterventionFactory(authority=devon, opened_on=datetime.date(2020, 6, 1))
    import_ofsted_outcomes(write(tmp_path, "d2i.csv", DEVON_ROWS[0]), by=by)

    assert not Alert.objects.filter(kind="new_inadequate").exists()


def test_one_inspection_one_row_matched_on_the_start_when_publication_dates_differ(
    tmp_path, by, devon
):
    held = graded(
        devon,
        "ILACS",
        "2025-05-12",
        started="2024-09-30",
        overall="inadequate",
        help_and_protection="requires_improvement",
    )
    path = write(tmp_path, "later.csv", DEVON_ROWS[0])

    outcome = import_ofsted_outcomes(path, by=by)

    assert Inspection.objects.filter(authority=devon).count() == 1
    [change] = outcome.result.changes
    assert (change.outcome, change.inspection) == (CHANGED, held)
    help_ = Judgement.objects.get(inspection=held, area=Area.HELP_AND_PROTECTION)
    assert help_.grade == Grade.INADEQUATE
    record = help_.history.first()
    assert record.history_user == by
    assert record.history_change_reason == (
        "Imported from later.csv, line 2: children who need help and protection was"
        " Requires improvement to be good"
    )
    held.refresh_from_db()
    assert held.publication_date == datetime.date(2025, 5, 12)  # kept
    assert "publication date 13 May 2025 here, 12 May 2025 held (kept)" in change.details


def test_the_same_file_twice_changes_nothing_and_writes_no_history(tmp_path, by, devon):
    path = write(tmp_path, "d2i.csv", *DEVON_ROWS)
    import_ofsted_outcomes(path, by=by)
    counts = (
        Inspection.history.count(),
        Judgement.history.count(),
        JudgementSource.objects.count(),
        Alert.objects.count(),
    )

    outcome = import_ofsted_outcomes(path, by=by)

    assert not outcome.result.changed_anything
    assert outcome.result.counts[MATCHED] == 2
    assert outcome.alerts == []
    assert (
        Inspection.history.count(),
        Judgement.history.count(),
        JudgementSource.objects.count(),
        Alert.objects.count(),
    ) == counts


POST_REFORM = (
    # Torbay: Inadequate in 2024, then after the April 2026 reform no overall grade.
    d2i_row(
        "80565",
        "10/06/24",
        "15/04/2024",
        "inadequate",
        "inadequate",
        "inadequate",
        "requires improvement",
        "requires improvement",
    ),
    d2i_row(
        "80565",
        "20/07/26",
        "01/06/2026",
        "not_reported_post_reform",
        "requires improvement",
        "inadequate",
        "inadequate",
        "good",
    ),
)


def test_post_reform_rows_are_answered_by_the_april_2026_version(tmp_path, by, torbay):
    import_ofsted_outcomes(write(tmp_path, "d2i_to_2026-07-31.csv", *POST_REFORM), by=by)

    post_reform = Inspection.objects.get(authority=torbay, publication_date="2026-07-20")
    assert post_reform.overall_grade is None
    assert post_reform.grades[Area.HELP_AND_PROTECTION] == Grade.INADEQUATE

    after = datetime.date(2026, 8, 1)
    [rule] = [r for r in rules_on(after) if r.slug == "two-of-last-three"]
    assert (rule.version, rule.effective_from) == (2, datetime.date(2026, 4, 1))
    result = evaluate(rule, torbay, after)
    assert result.applies and result.rule.version == 2
    assert result.latest == post_reform

    before = datetime.date(2026, 3, 1)
    [older] = [r for r in rules_on(before) if r.slug == "two-of-last-three"]
    assert (older.version, older.effective_to) == (1, datetime.date(2026, 3, 31))
    assert evaluate(older, torbay, before).rule.version == 1


def test_the_april_2026_version_counts_only_the_areas_it_names(tmp_path, by, torbay):
    only_care_leavers = d2i_row(
        "80565",
        "20/07/26",
        "01/06/2026",
        "not_reported_post_reform",
        "good",
        "good",
        "good",
        "inadequate",
    )
    import_ofsted_outcomes(write(tmp_path, "d2i.csv", POST_REFORM[0], only_care_leavers), by=by)
    inspection = Inspection.objects.get(authority=torbay, publication_date="2026-07-20")
    new = PresumptionRule.objects.get(slug="two-of-last-three", version=2)
    old = PresumptionRule.objects.get(slug="two-of-last-three", version=1)

    assert not new.is_inadequate(inspection)  # care leavers alone: not in the version's areas
    assert old.is_inadequate(inspection)  # before the reform any area counted (ADR 6)
    assert Inspection.objects.inadequate(new.no_overall_areas).filter(pk=inspection.pk).count() == 0


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (
            (D2I_HEADER + "\n" + DEVON_ROWS[0] + "\n80461,d\u00e9von,x\n").encode("latin-1"),
            "bad.csv, line 3: is not UTF-8 text",
        ),
        (
            (D2I_HEADER + "\n" + DEVON_ROWS[0] + "\n" + DEVON_ROWS[1][:60]).encode(),
            "bad.csv, line 3: has fewer values than columns",
        ),
        (
            (
                D2I_HEADER
                + "\n"
                + DEVON_ROWS[0]
                + "\n"
                + DEVON_ROWS[1].replace("requires improvement", "requires improvment")
                + "\n"
            ).encode(),
            "bad.csv, line 3: help_and_protection_grade is not a grade or a marker",
        ),
        (
            (
                D2I_HEADER
                + "\n"
                + DEVON_ROWS[0]
                + "\n"
                + DEVON_ROWS[1].replace("80461", "99999")
                + "\n"
            ).encode(),
            "bad.csv, line 3: urn: no authority has the code '99999'",
        ),
        (b"a,b\n1,2\n", "bad.csv, line 1: is neither Ofsted's outcomes layout"),
    ],
    ids=["encoding", "truncated", "broken-grade", "unknown-authority", "unknown-shape"],
)
def test_a_bad_file_is_refused_whole_naming_the_line(tmp_path, by, devon, content, error):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)

    with pytest.raises(DataFileError) as refused:
        import_ofsted_outcomes(path, by=by)

    assert str(refused.value).startswith(error)
    assert "\n" not in str(refused.value)
    assert not Inspection.objects.exists()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_ofsted_outcomes", str(path))


def test_ofsted_format_is_detected_and_matches_rows_held(tmp_path, by, devon):
    held = graded(devon, "ILACS", "2025-05-13", started="2024-09-30", overall="inadequate")
    header = (
        "Web link,Local authority area code,Local authority name,Local authority status,"
        "Ofsted region,Inspection date,Publication date,Inspection type,Overall effectiveness,"
        "The impact of leaders on social work practice with children and families,"
        "The experiences and progress of children who need help and protection,"
        "The experiences and progress of children in care,"
        "The experiences and progress of care leavers"
    )
    row = (
        "Ofsted Local Authority Webpage,E10000008,Devon,Current,South West,2024-09-30,2025-05-13,"
        "ILACS Standard Inspection,Inadequate,Requires improvement to be good,Inadequate,"
        "Inadequate,Inadequate"
    )
    path = write(tmp_path, "ofsted.csv", row, header=header)
    assert read_publication(path).format == "ofsted"

    outcome = import_ofsted_outcomes(path, by=by)

    assert Inspection.objects.get() == held
    assert outcome.result.changes[0].outcome == CHANGED
    assert set(held.grades) == {
        Area.OVERALL,
        Area.IMPACT_OF_LEADERS,
        Area.HELP_AND_PROTECTION,
        Area.CHILDREN_IN_CARE,
        Area.CARE_LEAVERS,
    }
    assert JudgementSource.objects.filter(source="ofsted").count() == 5


def test_dry_run_changes_nothing(tmp_path, by, devon, capsys):
    path = write(tmp_path, "d2i.csv", *DEVON_ROWS)

    call_command("import_ofsted_outcomes", str(path), "--dry-run")

    out = capsys.readouterr().out
    assert "2 inspections added" in out and "Dry run: nothing was changed" in out
    assert not Inspection.objects.exists() and not Alert.objects.exists()


def test_admin_previews_then_imports_on_confirm(client, admin_user, devon, tmp_path):
    client.force_login(admin_user)
    page = reverse("admin:reporting_alert_import_ofsted")
    upload = write(tmp_path, "d2i_devon.csv", *DEVON_ROWS)

    with upload.open("rb") as handle:
        preview = client.post(page, {"file": handle})

    assert preview.status_code == 200
    assert "2 inspections added" in preview.content.decode()
    assert not Inspection.objects.exists()  # a preview changes nothing
    token = preview.context["token"]

    done = client.post(page, {"token": token, "name": "d2i_devon.csv", "format": "d2i"})

    assert done.url == reverse("admin:reporting_alert_changelist")
    assert Inspection.objects.filter(authority=devon).count() == 2
    assert Inspection.objects.get(publication_date="2025-05-13").history.get().history_user == (
        admin_user
    )


def test_admin_shows_a_bad_file_as_a_form_error(client, admin_user, devon, tmp_path):
    client.force_login(admin_user)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"a,b\n1,2\n")

    with bad.open("rb") as handle:
        response = client.post(reverse("admin:reporting_alert_import_ofsted"), {"file": handle})

    assert response.status_code == 200
    assert "bad.csv, line 1: is neither" in response.content.decode()
    assert "There is a problem" in response.content.decode()


def test_only_admins_import(client, official):
    client.force_login(official)
    response = client.get(reverse("admin:reporting_alert_import_ofsted"))
    assert response.status_code in (302, 403)


def rule_form(rule: PresumptionRule, **changes) -> dict:
    data = {
        "slug": rule.slug,
        "version": rule.version,
        "name": rule.name,
        "description": rule.description,
        "source": rule.source,
        "is_active": "on" if rule.is_active else "",
        "effective_from": rule.effective_from.isoformat() if rule.effective_from else "",
        "effective_to": rule.effective_to.isoformat() if rule.effective_to else "",
        "date_basis": rule.date_basis,
        "frameworks": json.dumps(rule.frameworks),
        "require_latest_inadequate": "on" if rule.require_latest_inadequate else "",
        "latest_count": rule.latest_count or "",
        "min_inadequate": rule.min_inadequate or "",
        "within_years": rule.within_years or "",
        "systemic": "on" if rule.systemic else "",
        "no_overall_areas": json.dumps(rule.no_overall_areas),
    }
    return {**data, **changes}


def test_an_admin_edits_the_april_2026_areas_with_a_reason(client, admin_user):
    client.force_login(admin_user)
    rule = PresumptionRule.objects.get(slug="two-of-last-three", version=2)
    assert rule.no_overall_areas == ["impact_of_leaders", "help_and_protection", "children_in_care"]
    page = reverse("admin:inspections_presumptionrule_change", args=[rule.pk])
    areas = json.dumps(["help_and_protection", "children_in_care"])

    refused = client.post(page, rule_form(rule, no_overall_areas=areas))
    assert refused.status_code == 200  # no reason given: the form is shown again
    rule.refresh_from_db()
    assert len(rule.no_overall_areas) == 3

    client.post(page, rule_form(rule, no_overall_areas=areas, change_reason="Minister's letter"))

    rule.refresh_from_db()
    assert rule.no_overall_areas == ["help_and_protection", "children_in_care"]
    assert rule.history.first().history_change_reason == "Minister's letter"
    assert rule.history.first().history_user == admin_user


def test_overlapping_active_versions_are_refused():
    old = PresumptionRule.objects.get(slug="two-of-last-three", version=1)
    old.effective_to = None

    with pytest.raises(ValidationError, match="Version 2 of this rule is in force"):
        old.full_clean()


def test_changed_since_panel_and_provenance_on_pages_and_api(client, official, tmp_path, by, devon):
    import_ofsted_outcomes(write(tmp_path, "d2i_devon.csv", *DEVON_ROWS), by=by)
    client.force_login(official)
    evidence = reverse("reporting:authority_detail", args=["E10000008"]) + "#inspections"

    for name in ("reporting:dashboard", "reporting:watchlist"):
        html = client.get(reverse(name)).content.decode()
        assert "Changed since" in html
        assert "Two of the last three graded inspections inadequate (version 2) now applies" in html
        assert f'href="{evidence}"' in html

    page = client.get(reverse("reporting:authority_detail", args=["E10000008"]))
    html = page.content.decode()
    assert "Source: Data to Insight scrape of Ofsted reports, d2i_devon.csv, line 2" in html
    assert "Version 2, in force from 1 April 2026" in html
    older = client.get(
        reverse("reporting:authority_detail", args=["E10000008"]),
        {"date-day": "1", "date-month": "6", "date-year": "2025"},
    )
    assert "Version 1, in force from 1 January 2016 to 31 March 2026" in older.content.decode()

    api = client.get(reverse("api:authority_inspections", args=["E10000008"]))
    assert api.status_code == 200, api.content
    [latest, *_] = api.json()["results"]
    overall = next(j for j in latest["judgements"] if j["area"] == "overall_effectiveness")
    assert overall["sources"][0]["file_name"] == "d2i_devon.csv"
    assert overall["sources"][0]["line"] == 2
    assert overall["sources"][0]["report_url"].startswith(LINK)


def test_a_row_without_a_framework_does_not_change_the_type_held(tmp_path, by, devon):
    held = graded(devon, "ILACS", "2024-05-16", type="short", overall="good")
    row = d2i_row("80461", "16/05/24", "", "good", "good", "good", "good", "good", framework="")

    import_ofsted_outcomes(write(tmp_path, "d2i.csv", row), by=by)

    held.refresh_from_db()
    assert held.type == Inspection.Type.SHORT
    assert Inspection.objects.count() == 1
