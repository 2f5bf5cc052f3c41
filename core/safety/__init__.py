"""Safety: backups and integrity checks, the audit log, the password and
the encryption of secret fields and files, restore, merge, the folder lock
and logs.  Installs itself on a store through the store's hooks."""
