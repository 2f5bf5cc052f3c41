"""Saved reports and user outlines (SPEC §6.1, issue 5 item 4).

A report = an outline (a snapshot, so later outline edits never change an
issued report) + a period (kind, bounds, cut-off convention) + comparison
on/off + unit scope + header fields (số, ngày, địa danh, Kính gửi, the
preamble "Thực hiện …" citing văn bản cấp trên) + free-text sections (by
section id, pre-filled from the previous report of the same outline) +
clerk-edited auto sections (by section id, with an "edited" flag) +
recipients + signer + status (nháp / đã ban hành).

Tables (own migration set ``sodanvan.reports``): ``bao_cao`` (one row per
report, structured parts as JSON text) and ``bao_cao_mau`` (user outlines;
the built-in ones live in ``core.report.outlines``).
"""
from __future__ import annotations

import copy
import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field, fields

from core.records.validation import ValidationError
from core.report import outlines as O
from core.report.periods import LICH, Period
from core.text import clean, fmt_date, fold, nfc, parse_date

STATUS = {"nhap": "Nháp", "da_ban_hanh": "Đã ban hành"}
AUTHORITIES = {"tm": ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), "kt": ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")}
DEFAULT_LUU = "Lưu: VT, VP"


# ------------------------------------------------------------------ periods
def period_spec(p: Period) -> dict:
    return {"kind": p.kind, "year": p.year, "num": p.num, "year_to": p.year_to,
            "start": p.start.isoformat(), "end": p.end.isoformat(), "cutoff": p.cutoff}


def period_from_spec(spec: dict) -> Period:
    k, y, n, c = spec["kind"], spec.get("year"), spec.get("num"), spec.get("cutoff") or LICH
    if k == "year":
        return Period.year_(y, c)
    if k == "half":
        return Period.half(y, n, c)
    if k == "quarter":
        return Period.quarter(y, n, c)
    if k == "months9":
        return Period.months9(y, c)
    if k == "month":
        return Period.month(y, n)
    if k == "years":
        return Period.years(y, spec["year_to"], c)
    return Period.custom(spec["start"], spec["end"])


def next_period(p: Period) -> Period:
    """The period a duplicated report covers next (6 tháng đầu → 6 tháng cuối → next year…)."""
    k, c = p.kind, p.cutoff
    if k == "year":
        return Period.year_(p.year + 1, c)
    if k == "half":
        return Period.half(p.year, 2, c) if p.num == 1 else Period.half(p.year + 1, 1, c)
    if k == "quarter":
        return Period.quarter(p.year, p.num + 1, c) if p.num < 4 else Period.quarter(p.year + 1, 1, c)
    if k == "months9":
        return Period.months9(p.year + 1, c)
    if k == "month":
        return Period.month(p.year, p.num + 1) if p.num < 12 else Period.month(p.year + 1, 1)
    if k == "years":
        n = p.year_to - p.year + 1
        return Period.years(p.year_to + 1, p.year_to + n, c)
    length = p.end - p.start
    start = p.end + dt.timedelta(days=1)
    return Period.custom(start, start + length)


# ------------------------------------------------------------------- report
@dataclass
class Report:
    outline: dict
    period: Period
    unit_id: int
    compare: bool = True
    include_predecessors: bool = True
    so: str = ""
    ky_hieu: str = "BC-UBND"
    ngay: dt.date | None = None
    dia_danh: str = ""
    kinh_gui: list[str] = field(default_factory=list)
    trich_yeu: str = ""  # empty: from the outline's template
    can_cu: list[int] = field(default_factory=list)  # van_ban ids (cap_tren) cited in the preamble
    preamble: str = ""  # empty: generated from can_cu
    free_text: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict] = field(default_factory=dict)  # id -> {"text": str, "edited": True}
    noi_nhan: list[str] = field(default_factory=list)
    signer: dict = field(default_factory=dict)  # authority, title, name, lanh_dao_id
    decimals: int = 2
    status: str = "nhap"
    ghi_chu: str = ""
    id: int | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def outline_key(self) -> str:
        return self.outline.get("key", "")

    @property
    def issued(self) -> bool:
        return self.status == "da_ban_hanh"

    def set_override(self, section_id: str, text: str):
        """The clerk's own wording of an auto section (marked "edited")."""
        if O.find(self.outline, section_id) is None:
            raise ValidationError({"section": "Không tìm thấy mục này trong đề cương."})
        self.overrides[section_id] = {"text": nfc(text or ""), "edited": True}

    def clear_override(self, section_id: str):
        """Back to the generated text."""
        self.overrides.pop(section_id, None)

    def set_free_text(self, section_id: str, text: str):
        if O.find(self.outline, section_id) is None:
            raise ValidationError({"section": "Không tìm thấy mục này trong đề cương."})
        self.free_text[section_id] = nfc(text or "")

    def accept_draft(self, section_id: str, text: str):
        """The clerk accepts the draft of a section as it reads now: the text
        is kept (no longer rewritten from the figures), marked accepted, not
        edited; editing it afterwards (``set_override``) marks it "đã sửa".
        Accepted or edited drafts are never carried into the next report
        (their figures belong to this period), unlike typed free text."""
        if O.find(self.outline, section_id) is None:
            raise ValidationError({"section": "Không tìm thấy mục này trong đề cương."})
        self.overrides[section_id] = {"text": nfc(text or ""), "accepted": True}


def _loads(s, default):
    try:
        return json.loads(s) if s else default
    except (TypeError, ValueError):
        return default


def _dumps(v) -> str:
    return json.dumps(v, ensure_ascii=False)


def _from_row(r: dict) -> Report:
    return Report(
        id=r["id"], unit_id=r["unit_id"], outline=_loads(r["outline"], {}),
        period=period_from_spec(_loads(r["ky"], {})), compare=bool(r["so_sanh"]),
        include_predecessors=bool(r["gom_don_vi_cu"]), so=r["so"] or "", ky_hieu=r["ky_hieu"] or "BC-UBND",
        ngay=dt.date.fromisoformat(r["ngay"]) if r["ngay"] else None, dia_danh=r["dia_danh"] or "",
        kinh_gui=_loads(r["kinh_gui"], []), trich_yeu=r["trich_yeu"] or "", can_cu=_loads(r["can_cu"], []),
        preamble=r["preamble"] or "", free_text=_loads(r["noi_dung"], {}), overrides=_loads(r["sua_tu_dong"], {}),
        noi_nhan=_loads(r["noi_nhan"], []), signer=_loads(r["nguoi_ky"], {}), decimals=r["thap_phan"],
        status=r["trang_thai"], ghi_chu=r["ghi_chu"] or "", created_at=r["created_at"], updated_at=r["updated_at"],
    )


def _validate(rep: Report) -> dict:
    errors = {}
    so = clean(rep.so) or ""
    if so and not re.fullmatch(r"\d{1,5}", so):
        errors["so"] = "Số báo cáo chỉ gồm chữ số (ví dụ 15); để trống nếu chưa lấy số."
    if not clean(rep.ky_hieu) or not re.fullmatch(r"[A-ZĐ0-9][A-ZĐ0-9.\-]*", clean(rep.ky_hieu) or ""):
        errors["ky_hieu"] = "Ký hiệu viết hoa, không dấu cách (ví dụ BC-UBND)."
    if rep.status not in STATUS:
        errors["trang_thai"] = "Trạng thái phải là “Nháp” hoặc “Đã ban hành”."
    if rep.decimals not in (1, 2):
        errors["thap_phan"] = "Số chữ số thập phân của tỷ lệ là 1 hoặc 2."
    if rep.status == "da_ban_hanh":
        if not so:
            errors["so"] = "Báo cáo đã ban hành phải có số."
        if rep.ngay is None:
            errors["ngay"] = "Báo cáo đã ban hành phải có ngày ban hành."
        if not clean(rep.signer.get("name")):
            errors["nguoi_ky"] = "Báo cáo đã ban hành phải có người ký."
    if rep.ngay is not None and rep.ngay < rep.period.start:
        errors["ngay"] = "Ngày báo cáo không được trước ngày bắt đầu kỳ báo cáo."
    try:
        O.validate_outline(rep.outline)
    except ValidationError as e:
        errors.update({f"outline.{k}": v for k, v in e.errors.items()})
    return errors


def _row(rep: Report) -> dict:
    return {
        "unit_id": rep.unit_id, "outline_key": rep.outline_key, "outline": _dumps(rep.outline),
        "ky": _dumps(period_spec(rep.period)), "tu_ngay": rep.period.start.isoformat(),
        "den_ngay": rep.period.end.isoformat(), "so_sanh": int(bool(rep.compare)),
        "gom_don_vi_cu": int(bool(rep.include_predecessors)), "so": clean(rep.so),
        "ky_hieu": clean(rep.ky_hieu) or "BC-UBND", "ngay": rep.ngay.isoformat() if rep.ngay else None,
        "dia_danh": clean(rep.dia_danh), "kinh_gui": _dumps([nfc(x) for x in rep.kinh_gui if clean(x)]),
        "trich_yeu": clean(rep.trich_yeu), "can_cu": _dumps([int(i) for i in rep.can_cu]),
        "preamble": nfc(rep.preamble or "").strip() or None,
        "noi_dung": _dumps({k: nfc(v) for k, v in rep.free_text.items()}),
        "sua_tu_dong": _dumps(rep.overrides), "noi_nhan": _dumps([nfc(x) for x in rep.noi_nhan if clean(x)]),
        "nguoi_ky": _dumps({k: nfc(v) if isinstance(v, str) else v for k, v in rep.signer.items()}),
        "thap_phan": rep.decimals, "trang_thai": rep.status, "ghi_chu": clean(rep.ghi_chu),
    }


# ------------------------------------------------------------ defaults
def default_signer(store, unit_id: int) -> dict:
    """Chủ tịch in office signs "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"; without one,
    the first Phó Chủ tịch signs "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"."""
    rows = store.q("SELECT id, ho_ten, chuc_vu FROM lanh_dao WHERE unit_id=? AND dang_cong_tac=1 "
                   "ORDER BY chuc_vu <> 'chu_tich', thu_tu, id", (unit_id,))
    for r in rows:
        if r["chuc_vu"] == "chu_tich":
            a, t = AUTHORITIES["tm"]
            return {"authority": a, "title": t, "name": r["ho_ten"], "lanh_dao_id": r["id"]}
    for r in rows:
        if r["chuc_vu"] == "pho_chu_tich":
            a, t = AUTHORITIES["kt"]
            return {"authority": a, "title": t, "name": r["ho_ten"], "lanh_dao_id": r["id"]}
    a, t = AUTHORITIES["tm"]
    return {"authority": a, "title": t, "name": ""}


def signer_from_leader(store, lanh_dao_id: int) -> dict:
    r = store.get("lanh_dao", lanh_dao_id)
    if r is None:
        raise ValidationError({"nguoi_ky": "Không tìm thấy lãnh đạo này."})
    a, t = AUTHORITIES["tm" if r["chuc_vu"] == "chu_tich" else "kt"]
    return {"authority": a, "title": t, "name": r["ho_ten"], "lanh_dao_id": r["id"]}


def default_recipients(store, unit_id: int) -> list[str]:
    rows = [r["ten"] for r in store.q("SELECT ten FROM noi_nhan WHERE unit_id=? AND mac_dinh=1 "
                                      "ORDER BY thu_tu, id", (unit_id,))]
    if not any(x.strip().lower().startswith("lưu") for x in rows):
        rows.append(DEFAULT_LUU)
    return rows


ASKING_BEFORE_DAYS, ASKING_AFTER_DAYS = 120, 90  # a report is asked for near its period's end
PLAN_KINDS = ("ke_hoach", "chuong_trinh")
MAX_PLANS = 3


def _asks_for(trich_yeu: str, period: Period) -> bool:
    """A superior document asking for a report of this kind of period: it
    speaks of a "báo cáo" and names no other span ("6 tháng" is not the year)."""
    t = fold(trich_yeu or "")
    if "bao cao" not in t:
        return False
    six, nine = re.search(r"\b0?6 thang", t), re.search(r"\b0?9 thang", t)
    quarter = re.search(r"\bquy\b", t)
    k = period.kind
    if k == "half":
        return bool(six)
    if k == "months9":
        return bool(nine)
    if k == "quarter":
        return bool(quarter)
    if k == "years":
        return "giai doan" in t or (str(period.year) in t and str(period.year_to) in t)
    if k == "year":
        return not (six or nine or quarter)
    return True


def _plan_of(row: dict, period: Period) -> bool:
    """A superior plan the period is carried out under: issued by the
    period's end, in its year or before it when it names the year (a
    review: a plan naming the whole span)."""
    t = fold(row.get("trich_yeu") or "")
    years = period.years_covered
    if period.is_multi_year:
        return "giai doan" in t and str(years[0]) in t
    day = dt.date.fromisoformat(row["ngay_ban_hanh"][:10])
    return day.year in years or any(f"nam {y}" in t for y in years)


def default_can_cu(store, unit_ids: list[int], period: Period, today: dt.date) -> list[int]:
    """What the preamble cites ("Thực hiện …"): the superior document that
    asked for this report (a "báo cáo" request for this kind of period dated
    from 120 days before the period's end to 90 days after it, the latest
    one) and the superior plans of the period's year it implements, wherever
    in the year — or before it — they were issued (at most three, oldest
    first).  Documents still in force from earlier years are cited in the
    leadership section instead.  The clerk changes the choice freely."""
    marks = ",".join("?" * len(unit_ids))
    since = period.end - dt.timedelta(days=ASKING_BEFORE_DAYS)
    until = min(max(today, period.end), period.end + dt.timedelta(days=ASKING_AFTER_DAYS))
    rows = store.q(f"SELECT id, loai, trich_yeu, ngay_ban_hanh FROM van_ban WHERE cap='cap_tren' "
                   f"AND unit_id IN ({marks}) AND ngay_ban_hanh BETWEEN ? AND ? "
                   f"ORDER BY ngay_ban_hanh DESC, id DESC", [*unit_ids, since.isoformat(), until.isoformat()])
    asking = [r["id"] for r in rows if _asks_for(r["trich_yeu"], period)][:1]
    if not asking:  # no request naming a report: the latest letter of the window that asks for no other report
        asking = [r["id"] for r in rows if r["loai"] not in PLAN_KINDS
                  and "bao cao" not in fold(r["trich_yeu"] or "")][:1]
    first = dt.date(period.years_covered[0] - 1, 1, 1)
    plans = store.q(f"SELECT id, loai, trich_yeu, ngay_ban_hanh FROM van_ban WHERE cap='cap_tren' "
                    f"AND unit_id IN ({marks}) AND loai IN ({','.join('?' * len(PLAN_KINDS))}) "
                    f"AND ngay_ban_hanh BETWEEN ? AND ? "
                    f"AND NOT (con_hieu_luc = 1 AND ngay_ban_hanh < ?) ORDER BY ngay_ban_hanh, id",
                    [*unit_ids, *PLAN_KINDS, first.isoformat(), period.end.isoformat(), period.start.isoformat()])
    plan_ids = [r["id"] for r in plans if _plan_of(r, period) and r["id"] not in asking]
    return asking + plan_ids[-MAX_PLANS:]


def citable_documents(store, limit: int = 300) -> list[dict]:
    """Documents the clerk may cite in the preamble: the superior ones first,
    then the commune's own (plans it reports on), latest first in each."""
    return store.q("SELECT id, cap, loai, so_ky_hieu, ngay_ban_hanh, co_quan_ban_hanh, trich_yeu, con_hieu_luc "
                   "FROM van_ban ORDER BY cap = 'chi_dao', ngay_ban_hanh DESC, id DESC "
                   f"LIMIT {int(limit)}")


def previous_report(store, outline_key: str, before: dt.date, unit_id: int | None = None,
                    exclude_id: int | None = None) -> Report | None:
    """The latest saved report of the same outline whose period ends before ``before``."""
    sql = "SELECT * FROM bao_cao WHERE outline_key=? AND den_ngay < ?"
    params: list = [outline_key, before.isoformat()]
    if unit_id is not None:
        sql += " AND unit_id=?"
        params.append(unit_id)
    if exclude_id is not None:
        sql += " AND id<>?"
        params.append(exclude_id)
    rows = store.q(sql + " ORDER BY den_ngay DESC, id DESC LIMIT 1", params)
    return _from_row(rows[0]) if rows else None


def new_report(store, outline_key: str | None, period: Period, *, compare: bool = True, unit_id: int | None = None,
               include_predecessors: bool = True, today: dt.date | None = None) -> Report:
    """A report filled with the defaults (not saved): no number and no date
    yet (a draft prints "Số:      /BC-UBND" and "ngày     tháng     năm …",
    filled in when it is signed), the unit's place name,
    Kính gửi and recipients, the signer, the superior documents to cite, and
    the free text of the previous report of the same outline."""
    today = today or dt.date.today()
    unit_id = unit_id or store.current_unit_id()
    outline = get_outline(store, outline_key or O.default_outline_key(period))
    unit = store.get("unit", unit_id) or {}
    rep = Report(outline=outline, period=period, unit_id=unit_id, compare=compare,
                 include_predecessors=include_predecessors, ngay=None,
                 dia_danh=unit.get("dia_danh") or unit.get("ten") or "",
                 kinh_gui=[x.strip() for x in (unit.get("kinh_gui") or "").split("\n") if x.strip()],
                 noi_nhan=default_recipients(store, unit_id), signer=default_signer(store, unit_id))
    rep.can_cu = default_can_cu(store, store.unit_scope(unit_id, include_predecessors), period, today)
    prev = previous_report(store, outline["key"], period.end, unit_id)
    if prev is not None:
        for sid in O.free_text_ids(outline):
            if prev.free_text.get(sid):
                rep.free_text[sid] = prev.free_text[sid]
        if prev.kinh_gui and not rep.kinh_gui:
            rep.kinh_gui = list(prev.kinh_gui)
    return rep


# ----------------------------------------------------------------- CRUD
def create_report(store, rep: Report) -> int:
    errors = _validate(rep)
    if errors:
        raise ValidationError(errors)
    row = _row(rep)
    with store.transaction():
        names = list(row)
        cur = store.conn.execute(f"INSERT INTO bao_cao ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                                 [row[n] for n in names])
        rep.id = cur.lastrowid
    return rep.id


def get_report(store, report_id: int) -> Report | None:
    rows = store.q("SELECT * FROM bao_cao WHERE id=?", (report_id,))
    return _from_row(rows[0]) if rows else None


def save_report(store, rep: Report) -> int:
    """Create or update; an issued report can only go back to draft first."""
    if rep.id is None:
        return create_report(store, rep)
    old = get_report(store, rep.id)
    if old is None:
        raise ValidationError({"id": "Không tìm thấy báo cáo cần lưu (có thể đã bị xóa)."})
    if old.issued and rep.issued:
        before, after = _row(old), _row(rep)
        if before != after:
            raise ValidationError({"trang_thai": "Báo cáo đã ban hành không sửa được. Hãy chuyển về “Nháp” "
                                                 "nếu thật sự cần sửa, hoặc nhân bản thành báo cáo mới."})
    errors = _validate(rep)
    if errors:
        raise ValidationError(errors)
    row = _row(rep)
    row["updated_at"] = dt.datetime.now().isoformat(timespec="milliseconds")
    with store.transaction():
        store.conn.execute(f"UPDATE bao_cao SET {', '.join(f'{n}=?' for n in row)} WHERE id=?",
                           [*row.values(), rep.id])
    return rep.id


def update_report(store, report_id: int, **changes) -> Report:
    rep = get_report(store, report_id)
    if rep is None:
        raise ValidationError({"id": "Không tìm thấy báo cáo cần sửa (có thể đã bị xóa)."})
    names = {f.name for f in fields(Report)}
    for k, v in changes.items():
        if k not in names or k in ("id", "created_at", "updated_at"):
            raise ValidationError({k: "Không sửa được trường này."})
        setattr(rep, k, v)
    save_report(store, rep)
    return rep


def set_status(store, report_id: int, status: str) -> Report:
    rep = get_report(store, report_id)
    if rep is None:
        raise ValidationError({"id": "Không tìm thấy báo cáo."})
    rep.status = status
    errors = _validate(rep)
    if errors:
        raise ValidationError(errors)
    with store.transaction():
        store.conn.execute("UPDATE bao_cao SET trang_thai=?, updated_at=? WHERE id=?",
                           (status, dt.datetime.now().isoformat(timespec="milliseconds"), report_id))
    return rep


def delete_report(store, report_id: int) -> None:
    with store.transaction():
        store.conn.execute("DELETE FROM bao_cao WHERE id=?", (report_id,))


def list_reports(store, unit_id: int | None = None) -> list[dict]:
    """Summaries for the report list, latest period first."""
    sql = ("SELECT id, unit_id, outline_key, ky, tu_ngay, den_ngay, so, ky_hieu, ngay, trich_yeu, trang_thai, "
           "json_extract(outline, '$.ten') AS outline_ten, json_extract(outline, '$.trich_yeu') AS tpl, "
           "updated_at FROM bao_cao")
    params: list = []
    if unit_id is not None:
        sql += " WHERE unit_id=?"
        params.append(unit_id)
    out = []
    for r in store.q(sql + " ORDER BY den_ngay DESC, id DESC", params):
        p = period_from_spec(_loads(r["ky"], {}))
        out.append({
            "id": r["id"], "outline_key": r["outline_key"], "outline_ten": r["outline_ten"],
            "ky": p.label, "tu_ngay": fmt_date(r["tu_ngay"]), "den_ngay": fmt_date(r["den_ngay"]),
            "so": f"{r['so']}/{r['ky_hieu']}" if r["so"] else "", "ngay": fmt_date(r["ngay"]),
            "trich_yeu": r["trich_yeu"] or trich_yeu_text(r["tpl"] or "", p, ""),
            "trang_thai": r["trang_thai"], "trang_thai_label": STATUS.get(r["trang_thai"], r["trang_thai"]),
            "updated_at": r["updated_at"],
        })
    return out


def duplicate_for_next_period(store, report_id: int, today: dt.date | None = None) -> int:
    """A new draft for the following period: same outline snapshot, scope,
    Kính gửi, recipients, signer and free text (to be updated); no number,
    no date, no edited auto text (the figures change)."""
    old = get_report(store, report_id)
    if old is None:
        raise ValidationError({"id": "Không tìm thấy báo cáo cần nhân bản."})
    today = today or dt.date.today()
    p = next_period(old.period)
    rep = copy.deepcopy(old)
    rep.id = rep.created_at = rep.updated_at = None
    rep.period = p
    rep.so = ""
    rep.status = "nhap"
    rep.overrides = {}
    rep.trich_yeu = ""
    rep.preamble = ""
    rep.ngay = None
    rep.can_cu = default_can_cu(store, store.unit_scope(rep.unit_id, rep.include_predecessors), p, today)
    return create_report(store, rep)


# ------------------------------------------------------------- outlines
def list_outlines(store) -> list[dict]:
    out = O.builtin_outlines()
    for r in store.q("SELECT data FROM bao_cao_mau ORDER BY id"):
        out.append(_loads(r["data"], {}))
    return out


def get_outline(store, key: str) -> dict:
    if key in O.BUILTIN:
        return copy.deepcopy(O.BUILTIN[key])
    rows = store.q("SELECT data FROM bao_cao_mau WHERE key=?", (key,))
    if not rows:
        keys = ", ".join(o["key"] for o in list_outlines(store))
        raise ValidationError({"outline": f"Không có đề cương “{key}”. Các đề cương hiện có: {keys}."})
    return _loads(rows[0]["data"], {})


def save_outline(store, outline: dict) -> str:
    """Store a user outline (insert or replace); built-in outlines are read-only."""
    if outline.get("builtin") or outline.get("key") in O.BUILTIN:
        raise ValidationError({"outline": "Đề cương có sẵn không sửa được; hãy nhân bản rồi sửa bản sao."})
    O.validate_outline(outline)
    with store.transaction():
        store.conn.execute(
            "INSERT INTO bao_cao_mau(key, ten, data) VALUES (?,?,?) ON CONFLICT(key) DO UPDATE SET "
            "ten=excluded.ten, data=excluded.data, updated_at=strftime('%Y-%m-%dT%H:%M:%f','now','localtime')",
            (outline["key"], nfc(outline["ten"]), _dumps(outline)))
    return outline["key"]


def duplicate_outline(store, key: str, ten: str) -> str:
    src = get_outline(store, key)
    base = re.sub(r"[^a-z0-9]+", "_", fold(ten or "")).strip("_")[:30] or "de_cuong"
    new_key, i = f"u_{base}", 2
    taken = {o["key"] for o in list_outlines(store)}
    while new_key in taken:
        new_key, i = f"u_{base}_{i}", i + 1
    save_outline(store, O.duplicate(src, new_key, ten))
    return new_key


def delete_outline(store, key: str) -> None:
    if key in O.BUILTIN:
        raise ValidationError({"outline": "Không xóa được đề cương có sẵn."})
    with store.transaction():
        store.conn.execute("DELETE FROM bao_cao_mau WHERE key=?", (key,))


# ------------------------------------------------------------- wording
def trich_yeu_text(template: str, period: Period, co_quan: str) -> str:
    years = period.years_covered
    so_nam = len(years)
    so_ket = "Tổng kết" if so_nam >= 10 else "Sơ kết"
    return nfc(template.format(ky=period.label, so_nam=f"{so_nam:02d}" if so_nam < 10 else so_nam,
                               so_ket=so_ket, so_ket_lower=so_ket.lower(), co_quan=co_quan))


def report_asdict(rep: Report) -> dict:
    d = asdict(rep)
    d["period"] = period_spec(rep.period)
    d["ngay"] = rep.ngay.isoformat() if rep.ngay else None
    return d


def parse_report_date(text) -> dt.date:
    try:
        return parse_date(text)
    except ValueError as e:
        raise ValidationError({"ngay": str(e)}) from None
