#!/usr/bin/env bash
# End-to-end ingest benchmark: a CC-NEWS-like WARC built from the dev pages (bench/make_warc.py),
# ingested (extract + analyse + dedup + store) on one core and on all cores, with peak RSS;
# and a half-size WARC, to show memory does not grow with the input.
#
#   bench/ingest.sh [MB]    (default 100)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MB=${1:-100}
OUT=${OUT:-$ROOT/target/bench}
mkdir -p "$OUT"
cargo build --release -q -p newsgraph
NG=$ROOT/target/release/newsgraph
W=$OUT/dev-${MB}mb.warc.gz
HALF=$OUT/dev-$((MB / 2))mb.warc.gz
[ -f "$W" ] || python3 bench/make_warc.py "$W" --mb "$MB"
[ -f "$HALF" ] || python3 bench/make_warc.py "$HALF" --mb $((MB / 2))
run() { # name warc threads
  rm -rf "$OUT/store-$1"
  # Exit 1 means some documents failed (counted in the log); only 2 stops the benchmark.
  local status=0
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/time-$1" "$NG" ingest "$2" --data "$OUT/store-$1" --threads "$3" --quiet 2> "$OUT/log-$1" || status=$?
  if [ "$status" -gt 1 ]; then cat "$OUT/log-$1" >&2; exit "$status"; fi
  read -r wall user sys rss < <(tail -n 1 "$OUT/time-$1")
  docs=$(grep -o '^newsgraph: [0-9]* read' "$OUT/log-$1" | grep -o '[0-9]*')
  python3 -c "
w,u,s,r,d=$wall,$user,$sys,$rss,$docs
print(f'$1: {d} records in {w:.1f} s -> {d/w:.0f} docs/s, {d/(u+s):.0f} docs per CPU-second, peak RSS {r/1024:.0f} MB')"
  tail -3 "$OUT/log-$1" | sed 's/^/   /'
}
echo "== $(ls -la "$W" | awk '{print $5/1e6}') MB WARC.gz ($MB MB of HTML), $(nproc) cores"
run one-core "$W" 1
run all-cores "$W" 0
run half-size "$HALF" 0
"$NG" stats --data "$OUT/store-all-cores"
