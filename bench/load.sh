#!/usr/bin/env bash
# Load on the web API: wrk sends POST /api/check with the 250-word answer of
# bench/answer-250.txt for 30 s over 64 connections to a server on loopback, and
# prints requests per second and the latency distribution.
#   bench/load.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
connections=${2:-64}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

build/starcoach serve --port 0 --db "$work/load.db" > "$work/server.log" &
server=$!
for _ in $(seq 50); do grep -q "running at" "$work/server.log" && break; sleep 0.1; done
address=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log") || { echo "load.sh: the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }

python3 - "$work/post.lua" <<'PY'
import json, sys
body = json.dumps({"text": open("bench/answer-250.txt").read(), "principle": "customer-obsession"})
lua_string = body.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
open(sys.argv[1], "w").write(
    'wrk.method = "POST"\n'
    'wrk.headers["Content-Type"] = "application/json"\n'
    f'wrk.body = "{lua_string}"\n')
PY
wrk --threads 2 --connections "$connections" --duration "${seconds}s" --latency --script "$work/post.lua" "$address/api/check" | tee "$work/wrk.txt"
# A run with failed requests measures nothing worth quoting.
if grep -q -e "Non-2xx" -e "Socket errors" "$work/wrk.txt"; then echo "load.sh: some requests failed" >&2; exit 1; fi
