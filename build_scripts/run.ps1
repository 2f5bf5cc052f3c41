# One command: install what is needed, then start Sổ Dân vận.
$ErrorActionPreference = "Stop"
& (Join-Path $PSScriptRoot "setup_env.ps1")
Set-Location (Join-Path $PSScriptRoot "..")
.venv\Scripts\python.exe main.py @args
