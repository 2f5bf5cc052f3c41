"""The records: the store (one SQLite book), its schema and migrations, the
field registry, enumerations, validation, deadlines, lists, completion and
the secrecy vocabulary.  The lowest layer: imports nothing else of core but
``core.text``, ``core.paths`` and ``core.errors``."""
