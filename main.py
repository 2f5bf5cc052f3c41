"""Sổ Dân vận — entry point.  ``python main.py`` opens the app; subcommands
(``python main.py -h``) work without a screen."""
import sys

if __name__ == "__main__":
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass
    from cli import main

    sys.exit(main())
