"""Import and export: Excel out and in, the demo data generator.  May use
``core.safety`` (an export with identities behind the password, the audit
log of an import)."""
