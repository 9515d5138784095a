#!/usr/bin/env bash
# Make autograder.zip for Gradescope ("Zip file upload" autograder) from the kit's committed
# files: setup.sh and run_autograder at the top, the kit in torchkata/, without solutions/,
# tests/ or assignments/ (the autograder needs only graders/ and the packaging files).
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-autograder.zip}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/torchkata"
git archive HEAD graders pyproject.toml constraints.txt README.md | tar -x -C "$work/torchkata"
cp templates/gradescope/setup.sh templates/gradescope/run_autograder "$work/"
chmod +x "$work/setup.sh" "$work/run_autograder"
(cd "$work" && python3 -m zipfile -c autograder.zip setup.sh run_autograder torchkata)
mv "$work/autograder.zip" "$out"
echo "wrote $out"
