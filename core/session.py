"""Opening a working book: the one way every entry point (the window, the
command line, the self-test, the screenshots, the tests) gets a store.

A *session* is the records store (``core.records.store``) with the safety
rules installed through its hooks, in this order:

1. the backup before any migration of an existing book
   (``core.safety.backup.before_migrate_backup`` as a ``before_migrate`` hook),
   then the pending migrations;
2. the audit log (``core.safety.audit.install``: every create/update/delete
   logged in the same transaction);
3. the secrecy of a tố cáo (``core.safety.secrets.install``): its identity
   encrypted with the password when one is set, its files stored encrypted
   or without their name, password or not; a change of the password (or a
   restore, an upgrade of the secrets) killed in an earlier session is
   finished or rolled back first — what the clerk must be told is in
   ``core.safety.secrets.pending_notes(store)``.

The store alone (``core.records.store.open_store``) has none of these; it
is for the records layer's own tests and for reading connections that
never write (a background statistics worker).
"""
from __future__ import annotations

import os

from core.records.store import Store, open_store
from core.safety import audit, backup, secrets


def open_session(data_dir: str | os.PathLike, *, password: str | None = None, key: bytes | None = None,
                 migrate: bool = True, read_only: bool = False) -> Store:
    """The book in ``data_dir`` (created when empty), migrated after a backup,
    with the audit log and the secrecy rules installed.

    ``password`` (or ``key``, from the window's start-up prompt) unlocks the
    identities of denouncers; a wrong password raises
    ``core.safety.secrets.SecurityError`` and leaves nothing open.  Without
    either, a protected book opens locked: lists show "(bảo mật)" and writing
    an identity asks for the password.

    ``read_only`` (reading commands on a folder that cannot be written:
    rescue to a USB stick): the book opened ``mode=ro``, no migration
    (``core.records.store.PendingMigrationError`` when one is due)."""
    store = open_store(data_dir, migrate=False, read_only=read_only)
    try:
        store.before_migrate.append(backup.before_migrate_backup)
        if migrate and not read_only:
            store.migrate()
        audit.install(store)
        if password and not secrets.is_set(store):
            password = None  # no password set: nothing to unlock
        secrets.install(store, key=key, password=password)
    except BaseException:
        store.close()
        raise
    return store


def open_reader(data_dir: str | os.PathLike) -> Store:
    """A second connection to an open book for reading only (statistics in a
    background thread): no migration, no hooks.  Never write through it."""
    return open_store(data_dir, migrate=False)
