"""The help page: a glossary of the words the service uses for themes, statuses, instruments and
alternative delivery models. It names words from every app, so it lives in the highest of them.

Every definition is taken from somewhere and says where: a choice's label or a model's docstring
in the code, or a quotation of the project's domain notes (DOMAIN.md, drawn from the seeded
documents). Nothing here is written for the page alone; a word with no such source has its label
only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.views.generic import TemplateView

from interventions.models import (
    Action,
    DeliveryModel,
    Instrument,
    Intervention,
    Theme,
    ThemeRating,
)

from .models import Report

CODE = "the service's code"
DOMAIN = "the domain notes (DOMAIN.md)"

# DOMAIN.md's words for each stage of an intervention ("Lifecycle of an intervention"), quoted
# exactly (a quotation in parts is joined by " … ").
STATUS_NOTES = {
    Intervention.Status.TRIGGERED: "an Inadequate judgement, or serious concerns at a visit",
    Intervention.Status.INITIAL_REVIEW: "initial review (about three months) testing the "
    "presumption",
    Intervention.Status.AWAITING_DECISION: 'Minister\'s decision ("minded to", then confirmed)',
    Intervention.Status.IMPLEMENTATION: "implementation (a new or revised direction; an ADM "
    "goes live)",
    Intervention.Status.MONITORING: "monitoring (Ofsted monitoring visits, re-inspection, "
    "quarterly reports, board meetings)",
    Intervention.Status.CLOSED: "exit (the direction is revoked, often replaced by a notice, "
    "later lifted)",
}

# DOMAIN.md's words for the delivery models it describes ("The world in one page",
# "Improvement partnerships").
MODEL_NOTES = {
    DeliveryModel.RUNS_SERVICES: "Hampshire ran the Isle of Wight's children's services under a "
    "direction (its director of children's services became the Isle of Wight's DCS)",
    DeliveryModel.EXPERT_ADVISER: "Hampshire \u2026 acted as expert adviser to Torbay (up to 200 "
    "days a year at the DfE standard day rate, claimed from DfE)",
    DeliveryModel.IMPROVEMENT_PARTNER: "A strong council supports a failing one \u2026 became "
    "Buckinghamshire's improvement partner",
    DeliveryModel.ADM_PARTNERSHIP: "Plymouth became Torbay's partner as its ADM in April 2018",
    DeliveryModel.CHILDRENS_TRUST: "A direction can require the authority \u2026 to hand its "
    "functions to a children's trust or another authority",
}


@dataclass(frozen=True)
class Term:
    anchor: str
    word: str
    meaning: str
    source: str


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    introduction: str
    source: str
    terms: list[Term]


def _choices(prefix: str, choices, notes: dict | None = None) -> list[Term]:
    """A term for each choice: its label, with DOMAIN.md's words where they say more."""
    notes = notes or {}
    return [
        Term(
            f"{prefix}-{value}",
            label,
            notes.get(value, ""),
            DOMAIN if value in notes else CODE,
        )
        for value, label in choices
    ]


def _docstring(model) -> str:
    return " ".join((model.__doc__ or "").split())


def glossary() -> list[Section]:
    """The glossary's sections, in the order of the page (themes read from the database)."""
    themes = [
        Term(f"theme-{theme.code}", theme.name, theme.description, "the theme's own record")
        for theme in Theme.objects.order_by("order", "name")
    ]
    return [
        Section(
            "statuses",
            "Intervention statuses",
            _docstring(Intervention),
            CODE,
            _choices("status", Intervention.Status.choices, STATUS_NOTES),
        ),
        Section(
            "themes",
            "Themes",
            _docstring(Theme),
            CODE,
            themes
            + _choices("rag", ThemeRating.Rag.choices)
            + _choices("travel", ThemeRating.Direction.choices),
        ),
        Section(
            "instruments",
            "Instruments: notices and directions",
            _docstring(Instrument),
            CODE,
            [
                Term(
                    "instrument-notice",
                    "Improvement notice",
                    "a non-statutory improvement notice (an improvement adviser, an improvement "
                    "board, a plan, reviews about every six months; the notice is lifted when "
                    "enough progress is made)",
                    DOMAIN,
                ),
                Term(
                    "instrument-direction",
                    "Statutory direction",
                    "a statutory direction from the Secretary of State (section 497A Education "
                    "Act 1996, applied to children's social care by section 50 Children Act "
                    "2004) \u2026 Directions are revised and finally revoked",
                    DOMAIN,
                ),
            ],
        ),
        Section(
            "adm-models",
            "Alternative delivery models (ADM)",
            _docstring(DeliveryModel).split(":")[0] + ".",
            CODE,
            _choices("model", DeliveryModel.choices, MODEL_NOTES),
        ),
        Section(
            "report-statuses",
            "Reports and actions",
            "What a report and an action go through.",
            CODE,
            _choices("report-kind", Report.Kind.choices)
            + _choices("report-status", Report.Status.choices)
            + _choices("action-status", Action.Status.choices),
        ),
    ]


class HelpView(TemplateView):
    """The glossary; pages link their words to its entries (``help`` URL, ``#<anchor>``)."""

    template_name = "reporting/help.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=glossary(), **kwargs)
