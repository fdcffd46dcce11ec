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
start=$(date +%s.%N)
"$binary" check --batch "$input" --format jsonl > /dev/null || true
end=$(date +%s.%N)
python3 -c "s = $end - $start; print(f'10000 answers in {s:.2f} s: {10000 / s:.0f} answers per second')"
