"""Consistency audit of a built report: every printed figure is the ``Stats``
value it says it is, sums and rates hold across rows and columns, the
per-year rows add up to the period, one decimal convention per document.

It compares what was **rendered** with the values the builders recorded
the numbers from — never re-derives a figure:

- a generated paragraph (``Para.refs``) lists (source, printed text) for
  each figure it states (``core.report.sources.Recorder``): the text must be
  in the paragraph and equal the source's value;
- an annex or per-year table cell with a ``source`` must show that value;
- ``Table.sums`` lists the sums a table states (a total row, a row's
  columns, the "x" marks of the models list against their count);
- every rate (paragraph or cell) uses the same number of decimals — the
  report's setting when given;
- the per-year rows of a multi-year report add up to the period's figures.

``audit_document(doc, stats)`` returns the ``Mismatch`` list (Vietnamese
``message``); its length is the "N chỗ không khớp" the CLI and the report
page print.  A section the clerk edited by hand has no refs and is not
audited (her words are hers).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.report.document import Para, ReportDoc, Table
from core.report.sources import SourceError, fmt_rate, is_rate, parse_number, resolve

_PCT = re.compile(r"\d[\d.]*(?:,\d+)?%")


@dataclass(frozen=True)
class Mismatch:
    """One place where the document does not agree with its figures."""

    where: str  # "Mục III.4", "Phụ lục II, dòng 1, cột (4)", "Bảng “…” theo từng năm"
    source: str  # the Stats path (or a description of the check)
    printed: str
    expected: str
    message: str  # Vietnamese, for the clerk

    def __str__(self) -> str:
        return self.message


def _num_eq(shown, value) -> bool:
    if shown is None:
        return False
    try:
        return abs(float(shown) - float(value)) < 0.005 + 1e-9
    except (TypeError, ValueError):
        return False


def _contains(text: str, token: str) -> bool:
    return re.search(rf"(?<![\d.,]){re.escape(token)}(?![\d%]|[.,]\d)", text) is not None


def _decimals_of(text: str) -> int | None:
    """Decimals a rate is written with ("90,12%" → 2, "91,3%" → 1); None for "100%"."""
    t = text.strip().rstrip("%")
    if "," in t:
        return len(t.split(",", 1)[1])
    return None if t in ("100", "0") else 0


class _Audit:
    def __init__(self, stats, decimals):
        self.stats = stats
        self.decimals = decimals
        self.out: list[Mismatch] = []
        self.rates: list[tuple[str, str]] = []  # (where, text)

    def add(self, where, source, printed, expected, message):
        self.out.append(Mismatch(where, source, printed, str(expected), message))

    # ------------------------------------------------------------ values
    def expected_text(self, source: str):
        """(value, how the value reads) of a source, or None when it does not resolve."""
        try:
            v = resolve(self.stats, source)
        except (SourceError, AttributeError, IndexError, KeyError, TypeError):
            return None
        if is_rate(source):
            return v, None
        return v, v

    def check_value(self, where: str, source: str, shown: str, *, cell: bool):
        got = self.expected_text(source)
        if got is None:
            self.add(where, source, shown, "?", f"{where}: không xác định được nguồn số liệu “{source}”.")
            return
        v, _ = got
        if is_rate(source):
            self.rates.append((where, shown))
            want = [fmt_rate(v[0], v[1], d) for d in ((self.decimals,) if self.decimals else (1, 2))]
            if shown not in want:
                self.add(where, source, shown, want[-1],
                         f"{where}: tỷ lệ ghi {shown}, số liệu tính được {want[-1]}.")
            return
        if cell and shown.strip() in ("x", "") and isinstance(v, int) and v in (0, 1):
            if (shown.strip() == "x") != bool(v):
                self.add(where, source, shown, "x" if v else "(trống)",
                         f"{where}: đánh dấu “{shown.strip() or 'trống'}” không khớp số liệu.")
            return
        shown_v = parse_number(shown)
        if not _num_eq(shown_v, v):
            self.add(where, source, shown, v, f"{where}: ghi {shown.strip() or '(trống)'}, số liệu là {v}.")

    # ------------------------------------------------------------ blocks
    def para(self, where: str, p: Para):
        if not p.refs:
            return
        text = p.bold_prefix + p.text
        covered = set()
        for source, shown in p.refs:
            if not _contains(text, shown):
                self.add(where, source, shown, shown, f"{where}: số “{shown}” ({source}) không có trong câu.")
                continue
            if is_rate(source):
                covered.add(shown)
            self.check_value(where, source, shown, cell=False)
        for m in _PCT.findall(text):
            if m not in covered:
                self.rates.append((where, m))
                self.add(where, "?", m, "?", f"{where}: tỷ lệ {m} không rõ nguồn số liệu.")

    def table(self, where: str, t: Table):
        for ri, row in enumerate(t.rows):
            ci = 0
            for c in row:
                if c.source:
                    self.check_value(f"{where}, dòng {ri + 1}, cột ({ci + 1})", c.source, c.text, cell=True)
                elif "%" in c.text:
                    self.rates.append((where, c.text))
                    self.add(where, "?", c.text, "?", f"{where}: tỷ lệ {c.text} không rõ nguồn số liệu.")
                ci += c.colspan
        for target, cells in t.sums:
            self.table_sum(where, t, target, cells)

    def cell_value(self, t: Table, rc):
        r, c = rc
        try:
            row = t.rows[r]
        except IndexError:
            return None
        ci = 0
        for cell in row:
            if ci == c:
                txt = cell.text.strip()
                if txt == "x":
                    return 1
                if txt in ("", "–"):
                    return 0
                return parse_number(txt)
            ci += cell.colspan
        return None

    def table_sum(self, where, t: Table, target, cells):
        vals = [self.cell_value(t, rc) for rc in cells]
        if any(v is None for v in vals):
            self.add(where, "sum", "?", "?", f"{where}: ô cần cộng không phải là số.")
            return
        total = sum(vals)
        if isinstance(target, str):
            got = self.expected_text(target)
            want = got[0] if got else None
            label = target
        else:
            want = self.cell_value(t, target)
            label = f"dòng {target[0] + 1}, cột ({target[1] + 1})"
        if want is None or not _num_eq(total, want):
            self.add(where, f"sum:{label}", str(total), str(want),
                     f"{where}: {label} ghi {want}, cộng các ô được {total}.")

    # ------------------------------------------------------------ period
    def per_year(self):
        s = self.stats
        if not s.by_year:
            return
        slices = [y.period for y in s.by_year]
        if slices[0].start != s.period.start or slices[-1].end != s.period.end:
            return
        p, m, r, d, a = s.petitions, s.mediation, s.reception, s.dialogues, s.activities.tuyen_truyen
        checks = (
            ("don_nhan", p.received, "đơn tiếp nhận"), ("don_thu_ly_moi", p.thu_ly, "đơn thụ lý"),
            ("don_giai_quyet", p.resolved, "đơn đã giải quyết"), ("tiep_luot", r.total.luot, "lượt tiếp"),
            ("tiep_nguoi", r.total.nguoi, "người được tiếp"), ("tiep_vu_viec", r.total.vu_viec, "vụ việc"),
            ("doi_thoai", d.count, "cuộc đối thoại"), ("doi_thoai_nguoi", d.attendees, "người dự đối thoại"),
            ("hoa_giai_co_so_nhan", m.co_so.new, "vụ việc hòa giải ở cơ sở"),
            ("hoa_giai_co_so_thanh", m.co_so.thanh, "vụ việc hòa giải ở cơ sở thành"),
            ("hoa_giai_dat_dai_nhan", m.dat_dai.new, "vụ việc tranh chấp đất đai"),
            ("hoa_giai_dat_dai_thanh", m.dat_dai.thanh, "vụ việc tranh chấp đất đai hòa giải thành"),
            ("tuyen_truyen_cuoc", a.sessions, "cuộc tuyên truyền"), ("tuyen_truyen_nguoi", a.attendees, "lượt người nghe"),
        )
        for field, total, label in checks:
            got = sum(getattr(y, field) for y in s.by_year)
            if got != total:
                self.add("Bảng theo từng năm", f"by_year.{field}", str(got), str(total),
                         f"Bảng theo từng năm: tổng các năm {got} {label}, cả giai đoạn {total}.")
        if s.by_year[0].don_chuyen_sang != p.thu_ly_carried:
            self.add("Bảng theo từng năm", "by_year[0].don_chuyen_sang", str(s.by_year[0].don_chuyen_sang),
                     str(p.thu_ly_carried), "Bảng theo từng năm: đơn kỳ trước chuyển sang năm đầu khác đầu giai đoạn.")

    def convention(self):
        """One number of decimals for every rate of the document."""
        seen: dict[int, str] = {}
        for where, text in self.rates:
            d = _decimals_of(text)
            if d is None:
                continue
            seen.setdefault(d, f"{where} ({text})")
        allowed = {self.decimals} if self.decimals else set()
        if len(seen) > 1 or (allowed and set(seen) - allowed):
            want = self.decimals or max(seen)
            for d, first in sorted(seen.items()):
                if d != want:
                    self.add(first.split(" (")[0], "decimals", str(d), str(want),
                             f"Tỷ lệ viết {d} chữ số thập phân, báo cáo dùng {want}: {first}.")


def _walk_sections(sections, prefix=""):
    for s in sections:
        number = f"{prefix}{s.number}" if s.level > 1 else s.number
        yield number, s
        yield from _walk_sections(s.children, number if s.level > 1 else s.number)


def audit_document(doc: ReportDoc, stats, *, decimals: int | None = None) -> list[Mismatch]:
    """Every inconsistency between the document and ``stats`` (empty when
    every figure agrees).  ``decimals``: the report's setting (1 or 2); when
    None, rates must only agree with each other."""
    a = _Audit(stats, decimals)
    for i, p in enumerate(doc.preamble):
        a.para("Phần mở đầu", p)
    for number, sec in _walk_sections(doc.sections):
        where = f"Mục {number.rstrip('.')}" if number else f"Mục “{sec.title}”"
        if sec.edited:
            continue
        for b in sec.blocks:
            if isinstance(b, Para):
                a.para(where, b)
            elif isinstance(b, Table):
                a.table(f"{where}, bảng “{b.title}”" if b.title else where, b)
    for p in doc.closing:
        a.para("Phần kết", p)
    romans = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
    for i, ann in enumerate(doc.annexes):
        name = f"Phụ lục {romans[i] if i < len(romans) else i + 1}"
        for t in ann.tables:
            a.table(name, t)
    a.per_year()
    a.convention()
    return a.out
