"""The figures of a report: immutable results of ``core.report.stats.compute``
— the model every consumer reads (the prose builders ``core.report.prose``,
the annex tables ``core.report.annexes``, the home page, the report page).

No SQL here: each class is filled by one query function of
``core.report.stats.queries`` or ``core.report.stats.petitions``
(docs/FIGURES.md maps every printed figure to its field and its query).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from core.report.periods import Period

# ---------------------------------------------------------------- parts


@dataclass(frozen=True)
class Count:
    """One labelled count (a row of a by-field / by-type breakdown)."""

    code: str
    label: str
    n: int
    extra: int = 0  # a second figure where useful (people, attendees…)


@dataclass(frozen=True)
class Rate:
    """A ratio ``num/den``; ``pct`` is None when ``den`` is 0."""

    num: float
    den: float

    @property
    def pct(self) -> Decimal | None:
        if not self.den:
            return None
        return Decimal(str(self.num)) * 100 / Decimal(str(self.den))

    @property
    def defined(self) -> bool:
        return bool(self.den)


@dataclass(frozen=True)
class Profile:
    unit_id: int
    name: str  # "Nghĩa Phương"
    unit_type: str  # "xã"
    title: str  # "xã Nghĩa Phương"
    province: str | None
    area_ha: float | None
    population: int | None
    households: int | None
    villages: int
    village_kind: str  # "thôn" / "tổ dân phố" / "thôn, tổ dân phố"
    village_names: tuple[str, ...]
    predecessors: tuple[str, ...]
    ethnic_religion: str | None
    # context the prose cites (issue 12): thôn and tổ dân phố counted apart,
    # the merger that formed the unit, every unit of the scope by id
    village_counts: tuple[tuple[str, int], ...] = ()  # (("thôn", 40), ("tổ dân phố", 43)), enumeration order
    merger_date: dt.date | None = None  # the day the predecessors were merged into the unit
    merger_resolution: str | None = None  # "Nghị quyết số … ngày … của …" (unit.nghi_quyet_sap_nhap)
    unit_titles: tuple[tuple[int, str], ...] = ()  # (unit id, "xã Hòa Bình") for the unit and its predecessors

    def unit_title_of(self, unit_id: int | None) -> str | None:
        return next((t for i, t in self.unit_titles if i == unit_id), None)


@dataclass(frozen=True)
class ReceptionGroup:
    """Figures of a set of reception entries (all, or one form)."""

    luot: int = 0
    nguoi: int = 0
    vu_viec: int = 0
    vu_viec_lan_dau: int = 0
    vu_viec_nhieu_lan: int = 0
    doan: int = 0  # đoàn đông người (entries with ≥5 people)
    doan_nguoi: int = 0


@dataclass(frozen=True)
class Reception:
    total: ReceptionGroup
    thuong_xuyen: ReceptionGroup
    dinh_ky: ReceptionGroup
    dot_xuat: ReceptionGroup
    chu_tich: ReceptionGroup  # định kỳ + đột xuất (the Chairman's reception, annex columns)
    dinh_ky_sessions: int  # distinct dates of định kỳ reception (số kỳ)
    chu_tich_luot: int  # entries received by the Chairman in person
    luot_lan_dau: int
    luot_nhieu_lan: int
    by_field: tuple[Count, ...]  # vụ việc per linh_vuc, desc
    by_type: tuple[Count, ...]  # vụ việc per loai, desc
    # the annex's case columns: each case of the period in one group — the
    # Chairman's (any of its entries định kỳ or đột xuất) or thường xuyên — so
    # that both groups add up to total.vu_viec_lan_dau / vu_viec_nhieu_lan
    cases_thuong_xuyen: "CaseSplit" = None
    cases_chu_tich: "CaseSplit" = None

    @property
    def luot(self) -> int:
        return self.total.luot


@dataclass(frozen=True)
class CaseSplit:
    """Reception cases of one annex group: first-time and repeated."""

    lan_dau: int = 0
    nhieu_lan: int = 0

    @property
    def total(self) -> int:
        return self.lan_dau + self.nhieu_lan


@dataclass(frozen=True)
class Dialogues:
    count: int
    attendees: int
    opinions: int
    answered: int
    assigned: int
    by_field: tuple[Count, ...]  # opinions per linh_vuc, desc
    by_form: tuple[Count, ...]  # cuộc per hinh_thuc (extra = attendees)


@dataclass(frozen=True)
class ResolutionRow:
    """Resolution of thụ lý petitions of one group (khiếu nại / tố cáo /
    kiến nghị, phản ánh): carried + new = resolved + open_in_time + overdue."""

    code: str
    label: str
    total: int
    carried: int
    new: int
    resolved: int
    in_time: int
    late: int
    open_in_time: int
    overdue: int
    outcomes: tuple[Count, ...]

    def outcome(self, code: str) -> int:
        return next((c.n for c in self.outcomes if c.code == code), 0)


@dataclass(frozen=True)
class Petitions:
    carried: int  # received before the period, still open at its start
    received: int
    vu_viec: int  # distinct cases among received
    du: int
    du_vu_viec: int
    khong_du: int
    chua_phan_loai: int
    reasons: tuple[Count, ...]  # không đủ by ly_do
    by_type: tuple[Count, ...]  # loai
    by_field: tuple[Count, ...]  # linh_vuc
    by_content: tuple[Count, ...]  # type for KN/TC/tranh chấp, field for the rest
    du_by_group: tuple[Count, ...]  # đủ by khieu_nai / to_cao / knpa
    thu_ly: int
    chuyen: int
    huong_dan: int
    don_doc: int
    luu_du: int  # đủ điều kiện but stored (lưu)
    du_chua_xu_ly: int  # đủ, no decision yet
    khong_du_luu: int
    khong_du_huong_dan: int
    thu_ly_by_group: tuple[Count, ...]  # khieu_nai / to_cao / knpa (received in period)
    thu_ly_carried: int  # thụ lý, carried over unresolved
    thu_ly_total: int  # thu_ly + thu_ly_carried
    thu_ly_total_by_group: tuple[Count, ...]
    resolved: int
    resolved_by_group: tuple[Count, ...]
    resolved_in_time: int
    resolved_late: int
    open_in_time: int
    overdue: int
    outcomes: tuple[Count, ...]  # ket_qua among resolved
    asof: dt.date  # the day "overdue" is judged (period end, or today if earlier)
    resolve_rate: Rate  # resolved / thu_ly_total
    du_rate: Rate  # du / received
    resolution: tuple[ResolutionRow, ...] = ()  # per group: khieu_nai, to_cao, knpa
    carried_xu_ly: int = 0  # received before the period, handling decision still pending at its start
    carried_xu_ly_done: int = 0  # … of which decided by now
    dong_nguoi: int = 0  # received petitions flagged đông người
    keo_dai: int = 0  # received petitions flagged kéo dài, vượt cấp

    def type_count(self, code: str) -> int:
        return next((c.n for c in self.by_type if c.code == code), 0)

    def group(self, items: tuple[Count, ...], code: str) -> int:
        return next((c.n for c in items if c.code == code), 0)

    @property
    def processed(self) -> int:
        """Received in the period with a handling decision (đã xử lý)."""
        return self.received - self.chua_phan_loai - self.du_chua_xu_ly

    @property
    def outside_authority(self) -> int:
        return self.chuyen + self.huong_dan + self.don_doc


class _MediationCounts:
    """The one counting rule of mediation (SPEC §3.3): handled = new +
    carried; mediated = thành + không thành; success rate = thành / mediated."""

    @property
    def total(self) -> int:
        return self.new + self.carried

    @property
    def mediated(self) -> int:
        return self.thanh + self.khong_thanh

    @property
    def rate(self) -> "Rate":
        return Rate(self.thanh, self.mediated)


@dataclass(frozen=True)
class MediationRow(_MediationCounts):
    """One mediation team (or a whole kind): new + carried = thanh +
    khong_thanh + dang + rut + khong_thuoc."""

    label: str
    new: int
    carried: int
    thanh: int
    khong_thanh: int
    dang: int
    rut: int
    khong_thuoc: int


@dataclass(frozen=True)
class MediationKind(_MediationCounts):
    kind: str
    label: str
    new: int
    carried: int
    thanh: int
    khong_thanh: int
    dang: int
    rut: int
    khong_thuoc: int
    by_field: tuple[Count, ...]  # cases handled per field
    by_team: tuple[Count, ...]  # cases handled per team (extra = thành)
    team_rows: tuple[MediationRow, ...] = ()  # full breakdown per team


@dataclass(frozen=True)
class Mediation:
    co_so: MediationKind
    dat_dai: MediationKind
    teams: int  # active teams (tổ hòa giải) in scope
    mediators: int


@dataclass(frozen=True)
class ModelItem:
    id: int
    ten: str
    linh_vuc: str
    linh_vuc_label: str
    don_vi: str
    don_vi_label: str
    dia_ban: str | None
    trang_thai: str
    trang_thai_label: str
    loai: str
    nam_dang_ky: int = 0
    tieu_bieu: bool = False
    hieu_qua: str | None = None  # results (mo_hinh.hieu_qua)
    cong_nhan: str | None = None  # who recognised it (mo_hinh_nam.cong_nhan of its last year in range)


@dataclass(frozen=True)
class ModelYear:
    year: int
    by_status: tuple[Count, ...]
    total: int


@dataclass(frozen=True)
class Models:
    years: tuple[int, ...]
    total: int  # distinct models with a status row in the years
    by_status: tuple[Count, ...]  # last year (or only year): models per status
    items: tuple[ModelItem, ...]  # distinct models, status of their last year in range
    by_field: tuple[Count, ...]
    by_org: tuple[Count, ...]
    per_year: tuple[ModelYear, ...]
    recognised: int  # tiêu biểu / công nhận in the years (= items marked tieu_bieu)
    # a report of part of a year: the year's results (dừng, công nhận) are
    # not known yet, only the statuses registered for the year are counted
    part_of_year: bool = False

    def status_items(self, status: str) -> tuple[ModelItem, ...]:
        return tuple(m for m in self.items if m.trang_thai == status)

    @property
    def running(self) -> tuple[ModelItem, ...]:
        """Models whose last status in range is not "dừng"."""
        return tuple(m for m in self.items if m.trang_thai != "dung")

    @property
    def stopped(self) -> tuple[ModelItem, ...]:
        return self.status_items("dung")


@dataclass(frozen=True)
class Document:
    id: int
    so_ky_hieu: str
    loai: str
    loai_label: str
    ngay: dt.date
    trich_yeu: str
    co_quan: str | None
    phoi_hop: str | None
    unit_id: int | None = None  # the issuing unit (a predecessor's documents are attributed to it)
    in_force: bool = False  # van_ban.con_hieu_luc


@dataclass(frozen=True)
class Documents:
    directive: tuple[Document, ...]
    superior: tuple[Document, ...]
    in_force: tuple[Document, ...] = ()  # marked still in force, issued before the period: "tiếp tục triển khai"


@dataclass(frozen=True)
class Activity:
    code: str
    label: str
    records: int
    sessions: int  # sum so_cuoc
    attendees: int  # sum so_nguoi


@dataclass(frozen=True)
class Activities:
    tuyen_truyen: Activity
    tap_huan: Activity
    kiem_tra: Activity
    others: tuple[Activity, ...] = ()


@dataclass(frozen=True)
class Figures:
    values: tuple[Count, ...]  # chỉ tiêu sums by code (n = value as int when whole)
    raw: tuple[tuple[str, float], ...]
    tthc_dung_han: Rate
    dvc_mot_phan: Rate
    dvc_toan_trinh: Rate
    dvc_tong: Rate
    hai_long: Rate

    def get(self, code: str) -> float:
        return next((v for c, v in self.raw if c == code), 0.0)

    def has(self, code: str) -> bool:
        return any(c == code for c, _ in self.raw)


@dataclass(frozen=True)
class FigureGap:
    """A part of a span no counted entry covers: a unit of the scope (or,
    for a single-unit scope, the unit itself) between two days."""

    unit_id: int
    unit_title: str  # "xã Hòa Lộc (cũ)"; "" when the scope is one unit
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class FigureSpan:
    """What one group of period figures (``tthc``, ``dvc``, ``khao_sat``,
    ``dccs``) covers in the report period (core/report/stats/period_figures.py):
    the entries counted (unit, from, to), the span they cover together, and
    the gaps inside it.  ``exact``: the entries cover the report period, no
    more, every unit of the scope — the sentence then needs no span."""

    group: str
    pieces: tuple[tuple[int, dt.date, dt.date], ...]
    start: dt.date | None
    end: dt.date | None
    gaps: tuple[FigureGap, ...]
    exact: bool

    @property
    def has_data(self) -> bool:
        return bool(self.pieces)


@dataclass(frozen=True)
class MissingFigures:
    """A part of the report period for which no period figure counts: what the
    report page lists for the clerk (``message``, Vietnamese).  ``entered``:
    entries of that unit overlapping the gap that could not be counted (their
    span does not fit the period)."""

    unit_id: int
    unit_title: str
    start: dt.date
    end: dt.date
    entered: tuple[tuple[dt.date, dt.date], ...]
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class PeriodFigures:
    """The spans of the period figures and what is missing for the period."""

    spans: tuple[FigureSpan, ...] = ()
    missing: tuple[MissingFigures, ...] = ()

    def span(self, group: str) -> FigureSpan | None:
        return next((s for s in self.spans if s.group == group), None)


@dataclass(frozen=True)
class YearRow:
    """Headline figures of one year of a multi-year period."""

    year: int
    period: Period
    tiep_luot: int
    tiep_nguoi: int
    tiep_vu_viec: int
    doi_thoai: int
    doi_thoai_nguoi: int
    don_nhan: int
    don_thu_ly: int
    don_giai_quyet: int
    hoa_giai_nhan: int
    hoa_giai_thanh: int
    mo_hinh: int
    tuyen_truyen_cuoc: int
    tuyen_truyen_nguoi: int
    don_thu_ly_moi: int = 0  # thụ lý among the petitions received that year (adds up over years)
    # mediation per kind (the two kinds are never added, as in the prose)
    hoa_giai_co_so_nhan: int = 0
    hoa_giai_co_so_thanh: int = 0
    hoa_giai_dat_dai_nhan: int = 0
    hoa_giai_dat_dai_thanh: int = 0

    @property
    def don_chuyen_sang(self) -> int:
        """Thụ lý petitions still unresolved at the year's start (kỳ trước chuyển sang)."""
        return self.don_thu_ly - self.don_thu_ly_moi


@dataclass(frozen=True)
class Stats:
    period: Period
    unit_ids: tuple[int, ...]
    today: dt.date
    profile: Profile | None
    reception: Reception
    dialogues: Dialogues
    petitions: Petitions
    mediation: Mediation
    models: Models
    documents: Documents
    activities: Activities
    figures: Figures
    by_year: tuple[YearRow, ...] = ()
    previous: "Stats | None" = None
    period_figures: PeriodFigures = PeriodFigures()  # spans of the period figures, what is missing

    @property
    def has_any(self) -> bool:
        return bool(self.reception.luot or self.dialogues.count or self.petitions.received
                    or self.petitions.carried or self.mediation.co_so.total or self.mediation.dat_dai.total
                    or self.models.total or self.documents.directive or self.activities.tuyen_truyen.records
                    or self.figures.raw)
