# One command: install what is needed, then run the whole test suite.
$ErrorActionPreference = "Stop"
& (Join-Path $PSScriptRoot "setup_env.ps1")
Set-Location (Join-Path $PSScriptRoot "..")
$env:QT_QPA_PLATFORM = "offscreen"
.venv\Scripts\python.exe -m pytest @args
exit $LASTEXITCODE
