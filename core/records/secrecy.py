"""The secrecy vocabulary, in one place (SPEC §3.1, Luật Tố cáo 2018 Điều 9, 47).

The identity of a denouncer is secret, whether the tố cáo came in writing
(a đơn thư of loại tố cáo) or in person (a lượt tiếp công dân whose phân
loại is tố cáo): lists, exports, the audit log and the report show
``SECRET_MASK`` instead of the name, the identity fields (the
``Field.secret`` fields of the kind, ``secret_fields(kind)``) never enter
the search index, and the name sort gives every such row
``SECRET_SORT_KEY``.  ``is_secret(kind_key, row)`` tells such a row;
``SECRET_KINDS`` are the kinds that can hold one.  How the identity is
stored (encrypted when a password is set) is ``core.safety.secrets``'s
business.
"""
from __future__ import annotations

from core.records.fields import KINDS

# What a list, an export or the audit log shows for a denouncer.
SECRET_MASK = "(bảo mật)"

# The stored ``sort_key`` of every tố cáo row: one key that sorts after every
# name, so sorting by name reveals nothing and the index still gives the order.
SECRET_SORT_KEY = "\U0010ffff"

# The kinds whose rows of loại tố cáo keep their sender's identity secret
# (the column ``loai`` holds the classification in both), and that loại.
SECRET_KINDS: tuple[str, ...] = ("don_thu", "tiep_cong_dan")
SECRET_LOAI = "to_cao"
# The kind of the written tố cáo (kept for the places that name it alone).
SECRET_KIND = "don_thu"

# The identity fields per kind (ho_ten, dia_chi, thon_id, cccd, dien_thoai).
SECRET_FIELDS_BY_KIND: dict[str, tuple[str, ...]] = {
    k: tuple(f.name for f in KINDS[k].fields if f.secret) for k in SECRET_KINDS}
# The identity fields of a đơn thư (the same names as a visit's).
SECRET_FIELDS: tuple[str, ...] = SECRET_FIELDS_BY_KIND[SECRET_KIND]


def secret_fields(kind_key: str) -> tuple[str, ...]:
    """The identity fields of ``kind_key`` (empty for a kind without secrets)."""
    return SECRET_FIELDS_BY_KIND.get(kind_key, ())


def has_secrets(kind_key: str) -> bool:
    return kind_key in SECRET_FIELDS_BY_KIND


def is_secret(kind_key: str, row: dict | None) -> bool:
    """A đơn thư of loại tố cáo, or a visit classified tố cáo: its sender's
    identity is secret."""
    return kind_key in SECRET_FIELDS_BY_KIND and bool(row) and row.get("loai") == SECRET_LOAI
