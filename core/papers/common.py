"""What every paper shares: the issue (number, date), the letterhead of the
unit, the denouncer's identity masked, and a petition looked up by "số đến/năm"."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from core.errors import UserError
from core.records.secrecy import SECRET_MASK, is_secret
from core.report.build import date_line
from core.report.document import ReportDoc, Signer
from core.report.saved import default_signer
from core.text import nfc


class PaperError(UserError):
    """A paper that cannot be made from this record (the message says why)."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text

    def message(self) -> str:
        return self.text


@dataclass
class IssueInfo:
    """The number and date a paper is issued with.  ``so`` None: a draft
    ("Số:      /PCĐ-UBND"), ``ngay`` None: today."""

    so: int | None = None
    ngay: dt.date | None = None
    nguoi_phat_hanh: str = ""

    def date(self) -> dt.date:
        return self.ngay or dt.date.today()


def fmt_date(value) -> str:
    """dd/mm/yyyy of an ISO date (or a date); "" when empty."""
    if not value:
        return ""
    d = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return d.strftime("%d/%m/%Y")


def letterhead(store, unit_id: int | None = None) -> dict:
    """The unit's header and signer as they are today (a snapshot keeps them)."""
    u = store.get("unit", unit_id) if unit_id else store.current_unit()
    u = u or {}
    title = store.unit_title(u)  # "xã Nghĩa Phương"
    s = default_signer(store, u["id"]) if u.get("id") else {}
    return {
        "unit_id": u.get("id"),
        "ten_co_quan": f"ỦY BAN NHÂN DÂN\n{title.upper()}",
        "co_quan": f"Ủy ban nhân dân {title}",
        "co_quan_short": f"UBND {title}",
        "chu_quan": u.get("co_quan_chu_quan") or "",
        "dia_danh": u.get("dia_danh") or u.get("ten") or "",
        "signer": Signer(authority=s.get("authority") or "TM. ỦY BAN NHÂN DÂN", title=s.get("title") or "CHỦ TỊCH",
                         name=s.get("name") or ""),
    }


def issuing_unit_id(store, unit_id: int | None, on: dt.date) -> int | None:
    """The unit that issues a paper on ``on`` for a record of ``unit_id``: a commune
    merged into another (sắp xếp đơn vị hành chính) no longer issues anything after its
    ngày sáp nhập — its successor does, under its own name and chairman (as
    ``issued.issue`` numbers the paper in the current unit's series)."""
    seen: set[int] = set()
    while unit_id and unit_id not in seen:
        seen.add(unit_id)
        u = store.get("unit", unit_id) or {}
        nxt, when = u.get("merged_into_id"), u.get("ngay_sap_nhap")
        if not nxt or (when and on < dt.date.fromisoformat(str(when)[:10])):
            break
        unit_id = nxt
    return unit_id


def paper_doc(store, unit_id, issue: IssueInfo, ky_hieu: str, loai: str, trich_yeu: str = "") -> ReportDoc:
    """A ReportDoc with the header (the issuing unit's), number, place and date filled."""
    d = issue.date()
    lh = letterhead(store, issuing_unit_id(store, unit_id, d))
    so = f"Số: {issue.so}/{ky_hieu}" if issue.so else f"Số:       /{ky_hieu}"
    return ReportDoc(co_quan_chu_quan=lh["chu_quan"], ten_co_quan=lh["ten_co_quan"], so_ky_hieu=so,
                     dia_danh=lh["dia_danh"], ngay=date_line(d), loai_van_ban=loai, trich_yeu=trich_yeu,
                     signer=lh["signer"])


@dataclass
class Identity:
    name: str
    address: str
    cccd: str
    masked: bool


def identity(kind_key: str, row: dict) -> Identity:
    """The sender's identity as a paper may print it: a tố cáo's is always
    "(bảo mật)" (Luật Tố cáo 2018 Điều 47; the snapshot is stored unencrypted,
    so the name must never enter it); an anonymous petition says so."""
    if is_secret(kind_key, row):
        return Identity(SECRET_MASK, SECRET_MASK, SECRET_MASK, True)
    if row.get("nac_danh"):
        return Identity("Đơn không ghi rõ họ tên", "", "", False)
    return Identity(nfc(row.get("ho_ten") or ""), nfc(row.get("dia_chi") or ""), row.get("cccd") or "", False)


PETITION_NO = re.compile(r"^\s*(\d+)\s*/\s*(\d{4})\s*$")


def find_petition(store, ref: str) -> int:
    """The id of the petition "12/2026" (số đến / năm) of the current unit."""
    m = PETITION_NO.match(str(ref))
    if not m:
        raise PaperError(f"“{ref}” không phải số đến/năm của đơn (ví dụ 12/2026).")
    rid = store.find_so_den(None, int(m.group(2)), int(m.group(1)))
    if rid is None:
        raise PaperError(f"Không có đơn số đến {m.group(1)}/{m.group(2)}.")
    return rid


def find_record(store, kind_key: str, ref: str) -> int:
    if kind_key == "don_thu":
        return find_petition(store, ref)
    try:
        rid = int(str(ref).strip())
    except ValueError:
        raise PaperError(f"“{ref}” không phải số hiệu bản ghi.") from None
    if not store.exists(kind_key, rid):
        raise PaperError(f"Không có bản ghi số {rid}.")
    return rid
