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

from core.report import wording as W
from core.report.document import Cell, Para
from core.report.phrases import (
    VILLAGE_WORDS,
    Builder,
    ProseContext,
    _same_span,
    _yc,
    _year_table,
    _yr,
    body,
    bullet,
    cmp,
    intro,
    join,
    label_lc,
    lower_first,
    merger_sentence,
    n,
    num,
    pct,
    plus,
    prev,
    sentence,
    span_lead,
    span_note,
    top,
    upper_first,
    village_name,
)
from core.report.sources import Recorder
from core.report.stats.model import Stats
from core.text import fmt_date, fmt_number

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
        if p.village_counts:  # each kind counted apart: "40 thôn, 43 tổ dân phố"
            villages = W.PROFILE_VILLAGE_COUNTS.format(unit_type=p.unit_type, counts=join(
                [W.PROFILE_VILLAGE_COUNT.format(n=n(c), kind=k) for k, c in p.village_counts]))
        else:
            villages = W.PROFILE_VILLAGES.format(unit_type=p.unit_type, n=n(p.villages), village_kind=p.village_kind)
        if p.villages <= 20:
            villages += W.PROFILE_VILLAGE_NAMES.format(names=join([village_name(x) for x in p.village_names]))
    if first:
        parts = [first] + [x for x in (people, villages) if x]
        text = join(parts)
    elif people:
        text = W.PROFILE_HAS.format(Unit=Unit) + join([x for x in (people, villages) if x])
    elif villages:  # "Xã X có 02 thôn, 01 tổ dân phố (…)", not "Xã X có toàn xã có …"
        lead = W.PROFILE_VILLAGE_COUNTS.format(unit_type=p.unit_type, counts="")
        text = W.PROFILE_HAS.format(Unit=Unit) + (villages[len(lead):] if villages.startswith(lead) else villages)
    else:
        text = ""
    # without area, people or villages: the gap is said (a placeholder), the merger and the notes still are
    out = [body(sentence(text)) if text else body(W.PROFILE_NONE.format(unit=p.title))]
    if p.predecessors:
        out.append(body(merger_sentence(p)))
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


def _doc_bullets(docs, issuer=lambda d: "") -> list:
    out = []
    for i, d in enumerate(docs):
        end = "." if i == len(docs) - 1 else ";"
        line = _doc_line(d)
        who = issuer(d)
        if who:
            day = f"ngày {fmt_date(d.ngay)}"
            line = line.replace(day, day + who, 1)
        out.append(bullet(line + end))
    return out


def _issuing_units(stats: Stats, docs) -> list[tuple[int | None, list]]:
    """The documents grouped by the unit that issued them, predecessors first,
    when any of them was issued by a predecessor commune (a period spanning
    the merger); one group otherwise."""
    p = stats.profile
    root = p.unit_id if p else None
    groups: dict = {}
    for d in docs:
        groups.setdefault(d.unit_id, []).append(d)
    if p is None or not p.predecessors or set(groups) <= {root, None}:
        return [(root, list(docs))]
    order = [u for u, _ in p.unit_titles if u != root and u in groups] + [u for u in groups if u == root]
    order += [u for u in groups if u not in order]
    return [(u, groups[u]) for u in order]


def van_ban_chi_dao(stats: Stats, ctx: ProseContext) -> list:
    docs = stats.documents.directive
    it = intro(ctx, stats)
    p = stats.profile
    if not docs:
        out = [body(W.VB_NONE.format(intro=it, unit=ctx.unit_short))]
    elif len(groups := _issuing_units(stats, docs)) == 1 and groups[0][0] in (None, p.unit_id if p else None):
        tpl = W.VB_INTRO_ONE if len(docs) == 1 else W.VB_INTRO
        out = [body(tpl.format(intro=it, unit=ctx.unit_short, n=n(len(docs))))]
        out += _doc_bullets(docs)
    else:  # a predecessor's documents are attributed to it ("UBND xã Hòa Bình (cũ) đã ban hành …")
        out = []
        when_date = fmt_date(p.merger_date) if p.merger_date else ""
        for k, (uid, ds) in enumerate(groups):
            title = p.unit_title_of(uid) or p.title
            old = uid != p.unit_id
            who = W.VB_UNIT_OLD.format(title=title) if old else f"UBND {title}"
            when = ((W.VB_UNIT_BEFORE if old else W.VB_UNIT_SINCE).format(date=when_date)
                    if when_date and len(groups) > 1 else "")
            text = W.VB_UNIT_INTRO.format(who=who, n=n(len(ds)), when=when)
            out.append(body(f"{it}, {text}" if k == 0 else text))
            out += _doc_bullets(ds)
    lasting = stats.documents.in_force
    if lasting:
        def issuer(d):
            if d.co_quan:
                return W.VB_IN_FORCE_OF.format(co_quan=d.co_quan)
            if p and d.unit_id not in (None, p.unit_id) and p.unit_title_of(d.unit_id):
                return W.VB_IN_FORCE_OF.format(co_quan=W.VB_UNIT_OLD.format(title=p.unit_title_of(d.unit_id)))
            return ""
        if len(lasting) == 1:
            line = _doc_bullets(lasting, issuer)[0].text.lstrip("- ").rstrip(".")
            out.append(body(W.VB_IN_FORCE_ONE.format(unit=ctx.unit_short, doc=line)))
        else:
            out.append(body(W.VB_IN_FORCE.format(unit=ctx.unit_short)))
            out += _doc_bullets(lasting, issuer)
    return out


def _activity_parts(tt, th, kt, R: Recorder | None = None) -> list[str]:
    def f(x, source):
        return R.n(source) if R is not None else n(x)

    parts = []
    a = "activities"
    if tt.sessions:
        parts.append((W.TT_SESSIONS if tt.attendees else W.TT_SESSIONS_NOPEOPLE)
                     .format(n=f(tt.sessions, f"{a}.tuyen_truyen.sessions"),
                             people=f(tt.attendees, f"{a}.tuyen_truyen.attendees") if tt.attendees else ""))
    if th.sessions:
        parts.append((W.TH_SESSIONS if th.attendees else W.TH_SESSIONS_NOPEOPLE)
                     .format(n=f(th.sessions, f"{a}.tap_huan.sessions"),
                             people=f(th.attendees, f"{a}.tap_huan.attendees") if th.attendees else ""))
    if kt.sessions:
        parts.append(W.KT_SESSIONS.format(n=f(kt.sessions, f"{a}.kiem_tra.sessions")))
    return parts


def tuyen_truyen(stats: Stats, ctx: ProseContext) -> list:
    a = stats.activities
    R = Recorder(stats, ctx.decimals)
    parts = _activity_parts(a.tuyen_truyen, a.tap_huan, a.kiem_tra, R)
    if not parts:
        return [body(W.TT_NONE.format(intro=intro(ctx, stats)))]
    label = (ctx.period or stats.period).label
    out = [body(W.TT_SENTENCE.format(label=label if not label.startswith("từ") else f"kỳ báo cáo ({label})",
                                     unit=ctx.unit_short,
                                     parts="; ".join(parts)), R.take())]
    if stats.by_year:
        rows = [(y.year, _yc(stats, f"by_year[{i}].tuyen_truyen_cuoc"), _yc(stats, f"by_year[{i}].tuyen_truyen_nguoi"))
                for i, y in enumerate(stats.by_year)]
        out.append(_year_table(W.T_TT_TITLE, W.T_TT_COLS, rows,
                               (_yc(stats, "activities.tuyen_truyen.sessions"),
                                _yc(stats, "activities.tuyen_truyen.attendees")), sum_cols=(1, 2)))
    return out


def _ratio_r(R: Recorder, num_src: str, den_src: str, unit: str) -> str:
    """"1.637/1.963 hồ sơ, đạt 83,39%" with the sources of its three figures."""
    top = R.n(num_src, fmt=lambda x: "0" if not x else num(x))
    return W.RATIO_RATE.format(num=top, den=R.n(den_src, fmt=num), unit=unit, pct=R.rate(num_src, den_src))


_DVC_MP = ("figures[dvc_mot_phan_truc_tuyen]", "figures[dvc_mot_phan_tong]")
_DVC_TT = ("figures[dvc_toan_trinh_truc_tuyen]", "figures[dvc_toan_trinh_tong]")


def cai_cach_hanh_chinh(stats: Stats, ctx: ProseContext) -> list:
    """Procedures, online services, survey: each group of period figures with
    the span its entries cover when that is not the report period."""
    f = stats.figures
    R = Recorder(stats, ctx.decimals)
    out = []
    if f.has("tthc_tiep_nhan") or f.tthc_dung_han.defined:
        parts = []
        lead = span_lead(stats, ctx, "tthc")
        if f.has("tthc_tiep_nhan"):
            parts.append(W.CCHC_TIEP_NHAN.format(intro=lead, unit_type=ctx.unit_type,
                                                 n=R.n("figures[tthc_tiep_nhan]", fmt=num)))
        if f.tthc_dung_han.defined:
            dh = _ratio_r(R, "figures[tthc_dung_han]", "figures[tthc_dung_han]+figures[tthc_tre_han]", "hồ sơ")
            parts.append(W.CCHC_DUNG_HAN.format(ratio=dh) if f.has("tthc_tiep_nhan") else
                         W.CCHC_DUNG_HAN_LEAD.format(intro=lead, ratio=dh))
            if f.get("tthc_tre_han"):
                parts.append(W.CCHC_TRE_HAN.format(n=R.n("figures[tthc_tre_han]", fmt=num)))
        out.append(body(sentence(join(parts)), R.take()))
    dvc = [(f.dvc_mot_phan, W.CCHC_DVC_MOT_PHAN, _DVC_MP), (f.dvc_toan_trinh, W.CCHC_DVC_TOAN_TRINH, _DVC_TT)]
    dvc = [(r, t, s) for r, t, s in dvc if r.defined]
    said = "tthc" if out else ""  # a span already said in this section is not repeated
    if dvc:
        out.append(body(W.CCHC_DVC_INTRO.format(note="" if said and _same_span(stats, said, "dvc") else
                                                 span_note(stats, ctx, "dvc"))))
        said = "dvc"
        for _, t, (a, b) in dvc:
            out.append(plus(t.format(ratio=_ratio_r(R, a, b, "hồ sơ")) + ";", R.take()))
        if len(dvc) == 2:
            tong = _ratio_r(R, f"{_DVC_MP[0]}+{_DVC_TT[0]}", f"{_DVC_MP[1]}+{_DVC_TT[1]}", "hồ sơ")
            out.append(plus(W.CCHC_DVC_TONG.format(ratio=tong) + ".", R.take()))
        else:
            last = out[-1]
            out[-1] = Para(last.text[:-1] + ".", kind=last.kind, refs=last.refs)
    if f.hai_long.defined:
        sp = stats.period_figures.span("khao_sat")
        text = W.CCHC_KHAO_SAT.format(unit=ctx.unit_short, phieu=R.n("figures[khao_sat_phieu]", fmt=num),
                                      ratio=_ratio_r(R, "figures[khao_sat_hai_long]", "figures[khao_sat_phieu]",
                                                     "phiếu"))
        if sp is not None and sp.has_data and not sp.exact and not (said and _same_span(stats, said, "khao_sat")):
            text = f"{span_lead(stats, ctx, 'khao_sat')}, {text}"
        out.append(body(sentence(text), R.take()))
    if not out:
        out.append(Para(W.CCHC_NONE, kind="note"))
    return out


_DCCS = (("lay_y_kien", W.DCCS_LAY_Y_KIEN), ("ttnd_giam_sat", W.DCCS_TTND),
         ("gsdtcd_cong_trinh", W.DCCS_GSDTCD), ("huong_uoc", W.DCCS_HUONG_UOC))
_CCHC_CODES = {"tthc_tiep_nhan", "tthc_dung_han", "tthc_tre_han", "dvc_mot_phan_tong", "dvc_mot_phan_truc_tuyen",
               "dvc_toan_trinh_tong", "dvc_toan_trinh_truc_tuyen", "khao_sat_phieu", "khao_sat_hai_long"}


def dan_chu_co_so(stats: Stats, ctx: ProseContext) -> list:
    f = stats.figures
    R = Recorder(stats, ctx.decimals)
    parts = [t.format(n=R.n(f"figures[{code}]", fmt=num), unit=ctx.unit_short) for code, t in _DCCS if f.get(code)]
    known = _CCHC_CODES | {c for c, _ in _DCCS}
    for c in f.values:
        if c.code not in known and f.get(c.code):
            parts.append(W.DCCS_OTHER.format(label=c.label, value=R.n(f"figures[{c.code}]", fmt=num), unit=""))
    if not parts:
        return []
    return [body(W.DCCS_SENTENCE.format(intro=span_lead(stats, ctx, "dccs"), parts="; ".join(parts)), R.take())]


def tiep_cong_dan(stats: Stats, ctx: ProseContext) -> list:
    r = stats.reception
    it = intro(ctx, stats, note=True)
    pv = prev(stats, ctx)
    R = Recorder(stats, ctx.decimals)
    out = []
    if not r.luot:
        out.append(body(W.TCD_NONE.format(intro=it, unit=ctx.unit_short)))
    else:
        t = r.total
        head = W.TCD_TOTAL.format(intro=it, unit=ctx.unit_short, luot=R.n("reception.total.luot"),
                                  nguoi=R.n("reception.total.nguoi"), vu_viec=R.n("reception.total.vu_viec"), cmp=cmp(t.luot, pv, lambda s: s.reception.luot, "lượt"))
        # the Chairman's reception (định kỳ, đột xuất), then the civil servants' routine reception
        chair = []
        if r.dinh_ky.luot:
            chair.append(W.TCD_FORM_DINH_KY.format(unit_type=ctx.unit_type, luot=R.n("reception.dinh_ky.luot"),
                                                   nguoi=R.n("reception.dinh_ky.nguoi"),
                                                   ky=R.n("reception.dinh_ky_sessions")))
        if r.dot_xuat.luot:
            tpl = W.TCD_FORM_DOT_XUAT if chair else W.TCD_FORM_DOT_XUAT_CHAIR
            chair.append(tpl.format(unit_type=ctx.unit_type, luot=R.n("reception.dot_xuat.luot"),
                                    nguoi=R.n("reception.dot_xuat.nguoi")))
        forms = [join(chair)] if chair else []
        if r.thuong_xuyen.luot:
            forms.append(W.TCD_FORM_THUONG_XUYEN.format(luot=R.n("reception.thuong_xuyen.luot"),
                                                         nguoi=R.n("reception.thuong_xuyen.nguoi")))
        clauses = [head]
        if forms:
            clauses.append(W.TCD_FORMS.format(forms=W.TCD_FORMS_SEP.join(forms)))
        clauses.append(W.TCD_DOAN.format(doan=R.n("reception.total.doan"), nguoi=R.n("reception.total.doan_nguoi")) if t.doan else W.TCD_DOAN_NONE)
        out.append(body(sentence(*clauses), R.take()))
        extra = []
        if t.vu_viec_nhieu_lan:
            extra.append(W.TCD_LAN.format(lan_dau=R.n("reception.total.vu_viec_lan_dau"),
                                          nhieu_lan=R.n("reception.total.vu_viec_nhieu_lan")))
        fields = top(r.by_field)
        if fields:
            extra.append(W.TCD_FIELDS.format(fields=join(
                [W.TCD_FIELD_ITEM.format(label=label_lc(c.label), n=R.n(f"reception.by_field[{c.code}]")) for c in fields])))
        if extra:
            out.append(body(" ".join(extra), R.take()))
    out += _dialogue_paras(stats, ctx, intro(ctx, stats), pv)
    if stats.by_year:
        # a case is counted in the first year of the period it is seen in, so the column adds up
        cols = ("tiep_luot", "tiep_nguoi", "tiep_vu_viec", "doi_thoai", "doi_thoai_nguoi")
        rows = [(y.year, *[_yc(stats, f"by_year[{i}].{c}") for c in cols]) for i, y in enumerate(stats.by_year)]
        out.append(_year_table(W.T_TCD_TITLE, W.T_TCD_COLS, rows, tuple(_yc(stats, s) for s in (
            "reception.total.luot", "reception.total.nguoi", "reception.total.vu_viec", "dialogues.count",
            "dialogues.attendees")), sum_cols=(1, 2, 3, 4, 5)))
    return out


def _dialogue_paras(stats: Stats, ctx: ProseContext, it: str, pv) -> list:
    d = stats.dialogues
    if not d.count:
        return [body(W.DT_NONE.format(intro=it, unit=ctx.unit_short))]
    R = Recorder(stats, ctx.decimals)
    clauses = [W.DT_TOTAL.format(intro=it, unit=ctx.unit_short, n=R.n("dialogues.count"),
                                 people=R.n("dialogues.attendees"),
                                 cmp=cmp(d.count, pv, lambda s: s.dialogues.count, "cuộc"))]
    if d.opinions:
        op = W.DT_OPINIONS.format(n=R.n("dialogues.opinions"))
        fields = top(d.by_field)
        if fields:
            op += ", " + W.DT_OPINION_FIELDS.format(fields=join(
                [W.DT_FIELD_ITEM.format(label=label_lc(c.label), n=R.n(f"dialogues.by_field[{c.code}]"))
                 for c in fields]))
        clauses.append(op)
    if d.answered:
        clauses.append(W.DT_ANSWERED.format(n=R.n("dialogues.answered")))
    if d.assigned:
        clauses.append(W.DT_ASSIGNED.format(n=R.n("dialogues.assigned")))
    return [body(sentence(*clauses), R.take())]


def _content_items(by_content, R: Recorder | None = None) -> list[str]:
    """Khiếu nại and tố cáo first, then the other contents by size; past
    ``DON_CONTENT_MAX`` items the rest (with "khác") is one group."""
    def f(items):
        if R is None:
            return n(sum(x.n for x in items))
        return R.n("+".join(f"petitions.by_content[{x.code}]" for x in items))

    first = [c for c in by_content if c.code in ("khieu_nai", "to_cao")]
    first.sort(key=lambda c: c.code != "khieu_nai")
    rest = [c for c in by_content if c.code not in ("khieu_nai", "to_cao")]
    items = first + rest
    if len(items) > W.DON_CONTENT_MAX:
        named, other = items[:W.DON_CONTENT_MAX - 1], items[W.DON_CONTENT_MAX - 1:]
        out = [W.DON_CONTENT_ITEM.format(label=label_lc(x.label), n=f([x])) for x in named]
        return out + [W.DON_CONTENT_REST.format(n=f(other))]
    return [W.DON_CONTENT_ITEM.format(label=label_lc(x.label), n=f([x])) for x in items]


def _carried_text(p, R: Recorder) -> str:
    """"kỳ trước chuyển sang 03 đơn chưa xử lý và 04 đơn thuộc thẩm quyền chưa
    giải quyết xong": the two carried-over quantities of the Inspectorate
    forms (annex II column "Kỳ trước chuyển sang chưa xử lý", annex III
    "Kỳ trước chuyển sang chưa giải quyết xong"), each named — never one
    number for both (docs/DECISIONS.md, carried over)."""
    parts = []
    if p.carried_xu_ly:
        parts.append(W.DON_CARRIED_XU_LY.format(n=R.n("petitions.carried_xu_ly")))
    if p.thu_ly_carried:
        parts.append(W.DON_CARRIED_THU_LY.format(n=R.n("petitions.thu_ly_carried")))
    return W.DON_CARRIED.format(items=W.LIST_LAST.join(parts)) if parts else ""


def don_thu(stats: Stats, ctx: ProseContext) -> list:
    p = stats.petitions
    R = Recorder(stats, ctx.decimals)
    it = intro(ctx, stats, note=True)
    pv = prev(stats, ctx)
    out = []
    c = cmp(p.received, pv, lambda s: s.petitions.received, "đơn")
    if not p.received:
        carried = _carried_text(p, R)
        if carried:
            out.append(body(W.DON_NONE_CARRIED.format(intro=it, unit=ctx.unit_short, carried=carried), R.take()))
        else:
            out.append(body(W.DON_NONE.format(intro=it, unit=ctx.unit_short, cmp=c)))
    else:
        received = R.n("petitions.received")
        carried = _carried_text(p, R)
        inner = [carried] if carried else []
        c_plain = cmp(p.received, pv, lambda s: s.petitions.received, "đơn", paren=False)
        if c_plain:
            inner.append(c_plain)
        paren = W.PAREN.format(W.PAREN_SEP.join(inner)) if inner else ""
        clauses = [W.DON_RECEIVED.format(intro=it, unit=ctx.unit_short, n=received, paren=paren)]
        classified = p.du + p.khong_du
        if p.du and p.du == p.received:
            clauses.append(W.DON_ALL_DU.format(n=R.n("petitions.du")))
        elif classified:
            split = []
            if p.du:
                split.append(W.DON_DU_SPLIT.format(du=R.n("petitions.du"),
                                                   pct=R.rate("petitions.du", "petitions.received")))
            if p.khong_du:
                kd_n = R.n("petitions.khong_du")
                action = W.DON_KHONG_DU_LUU if not p.khong_du_huong_dan else W.DON_KHONG_DU_HD.format(
                    n=R.n("petitions.khong_du_huong_dan"))
                reasons = W.DON_REASONS.format(items=join(
                    [f"{label_lc(r.label)} {R.n(f'petitions.reasons[{r.code}]')} đơn" for r in p.reasons])) \
                    if p.reasons else ""
                kd = W.DON_KHONG_DU.format(n=kd_n, action=action, reasons=reasons)
                split.append(kd if p.du else "trong đó " + kd)
            clauses.append(" và ".join(split) if len(split) == 2 else split[0])
        if p.chua_phan_loai:
            clauses.append(W.DON_CHUA_PHAN_LOAI.format(n=R.n("petitions.chua_phan_loai")))
        first = clauses[0] + (", " + "; ".join(clauses[1:]) if len(clauses) > 1 else "")
        out.append(body(sentence(first), R.take()))
        # content, zero KN/TC, crowd
        content = W.DON_CONTENT.format(items=join(_content_items(p.by_content, R)))
        kn, tc = p.type_count("khieu_nai"), p.type_count("to_cao")
        zero = W.DON_NO_KN_TC if not kn and not tc else (W.DON_NO_KN if not kn else (W.DON_NO_TC if not tc else ""))
        crowd = W.DON_DONG_NGUOI.format(n=R.n("petitions.dong_nguoi")) if p.dong_nguoi else W.DON_DONG_NGUOI_NONE
        out.append(body(" ".join(x for x in (content, zero, crowd) if x), R.take()))
        # handling
        items = []
        if p.thu_ly:
            thu_ly = R.n("petitions.thu_ly")
            groups = [W.DON_GROUP_ITEM.format(n=R.n(f"petitions.thu_ly_by_group[{g.code}]"), label=label_lc(g.label))
                      for g in p.thu_ly_by_group] if len(p.thu_ly_by_group) > 1 else []
            items.append(W.DON_H_THU_LY.format(n=thu_ly, groups=f" ({join(groups)})" if groups else ""))
        for field_, tpl in (("chuyen", W.DON_H_CHUYEN), ("huong_dan", W.DON_H_HUONG_DAN),
                            ("don_doc", W.DON_H_DON_DOC), ("luu_du", W.DON_H_LUU), ("du_chua_xu_ly", W.DON_H_CHUA)):
            if getattr(p, field_):
                items.append(tpl.format(n=R.n(f"petitions.{field_}")))
        if items:
            out.append(body(W.DON_HANDLING.format(items="; ".join(items)), R.take()))
    # resolution (thụ lý received in period + carried over)
    if p.thu_ly_total:
        if p.resolved:
            num_, den_ = R.n("petitions.resolved"), R.n("petitions.thu_ly_total")
            carried = W.DON_RESOLVED_CARRIED.format(n=R.n("petitions.thu_ly_carried")) if p.thu_ly_carried else ""
            res = W.DON_RESOLVED.format(num=num_, den=den_, carried=carried,
                                        pct=R.rate("petitions.resolved", "petitions.thu_ly_total"))
        else:
            den_ = R.n("petitions.thu_ly_total")
            carried = W.DON_RESOLVED_CARRIED.format(n=R.n("petitions.thu_ly_carried")) if p.thu_ly_carried else ""
            res = W.DON_RESOLVED_NONE.format(den=den_, carried=carried.replace(" (", ", ").rstrip(")"))
        if p.resolved_late and p.resolved_in_time:
            res += W.DON_RESOLVED_TIMING.format(in_time=R.n("petitions.resolved_in_time"),
                                                late=R.n("petitions.resolved_late"))
        elif p.resolved_late:
            res += W.DON_RESOLVED_ALL_LATE.format(late=R.n("petitions.resolved_late"))
        clauses = [res]
        if p.open_in_time:
            clauses.append(W.DON_OPEN.format(n=R.n("petitions.open_in_time")))
        clauses.append(W.DON_OVERDUE.format(n=R.n("petitions.overdue")) if p.overdue else
                       (W.DON_OVERDUE_NONE if p.open_in_time else ""))
        if not p.open_in_time and not p.overdue:
            clauses[-1] = ""
        text = clauses[0]
        rest = [c for c in clauses[1:] if c]
        if rest:
            text += "; " + ", ".join(rest)
        out.append(body(sentence(text), R.take()))
        kn_tc_out = [o for o in p.outcomes if o.code in ("dung", "dung_mot_phan", "sai", "rut_don", "dinh_chi")]
        if kn_tc_out:
            out.append(body(W.DON_OUTCOME_KN_TC.format(items=join(
                [W.DON_OUTCOME_ITEM.format(label=label_lc(o.label), n=R.n(f"petitions.outcomes[{o.code}]"))
                 for o in kn_tc_out])), R.take()))
    elif p.received:
        out.append(body(W.DON_NO_THU_LY))
    if stats.by_year:
        # carried (thụ lý unresolved at the year's start) + thụ lý = to resolve;
        # the total row: carried at the period's start, the years' sums, the
        # rate of its own numerator and denominator (the prose's rate)
        rows = [(y.year, _yc(stats, f"by_year[{i}].don_nhan"), _yc(stats, f"by_year[{i}].don_chuyen_sang"),
                 _yc(stats, f"by_year[{i}].don_thu_ly_moi"), _yc(stats, f"by_year[{i}].don_giai_quyet"),
                 _yr(stats, ctx, f"by_year[{i}].don_giai_quyet", f"by_year[{i}].don_thu_ly"))
                for i, y in enumerate(stats.by_year)]
        t = _year_table(W.T_DON_TITLE, W.T_DON_COLS, rows,
                        (_yc(stats, "petitions.received"), _yc(stats, "petitions.thu_ly_carried"),
                         _yc(stats, "petitions.thu_ly"), _yc(stats, "petitions.resolved"),
                         _yr(stats, ctx, "petitions.resolved", "petitions.thu_ly_carried+petitions.thu_ly")),
                        sum_cols=(1, 3, 4))
        t.sums.append(((len(rows), 2), ((0, 2),)))  # carried at the period's start = at the first year's
        t.note = W.T_DON_NOTE
        out.append(t)
    return out


def _mediation_kind(mk, ctx, it, pv, getter, tpl, none_tpl, R: Recorder | None = None) -> list:
    if not mk.total:
        return [body(none_tpl.format(intro=it, unit=ctx.unit_short))]
    src = f"mediation.{mk.kind}"

    def f(name, x):
        return R.n(f"{src}.{name}") if R is not None else n(x)

    inner = [W.HG_CARRIED.format(n=f("carried", mk.carried))] if mk.carried and mk.new else []
    c = cmp(mk.new, pv, getter, "vụ việc", paren=False)
    if c:
        inner.append(c)
    paren = W.PAREN.format(W.PAREN_SEP.join(inner)) if inner else ""
    if mk.new:
        head = tpl.format(unit=ctx.unit_short, new=f("new", mk.new), paren=paren)
    else:
        only = W.HG_CO_SO_CARRIED_ONLY if tpl is W.HG_CO_SO else W.HG_DAT_DAI_CARRIED_ONLY
        head = only.format(unit=ctx.unit_short, n=f("carried", mk.carried))
    clauses = [head]
    if mk.mediated:
        m = W.HG_MEDIATED.format(mediated=f("mediated", mk.mediated))
        if mk.thanh:
            pct_ = R.rate(f"{src}.thanh", f"{src}.mediated") if R is not None else pct(mk.rate, ctx)
            m += ", " + W.HG_THANH.format(ratio=W.RATIO_RATE.format(num=f("thanh", mk.thanh),
                                                                    den=f("mediated", mk.mediated),
                                                                    unit="vụ việc", pct=pct_))
        else:
            m += ", " + W.HG_THANH_NONE
        m += ", " + (W.HG_KHONG_THANH.format(n=f("khong_thanh", mk.khong_thanh)) if mk.khong_thanh
                     else W.HG_KHONG_THANH_NONE)
        clauses.append(m)
    else:
        clauses.append(W.HG_NOT_YET)
    tail = []
    if mk.rut:
        tail.append(W.HG_RUT.format(n=f("rut", mk.rut)))
    if mk.khong_thuoc:
        tail.append(W.HG_KHONG_THUOC.format(n=f("khong_thuoc", mk.khong_thuoc)))
    if mk.dang:
        tail.append(W.HG_DANG.format(n=f("dang", mk.dang)))
    text = clauses[0] + ", " + clauses[1]
    if tail:
        text += "; " + ", ".join(tail)
    out = [body(sentence(text), R.take() if R is not None else ())]
    fields = top(mk.by_field)
    if fields and len(mk.by_field) > 1:
        out.append(body(W.HG_FIELDS.format(fields=join(
            [W.HG_FIELD_ITEM.format(label=label_lc(c.label, short=True),
                                    n=R.n(f"{src}.by_field[{c.code}]") if R is not None else n(c.n))
             for c in fields])), R.take() if R is not None else ()))
    return out


def hoa_giai(stats: Stats, ctx: ProseContext) -> list:
    m = stats.mediation
    it = intro(ctx, stats)
    pv = prev(stats, ctx)
    R = Recorder(stats, ctx.decimals)
    out = []
    if m.teams:
        out.append(body((W.HG_TEAMS if m.mediators else W.HG_TEAMS_ONLY)
                        .format(unit_type=ctx.unit_type, teams=R.n("mediation.teams"),
                                mediators=R.n("mediation.mediators") if m.mediators else ""), R.take()))
    co_so = _mediation_kind(m.co_so, ctx, it, pv, lambda s: s.mediation.co_so.new, W.HG_CO_SO, W.HG_CO_SO_NONE, R)
    # the first sentence of a kind starts with the period when not yet said
    if m.co_so.total:
        co_so[0] = Para(f"{it}, " + lower_first(co_so[0].text), refs=co_so[0].refs)
    out += co_so
    if m.dat_dai.total:
        out += _mediation_kind(m.dat_dai, ctx, it, pv, lambda s: s.mediation.dat_dai.new, W.HG_DAT_DAI,
                               W.HG_DAT_DAI_NONE, R)
    if stats.by_year:
        # one pair of columns per kind, never added together (as in the prose)
        kinds = [("co_so", W.T_HG_CO_SO)] + ([("dat_dai", W.T_HG_DAT_DAI.format(unit_type=ctx.unit_type))]
                                             if m.dat_dai.total or any(y.hoa_giai_dat_dai_nhan for y in stats.by_year)
                                             else [])
        header = [[Cell(W.T_YEAR, bold=True, rowspan=2)] + [Cell(label, bold=True, colspan=2) for _, label in kinds],
                  [Cell(c, bold=True) for _ in kinds for c in W.T_HG_COLS[1:]]]
        rows = [(y.year, *[_yc(stats, f"by_year[{i}].hoa_giai_{k}_{c}") for k, _ in kinds for c in ("nhan", "thanh")])
                for i, y in enumerate(stats.by_year)]
        total = tuple(_yc(stats, f"mediation.{k}.{c}") for k, _ in kinds for c in ("new", "thanh"))
        out.append(_year_table(W.T_HG_TITLE, W.T_HG_COLS, rows, total, header=header,
                               sum_cols=tuple(range(1, 1 + 2 * len(kinds)))))
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




def _place(dia_ban: str | None) -> str:
    """"Thôn An Bình" → "thôn An Bình"; "Toàn xã" → "" (not worth saying)."""
    if not dia_ban:
        return ""
    p = dia_ban.strip()
    if p.lower().startswith(W.MH_PLACE_WHOLE):
        return ""
    if p.startswith(VILLAGE_WORDS):
        p = lower_first(p)
    return p


def _model_item(m) -> str:
    org = m.don_vi_label
    place = _place(m.dia_ban)
    if m.don_vi == "thon":  # run by the village itself
        item = W.MH_ITEM_VILLAGE.format(ten=_model_name(m.ten), place=place or W.MH_VILLAGES)
    elif place:
        item = W.MH_ITEM_PLACE.format(ten=_model_name(m.ten), org=org, place=place)
    else:
        item = W.MH_ITEM.format(ten=_model_name(m.ten), org=org)
    return item + _model_details(m)


def _model_details(m) -> str:
    """" (hỗ trợ 12 hộ nghèo …; Huyện ủy công nhận năm 2024)": the model's
    results and who recognised it, as the clerk typed them."""
    parts = [lower_first(x.strip().rstrip(".;")) if i == 0 else x.strip().rstrip(".;")
             for i, x in ((0, getattr(m, "hieu_qua", None)), (1, getattr(m, "cong_nhan", None))) if x and x.strip()]
    return W.MH_DETAILS.format(details=W.MH_DETAILS_SEP.join(parts)) if parts else ""


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
    """Models: the running ones counted and listed; a stopped ("dừng") model
    only under its own heading; a report of part of a year states the
    statuses registered for the year (``Models.part_of_year``: no stop, no
    recognition yet)."""
    mo = stats.models
    R = Recorder(stats, ctx.decimals)
    it = intro(ctx, stats)
    if not mo.total:
        return [body(W.MH_NONE.format(intro=it))]
    out = []
    stopped = next((c.n for c in mo.by_status if c.code == "dung"), 0)
    if len(mo.years) == 1:
        running = [c for c in mo.by_status if c.code != "dung"]
        statuses = join([W.MH_STATUS_ITEM.format(label=label_lc(c.label), n=R.n(f"models.by_status[{c.code}]"))
                         for c in running])
        if mo.part_of_year:
            out.append(body(W.MH_PART.format(intro=it, unit_type=ctx.unit_type, n=R.n("models.total"),
                                             year=mo.years[0], statuses=statuses), R.take()))
        elif stopped:
            out.append(body(W.MH_YEAR_STOPPED.format(
                year=mo.years[0], unit_type=ctx.unit_type, n=R.n("models.total-models.by_status[dung]"),
                statuses=statuses, stopped=R.n("models.by_status[dung]")), R.take()))
        else:
            out.append(body(W.MH_YEAR.format(year=mo.years[0], unit_type=ctx.unit_type, n=R.n("models.total"),
                                             statuses=statuses), R.take()))
        for c in running + [c for c in mo.by_status if c.code == "dung"]:
            out.append(bullet(W.MH_STATUS_HEAD.format(label=label_lc(c.label), n=R.n(f"models.by_status[{c.code}]"))
                              + ":", R.take()))
            out += _models_by_field(mo.status_items(c.code), ctx)
    else:
        fields = join([W.MH_FIELD_ITEM.format(label=label_lc(c.label), n=R.n(f"models.by_field[{c.code}]"))
                       for c in mo.by_field])
        tpl = W.MH_MULTI_STOPPED if stopped else W.MH_MULTI
        out.append(body(tpl.format(intro=it, unit_type=ctx.unit_type, n=R.n("models.total"),
                                   nf=n(len(mo.by_field)), fields=fields,
                                   stopped=R.n("models.by_status[dung]") if stopped else ""), R.take()))
        out += _models_by_field(mo.running, ctx)
        if stopped:
            out.append(bullet(W.MH_STOPPED_HEAD.format(n=R.n("models.by_status[dung]")) + ":", R.take()))
            out += _models_by_field(mo.stopped, ctx)
        codes = [c for c in ("dang_ky_moi", "duy_tri", "nhan_rong", "cung_co", "dung")]
        labels = {}
        for y in mo.per_year:
            for c in y.by_status:
                labels[c.code] = c.label
        cols = [W.T_YEAR] + [labels.get(c, c) for c in codes if c in labels] + [W.T_TOTAL]
        used = [c for c in codes if c in labels]
        rows = [(y.year, *[_yc(stats, f"models.per_year[{i}].by_status[{c}]") for c in used],
                 _yc(stats, f"models.per_year[{i}].total")) for i, y in enumerate(mo.per_year)]
        out.append(_year_table(W.T_MH_TITLE, cols, rows,
                               row_sums=((len(used) + 1, tuple(range(1, len(used) + 1))),)))
    if mo.recognised:
        out.append(body(W.MH_RECOGNISED.format(intro=it, n=R.n("models.recognised")), R.take()))
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
