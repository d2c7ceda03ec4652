#!/bin/bash
# Interleaved before/after runs of bench/mcp_gateway_bench.py, each with a fresh home.
#   bench/mcp_gateway_ab.sh <commit> [rounds] [calls]
# "before" runs <commit>'s source (exported to a temporary directory, reached through
# PYTHONPATH, which the bench passes to the gateway and to the daemon it starts); "after"
# this work tree. On an oversubscribed machine set AB_PREFIX="chrt -r 1" (root) so that the
# other jobs' load does not swamp the figures (docs/mcp.md#figures).
set -euo pipefail
commit=${1:?commit to compare with}; rounds=${2:-2}; calls=${3:-200}
cd "$(dirname "$0")/.."
base=$(mktemp -d); trap 'rm -rf "$base"' EXIT
git archive "$commit" src | tar -x -C "$base"
for i in $(seq "$rounds"); do
  for arm in before after; do
    home=$(mktemp -d)
    echo "=== $arm $i load $(cut -d' ' -f1-3 /proc/loadavg)"
    if [ "$arm" = before ]; then pp="$base/src"; else pp="${PYTHONPATH:-}"; fi
    PYTHONPATH="$pp" ${AB_PREFIX:-} .venv/bin/python bench/mcp_gateway_bench.py \
      --calls "$calls" --rounds 1 --warmup 20 --home "$home"
    kill "$(cat "$home/daemon.pid" 2>/dev/null)" 2>/dev/null || true
  done
done
