# Installs what Sổ Dân vận needs on Windows into .\.venv (idempotent).
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
if (-not (Get-Command py -ErrorAction SilentlyContinue) -and -not (Get-Command python -ErrorAction SilentlyContinue)) {
    Write-Host ">> Installing Python 3.11 (winget)"
    winget install --id Python.Python.3.11 -e --silent --accept-package-agreements --accept-source-agreements
    $env:Path = [System.Environment]::GetEnvironmentVariable("Path", "User") + ";" + [System.Environment]::GetEnvironmentVariable("Path", "Machine")
}
if (-not (Test-Path .venv\Scripts\python.exe)) {
    if (Get-Command py -ErrorAction SilentlyContinue) { py -3.11 -m venv .venv } else { python -m venv .venv }
}
# build_scripts\constraints.txt pins every package, the transitive ones too, to
# the versions the tests passed with: an install a year from now gets the same.
$constraints = "build_scripts\constraints.txt"
.venv\Scripts\python.exe -m pip install -q -c $constraints --upgrade pip
if ($LASTEXITCODE -ne 0) { throw "pip install pip failed" }
.venv\Scripts\python.exe -m pip install -q -c $constraints -e ".[test]"
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }
# packages of earlier pins nothing needs any more (cryptography -> pycryptodome; filelock -> the lock in core.safety.instance, 12/2026)
& { $ErrorActionPreference = "Continue"; .venv\Scripts\python.exe -m pip uninstall -q -y cryptography cffi pycparser filelock 2>&1 | Out-Null }
