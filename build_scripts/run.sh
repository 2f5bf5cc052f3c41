#!/usr/bin/env bash
# One command: install what is needed, then start Sổ Dân vận (extra arguments go to main.py).
set -euo pipefail
cd "$(dirname "$0")/.."
bash build_scripts/setup_env.sh
exec .venv/bin/python main.py "$@"
