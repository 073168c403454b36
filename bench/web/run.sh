#!/usr/bin/env bash
# Web door benchmark: requests per second and latency percentiles, with wrk, for
#   login     POST /login (form with the pre-login CSRF token; answers 303 and a new session)
#   accounts  GET /admin/accounts, the console's account list, with 1,000 accounts in the directory
#   messages  GET /api/v1/mailboxes/INBOX/messages?limit=50, the API's newest-first list of a 10,000-message INBOX
# usage: bench/web/run.sh [SECONDS=10] [CONNECTIONS=20] [ACCOUNTS=1000] [MESSAGES=10000]
# Needs wrk and postfix's smtp-source (apt-get install wrk postfix; ../shared/bench/setup-peers.sh installs the
# latter). Mailcove runs with the launcher's defaults on 127.0.0.1; there is no peer to compare: the servers
# Mailcove replaces have no such pages.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
SECONDS_PER=${1:-10} CONNS=${2:-20} ACCOUNTS=${3:-1000} MESSAGES=${4:-10000}
command -v wrk >/dev/null || { echo "wrk missing (apt-get install wrk)"; exit 2; }
command -v smtp-source >/dev/null || PATH=$PATH:/usr/sbin
command -v smtp-source >/dev/null || { echo "smtp-source missing (apt-get install postfix)"; exit 2; }
free_port() { python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }
HTTP=$(free_port) SMTP=$(free_port)
WORK=$(mktemp -d /tmp/mailcove-bench-web.XXXXXX)
cleanup() {
  [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
cat >"$WORK/mailcove.toml" <<TOML
hostname = "mx.bench.test"
data_dir = "data"
[listeners]
smtp = "127.0.0.1:$SMTP"
submission = "off"
submissions = "off"
imap = "off"
imaps = "off"
pop3 = "off"
pop3s = "off"
managesieve = "off"
http = "127.0.0.1:$HTTP"
https = "off"
[smtp]
max_connections_per_ip = 100
TOML
MC=("$ROOT/mailcove" -c "$WORK/mailcove.toml")
PASS=benchpass-long-enough
"${MC[@]}" domain add bench.test >/dev/null
printf '%s\n' "$PASS" | "${MC[@]}" user add admin@bench.test --admin >/dev/null
TOKEN=$("${MC[@]}" token create admin@bench.test --name bench --scope read,write,send,admin 2>/dev/null | tail -n 1)
"${MC[@]}" serve >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 300); do
  (exec 3<>/dev/tcp/127.0.0.1/$HTTP) 2>/dev/null && break
  sleep 0.1
done
BASE="http://127.0.0.1:$HTTP"

echo "setting up: $ACCOUNTS accounts through the API, $MESSAGES messages into INBOX over SMTP" >&2
python3 - "$BASE" "$TOKEN" "$ACCOUNTS" <<'PY'
import json, sys, urllib.request
from concurrent.futures import ThreadPoolExecutor
base, token, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
def create(i):
    body = json.dumps({"address": f"user{i:04d}@bench.test", "password": f"password-{i:04d}-long"}).encode()
    req = urllib.request.Request(base + "/api/v1/admin/accounts", body, method="POST",
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        assert r.status == 201, r.status
with ThreadPoolExecutor(4) as pool:
    list(pool.map(create, range(n - 1)))  # with the administrator: n accounts
PY
smtp-source -c -l 2048 -m "$MESSAGES" -s 20 -f sender@remote.test -t admin@bench.test \
  -M bench-client.test "127.0.0.1:$SMTP" >/dev/null
for _ in $(seq 1 600); do
  count=$(curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/mailboxes" \
    | python3 -c "import json,sys; print(next(m['messages'] for m in json.load(sys.stdin)['mailboxes'] if m['name']=='INBOX'))")
  [ "$count" -ge "$MESSAGES" ] && break
  sleep 0.5
done

# the login form's pre-login token, and a session for the console
curl -sf -c "$WORK/jar" "$BASE/login" >"$WORK/login.html"
CSRF=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$WORK/login.html" | head -n 1)
PRE=$(awk '$6 == "mailcove_csrf" {print $7}' "$WORK/jar")
curl -sf -o /dev/null -b "$WORK/jar" -c "$WORK/jar" --data-urlencode "csrf=$CSRF" \
  --data-urlencode "username=admin@bench.test" --data-urlencode "password=$PASS" "$BASE/login"
SESSION=$(awk '$6 == "mailcove_session" {print $7}' "$WORK/jar")
[ -n "$SESSION" ] || { echo "login failed"; exit 1; }
accounts_status=$(curl -s -o "$WORK/accounts.html" -w '%{http_code}' -b "mailcove_session=$SESSION" "$BASE/admin/accounts")
messages_status=$(curl -s -o "$WORK/messages.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
  "$BASE/api/v1/mailboxes/INBOX/messages?limit=50")
[ "$accounts_status" = 200 ] && [ "$messages_status" = 200 ] || {
  echo "pages answer $accounts_status / $messages_status"; exit 1; }

cat >"$WORK/login.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "mailcove_csrf=$PRE"
wrk.body = "csrf=$CSRF&username=admin%40bench.test&password=$PASS&next=%2Faccount"
done = function(summary, latency, requests)
  io.write(string.format("HTTP 4xx/5xx: %d\n", summary.errors.status))
end
LUA

row() { # name, wrk args...
  local name=$1; shift
  local out
  out=$(wrk -t 2 -c "$CONNS" -d "${SECONDS_PER}s" --timeout 10s --latency "$@")
  local rps p50 p99 max errors
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  max=$(awk '$1 == "Latency" {print $4}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$( (grep -E "Non-2xx|HTTP 4xx|Socket errors" <<<"$out" || true) | tr '\n' ' ')
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "$max" "${errors:-none}"
}
rss_before=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$PID/status")
echo
echo "| workload ($CONNS connections, ${SECONDS_PER} s) | requests/s | p50 | p99 | max | errors |"
echo "|---|---|---|---|---|---|"
row "login (POST /login, 303)" -s "$WORK/login.lua" "$BASE/login"
row "console account list, $ACCOUNTS accounts" -H "Cookie: mailcove_session=$SESSION" "$BASE/admin/accounts"
row "API message list, limit 50, $MESSAGES messages" -H "Authorization: Bearer $TOKEN" \
  "$BASE/api/v1/mailboxes/INBOX/messages?limit=50"
rss_after=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$PID/status")
hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$PID/status")
echo
echo "Mailcove RSS: $((rss_before / 1024)) MiB before the load, $((rss_after / 1024)) MiB after, peak $((hwm / 1024)) MiB;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
