#!/usr/bin/env bash
# Installs what Sổ Dân vận needs on Debian/Ubuntu into ./.venv (idempotent).
# Used by run.sh and test.sh; as root it also installs the Debian packages:
# Qt's runtime libraries always, and with the argument "test" also LibreOffice
# and poppler, which the tests use to check the generated documents.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PKGS=(python3 python3-venv python3-pip libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
          libdbus-1-3 libglib2.0-0 libxcb-cursor0 fonts-dejavu-core)
if [ "${1:-}" = test ]; then
  DEB_PKGS+=(poppler-utils libreoffice-writer-nogui fonts-liberation)
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  missing=()
  for p in "${DEB_PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo ">> apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# build_scripts/constraints.txt pins every package, the transitive ones too, to
# the versions the tests passed with: an install a year from now gets the same.
C=build_scripts/constraints.txt
stamp=.venv/.installed-$(cat pyproject.toml "$C" | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
  echo ">> pip install -e .[test] into .venv (pinned by $C)"
  .venv/bin/python -m pip install -q -c "$C" --upgrade pip
  .venv/bin/python -m pip install -q -c "$C" -e ".[test]"
  # packages of earlier pins nothing needs any more (cryptography -> pycryptodome; filelock -> the lock in core.safety.instance, 12/2026)
  .venv/bin/python -m pip uninstall -q -y cryptography cffi pycparser filelock 2>/dev/null || true
  touch "$stamp"
fi
