#!/usr/bin/env bash
# Extraction quality: newsgraph and the peer extractors over one dataset in the same run,
# scored by the benchmark's own scorer (precision / recall / F1 over 4-token shingles).
#
#   bench/quality.sh [DATASET_DIR]      (default: ../shared/datasets/scrapinghub-aeb)
#
# Peers come from ../shared/eval/peers/run_peers.sh setup (skipped when not installed).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=${1:-$ROOT/../shared/datasets/scrapinghub-aeb}
EVAL=${EVAL:-$ROOT/../shared/eval}
PEERS=${X:-$HOME/.cache/newsgraph-peers}
OUT=${OUT:-$ROOT/target/quality}
mkdir -p "$OUT"
cargo build --release -q -p newsgraph
run() { n=$1; shift; python3 "$EVAL/run_extractor.py" "$DATA" "$OUT/$n.jsonl" --mode jsonl --warmup 1 --name "$n" --timeout 120 -- "$@" 2>/dev/null | tail -1; }
run newsgraph "$ROOT/target/release/newsgraph" extract --input jsonl
preds=("$OUT/newsgraph.jsonl")
if [ -x "$PEERS/venv/bin/python" ]; then
  for n in trafilatura_precision trafilatura readability_lxml newspaper4k resiliparse; do
    run $n "$PEERS/venv/bin/python" "$EVAL/peers/peers_py.py" $n
    preds+=("$OUT/$n.jsonl")
  done
fi
if [ -x "$PEERS/rustpeers/target/release/rustpeers" ]; then
  for b in trafilatura_rs dom_smoothie; do
    run ${b}_rs "$PEERS/rustpeers/target/release/rustpeers" $b
    preds+=("$OUT/${b}_rs.jsonl")
  done
fi
python3 "$EVAL/extract_eval.py" "$DATA" "${preds[@]}"
