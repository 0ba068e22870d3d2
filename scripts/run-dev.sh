#!/usr/bin/env bash
# Development: migrate (the Procfile's release step), load data, create demo accounts, then run
# the Procfile's web, worker and beat together in the foreground with honcho, as production
# runs them. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
export PORT="${PORT:-8000}"
export HOST="${HOST:-127.0.0.1}"
export PATH="$PWD/.venv/bin:$PATH"

mkdir -p var
# The release step, exactly as the Procfile says it.
eval "$(sed -n 's/^release: //p' Procfile)"
python manage.py load_reference_data --skip-missing
python manage.py load_case_studies
python manage.py create_demo_users

cat <<MSG

  Oversee children's services interventions is starting (Procfile: web, worker, beat).
  Open http://${HOST}:${PORT}/ and sign in with a demo account above.
  Health: http://${HOST}:${PORT}/healthz
  Press Ctrl-C to stop the web server, the worker and beat.

MSG
# honcho gives each process its own PORT from the base; web is first, so it gets PORT.
# gunicorn reloads the code when it changes, as the development server did.
export GUNICORN_CMD_ARGS="${GUNICORN_CMD_ARGS:---reload}"
exec honcho start --port "${PORT}" web worker beat
