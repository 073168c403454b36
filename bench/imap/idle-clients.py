#!/usr/bin/env python3
"""The IDLE row of bench/imap with its sessions opened by several client processes.

    idle-clients.py --procs P --threads T --port PORT --user U --password W --idle K [--rss-cmd CMD]
                    [--server-pid PID] [--json FILE] [--seed S] [--settle S] [--idle-wait S] [--timeout S]

The harness (../shared/bench/imap-bench.py, its Conn and session: the same commands, read the same way) opens its
K IDLE sessions from threads of one Python process, whose one interpreter lock, not the server, then sets the
opening rate. Here P worker processes open K / P sessions each (the remainder to the first ones) with T threads
apiece: connect, greeting, LOGIN, SELECT INBOX, IDLE until the "+" continuation. The workers are started and
their interpreters loaded before the clock starts; then all are told to open at once, and the opening time runs
until the last worker's last session is in IDLE (CLOCK_MONOTONIC, the same clock in every process).

Then, as the harness does: --settle seconds, --rss-cmd again, each worker drops what its sessions received so far
and waits on all of them; when every worker waits, this process APPENDs one message to INBOX on its own connection
and each worker records when each of its sessions reads "* n EXISTS". The push latencies are taken against the
APPEND's start across all processes: p50 / p99 / the last (all_exists_ms, only when none is missing).

Results: the harness's JSON layout (--json; one "idle" result with connections, setup_s, rss_before/after,
rss_per_conn, append_ms, missing_exists, all_exists_ms), plus what the opening cost: the workers' CPU (user + system,
getrusage) and the machine's (/proc/stat) during the opening, and with --server-pid the server process's
(/proc/PID/stat), per session. The worker processes' whole CPU, read from /proc/<pid>/stat when each has exited and
before it is reaped, goes to FILE's .cpu beside the JSON (client_cpu_s, busiest_proc_cpu_s, client_procs), as
clients.py writes it for the other rows.
"""
import argparse
import contextlib
import importlib.util
import json
import os
import random
import resource
import selectors
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TICKS = os.sysconf("SC_CLK_TCK")


def load_harness(path):
    spec = importlib.util.spec_from_file_location("imap_bench", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def machine_ticks():
    """CPU the whole machine spent (user + nice + system + irq + softirq), in clock ticks."""
    with open("/proc/stat") as f:
        v = f.readline().split()
    return int(v[1]) + int(v[2]) + int(v[3]) + int(v[6]) + int(v[7])


def proc_cpu_seconds(pid):
    """utime + stime of a process (also of an exited, not yet reaped one)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def own_cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def raise_fd_limit(need):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = need if hard == resource.RLIM_INFINITY else min(need, hard)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    if want < need:
        print(f"# warning: file limit {hard} is too low for {need} descriptors", file=sys.stderr)


# ---------------------------------------------------------------- worker: one process, its share of the sessions
def worker(a):
    """Talks to the coordinator one line at a time on stdin/stdout (JSON)."""
    h = load_harness(a.harness)
    raise_fd_limit(a.share + a.threads + 64)
    conns, errors, lock = [], [], threading.Lock()

    def say(obj):
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()

    def opener(k):
        for _ in range(k, a.share, a.threads):
            try:
                c = h.session(a, b"INBOX")
                c.sock.sendall(b"I IDLE\r\n")
                while not (resp := c.line()).startswith(b"+"):
                    if resp.startswith(b"I "):
                        raise h.ImapError(resp.strip().decode(errors="replace"))
                with lock:
                    conns.append(c)
            except (h.ImapError, OSError, EOFError) as e:
                with lock:
                    errors.append(f"{type(e).__name__}: {e}")

    say({"ready": True})
    assert sys.stdin.readline().strip() == "open"
    cpu0 = own_cpu_seconds()
    threads = [threading.Thread(target=opener, args=(k,), daemon=True) for k in range(a.threads)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    say({"opened": len(conns), "done_at": time.monotonic(), "open_cpu_s": own_cpu_seconds() - cpu0,
         "errors": len(errors), "error_samples": errors[:5]})

    assert sys.stdin.readline().strip() == "arm"
    sel = selectors.DefaultSelector()
    for c in conns:
        c.buf.clear()  # anything left from before the push does not count
        sel.register(c.sock, selectors.EVENT_READ, c)
    say({"armed": True})
    arrivals, failures = [], []
    deadline = time.monotonic() + a.idle_wait
    while sel.get_map() and (left := deadline - time.monotonic()) > 0:
        for key, _ in sel.select(timeout=left):
            c = key.data
            try:
                c.fill()
            except (OSError, EOFError) as e:
                failures.append(f"{type(e).__name__}: {e}")
                sel.unregister(c.sock)
            else:
                if h.EXISTS_RE.search(c.buf):
                    arrivals.append(time.monotonic())
                    sel.unregister(c.sock)
    say({"arrivals": arrivals, "missing": len(sel.get_map()), "failures": len(failures),
         "error_samples": failures[:5]})

    assert sys.stdin.readline().strip() == "close"
    for c in conns:
        with contextlib.suppress(OSError):
            c.sock.sendall(b"DONE\r\nL LOGOUT\r\n")
        c.close()


# ---------------------------------------------------------------- coordinator
class Worker:
    def __init__(self, a, index, share):
        args = [sys.executable, os.path.abspath(__file__), "--worker", "--share", str(share),
                "--threads", str(a.threads), "--harness", a.harness, "--host", a.host, "--port", str(a.port),
                "--user", a.user, "--password", a.password, "--timeout", str(a.timeout),
                "--idle-wait", str(a.idle_wait)]
        self.index, self.share = index, share
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def tell(self, word):
        self.proc.stdin.write(word + "\n")
        self.proc.stdin.flush()

    def hear(self):
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"client process {self.index} ended early (exit status {self.proc.wait()})")
        return json.loads(line)

    def finish(self):
        """CPU seconds of the whole process, read after it exited and before it is reaped."""
        self.proc.stdin.close()
        self.proc.stdout.read()
        os.waitid(os.P_PID, self.proc.pid, os.WEXITED | os.WNOWAIT)
        cpu = proc_cpu_seconds(self.proc.pid)
        self.proc.wait()
        return cpu


def pct(values, p):
    return round(values[min(len(values) - 1, int(p * len(values)))] * 1000, 2) if values else None


def coordinate(a):
    h = load_harness(a.harness)
    procs = max(1, min(a.procs, a.idle))
    workers = [Worker(a, i + 1, a.idle // procs + (1 if i < a.idle % procs else 0)) for i in range(procs)]
    [w.hear() for w in workers]  # interpreters loaded, harness imported
    rss_before = h.rss(a)
    server0 = proc_cpu_seconds(a.server_pid) if a.server_pid else None
    ticks0, t0 = machine_ticks(), time.monotonic()
    [w.tell("open") for w in workers]
    opened = [w.hear() for w in workers]
    t_open_end = time.monotonic()
    ticks1 = machine_ticks()
    server1 = proc_cpu_seconds(a.server_pid) if a.server_pid else None
    setup_s = max(o["done_at"] for o in opened) - t0
    connections = sum(o["opened"] for o in opened)
    errors = sum(o["errors"] for o in opened)
    samples = [s for o in opened for s in o["error_samples"]]
    open_machine_s = (ticks1 - ticks0) / TICKS
    open_client_s = sum(o["open_cpu_s"] for o in opened)
    open_wall_s = t_open_end - t0
    if a.after_open:
        subprocess.run(a.after_open, shell=True, timeout=120)

    time.sleep(a.settle)
    rss_after = h.rss(a)
    [w.tell("arm") for w in workers]
    [w.hear() for w in workers]
    flags, idate, body = h.make_message(random.Random(a.seed), 0, a.seed)
    pusher = h.session(a)
    t_push = time.monotonic()
    try:
        pusher.cmd(b"APPEND INBOX () " + idate.encode(), literal=body)
    except h.ImapError as e:
        errors += 1
        samples.append(f"ImapError: {e}")
    append_ms = (time.monotonic() - t_push) * 1000
    pushed = [w.hear() for w in workers]
    pusher.close()
    [w.tell("close") for w in workers]
    cpu = [w.finish() for w in workers]

    lat = sorted(t - t_push for p in pushed for t in p["arrivals"])
    missing = sum(p["missing"] for p in pushed)
    errors += missing + sum(p["failures"] for p in pushed)
    samples += [s for p in pushed for s in p["error_samples"]]
    samples += [f"TimeoutError: no EXISTS within {a.idle_wait}s"] * min(missing, 1)
    per_conn = (rss_after - rss_before) / connections if rss_before is not None and rss_after and connections else None
    result = {
        "workload": "idle", "ops_per_s": None, "p50_ms": pct(lat, 0.50), "p99_ms": pct(lat, 0.99),
        "errors": errors, "valid": errors == 0, "ops": len(lat), "seconds": 0.0, "error_samples": samples[:5],
        "connections": connections, "setup_s": round(setup_s, 2), "rss_before": rss_before, "rss_after": rss_after,
        "rss_per_conn": round(per_conn) if per_conn is not None else None, "append_ms": round(append_ms, 2),
        "missing_exists": missing, "all_exists_ms": round(lat[-1] * 1000, 2) if lat and not missing else None,
        "client_procs": procs, "threads_per_proc": a.threads,
        # the opening: the client's CPU against the machine's, the busiest worker against one core, the server's
        "open_wall_s": round(open_wall_s, 3), "open_machine_cpu_s": round(open_machine_s, 2),
        "open_client_cpu_s": round(open_client_s, 2),
        "open_client_share": round(open_client_s / open_machine_s, 3) if open_machine_s else None,
        "open_busiest_proc_core_share": round(max(o["open_cpu_s"] for o in opened) / open_wall_s, 3),
        "open_server_cpu_s": round(server1 - server0, 2) if a.server_pid else None,
        "open_server_cpu_us_per_session": round((server1 - server0) * 1e6 / connections) if a.server_pid and connections
        else None,
    }
    print(f"{'workload':<14}{'ops/s':>14}{'p50_ms':>10}{'p99_ms':>10}{'errors':>8}", flush=True)
    h.report(result)
    share = "n/a" if result["open_client_share"] is None else f"{result['open_client_share'] * 100:.0f}%"
    server = "" if not a.server_pid else (f"; server {result['open_server_cpu_s']} s of CPU, "
                                          f"{result['open_server_cpu_us_per_session']} us per session")
    print(f"#   opening: {procs} client processes x {a.threads} threads; client CPU {open_client_s:.2f} s of the "
          f"machine's {open_machine_s:.2f} s ({share}), busiest process "
          f"{result['open_busiest_proc_core_share'] * 100:.0f}% of a core{server}", flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"host": a.host, "port": a.port, "clients": procs * a.threads, "seed": a.seed, "messages": 0,
                       "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "results": [result]}, f, indent=1)
        with open(os.path.splitext(a.json)[0] + ".cpu", "w") as f:
            f.write(f"client_cpu_s {sum(cpu):.3f}\nbusiest_proc_cpu_s {max(cpu):.3f}\nclient_procs {procs}\n")
    return 0 if result["valid"] else 1


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--harness", default=os.environ.get("BENCH_HARNESS")
                   or os.path.join(HERE, "..", "..", "..", "shared", "bench", "imap-bench.py"))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=143)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--tls", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--idle", type=int, default=2000, metavar="K", help="IDLE sessions in all (default 2000)")
    p.add_argument("--procs", type=int, default=4, metavar="P", help="client processes (default 4)")
    p.add_argument("--threads", type=int, default=4, metavar="T", help="opening threads per process (default 4)")
    p.add_argument("--idle-wait", type=float, default=60, help="max seconds to wait for the EXISTS push (60)")
    p.add_argument("--settle", type=float, default=3, help="seconds before the second memory reading (3)")
    p.add_argument("--rss-cmd", help="shell command printing the server's memory in bytes")
    p.add_argument("--server-pid", type=int, help="the server's process: its CPU during the opening, per session")
    p.add_argument("--after-open", metavar="CMD", help="shell command run once every session is open (e.g. a "
                   "snapshot of the server's threads for profiling)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--timeout", type=float, default=30, help="socket timeout in seconds (default 30)")
    p.add_argument("--json", metavar="FILE")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--share", type=int, default=0, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.worker:
        worker(a)
        return 0
    raise_fd_limit(a.procs + 256)
    return coordinate(a)


if __name__ == "__main__":
    sys.exit(main())
