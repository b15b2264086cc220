#!/usr/bin/env bash
# Extraction benchmark: throughput and peak memory of `newsgraph extract`, single-threaded
# and on all cores, plus a 50 MB page, and — when the peer extractors are installed — the
# same harness run over newsgraph and the peers in one go, so the ratios are like for like.
#
#   bench/extract.sh [DATASET_DIR]      (default: ../shared/datasets/scrapinghub-aeb)
#
# DATASET_DIR holds html/<id>.html.gz and ground-truth.json (the layout of the Scrapinghub
# article-extraction benchmark). Peers come from ../shared/eval/peers/run_peers.sh setup.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=${1:-$ROOT/../shared/datasets/scrapinghub-aeb}
EVAL=${EVAL:-$ROOT/../shared/eval}
PEERS=${X:-$HOME/.cache/newsgraph-peers}
REPEAT=${REPEAT:-5}
OUT=${OUT:-$ROOT/target/bench}
mkdir -p "$OUT"

cargo build --release -q -p newsgraph
NG=$ROOT/target/release/newsgraph

# Inflate the pages once so the timed runs read plain files from the page cache.
PAGES=$OUT/pages
if [ ! -d "$PAGES" ] || [ "$(ls "$PAGES" | wc -l)" -eq 0 ]; then
  mkdir -p "$PAGES"
  for f in "$DATA"/html/*.html.gz; do gzip -dc "$f" > "$PAGES/$(basename "${f%.gz}")"; done
fi
echo "== newsgraph bench: $(ls "$PAGES" | wc -l) pages, $(du -sm "$PAGES" | cut -f1) MB, $REPEAT passes, $(nproc) cores"
for t in 1 0; do
  /usr/bin/time -f "   peak RSS (whole process) %M KB" "$NG" bench "$PAGES" --threads $t --repeat "$REPEAT"
done

# One 50 MB page: peak RSS against its size.
BIG=$OUT/big-50mb.html
if [ ! -f "$BIG" ]; then
  python3 - "$BIG" <<'PY'
import sys
para = ("The minister said on Tuesday that the talks, which lasted for more than six hours, "
        "had produced an agreement on the main points of the plan.")
parts, size, i = ["<html><head><title>Big</title></head><body><article>"], 0, 0
while size < 50 * 1024 * 1024:
    s = f'<div class="item"><h2><a href="/s/{i}">Story {i}</a></h2><p>{para}</p><script>var n{i}={i};</script></div>'
    parts.append(s); size += len(s); i += 1
parts.append("</article></body></html>")
open(sys.argv[1], "w").write("".join(parts))
PY
fi
echo "== one page of $(du -m "$BIG" | cut -f1) MB"
/usr/bin/time -f "   %e s, peak RSS %M KB" "$NG" extract "$BIG" --format text > /dev/null

# Side by side, through the same harness (one long-running process each, jsonl mode).
# The pages are replicated REPEAT times so CPU time (10 ms ticks) is measured to ~1%.
HD=$OUT/dataset-x$REPEAT
if [ ! -f "$HD/ground-truth.json" ]; then
  mkdir -p "$HD/html"
  python3 - "$DATA" "$HD" "$REPEAT" <<'PY'
import json, shutil, sys, pathlib
src, dst, k = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
gold = json.loads((src / "ground-truth.json").read_text())
out = {}
for r in range(k):
    for pid, g in gold.items():
        out[f"{pid}-{r}"] = g
        shutil.copy(src / "html" / f"{pid}.html.gz", dst / "html" / f"{pid}-{r}.html.gz")
(dst / "ground-truth.json").write_text(json.dumps(out))
PY
fi
RUN="python3 $EVAL/run_extractor.py $HD"
if [ -f "$EVAL/run_extractor.py" ]; then
  echo "== harness: newsgraph and peers, same run (run_extractor.py --mode jsonl, pages x$REPEAT)"
  $RUN "$OUT/newsgraph.jsonl" --mode jsonl --warmup 1 --name newsgraph -- "$NG" extract --input jsonl 2>/dev/null | tail -1
  if [ -x "$PEERS/venv/bin/python" ]; then
    for n in trafilatura trafilatura_precision readability_lxml resiliparse; do
      $PEERS/venv/bin/python "$EVAL/run_extractor.py" "$HD" "$OUT/$n.jsonl" --mode jsonl --warmup 1 --name $n \
        -- $PEERS/venv/bin/python "$EVAL/peers/peers_py.py" $n 2>/dev/null | tail -1
    done
  fi
  if [ -x "$PEERS/rustpeers/target/release/rustpeers" ]; then
    for b in dom_smoothie trafilatura_rs; do
      $RUN "$OUT/${b}_rs.jsonl" --mode jsonl --warmup 1 --name ${b}_rs -- "$PEERS/rustpeers/target/release/rustpeers" $b 2>/dev/null | tail -1
    done
  fi
  python3 - "$OUT" <<'PY'
import json, sys, pathlib
out = pathlib.Path(sys.argv[1])
rows = {p.stem.replace(".timing", ""): json.loads(p.read_text()) for p in out.glob("*.timing.json")}
ng = rows.get("newsgraph", {}).get("pages_per_cpu_s")
print("== pages per CPU-second (harness), and newsgraph's ratio to each")
for name, r in sorted(rows.items(), key=lambda kv: -(kv[1].get("pages_per_cpu_s") or 0)):
    v = r.get("pages_per_cpu_s")
    ratio = f"{ng / v:6.1f}x" if ng and v and name != "newsgraph" else ""
    print(f"   {name:24s} {v!s:>9} pages/CPU-s  {r.get('pages_per_s')!s:>9} pages/s  {ratio}")
PY
fi
