#!/usr/bin/env bash
# Coaching on PostgreSQL behind HAProxy: 50 signed-in candidates (a connection each) check
# the 250-word answer and save every fourth, through the proxy, first with one starcoach
# instance behind it and then with two, all on this machine. Prints requests per second,
# the median and p99, and where the CPU time went (starcoach, PostgreSQL, HAProxy).
#   bench/scaleout-load.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
candidates=50
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  tests/support/postgres.sh stop "$work/postgres"
  rm -rf "$work"
}
trap cleanup EXIT

tests/support/postgres.sh start "$work/postgres"
admin_url=$(cat "$work/postgres/url")
url=${admin_url%/postgres}/starcoach
psql "$admin_url" -qc "CREATE DATABASE starcoach"
build/starcoach migrate --db "$url" > /dev/null
for i in $(seq "$candidates"); do
  build/starcoach admin add-user "candidate$i@example.org" --db "$url" | grep -o 'set-password=[^ ]*' | cut -d= -f2 >> "$work/tokens"
done

start_instance() {  # prints the port
  build/starcoach serve --accounts --trust-proxy --port 0 --db "$url" > "$work/instance-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do grep -q "running at" "$work/instance-$1.log" && break; sleep 0.1; done
  grep -o 'http://127.0.0.1:[0-9]*' "$work/instance-$1.log" | grep -o '[0-9]*$'
}
one=$(start_instance 1)
two=$(start_instance 2)
proxy_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

run_proxy() {  # $@: the instances' ports
  local config="$work/haproxy.cfg"
  {
    printf 'global\n  maxconn 2000\ndefaults\n  mode http\n  timeout connect 1s\n  timeout client 30s\n  timeout server 30s\n'
    printf '  option forwardfor\nfrontend web\n  bind 127.0.0.1:%s\n  default_backend starcoach\nbackend starcoach\n  balance roundrobin\n' "$proxy_port"
    for port in "$@"; do printf '  server s%s 127.0.0.1:%s\n' "$port" "$port"; done
  } > "$config"
  haproxy -f "$config" -db > "$work/haproxy.log" 2>&1 &
  proxy=$!
  pids+=("$proxy")
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$proxy_port/api/health" > /dev/null && break; sleep 0.1; done
}

# CPU seconds (user + system) of the processes whose command line matches $1.
cpu_of() {
  local total=0 ticks
  ticks=$(getconf CLK_TCK)
  for pid in $(pgrep -f "$1"); do
    read -r -a stat < "/proc/$pid/stat" 2>/dev/null || continue
    total=$((total + stat[13] + stat[14]))
  done
  awk -v total="$total" -v ticks="$ticks" 'BEGIN { printf "%.2f", total / ticks }'
}

run_proxy "$one"
# Each candidate sets a password through their link (through the proxy) and keeps the cookie.
bench/sign-in.sh "$work/tokens" "http://127.0.0.1:$proxy_port" > "$work/cookies"
[ "$(wc -l < "$work/cookies")" -eq "$candidates" ] || { echo "scaleout-load.sh: not every candidate signed in" >&2; exit 1; }
bench/signed-in-mix.py "$work/cookies" "$work/mix.lua"

measure() {  # $1: label
  local before_app before_db before_proxy
  before_app=$(cpu_of "starcoach serve --accounts"); before_db=$(cpu_of "postgres: starcoach"); before_proxy=$(cpu_of "haproxy -f")
  echo "== $1"
  wrk --threads 2 --connections "$candidates" --duration "${seconds}s" --latency --script "$work/mix.lua" "http://127.0.0.1:$proxy_port" |
    tee "$work/wrk.txt" | grep -E "Requests/sec|^ +(50|99)%"
  if grep -q -e "Non-2xx" -e "Socket errors" "$work/wrk.txt"; then echo "scaleout-load.sh: some requests failed" >&2; cat "$work/wrk.txt" >&2; exit 1; fi
  awk -v app="$(cpu_of "starcoach serve --accounts")" -v db="$(cpu_of "postgres: starcoach")" -v px="$(cpu_of "haproxy -f")" \
      -v app0="$before_app" -v db0="$before_db" -v px0="$before_proxy" -v requests="$(awk '/requests in/ { print $1 }' "$work/wrk.txt")" \
      'BEGIN { a = app - app0; d = db - db0; p = px - px0;
               printf "CPU seconds: starcoach %.1f, PostgreSQL %.1f (%.0f%% of the servers'"'"' time), HAProxy %.1f\n", a, d, 100 * d / (a + d + p), p;
               printf "CPU per request: starcoach %.3f ms, PostgreSQL %.3f ms\n", 1000 * a / requests, 1000 * d / requests }'
}

measure "one instance behind HAProxy"
kill "$proxy"; wait "$proxy" 2>/dev/null || true
run_proxy "$one" "$two"
measure "two instances behind HAProxy"
