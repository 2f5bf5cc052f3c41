"""Pages of the main window's navigation."""
