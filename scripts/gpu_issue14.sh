#!/usr/bin/env bash
# scripts/gpu_issue14.sh - the CLI's issue-14 checks on a GPU machine: the
# output layer (line numbers, matched bytes, -w, -m, JSON) re-reads files
# after the scan, so it must agree with ripgrep whichever backend found the
# matches. Runs tests/test_cli.sh and tests/test_cli_rg.sh with the CLI's
# default --backend=auto (CUDA when present), then the rg differential
# forced onto each GPU backend through a wrapper.
#   bash scripts/gpu_issue14.sh            (needs ripgrep and git)
set -u -o pipefail
cd "$(dirname "$0")/.."
make -s build/vyre || exit 2
nvidia-smi -L 2>/dev/null || echo "(no nvidia-smi)"
build/vyre --version
rc=0
sh tests/test_cli.sh build/vyre | tail -3 || rc=1
for be in auto cuda opencl; do
    w=$(mktemp); printf '#!/bin/sh\nif [ "$1" = scan ]; then shift; exec %s scan --backend=%s "$@"; fi\nexec %s "$@"\n' \
        "$PWD/build/vyre" "$be" "$PWD/build/vyre" >"$w"; chmod +x "$w"
    echo "=== test_cli_rg.sh --backend=$be"
    sh tests/test_cli_rg.sh "$w" | tail -2 || rc=1
    rm -f "$w"
done
exit $rc
