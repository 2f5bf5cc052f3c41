import pytest
from PySide6.QtCore import QSettings


@pytest.fixture
def ini(tmp_path, monkeypatch):
    """The window's remembered settings in a file of the test's own (never
    the clerk's registry / ~/.config)."""
    from ui import main_window as mw_mod

    path = str(tmp_path / "settings.ini")
    monkeypatch.setattr(mw_mod, "settings", lambda: QSettings(path, QSettings.Format.IniFormat))
    return path
