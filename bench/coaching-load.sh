#!/usr/bin/env bash
# Load on coaching mode against the private app: 50 candidates, each on a connection of
# their own, check their answer (POST /api/check) and save every fourth one (POST
# /api/attempts), with the 250-word answer of bench/answer-250.txt. Run once on the
# private app (no accounts) and once with --accounts and 50 signed-in candidates (each
# request carries its session cookie and is looked up); prints both.
#   bench/coaching-load.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
candidates=50
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

start_server() {  # $1: database, then serve's options
  local database=$1
  shift
  build/starcoach serve --port 0 --db "$database" "$@" > "$work/server.log" &
  server=$!
  for _ in $(seq 100); do grep -q "running at" "$work/server.log" && break; sleep 0.1; done
  address=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log") || { echo "coaching-load.sh: the server did not start" >&2; exit 1; }
}

write_script() {  # $1: file of cookies, one a line (may be empty)
  bench/signed-in-mix.py "$1" "$work/mix.lua"
}

run() {  # $1: label
  echo "== $1"
  wrk --threads 2 --connections "$candidates" --duration "${seconds}s" --latency --script "$work/mix.lua" "$address" | tee "$work/wrk.txt" |
    grep -E "Requests/sec|^ +(50|99)%"
  if grep -q -e "Non-2xx" -e "Socket errors" "$work/wrk.txt"; then echo "coaching-load.sh: some requests failed" >&2; cat "$work/wrk.txt" >&2; exit 1; fi
}

: > "$work/none"
start_server "$work/private.db"
write_script "$work/none"
run "the private app, no accounts"
kill "$server"; wait "$server" 2>/dev/null || true

# 50 candidates, each with a password set through their one-time link and signed in.
for i in $(seq "$candidates"); do
  build/starcoach admin add-user "candidate$i@example.org" --db "$work/coaching.db" | grep -o 'set-password=[^ ]*' | cut -d= -f2 >> "$work/tokens"
done
start_server "$work/coaching.db" --accounts
bench/sign-in.sh "$work/tokens" "$address" > "$work/cookies"
[ "$(wc -l < "$work/cookies")" -eq "$candidates" ] || { echo "coaching-load.sh: not every candidate signed in" >&2; exit 1; }
write_script "$work/cookies"
run "coaching mode, $candidates signed-in candidates"
