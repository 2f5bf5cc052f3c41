"""The secrecy vocabulary, in one place (SPEC §3.1, Luật Tố cáo 2018 Điều 9, 47).

The identity of the sender of a đơn thư of loại tố cáo is secret: lists,
exports, the audit log and the report show ``SECRET_MASK`` instead of the
name, the identity fields (``SECRET_FIELDS``, the ``Field.secret`` fields of
a đơn thư) never enter the search index, and the name sort gives every such
row ``SECRET_SORT_KEY``.  ``is_secret(kind_key, row)`` tells such a row.
How the identity is stored (encrypted when a password is set) is
``core.safety.secrets``'s business.
"""
from __future__ import annotations

from core.records.fields import KINDS

# What a list, an export or the audit log shows for a denouncer.
SECRET_MASK = "(bảo mật)"

# The identity fields of a đơn thư (ho_ten, dia_chi, thon_id, cccd, dien_thoai).
SECRET_FIELDS: tuple[str, ...] = tuple(f.name for f in KINDS["don_thu"].fields if f.secret)

# The stored ``sort_key`` of every tố cáo row: one key that sorts after every
# name, so sorting by name reveals nothing and the index still gives the order.
SECRET_SORT_KEY = "\U0010ffff"

# The record kind and the ``loai`` whose sender is secret.
SECRET_KIND = "don_thu"
SECRET_LOAI = "to_cao"


def is_secret(kind_key: str, row: dict | None) -> bool:
    """A đơn thư of loại tố cáo: its sender's identity is secret."""
    return kind_key == SECRET_KIND and bool(row) and row.get("loai") == SECRET_LOAI
