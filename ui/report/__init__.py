"""The Báo cáo page's parts (list, new-report dialog, section editor,
preview, printing, background tasks).  ``ui.report_page`` assembles them."""
