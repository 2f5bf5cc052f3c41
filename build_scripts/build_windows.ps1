# Builds the Windows bundle of So Dan van on a real Windows 10/11 x64 machine:
# venv with the pinned dependencies, PyInstaller (build_scripts\sodanvan.spec),
# the frozen self-test, a zip, and the per-user installer
# (build_scripts\installer.nsi) when NSIS 3 is installed (makensis.exe).
#
#   powershell -ExecutionPolicy Bypass -File build_scripts\build_windows.ps1
#   ... -NoInstaller      # skip the installer even if makensis is present
#
# Output: dist\windows\SoDanVan\ , dist\windows\SoDanVan-<version>-windows-x64.zip
#         (venv: build\venv-windows)
#         dist\windows\SoDanVan-<version>-setup.exe (with NSIS)
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
if (-not (Test-Path "$bundle\SoDanVan.exe")) { throw "SoDanVan.exe missing from $bundle" }
if (Test-Path "$bundle\SoDanVanCLI.exe") { throw "one executable expected: SoDanVanCLI.exe is back" }
$stubs = Get-ChildItem $bundle -Recurse -Include icuuc.dll, mscms.dll, bcryptprimitives.dll
if ($stubs) { throw "Wine test-only stub DLL in the bundle: $($stubs.FullName)" }

# --- frozen self-test (temporary data folder; offscreen window) ------------------
# SoDanVan.exe is windowed: Start-Process -Wait for its exit code; output through
# --log / a redirected stream (given a subcommand in cmd it attaches to the
# console instead: main.py attach_parent_console).
$exe = Resolve-Path "$bundle\SoDanVan.exe"
Write-Host ">> SoDanVan.exe self-test"
$log = Join-Path $env:TEMP "sodanvan-selftest.log"
Remove-Item $log -ErrorAction SilentlyContinue
$p = Start-Process -FilePath $exe -ArgumentList "self-test", "-platform", "offscreen", "--log", "`"$log`"" -WorkingDirectory $env:TEMP -Wait -PassThru
$out = Get-Content $log -Encoding UTF8 -ErrorAction SilentlyContinue
Write-Host $out
if ($p.ExitCode -ne 0 -or -not ($out -match "SELF-TEST OK")) { throw "frozen self-test failed (exit $($p.ExitCode))" }

Write-Host ">> SoDanVan.exe report --year 2024 (a failing subcommand: exit code 2, message on stderr)"
$err = Join-Path $env:TEMP "sodanvan-report-err.txt"
$p = Start-Process -FilePath $exe -ArgumentList "report", "--year", "2024" -WorkingDirectory $env:TEMP -Wait -PassThru -NoNewWindow -RedirectStandardError $err
$msg = Get-Content $err -Encoding UTF8 -ErrorAction SilentlyContinue
if ($p.ExitCode -ne 2 -or -not ($msg -match "--format")) { throw "exit code $($p.ExitCode) (expected 2) or no message: $msg" }

# --- zip ----------------------------------------------------------------------------
$version = (& $py -c "import core; print(core.__version__)").Trim()
$zip = "dist\windows\SoDanVan-$version-windows-x64.zip"
Remove-Item $zip -ErrorAction SilentlyContinue
Compress-Archive -Path $bundle -DestinationPath $zip -CompressionLevel Optimal
$folderMB = [math]::Round(((Get-ChildItem $bundle -Recurse -File | Measure-Object Length -Sum).Sum) / 1MB, 1)
$zipMB = [math]::Round((Get-Item $zip).Length / 1MB, 1)
Write-Host ">> bundle folder $folderMB MiB; zip $zipMB MiB -> $zip"

# --- installer (NSIS 3, per user, no admin) ----------------------------------------
if (-not $NoInstaller) {
    $makensis = @((Get-Command makensis -ErrorAction SilentlyContinue).Source,
                  "${env:ProgramFiles(x86)}\NSIS\makensis.exe", "$env:ProgramFiles\NSIS\makensis.exe") |
                Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
    if ($makensis) {
        $nums = @([regex]::Matches($version, "\d+") | ForEach-Object { $_.Value } | Select-Object -First 4)
        while ($nums.Count -lt 4) { $nums += "0" }
        $setup = "dist\windows\SoDanVan-$version-setup.exe"
        Write-Host ">> makensis build_scripts\installer.nsi"
        & $makensis /V2 /INPUTCHARSET UTF8 "/DVERSION=$version" "/DVERSION4=$($nums -join '.')" `
            "/DSRCDIR=$(Resolve-Path $bundle)" "/DICON=$(Resolve-Path resources\icons\sodanvan.ico)" `
            "/DOUTFILE=$((Get-Location).Path)\$setup" build_scripts\installer.nsi
        if ($LASTEXITCODE -ne 0) { throw "makensis failed" }
        Get-Item $setup | ForEach-Object { Write-Host (">> installer {0:N1} MiB -> {1}" -f ($_.Length / 1MB), $_.FullName) }
    } else {
        Write-Host ">> NSIS 3 not found (https://nsis.sourceforge.io, or: winget install NSIS.NSIS): zip only"
    }
}
Write-Host (">> build_windows.ps1 done in {0:N0} s" -f $sw.Elapsed.TotalSeconds)
