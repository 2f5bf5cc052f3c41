"""The set-up scripts: ``run.sh`` passes its arguments on to ``main.py``
(``bash build_scripts/run.sh report …``), both set-ups install with the
constraints file, and that file pins every package of this environment at
the version installed (the transitive ones too)."""
from __future__ import annotations

import re
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / "build_scripts" / "constraints.txt"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> dict[str, str]:
    out = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"not pinned: {line}"
            out[_norm(name)] = version
    return out


def test_run_sh_passes_its_arguments_to_main_py(tmp_path):
    """run.sh in a copy of the tree whose set-up and Python are stand-ins
    that record what they are given."""
    (tmp_path / "build_scripts").mkdir()
    shutil.copy(ROOT / "build_scripts" / "run.sh", tmp_path / "build_scripts" / "run.sh")
    (tmp_path / "build_scripts" / "setup_env.sh").write_text("echo setup-ran\n", encoding="utf-8")
    py = tmp_path / ".venv" / "bin" / "python"
    py.parent.mkdir(parents=True)
    py.write_text('#!/bin/sh\nfor a in "$@"; do echo "[$a]"; done\n', encoding="utf-8")
    py.chmod(0o755)
    r = subprocess.run(["bash", str(tmp_path / "build_scripts" / "run.sh"), "report", "--year", "2025", "--unit",
                        "Hòa Bình"], capture_output=True, text=True, encoding="utf-8", cwd="/")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["setup-ran", "[main.py]", "[report]", "[--year]", "[2025]", "[--unit]",
                                     "[Hòa Bình]"]


def test_run_ps1_passes_its_arguments_to_main_py():
    text = (ROOT / "build_scripts" / "run.ps1").read_text(encoding="utf-8")
    assert re.search(r"^\.venv\\Scripts\\python\.exe main\.py @args$", text, re.M)


@pytest.mark.parametrize("script,flag", [("setup_env.sh", '-c "$C"'), ("setup_env.ps1", "-c $constraints")])
def test_every_pip_install_of_the_set_up_uses_the_constraints(script, flag):
    text = (ROOT / "build_scripts" / script).read_text(encoding="utf-8")
    installs = [line for line in text.splitlines() if "-m pip install" in line and not line.lstrip().startswith("#")]
    assert installs and all(flag in line for line in installs), installs
    assert "build_scripts" in text and "constraints.txt" in text


def test_constraints_pin_the_direct_dependencies_at_pyproject_versions():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = _pins()
    for req in project["dependencies"] + project["optional-dependencies"]["test"]:
        name, _, version = req.partition("==")
        assert pins.get(_norm(name)) == version, (req, pins.get(_norm(name)))
    assert "sodanvan" not in pins  # the project itself is installed from the checkout


def test_constraints_cover_every_installed_package():
    """The environment the tests run in (the set-up's .venv) holds nothing
    unpinned: a dependency added to pyproject.toml without regenerating the
    constraints shows here."""
    pins = _pins()
    missing = []
    for dist in metadata.distributions():
        name = _norm(dist.metadata["Name"])
        if name in ("sodanvan", "setuptools"):
            continue
        if pins.get(name) != dist.version:
            missing.append(f"{name}=={dist.version} (constraints: {pins.get(name)})")
    assert not missing, missing
