#!/usr/bin/env bash
# Builds the Linux bundle with build_scripts/sodanvan.spec into dist/SoDanVan/
# and runs the frozen self-test offscreen.  Installs what it needs itself
# (setup_env.sh: Debian packages as root + ./.venv; then PyInstaller).
#
#   bash build_scripts/build_linux.sh            # build + frozen self-test
#   SKIP_BUILD=1 bash build_scripts/build_linux.sh   # only re-run the self-test
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
T0=$(date +%s)
mkdir -p build

bash build_scripts/setup_env.sh
PY=.venv/bin/python
PYI_VERSION=$(sed -n 's/.*"pyinstaller==\([0-9.]*\)".*/\1/p' pyproject.toml)
if ! "$PY" -m PyInstaller --version 2>/dev/null | grep -qx "$PYI_VERSION"; then
  echo ">> pip install pyinstaller==$PYI_VERSION"
  "$PY" -m pip install -q "pyinstaller==$PYI_VERSION"
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo ">> PyInstaller (build/pyinstaller-linux -> dist/SoDanVan)"
  "$PY" -m PyInstaller --noconfirm --log-level WARN \
      --distpath dist --workpath build/pyinstaller-linux build_scripts/sodanvan.spec \
      > build/pyinstaller-linux.log 2>&1 || { tail -40 build/pyinstaller-linux.log; exit 1; }
fi
B=dist/SoDanVan
test -x "$B/SoDanVan" && test ! -e "$B/SoDanVanCLI"   # one executable
echo ">> bundle: $(du -sh "$B" | cut -f1) ($(find "$B" -type f | wc -l) files)"

echo ">> frozen self-test (offscreen)"
# Run from outside the source tree with a clean environment, so nothing is
# imported from the checkout by accident.
out=$(cd / && env -i HOME="${HOME:-/root}" PATH=/usr/bin:/bin LANG=C.UTF-8 \
      "$ROOT/$B/SoDanVan" self-test -platform offscreen </dev/null 2>"$ROOT/build/selftest-linux.err") || {
  echo "$out"; tail -20 "$ROOT/build/selftest-linux.err"; exit 1; }
echo "$out"
case "$out" in *"SELF-TEST OK"*) ;; *) exit 1 ;; esac

# Portable mode: portable.txt beside the executable keeps data beside it.
tmp=$(mktemp -d)
cp -a "$B" "$tmp/SoDanVan"
touch "$tmp/SoDanVan/portable.txt"
(cd / && env -i HOME="$tmp/home" PATH=/usr/bin:/bin LANG=C.UTF-8 \
   "$tmp/SoDanVan/SoDanVan" demo --records 50 --years 2024-2025 </dev/null >/dev/null)
# (demo fills the demo folder SoDanVanData_DuLieuMau, the sibling of SoDanVanData)
if ls "$tmp/SoDanVan/SoDanVanData"*/*.db >/dev/null 2>&1; then
  echo ">> portable mode: data written to SoDanVan/SoDanVanData/ (OK)"
else
  echo "!! portable mode: no database in SoDanVan/SoDanVanData/"; ls -la "$tmp/SoDanVan" "$tmp/home" 2>/dev/null; rm -rf "$tmp"; exit 1
fi
if [ -e "$tmp/home/.local/share/SoDanVan" ]; then
  echo "!! portable mode still wrote to the per-user folder"; rm -rf "$tmp"; exit 1
fi
rm -rf "$tmp"
echo ">> build_linux.sh done in $(( $(date +%s) - T0 )) s"
