import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: a broker there does not answer, as when Redis is stopped.
DEAD_REDIS = {"CELERY_BROKER_URL": "redis://127.0.0.1:1/0", "CELERY_BROKER_TRANSPORT_OPTIONS": {}}


def test_healthz_answers_200_without_sign_in_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


@override_settings(**DEAD_REDIS)
def test_healthz_answers_503_naming_the_broker_when_redis_is_down(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["broker"]
    assert body["checks"] == {"database": "ok", "broker": "failing"}
    # Nothing sensitive: no URLs, hosts or exception text.
    assert "127.0.0.1" not in response.content.decode()


@override_settings(**DEAD_REDIS)
def test_signed_in_pages_render_when_the_broker_is_down(client, official):
    client.force_login(official)
    assert client.get(reverse("core:home"), follow=True).status_code == 200
    assert client.get(reverse("core:about_data")).status_code == 200


def test_healthz_only_answers_get(client):
    assert client.post("/healthz").status_code == 405
