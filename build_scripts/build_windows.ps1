# Builds the Windows bundle of So Dan van on a real Windows 10/11 x64 machine:
# venv with the pinned dependencies, PyInstaller (build_scripts\sodanvan.spec),
# the frozen self-test, a zip, and the per-user installer when Inno Setup 6 is
# installed (ISCC.exe).
#
#   powershell -ExecutionPolicy Bypass -File build_scripts\build_windows.ps1
#   ... -NoInstaller      # skip the Inno Setup step even if ISCC is present
#
# Output: dist\windows\SoDanVan\ , dist\windows\SoDanVan-<version>-windows-x64.zip
#         (venv: build\venv-windows)
#         dist\windows\SoDanVan-<version>-setup.exe (with Inno Setup)
param([switch]$NoInstaller)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
$sw = [System.Diagnostics.Stopwatch]::StartNew()

# --- Python 3.11 + venv with the pinned dependencies (pyproject.toml) -------
if (-not (Get-Command py -ErrorAction SilentlyContinue) -and -not (Get-Command python -ErrorAction SilentlyContinue)) {
    Write-Host ">> Installing Python 3.11 (winget)"
    winget install --id Python.Python.3.11 -e --silent --accept-package-agreements --accept-source-agreements
    $env:Path = [System.Environment]::GetEnvironmentVariable("Path", "User") + ";" + [System.Environment]::GetEnvironmentVariable("Path", "Machine")
}
$venv = "build\venv-windows"   # build\ is git-ignored
if (-not (Test-Path "$venv\Scripts\python.exe")) {
    Write-Host ">> python -m venv $venv"
    $py311 = $false
    if (Get-Command python -ErrorAction SilentlyContinue) {
        & python -c "import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)"
        $py311 = ($LASTEXITCODE -eq 0)
    }
    if ($py311) { python -m venv $venv }
    elseif (Get-Command py -ErrorAction SilentlyContinue) { py -3.11 -m venv $venv }
    else { python -m venv $venv }
    if ($LASTEXITCODE -ne 0) { throw "venv failed" }
}
$py = Resolve-Path "$venv\Scripts\python.exe"
& $py -c "import sys; assert sys.version_info[:2] == (3, 11), sys.version"
if ($LASTEXITCODE -ne 0) { throw "Python 3.11 is required (the venv has another version)" }
Write-Host ">> pip install (the pinned dependencies + [build] of pyproject.toml)"
New-Item -ItemType Directory -Force build | Out-Null
& $py -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; open('build/requirements-windows.txt', 'w').write('\n'.join(p['dependencies'] + p['optional-dependencies']['build']))"
& $py -m pip install -q --upgrade pip
& $py -m pip install -q -r build\requirements-windows.txt
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

# --- PyInstaller ----------------------------------------------------------------
Write-Host ">> PyInstaller build_scripts\sodanvan.spec"
& $py -m PyInstaller --noconfirm --log-level WARN --distpath dist\windows --workpath build\pyinstaller-windows build_scripts\sodanvan.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
$bundle = "dist\windows\SoDanVan"
foreach ($exe in "SoDanVan.exe", "SoDanVanCLI.exe") {
    if (-not (Test-Path "$bundle\$exe")) { throw "$exe missing from $bundle" }
}
$stubs = Get-ChildItem $bundle -Recurse -Include icuuc.dll, mscms.dll, bcryptprimitives.dll
if ($stubs) { throw "Wine test-only stub DLL in the bundle: $($stubs.FullName)" }

# --- frozen self-test (temporary data folder; offscreen window) ------------------
Write-Host ">> SoDanVanCLI.exe self-test"
Push-Location $env:TEMP
try {
    $out = & (Resolve-Path "$PSScriptRoot\..\$bundle\SoDanVanCLI.exe") self-test -platform offscreen
    $rc = $LASTEXITCODE
} finally { Pop-Location }
Write-Host $out
if ($rc -ne 0 -or -not ($out -match "SELF-TEST OK")) { throw "frozen self-test failed (exit $rc)" }

Write-Host ">> SoDanVan.exe self-test (windowed exe; result via --log)"
$log = Join-Path $env:TEMP "sodanvan-gui-selftest.log"
Remove-Item $log -ErrorAction SilentlyContinue
$p = Start-Process -FilePath (Resolve-Path "$bundle\SoDanVan.exe") -ArgumentList "self-test", "-platform", "offscreen", "--log", "`"$log`"" -Wait -PassThru
$gui = Get-Content $log -Encoding UTF8 -ErrorAction SilentlyContinue
Write-Host $gui
if ($p.ExitCode -ne 0 -or -not ($gui -match "SELF-TEST OK")) { throw "windowed self-test failed (exit $($p.ExitCode))" }

# --- zip ----------------------------------------------------------------------------
$version = (& $py -c "import core; print(core.__version__)").Trim()
$zip = "dist\windows\SoDanVan-$version-windows-x64.zip"
Remove-Item $zip -ErrorAction SilentlyContinue
Compress-Archive -Path $bundle -DestinationPath $zip -CompressionLevel Optimal
$folderMB = [math]::Round(((Get-ChildItem $bundle -Recurse -File | Measure-Object Length -Sum).Sum) / 1MB, 1)
$zipMB = [math]::Round((Get-Item $zip).Length / 1MB, 1)
Write-Host ">> bundle folder $folderMB MiB; zip $zipMB MiB -> $zip"

# --- installer (Inno Setup 6, per user, no admin) ----------------------------------
if (-not $NoInstaller) {
    $iscc = @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
              "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe") | Where-Object { Test-Path $_ } | Select-Object -First 1
    if ($iscc) {
        Write-Host ">> Inno Setup: build_scripts\installer.iss"
        & $iscc /Q "/DAppVersion=$version" build_scripts\installer.iss
        if ($LASTEXITCODE -ne 0) { throw "ISCC failed" }
        Get-Item "dist\windows\SoDanVan-$version-setup.exe" | ForEach-Object { Write-Host (">> installer {0:N1} MiB -> {1}" -f ($_.Length / 1MB), $_.FullName) }
    } else {
        Write-Host ">> Inno Setup 6 not found (https://jrsoftware.org/isinfo.php): zip only"
    }
}
Write-Host (">> build_windows.ps1 done in {0:N0} s" -f $sw.Elapsed.TotalSeconds)
