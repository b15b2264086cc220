#!/usr/bin/env python3
"""Builds a CC-NEWS-like WARC from the dev pages, replicated to a target size.

    bench/make_warc.py OUT.warc.gz [--mb 100] [--dataset DIR]

One gzip member per record (as Common Crawl writes them). Each replica of a page gets
its own URL and one extra paragraph, so the store sees near copies to fold rather than
exact repeats; every 40th record is a 404 and every 60th an image, which ingest must
skip and count.
"""
import argparse, gzip, io, pathlib, sys

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--mb", type=float, default=100)
ap.add_argument("--dataset", default=str(pathlib.Path(__file__).resolve().parent.parent.parent / "shared/datasets/scrapinghub-aeb"))
a = ap.parse_args()
import json
data = pathlib.Path(a.dataset)
gold = json.loads((data / "ground-truth.json").read_text())
pages = [(gold[k].get("url") or f"https://dev.example/{k}", gzip.decompress((data / "html" / f"{k}.html.gz").read_bytes())) for k in sorted(gold)]

def record(url, status, ctype, body, n):
    http = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012d}>\r\n"
            f"WARC-Date: 2019-11-19T10:00:00Z\r\nWARC-Target-URI: {url}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return gzip.compress(head + http + b"\r\n\r\n", 6, mtime=0)

target = int(a.mb * 1e6)
size, n, replica = 0, 0, 0
with open(a.out, "wb") as f:
    while size < target:
        for url, html in pages:
            n += 1
            if n % 40 == 0:
                f.write(record(url + "/missing", "404 Not Found", "text/html", b"<html>gone</html>", n))
                continue
            if n % 60 == 0:
                f.write(record(url + "/logo.png", "200 OK", "image/png", b"\x89PNG" + b"\0" * 500, n))
                continue
            body = html
            if replica:
                extra = f"<p>Update {replica}: this copy of the story was republished with a short note added by the editors.</p>".encode()
                i = body.rfind(b"</p>")
                body = body[: i + 4] + extra + body[i + 4:] if i > 0 else body + extra
            f.write(record(url + (f"?copy={replica}" if replica else ""), "200 OK", "text/html; charset=utf-8", body, n))
            size += len(body)
            if size >= target:
                break
        replica += 1
print(f"{a.out}: {n} records, {size / 1e6:.1f} MB of HTML, {pathlib.Path(a.out).stat().st_size / 1e6:.1f} MB on disk", file=sys.stderr)
