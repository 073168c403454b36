#!/usr/bin/env python3
"""Records a real IMAP server's exact answers to every command the IMAP bench sends, for floor-server.c to replay.

    record.py --harness imap-bench.py --port P --user U --password W --out FILE

Logs in, selects BenchBox (seeded before by the harness) and sends, one at a time: LOGIN, SELECT BenchBox, CLOSE,
UID SEARCH ALL, LOGOUT, and for the mailbox's UIDs every command the harness's select, fetch-headers, fetch-body,
search and store workloads can send: UID FETCH <uid> BODY.PEEK[], UID FETCH <50-UID window> <header items>, UID
SEARCH SUBJECT <word> / FROM <name> / SINCE <date> for every word, name and day the harness draws from, and UID STORE
<uid> +FLAGS / -FLAGS (\\Seen). Each answer is kept byte for byte: the untagged responses with their literals, and
the tagged line without its tag. The STORE commands change the recorded server's \\Seen flags, as the store
workload does. FILE holds the records as (key, untagged, tagged-line rest), each a 32-bit little-endian length and
its bytes; the key is the command without its tag ("LOGIN" for any LOGIN).
"""
import argparse
import importlib.util
import struct
import sys
import time
import types


def load_harness(path):
    spec = importlib.util.spec_from_file_location("imap_bench", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def answer(conn, text):
    """Sends one command; returns (untagged bytes, tagged line after 'TAG ')."""
    conn.n += 1
    tag = b"R%d " % conn.n
    conn.sock.sendall(tag + text + b"\r\n")
    untagged = []
    while not (resp := conn.response()).startswith(tag):
        untagged.append(resp)
    if not resp[len(tag):].upper().startswith(b"OK"):
        sys.exit(f"record.py: {text!r} was answered {resp.strip()[:200]!r}")
    return b"".join(untagged), resp[len(tag):]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--harness", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    h = load_harness(a.harness)
    conf = types.SimpleNamespace(host="127.0.0.1", port=a.port, timeout=30, tls=False)
    records = []
    conn = h.Conn(conf)
    quote = lambda s: b'"' + s.replace("\\", "\\\\").replace('"', '\\"').encode() + b'"'
    records.append((b"LOGIN",) + answer(conn, b"LOGIN " + quote(a.user) + b" " + quote(a.password)))
    select = b"SELECT " + h.BOX
    records.append((select,) + answer(conn, select))
    records.append((b"CLOSE",) + answer(conn, b"CLOSE"))
    answer(conn, select)
    search = answer(conn, b"UID SEARCH ALL")
    records.append((b"UID SEARCH ALL",) + search)
    uids = [int(u) for line in search[0].split(b"\r\n") if line.startswith(b"* SEARCH") for u in line.split()[2:]]
    if not uids:
        sys.exit("record.py: BenchBox is empty")
    for uid in uids:
        command = b"UID FETCH %d BODY.PEEK[]" % uid
        records.append((command,) + answer(conn, command))
    for i in range(max(1, len(uids) - 49)):
        command = b"UID FETCH %d:%d " % (uids[i], uids[min(i + 49, len(uids) - 1)]) + h.HEADER_ITEMS
        records.append((command,) + answer(conn, command))
    searches = [b"UID SEARCH SUBJECT " + w.encode() for w in h.WORDS]
    searches += [b"UID SEARCH FROM " + n.encode() for n in h.LAST]
    # the harness's dates: 1767225600 - randint(0, 365 days), as a day
    days = sorted({time.strftime("%d-%b-%Y", time.gmtime(1767225600 - s)) for s in range(0, 365 * 86400 + 1, 3600)})
    searches += [b"UID SEARCH SINCE " + d.encode() for d in days]
    for command in searches:
        records.append((command,) + answer(conn, command))
    for uid in uids:
        for sign in (b"+", b"-"):
            command = b"UID STORE %d %sFLAGS (\\Seen)" % (uid, sign)
            records.append((command,) + answer(conn, command))
    records.append((b"LOGOUT",) + answer(conn, b"LOGOUT"))
    conn.close()
    with open(a.out, "wb") as f:
        for record in records:
            for part in record:
                f.write(struct.pack("<I", len(part)) + part)
    print(f"recorded {len(records)} answers for {len(uids)} UIDs, "
          f"{sum(len(r[1]) + len(r[2]) for r in records) / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
