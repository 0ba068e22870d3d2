"""The authority page: inspection history as a chart with a table, yearly figures against the
statistical neighbours and England, leadership turnover, and every intervention and partnership,
today or as the records stood on any past day."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse

from authorities.models import LeadershipPost
from authorities.tests.factories import (
    LeadershipPostFactory,
    LocalAuthorityFactory,
    StatisticalNeighbourFactory,
    YearlyStatisticsFactory,
)
from inspections.tests.factories import graded, visit
from interventions.models import Intervention
from interventions.tests.factories import (
    CommissionerFactory,
    ImprovementNoticeFactory,
    ImprovementPartnershipFactory,
    InterventionFactory,
)
from reporting.authority import charts

from .dashboard_world import CONFIRMED, MINDED_TO, D, dated, intervention_story, table_rows

pytestmark = pytest.mark.django_db


def url(authority) -> str:
    return reverse("reporting:authority_detail", args=[authority.ons_code])


def on(day) -> dict:
    return {"date-day": day.day, "date-month": day.month, "date-year": day.year}


def test_any_signed_in_user_can_see_an_authority_page(client, commissioner):
    authority = LocalAuthorityFactory(name="Torbay")
    client.force_login(commissioner)

    response = client.get(url(authority))

    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Torbay</h1>' in response.content.decode()


def test_an_unknown_code_is_404(client, official):
    client.force_login(official)

    assert client.get(reverse("reporting:authority_detail", args=["E06999999"])).status_code == 404


def test_authority_list_links_every_current_authority_by_region(client, commissioner):
    torbay = LocalAuthorityFactory(name="Torbay")
    LocalAuthorityFactory(name="Old council", predecessor=True)
    client.force_login(commissioner)

    html = client.get(reverse("reporting:authority_list")).content.decode()

    assert f'href="{url(torbay)}">Torbay</a>' in html
    assert "Old council" not in html


# ---------------------------------------------------------------------------------------------
# Inspections


@pytest.fixture
def inspected():
    authority = LocalAuthorityFactory(name="Torbay")
    graded(
        authority,
        "SLAC",
        "2010-10-22",
        safeguarding_overall="inadequate",
        looked_after_children_overall="adequate",
    )
    graded(authority, "CPI", "2013-04-09", overall="adequate")
    graded(
        authority,
        "SIF",
        "2016-01-05",
        overall="inadequate",
        help_and_protection="inadequate",
        leadership_management_governance="inadequate",
    )
    visit(authority, "2019-06-01")
    return authority


def test_inspection_history_is_a_chart_with_a_table_alternative(client, official, inspected):
    client.force_login(official)

    response = client.get(url(inspected))

    svg = ET.fromstring(str(response.context["grade_chart"]))
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.find(f"{ns}title").get("id") == title_id
    assert svg.find(f"{ns}desc").get("id") == desc_id
    labels = [t.text for t in svg.iter(f"{ns}text") if t.get("font-weight") == "bold"]
    assert labels == [
        "Overall effectiveness",
        "Safeguarding: overall effectiveness",
        "Looked after children: overall effectiveness",
        "Children who need help and protection",
        "Leadership, management and governance",
    ]
    # One point per grade: overall 3 (CPI, SIF... and not the ungraded visit), 4 others.
    assert len(list(svg.iter(f"{ns}circle"))) == 2 + 1 + 1 + 1 + 1
    rows = table_rows(response.content.decode(), "data-inspections-table")
    assert rows[1] == ["1 June 2019", "ILACS monitoring visit", "Not graded"]
    assert rows[2][:2] == ["5 January 2016", "SIF"]
    assert rows[2][2] == (
        "Overall effectiveness: Inadequate Children who need help and protection: Inadequate "
        "Leadership, management and governance: Inadequate"
    )
    assert rows[4][2] == (
        "Safeguarding: overall effectiveness: Inadequate "
        "Looked after children: overall effectiveness: Adequate"
    )


def test_as_at_a_day_shows_only_inspections_published_by_then(client, official, inspected):
    client.force_login(official)

    response = client.get(url(inspected), on(D(2015, 12, 31)))

    assert [i.framework for i in response.context["profile"].inspections] == ["CPI", "SLAC"]
    assert "5 January 2016" not in response.content.decode()


def test_an_authority_with_no_inspections_says_so(client, official):
    client.force_login(official)

    response = client.get(url(LocalAuthorityFactory()))

    assert response.context["grade_chart"] is None
    assert "No inspection published" in response.content.decode()


# ---------------------------------------------------------------------------------------------
# Yearly figures


@pytest.fixture
def with_figures():
    authority = LocalAuthorityFactory(name="Torbay")
    for rank, rates in enumerate([(100, 400), (120, 500), (None, None)], start=1):
        neighbour = LocalAuthorityFactory()
        StatisticalNeighbourFactory(authority=authority, neighbour=neighbour, rank=rank)
        YearlyStatisticsFactory(
            authority=neighbour,
            year=2024,
            cla_31_march=None if rates[0] is None else rates[0] * 4,
            cin_31_march=None if rates[1] is None else rates[1] * 4,
            population_0_17=40000,
        )
    YearlyStatisticsFactory(
        authority=authority, year=2024, cla_31_march=300, cla_rate_per_10000=Decimal("121.0")
    )
    YearlyStatisticsFactory(national=True, year=2024, cla_rate_per_10000=Decimal("69.0"))
    YearlyStatisticsFactory(authority=authority, year=2025, cla_31_march=282)
    return authority


def test_yearly_figures_against_neighbours_average_and_england(client, official, with_figures):
    client.force_login(official)

    response = client.get(url(with_figures), on(D(2024, 12, 31)))

    cla = response.context["profile"].figures[0]
    assert cla.measure.key == "cla"
    (year,) = cla.years  # 2025 had not ended by the day asked for
    assert (year.year, year.count, year.rate) == (2024, 300, Decimal("121.0"))
    # Neighbours: 400 and 480 looked after of 40,000 = 100.0 and 120.0; the third has none.
    assert (year.neighbours, year.neighbours_with_figures) == (Decimal("110.0"), 2)
    assert year.england == Decimal("69.0")
    rows = table_rows(response.content.decode(), 'data-figures="cla"')
    assert rows[1] == ["2023 to 2024", "300", "121.0", "110.0 (average of 2)", "69.0"]
    chart = ET.fromstring(str(response.context["measures"][0]["chart"]))
    assert chart.get("role") == "img"
    legend = [t.text for t in chart.iter("{http://www.w3.org/2000/svg}text")][:3]
    assert legend == ["Torbay", "Statistical neighbours (average)", "England"]


def test_figures_with_no_rates_show_the_counts_without_a_chart(client, official):
    authority = LocalAuthorityFactory()
    YearlyStatisticsFactory(authority=authority, year=2016, population_0_17=None)
    client.force_login(official)

    response = client.get(url(authority))

    cla = response.context["measures"][0]
    assert cla["chart"] is None
    assert "DfE published no rates for these years" in response.content.decode()


def test_neighbours_are_listed_most_similar_first(client, official, with_figures):
    client.force_login(official)

    response = client.get(url(with_figures))

    ranks = [n.pk for n in response.context["profile"].neighbours]
    assert ranks == [s.neighbour_id for s in with_figures.statistical_neighbours.order_by("rank")]


# ---------------------------------------------------------------------------------------------
# Leadership


def test_leadership_turnover_counts_people_who_started_in_five_years(client, official):
    authority = LocalAuthorityFactory()
    dcs = LeadershipPost.Role.DCS
    for name, start, end, interim in [
        ("Ann", D(2010, 1, 1), D(2014, 6, 30), False),
        ("Bob", D(2014, 7, 1), D(2015, 1, 31), True),
        ("Bob", D(2015, 2, 1), D(2016, 12, 31), False),
        ("Cat", D(2017, 1, 1), None, False),
    ]:
        LeadershipPostFactory(
            authority=authority,
            role=dcs,
            person_name=name,
            start_date=start,
            end_date=end,
            is_interim=interim,
        )
    client.force_login(official)

    response = client.get(url(authority), on(D(2018, 1, 1)))

    turnover = {t.role: t.people for t in response.context["profile"].turnover}
    assert turnover["Director of children's services"] == 2  # Bob once, and Cat
    assert turnover["Chief executive"] == 0
    assert LeadershipPost.objects.turnover(authority, dcs, D(2013, 1, 1), D(2018, 1, 1)) == 2
    html = response.content.decode()
    assert "2 people started in the role from 1 January 2013 to 1 January 2018" in html
    assert "Bob (interim)" in html


# ---------------------------------------------------------------------------------------------
# Interventions and partnerships


def test_interventions_and_partnerships_past_and_present(client, official):
    story = intervention_story(
        LocalAuthorityFactory(name="Torbay"), partner=LocalAuthorityFactory(name="Plymouth")
    )
    with dated(D(2011, 1, 31)):
        closed = InterventionFactory(
            authority=story.authority,
            opened_on=D(2011, 1, 31),
            status=Intervention.Status.CLOSED,
            closed_on=D(2014, 2, 4),
        )
        ImprovementNoticeFactory(
            intervention=closed, issued_on=D(2011, 1, 31), lifted_on=D(2014, 2, 4)
        )
    client.force_login(official)

    response = client.get(url(story.authority))

    states = response.context["profile"].interventions
    assert [(s.pk, s.is_open) for s in states] == [
        (closed.pk, False),
        (story.intervention.pk, True),
    ]
    assert [s.instrument_label for s in states] == [
        "Improvement notice (ended)",
        "Statutory direction",
    ]
    html = response.content.decode()
    assert "Intervention from 31 January 2011 to 4 February 2014" in html
    assert "Intervention from 5 January 2016 (open)" in html
    partnerships = response.context["profile"].partnerships
    assert [p.supported_id for p in partnerships] == [story.authority.pk]


def test_as_at_shows_the_recommendation_and_decision_as_they_stood(client, official):
    story = intervention_story(
        LocalAuthorityFactory(name="Torbay"), partner=LocalAuthorityFactory(name="Plymouth")
    )
    client.force_login(official)

    def card(day):
        response = client.get(url(story.authority), on(day))
        (state,) = response.context["profile"].interventions
        return state

    early, minded, confirmed = card(D(2016, 12, 1)), card(MINDED_TO), card(CONFIRMED)
    assert (early.recommendation_text, early.decision_text) == ("", "")
    assert minded.recommendation_text == (
        "Inter-authority partnership (ADM) with Plymouth, 5 April 2017"
    )
    assert minded.decision_text == "Minded to, 30 June 2017"
    assert minded.status_label == "Awaiting the Minister's decision"
    assert confirmed.decision_text == "Confirmed, 1 October 2017"


def test_a_commissioner_sees_only_their_own_interventions_on_the_page(
    client, commissioner, other_commissioner
):
    mine = intervention_story(
        LocalAuthorityFactory(name="Torbay"), commissioner=CommissionerFactory(user=commissioner)
    )
    theirs = intervention_story(
        LocalAuthorityFactory(name="Slough"),
        partner=mine.authority,
        commissioner=CommissionerFactory(user=other_commissioner),
    )
    # A partnership where Torbay supports Slough under Slough's intervention, not mine to see.
    ImprovementPartnershipFactory(
        intervention=theirs.intervention, supporting=mine.authority, starts_on=D(2017, 1, 1)
    )
    client.force_login(commissioner)

    own_page = client.get(url(mine.authority))
    other_page = client.get(url(theirs.authority))

    assert [s.pk for s in own_page.context["profile"].interventions] == [mine.intervention.pk]
    shown = own_page.context["profile"].partnerships
    assert [p.intervention_id for p in shown] == [mine.intervention.pk]
    assert other_page.status_code == 200
    assert other_page.context["profile"].interventions == []
    assert other_page.context["profile"].partnerships == []
    assert "No intervention that you can see" in other_page.content.decode()


# ---------------------------------------------------------------------------------------------
# Query counts


def build(authority, count: int) -> None:
    for number in range(count):
        year = 2000 + number
        graded(authority, "SIF", f"{year}-02-01", overall="good", help_and_protection="good")
        neighbour = LocalAuthorityFactory()
        StatisticalNeighbourFactory(authority=authority, neighbour=neighbour, rank=number % 10 + 1)
        YearlyStatisticsFactory(authority=neighbour, year=2010 + number % 10)
        LeadershipPostFactory(authority=authority, start_date=D(year, 3, 1))
        with dated(D(year, 3, 1)):
            InterventionFactory(
                authority=authority,
                opened_on=D(year, 3, 1),
                status=Intervention.Status.CLOSED,
                closed_on=D(year, 6, 1),
            )
        ImprovementPartnershipFactory(
            supporting=authority,
            supported=LocalAuthorityFactory(),
            intervention=None,
            starts_on=D(year, 1, 1),
        )


@pytest.mark.parametrize("count", [1, 10])
def test_query_count_does_not_grow_with_rows(
    client, official, django_assert_max_num_queries, count
):
    authority = LocalAuthorityFactory()
    build(authority, count)
    client.force_login(official)
    client.get(url(authority))

    # 28, plus the judgements' sources and the presumption's answer (rules, authority,
    # inspections, judgements, interventions), and the data version the page is cached under
    # (core.page_cache): constant, whatever the rows.
    with django_assert_max_num_queries(35):
        response = client.get(url(authority))

    assert len(response.context["profile"].inspections) == count
    assert len(response.context["profile"].interventions) == count


# ---------------------------------------------------------------------------------------------
# The charts themselves


def test_charts_escape_names_and_use_no_style_attribute():
    panel = charts.GradePanel("Help & <protection>", [(D(2016, 1, 5), 1), (D(2018, 8, 1), 1)])
    grade = charts.grade_chart(
        [panel], chart_id="c1", title='Torbay "grades" & more', description="d"
    )
    line = charts.line_chart(
        [charts.Series("A & B <council>", {2021: Decimal("1.5"), 2022: None, 2023: Decimal(2)})],
        [2021, 2022, 2023],
        chart_id="c2",
        title="t",
        description="d",
    )

    for svg in (grade, line):
        root = ET.fromstring(str(svg))  # well-formed: every name was escaped
        assert all("style" not in element.attrib for element in root.iter())
    assert "Help &amp; &lt;protection&gt;" in grade
    assert "A &amp; B &lt;council&gt;" in line


def test_line_chart_breaks_the_line_at_a_missing_year():
    runs = charts._runs([(2021, Decimal(1)), (2022, None), (2023, Decimal(2)), (2024, Decimal(3))])

    assert runs == [[(2021, Decimal(1))], [(2023, Decimal(2)), (2024, Decimal(3))]]


@pytest.mark.parametrize(
    ("value", "top", "ticks"),
    [
        (564.5, 600, [0, 100, 200, 300, 400, 500, 600]),
        (126, 150, [0, 25, 50, 75, 100, 125, 150]),
        (69, 80, [0, 20, 40, 60, 80]),
    ],
)
def test_axis_tops_and_ticks_are_round_numbers(value, top, ticks):
    assert charts.nice_ceiling(value) == top
    assert charts.ticks(top) == ticks
