#!/usr/bin/env bash
# Runs every .lmql file of a folder (e.g. LMQL's documentation corpus) with `lmql run --json` on the
# bundled model and prints one line per file: exit code, then the variables or the first error line.
# Usage: scripts/run-corpus.sh DIR [OUT_DIR]   (full outputs go to OUT_DIR, default /tmp/lmql-corpus-run)
set -uo pipefail
dir="${1:?usage: scripts/run-corpus.sh DIR [OUT_DIR]}"
out="${2:-/tmp/lmql-corpus-run}"
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$out"
for f in "$dir"/*.lmql; do
  name="$(basename "$f" .lmql)"
  timeout 120 node "$root/bin/lmql.js" run "$f" --json --seed 1 >"$out/$name.out" 2>&1
  code=$?
  if [ "$code" = 0 ]; then
    summary="$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(JSON.stringify(r.results.map(x=>x.variables)).slice(0,160))' "$out/$name.out" 2>/dev/null)"
  else
    summary="$(grep -m1 -E 'error|warning' "$out/$name.out" | cut -c1-160)"
  fi
  printf '%-40s %3s  %s\n' "$name" "$code" "$summary"
done
