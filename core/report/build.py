"""Assemble a ``ReportDoc`` from a saved report (or plain parameters):
statistics computed once (``core.report.stats.compute``), each auto section written
by its prose builder (or the clerk's edited text), free-text sections from
the report, header/preamble/closing/recipients/signer from the report's
fields, annexes from ``core.report.annexes``.  The writers (DOCX, PDF) and the
on-screen preview all render the returned document.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.report import outlines as O
from core.report.document import Para, ReportDoc, Section, Signer, Table
from core.report.periods import Period
from core.report.saved import Report, new_report, trich_yeu_text
from core.text import fmt_date, nfc, roman

EMPTY_FREE_TEXT = "[Chưa nhập nội dung.{hint}]"


@dataclass
class BuildParams:
    """What the CLI (or a quick preview) gives instead of a saved report."""

    period: Period
    outline_key: str | None = None
    compare: bool = True
    unit_id: int | None = None
    include_predecessors: bool = True
    today: dt.date | None = None


BLANK_DATE = "ngày      tháng      năm {year}"


def date_line(d: dt.date | None, year: int | None = None) -> str:
    """"ngày 05 tháng 7 năm 2025": day < 10 and months 1–2 zero-padded (ND30).
    Without a date (a draft): "ngày      tháng      năm 2026", day and month
    left for the signing day, as the seeds' drafts do."""
    if d is None:
        return BLANK_DATE.format(year=year or dt.date.today().year)
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def text_blocks(text: str) -> list[Para]:
    """The clerk's text as paragraphs: one per line; "- " lines are bullets, "+ " sub-bullets."""
    out = []
    for line in nfc(text or "").replace("\r\n", "\n").split("\n"):
        t = line.strip()
        if not t:
            continue
        if t.startswith("- ") or t == "-":
            out.append(Para(t, kind="bullet"))
        elif t.startswith("+ "):
            out.append(Para(t, kind="plus"))
        else:
            out.append(Para(t))
    return out


def blocks_text(blocks) -> str:
    """The generated prose of an auto section as editable text (tables left out)."""
    lines = []
    for b in blocks:
        if isinstance(b, Para):
            t = b.bold_prefix + b.text
            if b.kind == "bullet" and not t.startswith("-"):
                t = "- " + t
            elif b.kind == "plus" and not t.startswith("+"):
                t = "+ " + t
            lines.append(t)
    return "\n".join(lines)


def _number(depth: int, i: int) -> str:
    if depth == 1:
        return f"{roman(i)}."
    if depth == 2:
        return f"{i}."
    return f"{'abcdefghiklmnopqrstuvxy'[min(i - 1, 22)]})"


def _unit_names(store, unit_id: int) -> tuple[str, str, str, str]:
    """(agency line 2 upper e.g. "XÃ NGHĨA PHƯƠNG", "Ủy ban nhân dân xã Nghĩa Phương",
    "UBND xã Nghĩa Phương", cơ quan chủ quản)."""
    u = store.get("unit", unit_id) or {}
    title = store.unit_title(u)  # "xã Nghĩa Phương"
    return title.upper(), f"Ủy ban nhân dân {title}", f"UBND {title}", u.get("co_quan_chu_quan") or ""


def section_content(node: dict, rep: Report, stats, ctx) -> tuple[list, bool]:
    """Blocks of one outline section and whether they are the clerk's edit."""
    from core.report.prose import BUILDERS

    blocks: list = []
    edited = False
    sid = node["id"]
    if node.get("builder"):
        ov = rep.overrides.get(sid)
        generated = BUILDERS[node["builder"]](stats, ctx) if node["builder"] in BUILDERS else []
        if ov and ov.get("edited"):
            edited = True
            blocks = text_blocks(ov.get("text", "")) + [b for b in generated if isinstance(b, Table)]
        else:
            blocks = list(generated)
    if node.get("free_text"):
        blocks += text_blocks(rep.free_text.get(sid, ""))
    if not blocks and not node.get("children"):
        hint = node.get("hint") or ""
        blocks = [Para(EMPTY_FREE_TEXT.format(hint=f" Gợi ý: {hint}" if hint else ""), kind="note")]
    return blocks, edited


def generated_text(store, rep: Report, section_id: str, stats=None) -> str:
    """The builder's text for one auto section (what "refresh" shows, and the
    starting point when the clerk edits it)."""
    from core.report.prose import BUILDERS, ProseContext
    from core.report.stats import compute

    node = O.find(rep.outline, section_id)
    if node is None or not node.get("builder") or node["builder"] not in BUILDERS:
        return ""
    stats = stats or compute(store, rep.period, unit_id=rep.unit_id, include_predecessors=rep.include_predecessors,
                             compare=rep.compare)
    ctx = ProseContext.for_stats(stats, compare=rep.compare, decimals=rep.decimals)
    return blocks_text(BUILDERS[node["builder"]](stats, ctx))


def preamble_paras(store, rep: Report, co_quan: str, ty: str) -> list[Para]:
    if rep.preamble.strip():
        return text_blocks(rep.preamble)
    cites = []
    for vid in rep.can_cu:
        v = store.get("van_ban", vid)
        if not v:
            continue
        loai = store.enum_label("loai_van_ban", v["loai"]) or "Văn bản"
        s = f"{loai} số {v['so_ky_hieu']} ngày {fmt_date(v['ngay_ban_hanh'])}"
        if v.get("co_quan_ban_hanh"):
            s += f" của {v['co_quan_ban_hanh']}"
        if v.get("trich_yeu"):
            s += f" về {v['trich_yeu'][0].lower() + v['trich_yeu'][1:]}"
        cites.append(s)
    out = []
    if cites:
        out.append(Para("Thực hiện " + "; ".join(cites) + ";"))
    what = ty.replace("\n", " ").strip()
    what = what[0].lower() + what[1:] if what else "kết quả công tác dân vận chính quyền"
    out.append(Para(f"{co_quan} báo cáo {what}, cụ thể như sau:"))
    return out


def build_document(store, report_or_params, *, stats=None, today: dt.date | None = None) -> ReportDoc:
    """The whole document for a saved/new ``Report`` or ``BuildParams``."""
    from core.report.prose import ProseContext
    from core.report.stats import compute

    if isinstance(report_or_params, BuildParams):
        today = today or report_or_params.today
        bp = report_or_params
        rep = new_report(store, bp.outline_key, bp.period, compare=bp.compare, unit_id=bp.unit_id,
                         include_predecessors=bp.include_predecessors, today=bp.today)
    else:
        rep = report_or_params
    if stats is None:
        stats = compute(store, rep.period, unit_id=rep.unit_id, include_predecessors=rep.include_predecessors,
                        compare=rep.compare)
    ctx = ProseContext.for_stats(stats, compare=rep.compare, decimals=rep.decimals)
    name_upper, co_quan, co_quan_short, chu_quan = _unit_names(store, rep.unit_id)
    outline = rep.outline
    ty = nfc(rep.trich_yeu) or trich_yeu_text(outline.get("trich_yeu") or "Kết quả công tác dân vận chính quyền {ky}",
                                              rep.period, co_quan)
    ty = ty[0].upper() + ty[1:] if ty else ty

    def build(nodes, depth) -> list[Section]:
        out = []
        for i, node in enumerate(nodes, 1):
            blocks, edited = section_content(node, rep, stats, ctx)
            out.append(Section(number=_number(depth, i), title=node["title"], level=depth, blocks=blocks,
                               children=build(node.get("children", []), depth + 1), key=node["id"],
                               auto=bool(node.get("builder")), edited=edited))
        return out

    closing_tpl = outline.get("closing") or "Trên đây là báo cáo {ky} của {co_quan}./."
    closing = trich_yeu_text(closing_tpl, rep.period, co_quan)
    signer = Signer(authority=rep.signer.get("authority") or "TM. ỦY BAN NHÂN DÂN",
                    title=rep.signer.get("title") or "CHỦ TỊCH", name=rep.signer.get("name") or "")
    doc = ReportDoc(
        co_quan_chu_quan=chu_quan,
        ten_co_quan=f"ỦY BAN NHÂN DÂN\n{name_upper}",
        so_ky_hieu=f"Số: {rep.so}/{rep.ky_hieu}" if rep.so else f"Số:       /{rep.ky_hieu}",
        dia_danh=rep.dia_danh,
        ngay=date_line(rep.ngay, (today or dt.date.today()).year),
        trich_yeu=ty,
        kinh_gui=list(rep.kinh_gui),
        preamble=preamble_paras(store, rep, co_quan, ty),
        sections=build(outline.get("sections", []), 1),
        closing=[Para(closing)],
        noi_nhan=list(rep.noi_nhan),
        signer=signer,
        annexes=_annexes(outline, stats, ctx),
    )
    # every built document is audited: each printed figure against the Stats value it states
    from core.report.audit import audit_document

    doc.stats = stats
    doc.mismatches = audit_document(doc, stats, decimals=rep.decimals)
    return doc


def _annexes(outline, stats, ctx) -> list:
    try:
        from core.report.annexes import ANNEXES
    except ImportError:
        return []
    keys = outline.get("annexes")
    keys = list(ANNEXES) if keys is None else [k for k in keys if k in ANNEXES]
    out = []
    for k in keys:
        a = ANNEXES[k](stats, ctx)
        # an annex that would print only its column headings (e.g. no model
        # this year) is left out; a form full of zeros is kept
        if a is not None and any(t.rows for t in a.tables):
            out.append(a)
    return out


def build_for_cli(store, period: Period, outline_key: str | None = None, compare: bool = False,
                  today: dt.date | None = None, unit_id: int | None = None,
                  include_predecessors: bool = True) -> ReportDoc:
    """A complete document from the records with the default header fields
    (what ``python main.py report`` writes); the unit scope as on the report
    page (``unit_id`` None: the current unit)."""
    return build_document(store, BuildParams(period=period, outline_key=outline_key, compare=compare, today=today,
                                             unit_id=unit_id, include_predecessors=include_predecessors))
