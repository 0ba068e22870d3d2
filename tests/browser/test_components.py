"""The shared form includes in a real browser: GOV.UK Frontend's scripts, focus, and axe.

No page of the service uses every include yet, so this test renders one through base.html,
as a view would (with the request, so the frame is the signed-in user's), and serves it at
the live server's address.
"""

import pytest
from django import forms
from django.template import engines
from django.test import RequestFactory
from playwright.sync_api import expect

from core.forms import GovukDateField

from .support import sign_in

pytestmark = pytest.mark.browser

PAGE = """{% extends "base.html" %}
{% block page_title %}Record a direction{% endblock %}
{% block before_content %}{% include "includes/back_link.html" with href="/" %}{% endblock %}
{% block content %}
<div class="govuk-grid-row">
  <div class="govuk-grid-column-two-thirds">
    {% include "includes/error_summary.html" %}
    <h1 class="govuk-heading-l">Record a direction</h1>
    <form method="post" novalidate>
      {% csrf_token %}
      {% with m="govuk-fieldset__legend--m" %}
      {% include "includes/date_input.html" with field=form.issued_on legend_classes=m %}
      {% include "includes/radios.html" with field=form.rating legend_classes=m inline=True %}
      {% include "includes/checkboxes.html" with field=form.themes legend_classes=m %}
      {% endwith %}
      {% include "includes/select.html" with field=form.region %}
      {% include "includes/input.html" with field=form.commissioner classes="govuk-!-width-half" %}
      {% include "includes/textarea.html" with field=form.summary %}
      <button type="submit" class="govuk-button" data-module="govuk-button">Save</button>
    </form>
    <h2 class="govuk-heading-m">Torbay</h2>
    <p class="govuk-body">{% include "includes/tag.html" with text="Inadequate" colour="red" %}</p>
    {% include "includes/summary_list.html" with rows=rows with_actions=True %}
    {% include "includes/summary_list.html" with rows=rows card_title="Direction, May 2016" %}
  </div>
</div>
{% endblock %}
"""


class DirectionForm(forms.Form):
    issued_on = GovukDateField(label="When was the direction issued?")
    rating = forms.ChoiceField(
        label="Overall rating",
        choices=[("red", "Red"), ("amber", "Amber"), ("green", "Green")],
        widget=forms.RadioSelect,
    )
    themes = forms.MultipleChoiceField(
        label="Themes covered",
        choices=[("help", "Help and protection"), ("care", "Children in care")],
        widget=forms.CheckboxSelectMultiple,
    )
    region = forms.ChoiceField(
        label="Region", choices=[("", "Choose a region"), ("sw", "South West")]
    )
    commissioner = forms.CharField(label="Commissioner", help_text="Their full name")
    summary = forms.CharField(label="Summary", widget=forms.Textarea)


@pytest.fixture
def components_page(page, live_server, someone) -> str:
    """A form sent with mistakes, shown again as a view would show it; returns its path."""
    sign_in(page, live_server, someone)
    form = DirectionForm(
        {"issued_on-day": "9", "issued_on-year": "2016", "summary": "Board met", "region": "sw"}
    )
    form.is_valid()
    request = RequestFactory().get("/components/")
    request.user = someone
    rows = [
        {"key": "Authority", "value": "Torbay", "href": "/", "visually_hidden": "authority"},
        {"key": "Commissioner", "value": ""},
    ]
    html = engines["django"].from_string(PAGE).render({"form": form, "rows": rows}, request)
    page.route(
        live_server.url + "/components/",
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
    )
    return "/components/"


def test_form_with_errors_passes_axe_and_keeps_what_was_typed(page, visit, components_page):
    visit(components_page)

    expect(page).to_have_title(
        "Error: Record a direction - Oversee children's services interventions"
    )
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    date = page.get_by_role("group", name="When was the direction issued?")
    expect(date.get_by_label("Day")).to_have_value("9")
    expect(date.get_by_label("Month")).to_have_value("")
    expect(date.get_by_label("Year")).to_have_value("2016")
    expect(page.get_by_label("Summary")).to_have_value("Board met")
    expect(page.get_by_label("Summary")).to_have_attribute("rows", "5")
    expect(page.get_by_label("Region")).to_have_value("sw")


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ("Date must include a month", "#id_issued_on-month"),
        ("This field is required.", "#id_rating_0"),
    ],
)
def test_error_summary_link_moves_focus_to_the_field_at_fault(
    page, visit, components_page, message, field
):
    visit(components_page)

    page.locator(".govuk-error-summary").get_by_role("link", name=message).first.click()

    expect(page.locator(field)).to_be_focused()


def test_only_the_box_at_fault_is_marked_in_error(page, visit, components_page):
    visit(components_page)
    date = page.get_by_role("group", name="When was the direction issued?")

    expect(date.get_by_label("Month")).to_have_class(
        "govuk-input govuk-date-input__input govuk-input--error govuk-input--width-2"
    )
    expect(date.get_by_label("Day")).not_to_have_class("govuk-input--error")
    # Screen readers hear the error with the group: it is in the fieldset's description.
    expect(date).to_have_accessible_description(
        "For example, 27 3 2017 Error: Date must include a month"
    )


def test_page_of_components_looks_right(page, visit, components_page, tmp_path):
    """Not an assertion on pixels: a picture to look at (printed path) when changing includes."""
    visit(components_page)
    shot = tmp_path / "components.png"
    page.screenshot(path=shot, full_page=True)
    print(f"Components page: {shot}")
    expect(page.locator(".govuk-summary-card__title")).to_have_text("Direction, May 2016")


def test_password_can_be_shown_and_hidden(page, visit):
    visit("/sign-in/")
    password = page.get_by_label("Password", exact=True)
    password.fill("correct-horse")

    page.get_by_role("button", name="Show password").click()
    expect(password).to_have_attribute("type", "text")
    page.get_by_role("button", name="Hide password").click()
    expect(password).to_have_attribute("type", "password")
