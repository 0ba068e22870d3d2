"""The admin's history lists times as the rest of the service does (core.dates: "8:42pm")."""

import pytest
from django.urls import reverse

from core.dates import govuk_datetime

from .factories import LocalAuthorityFactory


@pytest.mark.django_db
def test_the_admin_history_lists_times_as_govuk_does(client, admin_user):
    authority = LocalAuthorityFactory(name="Torbay")
    row = authority.history.latest()
    client.force_login(admin_user)
    url = reverse("admin:authorities_localauthority_history", args=[authority.pk])
    html = client.get(url).content.decode()
    assert govuk_datetime(row.history_date) in html
    assert "a.m." not in html and "p.m." not in html
