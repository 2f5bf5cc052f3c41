"""Sổ Dân vận core: records, rules, statistics, reports, import/export.

Plain Python, never imports Qt (tests/test_core_no_qt.py enforces it)."""

__version__ = "0.1.0"
APP_NAME = "Sổ Dân vận"
APP_ID = "SoDanVan"
