#!/usr/bin/env bash
# Signs in the benchmarks' candidates: each one-time token of TOKENS (a file, one a line)
# sets a password through the server at ADDRESS, and the session cookie it gives is
# printed, one a line.
#   bench/sign-in.sh TOKENS ADDRESS > COOKIES
set -euo pipefail
while read -r token; do
  curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"token\": \"$token\", \"password\": \"a load test password\"}" "${2%/}/api/password" |
    sed -n 's/^[Ss]et-[Cc]ookie: starcoach_session=\([^;]*\).*/\1/p'
done < "$1"
