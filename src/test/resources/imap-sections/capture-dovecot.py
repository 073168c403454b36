#!/usr/bin/env python3
"""Captures a reference IMAP server's answers to BODY.PEEK[section] fetches over the *.eml files beside this script.

Usage: capture-dovecot.py HOST PORT USER PASSWORD
Writes NAME.expected for each NAME.eml: for every section asked, the request item, the answer item and, when the
answer is a literal, its bytes. The sections are the parts of each message as IMAP numbers them (RFC 9051 §6.4.5),
enumerated here with Python's email package, independently of the server under test.
"""
import email
import email.policy
import glob
import imaplib
import os
import re
import sys


def children(entity):
    """The entities numbered under this one: the parts of a multipart, the encapsulated message's parts."""
    ctype = entity.get_content_type()
    if entity.get_content_maintype() == "multipart":
        return list(entity.get_payload())
    if ctype in ("message/rfc822", "message/global"):
        inner = entity.get_payload()[0]
        if inner.get_content_maintype() == "multipart":
            return list(inner.get_payload())
        return [inner]  # part 1 of a single-part encapsulated message is its body
    return []


def paths(entity, prefix):
    for i, child in enumerate(children(entity), 1):
        path = prefix + [i]
        yield path, child
        if child is not entity:
            yield from paths(child, path)


def sections(message):
    out = ["", "HEADER", "TEXT", "HEADER.FIELDS (SUBJECT FROM)", "<0.20>", "TEXT<10.30>"]
    if message.get_content_maintype() == "multipart":
        found = list(paths(message, []))
    else:  # part 1 is the body; a top-level message/rfc822 body numbers its own parts below it
        found = [([1], message)] + list(paths(message, [1]))
    for path, part in found:
        p = ".".join(map(str, path))
        out += [p, p + ".MIME", p + "<0.15>", p + "<5.20>", p + "<100000.10>", p + ".MIME<0.15>"]
        if part.get_content_type() in ("message/rfc822", "message/global"):
            out += [p + ".HEADER", p + ".TEXT", p + ".HEADER<3.10>", p + ".TEXT<2.7>",
                    p + ".HEADER.FIELDS (SUBJECT FROM)", p + ".HEADER.FIELDS.NOT (SUBJECT FROM)"]
    last = found[-1][0] if found else [1]
    out += ["9", ".".join(map(str, last + [9])), ".".join(map(str, last + [9, 1]))]
    return out


def spec_item(section):
    m = re.match(r"^(.*?)(<\d+\.\d+>)?$", section)
    return "BODY.PEEK[" + m.group(1) + "]" + (m.group(2) or "")


def main():
    host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    here = os.path.dirname(os.path.abspath(__file__))
    imap = imaplib.IMAP4(host, port)
    imap.login(user, password)
    box = "sections-capture"
    imap.delete(box)
    imap.create(box)
    for eml in sorted(glob.glob(os.path.join(here, "*.eml"))):
        raw = open(eml, "rb").read()
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
        imap.select(box)
        imap.store("1:*", "+FLAGS.SILENT", "(\\Deleted)") if int(imap.select(box)[1][0]) else None
        imap.expunge()
        imap.append(box, None, None, raw)
        imap.select(box)
        out = bytearray()
        for section in sections(message):
            item = spec_item(section)
            typ, data = imap.fetch("1", "(" + item + ")")
            assert typ == "OK", (eml, item, data)
            first = data[0]
            if isinstance(first, tuple):
                head = first[0].decode()
                head = head[head.index("(") + 1:]  # "1 (BODY[...] {n}" -> "BODY[...] {n}"
                body = first[1]
                assert data[1] == b")", (eml, item, data)
                out += item.encode() + b"\r\n" + head.encode() + b"\r\n" + body + b"\r\n"
            else:
                head = first.decode()
                head = head[head.index("(") + 1:-1]
                out += item.encode() + b"\r\n" + head.encode() + b"\r\n"
        with open(eml[:-4] + ".expected", "wb") as f:
            f.write(bytes(out))
    imap.delete(box) if imap.select("INBOX") else None
    imap.logout()


if __name__ == "__main__":
    main()
