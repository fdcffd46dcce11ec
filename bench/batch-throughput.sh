#!/usr/bin/env bash
# Times `starcoach check --batch` over 10,000 answers of 250 words (bench/answer-250.txt).
#   bench/batch-throughput.sh [build/starcoach]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/starcoach}
input=$(mktemp)
trap 'rm -f "$input"' EXIT
# Ten thousand answers: the benchmark answer with a different number in each.
python3 - "$input" <<'PY'
import json, sys
text = open("bench/answer-250.txt").read()
with open(sys.argv[1], "w") as out:
    for i in range(10000):
        out.write(json.dumps({"id": i, "text": text.replace("31%", f"{i % 90 + 10}%")}) + "\n")
PY
output=$(mktemp)
trap 'rm -f "$input" "$output"' EXIT
start=$(date +%s.%N)
# Exit 1 only says that some answer has an error-level finding; anything else is a failure.
status=0
"$binary" check --batch "$input" --format jsonl > "$output" || status=$?
end=$(date +%s.%N)
if [ "$status" -gt 1 ]; then echo "batch-throughput: starcoach exited with $status" >&2; exit 1; fi
lines=$(grep -c '"score"' "$output" || true)
if [ "$lines" -ne 10000 ]; then echo "batch-throughput: $lines results for 10000 answers" >&2; exit 1; fi
python3 -c "s = $end - $start; print(f'10000 answers in {s:.2f} s: {10000 / s:.0f} answers per second')"
