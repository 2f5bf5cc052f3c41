"""The Báo cáo page's parts (list, new-report dialog, section editor,
preview, printing, background tasks).  ``ui.report.page`` assembles them;
``ui.report_page`` registers the page with the main window."""
