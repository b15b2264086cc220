#!/usr/bin/env bash
# Property-based fuzzing of the HTTP API against its own OpenAPI document with
# schemathesis (from PyPI): every operation, generated valid and invalid requests,
# checking for server errors, responses that break the document, and requests the
# server judges differently from the document.
#
#   bench/api-fuzz.sh [MAX_EXAMPLES]     (default 1000 per operation and phase)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
VENV=target/api-fuzz-venv
[ -x "$VENV/bin/st" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q 'schemathesis==4.32.5'; }
cargo build --release -q -p newsgraph
NG=target/release/newsgraph
DATA=$(mktemp -d)
LOG=$(mktemp)
"$NG" ingest samples --quiet --data "$DATA/store"
"$NG" serve --data "$DATA/store" --port 0 > "$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$DATA" "$LOG"' EXIT
for _ in $(seq 50); do grep -q http:// "$LOG" && break; sleep 0.1; done
URL=$(grep -o 'http://[^ ]*' "$LOG" | head -1)
URL=${URL%/}
"$VENV/bin/st" run "$URL/api/openapi.json" --url "$URL" -n "$N" --request-timeout 20 || true
