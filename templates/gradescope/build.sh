#!/usr/bin/env bash
# Make autograder.zip for Gradescope ("Zip file upload" autograder) from the kit's committed
# files: setup.sh and run_autograder at the top, the kit in torchkata/, without solutions/,
# tests/ or assignments/ (the autograder needs only graders/ and the packaging files).
#
#   build.sh [--allow-dirty] [OUT]     (default OUT: autograder.zip)
#
# With uncommitted changes to what goes in the zip (graders/, pyproject.toml, constraints.txt,
# README.md) it refuses, naming them, because the zip is built from what is committed and
# those changes would silently be left out. --allow-dirty builds from the working tree instead,
# uncommitted changes included.
set -euo pipefail
cd "$(dirname "$0")/../.."
allow_dirty=no
if [ "${1:-}" = "--allow-dirty" ]; then
    allow_dirty=yes
    shift
fi
out="${1:-autograder.zip}"
kit=(graders pyproject.toml constraints.txt README.md)
dirty="$(git status --porcelain --untracked-files=all -- "${kit[@]}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/torchkata"
if [ -z "$dirty" ]; then
    git archive HEAD "${kit[@]}" | tar -x -C "$work/torchkata"
elif [ "$allow_dirty" = yes ]; then
    echo "build.sh: building from the working tree, with these uncommitted changes:" >&2
    echo "$dirty" >&2
    git ls-files --cached --others --exclude-standard -z -- "${kit[@]}" \
        | while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done \
        | tar --null -T - -c | tar -x -C "$work/torchkata"
else
    echo "build.sh: uncommitted changes to what the autograder holds would be left out of the zip:" >&2
    echo "$dirty" >&2
    echo "Commit them (the zip is built from HEAD), or run build.sh --allow-dirty to build from the working tree." >&2
    exit 1
fi
cp templates/gradescope/setup.sh templates/gradescope/run_autograder "$work/"
chmod +x "$work/setup.sh" "$work/run_autograder"
(cd "$work" && python3 -m zipfile -c autograder.zip setup.sh run_autograder torchkata)
mv "$work/autograder.zip" "$out"
echo "wrote $out"
