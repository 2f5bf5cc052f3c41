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
from core.text import fmt_date, fold, nfc, roman

EMPTY_FREE_TEXT = "[Chưa nhập nội dung.{hint}]"
# an auto section of a period without a single record: not "không có công dân đến trụ sở" but a gap
NO_RECORDS_TEXT = "[Không có hồ sơ nào trong kỳ báo cáo: chưa viết được mục này từ số liệu.]"
NO_RECORDS_WARNING = ("Không có hồ sơ nào trong kỳ {label} ({range_text}): các mục số liệu của báo cáo sẽ để trống "
                      "(đánh dấu vàng).")
# builders that write from the records of the period (the profile does not)
RECORD_BUILDERS = {"van_ban_chi_dao", "tuyen_truyen", "cai_cach_hanh_chinh", "dan_chu_co_so", "tiep_cong_dan",
                   "don_thu", "hoa_giai", "dan_van_kheo"}
# how a section's content came about (core.report.build.section_content)
STATES = {"auto": "tự động", "edited": "đã sửa", "text": "nhập tay", "accepted": "bản nháp đã duyệt",
          "draft": "bản nháp", "missing": "chưa nhập", "group": ""}
LIKE_THE_ABOVE = "Như trên"


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


def _placeholders(blocks) -> list:
    """A generated "[Chưa …]" note is a placeholder (highlighted, counted as missing)."""
    out = []
    for b in blocks:
        if isinstance(b, Para) and b.kind in ("note", "body") and b.text.startswith("[") and b.text.endswith("]"):
            b = Para(b.text, kind="placeholder", bold_prefix=b.bold_prefix)
        out.append(b)
    return out


def no_records(stats) -> bool:
    """Not a single record dated in the period in the scope (items carried
    over from earlier periods are not records of this one): the report has
    nothing to be written from."""
    a, m = stats.activities, stats.mediation
    return not (stats.reception.luot or stats.dialogues.count or stats.petitions.received or m.co_so.new
                or m.dat_dai.new or stats.models.total or stats.documents.directive or stats.documents.superior
                or a.tuyen_truyen.records or a.tap_huan.records or a.kiem_tra.records or stats.figures.raw)


def section_content(node: dict, rep: Report, stats, ctx) -> tuple[list, str]:
    """Blocks of one outline section and how they came about (``STATES``):
    the builder's text ("auto") or the clerk's rewording ("edited"); the
    clerk's typed text ("text", also the text carried over from the previous
    report) before anything else; else an accepted or edited draft
    ("accepted" / "edited"), the draft written from the records ("draft"),
    and last a highlighted placeholder ("missing")."""
    from core.report.drafts import draft
    from core.report.prose import BUILDERS

    blocks: list = []
    state = "group"
    sid = node["id"]
    silent = False
    if node.get("builder"):
        ov = rep.overrides.get(sid)
        silent = node["builder"] in RECORD_BUILDERS and no_records(stats)
        generated = BUILDERS[node["builder"]](stats, ctx) if node["builder"] in BUILDERS and not silent else []
        if ov and ov.get("edited"):
            state = "edited"
            blocks = text_blocks(ov.get("text", "")) + [b for b in generated if isinstance(b, Table)]
        else:
            state = "auto"
            blocks = _placeholders(generated)
    if node.get("free_text"):
        typed = text_blocks(rep.free_text.get(sid, ""))
        if typed:
            blocks += typed
            state = state if node.get("builder") else "text"
        elif not node.get("builder") and not node.get("children"):
            ov = rep.overrides.get(sid)
            if ov and (ov.get("edited") or ov.get("accepted")) and (ov.get("text") or "").strip():
                blocks = text_blocks(ov["text"])
                state = "edited" if ov.get("edited") else "accepted"
            elif not no_records(stats):
                drafted = draft(O.draft_key(node), stats, ctx)
                if drafted:
                    blocks, state = drafted, "draft"
    if not blocks and not node.get("children"):
        if silent:
            text = NO_RECORDS_TEXT
        else:
            hint = node.get("hint") or ""
            text = EMPTY_FREE_TEXT.format(hint=f" Gợi ý: {hint}" if hint else "")
        blocks = [Para(text, kind="placeholder")]
    if blocks and all(isinstance(b, Para) and b.kind == "placeholder" for b in blocks):
        state = "missing"
    return blocks, state


def draft_text(store, rep: Report, section_id: str, stats=None) -> str:
    """The draft of one free-text section as editable text ("" when the
    records hold nothing to draft from)."""
    from core.report.drafts import draft
    from core.report.prose import ProseContext
    from core.report.stats import compute

    node = O.find(rep.outline, section_id)
    if node is None or not O.draft_key(node):
        return ""
    stats = stats or compute(store, rep.period, unit_id=rep.unit_id, include_predecessors=rep.include_predecessors,
                             compare=True)
    ctx = ProseContext.for_stats(stats, compare=rep.compare, decimals=rep.decimals)
    return blocks_text(draft(O.draft_key(node), stats, ctx))


def recipients(kinh_gui: list[str], noi_nhan: list[str]) -> list[str]:
    """Nơi nhận matching Kính gửi (ND30): with addressees above, the list
    starts "Như trên" and does not repeat them; without, "Như trên" (which
    would point at nothing) is left out."""
    def key(x):
        return fold(x).strip(" -;.,")

    sent = {key(x) for x in kinh_gui if x and x.strip()}
    like = key(LIKE_THE_ABOVE)
    out = [x for x in noi_nhan if x and x.strip() and key(x) != like and key(x) not in sent]
    return [LIKE_THE_ABOVE, *out] if sent else out


def generated_text(store, rep: Report, section_id: str, stats=None) -> str:
    """The builder's text for one auto section (what "refresh" shows, and the
    starting point when the clerk edits it)."""
    from core.report.prose import BUILDERS, ProseContext
    from core.report.stats import compute

    node = O.find(rep.outline, section_id)
    if node is None or not node.get("builder") or node["builder"] not in BUILDERS:
        return ""
    stats = stats or compute(store, rep.period, unit_id=rep.unit_id, include_predecessors=rep.include_predecessors,
                             compare=True)
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
        # the previous period is always computed: the drafts judge change against it; the figure
        # sentences state the comparison only when the report asks for it (ctx.compare)
        stats = compute(store, rep.period, unit_id=rep.unit_id, include_predecessors=rep.include_predecessors,
                        compare=True)
    ctx = ProseContext.for_stats(stats, compare=rep.compare, decimals=rep.decimals)
    name_upper, co_quan, co_quan_short, chu_quan = _unit_names(store, rep.unit_id)
    outline = rep.outline
    ty = nfc(rep.trich_yeu) or trich_yeu_text(outline.get("trich_yeu") or "Kết quả công tác dân vận chính quyền {ky}",
                                              rep.period, co_quan)
    ty = ty[0].upper() + ty[1:] if ty else ty

    def build(nodes, depth, parent="") -> list[Section]:
        out = []
        for i, node in enumerate(nodes, 1):
            blocks, state = section_content(node, rep, stats, ctx)
            number = _number(depth, i)
            path = f"{parent}.{number.rstrip('.')}" if parent else number.rstrip(".")
            out.append(Section(number=number, title=node["title"], level=depth, blocks=blocks,
                               children=build(node.get("children", []), depth + 1, path), key=node["id"],
                               auto=bool(node.get("builder")), edited=state == "edited", path=path,
                               draft=state == "draft", state=state,
                               placeholder=any(isinstance(b, Para) and b.kind == "placeholder" for b in blocks)))
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
        noi_nhan=recipients(list(rep.kinh_gui), list(rep.noi_nhan)),
        signer=signer,
        annexes=_annexes(outline, stats, ctx),
    )
    if no_records(stats):
        doc.warnings.append(NO_RECORDS_WARNING.format(label=rep.period.label, range_text=rep.period.range_text))
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
