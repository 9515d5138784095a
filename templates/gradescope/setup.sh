#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image. The autograder zip (made by
# templates/gradescope/build.sh) holds this file, run_autograder and the kit in torchkata/,
# without solutions/ or tests/.
set -euo pipefail
cd /autograder/source/torchkata
python3 -m venv /autograder/venv
# torch's CPU build (Gradescope has no GPU; the default build from PyPI is the 5 GB CUDA one)
/autograder/venv/bin/pip install -q --extra-index-url https://download.pytorch.org/whl/cpu \
    -c constraints.txt .
