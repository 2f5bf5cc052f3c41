"""Data folder and bundle paths: portable mode beside the exe, resources found
through the bundle (sys._MEIPASS), never through sys.executable's folder."""
import sys
from pathlib import Path

import pytest

from core import paths


@pytest.fixture
def frozen(tmp_path, monkeypatch):
    """Pretends to be a PyInstaller onedir build in tmp_path/SoDanVan."""
    app = tmp_path / "SoDanVan"
    internal = app / "_internal"
    (internal / "resources" / "fonts").mkdir(parents=True)
    exe = app / "SoDanVan.exe"
    exe.write_bytes(b"MZ")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.delenv("SODANVAN_DATA_DIR", raising=False)
    return app


def test_source_tree_paths():
    root = Path(__file__).resolve().parent.parent
    assert paths.program_dir() == root
    assert paths.bundle_dir() == root
    assert paths.resource_path("icons", "sodanvan.png").is_file()
    assert paths.resource_path("fonts").is_dir()


def test_frozen_resources_come_from_the_bundle(frozen):
    internal = frozen / "_internal"
    assert paths.program_dir() == frozen
    assert paths.bundle_dir() == internal
    assert paths.resource_path("fonts") == internal / "resources" / "fonts"
    # not the exe's folder
    assert not str(paths.resource_path("fonts")).startswith(str(frozen / "resources"))


def test_frozen_default_is_the_per_user_folder(frozen):
    assert not paths.is_portable()
    d = paths.default_data_dir()
    assert frozen not in d.parents
    assert d.name == "SoDanVan"


def test_portable_marker_keeps_data_beside_the_exe(frozen):
    (frozen / "portable.txt").write_text("", encoding="utf-8")
    assert paths.is_portable()
    assert paths.default_data_dir() == frozen / "SoDanVanData"


def test_env_var_wins_over_portable(frozen, tmp_path, monkeypatch):
    (frozen / "portable.txt").write_text("", encoding="utf-8")
    monkeypatch.setenv("SODANVAN_DATA_DIR", str(tmp_path / "khac"))
    assert paths.default_data_dir() == tmp_path / "khac"


def test_portable_demo_writes_only_beside_the_exe(frozen, tmp_path, monkeypatch):
    """The CLI with no --data-dir, in portable mode, creates its database in
    SoDanVanData beside the exe (``setup``; ``demo`` in its own demo folder
    SoDanVanData_DuLieuMau beside it) and nothing in the per-user folder."""
    (frozen / "portable.txt").write_text("", encoding="utf-8")
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    from cli import main

    assert main(["demo", "--records", "30", "--years", "2024-2025"]) == 0
    assert list((frozen / "SoDanVanData_DuLieuMau").glob("*.db"))
    assert main(["setup", "--ten", "Nghĩa Phương"]) == 0
    assert list((frozen / "SoDanVanData").glob("*.db"))
    assert not (home / ".local" / "share" / "SoDanVan").exists()
