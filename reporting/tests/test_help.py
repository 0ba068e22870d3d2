"""The help page's glossary, taken from the code and the domain notes, and linked from the
pages where its words appear."""

import pytest
from django.urls import reverse

from interventions.models import DeliveryModel, Intervention, Theme
from reporting.help import DOMAIN, glossary
from reporting.tests.dashboard_world import intervention_story

pytestmark = pytest.mark.django_db


def test_every_status_model_and_theme_has_an_entry(client, official):
    client.force_login(official)
    html = client.get(reverse("help")).content.decode()
    for _value, label in [*Intervention.Status.choices, *DeliveryModel.choices]:
        assert label.replace("'", "&#x27;") in html
    for theme in Theme.objects.all():
        assert f'id="theme-{theme.code}"' in html
    assert 'id="status-awaiting_decision"' in html
    assert 'id="instrument-direction"' in html


def test_each_definition_says_where_it_comes_from_and_domain_words_are_quoted(settings):
    domain = (settings.REFERENCE_DATA_DIR.parent / "DOMAIN.md").read_text()
    flat = " ".join(domain.replace("*", "").split())
    quoted = 0
    for section in glossary():
        for term in section.terms:
            assert term.source
            if term.source == DOMAIN:
                # Quoted, not written for the page: each part is in DOMAIN.md as it stands.
                for part in term.meaning.split(" \u2026 "):
                    assert part in flat, (term.word, part)
                quoted += 1
    assert quoted >= 10


def test_the_intervention_page_and_the_dashboard_link_their_words_to_help(client, official):
    story = intervention_story()
    client.force_login(official)
    help_url = reverse("help")
    page = client.get(
        reverse("interventions:intervention_detail", args=[story.intervention.pk])
    ).content.decode()
    assert f'href="{help_url}#statuses">Status</a>' in page
    assert f'href="{help_url}#instrument-direction">Statutory direction</a>' in page
    dashboard = client.get(reverse("reporting:dashboard")).content.decode()
    for anchor in ("instruments", "themes", "statuses", "adm-models"):
        assert f'href="{help_url}#{anchor}"' in dashboard
