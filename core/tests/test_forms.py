import datetime

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory

from core.forms import GovukDateField, SignInForm


class DirectionForm(forms.Form):
    issued_on = GovukDateField(label="When was the direction issued?")
    revoked_on = GovukDateField(
        label="When was it revoked?", required=False, error_name="the date it was revoked"
    )


def bound(day="", month="", year="", prefix="issued_on") -> DirectionForm:
    return DirectionForm({f"{prefix}-day": day, f"{prefix}-month": month, f"{prefix}-year": year})


def error_of(form: DirectionForm, name: str = "issued_on") -> str:
    assert not form.is_valid()
    return form.errors[name][0]


# The date field: what it accepts


def test_date_field_accepts_day_month_and_year():
    form = bound("9", "5", "2016")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["issued_on"] == datetime.date(2016, 5, 9)


def test_date_field_accepts_spaces_leading_zeros_and_month_names():
    form = bound(" 09 ", "Sept", "2016")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["issued_on"] == datetime.date(2016, 9, 9)
    assert bound("1", "april", "2018").is_valid()


def test_optional_date_field_left_empty_is_none():
    form = bound("9", "5", "2016")
    assert form.is_valid()
    assert form.cleaned_data["revoked_on"] is None


# The date field: GOV.UK's error messages


def test_empty_required_date_says_enter_a_date():
    assert error_of(bound()) == "Enter a date"


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("9", "", "2016", "Date must include a month"),
        ("", "5", "2016", "Date must include a day"),
        ("9", "5", "", "Date must include a year"),
        ("", "", "2016", "Date must include a day and month"),
        ("9", "", "", "Date must include a month and year"),
    ],
)
def test_incomplete_date_names_what_is_missing(day, month, year, message):
    assert error_of(bound(day, month, year)) == message


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("31", "2", "2017"),
        ("32", "1", "2017"),
        ("1", "13", "2017"),
        ("x", "1", "2017"),
        ("0", "1", "2017"),
    ],
)
def test_impossible_date_must_be_a_real_date(day, month, year):
    assert error_of(bound(day, month, year)) == "Date must be a real date"


def test_two_digit_year_must_have_four_numbers():
    assert error_of(bound("9", "5", "16")) == "Year must include 4 numbers"


def test_error_name_words_the_messages():
    form = DirectionForm(
        {
            "issued_on-day": "9",
            "issued_on-month": "5",
            "issued_on-year": "2016",
            "revoked_on-day": "3",
        }
    )
    assert error_of(form, "revoked_on") == "The date it was revoked must include a month and year"


def test_error_messages_can_be_overridden_like_any_field():
    field = GovukDateField(error_messages={"required": "Enter the date of the direction"})
    with pytest.raises(forms.ValidationError) as raised:
        field.clean(["", "", ""])
    assert raised.value.messages == ["Enter the date of the direction"]


# The date field: which boxes are at fault, and what the user typed


def test_missing_month_highlights_and_links_to_the_month_only():
    field = bound("9", "", "2016")["issued_on"]
    field.form.is_valid()
    assert field.error_parts == ("month",)
    assert field.id_for_label == "id_issued_on-month"
    assert [part.has_error for part in field.parts] == [False, True, False]


def test_impossible_combination_highlights_every_box():
    field = bound("31", "2", "2017")["issued_on"]
    field.form.is_valid()
    assert field.error_parts == ("day", "month", "year")
    assert field.id_for_label == "id_issued_on-day"


def test_error_added_by_the_form_highlights_every_box():
    form = bound("9", "5", "2016")
    form.is_valid()
    form.add_error("issued_on", "The date the direction was issued must be in the past")
    assert form["issued_on"].error_parts == ("day", "month", "year")


def test_what_the_user_typed_is_shown_again():
    field = bound("31", "Feb", "2017")["issued_on"]
    field.form.is_valid()
    assert [part.value for part in field.parts] == ["31", "Feb", "2017"]


def test_unbound_form_shows_the_initial_date():
    form = DirectionForm(initial={"issued_on": datetime.date(2016, 5, 9)})
    parts = form["issued_on"].parts
    assert [(p.name, p.value) for p in parts] == [
        ("issued_on-day", "9"),
        ("issued_on-month", "5"),
        ("issued_on-year", "2016"),
    ]
    assert not any(p.has_error for p in parts)


def test_unchanged_date_is_not_a_change():
    form = DirectionForm(
        {"issued_on-day": "09", "issued_on-month": "5", "issued_on-year": "2016"},
        initial={"issued_on": datetime.date(2016, 5, 9)},
    )
    assert "issued_on" not in form.changed_data


# The date input template


def render_date(form: DirectionForm) -> str:
    form.is_valid()
    return render_to_string("includes/date_input.html", {"field": form["issued_on"]})


def test_date_input_renders_gov_uk_markup_with_only_the_faulty_box_in_error():
    html = render_date(bound("9", "", "2016"))
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert 'aria-describedby="id_issued_on-hint id_issued_on-error"' in html
    assert '<div id="id_issued_on-hint" class="govuk-hint">For example, 27 3 2017</div>' in html
    assert "Date must include a month" in html
    assert (
        '<input class="govuk-input govuk-date-input__input govuk-input--width-2" '
        'id="id_issued_on-day" name="issued_on-day" type="text" inputmode="numeric" value="9">'
    ) in html
    assert (
        '<input class="govuk-input govuk-date-input__input govuk-input--error '
        'govuk-input--width-2" id="id_issued_on-month" name="issued_on-month" type="text" '
        'inputmode="numeric">'
    ) in html
    assert 'class="govuk-input govuk-date-input__input govuk-input--width-4"' in html


def test_date_input_without_errors_has_no_error_markup():
    html = render_to_string("includes/date_input.html", {"field": DirectionForm()["issued_on"]})
    assert "govuk-form-group--error" not in html
    assert "govuk-error-message" not in html
    assert 'aria-describedby="id_issued_on-hint"' in html


def test_error_summary_links_a_date_error_to_the_box_at_fault():
    form = bound("9", "", "2016")
    form.is_valid()
    html = render_to_string("includes/error_summary.html", {"form": form})
    assert '<a href="#id_issued_on-month">Date must include a month</a>' in html


# The other components


class CaseForm(forms.Form):
    rating = forms.ChoiceField(
        choices=[("red", "Red"), ("amber", "Amber"), ("green", "Green")], widget=forms.RadioSelect
    )
    themes = forms.MultipleChoiceField(
        choices=[("help", "Help and protection"), ("care", "Children in care")],
        widget=forms.CheckboxSelectMultiple,
    )
    region = forms.ChoiceField(choices=[("", "Choose a region"), ("sw", "South West")])
    summary = forms.CharField(widget=forms.Textarea, help_text="Say what changed")


def rendered(template: str, form: forms.Form, name: str, **extra) -> str:
    form.is_valid()
    return render_to_string(f"includes/{template}.html", {"field": form[name], **extra})


def test_radios_render_gov_uk_markup_keeping_the_choice():
    form = CaseForm({"rating": "amber"})
    html = rendered("radios", form, "rating", inline=True)
    assert '<div class="govuk-radios govuk-radios--inline" data-module="govuk-radios">' in html
    assert (
        '<input class="govuk-radios__input" id="id_rating_1" name="rating" type="radio" '
        'value="amber" checked>'
    ) in html
    assert '<label class="govuk-label govuk-radios__label" for="id_rating_1">Amber</label>' in html
    assert "govuk-form-group--error" not in html


def test_radios_error_is_shown_and_summary_links_to_the_first_radio():
    form = CaseForm({})
    html = rendered("radios", form, "rating")
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_rating-error">' in html
    assert "This field is required." in html
    summary = render_to_string("includes/error_summary.html", {"form": form})
    assert 'href="#id_rating_0"' in summary


def test_checkboxes_render_gov_uk_markup_keeping_the_choices():
    html = rendered("checkboxes", CaseForm({"themes": ["care"]}), "themes")
    assert '<div class="govuk-checkboxes" data-module="govuk-checkboxes">' in html
    assert 'id="id_themes_1" name="themes" type="checkbox" value="care" checked>' in html
    assert 'id="id_themes_0" name="themes" type="checkbox" value="help">' in html


def test_select_renders_gov_uk_markup_keeping_the_choice():
    html = rendered("select", CaseForm({"region": "sw"}), "region")
    assert '<select class="govuk-select" id="id_region" name="region">' in html
    assert '<option value="sw" selected>South West</option>' in html
    assert '<option value="">Choose a region</option>' in html


def test_textarea_renders_gov_uk_markup_with_hint_error_and_text():
    form = CaseForm({"summary": ""})
    html = rendered("textarea", form, "summary", rows=8)
    assert (
        '<textarea class="govuk-textarea govuk-textarea--error" id="id_summary" name="summary" '
        'rows="8" aria-describedby="id_summary-hint id_summary-error"></textarea>'
    ) in html
    html = rendered("textarea", CaseForm({"summary": "Board met <b>"}), "summary")
    assert ">Board met &lt;b&gt;</textarea>" in html


def test_textarea_takes_no_rows_from_a_summary_list_on_the_same_page():
    context = {"field": CaseForm()["summary"], "rows": [{"key": "Authority", "value": "Torbay"}]}
    html = render_to_string("includes/textarea.html", context)
    assert 'rows="5"' in html


def test_summary_list_renders_rows_actions_and_empty_values():
    rows = [
        {"key": "Authority", "value": "Torbay", "href": "/change/", "visually_hidden": "authority"},
        {"key": "Commissioner", "value": ""},
    ]
    html = render_to_string("includes/summary_list.html", {"rows": rows, "with_actions": True})
    assert '<dt class="govuk-summary-list__key">Authority</dt>' in html
    assert (
        '<a class="govuk-link" href="/change/">Change<span class="govuk-visually-hidden"> '
        "authority</span></a>"
    ) in html
    assert "govuk-summary-list__row govuk-summary-list__row--no-actions" in html
    assert '<dd class="govuk-summary-list__value">Not recorded</dd>' in html


def test_summary_card_has_its_title():
    html = render_to_string(
        "includes/summary_list.html", {"rows": [], "card_title": "Direction, May 2016"}
    )
    assert '<h2 class="govuk-summary-card__title">Direction, May 2016</h2>' in html


def test_tag_and_back_link_render_gov_uk_markup():
    tag = render_to_string("includes/tag.html", {"text": "Inadequate", "colour": "red"})
    assert tag.strip().endswith('<strong class="govuk-tag govuk-tag--red">Inadequate</strong>')
    back = render_to_string("includes/back_link.html", {"href": "/interventions/"})
    assert back.strip().endswith('<a href="/interventions/" class="govuk-back-link">Back</a>')


# Sign-in


@pytest.mark.django_db
def test_sign_in_form_says_what_to_do_in_gov_uk_style(official):
    request = RequestFactory().post("/sign-in/")
    form = SignInForm(request, data={"username": "official", "password": "wrong"})
    assert not form.is_valid()
    assert form.non_field_errors() == ["Enter a correct username and password"]


@pytest.mark.django_db
def test_sign_in_page_error_summary_links_to_the_username(official):
    request = RequestFactory().post("/sign-in/")
    form = SignInForm(request, data={"username": "official", "password": "wrong"})
    form.is_valid()
    html = render_to_string("includes/error_summary.html", {"form": form})
    assert '<a href="#id_username">Enter a correct username and password</a>' in html


def test_a_superscript_digit_is_a_wrong_date_not_a_crash():
    """'¹'.isdigit() is true but int('¹') fails: the field must say what to fix instead."""
    from django import forms as django_forms

    from core.forms import GovukDateField

    class Form(django_forms.Form):
        held_on = GovukDateField()

    form = Form(data={"held_on-day": "¹", "held_on-month": "1", "held_on-year": "2017"})
    assert not form.is_valid()
    assert form.errors["held_on"]
