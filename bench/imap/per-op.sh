#!/usr/bin/env bash
# What one IMAP operation costs the server, counted by the kernel: builds of Mailcove measured in turn.
#
#   bench/imap/per-op.sh [--workloads "fetch-body store"] [--clients "1 20"] [--seconds N] [--repeat N] CHECKOUT...
#
# For each CHECKOUT (a Mailcove source tree: this one, or a git worktree of an older commit), --repeat times in turn
# (default 1): starts its server on a fresh data folder (IMAP on 127.0.0.1:2243), appends a 1,000-message BenchBox
# with ../shared/bench/imap-bench.py, warms every workload up for 5 s with 4 clients, then runs each workload for
# --seconds (default 8) with each number of --clients (20 clients: four client processes, as run.sh) and prints, per
# operation: the rate, p99, the server's CPU (utime + stime of its process), its voluntary context switches (all its
# threads), and its read and write system calls (syscr, syscw of /proc/<pid>/io). Alternating builds in one run
# keeps the machine's drift out of a before/after comparison; counts of calls and switches hardly move with load.
# Environment: BENCH_HARNESS (path of imap-bench.py).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HARNESS="${BENCH_HARNESS:-$ROOT/../shared/bench/imap-bench.py}"
LOAD="fetch-body store"
CLIENTS="1 20"
SECS=8
REPEAT=1
CHECKOUTS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --workloads) LOAD="$2"; shift ;;
    --clients) CLIENTS="$2"; shift ;;
    --seconds) SECS="$2"; shift ;;
    --repeat) REPEAT="$2"; shift ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) CHECKOUTS+=("$(cd "$1" && pwd)") ;;
  esac
  shift
done
[ ${#CHECKOUTS[@]} -gt 0 ] || { echo "usage: $0 [options] CHECKOUT..." >&2; exit 2; }
PORT=2243
ARGS=(--port "$PORT" --user bench@bench.test --password benchpass-1234)
. "$ROOT/bench/imap/config.sh"

# voluntary context switches of all threads, syscr, syscw, utime + stime (clock ticks) of process $1
counters() {
  python3 - "$1" <<'PY'
import os, sys
pid = sys.argv[1]
switches = 0
for task in os.listdir(f"/proc/{pid}/task"):
    try:
        with open(f"/proc/{pid}/task/{task}/status") as f:
            for line in f:
                if line.startswith("voluntary_ctxt_switches"):
                    switches += int(line.split()[1])
    except FileNotFoundError:
        pass  # a thread that ended meanwhile
with open(f"/proc/{pid}/io") as f:
    io = {k: int(v) for k, v in (line.split(":") for line in f)}
with open(f"/proc/{pid}/stat") as f:
    stat = f.read().rsplit(")", 1)[1].split()
print(switches, io["syscr"], io["syscw"], int(stat[11]) + int(stat[12]))
PY
}

measure() { # checkout
  local checkout=$1 work pid jpid
  work="$(mktemp -d)"
  imap_only_config "$work/mailcove.toml" "$PORT"
  "$checkout/mailcove" -c "$work/mailcove.toml" domain add bench.test >/dev/null 2>&1
  echo benchpass-1234 | "$checkout/mailcove" -c "$work/mailcove.toml" user add bench@bench.test >/dev/null 2>&1
  "$checkout/mailcove" serve -c "$work/mailcove.toml" >"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.2
  done
  jpid=$(pgrep -f -- "serve -c $work/mailcove.toml" | xargs -r ps -o pid=,comm= -p | awk '$2 == "java" {print $1}' \
    | head -n 1)
  jpid=${jpid:-$pid}
  python3 "$HARNESS" "${ARGS[@]}" --seed-mailbox 1000 --clients 1 --workloads select --seconds 1 --warmup 0 \
    >/dev/null 2>&1
  for w in $LOAD; do
    python3 "$HARNESS" "${ARGS[@]}" --seed-mailbox 0 --clients 4 --seconds 5 --warmup 0 --workloads "$w" \
      >/dev/null 2>&1
  done
  sleep 2
  local c w procs before after
  for c in $CLIENTS; do
    for w in $LOAD; do
      procs=1
      [ "$c" -gt 1 ] && procs=$(( (c + 4) / 5 ))
      before=$(counters "$jpid")
      python3 "$ROOT/bench/imap/clients.py" "$work/r-$c-$w" "$procs" python3 "$HARNESS" "${ARGS[@]}" \
        --seed-mailbox 0 --clients "$c" --seconds "$SECS" --warmup 0 --workloads "$w" >/dev/null 2>&1 || true
      after=$(counters "$jpid")
      python3 - "$checkout" "$c" "$w" "$before" "$after" "$work/r-$c-$w.json" <<'PY'
import json, os, sys
checkout, clients, workload, before, after, result = sys.argv[1:]
b = list(map(int, before.split()))
a = list(map(int, after.split()))
with open(result) as f:
    r = json.load(f)["results"][0]
ops = max(1, r["ops"])
hz = os.sysconf("SC_CLK_TCK")
valid = "" if r.get("valid", True) else "  (errors: not comparable)"
print(f"{os.path.basename(checkout):14s} c{clients:<3s}{workload:14s} {r['ops_per_s']:8.0f}/s  p99 {r['p99_ms']:5.2f} ms"
      f"  cpu {(a[3] - b[3]) / hz * 1e6 / ops:6.1f} us  switches {(a[0] - b[0]) / ops:5.2f}"
      f"  syscr {(a[1] - b[1]) / ops:5.2f}  syscw {(a[2] - b[2]) / ops:5.2f}{valid}")
PY
    done
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}

for checkout in "${CHECKOUTS[@]}"; do
  "$checkout/mailcove" build >/dev/null 2>&1 # once, before anything is measured
done
echo "checkout       run workload         rate      p99          server per operation"
for _ in $(seq 1 "$REPEAT"); do
  for checkout in "${CHECKOUTS[@]}"; do
    measure "$checkout"
  done
done
