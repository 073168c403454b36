#!/usr/bin/env python3
"""Prints Mailcove vs Dovecot from the JSON files of one bench/imap run: ops/s, p99 and the ratio."""
import json
import os
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


print(f"{'run':<10} {'workload':<14} {'mailcove ops/s':>15} {'p99 ms':>8} {'dovecot ops/s':>14} {'p99 ms':>8} {'ratio':>7}")
for run in ("1k-c1", "1k-c20", "big-c20", "idle"):
    m = rows(load(f"mailcove-{run}.json"))
    d = rows(load(f"dovecot-{run}.json"))
    for name in m:
        mo, do = m[name], d.get(name, {})
        mr = mo.get("ops_per_s") or 0
        dr = do.get("ops_per_s") or 0
        ratio = f"{mr / dr:.2f}" if mr and dr else "-"
        valid = "" if mo.get("valid", True) else " (ERR)"
        mp, dp = mo.get("p99_ms") or 0, do.get("p99_ms") or 0
        print(f"{run:<10} {name:<14} {mr:>15.1f} {mp:>8.1f} {dr:>14.1f} {dp:>8.1f} {ratio:>7}{valid}")
    if run == "idle":
        for label, rec in (("mailcove", m.get("idle")), ("dovecot", d.get("idle"))):
            if rec:
                print(f"  idle {label}: " + json.dumps({k: v for k, v in rec.items() if k != "workload"}))
