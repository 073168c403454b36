#!/usr/bin/env python3
"""Runs the IMAP harness as one or several client processes and records what the client itself cost.

    clients.py OUT_PREFIX PROCS HARNESS_ARGS...

With PROCS > 1 the --clients C of HARNESS_ARGS are spread over PROCS processes (C // PROCS each, the remainder to the
first ones), each with its own --seed and --json, all started at once: one Python process has one interpreter lock
for all its threads, and at 20 clients that lock, not the server, sets the rate. The processes' results are merged
into OUT_PREFIX.json as one result per workload (ops/s summed, p50 the mean, p99 the worst, errors summed).

OUT_PREFIX.cpu gets the client's CPU: every process's user + system time read from /proc/<pid>/stat after it exited
and before it is reaped (client_cpu_s, summed; busiest_proc_cpu_s, the largest), the number of processes, and the
harness's output goes to OUT_PREFIX.txt. run.sh adds the machine's CPU and the wall time.
"""
import json
import os
import subprocess
import sys

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """utime + stime of an exited, not yet reaped process (its /proc entry stays until it is reaped)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # fields 14 and 15 of proc(5), after pid and comm


def option(args, name, default=None):
    return args[args.index(name) + 1] if name in args else default


def without(args, name):
    if name in args:
        i = args.index(name)
        return args[:i] + args[i + 2:]
    return args


def merge(docs):
    by_workload = {}
    for doc in docs:
        for r in doc.get("results", []):
            by_workload.setdefault(r["workload"], []).append(r)
    merged = []
    for name, rs in by_workload.items():
        rates = [r.get("ops_per_s") for r in rs]
        p50s = [r["p50_ms"] for r in rs if r.get("p50_ms") is not None]
        p99s = [r["p99_ms"] for r in rs if r.get("p99_ms") is not None]
        merged.append({
            "workload": name,
            "ops_per_s": round(sum(rates), 1) if all(x is not None for x in rates) else None,
            "p50_ms": round(sum(p50s) / len(p50s), 2) if p50s else None,
            "p99_ms": max(p99s) if p99s else None,
            "errors": sum(r.get("errors", 0) for r in rs),
            "valid": all(r.get("valid", True) for r in rs),
            "ops": sum(r.get("ops", 0) for r in rs),
            "seconds": max(r.get("seconds", 0) for r in rs),
            "processes": len(rs),
            "error_samples": [s for r in rs for s in r.get("error_samples", [])][:5],
        })
    return {"results": merged}


def main():
    prefix, procs, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    clients = int(option(args, "--clients", "8"))
    procs = max(1, min(procs, clients))
    base = without(without(args, "--clients"), "--json")
    running = []
    with open(prefix + ".txt", "w") as log:
        for i in range(procs):
            share = clients // procs + (1 if i < clients % procs else 0)
            json_path = prefix + (".json" if procs == 1 else f".p{i + 1}.json")
            extra = [] if procs == 1 else ["--seed", str(i + 1)]
            p = subprocess.Popen(base + ["--clients", str(share), "--json", json_path] + extra,
                                 stdout=log if procs == 1 else subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            running.append((p, json_path))
        cpu, outputs = [], []
        for p, _ in running:
            out = p.stdout.read() if p.stdout else ""
            os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOWAIT)  # exited, still readable in /proc
            cpu.append(cpu_seconds(p.pid))
            p.wait()
            outputs.append(out)
        if procs > 1:
            for i, out in enumerate(outputs):
                log.write(f"# client process {i + 1} of {procs}\n{out}")
    if procs > 1:
        docs = []
        for _, path in running:
            if os.path.exists(path):
                with open(path) as f:
                    docs.append(json.load(f))
        with open(prefix + ".json", "w") as f:
            json.dump(merge(docs), f, indent=1)
        with open(prefix + ".txt", "a") as log:
            for r in merge(docs)["results"]:
                log.write(f"# merged {r['workload']}: {r['ops_per_s']} ops/s, worst p99 {r['p99_ms']} ms, "
                          f"{r['errors']} errors, {procs} processes\n")
    with open(prefix + ".cpu", "w") as f:
        f.write(f"client_cpu_s {sum(cpu):.3f}\nbusiest_proc_cpu_s {max(cpu):.3f}\nclient_procs {procs}\n")


if __name__ == "__main__":
    main()
