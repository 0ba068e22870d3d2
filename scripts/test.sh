#!/usr/bin/env bash
# The whole test suite: unit, integration, real-worker and browser tests.
# Uses PostgreSQL and Redis when DATABASE_URL and CELERY_BROKER_URL are set, else SQLite and the
# filesystem broker.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-test-only-secret-key-not-for-production}"
export DJANGO_SECURE_SSL_REDIRECT="${DJANGO_SECURE_SSL_REDIRECT:-0}"
export DJANGO_MANIFEST_STATIC="${DJANGO_MANIFEST_STATIC:-0}"
# Links in emails point at the test client's host, so a test can follow them.
export SITE_URL="${SITE_URL:-http://testserver}"
exec .venv/bin/pytest "$@"
