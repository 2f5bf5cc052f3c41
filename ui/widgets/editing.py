"""Opening a record editor: the record editors of ``ui/editors`` when they
are installed (``open_editor(parent, store, kind, record_id=None,
prefill=None) -> saved id | None``), else the plain field form."""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def editors_api():
    try:
        from ui import editors  # noqa: F401
        from ui.editors import open_editor
    except ImportError:
        return None
    return open_editor


def open_record(parent, store, kind_key: str, record_id: int | None = None, prefill: dict | None = None):
    api = editors_api()
    if api is not None:
        return api(parent, store, kind_key, record_id=record_id, prefill=prefill)
    from .form import edit_record
    return edit_record(parent, store, kind_key, record_id, prefill=prefill)
