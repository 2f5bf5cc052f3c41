"""Imports the modules that register their own migration sets (see
core/schema.py).  One import line per feature area; imported by core.db."""
