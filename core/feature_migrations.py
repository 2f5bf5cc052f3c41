"""Imports the modules that register their own migration sets (see
core/schema.py).  One import line per feature area; imported by core.db."""
from . import audit  # noqa: F401  (set "sodanvan.safety": audit log, merge mapping)
from . import reports  # noqa: F401  (set "sodanvan.reports": saved reports, user outlines)
from . import stats_indexes  # noqa: F401  (set "sodanvan.stats": indexes of the report statistics)
