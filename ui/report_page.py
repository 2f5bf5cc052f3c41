"""Registers the Báo cáo page (``bao_cao``) with the main window.

The page itself lives in ``ui.report.page``; it is imported when the page is
first built (the clerk opens it), not at start-up: it pulls in the report
engine, python-docx's writer and QtPdf, which the first window does not need.
"""
from __future__ import annotations

from .actions import register_page


def _factory(main_window):
    from .report.page import ReportPage

    return ReportPage(main_window.store)


register_page("bao_cao", "Báo cáo", _factory)
