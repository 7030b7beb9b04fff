#!/usr/bin/env bash
# Scan speed: `kiln check` against bandit and ruff alone, on one tree, in one run.
#   scripts/bench-scan.sh [TREE]     (default: the standard library of Kiln's Python)
# Prints lines of Python, seconds and lines/s for each tool. Uses Kiln's own environment's tools.
set -euo pipefail
cd "$(dirname "$0")/.."
KILN=${KILN:-.build/debug/kiln}
PY=${KILN_HOME:-$HOME/.cache/kiln}/venv/bin/python
TREE=${1:-$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}
LINES=$(find "$TREE" -name '*.py' -not -path '*/site-packages/*' -print0 | xargs -0 cat | wc -l)
FILES=$(find "$TREE" -name '*.py' -not -path '*/site-packages/*' | wc -l)
echo "tree: $TREE ($FILES files, $LINES lines)"
measure() {
  local name=$1; shift
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null 2>&1 || true
  end=$(date +%s.%N)
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'{sys.argv[3]:<12} {s:8.1f} s  {int(sys.argv[4])/s:12,.0f} lines/s')" "$start" "$end" "$name" "$LINES"
}
measure "ruff" "$PY" -m ruff check --no-cache --isolated --exit-zero --select E9,E7,F,B,S,UP,PL,W6 "$TREE"
measure "bandit" "$PY" -m bandit -q -r -f json -x '*/site-packages/*' "$TREE"
measure "kiln check" "$KILN" check "$TREE" --format json
