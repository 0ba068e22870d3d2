#!/usr/bin/env bash
# CI: start the Procfile as production does (release, then web on gunicorn, worker and beat
# under honcho) on the configured DATABASE_URL and CELERY_BROKER_URL, wait for /healthz to
# answer 200 (database, broker, worker and beat all seen), sign in through gunicorn with curl
# and the form's CSRF token, then stop everything.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
PORT="${PORT:-8791}"
URL="http://127.0.0.1:${PORT}"
WORK="$(mktemp -d)"
export VAR_DIR="$WORK/var" HOST=127.0.0.1 PORT
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-$(python -c 'import secrets; print(secrets.token_urlsafe(50))')}"
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 SITE_URL="$URL"
unset DJANGO_DEBUG
mkdir -p "$VAR_DIR"
# The compiled stylesheet lives under VAR_DIR: the build step's, before collectstatic.
cp -r var/static-build "$VAR_DIR/static-build"

honcho_pid=""
stop() {
  if [ -n "$honcho_pid" ]; then kill -TERM "$honcho_pid" 2>/dev/null || true; wait "$honcho_pid" || true; fi
  rm -rf "$WORK"
}
trap stop EXIT

# A fresh CI machine has the PostgreSQL server but not the database DATABASE_URL names: make it,
# as whoever runs the database would before the first deploy.
python - <<'PY'
import os

import dj_database_url
import psycopg2

config = dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://"))
if "postgresql" in config["ENGINE"]:
    server = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
            print(f"Created the database {config['NAME']}")
    server.close()
PY
python manage.py collectstatic --no-input -v 0  # the build step
eval "$(sed -n 's/^release: //p' Procfile)"    # the release step, as the Procfile says
# A DfE official signs in (an admin's password sign-in asks for a second factor: ADR 0023).
CI_PASSWORD="ci-$(python -c 'import secrets; print(secrets.token_hex(8))')"
export CI_PASSWORD
python manage.py shell -v 0 -c "
import os
from django.contrib.auth.models import Group, User
from core import roles
user, _ = User.objects.get_or_create(username='ci-official', defaults={'email': 'ci@example.invalid'})
user.set_password(os.environ['CI_PASSWORD'])
user.save()
user.groups.add(Group.objects.get(name=roles.DFE_OFFICIAL))
"

honcho start --port "$PORT" web worker beat > "$WORK/honcho.log" 2>&1 &
honcho_pid=$!

health=""
for _ in $(seq 1 90); do
  health="$(curl -s -o "$WORK/health.json" -w '%{http_code}' "$URL/healthz" || true)"
  [ "$health" = 200 ] && break
  sleep 2
done
if [ "$health" != 200 ]; then
  echo "FAIL: /healthz answered ${health:-nothing}: $(cat "$WORK/health.json" 2>/dev/null)"
  tail -50 "$WORK/honcho.log"
  exit 1
fi
echo "/healthz 200: $(cat "$WORK/health.json")"

# Cookies are Secure (production settings), which curl keeps to HTTPS: carry them by hand.
cookie() { sed -n "s/^[Ss]et-[Cc]ookie: $1=\([^;]*\).*/\1/p" "$2" | tail -1; }
curl -s -D "$WORK/form.h" -o "$WORK/form.html" "$URL/sign-in/"
csrf_cookie="$(cookie csrftoken "$WORK/form.h")"
csrf_field="$(sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' "$WORK/form.html" | head -1)"
status="$(curl -s -D "$WORK/signin.h" -o /dev/null -w '%{http_code}' "$URL/sign-in/" \
  -H "Cookie: csrftoken=$csrf_cookie" \
  --data-urlencode "csrfmiddlewaretoken=$csrf_field" \
  --data-urlencode "username=ci-official" \
  --data-urlencode "password=$CI_PASSWORD")"
session="$(cookie sessionid "$WORK/signin.h")"
if [ "$status" != 302 ] || [ -z "$session" ]; then
  echo "FAIL: sign-in answered $status (session cookie: ${session:+set})"
  tail -50 "$WORK/honcho.log"
  exit 1
fi
page="$(curl -s -L -o "$WORK/home.html" -w '%{http_code}' "$URL/" -H "Cookie: sessionid=$session")"
if [ "$page" != 200 ] || ! grep -q "Sign out" "$WORK/home.html"; then
  echo "FAIL: the signed-in home page answered $page"
  exit 1
fi
echo "Signed in through gunicorn: sign-in 302, home page 200 with 'Sign out'"
grep -q '"request_id"' "$WORK/honcho.log" && echo "JSON log lines with request ids: yes"
