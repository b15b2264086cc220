#!/usr/bin/env bash
# Very long texts: time and peak memory of `newsgraph analyse` on one text of each size,
# made by repeating paragraphs of a source (the bundled samples, or any JSON Lines file
# with a "text" field, or a plain text file).
#
#   bench/bigtext.sh [SOURCE] [SIZES_MB...]   (default: the bundled samples; 1 10 50 64)
#
# Prints, per size: seconds (wall and CPU), peak resident memory, and peak as a multiple
# of the text size. Repetition keeps the number of distinct names small, so the entity
# list stays short; a corpus of varied news (e.g. the ConfliBERT input) is the harder case.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SOURCE=${1:-}
shift || true
SIZES=${*:-1 10 50 64}
OUT=${OUT:-$ROOT/target/bigtext}
mkdir -p "$OUT"
cargo build --release -q -p newsgraph
python3 - "$ROOT" "$OUT" "$SOURCE" $SIZES <<'PY'
import json, os, resource, subprocess, sys, time
root, out, source, *sizes = sys.argv[1:]
paras = []
def add_text(t):
    paras.extend(p.strip() for p in t.split("\n\n") if p.strip())
if source and source.endswith(".jsonl"):
    for line in open(source, encoding="utf-8"):
        add_text(json.loads(line).get("text") or "")
elif source:
    add_text(open(source, encoding="utf-8").read())
else:
    for f in sorted(os.listdir(f"{root}/samples/text")):
        add_text(open(f"{root}/samples/text/{f}", encoding="utf-8").read())
    for line in open(f"{root}/samples/jsonl/wire.jsonl", encoding="utf-8"):
        add_text(json.loads(line).get("text") or "")
if not paras:
    sys.exit("no paragraphs in the source")
binary = f"{root}/target/release/newsgraph"
print(f"{'MB':>5} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'x text':>7}")
for mb in sizes:
    path = f"{out}/text-{mb}mb.txt"
    want = int(float(mb) * 1_000_000)
    with open(path, "w", encoding="utf-8") as f:
        n, i = 0, 0
        while n < want:
            p = paras[i % len(paras)] + "\n\n"
            f.write(p); n += len(p.encode()); i += 1
    size = os.path.getsize(path)
    t0 = time.time()
    # One process per size, so each peak is its own.
    r = subprocess.run(["python3", "-c", f"""
import resource, subprocess, sys
subprocess.run([{binary!r}, "analyse", "--format", "jsonl", {path!r}], stdout=subprocess.DEVNULL, check=True)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(u.ru_maxrss, u.ru_utime + u.ru_stime)
"""], capture_output=True, text=True, check=True)
    wall = time.time() - t0
    rss_kb, cpu = r.stdout.split()
    peak = int(rss_kb) / 1024
    print(f"{size/1e6:5.0f} {wall:8.1f} {float(cpu):8.1f} {peak:8.0f} {peak/(size/1e6):7.1f}")
PY
