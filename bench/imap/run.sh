#!/usr/bin/env bash
# IMAP benchmark: Mailcove beside Dovecot, same machine, same client (../shared/bench/imap-bench.py), same run.
#
#   bench/imap/run.sh [--quick] [--skip-dovecot] [--skip-100k] [--big N] [--idle K] [--idle-only]
#                     [--clients-per-process N] [--idle-procs N] [--idle-threads N] [--workloads "W..."]
#                     [--single-client] [--rounds N] [--floor]
#
# For each server: an unmeasured warm-up (300 messages appended, each workload for 5 s), a 1,000-message BenchBox
# (seeded by the harness's APPEND) measured with 1 and 20 clients, then a 100,000-message BenchBox measured with
# 20 clients (Mailcove seeded by APPEND with 20 clients; Dovecot by seed-maildir.py, which writes the same
# messages into its Maildir when this runs as root, since APPEND into a growing Maildir takes hours), then K IDLE
# sessions (default 2,000, after the 1,000-message runs) with Mailcove's RSS before/after, and Mailcove's memory
# after the 100,000-message runs (anonymous and file-backed apart). Prints ops/s and p99 per server and the ratio
# Mailcove/Dovecot, and the machine's load average at the start and the end. Raw JSON goes to bench/imap/results/<date>/.
# The 20-client runs spread their clients over several client processes (clients.py; --clients-per-process,
# default 5: four processes), so that one Python interpreter lock does not set the rate; the table shows the
# client's CPU (its processes' user + system time from /proc) as a share of the machine's CPU during the run and
# the busiest client process's share of one core. --idle-only: the warm-up, then only the IDLE row. After the
# warm-up, and again after the seeding, it waits until Mailcove's process is quiet (its full-text indexing of the
# messages just appended done), so that this work does not fall into the APPEND row or the rows after it.
# The IDLE sessions are opened by idle-clients.py from --idle-procs processes (default 4) of --idle-threads threads
# (default 4), the push measured across all of them; it adds the opening's client and server CPU.
# --workloads "fetch-body store": only these of select, fetch-headers, fetch-body, search, store, login (the append
# row is the 1,000-message seeding and is always there); --single-client: no 20-client rows.
# --rounds N (default 1): every measured row N times, the two servers in turn (Mailcove first in odd rounds,
# Dovecot first in even ones); the table then gives each server's median rate, p99 and CPU per operation, the
# median of the rounds' ratios and every round's ratio (on a shared machine one round's ratio can move by a
# third from one run to the next, for reasons outside both servers).
# The file-descriptor limit is raised to the hard limit for the IDLE sessions (client and server inherit it), and
# the bench's Mailcove gets imap.max_connections and max_connections_per_ip of K + 100 (its defaults: 10,000 / 50).
# --floor: after the seeding, record.py records Dovecot's exact answer to every command the one-client rows can send,
# and floor/floor-server.c (built with the machine's C compiler) replays them on 127.0.0.1:2343 and does nothing
# else; it runs each one-client row in turn with the two servers (a third "server", floor-*.json), so the table shows
# the most any server can reach there with this client on this machine, and what each server adds to its round trip.
# Dovecot is started by ../shared/bench/setup-peers.sh (127.0.0.1:1143, bench@bench.test / benchpass).
# Environment: BENCH_HARNESS (path of imap-bench.py), SECONDS_PER_WORKLOAD (default 15; --quick: 5),
# DOVECOT_MAILDIR (default /var/vmail/bench.test/bench/Maildir, as setup-peers.sh creates it), MAILCOVE_PORT (2143).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HARNESS="${BENCH_HARNESS:-$ROOT/../shared/bench/imap-bench.py}"
PEERS="$(dirname "$HARNESS")/setup-peers.sh"
DOVECOT_MAILDIR="${DOVECOT_MAILDIR:-/var/vmail/bench.test/bench/Maildir}"
SECS="${SECONDS_PER_WORKLOAD:-15}"
IDLE=2000
BIG=100000
DOVECOT=1
IDLE_ONLY=0
PER_PROC=5
IDLE_PROCS=4
IDLE_THREADS=4
LOAD="select fetch-headers fetch-body search store login"
SINGLE=0
ROUNDS=1
FLOOR=0
FLOOR_PORT=2343
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SECS=5; BIG=20000 ;;
    --skip-dovecot) DOVECOT=0 ;;
    --skip-100k) BIG=0 ;;
    --big) BIG="$2"; shift ;;
    --idle) IDLE="$2"; shift ;;
    --idle-only) IDLE_ONLY=1; BIG=0 ;;
    --clients-per-process) PER_PROC="$2"; shift ;;
    --idle-procs) IDLE_PROCS="$2"; shift ;;
    --idle-threads) IDLE_THREADS="$2"; shift ;;
    --workloads) LOAD="$2"; shift ;;
    --single-client) SINGLE=1 ;;
    --rounds) ROUNDS="$2"; shift ;;
    --floor) FLOOR=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
OUT="$ROOT/bench/imap/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
# the machine's load average (1, 5, 15 min) at the start and the end, printed with the table
echo "start $(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg)" >"$OUT/loadavg.txt"
WORK="$(mktemp -d)"
PORT="${MAILCOVE_PORT:-2143}"
# one descriptor per IDLE session in the client and in the server (both inherit this shell's limit)
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((IDLE + 512)) ]; then
  echo "warning: file-descriptor limit $(ulimit -n) is below the $IDLE IDLE sessions' need" >&2
fi
MC_PID=""
FLOOR_PID=""
cleanup() {
  [ -n "$FLOOR_PID" ] && kill "$FLOOR_PID" 2>/dev/null
  # wait for Mailcove to stop before its data folder goes (and for a flight recording to be written)
  [ -n "$MC_PID" ] && kill "$MC_PID" 2>/dev/null && wait "$MC_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

. "$ROOT/bench/imap/config.sh"
imap_only_config "$WORK/mailcove.toml" "$PORT"
cat >> "$WORK/mailcove.toml" <<TOML
[imap]
# benchmark setting: all IDLE sessions come from 127.0.0.1 (defaults 10,000 in all, 50 per address)
max_connections = $((IDLE + 100))
max_connections_per_ip = $((IDLE > 4900 ? IDLE + 100 : 5000))
TOML
"$ROOT/mailcove" build >/dev/null
"$ROOT/mailcove" -c "$WORK/mailcove.toml" domain add bench.test >/dev/null
echo benchpass-1234 | "$ROOT/mailcove" -c "$WORK/mailcove.toml" user add bench@bench.test >/dev/null
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "127.0.0.1:$PORT is already in use: stop what listens there first" >&2
  exit 1
fi
"$ROOT/mailcove" serve -c "$WORK/mailcove.toml" >"$OUT/mailcove.log" 2>&1 &
MC_PID=$!
# the first start after a build also records the start-up cache: up to a minute on a busy machine
for _ in $(seq 1 600); do
  (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break
  sleep 0.2
done
# the JVM: the launcher itself after its exec, or its child (the first start after a build makes the start-up cache)
JPID=$(pgrep -f -- "serve -c $WORK/mailcove.toml" | xargs -r ps -o pid=,comm= -p | awk '$2 == "java" {print $1}' \
  | head -n 1)
JPID=${JPID:-$MC_PID}
MC_RSS="ps -o rss= -p $JPID | awk '{printf \"%d\", \$1*1024}'"

if [ "$DOVECOT" = 1 ]; then
  # the peers are daemons that outlive this script: they get none of its descriptors beyond 0-2, or a lock held
  # around the bench (flock /work/bench.lock bench/imap/run.sh ...) would stay held by Dovecot for as long as it runs
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null
    done
    exec bash "$PEERS"
  ) >/dev/null
fi

# CPU the whole machine spent (user + nice + system + irq + softirq; no idle, iowait or steal), in clock ticks
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
bench() { # name port user password json args...   (environment PROCS: client processes, default 1)
  local name=$1 port=$2 user=$3 pass=$4 json=$5
  shift 5
  local ticks0 wall0
  ticks0=$(machine_ticks); wall0=$(date +%s.%N)
  # clients.py runs the harness in PROCS processes, merges their results and records their CPU seconds
  python3 "$ROOT/bench/imap/clients.py" "$OUT/${json%.json}" "${PROCS:-1}" python3 "$HARNESS" --port "$port" \
    --user "$user" --password "$pass" --seconds "$SECS" --json "$OUT/$json" "$@" >/dev/null 2>&1 || true
  # compare.py derives the server's CPU per operation: the machine's CPU minus the client's, over the operations
  awk -v t0="$ticks0" -v t1="$(machine_ticks)" -v w0="$wall0" -v w1="$(date +%s.%N)" -v hz="$(getconf CLK_TCK)" \
    -v cores="$(nproc)" 'BEGIN {printf "machine_cpu_s %.2f\nwall_s %.3f\ncores %d\n", (t1 - t0) / hz, w1 - w0, cores}' \
    >>"$OUT/${json%.json}.cpu"
  echo "== $name: $json"; cat "$OUT/${json%.json}.txt"
}

# the IDLE row: idle-clients.py opens the sessions from IDLE_PROCS processes of IDLE_THREADS threads (one Python
# process's interpreter lock had set the opening rate) and measures the push across all of them
idle_bench() { # name port user password args...
  local name=$1 port=$2 user=$3 pass=$4
  shift 4
  local ticks0 wall0
  ticks0=$(machine_ticks); wall0=$(date +%s.%N)
  python3 "$ROOT/bench/imap/idle-clients.py" --harness "$HARNESS" --port "$port" --user "$user" --password "$pass" \
    --idle "$IDLE" --procs "$IDLE_PROCS" --threads "$IDLE_THREADS" --json "$OUT/$name-idle.json" "$@" \
    >"$OUT/$name-idle.txt" 2>&1 || true
  awk -v t0="$ticks0" -v t1="$(machine_ticks)" -v w0="$wall0" -v w1="$(date +%s.%N)" -v hz="$(getconf CLK_TCK)" \
    -v cores="$(nproc)" 'BEGIN {printf "machine_cpu_s %.2f\nwall_s %.3f\ncores %d\n", (t1 - t0) / hz, w1 - w0, cores}' \
    >>"$OUT/$name-idle.cpu"
  echo "== $name: $name-idle.json"; cat "$OUT/$name-idle.txt"
}

SERVERS=mailcove
[ "$DOVECOT" = 1 ] && SERVERS="mailcove dovecot"
creds() { # server -> P U W
  case "$1" in
    mailcove) P=$PORT; U=bench@bench.test; W=benchpass-1234 ;;
    floor) P=$FLOOR_PORT; U=bench@bench.test; W=benchpass ;;
    *) P=1143; U=bench@bench.test; W=benchpass ;;
  esac
}
# measured(run clients): each workload on one server, then at once on the other, so that the load the shared
# machine gets from elsewhere drifts as little as possible between the two figures of a row; with --rounds, again
# in the other order (files of round k > 1: SERVER-RUN-WORKLOAD.rK.json)
measured() { # run clients [servers, default $SERVERS]
  local run=$1 clients=$2 servers=${3:-$SERVERS} procs=1 round order suffix
  # more than one client: one process per PER_PROC clients, so that the client is not the limit
  [ "$clients" -gt 1 ] && procs=$(( (clients + PER_PROC - 1) / PER_PROC ))
  for round in $(seq 1 "$ROUNDS"); do
    order=$servers
    [ $((round % 2)) = 0 ] && order=$(echo "$servers" | awk '{for (i = NF; i > 0; i--) printf "%s ", $i}')
    suffix=""
    [ "$round" -gt 1 ] && suffix=".r$round"
    for w in $LOAD; do
      for server in $order; do
        creds $server
        PROCS=$procs bench $server $P $U $W "$server-$run-$w$suffix.json" --seed-mailbox 0 --clients "$clients" \
          --workloads "$w"
      done
    done
  done
  for server in $servers; do
    python3 - "$OUT" "$server-$run" $LOAD <<'PY'
import json, os, sys
out, name, loads = sys.argv[1], sys.argv[2], sys.argv[3:]
results = []
for w in loads:
    path = os.path.join(out, f"{name}-{w}.json")
    if os.path.exists(path):
        with open(path) as f:
            results += json.load(f)["results"]
seed = os.path.join(out, f"{name}-seed.json")
if os.path.exists(seed):
    with open(seed) as f:
        results = [r for r in json.load(f)["results"] if r["workload"] == "append"] + results
with open(os.path.join(out, f"{name}.json"), "w") as f:
    json.dump({"results": results}, f, indent=1)
PY
  done
}

# Mailcove's work left over from what came before (the full-text indexing of new messages starts once clients
# are quiet and takes a few seconds of CPU) would otherwise fall into the next measured row: wait until its process
# uses less than 5% of a core over a second (at most 60 s)
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
settle() {
  local settled=0
  for _ in $(seq 1 60); do
    t0=$(proc_ticks "$JPID"); sleep 1; t1=$(proc_ticks "$JPID")
    settled=$((settled + 1))
    [ $((t1 - t0)) -le $(( $(getconf CLK_TCK) / 20 )) ] && break
  done
  echo "== mailcove quiet after $1: waited ${settled} s" | tee -a "$OUT/mailcove-settle.txt"
}
for server in $SERVERS; do
  creds $server
  # warm-up, not reported: a long-running server has its caches (and the JVM its compiled code) ready. 5 s per
  # workload with 4 clients: Mailcove's C2 thresholds are three times the JDK's (a faster start), and with 2 s
  # its one-client STORE still ran half-compiled code in the first round (CPU per STORE 1.5-2x the later rounds')
  python3 "$HARNESS" --port "$P" --user "$U" --password "$W" --seed-mailbox 300 --clients 4 --seconds 4 \
    --warmup 1 --workloads "${LOAD// /,}" >"$OUT/$server-warmup.txt" 2>&1 || true
done
settle "the warm-up"
if [ "$IDLE_ONLY" = 0 ]; then
  # the 1,000-message seeding is the measured APPEND row
  for server in $SERVERS; do
    creds $server
    bench $server $P $U $W "$server-1k-c1-seed.json" --seed-mailbox 1000 --clients 1 --workloads select --seconds 1
  done
  settle "the seeding"
fi
C1_SERVERS=$SERVERS
if [ "$IDLE_ONLY" = 0 ] && [ "$FLOOR" = 1 ] && [ "$DOVECOT" = 1 ]; then
  # the floor answers what Dovecot answered, byte for byte (the seeding's APPEND is not among them)
  command -v cc >/dev/null || { echo "--floor needs a C compiler (cc): apt-get install gcc" >&2; exit 1; }
  cc -O2 -pthread -o "$WORK/floor-server" "$ROOT/bench/imap/floor/floor-server.c"
  python3 "$ROOT/bench/imap/floor/record.py" --harness "$HARNESS" --port 1143 --user bench@bench.test \
    --password benchpass --out "$WORK/floor.rec" | tee "$OUT/floor-record.txt"
  "$WORK/floor-server" "$FLOOR_PORT" "$WORK/floor.rec" 2>"$OUT/floor.log" &
  FLOOR_PID=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$FLOOR_PORT") 2>/dev/null && break
    sleep 0.1
  done
  C1_SERVERS="$SERVERS floor"
fi
if [ "$IDLE_ONLY" = 0 ]; then
  measured 1k-c1 1 "$C1_SERVERS"
  [ "$SINGLE" = 1 ] || measured 1k-c20 20
fi
# IDLE before the big mailbox: the memory figure is that of a server in ordinary use, not one whose caches a
# 1.5 GB mailbox has just filled (that is reported separately at the end)
if [ "$IDLE" -gt 0 ]; then
  idle_bench mailcove $PORT bench@bench.test benchpass-1234 --rss-cmd "$MC_RSS" --server-pid "$JPID"
  # the Dovecot of setup-peers.sh takes 3,000 IMAP processes (process_limit), one per session
  if [ "$DOVECOT" = 1 ] && [ "$IDLE" -gt "${DOVECOT_MAX_IDLE:-3000}" ]; then
    echo "== dovecot: idle left out: $IDLE sessions are more than its process_limit of ${DOVECOT_MAX_IDLE:-3000}"
  elif [ "$DOVECOT" = 1 ]; then
    idle_bench dovecot 1143 bench@bench.test benchpass
  fi
fi
if [ "$BIG" -gt 0 ]; then
  for server in $SERVERS; do
    creds $server
    if [ "$server" = dovecot ] && [ -w "$DOVECOT_MAILDIR" ]; then
      python3 "$ROOT/bench/imap/seed-maildir.py" --harness "$HARNESS" --maildir "$DOVECOT_MAILDIR" \
        --messages "$BIG" >"$OUT/dovecot-big-seed.txt" 2>&1
      cat "$OUT/dovecot-big-seed.txt"
    else
      bench $server $P $U $W "$server-big-c20-seed.json" --seed-mailbox "$BIG" --clients 20 --workloads select \
        --seconds 1
    fi
  done
  measured big-c20 20
  # Mailcove's memory after the big mailbox: anonymous (heap, caches, native) and file-backed (memory-mapped
  # search index and database pages, which the kernel reclaims under pressure) apart
  awk '/^(Rss|Pss_Anon|Pss_File):/ {printf "%s %d MiB  ", $1, $2/1024} END {print ""}' "/proc/$JPID/smaps_rollup" \
    | tee "$OUT/mailcove-rss-after-big.txt" | sed 's/^/== mailcove memory after the big mailbox: /'
fi
echo "end $(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"
echo "load average (1, 5, 15 min):"; cat "$OUT/loadavg.txt"
python3 "$ROOT/bench/imap/compare.py" "$OUT"
