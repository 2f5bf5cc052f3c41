"""Command-line subcommands.  Every module in this package (and in
``ui/commands``) that defines ``register(subparsers)`` adds its subcommands;
``cli`` discovers them, so a feature adds a file, not an edit of main.py.
A subcommand's handler is ``func(args) -> int`` set with ``set_defaults``."""
