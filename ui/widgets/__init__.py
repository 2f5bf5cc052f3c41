"""Reusable widgets of the main window (filter bar, period selector, charts,
Vietnamese message boxes)."""
