"""Filters for the report page and document (dates: core's ``govuk_date`` reads the content's
ISO strings)."""

from django import template

register = template.Library()

RAG_COLOURS = {"red": "red", "amber": "orange", "green": "green"}
MOVEMENT_TEXT = {
    "improved": "Improved",
    "declined": "Declined",
    "unchanged": "No change",
    "first_rating": "First rating",
    "not_rated": "Not rated",
}


@register.filter
def rag_colour(rag: str | None) -> str:
    """The GOV.UK tag colour for a RAG rating (grey when not rated)."""
    return RAG_COLOURS.get(rag or "", "grey")


@register.filter
def movement_text(movement: str) -> str:
    return MOVEMENT_TEXT.get(movement, movement)


@register.filter
def yes_no(value: bool | None) -> str:
    return {True: "Yes", False: "No"}.get(value, "Not recorded")
