#!/usr/bin/env bash
# Schema-driven fuzzing of the API: a throwaway SQLite database with the reference data,
# gunicorn on a free loopback port, schemathesis against /api/v1/schema/ with every
# check (`--checks all`: server errors, status codes, content types, headers and bodies
# as documented, schema-invalid input refused, schema-valid input taken, auth enforced),
# settings in tests/fuzz/schemathesis.toml and one check of ours in tests/fuzz/hooks.py.
# Every operation runs anonymously, then with a superuser's token. Bounded:
# FUZZ_EXAMPLES cases per operation and FUZZ_TIMEOUT seconds a run.
# Exits non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=.venv/bin/python
EXAMPLES="${FUZZ_EXAMPLES:-25}"
TIMEOUT="${FUZZ_TIMEOUT:-420}"

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export DATABASE_URL="sqlite:///$WORK/fuzz.sqlite3"
export SECRET_KEY="fuzz-only-secret-key-not-for-anything-else-0123456789abcdef"
export DEBUG=0
export DJANGO_ENV=""
export REDIS_URL=""
export ALLOWED_HOSTS="127.0.0.1,localhost"
export LOG_LEVEL=ERROR  # server errors only: 4xx answers are what the fuzzer expects
# The fuzzer sends thousands of requests: throttling would only hide what it looks for.
export API_THROTTLE_ANON="1000000/min"
export API_THROTTLE_USER="1000000/min"

echo "fuzz: preparing a database in $WORK"
$PY manage.py migrate --noinput -v0
$PY manage.py load_reference_data >/dev/null
$PY manage.py shell -c "
from django.contrib.auth import get_user_model
get_user_model().objects.create_superuser('fuzz', 'fuzz@example.org', 'fuzz-password')
"
TOKEN="$($PY manage.py issue_token fuzz | tail -n 1)"

PORT="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
.venv/bin/gunicorn militarydiplo.wsgi --bind "127.0.0.1:$PORT" --workers 2 --timeout 60 \
  --log-level warning 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 1 60); do
  if $PY -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=2)" \
    "$BASE/api/v1/schema/" 2>/dev/null; then break; fi
  sleep 0.5
done

export SCHEMATHESIS_HOOKS=tests.fuzz.hooks
run() {
  # One worker: hypothesis describing strategies from two threads at once can fail inside
  # the fuzzer itself. NUL bytes are left out: no HTTP client sends them in a header, and the server refuses
  # them in parameters and bodies (tests/test_security_input.py).
  timeout --kill-after=10 "$TIMEOUT" .venv/bin/schemathesis --no-color \
    --config-file tests/fuzz/schemathesis.toml run "$BASE/api/v1/schema/?format=json" \
    --checks all --workers 1 --request-timeout 30 --seed 1 --generation-allow-x00 false \
    --generation-database none "$@"
}

status=0
echo "fuzz: every operation, anonymous (writes must answer 401)"
run --phases examples,coverage,fuzzing --max-examples "$EXAMPLES" || status=$?
echo "fuzz: every operation, with a token"
# Random requests only (no coverage phase): writes are slower, and most bodies are refused.
run -H "Authorization: Token $TOKEN" --phases examples,fuzzing \
  --max-examples "$(( (EXAMPLES + 1) / 2 ))" || status=$?

if grep -q "Traceback" "$WORK/server.log"; then
  echo "fuzz: the server logged errors:" >&2
  tail -n 200 "$WORK/server.log" >&2
  status=1
fi
exit "$status"
