#!/usr/bin/env bash
# A PostgreSQL server of the tests' own: initdb in a folder of its own, run as an
# unprivileged user (postgres, else nobody, when started as root), listening on a free
# loopback port; no system service is touched. CTest starts it before the tests that need
# it and stops it after them (tests/CMakeLists.txt).
#   tests/support/postgres.sh start DIR    # DIR/url then holds postgresql://starcoach@127.0.0.1:PORT/postgres
#   tests/support/postgres.sh stop DIR
set -euo pipefail
action=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "postgres.sh: PostgreSQL is not installed (script/bootstrap installs it)" >&2; exit 1; }
user=$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)
as_user() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi; }

stop() {
  if [ -f "$dir/cluster" ]; then
    cluster=$(cat "$dir/cluster")
    as_user "$bin/pg_ctl" -D "$cluster/data" -m fast -w stop > /dev/null 2>&1 || true
    rm -rf "$cluster"
  fi
}

case $action in
  start)
    stop  # one left over from an interrupted run
    rm -rf "$dir"
    mkdir -p "$dir"
    # The cluster's own folder, which its user must reach: in /tmp, not under the caller's folders.
    cluster=$(mktemp -d /tmp/starcoach-postgres-XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown "$user" "$cluster"
    echo "$cluster" > "$dir/cluster"
    as_user "$bin/initdb" -D "$cluster/data" -U starcoach --auth=trust -E UTF8 --no-locale > "$cluster/initdb.log"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # fsync off: the tests kill starcoach, never PostgreSQL, and a test server need not survive a power cut.
    as_user "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w \
      -o "-p $port -k $cluster -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start > /dev/null
    echo "postgresql://starcoach@127.0.0.1:$port/postgres" > "$dir/url"
    ;;
  stop)
    stop
    ;;
  *)
    echo "usage: postgres.sh start|stop DIR" >&2
    exit 2
    ;;
esac
