"""Prose builders: Vietnamese paragraphs (and per-year tables) for the auto
sections of the report outline (SPEC §6.1–6.2), written from one
``core.report.stats.Stats``.  Wording lives in ``core.report.wording``; this module only
decides which sentence applies (zero / one / many, comparison or not) and
formats the numbers (``pad2`` below 10, ``.`` thousands, percentages with
at most ``ctx.decimals`` decimals and the ratio the first time).

``BUILDERS[key](stats, ctx) -> list[Para | Table]``; ``BUILDER_TITLES[key]``
is the name shown in the outline editor.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from core.report import wording as W
from core.report.document import Cell, Para, Table
from core.report.periods import THANH_TRA, Period
from core.report.stats.model import Count, Rate, Stats
from core.text import fmt_date, fmt_number, fmt_percent, pad2


@dataclass(frozen=True)
class ProseContext:
    """What the builders need besides the figures.

    ``unit_title``: the issuing body as written in sentences ("UBND xã
    Nghĩa Phương"); ``unit_type``: "xã" / "phường" / "đặc khu";
    ``decimals``: 2 (default) or 1 for percentages; ``compare``: state the
    comparison with the previous period when it has data; ``max_named``:
    how many models are named per field before "và … mô hình khác"."""

    unit_title: str = "UBND xã"
    unit_type: str = "xã"
    period: Period | None = None
    decimals: int = 2
    compare: bool = True
    max_named: int = 12

    @classmethod
    def for_stats(cls, stats: Stats, **kw) -> "ProseContext":
        p = stats.profile
        unit_type = p.unit_type if p else "xã"
        title = f"UBND {p.title}" if p else "UBND xã"
        kw.setdefault("unit_title", title)
        kw.setdefault("unit_type", unit_type)
        kw.setdefault("period", stats.period)
        return cls(**kw)

    @property
    def unit_short(self) -> str:
        return W.UNIT_SHORT.format(unit_type=self.unit_type)


Builder = Callable[[Stats, ProseContext], list]


# ------------------------------------------------------------ helpers

def n(x) -> str:
    """A count as the report writes it: 01 … 09, 10, 1.807."""
    return pad2(int(round(x)))


def num(x) -> str:
    """A figure that may be fractional (period figures)."""
    if x is None:
        return ""
    if float(x).is_integer():
        return n(x)
    return fmt_number(x, 2)


def pct(rate: Rate, ctx: ProseContext) -> str:
    return fmt_percent(rate.num, rate.den, ctx.decimals)


def ratio(rate: Rate, unit: str, ctx: ProseContext) -> str:
    """"1.637/1.963 hồ sơ, đạt 83,39%" (ratio first, then the rate); a zero
    numerator is written "0/120", not "00/120"."""
    top = "0" if not rate.num else num(rate.num)
    return W.RATIO_RATE.format(num=top, den=num(rate.den), unit=unit, pct=pct(rate, ctx))


def join(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return W.LIST_SEP.join(items)


def lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s else s


def upper_first(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def label_lc(label: str, short: bool = False) -> str:
    """Labels inside sentences: lower-case except acronyms; ``short`` drops
    a bracketed explanation ("Dân sự (tài sản, …)" → "dân sự")."""
    if short and " (" in label:
        label = label[:label.index(" (")]
    words = label.split(" ")
    out = []
    for i, w in enumerate(words):
        if w[:1].isupper() and (w.isupper() or any(c.isupper() for c in w[1:])):
            out.append(w)  # acronyms: UBND, MTTQ, LHPN
        elif w in ("Nhân", "Đảng", "Nhà") and i:
            out.append(w)
        else:
            out.append(w.lower())
    return " ".join(out)


def intro(ctx: ProseContext, stats: Stats, note: bool = False) -> str:
    """"Trong 06 tháng đầu năm 2025"; with ``note`` and the Inspectorate
    cut-off, the exact bounds follow in brackets."""
    p = ctx.period or stats.period
    s = p.intro
    if note and p.cutoff == THANH_TRA:
        s += W.THANH_TRA_NOTE.format(range_text=p.range_text)
    return s


def prev(stats: Stats, ctx: ProseContext) -> Stats | None:
    return stats.previous if ctx.compare else None


def cmp(cur: int, previous: Stats | None, get, unit: str, *, paren: bool = True) -> str:
    """" (tăng 12 lượt so với cùng kỳ năm 2024)" or "" when the previous
    period has no data for this figure (``get(previous)`` is 0 or None)."""
    if previous is None:
        return ""
    old = get(previous)
    if not old:
        return ""
    label = previous.period.compare_label
    d = cur - old
    if d > 0:
        s = W.CMP_UP.format(diff=n(d), unit=unit, label=label)
    elif d < 0:
        s = W.CMP_DOWN.format(diff=n(-d), unit=unit, label=label)
    else:
        s = W.CMP_SAME.format(label=label)
    return f" ({s})" if paren else s


def top(items, k: int = 3, *, skip_khac: bool = True) -> list[Count]:
    main = [c for c in items if not (skip_khac and c.code in ("khac", "lv:khac"))]
    return (main or list(items))[:k]


def body(text: str) -> Para:
    return Para(text)


def bullet(text: str) -> Para:
    return Para(text, kind="bullet")


def plus(text: str) -> Para:
    return Para(text, kind="plus")


def sentence(*parts: str) -> str:
    """Join clauses with "; " and end with a full stop."""
    s = "; ".join(p for p in parts if p)
    s = upper_first(s)
    return s if s.endswith((".", ":", "…")) else s + "."


def _year_table(title: str, cols, rows, total=None, widths=None) -> Table:
    header = [[Cell(c, bold=True) for c in cols]]
    body_rows = [[Cell(str(r[0]))] + [Cell(x, align="right") for x in r[1:]] for r in rows]
    if total:
        body_rows.append([Cell(W.T_TOTAL, bold=True)] + [Cell(x, align="right", bold=True) for x in total])
    w = widths or [2.5] + [(16.0 - 2.5) / (len(cols) - 1)] * (len(cols) - 1)
    return Table(title=title, header=header, rows=body_rows, widths_cm=w)


def _fmt_int(x) -> str:
    from core.text import fmt_int
    return fmt_int(x)


# ------------------------------------------------------------ builders

def dac_diem(stats: Stats, ctx: ProseContext) -> list:
    p = stats.profile
    if p is None:
        return []
    Unit = upper_first(p.title)
    parts = []
    if p.area_ha:
        first = W.PROFILE_AREA.format(Unit=Unit, area=fmt_number(p.area_ha, 2))
    else:
        first = ""
    people = ""
    if p.households and p.population:
        people = W.PROFILE_PEOPLE.format(households=n(p.households), population=n(p.population))
    elif p.households:
        people = W.PROFILE_HOUSEHOLDS.format(households=n(p.households))
    elif p.population:
        people = W.PROFILE_POPULATION.format(population=n(p.population))
    villages = ""
    if p.villages:
        villages = W.PROFILE_VILLAGES.format(unit_type=p.unit_type, n=n(p.villages), village_kind=p.village_kind)
        if p.villages <= 20:
            villages += W.PROFILE_VILLAGE_NAMES.format(names=join(list(p.village_names)))
    if first:
        parts = [first] + [x for x in (people, villages) if x]
        text = join(parts)
    elif people or villages:
        text = W.PROFILE_HAS.format(Unit=Unit) + join([x for x in (people, villages) if x])
    else:
        return [body(W.PROFILE_NONE.format(unit=p.title))]
    out = [body(sentence(text))]
    if p.predecessors:
        out.append(body(W.PROFILE_PREDECESSORS.format(Unit=Unit, names=join(list(p.predecessors)))))
    if p.ethnic_religion:
        out.append(body(sentence(p.ethnic_religion)))
    return out


def _doc_line(d) -> str:
    ty = (d.trich_yeu or "").strip().rstrip(".;")
    low = ty.lower()
    if low.startswith("v/v"):
        ty = W.VB_ABOUT + ty[3:].strip().lstrip(":").strip()
    elif low.startswith("về "):
        ty = lower_first(ty)
    else:
        ty = W.VB_ABOUT + lower_first(ty)
    phoi = W.VB_PHOI_HOP.format(who=d.phoi_hop) if d.phoi_hop else ""
    return W.VB_LINE.format(loai=d.loai_label, so=d.so_ky_hieu, ngay=fmt_date(d.ngay), trich_yeu=ty, phoi_hop=phoi)


def van_ban_chi_dao(stats: Stats, ctx: ProseContext) -> list:
    docs = stats.documents.directive
    it = intro(ctx, stats)
    if not docs:
        return [body(W.VB_NONE.format(intro=it, unit=ctx.unit_short))]
    tpl = W.VB_INTRO_ONE if len(docs) == 1 else W.VB_INTRO
    out = [body(tpl.format(intro=it, unit=ctx.unit_short, n=n(len(docs))))]
    for i, d in enumerate(docs):
        end = "." if i == len(docs) - 1 else ";"
        out.append(bullet(_doc_line(d) + end))
    return out


def _activity_parts(tt, th, kt) -> list[str]:
    parts = []
    if tt.sessions:
        parts.append((W.TT_SESSIONS if tt.attendees else W.TT_SESSIONS_NOPEOPLE)
                     .format(n=n(tt.sessions), people=n(tt.attendees)))
    if th.sessions:
        parts.append((W.TH_SESSIONS if th.attendees else W.TH_SESSIONS_NOPEOPLE)
                     .format(n=n(th.sessions), people=n(th.attendees)))
    if kt.sessions:
        parts.append(W.KT_SESSIONS.format(n=n(kt.sessions)))
    return parts


def tuyen_truyen(stats: Stats, ctx: ProseContext) -> list:
    a = stats.activities
    parts = _activity_parts(a.tuyen_truyen, a.tap_huan, a.kiem_tra)
    if not parts:
        return [body(W.TT_NONE.format(intro=intro(ctx, stats)))]
    label = (ctx.period or stats.period).label
    out = [body(W.TT_SENTENCE.format(label=label if not label.startswith("từ") else f"kỳ báo cáo ({label})",
                                     unit=ctx.unit_short,
                                     parts="; ".join(parts)))]
    if stats.by_year:
        rows = [(y.year, _fmt_int(y.tuyen_truyen_cuoc), _fmt_int(y.tuyen_truyen_nguoi)) for y in stats.by_year]
        out.append(_year_table(W.T_TT_TITLE, W.T_TT_COLS, rows,
                               (_fmt_int(a.tuyen_truyen.sessions), _fmt_int(a.tuyen_truyen.attendees))))
    return out


def cai_cach_hanh_chinh(stats: Stats, ctx: ProseContext) -> list:
    f = stats.figures
    out = []
    if f.has("tthc_tiep_nhan") or f.tthc_dung_han.defined:
        parts = []
        if f.has("tthc_tiep_nhan"):
            parts.append(W.CCHC_TIEP_NHAN.format(intro=intro(ctx, stats), unit_type=ctx.unit_type,
                                                 n=num(f.get("tthc_tiep_nhan"))))
        if f.tthc_dung_han.defined:
            parts.append(W.CCHC_DUNG_HAN.format(ratio=ratio(f.tthc_dung_han, "hồ sơ", ctx)))
            if f.get("tthc_tre_han"):
                parts.append(W.CCHC_TRE_HAN.format(n=num(f.get("tthc_tre_han"))))
        out.append(body(sentence(join(parts))))
    dvc = [(f.dvc_mot_phan, W.CCHC_DVC_MOT_PHAN), (f.dvc_toan_trinh, W.CCHC_DVC_TOAN_TRINH)]
    dvc = [(r, t) for r, t in dvc if r.defined]
    if dvc:
        out.append(body(W.CCHC_DVC_INTRO))
        for r, t in dvc:
            out.append(plus(t.format(ratio=ratio(r, "hồ sơ", ctx)) + ";"))
        if len(dvc) == 2:
            out.append(plus(W.CCHC_DVC_TONG.format(ratio=ratio(f.dvc_tong, "hồ sơ", ctx)) + "."))
        else:
            last = out[-1]
            out[-1] = Para(last.text[:-1] + ".", kind=last.kind)
    if f.hai_long.defined:
        out.append(body(sentence(W.CCHC_KHAO_SAT.format(unit=ctx.unit_short, phieu=num(f.hai_long.den),
                                                        ratio=ratio(f.hai_long, "phiếu", ctx)))))
    if not out:
        out.append(Para(W.CCHC_NONE, kind="note"))
    return out


_DCCS = (("lay_y_kien", W.DCCS_LAY_Y_KIEN), ("ttnd_giam_sat", W.DCCS_TTND),
         ("gsdtcd_cong_trinh", W.DCCS_GSDTCD), ("huong_uoc", W.DCCS_HUONG_UOC))
_CCHC_CODES = {"tthc_tiep_nhan", "tthc_dung_han", "tthc_tre_han", "dvc_mot_phan_tong", "dvc_mot_phan_truc_tuyen",
               "dvc_toan_trinh_tong", "dvc_toan_trinh_truc_tuyen", "khao_sat_phieu", "khao_sat_hai_long"}


def dan_chu_co_so(stats: Stats, ctx: ProseContext) -> list:
    f = stats.figures
    parts = [t.format(n=num(f.get(code)), unit=ctx.unit_short) for code, t in _DCCS if f.get(code)]
    known = _CCHC_CODES | {c for c, _ in _DCCS}
    for c in f.values:
        if c.code not in known and f.get(c.code):
            parts.append(W.DCCS_OTHER.format(label=c.label, value=num(f.get(c.code)), unit=""))
    if not parts:
        return []
    return [body(W.DCCS_SENTENCE.format(intro=intro(ctx, stats), parts="; ".join(parts)))]


def tiep_cong_dan(stats: Stats, ctx: ProseContext) -> list:
    r = stats.reception
    it = intro(ctx, stats, note=True)
    pv = prev(stats, ctx)
    out = []
    if not r.luot:
        out.append(body(W.TCD_NONE.format(intro=it, unit=ctx.unit_short)))
    else:
        t = r.total
        head = W.TCD_TOTAL.format(intro=it, unit=ctx.unit_short, luot=n(t.luot), nguoi=n(t.nguoi),
                                  vu_viec=n(t.vu_viec), cmp=cmp(t.luot, pv, lambda s: s.reception.luot, "lượt"))
        forms = []
        if r.dinh_ky.luot:
            forms.append(W.TCD_FORM_DINH_KY.format(unit_type=ctx.unit_type, luot=n(r.dinh_ky.luot),
                                                   nguoi=n(r.dinh_ky.nguoi), ky=n(r.dinh_ky_sessions)))
        if r.thuong_xuyen.luot:
            forms.append(W.TCD_FORM_THUONG_XUYEN.format(luot=n(r.thuong_xuyen.luot), nguoi=n(r.thuong_xuyen.nguoi)))
        if r.dot_xuat.luot:
            forms.append(W.TCD_FORM_DOT_XUAT.format(luot=n(r.dot_xuat.luot), nguoi=n(r.dot_xuat.nguoi)))
        clauses = [head]
        if forms:
            clauses.append(W.TCD_FORMS.format(forms=join(forms)))
        clauses.append(W.TCD_DOAN.format(doan=n(t.doan), nguoi=n(t.doan_nguoi)) if t.doan else W.TCD_DOAN_NONE)
        out.append(body(sentence(*clauses)))
        extra = []
        if t.vu_viec_nhieu_lan:
            extra.append(W.TCD_LAN.format(lan_dau=n(t.vu_viec_lan_dau), nhieu_lan=n(t.vu_viec_nhieu_lan)))
        fields = top(r.by_field)
        if fields:
            extra.append(W.TCD_FIELDS.format(fields=join(
                [W.TCD_FIELD_ITEM.format(label=label_lc(c.label), n=n(c.n)) for c in fields])))
        if extra:
            out.append(body(" ".join(extra)))
    out += _dialogue_paras(stats, ctx, intro(ctx, stats), pv)
    if stats.by_year:
        rows = [(y.year, _fmt_int(y.tiep_luot), _fmt_int(y.tiep_nguoi), _fmt_int(y.tiep_vu_viec),
                 _fmt_int(y.doi_thoai), _fmt_int(y.doi_thoai_nguoi)) for y in stats.by_year]
        d = stats.dialogues
        out.append(_year_table(W.T_TCD_TITLE, W.T_TCD_COLS, rows,
                               (_fmt_int(r.total.luot), _fmt_int(r.total.nguoi), _fmt_int(r.total.vu_viec),
                                _fmt_int(d.count), _fmt_int(d.attendees))))
    return out


def _dialogue_paras(stats: Stats, ctx: ProseContext, it: str, pv) -> list:
    d = stats.dialogues
    if not d.count:
        return [body(W.DT_NONE.format(intro=it, unit=ctx.unit_short))]
    clauses = [W.DT_TOTAL.format(intro=it, unit=ctx.unit_short, n=n(d.count), people=n(d.attendees),
                                 cmp=cmp(d.count, pv, lambda s: s.dialogues.count, "cuộc"))]
    if d.opinions:
        op = W.DT_OPINIONS.format(n=n(d.opinions))
        fields = top(d.by_field)
        if fields:
            op += ", " + W.DT_OPINION_FIELDS.format(fields=join(
                [W.DT_FIELD_ITEM.format(label=label_lc(c.label), n=n(c.n)) for c in fields]))
        clauses.append(op)
    if d.answered:
        clauses.append(W.DT_ANSWERED.format(n=n(d.answered)))
    if d.assigned:
        clauses.append(W.DT_ASSIGNED.format(n=n(d.assigned)))
    return [body(sentence(*clauses))]


def _content_items(by_content) -> list[str]:
    """Khiếu nại and tố cáo first, then the other contents by size; past
    ``DON_CONTENT_MAX`` items the rest (with "khác") is one group."""
    first = [c for c in by_content if c.code in ("khieu_nai", "to_cao")]
    first.sort(key=lambda c: c.code != "khieu_nai")
    rest = [c for c in by_content if c.code not in ("khieu_nai", "to_cao")]
    items = first + rest
    if len(items) > W.DON_CONTENT_MAX:
        named, other = items[:W.DON_CONTENT_MAX - 1], items[W.DON_CONTENT_MAX - 1:]
        out = [W.DON_CONTENT_ITEM.format(label=label_lc(x.label), n=n(x.n)) for x in named]
        return out + [W.DON_CONTENT_REST.format(n=n(sum(x.n for x in other)))]
    return [W.DON_CONTENT_ITEM.format(label=label_lc(x.label), n=n(x.n)) for x in items]


def don_thu(stats: Stats, ctx: ProseContext) -> list:
    p = stats.petitions
    it = intro(ctx, stats, note=True)
    pv = prev(stats, ctx)
    out = []
    c = cmp(p.received, pv, lambda s: s.petitions.received, "đơn")
    if not p.received:
        if p.carried:
            out.append(body(W.DON_NONE_CARRIED.format(intro=it, unit=ctx.unit_short, n=n(p.carried))))
        else:
            out.append(body(W.DON_NONE.format(intro=it, unit=ctx.unit_short, cmp=c)))
    else:
        inner = [W.DON_CARRIED.format(n=n(p.carried))] if p.carried else []
        c_plain = cmp(p.received, pv, lambda s: s.petitions.received, "đơn", paren=False)
        if c_plain:
            inner.append(c_plain)
        paren = W.PAREN.format(W.PAREN_SEP.join(inner)) if inner else ""
        clauses = [W.DON_RECEIVED.format(intro=it, unit=ctx.unit_short, n=n(p.received), paren=paren)]
        classified = p.du + p.khong_du
        if p.du and p.du == p.received:
            clauses.append(W.DON_ALL_DU.format(n=n(p.du)))
        elif classified:
            split = []
            if p.du:
                split.append(W.DON_DU_SPLIT.format(du=n(p.du), pct=pct(p.du_rate, ctx)))
            if p.khong_du:
                action = W.DON_KHONG_DU_LUU if not p.khong_du_huong_dan else W.DON_KHONG_DU_HD.format(
                    n=n(p.khong_du_huong_dan))
                reasons = W.DON_REASONS.format(items=join([f"{label_lc(r.label)} {n(r.n)} đơn" for r in p.reasons])) \
                    if p.reasons else ""
                kd = W.DON_KHONG_DU.format(n=n(p.khong_du), action=action, reasons=reasons)
                split.append(kd if p.du else "trong đó " + kd)
            clauses.append(" và ".join(split) if len(split) == 2 else split[0])
        if p.chua_phan_loai:
            clauses.append(W.DON_CHUA_PHAN_LOAI.format(n=n(p.chua_phan_loai)))
        first = clauses[0] + (", " + "; ".join(clauses[1:]) if len(clauses) > 1 else "")
        out.append(body(sentence(first)))
        # content, zero KN/TC, crowd
        content = W.DON_CONTENT.format(items=join(_content_items(p.by_content)))
        kn, tc = p.type_count("khieu_nai"), p.type_count("to_cao")
        zero = W.DON_NO_KN_TC if not kn and not tc else (W.DON_NO_KN if not kn else (W.DON_NO_TC if not tc else ""))
        crowd = W.DON_DONG_NGUOI.format(n=n(p.dong_nguoi)) if p.dong_nguoi else W.DON_DONG_NGUOI_NONE
        out.append(body(" ".join(x for x in (content, zero, crowd) if x)))
        # handling
        items = []
        if p.thu_ly:
            groups = [W.DON_GROUP_ITEM.format(n=n(g.n), label=label_lc(g.label)) for g in p.thu_ly_by_group]
            items.append(W.DON_H_THU_LY.format(n=n(p.thu_ly), groups=f" ({join(groups)})" if len(groups) > 1 else ""))
        if p.chuyen:
            items.append(W.DON_H_CHUYEN.format(n=n(p.chuyen)))
        if p.huong_dan:
            items.append(W.DON_H_HUONG_DAN.format(n=n(p.huong_dan)))
        if p.don_doc:
            items.append(W.DON_H_DON_DOC.format(n=n(p.don_doc)))
        if p.luu_du:
            items.append(W.DON_H_LUU.format(n=n(p.luu_du)))
        if p.du_chua_xu_ly:
            items.append(W.DON_H_CHUA.format(n=n(p.du_chua_xu_ly)))
        if items:
            out.append(body(W.DON_HANDLING.format(items="; ".join(items))))
    # resolution (thụ lý received in period + carried over)
    if p.thu_ly_total:
        carried = W.DON_RESOLVED_CARRIED.format(n=n(p.thu_ly_carried)) if p.thu_ly_carried else ""
        if p.resolved:
            res = W.DON_RESOLVED.format(num=n(p.resolved), den=n(p.thu_ly_total), carried=carried,
                                        pct=pct(p.resolve_rate, ctx))
        else:
            res = W.DON_RESOLVED_NONE.format(den=n(p.thu_ly_total), carried=carried.replace(" (", ", ").rstrip(")"))
        if p.resolved_late and p.resolved_in_time:
            res += W.DON_RESOLVED_TIMING.format(in_time=n(p.resolved_in_time), late=n(p.resolved_late))
        elif p.resolved_late:
            res += W.DON_RESOLVED_ALL_LATE.format(late=n(p.resolved_late))
        clauses = [res]
        if p.open_in_time:
            clauses.append(W.DON_OPEN.format(n=n(p.open_in_time)))
        clauses.append(W.DON_OVERDUE.format(n=n(p.overdue)) if p.overdue else
                       (W.DON_OVERDUE_NONE if p.open_in_time else ""))
        if not p.open_in_time and not p.overdue:
            clauses[-1] = ""
        text = clauses[0]
        rest = [c for c in clauses[1:] if c]
        if rest:
            text += "; " + ", ".join(rest)
        out.append(body(sentence(text)))
        kn_tc_out = [o for o in p.outcomes if o.code in ("dung", "dung_mot_phan", "sai", "rut_don", "dinh_chi")]
        if kn_tc_out:
            out.append(body(W.DON_OUTCOME_KN_TC.format(items=join(
                [W.DON_OUTCOME_ITEM.format(label=label_lc(o.label), n=n(o.n)) for o in kn_tc_out]))))
    elif p.received:
        out.append(body(W.DON_NO_THU_LY))
    if stats.by_year:
        rows = []
        for y in stats.by_year:
            rows.append((y.year, _fmt_int(y.don_nhan), _fmt_int(y.don_thu_ly_moi), _fmt_int(y.don_giai_quyet),
                         fmt_percent(y.don_giai_quyet, y.don_thu_ly, ctx.decimals) or "–"))
        t = _year_table(W.T_DON_TITLE, W.T_DON_COLS, rows,
                        (_fmt_int(p.received), _fmt_int(p.thu_ly), _fmt_int(p.resolved),
                         pct(p.resolve_rate, ctx) or "–"))
        t.note = W.T_DON_NOTE
        out.append(t)
    return out


def _mediation_kind(mk, ctx, it, pv, getter, tpl, none_tpl) -> list:
    if not mk.total:
        return [body(none_tpl.format(intro=it, unit=ctx.unit_short))]
    inner = [W.HG_CARRIED.format(n=n(mk.carried))] if mk.carried else []
    c = cmp(mk.new, pv, getter, "vụ việc", paren=False)
    if c:
        inner.append(c)
    paren = W.PAREN.format(W.PAREN_SEP.join(inner)) if inner else ""
    if mk.new:
        head = tpl.format(unit=ctx.unit_short, new=n(mk.new), paren=paren)
    else:
        only = W.HG_CO_SO_CARRIED_ONLY if tpl is W.HG_CO_SO else W.HG_DAT_DAI_CARRIED_ONLY
        head = only.format(unit=ctx.unit_short, n=n(mk.carried))
    clauses = [head]
    if mk.mediated:
        m = W.HG_MEDIATED.format(mediated=n(mk.mediated))
        if mk.thanh:
            m += ", " + W.HG_THANH.format(ratio=W.RATIO_RATE.format(num=n(mk.thanh), den=n(mk.mediated),
                                                                    unit="vụ việc", pct=pct(mk.rate, ctx)))
        else:
            m += ", " + W.HG_THANH_NONE
        m += ", " + (W.HG_KHONG_THANH.format(n=n(mk.khong_thanh)) if mk.khong_thanh else W.HG_KHONG_THANH_NONE)
        clauses.append(m)
    else:
        clauses.append(W.HG_NOT_YET)
    tail = []
    if mk.rut:
        tail.append(W.HG_RUT.format(n=n(mk.rut)))
    if mk.khong_thuoc:
        tail.append(W.HG_KHONG_THUOC.format(n=n(mk.khong_thuoc)))
    if mk.dang:
        tail.append(W.HG_DANG.format(n=n(mk.dang)))
    text = clauses[0] + ", " + clauses[1]
    if tail:
        text += "; " + ", ".join(tail)
    out = [body(sentence(text))]
    fields = top(mk.by_field)
    if fields and len(mk.by_field) > 1:
        out.append(body(W.HG_FIELDS.format(fields=join(
            [W.HG_FIELD_ITEM.format(label=label_lc(c.label, short=True), n=n(c.n)) for c in fields]))))
    return out


def hoa_giai(stats: Stats, ctx: ProseContext) -> list:
    m = stats.mediation
    it = intro(ctx, stats)
    pv = prev(stats, ctx)
    out = []
    if m.teams:
        out.append(body((W.HG_TEAMS if m.mediators else W.HG_TEAMS_ONLY)
                        .format(unit_type=ctx.unit_type, teams=n(m.teams), mediators=n(m.mediators))))
    co_so = _mediation_kind(m.co_so, ctx, it, pv, lambda s: s.mediation.co_so.new, W.HG_CO_SO, W.HG_CO_SO_NONE)
    # the first sentence of a kind starts with the period when not yet said
    if m.co_so.total:
        co_so[0] = Para(f"{it}, " + lower_first(co_so[0].text))
    out += co_so
    if m.dat_dai.total:
        out += _mediation_kind(m.dat_dai, ctx, it, pv, lambda s: s.mediation.dat_dai.new, W.HG_DAT_DAI,
                               W.HG_DAT_DAI_NONE)
    if stats.by_year:
        rows = [(y.year, _fmt_int(y.hoa_giai_nhan), _fmt_int(y.hoa_giai_thanh)) for y in stats.by_year]
        out.append(_year_table(W.T_HG_TITLE, W.T_HG_COLS, rows,
                               (_fmt_int(m.co_so.new + m.dat_dai.new), _fmt_int(m.co_so.thanh + m.dat_dai.thanh))))
    return out


def _model_name(ten: str) -> str:
    """"Mô hình “Hũ gạo”" / "Hũ gạo" → "“Hũ gạo”"; a name that already holds
    quotes (Vệ sinh môi trường “Xanh, sạch, đẹp”) is not wrapped again."""
    t = ten.strip()
    if t.lower().startswith("mô hình "):
        t = t[len("mô hình "):].strip()
    if t.startswith("“") and t.endswith("”") and t.count("“") == 1:
        t = t[1:-1].strip()
    t = upper_first(t)
    return t if "“" in t else W.MH_QUOTE.format(t)


_VILLAGE_WORDS = ("Thôn ", "Tổ dân phố ", "Khu phố ", "Ấp ", "Bản ", "Buôn ", "Khu dân cư ", "Xóm ", "Tổ ")


def _place(dia_ban: str | None) -> str:
    """"Thôn An Bình" → "thôn An Bình"; "Toàn xã" → "" (not worth saying)."""
    if not dia_ban:
        return ""
    p = dia_ban.strip()
    if p.lower().startswith(W.MH_PLACE_WHOLE):
        return ""
    if p.startswith(_VILLAGE_WORDS):
        p = lower_first(p)
    return p


def _model_item(m) -> str:
    org = m.don_vi_label
    place = _place(m.dia_ban)
    if m.don_vi == "thon":  # run by the village itself
        return W.MH_ITEM_VILLAGE.format(ten=_model_name(m.ten), place=place or W.MH_VILLAGES)
    if place:
        return W.MH_ITEM_PLACE.format(ten=_model_name(m.ten), org=org, place=place)
    return W.MH_ITEM.format(ten=_model_name(m.ten), org=org)


def _models_by_field(items, ctx) -> list:
    out = []
    fields: dict[str, list] = {}
    for m in items:
        fields.setdefault(m.linh_vuc_label, []).append(m)
    for label, ms in fields.items():
        named = [_model_item(m) for m in ms[:ctx.max_named]]
        if len(ms) > ctx.max_named:
            named.append(W.MORE_ITEMS.format(n=n(len(ms) - ctx.max_named), unit="mô hình"))
        out.append(plus(W.MH_FIELD_LINE.format(label=label_lc(label), items="; ".join(named)) + "."))
    return out


def dan_van_kheo(stats: Stats, ctx: ProseContext) -> list:
    mo = stats.models
    it = intro(ctx, stats)
    if not mo.total:
        return [body(W.MH_NONE.format(intro=it))]
    out = []
    if len(mo.years) == 1:
        statuses = join([W.MH_STATUS_ITEM.format(label=label_lc(c.label), n=n(c.n)) for c in mo.by_status])
        out.append(body(W.MH_YEAR.format(year=mo.years[0], unit_type=ctx.unit_type, n=n(mo.total),
                                         statuses=statuses)))
        for c in mo.by_status:
            out.append(bullet(W.MH_STATUS_HEAD.format(label=label_lc(c.label), n=n(c.n)) + ":"))
            out += _models_by_field(mo.status_items(c.code), ctx)
    else:
        fields = join([W.MH_FIELD_ITEM.format(label=label_lc(c.label), n=n(c.n)) for c in mo.by_field])
        out.append(body(W.MH_MULTI.format(intro=it, unit_type=ctx.unit_type, n=n(mo.total),
                                          nf=n(len(mo.by_field)), fields=fields)))
        out += _models_by_field(mo.items, ctx)
        codes = [c for c in ("dang_ky_moi", "duy_tri", "nhan_rong", "cung_co", "dung")]
        labels = {}
        for y in mo.per_year:
            for c in y.by_status:
                labels[c.code] = c.label
        cols = [W.T_YEAR] + [labels.get(c, c) for c in codes if c in labels] + [W.T_TOTAL]
        used = [c for c in codes if c in labels]
        rows = []
        for y in mo.per_year:
            vals = {c.code: c.n for c in y.by_status}
            rows.append((y.year, *[_fmt_int(vals.get(c, 0)) for c in used], _fmt_int(y.total)))
        out.append(_year_table(W.T_MH_TITLE, cols, rows))
    if mo.recognised:
        out.append(body(W.MH_RECOGNISED.format(n=n(mo.recognised))))
    return out


BUILDERS: dict[str, Builder] = {
    "dac_diem": dac_diem,
    "van_ban_chi_dao": van_ban_chi_dao,
    "tuyen_truyen": tuyen_truyen,
    "cai_cach_hanh_chinh": cai_cach_hanh_chinh,
    "dan_chu_co_so": dan_chu_co_so,
    "tiep_cong_dan": tiep_cong_dan,
    "don_thu": don_thu,
    "hoa_giai": hoa_giai,
    "dan_van_kheo": dan_van_kheo,
}

BUILDER_TITLES: dict[str, str] = {
    "dac_diem": "Đặc điểm tình hình (diện tích, dân số, thôn, tổ dân phố)",
    "van_ban_chi_dao": "Văn bản chỉ đạo, điều hành đã ban hành",
    "tuyen_truyen": "Tuyên truyền, tập huấn, kiểm tra",
    "cai_cach_hanh_chinh": "Cải cách hành chính, thủ tục hành chính (số liệu theo kỳ)",
    "dan_chu_co_so": "Thực hiện dân chủ ở cơ sở (số liệu theo kỳ)",
    "tiep_cong_dan": "Tiếp công dân, đối thoại",
    "don_thu": "Tiếp nhận, xử lý đơn; giải quyết khiếu nại, tố cáo",
    "hoa_giai": "Hòa giải ở cơ sở",
    "dan_van_kheo": "Phong trào thi đua “Dân vận khéo”",
}


def build(key: str, stats: Stats, ctx: ProseContext | None = None) -> list:
    """Run one builder (unknown key → empty list)."""
    fn = BUILDERS.get(key)
    if fn is None:
        return []
    return fn(stats, ctx or ProseContext.for_stats(stats))
