#!/usr/bin/env bash
# Grade a whole class in any CI job (or on a workstation).
#   grade-class.sh SUBMISSIONS [OUT]     SUBMISSIONS holds one folder per student
# Environment: WORKERS (default: all cores), SHARD=K/N (one slice of the class, for a CI
# matrix; join the slices with `torchkata merge`), TORCHKATA_OPTIONS (e.g. "--only a1_backprop"),
# TORCHKATA (the command, default torchkata from PATH).
# Install the grader first, from the instructor's copy of the kit:
#   pip install -c constraints.txt .     (in the kit's folder)
set -euo pipefail
SUBMISSIONS="${1:?usage: grade-class.sh SUBMISSIONS [OUT]}"
OUT="${2:-grades}"
# shellcheck disable=SC2086 # TORCHKATA_OPTIONS is a list of options
"${TORCHKATA:-torchkata}" grade-batch "$SUBMISSIONS" --out "$OUT" \
    --workers "${WORKERS:-$(nproc)}" --shard "${SHARD:-1/1}" ${TORCHKATA_OPTIONS:-}
