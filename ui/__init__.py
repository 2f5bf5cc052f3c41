"""Sổ Dân vận PySide6 user interface: a thin layer over ``core``."""
