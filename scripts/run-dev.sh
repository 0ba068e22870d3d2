#!/usr/bin/env bash
# Development: migrate, load data, create demo accounts, then run the web server, a Celery
# worker and beat together in the foreground. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
PORT="${PORT:-8000}"
BIN=.venv/bin

mkdir -p var
$BIN/python manage.py migrate --no-input
$BIN/python manage.py load_reference_data --skip-missing
$BIN/python manage.py load_case_studies
$BIN/python manage.py create_demo_users

pids=()
stop() {
  trap - INT TERM EXIT
  echo "Stopping web, worker and beat..."
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

$BIN/celery -A config worker --loglevel=INFO --concurrency=2 &
pids+=($!)
$BIN/celery -A config beat --loglevel=INFO &
pids+=($!)
$BIN/python manage.py runserver "127.0.0.1:${PORT}" &
pids+=($!)

cat <<MSG

  Oversee children's services interventions is running.
  Open http://127.0.0.1:${PORT}/ and sign in with a demo account above.
  Health: http://127.0.0.1:${PORT}/healthz
  Press Ctrl-C to stop the web server, the worker and beat.

MSG
# Stop everything as soon as any one of the three exits.
wait -n "${pids[@]}"
