"""The in-memory report document: what prose builders produce and what the
DOCX and PDF writers (and the on-screen preview) render.  Plain data, no
formatting decisions beyond the kind of each block; the writers apply
Nghị định 30/2020 (SPEC §6.4).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Para:
    """A body paragraph.  ``kind``: ``body`` (justified, first-line indent),
    ``bullet`` (a line starting with "- "), ``plus`` ("+ "), ``center``,
    ``note`` (italic), ``placeholder`` (what only a person can write, still
    missing: italic on a yellow highlight, so it cannot be missed when
    signing).  ``text`` is plain text; ``bold_prefix`` is printed bold before
    it (e.g. "a) Tiếp công dân: ")."""

    text: str
    kind: str = "body"
    bold_prefix: str = ""
    # (source, printed text) of each figure the paragraph states — the Stats
    # path it comes from (core/report/sources.py), read by core.report.audit
    refs: tuple = ()


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    bold: bool = False
    align: str = "center"  # left / center / right
    source: str = ""  # the Stats path of the number printed (core/report/sources.py), read by core.report.audit


@dataclass
class Table:
    """A table; ``header`` rows may span (repeated on every page), ``rows``
    are body rows.  Widths in cm (the writers scale to the page)."""

    title: str = ""
    header: list[list[Cell]] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    widths_cm: list[float] = field(default_factory=list)
    note: str = ""
    # sums the table states, checked by core.report.audit: (cell, cells) with
    # cell = (row, column) of ``rows`` equal to the sum of the cells listed
    sums: list = field(default_factory=list)
    # no lines: a layout table (the signatures of a biên bản side by side)
    borderless: bool = False

    @property
    def n_cols(self) -> int:
        if self.widths_cm:
            return len(self.widths_cm)
        first = (self.header or self.rows or [[]])[0]
        return sum(c.colspan for c in first)


Block = Para | Table


@dataclass
class Section:
    """A numbered section: ``number`` like "I." / "1." / "a)"; ``level`` 1 =
    roman heading (bold uppercase), 2 = "1." (bold), 3 = "a)" (bold italic)."""

    number: str
    title: str
    level: int = 1
    blocks: list[Block] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)
    key: str = ""  # outline section key
    auto: bool = False
    edited: bool = False
    path: str = ""  # the full number: "IV.2", "III.1.a)"
    draft: bool = False  # written from the records, not yet accepted or edited by the clerk
    placeholder: bool = False  # nothing written yet (a highlighted "[Chưa nhập nội dung …]")
    state: str = ""  # how the content came about: core.report.build.STATES ("auto", "draft", "missing" …)

    @property
    def label(self) -> str:
        """"IV.2. Tồn tại, hạn chế" (as the report page lists it)."""
        num = self.path or self.number.rstrip(".")
        return f"{num}{'' if num.endswith(')') else '.'} {self.title}" if num else self.title


@dataclass
class Annex:
    """A Phụ lục (printed on landscape pages)."""

    title: str
    subtitle: str = ""
    tables: list[Table] = field(default_factory=list)
    landscape: bool = True


@dataclass
class Signer:
    authority: str = "TM. ỦY BAN NHÂN DÂN"  # or "KT. CHỦ TỊCH"
    title: str = "CHỦ TỊCH"  # or "PHÓ CHỦ TỊCH"
    name: str = ""


@dataclass
class ReportDoc:
    """Everything a report page shows, ready to write."""

    co_quan_chu_quan: str = ""  # upper line of the issuing body (optional)
    ten_co_quan: str = "ỦY BAN NHÂN DÂN"  # e.g. "ỦY BAN NHÂN DÂN\nXÃ NGHĨA PHƯƠNG"
    so_ky_hieu: str = "Số:      /BC-UBND"
    dia_danh: str = ""
    ngay: str = ""  # already formatted "ngày 05 tháng 7 năm 2025"
    loai_van_ban: str = "BÁO CÁO"
    trich_yeu: str = ""
    kinh_gui: list[str] = field(default_factory=list)
    preamble: list[Para] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[Para] = field(default_factory=list)
    noi_nhan: list[str] = field(default_factory=list)
    signer: Signer = field(default_factory=Signer)
    annexes: list[Annex] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # told to the clerk before writing, never printed
    # the consistency audit of the built document (core.report.audit.Mismatch list: "N chỗ không khớp")
    # and the figures it was built from (Stats.period_figures.missing: the period figures still to enter)
    mismatches: list = field(default_factory=list)
    stats: object = None

    def all_sections(self):
        """Every section, depth-first."""
        def walk(secs):
            for s in secs:
                yield s
                yield from walk(s.children)

        yield from walk(self.sections)

    def missing(self) -> list[Section]:
        """Sections still showing a placeholder (the "mục chưa nhập")."""
        return [s for s in self.all_sections() if s.placeholder]

    def drafts(self) -> list[Section]:
        """Sections printed from a draft the clerk has not accepted or edited yet."""
        return [s for s in self.all_sections() if s.draft]

    def iter_blocks(self):
        """Every block in reading order (preamble, sections depth-first, closing, annexes)."""
        yield from self.preamble

        def walk(secs):
            for s in secs:
                yield from s.blocks
                yield from walk(s.children)

        yield from walk(self.sections)
        yield from self.closing
        for a in self.annexes:
            yield from a.tables

    def plain_text(self) -> str:
        """All text, for tests and search (tables cell by cell)."""
        out = [self.ten_co_quan, self.so_ky_hieu, self.trich_yeu]
        out += [p.text for p in self.preamble]

        def walk(secs):
            for s in secs:
                out.append(f"{s.number} {s.title}")
                for b in s.blocks:
                    if isinstance(b, Para):
                        out.append(b.bold_prefix + b.text)
                    else:
                        out.append(b.title)
                        for r in b.header + b.rows:
                            out.append(" | ".join(c.text for c in r))
                walk(s.children)

        walk(self.sections)
        out += [p.text for p in self.closing]
        out += self.noi_nhan
        out += [self.signer.authority, self.signer.title, self.signer.name]
        for a in self.annexes:
            out += [a.title, a.subtitle]
            for t in a.tables:
                out.append(t.title)
                for r in t.header + t.rows:
                    out.append(" | ".join(c.text for c in r))
        return "\n".join(x for x in out if x)
