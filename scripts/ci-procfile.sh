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

python manage.py collectstatic --no-input -v 0  # the build step
eval "$(sed -n 's/^release: //p' Procfile)"    # the release step, as the Procfile says
DJANGO_SUPERUSER_PASSWORD="ci-$(python -c 'import secrets; print(secrets.token_hex(8))')"
export DJANGO_SUPERUSER_PASSWORD
python manage.py createsuperuser --no-input --username ci-admin --email ci@example.invalid 2>/dev/null \
  || python manage.py shell -c "from django.contrib.auth import get_user_model as u; x=u().objects.get(username='ci-admin'); x.set_password('$DJANGO_SUPERUSER_PASSWORD'); x.save()"

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
  --data-urlencode "username=ci-admin" \
  --data-urlencode "password=$DJANGO_SUPERUSER_PASSWORD")"
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
