"""Sổ Dân vận — entry point.  ``python main.py`` opens the app; subcommands
(``python main.py -h``) work without a screen.

The Windows build is ONE windowed executable (``SoDanVan.exe``, no console
window of its own).  Given a subcommand in ``cmd`` (``SoDanVan.exe self-test``),
it writes to the console of the program that started it: see
``attach_parent_console``."""
import sys

ATTACH_PARENT_PROCESS = -1


def wants_console(argv: list[str]) -> bool:
    """True unless ``argv`` only opens the window (no subcommand, no help, no
    version): the same decision as ``cli.main``."""
    if not argv:
        return False
    if any(a in ("-h", "--help", "--version") for a in argv):
        return True
    from cli import _plain_gui_start

    try:
        return _plain_gui_start(argv) is None
    except SystemExit:  # an argument error: cli.main prints it
        return True


def _redirected(stream) -> bool:
    """A stream the parent redirected (a pipe, a file): keep it."""
    try:
        return stream is not None and stream.fileno() >= 0 and not stream.isatty()
    except (OSError, ValueError, AttributeError):
        return False


def attach_parent_console(argv: list[str], kernel32=None, opener=open) -> bool:
    """Windows, a subcommand given: ``AttachConsole(ATTACH_PARENT_PROCESS)`` and
    stdin/stdout/stderr re-opened on that console (``CONIN$``/``CONOUT$``,
    UTF-8: Python writes to a console with ``WriteConsoleW``), so a windowed
    exe started from ``cmd`` prints there; its exit code is the command's as
    always (``cmd /c``, a batch file and ``start /wait`` wait for it; at an
    interactive prompt ``cmd`` does not wait for a windowed program, so the
    output follows the prompt).  Streams already redirected by the parent are
    kept; without a parent console (started from Explorer) nothing changes.
    Returns whether a console was attached."""
    if kernel32 is None and sys.platform != "win32":
        return False
    if not wants_console(argv):
        return False
    names = [n for n in ("stdin", "stdout", "stderr") if not _redirected(getattr(sys, n))]
    if not names:
        return False
    if kernel32 is None:
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    if not kernel32.AttachConsole(ATTACH_PARENT_PROCESS):
        return False
    for name in names:
        try:
            if name == "stdin":
                stream = opener("CONIN$", "r", encoding="utf-8", errors="replace")
            else:
                stream = opener("CONOUT$", "w", encoding="utf-8", errors="replace", buffering=1)
        except OSError:
            continue
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)
    return True


if __name__ == "__main__":
    argv = sys.argv[1:]
    attach_parent_console(argv)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass
    from cli import main

    sys.exit(main(argv))
