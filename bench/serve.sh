#!/usr/bin/env bash
# HTTP load test: `newsgraph serve` on a store, loaded from a second process
# (`newsgraph bench --stage http`, a mix of searches, article views, event lists,
# autocompletion and relations), with the server's resident memory before and after.
#
#   bench/serve.sh DATA_DIR [SECONDS] [CLIENTS] [RUNS]   (defaults: 30 s, 8 clients, 2 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:?give a data directory, e.g. target/bench/store-100k (bench/make_corpus.py, then newsgraph ingest)}
SECS=${2:-30}
CLIENTS=${3:-8}
RUNS=${4:-2}
cargo build --release -q -p newsgraph
NG=target/release/newsgraph
LOG=$(mktemp)
"$NG" serve --data "$DATA" --port 0 > "$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 50); do grep -q http:// "$LOG" && break; sleep 0.1; done
URL=$(grep -o 'http://[^ ]*' "$LOG" | head -1)
rss() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }
echo "== $($NG stats --data "$DATA" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])') documents, $CLIENTS clients, $(nproc) cores, server at $URL"
"$NG" bench --stage http --url "$URL" --threads "$CLIENTS" --seconds 3 > /dev/null   # warm-up
RSS="after warm-up $(( $(rss) / 1024 )) MB"
for i in $(seq "$RUNS"); do
  "$NG" bench --stage http --url "$URL" --threads "$CLIENTS" --seconds "$SECS"
  RSS="$RSS, after run $i $(( $(rss) / 1024 )) MB"
done
echo "server RSS $RSS"
