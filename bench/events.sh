#!/usr/bin/env bash
# Event coding against the PLOVER gold-standard records (322 coded sentences), scored by
# the shared scorer: category accuracy and recall, source/target accuracy, per category.
#
#   bench/events.sh [GOLD_JSON]   (default: ../shared/datasets/plover-gsr/PLOVER_GSR_CAMEO.json)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
GOLD=${1:-$ROOT/../shared/datasets/plover-gsr/PLOVER_GSR_CAMEO.json}
EVAL=${EVAL:-$ROOT/../shared/eval}
OUT=${OUT:-$ROOT/target/events}
mkdir -p "$OUT"
cargo build --release -q -p newsgraph
python3 "$EVAL/event_eval.py" "$GOLD" --make-input "$OUT/gsr-input.jsonl"
"$ROOT/target/release/newsgraph" analyse --input jsonl "$OUT/gsr-input.jsonl" > "$OUT/gsr-pred.jsonl"
python3 "$EVAL/event_eval.py" "$GOLD" "$OUT/gsr-pred.jsonl" --per-category --json "$OUT/gsr-scores.json"
