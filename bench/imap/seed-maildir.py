#!/usr/bin/env python3
"""Seed a Dovecot Maildir BenchBox with the same messages the harness's APPEND seeding would send.

    seed-maildir.py --harness PATH --maildir DIR --owner USER --messages N [--seed 42] [--port 1143 ...]

Seeding 100,000 messages into Dovecot by APPEND slows down as the folder grows (hours on a small machine); this
writes the harness's messages (imap-bench.py make_message, same seed, same order, same flags and INTERNALDATE as
file mtime) straight into BenchBox's cur/ folder, after deleting and re-creating BenchBox over IMAP, then SELECTs
it once so Dovecot builds its index, and prints how long that first SELECT took. The workloads then run with
--seed-mailbox 0.
"""
import argparse, calendar, imaplib, importlib.util, os, pwd, random, sys, time


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--harness", required=True, help="path of imap-bench.py")
    p.add_argument("--maildir", required=True, help="the user's Maildir (BenchBox is its .BenchBox folder)")
    p.add_argument("--owner", default="vmail", help="system user owning the mail files (default vmail)")
    p.add_argument("--messages", type=int, required=True)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=1143)
    p.add_argument("--user", default="bench@bench.test")
    p.add_argument("--password", default="benchpass")
    a = p.parse_args()

    spec = importlib.util.spec_from_file_location("imap_bench", a.harness)
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    box = harness.BOX.decode()

    imap = imaplib.IMAP4(a.host, a.port)
    imap.login(a.user, a.password)
    imap.delete(box)  # NO when it does not exist: fine
    typ, _ = imap.create(box)
    if typ != "OK":
        sys.exit(f"cannot create {box}")
    imap.logout()

    folder = os.path.join(a.maildir, "." + box)
    cur = os.path.join(folder, "cur")
    owner = pwd.getpwnam(a.owner)
    rng = random.Random(a.seed)
    host = "bench"
    t0 = time.time()
    total = 0
    for i in range(a.messages):
        flags, idate, body = harness.make_message(rng, i, a.seed)
        info = "".join(sorted(c for f, c in (("\\Seen", "S"), ("\\Flagged", "F"), ("\\Answered", "R")) if f in flags))
        name = f"{1700000000 + i}.M{i}P1.{host},S={len(body)}:2,{info}"
        path = os.path.join(cur, name)
        with open(path, "wb") as f:
            f.write(body)
        mtime = calendar.timegm(time.strptime(idate.strip('"')[:20], "%d-%b-%Y %H:%M:%S"))  # +0000
        os.utime(path, (mtime, mtime))
        os.chown(path, owner.pw_uid, owner.pw_gid)
        total += len(body)
        if (i + 1) % 10000 == 0:
            print(f"# {i + 1} messages written", file=sys.stderr, flush=True)
    print(f"# wrote {a.messages} messages, {total / 2**20:.1f} MiB, in {time.time() - t0:.1f} s", file=sys.stderr)

    imap = imaplib.IMAP4(a.host, a.port)
    imap.login(a.user, a.password)
    t0 = time.time()
    typ, data = imap.select(box)
    print(f"# first SELECT (index build): {typ} {data[0].decode()} messages in {time.time() - t0:.1f} s",
          file=sys.stderr)
    imap.logout()


if __name__ == "__main__":
    main()
