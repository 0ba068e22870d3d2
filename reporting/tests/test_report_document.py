"""The report a private office would accept (issue 13): the sections of a commissioner's report;
the authority named as it was in the period; third parties' acts under their own names;
illustrative facts marked where they appear (content, HTML, PDF); documents cited, history rows
only in the annex; a tagged PDF with a title, a language and its real status on every page."""

import datetime
import re
import zlib
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from authorities.tests.factories import LocalAuthorityFactory
from core.history import provenance, save_with_history, system_user
from inspections.models import Area, Grade, Inspection, Judgement, PresumptionRule
from interventions import services as casework
from interventions.models import ProgressEntry, Theme
from reporting import services
from reporting.history import end_of_day
from reporting.reports.content import build_content, canonical_json, sha256_hex
from reporting.reports.document import (
    document_context,
    render_document,
    render_pdf,
    report_filename,
)

from .report_world import Q2, D, build_world, on

pytestmark = pytest.mark.django_db

PERIOD = (D(2018, 2, 28), D(2018, 5, 27))
REPORT_JUNE_2018 = "Commissioner's report on Buckinghamshire, June 2018"
HAMPSHIRE_CABINET = "Hampshire County Council Cabinet report, 16 April 2018"
VISIT = "Visited the area offices at Aylesbury, Amersham and High Wycombe."
EVENT = "approved Hampshire as Buckinghamshire's improvement partner."


def publish(authority, framework: str, kind: str, published: datetime.date, overall: str):
    with on(published, "Inspection published"):
        inspection = Inspection(
            authority=authority, framework=framework, type=kind, publication_date=published
        )
        save_with_history(inspection, reason="Inspection published")
        for area in (Area.OVERALL, Area.HELP_AND_PROTECTION, Area.LEADERSHIP):
            save_with_history(Judgement(inspection=inspection, area=area, grade=overall))
    return inspection


@pytest.fixture
def bucks(commissioner):
    """A 2018 intervention in an authority recorded under its 2020 successor: Buckinghamshire
    County Council (E10000002) until 31 March 2020, Buckinghamshire Council (E06000060) after."""
    by = system_user("report-tests")
    council = LocalAuthorityFactory(
        ons_code="E06000060", name="Buckinghamshire", official_name="Buckinghamshire Council"
    )
    county = LocalAuthorityFactory(
        ons_code="E10000002",
        name="Buckinghamshire County",
        official_name="Buckinghamshire County Council",
        type="county",
        predecessor=True,
    )
    county.successors.add(council)
    publish(council, "SIF", "standard", D(2014, 8, 8), Grade.INADEQUATE)
    publish(council, "SIF", "reinspection", D(2018, 1, 29), Grade.INADEQUATE)
    with on(D(2018, 1, 29), "Opened"):
        intervention = casework.open_intervention(council, by=by, opened_on=D(2018, 1, 29))
    with on(D(2018, 2, 28), "Hampshire County Council Cabinet report, 16 April 2018"):
        person = casework.add_commissioner(
            by=by,
            name="John Coughlan",
            title="Chief Executive",
            organisation="Hampshire County Council",
            user=commissioner,
        )
        casework.appoint_commissioner(intervention, person, by=by, starts_on=PERIOD[0])
        casework.issue_direction(
            intervention, by=by, issued_on=PERIOD[0], requires_commissioner=True
        )
    theme = Theme.objects.filter(active=True).order_by("order").first()
    # Loaded as the case studies load facts: the day of the visit is not in the report.
    with (
        on(D(2018, 3, 22), f"{REPORT_JUNE_2018} (illustrative)"),
        provenance(REPORT_JUNE_2018, illustrative=True),
    ):
        casework.record_progress(
            intervention,
            by=by,
            occurred_on=D(2018, 3, 22),
            kind=ProgressEntry.Kind.VISIT,
            summary=VISIT,
            ratings=[(theme, "red", "no_change", "Practice quality weak")],
        )
    with on(D(2018, 4, 16), HAMPSHIRE_CABINET), provenance(HAMPSHIRE_CABINET):
        casework.record_progress(
            intervention,
            by=by,
            occurred_on=D(2018, 4, 16),
            kind=ProgressEntry.Kind.EVENT,
            actor="Hampshire County Council Cabinet",
            summary=EVENT,
        )
    return intervention


@pytest.fixture
def bucks_report(bucks):
    report, _ = services.generate_report(bucks, PERIOD[0], by=system_user("report-tests"))
    return report


def content_for(intervention, start, end) -> dict:
    return build_content(intervention, start, end, cutoff=end_of_day(end))


def pdf_catalog_bytes(pdf: bytes) -> bytes:
    """The PDF's bytes with every Flate stream inflated: the catalog of a PDF/UA file is in a
    compressed object stream."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def pdf_text(pdf: bytes) -> str:
    import pypdf

    reader = pypdf.PdfReader(BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


# ---------------------------------------------------------------------------------------------
# Sections and the authority's name


def test_the_content_has_the_sections_of_a_commissioners_report(bucks):
    content = content_for(bucks, *PERIOD)

    assert {
        "intervention",
        "judgements",
        "indicators",
        "leadership",
        "changes",
        "activity",
        "themes",
        "partner_days",
        "presumption",
        "adm",
        "actions",
        "draft_assessment",
        "citations",
        "sources",
    } <= set(content)
    assert content["judgements"]["inspection"] == "SIF re-inspection"
    assert content["presumption"]["outcome"] == "applies"
    assert content["intervention"]["commissioners"][0]["organisation"] == (
        "Hampshire County Council"
    )


def test_a_2018_report_names_buckinghamshire_county_council_with_its_2018_code(bucks):
    intervention = content_for(bucks, *PERIOD)["intervention"]

    assert intervention["council"] == "Buckinghamshire County Council"
    assert intervention["authority"] == "Buckinghamshire County"
    assert intervention["authority_code"] == "E10000002"
    assert intervention["recorded_under"] == "Buckinghamshire Council (E06000060)"


def test_after_the_reorganisation_the_report_names_buckinghamshire_council(bucks):
    later = content_for(bucks, D(2020, 5, 28), D(2020, 8, 27))["intervention"]
    spanning = content_for(bucks, D(2020, 2, 28), D(2020, 5, 27))["intervention"]

    assert (later["council"], later["authority_code"]) == ("Buckinghamshire Council", "E06000060")
    assert later["recorded_under"] == ""
    assert spanning["council"] == "Buckinghamshire Council"
    assert spanning["council_at_start"] == "Buckinghamshire County Council"


def test_the_document_and_its_pdf_title_name_the_council_as_it_was(bucks_report):
    version = bucks_report.current_version()
    html = render_document(version)

    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title == (
        "Commissioner&#x27;s report to the Minister: Buckinghamshire County Council,"
        " February to May 2018"
    )
    assert "Children's services in Buckinghamshire County Council" in html
    assert report_filename(version, "pdf") == (
        "buckinghamshire-county-council-commissioners-report-2018-02-28-to-2018-05-27-v1.pdf"
    )


# ---------------------------------------------------------------------------------------------
# Third parties and the commissioner's own work


def test_a_third_partys_act_is_shown_as_theirs_not_as_the_commissioners(bucks):
    content = content_for(bucks, *PERIOD)

    [event] = [c for c in content["changes"] if c["kind"] == "event"]
    assert event["text"] == f"Hampshire County Council Cabinet {EVENT}"
    assert event["actor"] == "Hampshire County Council Cabinet"
    assert [content["citations"][key]["text"] for key in event["cites"]] == [HAMPSHIRE_CABINET]
    assert all(e["kind"] != "event" for e in content["activity"]["entries"])
    counts = {c["kind"] for c in content["activity"]["counts"]}
    assert "event" not in counts
    assert "commissioner concluded" not in content["draft_assessment"]


# ---------------------------------------------------------------------------------------------
# Illustrative facts, marked where they appear


def test_illustrative_facts_are_marked_in_the_content(bucks):
    content = content_for(bucks, *PERIOD)

    [visit] = content["activity"]["entries"]
    assert visit["illustrative"] is True
    assert [content["citations"][key]["text"] for key in visit["cites"]] == [REPORT_JUNE_2018]
    rated = [t for t in content["themes"] if t["rag"]]
    assert rated and all(t["illustrative"] for t in rated)
    [event] = [c for c in content["changes"] if c["kind"] == "event"]
    assert event["illustrative"] is False
    assert content["intervention"]["illustrative"] is False
    assert content["illustrative_count"] == 1 + len(rated)


def test_illustrative_facts_are_tagged_where_they_appear_in_the_html(bucks_report):
    html = render_document(bucks_report.current_version())

    tag = '<strong class="govuk-tag govuk-tag--yellow app-report-illustrative">Illustrative<'

    cell = re.search(re.escape(VISIT) + r"(.*?)</td>", html, re.DOTALL).group(1)
    assert tag in cell
    event_cell = re.search(re.escape(escape(EVENT)) + r"(.*?)</td>", html, re.DOTALL).group(1)
    assert tag not in event_cell
    assert "marks a fact that no source gives" in html  # the introduction explains the tag


def test_illustrative_facts_are_tagged_in_the_pdf_text(bucks_report):
    text = pdf_text(render_pdf(render_document(bucks_report.current_version())))
    flat = " ".join(text.split())

    assert "marks a fact that no source gives" in flat
    after_visit = flat[flat.index("High Wycombe.") :][:40]
    assert "Illustrative" in after_visit
    assert "Buckinghamshire County Council" in flat


# ---------------------------------------------------------------------------------------------
# Sources: documents in the report, history rows in the annex


def test_the_document_cites_documents_and_never_history_rows(bucks_report):
    html = render_document(bucks_report.current_version())

    assert "interventions.progressentry:" not in html
    assert "history row" not in html.lower()
    assert escape(REPORT_JUNE_2018) in html
    assert "Ofsted, SIF re-inspection report, published 29 January 2018" in html


def test_an_entry_made_in_the_service_cites_who_recorded_it_and_when(bucks, commissioner):
    commissioner.first_name, commissioner.last_name = "John", "Coughlan"
    commissioner.save()
    with on(D(2018, 5, 2), "Visit"):
        casework.record_progress(
            bucks, by=commissioner, occurred_on=D(2018, 5, 2), kind="interview", summary="Met"
        )

    content = content_for(bucks, *PERIOD)

    entry = next(e for e in content["activity"]["entries"] if e["summary"] == "Met")
    [key] = entry["cites"]
    assert content["citations"][key]["text"] == (
        "Recorded in the service by John Coughlan on 2 May 2018"
    )


def annex_url(report, number=1):
    return reverse("reporting:report_annex", args=[report.pk, number])


def test_the_annex_lists_the_history_rows_of_every_fact_as_json(client, commissioner, bucks_report):
    client.force_login(commissioner)
    version = bucks_report.current_version()

    response = client.get(annex_url(bucks_report))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"no-store", "private"}
    assert response["Content-Disposition"] == (
        'attachment; filename="buckinghamshire-county-council-commissioners-report-'
        '2018-02-28-to-2018-05-27-v1.annex.json"'
    )
    annex = response.json()
    assert annex["content_sha256"] == version.content_sha256
    assert annex["report"]["authority"] == "Buckinghamshire County Council"
    assert annex["report"]["period"] == {"start": "2018-02-28", "end": "2018-05-27"}
    visit = next(f for f in annex["facts"] if f["path"] == "activity.entries[0]")
    assert visit["illustrative"] is True
    [key] = visit["history_rows"]
    row = annex["history_rows"][key]
    assert row["table"] == "interventions_historicalprogressentry"
    assert key == f"interventions.progressentry:{row['history_id']}"
    every_row = {key for fact in annex["facts"] for key in fact["history_rows"]}
    assert every_row == set(annex["history_rows"])


@pytest.mark.parametrize(("role", "expected"), [("other_commissioner", 404), ("official", 200)])
def test_the_annex_is_scoped_as_the_report_page(client, request, bucks_report, role, expected):
    client.force_login(request.getfixturevalue(role))

    assert client.get(annex_url(bucks_report)).status_code == expected
    assert client.get(annex_url(bucks_report, number=2)).status_code == 404


def test_the_annex_needs_a_login(client, bucks_report):
    response = client.get(annex_url(bucks_report))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# ---------------------------------------------------------------------------------------------
# The presumption


def set_rule_dates(**starts: datetime.date) -> None:
    """Each rule (by slug) in force from a date, as policy data recorded before the reports."""
    with on(D(2010, 1, 1), "Policy dates"):
        for rule in PresumptionRule.objects.filter(slug__in=starts, version=1):  # before 2026
            rule.effective_from = starts[rule.slug]
            save_with_history(rule, reason="Policy dates")


def test_before_any_rule_is_in_force_there_is_no_presumption_policy(bucks):
    set_rule_dates(**{"two-of-last-three": D(2018, 6, 1), "persistent-or-systemic": D(2018, 6, 1)})

    presumption = content_for(bucks, *PERIOD)["presumption"]

    assert presumption["policy_in_force"] is False
    assert presumption["outcome"] == "no_policy"
    assert presumption["rules"] == []
    assert presumption["statement"].startswith("No presumption policy was in force on 27 May 2018")


def test_when_rules_in_force_disagree_the_later_one_governs_and_both_are_shown():
    world = build_world()
    set_rule_dates(**{"persistent-or-systemic": D(2016, 1, 1), "two-of-last-three": D(2017, 1, 1)})

    presumption = build_content(world.intervention, *Q2, cutoff=end_of_day(Q2[1]))["presumption"]

    assert presumption["rules_disagree"] is True
    [persistent, two_of_three] = presumption["rules"]
    assert (two_of_three["slug"], two_of_three["governs"]) == ("two-of-last-three", True)
    assert (persistent["governs"], persistent["applies"]) == (False, True)
    assert presumption["outcome"] == "no"
    assert "governs, as the later version of the policy" in presumption["statement"]
    assert "the presumption does not apply" in presumption["statement"]


# ---------------------------------------------------------------------------------------------
# The narrative, the status and the PDF


def test_an_empty_narrative_in_a_draft_says_it_is_not_yet_written(bucks_report):
    version = bucks_report.current_version()
    version.overall_assessment = ""
    html = render_document(version)

    assert html.count("Not yet written by the commissioner.") == 3
    assert "None recorded" not in html
    assert html.index('id="summary"') < html.index('id="context"')


def margin_texts(html: str) -> list[dict[str, str]]:
    from weasyprint import HTML

    from reporting.reports.document import static_files_fetcher

    document = HTML(string=html, base_url="file:///", url_fetcher=static_files_fetcher())
    pages = []
    for page in document.render().pages:
        texts = {}
        for box in page._page_box.children:
            if type(box).__name__ == "MarginBox":
                words = [d.text for d in box.descendants() if getattr(d, "text", None)]
                texts[box.at_keyword] = " ".join(words)
        pages.append(texts)
    return pages


def test_every_page_shows_the_real_status(bucks_report, commissioner, official):
    draft = margin_texts(render_document(bucks_report.current_version()))
    assert {page["@bottom-left"] for page in draft} == {"Draft, version 1: not signed off"}
    assert {page["@top-right"] for page in draft} == {
        "Buckinghamshire County Council: February to May 2018"
    }

    casework_text = {"overall_assessment": "Good", "risks": "None seen", "recommendation": "No ADM"}
    services.update_narrative(bucks_report, by=commissioner, **casework_text)
    services.sign_off_report(bucks_report, by=commissioner)
    today = f"{timezone.localdate():%-d %B %Y}"
    signed = margin_texts(render_document(bucks_report.current_version()))
    assert signed[0]["@bottom-left"] == (
        f"Signed off by the commissioner on {today}; not yet submitted"
    )

    services.submit_report(bucks_report, by=official)
    version = bucks_report.current_version()
    submitted = margin_texts(version.html)
    assert {page["@bottom-left"] for page in submitted} == {f"Submitted to the Minister on {today}"}


def test_the_pdf_is_tagged_with_a_title_and_a_language(bucks_report):
    version = bucks_report.current_version()
    title = document_context(version)["document_title"]
    pdf = render_pdf(render_document(version))

    catalog = pdf_catalog_bytes(pdf)
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", catalog)
    assert b"/StructTreeRoot" in catalog
    assert re.search(rb"/Lang\s*\(en-GB\)", catalog)
    assert re.search(rb"/DisplayDocTitle\s+true", catalog)
    import pypdf

    reader = pypdf.PdfReader(BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == title
    assert reader.metadata.author == "John Coughlan"


def test_the_same_version_renders_to_the_same_pdf_bytes(bucks_report):
    version = bucks_report.current_version()

    assert render_pdf(render_document(version)) == render_pdf(render_document(version))


def test_the_same_records_give_the_same_content_sha256(bucks):
    first = canonical_json(content_for(bucks, *PERIOD))
    second = canonical_json(content_for(bucks, *PERIOD))

    assert first == second
    assert sha256_hex(first) == sha256_hex(second)
