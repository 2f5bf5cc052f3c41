# PyInstaller runtime hook: in the frozen app, SODANVAN_STARTUP_PROBE=... turns
# on ui/startup_probe.py (it registers a ui.actions store hook that reports
# when the main window is first painted).  Unset: nothing is imported.
import os

if os.environ.get("SODANVAN_STARTUP_PROBE"):
    import ui.startup_probe  # noqa: F401
