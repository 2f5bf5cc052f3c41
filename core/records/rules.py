"""What a record editor shows and offers, as pure functions of the values
typed so far (SPEC §3, §3.1, §4): which fields apply, which choices a list
offers, the status line with its deadline, a new record's defaults, and what
a picked link fills in.

No Qt and no store here: the editor (``ui.editors``) reads its widgets into
a dict, asks these functions, and paints the answer.  Saving states the same
rules again as errors (``core.records.validation``).

Values are what the widgets hold: codes for lists, ``0``/``1``/``None`` for
yes/no/undecided, text as typed for numbers (``"1.200"``).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.records.deadlines import (
    OUTCOME_STATUSES,
    Deadlines,
    MediationState,
    PetitionState,
    is_land_mediation,
    reception_reply_due,
)
from core.records.enums import KET_QUA_KN_PA, KET_QUA_KN_TC, KN_TC
from core.records.fields import kind as get_kind
from core.text import fmt_date, fmt_int


@dataclass(frozen=True)
class FieldState:
    """How one field is shown, given the other values.

    ``active``: the field applies — enabled, and saved with its value (a
    field that does not apply is saved empty, or with its default).
    ``options``: the codes its list may offer (``None``: all of them; the
    code already chosen always stays).
    ``label``: a label that depends on the values (``None``: the field's own).
    """

    active: bool = True
    options: tuple[str, ...] | None = None
    label: str | None = None


def to_int(v) -> int | None:
    """A number as typed (``"1.200"``, ``" 5 "``, ``5``); ``None`` when it is not one."""
    try:
        return int(str(v).replace(".", "").strip())
    except (ValueError, TypeError):
        return None


# ------------------------------------------------------------- petitions
# Nguồn đơn that name the sender organisation or channel in "nguồn chi tiết".
NGUON_WITH_DETAIL = ("co_quan_chuyen", "duong_day_nong", "khac")
# Hướng xử lý that send the letter to a receiving body, or come with a document.
HUONG_WITH_RECEIVER = ("chuyen", "don_doc")
HUONG_WITH_DOCUMENT = ("chuyen", "huong_dan", "don_doc")
# A letter not fit for handling (không đủ điều kiện) is only filed or answered with guidance.
HUONG_NOT_ELIGIBLE = ("luu", "huong_dan")
# Fields of the resolution (thụ lý giải quyết) part of a petition.
RESOLUTION_FIELDS = ("ngay_thu_ly", "han_giai_quyet", "ly_do_dieu_chinh_han", "ngay_giai_quyet",
                     "ket_qua", "so_van_ban_ket_qua")
# What a reception visit and the petition received from it have in common.
VISIT_SHARED_FIELDS = ("ho_ten", "dia_chi", "thon_id", "cccd", "dien_thoai", "loai", "linh_vuc", "noi_dung",
                       "vu_viec_id")
# A visit of this many people or more is a group visit (đông người): it names representatives.
GROUP_VISIT = 5
# Who receives citizens in person and is found in the leaders list.
LEADER_ROLES = ("chu_tich", "pho_chu_tich")
# Hướng xử lý of a visit after which a petition is received ("Tiếp nhận đơn").
RECEIVE_PETITION = "tiep_nhan_don"


def petition_outcomes(loai) -> tuple[str, ...] | None:
    """Kết quả giải quyết a petition of this loại may have: khiếu nại, tố
    cáo → đúng / đúng một phần / sai / rút đơn / đình chỉ; kiến nghị, phản
    ánh → đã trả lời / không có cơ sở / rút đơn; loại not chosen yet → all."""
    if loai in KN_TC:
        return KET_QUA_KN_TC
    if loai:
        return KET_QUA_KN_PA + ("rut_don",)
    return None


def handling_options(du_dieu_kien) -> tuple[str, ...] | None:
    """Hướng xử lý offered: only lưu / hướng dẫn for a letter not fit for handling."""
    return HUONG_NOT_ELIGIBLE if du_dieu_kien == 0 else None


def sender_group_title(loai) -> str:
    """The title of the sender's group: a denouncer's identity is secret."""
    return "Người tố cáo (thông tin được giữ bí mật)" if loai == "to_cao" else "Người gửi"


def _petition_states(v: Mapping) -> dict[str, FieldState]:
    nguon = v.get("nguon")
    du = v.get("du_dieu_kien")
    huong = v.get("huong_xu_ly")
    loai = v.get("loai")
    thu_ly = huong == "thu_ly"
    states = {
        "nguon_chi_tiet": FieldState(nguon in NGUON_WITH_DETAIL),
        "tiep_cong_dan_id": FieldState(nguon == "tiep_cong_dan"),
        "don_truoc_id": FieldState((to_int(v.get("lan")) or 1) >= 2),
        "ly_do_khong_du": FieldState(du == 0),
        "don_goc_id": FieldState(du == 0 and v.get("ly_do_khong_du") == "trung_lap"),
        "huong_xu_ly": FieldState(True, handling_options(du)),
        "co_quan_nhan": FieldState(huong in HUONG_WITH_RECEIVER),
        "so_van_ban_chuyen": FieldState(huong in HUONG_WITH_DOCUMENT),
    }
    for name in RESOLUTION_FIELDS:
        states[name] = FieldState(thu_ly)
    states["ket_qua"] = FieldState(thu_ly, petition_outcomes(loai))
    states["gia_han"] = FieldState(thu_ly and loai == "to_cao")  # only a tố cáo's time may be extended
    return states


def _reception_states(v: Mapping) -> dict[str, FieldState]:
    return {"so_dai_dien": FieldState((to_int(v.get("so_nguoi")) or 1) >= GROUP_VISIT)}


# The session of a land-dispute mediation at UBND xã (its biên bản): shown only for that kind.
LAND_MEDIATION_FIELDS = ("ngay_hoa_giai", "dia_diem_hoa_giai", "y_kien_cac_ben", "ket_luan")
# What "ket_luan" records, by outcome: the agreement, or the points the parties did not agree on.
KET_LUAN_LABELS = {"thanh": "Nội dung các bên thỏa thuận", "khong_thanh": "Nội dung các bên không thống nhất"}


def _mediation_states(v: Mapping) -> dict[str, FieldState]:
    kq = v.get("ket_qua")
    land = is_land_mediation(v)
    states = {
        "huong_dan": FieldState(kq == "khong_thanh"),  # guidance only after a failed mediation
        "ngay_ket_thuc": FieldState(kq not in (None, "dang")),
        # a land dispute is mediated by the commune's council, not by a grassroots tổ hòa giải
        "to_hoa_giai_id": FieldState(not land),
    }
    for name in LAND_MEDIATION_FIELDS:
        states[name] = FieldState(land)
    states["ket_luan"] = FieldState(land, label=KET_LUAN_LABELS.get(kq))
    return states


def indicator_units(items: Iterable[Mapping]) -> dict[str, str]:
    """Đơn vị tính of each chỉ tiêu, from its catalogue items (``store.enum_items("chi_tieu")``)."""
    return {it["code"]: (it.get("extra") or {}).get("don_vi_tinh") or "" for it in items}


def value_label(unit: str | None) -> str:
    """The label of a chỉ tiêu's value, with its unit when it has one."""
    return f"Giá trị ({unit})" if unit else "Giá trị"


def _indicator_states(v: Mapping, units: Mapping[str, str]) -> dict[str, FieldState]:
    return {"gia_tri": FieldState(True, label=value_label(units.get(v.get("ma"))))}


def field_states(kind_key: str, values: Mapping, *,
                 indicator_units: Mapping[str, str] | None = None) -> dict[str, FieldState]:
    """The state of every field of ``kind_key`` that depends on other values.

    Fields not in the answer always apply, with all their choices and their
    own label.  ``indicator_units``: chỉ tiêu code → đơn vị tính (for the
    value's label of a ``chi_tieu``).
    """
    if kind_key == "don_thu":
        return _petition_states(values)
    if kind_key == "tiep_cong_dan":
        return _reception_states(values)
    if kind_key == "hoa_giai":
        return _mediation_states(values)
    if kind_key == "chi_tieu":
        return _indicator_states(values, indicator_units or {})
    return {}


def stored_preview(kind_key: str, values: Mapping) -> dict:
    """The values as the store will record them, for the live status: a
    petition found not fit for handling with no hướng xử lý is filed (lưu)."""
    out = dict(values)
    if kind_key == "don_thu" and out.get("du_dieu_kien") == 0 and not out.get("huong_xu_ly"):
        out["huong_xu_ly"] = "luu"
    return out


# ------------------------------------------------------------ status line
def petition_status(state: PetitionState | None, saved: bool = True) -> tuple[str, str | None]:
    """(text, colour) of a petition's status line: its derived state and
    the deadline that applies, with the days left or late.  A petition not
    saved yet (``saved`` False) shows no outcome (xếp lưu, đã chuyển …):
    nothing has happened to it yet."""
    if state is None or (not saved and state.status in OUTCOME_STATUSES):
        return "", None
    text = "Trạng thái: " + state.label
    if state.due is not None:
        text += f" · hạn {fmt_date(state.due)}"
        if state.days_left is not None:
            if state.days_left < 0:
                text += f" · trễ {fmt_int(-state.days_left)} ngày"
            elif state.days_left == 0:
                text += " · hết hạn hôm nay"
            else:
                text += f" · còn {fmt_int(state.days_left)} ngày"
    return text, state.colour


def mediation_status(state: MediationState | None) -> tuple[str, str | None]:
    """(text, colour) of a land-dispute mediation's status line, as a
    petition's: "Trạng thái: Đang hòa giải · hạn 31/03/2026 · còn 5 ngày";
    empty for grassroots mediation (no legal time limit)."""
    if state is None:
        return "", None
    return petition_status(state)


def reception_reply_pending(row: Mapping) -> bool:
    """A visit waits for its reply: received, not answered yet."""
    return bool(row.get("ngay_tiep")) and not row.get("ngay_ket_qua")


def reception_status(row: Mapping, deadlines: Deadlines, today: dt.date) -> tuple[str, str | None]:
    """(text, colour) of a visit's status line: when the reply is due
    (red once late, amber in the last 3 days); empty once answered."""
    if not reception_reply_pending(row):
        return "", None
    due = reception_reply_due(row["ngay_tiep"], deadlines)
    left = (due - today).days
    text = f"Hạn trả lời: {fmt_date(due)}"
    text += f" · trễ {-left} ngày" if left < 0 else f" · còn {left} ngày"
    return text, "red" if left < 0 else ("amber" if left <= 3 else "green")


# ------------------------------------------------------- a new record
def defaults(kind_key: str, today: dt.date) -> dict:
    """A new record's values: the fields' defaults, today as its date
    (a chỉ tiêu: from 1 January to today), a model registered this year."""
    k = get_kind(kind_key)
    vals: dict = {f.name: f.default for f in k.fields if f.default is not None}
    if k.date_field and kind_key != "chi_tieu":
        vals[k.date_field] = today.isoformat()
    if kind_key == "mo_hinh":
        vals["nam_dang_ky"] = today.year
        vals["nam"] = [{"nam": today.year, "trang_thai": "dang_ky_moi"}]
    if kind_key == "chi_tieu":
        vals["tu_ngay"] = dt.date(today.year, 1, 1).isoformat()
        vals["den_ngay"] = today.isoformat()
    return vals


def follows_registration_year(rows: list[Mapping], year) -> bool:
    """A new model's only row, "đăng ký mới", moves with the registration
    year (a plausible year, 1990–2100)."""
    year = to_int(year)
    return (len(rows) == 1 and rows[0].get("trang_thai") == "dang_ky_moi"
            and bool(year) and 1990 <= year <= 2100)


def editor_title(kind_key: str, is_new: bool, so_den=None, year: int | None = None) -> str:
    """"Thêm đơn thư" / "Sửa đơn thư số 15/2025" (the petition's incoming number)."""
    label = get_kind(kind_key).label
    text = f"Thêm {label}" if is_new else f"Sửa {label}"
    if not is_new and kind_key == "don_thu":
        text += f" số {so_den}/{year}"
    return text[0].upper() + text[1:]


# ------------------------------------------------- identity of a tố cáo
def identity_hidden(kind_key: str, is_stored: bool, loai) -> bool:
    """A stored tố cáo (a đơn thư, or a visit classified tố cáo) opens with
    its denouncer's identity hidden, until the clerk reveals it (logged;
    Luật Tố cáo 2018, Điều 9)."""
    from core.records.secrecy import is_secret

    return is_stored and is_secret(kind_key, {"loai": loai})


# ------------------------------------------------ what a link fills in
def opens_original_picker(values: Mapping) -> bool:
    """"Trùng lặp" chosen with no original linked: the picker opens at once."""
    return values.get("ly_do_khong_du") == "trung_lap" and values.get("don_goc_id") is None


def after_earlier_petition(values: Mapping, earlier: Mapping) -> dict:
    """Đơn lần trước picked: lần gửi becomes its lần + 1 (never lowered),
    and the case follows when none is linked yet.  The changes to make."""
    out: dict = {}
    lan = (earlier.get("lan") or 1) + 1
    if (to_int(values.get("lan")) or 1) < lan:
        out["lan"] = lan
    if earlier.get("vu_viec_id") and values.get("vu_viec_id") is None:
        out["vu_viec_id"] = earlier["vu_viec_id"]
    return out


def fill_from_visit(values: Mapping, visit: Mapping) -> dict:
    """Lượt tiếp picked on a petition: its empty fields take the visit's values."""
    from core.records.secrecy import SECRET_MASK

    # a tố cáo visit read back masked: "(bảo mật)" is no one's name
    return {n: visit[n] for n in VISIT_SHARED_FIELDS
            if values.get(n) in (None, "") and visit.get(n) not in (None, "", SECRET_MASK)}


def first_visit(earlier_contacts: int) -> int:
    """Lần đầu: 1 unless the case was already brought here (a visit or a letter)."""
    return 0 if earlier_contacts else 1


def receiver_from_leaders(role) -> bool:
    """Người tiếp is a leader whose name is in the leaders list."""
    return role in LEADER_ROLES


def keeps_receiver_name(current, filled) -> bool:
    """A receiver's name typed by the clerk (not the one filled in) is never overwritten."""
    return bool(current) and current != filled


def fills_address(thon_id, address) -> bool:
    """A thôn picked while no address is typed: the address starts with it."""
    return thon_id is not None and not address


# The words a thôn, tổ dân phố's name starts with (folded), longest first.
VILLAGE_WORDS = ("to dan pho", "khu dan cu", "khu pho", "thon", "buon", "ban", "ap", "to")


def _words(text) -> str:
    from core.text import fold

    return " ".join(w for w in re.split(r"[\s,.;:/()-]+", fold(text)) if w)


def village_in_address(villages: Iterable[tuple[object, str]], address) -> object | None:
    """The thôn, tổ dân phố an address names — "Thôn Lộc Hạ, xã Nghĩa
    Phương" or just "Lộc Hạ, …" → Thôn Lộc Hạ — among ``(id, name)``;
    the longest name wins ("Lộc Hạ" over "Lộc"); None when none, or two,
    fit equally.  A bare name must have a letter and three characters
    ("Thôn 1" only as "thôn 1")."""
    text = f" {_words(address)} "
    if not text.strip():
        return None
    best: tuple[int, list] = (0, [])
    for vid, name in villages:
        full = _words(name)
        forms = [full]
        bare = next((full[len(w) + 1:] for w in VILLAGE_WORDS if full.startswith(w + " ")), None)
        if bare and len(bare) >= 3 and any(ch.isalpha() for ch in bare):
            forms.append(bare)
        score = max((len(f) for f in forms if f and f" {f} " in text), default=0)
        if score > best[0]:
            best = (score, [vid])
        elif score and score == best[0]:
            best[1].append(vid)
    return best[1][0] if len(best[1]) == 1 else None


def visit_handling_on_receive(huong_xu_ly):
    """"Tiếp nhận đơn" on a visit with no hướng xử lý records it as received."""
    return RECEIVE_PETITION if huong_xu_ly is None else huong_xu_ly


def earlier_petition_wanted(visit: Mapping) -> bool:
    """A visit that is not the first about a known case: the petition
    received from it follows that case's latest petition."""
    return visit.get("lan_dau") == 0 and bool(visit.get("vu_viec_id"))


def petition_prefill(visit: Mapping, visit_id: int, earlier: Mapping | None = None) -> dict:
    """A new petition received at a visit ("Tiếp nhận đơn"): what it takes
    from the visit, and (``earlier``: ``{"id", "lan"}`` of the case's latest
    petition, when ``earlier_petition_wanted``) the letter it follows."""
    pre = {"nguon": "tiep_cong_dan", "tiep_cong_dan_id": visit_id, "ngay_nhan": visit["ngay_tiep"],
           "unit_id": visit["unit_id"]}
    from core.records.secrecy import SECRET_MASK

    for n in VISIT_SHARED_FIELDS:
        if visit.get(n) is not None and visit.get(n) != SECRET_MASK:
            pre[n] = visit[n]
    if (visit.get("so_nguoi") or 1) >= GROUP_VISIT:
        pre["dong_nguoi"] = 1
    if visit.get("lan_dau") == 0 and earlier:
        pre["don_truoc_id"] = earlier["id"]
        pre["lan"] = (earlier.get("lan") or 1) + 1
    return pre


__all__ = [
    "FieldState", "field_states", "to_int", "petition_outcomes", "handling_options", "sender_group_title",
    "indicator_units", "value_label", "stored_preview", "petition_status", "reception_reply_pending",
    "reception_status", "defaults", "follows_registration_year", "editor_title", "identity_hidden",
    "opens_original_picker", "after_earlier_petition", "fill_from_visit", "first_visit",
    "receiver_from_leaders", "keeps_receiver_name", "fills_address", "village_in_address", "visit_handling_on_receive",
    "earlier_petition_wanted", "petition_prefill",
    "NGUON_WITH_DETAIL", "HUONG_WITH_RECEIVER", "HUONG_WITH_DOCUMENT", "HUONG_NOT_ELIGIBLE", "RESOLUTION_FIELDS",
    "VISIT_SHARED_FIELDS", "GROUP_VISIT", "LEADER_ROLES", "RECEIVE_PETITION",
]
