#!/usr/bin/env bash
# The 20-client workloads of bench/imap with the clients spread over several client processes, for when one
# Python process (one interpreter lock for all its threads) is the limit, not the servers.
#
#   bench/imap/multi-client.sh [PROCS] [CLIENTS_PER_PROC] [SECONDS] [WORKLOAD...]
#
# Defaults: 4 processes x 5 clients, 10 s, select fetch-headers fetch-body. Each workload runs on Mailcove and
# right after on Dovecot, each server's processes at once; prints the summed ops/s and the worst p99 of the
# processes. Expects both servers up with a seeded BenchBox, as bench/imap/run.sh leaves Dovecot and as
#   python3 ../shared/bench/imap-bench.py --port 2143 --user bench@bench.test --password benchpass-1234 \
#     --seed-mailbox 1000 --workloads select
# seeds a Mailcove started on 127.0.0.1:2143 (same for Dovecot with --port 1143 --password benchpass).
# Environment: BENCH_HARNESS, MAILCOVE_PORT (2143), MAILCOVE_PASSWORD (benchpass-1234), DOVECOT_PORT (1143),
# DOVECOT_PASSWORD (benchpass).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HARNESS="${BENCH_HARNESS:-$ROOT/../shared/bench/imap-bench.py}"
PROCS=${1:-4}
CLIENTS=${2:-5}
SECS=${3:-10}
shift $(( $# < 3 ? $# : 3 ))
LOADS=("$@")
[ ${#LOADS[@]} -eq 0 ] && LOADS=(select fetch-headers fetch-body)
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

run() { # label port password workload
  local label=$1 port=$2 pass=$3 w=$4
  for i in $(seq 1 "$PROCS"); do
    python3 "$HARNESS" --port "$port" --user bench@bench.test --password "$pass" --seed-mailbox 0 \
      --clients "$CLIENTS" --seconds "$SECS" --workloads "$w" --seed "$i" >"$OUT/$label-$w-$i.txt" 2>&1 &
  done
  wait
  cat "$OUT/$label-$w"-*.txt | awk -v l="$label" -v w="$w" -v n="$PROCS" -v c="$CLIENTS" \
    '$1 == w {o += $2; e += $5; if ($4 + 0 > p) p = $4 + 0; k++}
     END {printf "%-9s %-14s %d x %d clients  ops/s %9.1f  worst p99 %7.2f ms  errors %d  (%d of %d processes reported)\n",
          l, w, n, c, o, p, e, k, n}'
}

for w in "${LOADS[@]}"; do
  run mailcove "${MAILCOVE_PORT:-2143}" "${MAILCOVE_PASSWORD:-benchpass-1234}" "$w"
  run dovecot "${DOVECOT_PORT:-1143}" "${DOVECOT_PASSWORD:-benchpass}" "$w"
done
