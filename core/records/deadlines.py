"""Legal deadlines (SPEC §4), working days, and the derived petition status.

All limits live in ``DEADLINE_RULES``; a clerk may override the number of
days and whether they are working days in Settings (stored in the
``setting`` table as ``deadline.<code>`` = ``{"days": n, "working": bool}``).
Working days skip Saturdays, Sundays, Vietnamese public holidays from the
``holidays`` package (lunar Tết and Giỗ Tổ Hùng Vương included) and the days
off the clerk adds (``ngay_nghi``); a ``ngay_nghi`` row with ``lam_viec = 1``
marks a compensatory working Saturday.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    days: int
    working: bool
    counted_from: str
    basis: str


# One table, the only place these numbers are written.
DEADLINE_RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("xu_ly_don", "Xử lý đơn (phân loại, quyết định hướng xử lý)", 10, False, "ngày nhận đơn",
             "Thông tư 05/2021/TT-TTCP"),
        Rule("tra_loi_tiep_cong_dan", "Trả lời sau tiếp công dân", 10, True, "ngày tiếp",
             "Luật Tiếp công dân 2013, Điều 28"),
        Rule("thu_ly_khieu_nai", "Thụ lý khiếu nại", 10, False, "ngày nhận đơn",
             "Luật Khiếu nại 2011, Điều 27"),
        Rule("giai_quyet_khieu_nai", "Giải quyết khiếu nại lần đầu", 30, False, "ngày thụ lý",
             "Luật Khiếu nại 2011, Điều 28"),
        Rule("giai_quyet_khieu_nai_phuc_tap", "Giải quyết khiếu nại lần đầu (phức tạp)", 45, False, "ngày thụ lý",
             "Luật Khiếu nại 2011, Điều 28"),
        Rule("giai_quyet_khieu_nai_vung_kho_khan", "Giải quyết khiếu nại (vùng khó khăn)", 45, False, "ngày thụ lý",
             "Luật Khiếu nại 2011, Điều 28"),
        Rule("giai_quyet_khieu_nai_vung_kho_khan_phuc_tap", "Giải quyết khiếu nại (vùng khó khăn, phức tạp)", 60,
             False, "ngày thụ lý", "Luật Khiếu nại 2011, Điều 28"),
        Rule("giai_quyet_to_cao", "Giải quyết tố cáo", 30, False, "ngày thụ lý", "Luật Tố cáo 2018, Điều 30"),
        Rule("gia_han_to_cao", "Mỗi lần gia hạn giải quyết tố cáo", 30, False, "hạn trước đó",
             "Luật Tố cáo 2018, Điều 30"),
        Rule("giai_quyet_kien_nghi", "Giải quyết kiến nghị, phản ánh, tranh chấp (mặc định của phần mềm)", 30,
             False, "ngày thụ lý", "Quy ước của phần mềm — điều chỉnh trong Cài đặt nếu địa phương quy định khác"),
        # "không quá 30 ngày kể từ ngày nhận được đơn" (calendar days: the law does not say working days)
        Rule("hoa_giai_dat_dai", "Hòa giải tranh chấp đất đai tại UBND xã", 30, False, "ngày nhận đơn yêu cầu",
             "Luật Đất đai 2024, Điều 235"),
    )
}

AMBER_FRACTION = 0.25  # ≤ 25 % of the time left → amber (SPEC §4)


class Calendar:
    """Working-day arithmetic with Vietnamese holidays and clerk days off."""

    def __init__(self, days_off: dict[dt.date, bool] | None = None):
        # days_off: date -> True for a day off, False for a compensatory working day
        self.days_off = dict(days_off or {})

    def is_working_day(self, d: dt.date) -> bool:
        if d in self.days_off:
            return not self.days_off[d]
        if d.weekday() >= 5:
            return False
        return d not in _vn_holidays(d.year)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The date ``n`` working days after ``start`` (the start day itself
        is not counted, as in "trong thời hạn 10 ngày làm việc kể từ ngày …")."""
        d = start
        left = n
        while left > 0:
            d += dt.timedelta(days=1)
            if self.is_working_day(d):
                left -= 1
        return d

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in (a, b]; negative when b < a."""
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        d = a
        while d < b:
            d += dt.timedelta(days=1)
            if self.is_working_day(d):
                count += 1
        return count


@lru_cache(maxsize=64)
def _vn_holidays(year: int):
    import holidays  # loaded on first use: it is not needed to open the window

    return holidays.country_holidays("VN", years=year)


def vn_holiday_name(d: dt.date) -> str | None:
    return _vn_holidays(d.year).get(d)


@dataclass(frozen=True)
class Deadlines:
    """Effective limits: the defaults with the clerk's overrides applied."""

    rules: dict[str, Rule]
    calendar: Calendar

    def due(self, code: str, start: dt.date) -> dt.date:
        r = self.rules[code]
        if r.working:
            return self.calendar.add_working_days(start, r.days)
        return start + dt.timedelta(days=r.days)


def effective_rules(overrides: dict[str, dict] | None) -> dict[str, Rule]:
    rules = dict(DEADLINE_RULES)
    for code, ov in (overrides or {}).items():
        if code in rules:
            base = rules[code]
            rules[code] = Rule(code, base.label, int(ov.get("days", base.days)),
                               bool(ov.get("working", base.working)), base.counted_from, base.basis)
    return rules


# ------------------------------------------------------------ petitions
STATUS_LABELS = {
    "cho_phan_loai": "Chờ phân loại",
    "dang_giai_quyet": "Đang giải quyết",
    "qua_han": "Quá hạn",
    "da_giai_quyet": "Đã giải quyết",
    "da_chuyen": "Đã chuyển",
    "da_huong_dan": "Đã hướng dẫn",
    # an outcome, not the clerk's "Lưu" (save) button: the letter is filed, not handled
    "da_luu": "Xếp lưu (không xử lý)",
}
# Statuses that are an outcome of the petition (nothing more is due).
OUTCOME_STATUSES = ("da_giai_quyet", "da_chuyen", "da_huong_dan", "da_luu")


@dataclass(frozen=True)
class PetitionState:
    status: str
    due: dt.date | None  # the deadline that currently applies (None when closed)
    start: dt.date | None  # when that period started
    days_left: int | None  # negative = days late

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def colour(self) -> str | None:
        """'green' / 'amber' / 'red' (SPEC §4), None when nothing is due."""
        return deadline_colour(self.due, self.start, self.days_left)

    def describe(self) -> str:
        if self.days_left is None:
            return self.label
        if self.days_left < 0:
            return f"{self.label} (trễ {-self.days_left} ngày)"
        if self.days_left == 0:
            return f"{self.label} (hết hạn hôm nay)"
        return f"{self.label} (còn {self.days_left} ngày)"


def deadline_colour(due: dt.date | None, start: dt.date | None, days_left: int | None) -> str | None:
    """'green' / 'amber' / 'red' of a running deadline (SPEC §4): red once
    late, amber in the last quarter of the period; None when nothing is due."""
    if due is None or days_left is None:
        return None
    if days_left < 0:
        return "red"
    total = max((due - start).days, 1) if start else 1
    return "amber" if days_left <= total * AMBER_FRACTION else "green"


def _d(v) -> dt.date | None:
    if v is None or v == "":
        return None
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v)[:10])


def resolution_due(p: dict, deadlines: Deadlines, remote: bool = False) -> tuple[dt.date | None, dt.date | None]:
    """(start, due) of the resolution period of a petition under thụ lý."""
    start = _d(p.get("ngay_thu_ly")) or _d(p.get("ngay_xu_ly")) or _d(p.get("ngay_nhan"))
    if start is None:
        return None, None
    override = _d(p.get("han_giai_quyet"))
    if override:
        return start, override
    loai = p.get("loai")
    if loai == "khieu_nai":
        code = "giai_quyet_khieu_nai"
        if remote:
            code += "_vung_kho_khan"
        if p.get("phuc_tap"):
            code += "_phuc_tap"
        return start, deadlines.due(code, start)
    if loai == "to_cao":
        due = deadlines.due("giai_quyet_to_cao", start)
        for _ in range(int(p.get("gia_han") or 0)):
            due = deadlines.due("gia_han_to_cao", due)
        return start, due
    return start, deadlines.due("giai_quyet_kien_nghi", start)


def petition_state(p: dict, deadlines: Deadlines, today: dt.date, remote: bool = False) -> PetitionState:
    """Derived status (never typed) of one petition row (SPEC §3.1, §4).

    Rules, in order:
    - no decision yet (``du_dieu_kien`` or ``huong_xu_ly`` empty) → chờ phân
      loại, due 10 days after receipt; past that → quá hạn;
    - không đủ điều kiện or lưu đơn → xếp lưu; chuyển or đôn đốc → đã chuyển;
      hướng dẫn → đã hướng dẫn;
    - thụ lý: resolved (``ngay_giai_quyet``) → đã giải quyết; else đang giải
      quyết, or quá hạn once the resolution deadline has passed.
    """
    huong = p.get("huong_xu_ly")
    du = p.get("du_dieu_kien")
    if huong is None or (du is None and huong != "luu"):
        start = _d(p.get("ngay_nhan"))
        due = deadlines.due("xu_ly_don", start) if start else None
        left = (due - today).days if due else None
        status = "qua_han" if left is not None and left < 0 else "cho_phan_loai"
        return PetitionState(status, due, start, left)
    if du == 0 or huong == "luu":
        return PetitionState("da_luu", None, None, None)
    if huong in ("chuyen", "don_doc"):
        return PetitionState("da_chuyen", None, None, None)
    if huong == "huong_dan":
        return PetitionState("da_huong_dan", None, None, None)
    # thụ lý
    if _d(p.get("ngay_giai_quyet")):
        return PetitionState("da_giai_quyet", None, None, None)
    start, due = resolution_due(p, deadlines, remote)
    if due is None:
        return PetitionState("dang_giai_quyet", None, None, None)
    left = (due - today).days
    return PetitionState("qua_han" if left < 0 else "dang_giai_quyet", due, start, left)


def reception_reply_due(ngay_tiep, deadlines: Deadlines) -> dt.date:
    return deadlines.due("tra_loi_tiep_cong_dan", _d(ngay_tiep))


# ------------------------------------------------------ land mediation
MEDIATION_STATUS_LABELS = {
    "dang_hoa_giai": "Đang hòa giải",
    "qua_han": "Quá hạn hòa giải",
    "da_ket_thuc": "Đã kết thúc",
}


@dataclass(frozen=True)
class MediationState(PetitionState):
    """A land-dispute mediation's deadline (Luật Đất đai 2024 Điều 235): the
    petition state's fields and colours, with its own labels."""

    @property
    def label(self) -> str:
        return MEDIATION_STATUS_LABELS[self.status]


def is_land_mediation(row) -> bool:
    """A hòa giải tranh chấp đất đai tại UBND xã (the other kind, ở cơ sở, has no legal time limit)."""
    return (row or {}).get("kind") == "dat_dai"


def mediation_state(row: dict, deadlines: Deadlines, today: dt.date) -> MediationState | None:
    """Derived state of a mediation record: None for grassroots mediation;
    for a land dispute, due ``hoa_giai_dat_dai`` days after the request was
    received, open while ``ket_qua`` is "đang" (thành, không thành, rút or
    không thuộc phạm vi close it: nothing is due any more)."""
    if not is_land_mediation(row):
        return None
    if row.get("ket_qua") not in (None, "", "dang"):
        return MediationState("da_ket_thuc", None, None, None)
    start = _d(row.get("ngay_nhan"))
    if start is None:
        return MediationState("dang_hoa_giai", None, None, None)
    due = deadlines.due("hoa_giai_dat_dai", start)
    left = (due - today).days
    return MediationState("qua_han" if left < 0 else "dang_hoa_giai", due, start, left)
