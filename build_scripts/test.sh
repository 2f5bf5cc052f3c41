#!/usr/bin/env bash
# One command: install what is needed, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build_scripts/setup_env.sh test
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
