"""Extension points of the main window, so feature areas plug in without
editing the shell:

- ``register_menu_action(menu, text, callback, shortcut=None)``: adds
  ``QAction(text)`` to the top-level menu titled ``menu`` (created if needed,
  e.g. "Tệp", "Dữ liệu", "Trợ giúp"); ``callback(main_window)``.
- ``register_page(key, title, factory, after=None)``: an extra navigation page;
  ``factory(main_window) -> QWidget``.
- ``register_startup_hook(hook)``: ``hook(app, data_dir) -> bool`` runs before
  the store is opened (password prompt, integrity check); False aborts start.
- ``register_store_hook(hook)``: ``hook(store)`` runs right after the store is
  opened (audit log, encryption filters).
- ``register_shutdown_hook(hook)``: ``hook(store)`` on exit (backup on exit).

Modules that register must be listed in ``PLUGIN_MODULES`` (imported by the
app at start-up, and by the screenshots command).
"""
from __future__ import annotations

MENU_ACTIONS: list[tuple[str, str, object, str | None]] = []
PAGES: list[tuple[str, str, object, str | None]] = []
STARTUP_HOOKS: list = []
STORE_HOOKS: list = []
SHUTDOWN_HOOKS: list = []

# Feature modules that register actions/pages/hooks (one line each).
PLUGIN_MODULES: list[str] = [
    "ui.report_page",  # Báo cáo page
    "ui.safety",  # Dữ liệu menu: backup/restore, Excel import, merge, password; audit log page; error handler
]


def register_menu_action(menu: str, text: str, callback, shortcut: str | None = None):
    if not any(m == menu and t == text for m, t, _, _ in MENU_ACTIONS):
        MENU_ACTIONS.append((menu, text, callback, shortcut))


def register_page(key: str, title: str, factory, after: str | None = None):
    if not any(k == key for k, _, _, _ in PAGES):
        PAGES.append((key, title, factory, after))


def register_startup_hook(hook):
    if hook not in STARTUP_HOOKS:
        STARTUP_HOOKS.append(hook)


def register_store_hook(hook):
    if hook not in STORE_HOOKS:
        STORE_HOOKS.append(hook)


def register_shutdown_hook(hook):
    if hook not in SHUTDOWN_HOOKS:
        SHUTDOWN_HOOKS.append(hook)


def load_plugins():
    import importlib

    for name in PLUGIN_MODULES:
        importlib.import_module(name)
