#!/usr/bin/env python3
"""Prints Mailcove vs Dovecot from the JSON files of one bench/imap run: ops/s, p99 and the ratio, and each
server's CPU per operation (the machine's CPU during the workload minus the client's own, over its operations;
includes the kernel's work for the loopback traffic, and whatever else the machine ran, alike for both), and the
client's CPU: its processes' share of the machine's CPU during the run, how many processes, and the busiest
process's share of one core (near 100%: that process, not the server, set the rate).
With several rounds (run.sh --rounds N: files SERVER-RUN-WORKLOAD.rK.json for rounds K > 1), a row gives each
server's median rate, p99 and CPU per operation, the median of the rounds' ratios, and each round's ratio (the
client's CPU columns are those of the first round).
With run.sh --floor, a second table compares the one-client rows with the floor (floor-*.json: a server that replays
Dovecot's recorded answers and does nothing else): its rate, the largest ratio any server could show against Dovecot
there (floor / Dovecot), and the time each server adds to the floor's round trip per operation, beside what a server
may add for 1.5x Dovecot (negative: not even the floor reaches it); medians over the rounds."""
import glob
import json
import os
import re
import statistics
import sys

out = sys.argv[1]


def load(name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def rows(doc):
    result = {}
    if not doc:
        return result
    for w in doc.get("workloads", doc.get("results", [])) if isinstance(doc, dict) else doc:
        if isinstance(w, dict) and "workload" in w:
            result[w["workload"]] = w
    return result


def cpu_record(server, run, workload, round_no=1):
    suffix = f".r{round_no}" if round_no > 1 else ""
    name = f"{server}-{run}-seed.cpu" if workload == "append" else f"{server}-{run}-{workload}{suffix}.cpu"
    if run == "idle":  # idle-clients.py's record of the IDLE row
        name = f"{server}-idle.cpu"
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return dict(line.split() for line in f if line.strip())


def client_share(server, run, workload):
    """'31% 4p 44%': the client's share of the machine's CPU, its processes, the busiest one's share of a core."""
    v = cpu_record(server, run, workload)
    try:
        share = float(v["client_cpu_s"]) / float(v["machine_cpu_s"]) * 100
        busiest = float(v["busiest_proc_cpu_s"]) / float(v["wall_s"]) * 100
        return f"{share:.0f}% {v['client_procs']}p {busiest:.0f}%"
    except (TypeError, KeyError, ValueError, ZeroDivisionError):
        return "-"


def cpu_per_op(server, run, workload, rec, round_no=1):
    """Server CPU microseconds per operation, or None without a .cpu record."""
    v = cpu_record(server, run, workload, round_no)
    if not rec or not rec.get("ops_per_s") or v is None:
        return None
    try:
        server_s = float(v["machine_cpu_s"]) - float(v["client_cpu_s"])
        return max(0.0, server_s) * 1e6 / (rec["ops_per_s"] * float(v["wall_s"]))
    except (KeyError, ValueError, ZeroDivisionError):
        return None


def fmt(x):
    return f"{x:.0f}" if x is not None else "-"


def rounds_of(server, run, workload):
    """The numbers K > 1 of the extra rounds recorded for this row."""
    found = set()
    for path in glob.glob(os.path.join(out, f"{server}-{run}-{workload}.r*.json")):
        m = re.search(r"\.r(\d+)\.json$", path)
        if m:
            found.add(int(m.group(1)))
    return sorted(found)


def round_rows(run, name, mo, do):
    """[(round, mailcove record, dovecot record)] of a row: round 1 from the run's merged files, then the others."""
    result = [(1, mo, do)]
    for k in rounds_of("mailcove", run, name):
        m = rows(load(f"mailcove-{run}-{name}.r{k}.json")).get(name, {})
        d = rows(load(f"dovecot-{run}-{name}.r{k}.json")).get(name, {})
        result.append((k, m, d))
    return result


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


print(f"{'run':<10} {'workload':<14} {'mailcove ops/s':>15} {'p99 ms':>8} {'dovecot ops/s':>14} {'p99 ms':>8} {'ratio':>7}"
      f" {'mc cpu us/op':>13} {'dc cpu us/op':>13} {'mc client cpu':>15} {'dc client cpu':>15}")
for run in ("1k-c1", "1k-c20", "big-c20", "idle"):
    m = rows(load(f"mailcove-{run}.json"))
    d = rows(load(f"dovecot-{run}.json"))
    for name in m:
        per_round = round_rows(run, name, m[name], d.get(name, {}))
        mr = median([mo.get("ops_per_s") for _, mo, _ in per_round]) or 0
        dr = median([do.get("ops_per_s") for _, _, do in per_round]) or 0
        ratios = [mo["ops_per_s"] / do["ops_per_s"] for _, mo, do in per_round
                  if mo.get("ops_per_s") and do.get("ops_per_s")]
        ratio = f"{median(ratios):.2f}" if ratios else "-"
        valid = "" if all(mo.get("valid", True) and do.get("valid", True) for _, mo, do in per_round) else " (ERR)"
        mp = median([mo.get("p99_ms") for _, mo, _ in per_round]) or 0
        dp = median([do.get("p99_ms") for _, _, do in per_round]) or 0
        mc = median([cpu_per_op("mailcove", run, name, mo, k) for k, mo, _ in per_round])
        dc = median([cpu_per_op("dovecot", run, name, do, k) for k, _, do in per_round])
        each = "  rounds " + " ".join(f"{r:.2f}" for r in ratios) if len(per_round) > 1 else ""
        print(f"{run:<10} {name:<14} {mr:>15.1f} {mp:>8.1f} {dr:>14.1f} {dp:>8.1f} {ratio:>7}"
              f" {fmt(mc):>13} {fmt(dc):>13} {client_share('mailcove', run, name):>15}"
              f" {client_share('dovecot', run, name):>15}{valid}{each}")
    if run == "idle":
        for label, rec in (("mailcove", m.get("idle")), ("dovecot", d.get("idle"))):
            if rec:
                print(f"  idle {label}: " + json.dumps({k: v for k, v in rec.items() if k != "workload"}))
                if rec.get("open_client_share") is not None:
                    server = rec.get("open_server_cpu_us_per_session")
                    print(f"  idle {label} opening: {rec['connections']} sessions in {rec['setup_s']} s, client "
                          f"{rec['client_procs']} processes x {rec['threads_per_proc']} threads, "
                          f"{rec['open_client_share'] * 100:.0f}% of the machine's CPU, busiest process "
                          f"{rec['open_busiest_proc_core_share'] * 100:.0f}% of a core"
                          + (f"; server {server} us of CPU per session" if server is not None else ""))


def floor_table(run="1k-c1"):
    f = rows(load(f"floor-{run}.json"))
    if not f:
        return
    m = rows(load(f"mailcove-{run}.json"))
    d = rows(load(f"dovecot-{run}.json"))
    print(f"\nfloor ({run}): a server that replays Dovecot's recorded answers and does nothing else")
    print(f"{'workload':<14} {'floor ops/s':>12} {'ceiling':>8} {'mc/floor':>9} {'mc adds us':>11} {'dc adds us':>11}"
          f" {'1.5x allows us':>15}")
    for name in f:
        per_round = []
        for k, mo, do in round_rows(run, name, m.get(name, {}), d.get(name, {})):
            fo = f[name] if k == 1 else rows(load(f"floor-{run}-{name}.r{k}.json")).get(name, {})
            if mo.get("ops_per_s") and do.get("ops_per_s") and fo.get("ops_per_s"):
                per_round.append((mo["ops_per_s"], do["ops_per_s"], fo["ops_per_s"], fo.get("valid", True)))
        if not per_round:
            continue
        over = lambda rate, fr: 1e6 / rate - 1e6 / fr  # microseconds per operation above the floor's round trip
        valid = "" if all(v for *_, v in per_round) else " (ERR)"
        print(f"{name:<14} {median([fr for _, _, fr, _ in per_round]):>12.1f}"
              f" {median([fr / dr for _, dr, fr, _ in per_round]):>8.2f}"
              f" {median([mr / fr for mr, _, fr, _ in per_round]):>9.2f}"
              f" {median([over(mr, fr) for mr, _, fr, _ in per_round]):>11.1f}"
              f" {median([over(dr, fr) for _, dr, fr, _ in per_round]):>11.1f}"
              f" {median([over(1.5 * dr, fr) for _, dr, fr, _ in per_round]):>15.1f}{valid}")


floor_table()
