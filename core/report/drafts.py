"""Drafts of the evaluative sections (issue 12 C1): Ưu điểm, Tồn tại, hạn
chế, Nguyên nhân, Nhiệm vụ, Đề xuất kiến nghị, Bài học kinh nghiệm, and
III.7–III.8 (phối hợp với Mặt trận; đạo đức công vụ) — written from the one
``core.report.stats.Stats`` of the report and its comparison with the same
period last year (``Stats.previous``), in the register of the real reports.

A draft states only what the records show: strengths and limits from the
figures and their change (rates up / down / unchanged, overdue petitions,
mediation không thành, models replicated or stopped), causes as the usual
objective / subjective pair (only when there are limits to explain), tasks
from what is still open at the period's end and the next period's report,
proposals from problems that recur (this period and the previous one).  When
the records hold nothing for a section its builder returns ``[]`` and the
section stays a placeholder for the clerk.

``DRAFTS[key](stats, ctx) -> list[Para]``; the keys are named by the
outline's sections (``core.report.outlines``, section field ``draft``).  The
wording is kept in this module (one block below), apart from the figure
sentences of ``core.report.wording``.
"""
from __future__ import annotations

from typing import Callable

from core.report import prose as P
from core.report.document import Para
from core.report.periods import Period
from core.report.phrases import ProseContext, and_join, lower_first, n, pct, upper_first
from core.report.prose import _model_name
from core.report.sources import Recorder
from core.report.stats.model import Rate, Stats
from core.text import fmt_date, fold

# ------------------------------------------------------------------ wording
# Ưu điểm
UD_OPEN = "{intro}, công tác dân vận chính quyền được {unit} quan tâm lãnh đạo, chỉ đạo và đạt được những kết quả sau:"
UD_DOCS_ONE = "Ban hành kịp thời {doc} để triển khai công tác dân vận chính quyền"
UD_DOCS = "Ban hành kịp thời {n} văn bản chỉ đạo, điều hành, cụ thể hóa chủ trương của cấp trên về công tác dân vận " \
          "chính quyền"
UD_TT = "tổ chức tuyên truyền {n} cuộc với {people} lượt người nghe{trend}"
UD_TT_ONLY = "Công tác tuyên truyền được duy trì với {n} cuộc, {people} lượt người nghe{trend}"
UD_TCD = "Công tác tiếp công dân được duy trì nền nếp"
UD_TCD_DINH_KY = "Chủ tịch UBND {unit_type} tiếp công dân định kỳ {n} kỳ"
UD_DT = "tổ chức {n} cuộc đối thoại trực tiếp, hội nghị lắng nghe ý kiến Nhân dân"
UD_DT_ANSWERED = ", trả lời trực tiếp tại hội nghị {answered}/{opinions} ý kiến"
UD_DON = "Giải quyết {num}/{den} đơn thuộc thẩm quyền, đạt {pct}{trend}{overdue}"
UD_DON_NO_OVERDUE = ", không có đơn quá hạn giải quyết"
UD_HG = "Công tác hòa giải ở cơ sở được duy trì, hòa giải thành {num}/{den} vụ việc, đạt {pct}{trend}, góp phần giữ " \
        "gìn đoàn kết trong cộng đồng dân cư"
UD_MH = "Phong trào thi đua “Dân vận khéo” được duy trì với {n} mô hình đang thực hiện"
UD_MH_MULTI = "Phong trào thi đua “Dân vận khéo” được triển khai với {n} mô hình trên các lĩnh vực"
UD_MH_REPLICATED_ONE = "mô hình {name} được nhân rộng"
UD_MH_REPLICATED = "{n} mô hình được nhân rộng"
UD_MH_NEW_ONE = "01 mô hình đăng ký mới"
UD_MH_NEW = "{n} mô hình đăng ký mới"
UD_MH_RECOGNISED = "{n} mô hình được công nhận, biểu dương là mô hình tiêu biểu"
UD_CCHC = "Bộ phận Một cửa giải quyết đúng hạn {pct} hồ sơ thủ tục hành chính"
UD_CCHC_SATISFIED = "tỷ lệ người dân, tổ chức hài lòng với sự phục vụ đạt {pct}"
# changes against the same period last year
RATE_UP = ", cao hơn {label} ({old})"
RATE_SAME = ", bằng {label}"
RATE_DOWN = ", thấp hơn {label} ({old})"
COUNT_UP = " (tăng {d} {unit} so với {label})"
COUNT_SAME = " (bằng {label})"
COUNT_DOWN = " (giảm {d} {unit} so với {label})"

# Tồn tại, hạn chế
HC_OVERDUE = "Còn {n} đơn thuộc thẩm quyền quá hạn giải quyết{late}"
HC_LATE_TOO = "; {n} đơn giải quyết trễ hạn"
HC_LATE = "Còn {n} đơn thuộc thẩm quyền giải quyết trễ hạn"
HC_RATE_DOWN = "Tỷ lệ giải quyết đơn thuộc thẩm quyền ({pct}) thấp hơn {label} ({old})"
HC_REPEAT_ONE = "Còn 01 vụ việc công dân đến trụ sở nhiều lần, chưa được giải quyết dứt điểm từ lần đầu"
HC_REPEAT = "Còn {n} vụ việc công dân đến trụ sở nhiều lần, chưa được giải quyết dứt điểm từ lần đầu"
HC_CROWD_ONE = "Phát sinh 01 đoàn đông người ({people} người) đến trụ sở kiến nghị, phản ánh"
HC_CROWD = "Phát sinh {n} đoàn đông người ({people} người) đến trụ sở kiến nghị, phản ánh"
HC_HG_FAIL = "Còn {n} vụ việc hòa giải ở cơ sở không thành{rate}"
HC_HG_RATE_DOWN = "; tỷ lệ hòa giải thành ({pct}) thấp hơn {label} ({old})"
HC_HG_ONLY_RATE_DOWN = "Tỷ lệ hòa giải thành ở cơ sở ({pct}) thấp hơn {label} ({old})"
HC_HGDD_FAIL = "{n} vụ việc tranh chấp đất đai hòa giải tại {unit} không thành"
HC_TTHC_LATE = "Còn {n} hồ sơ thủ tục hành chính giải quyết trễ hạn"
HC_MH_STOPPED_ONE = "Mô hình {name} dừng thực hiện"
HC_MH_STOPPED = "{n} mô hình “Dân vận khéo” dừng thực hiện"
HC_MH_NOT_REPLICATED = "Chưa có mô hình “Dân vận khéo” được nhân rộng"
HC_TT_DOWN = "Số cuộc tuyên truyền giảm {d} cuộc so với {label}"

# Nguyên nhân
NN_OBJECTIVE = "Nguyên nhân khách quan: {parts}."
NN_SUBJECTIVE = "Nguyên nhân chủ quan: {parts}."
NN_LAND = "nội dung đơn, vụ việc chủ yếu liên quan đến đất đai, có nguồn gốc phức tạp, hồ sơ qua nhiều thời kỳ " \
          "nên việc xác minh, giải quyết mất nhiều thời gian"
NN_MORE_PETITIONS = "số đơn tiếp nhận tăng so với {label} ({cur} đơn so với {old} đơn)"
NN_MERGER = "việc sắp xếp, hợp nhất đơn vị hành chính từ ngày {date} làm địa bàn quản lý rộng hơn, tổ chức bộ máy " \
            "có nhiều thay đổi"
NN_DISPUTES = "một số mâu thuẫn, tranh chấp kéo dài, các bên chưa tự nguyện thỏa thuận"
NN_OBJECTIVE_DEFAULT = "khối lượng công việc ngày càng lớn, nhiều quy định mới được ban hành trong khi điều kiện " \
                       "bảo đảm còn hạn chế"
NN_FOLLOW_UP = "việc theo dõi, đôn đốc thời hạn giải quyết đơn có lúc chưa chặt chẽ; cán bộ, công chức được giao " \
               "tham mưu còn kiêm nhiệm nhiều việc"
NN_MEDIATORS = "kỹ năng, nghiệp vụ của một số hòa giải viên ở cơ sở còn hạn chế"
NN_MODELS = "việc duy trì, nhân rộng mô hình “Dân vận khéo” chưa được quan tâm đúng mức, nguồn lực thực hiện còn " \
            "hạn chế"
NN_TTHC = "việc phối hợp giải quyết thủ tục hành chính giữa các bộ phận có lúc chưa kịp thời"
NN_TT = "công tác tuyên truyền chưa được tổ chức thường xuyên"
NN_SUBJECTIVE_DEFAULT = "nhận thức, trách nhiệm của một bộ phận cán bộ, công chức trong thực hiện công tác dân vận " \
                        "chưa cao"

# Nhiệm vụ
NV_IN_FORCE = "Tiếp tục quán triệt, triển khai thực hiện {docs}"
NV_DON = "Tập trung giải quyết dứt điểm {n} đơn thuộc thẩm quyền còn đang giải quyết{overdue}"
NV_DON_OVERDUE = " (trong đó {n} đơn đã quá hạn)"
NV_DON_ALL_OVERDUE = "Tập trung giải quyết dứt điểm {n} đơn thuộc thẩm quyền đã quá hạn giải quyết"
NV_HG_OPEN = "Tiếp tục hòa giải {n} vụ việc đang hòa giải"
NV_TCD = "Duy trì lịch tiếp công dân định kỳ của Chủ tịch UBND {unit_type}, đối thoại trực tiếp với Nhân dân; giải " \
         "quyết kịp thời kiến nghị chính đáng của Nhân dân ngay từ cơ sở"
NV_DT_ASSIGNED = "; theo dõi, đôn đốc việc giải quyết {n} ý kiến đã giao bộ phận chuyên môn sau đối thoại"
NV_MH = "Duy trì {n} mô hình “Dân vận khéo” đang thực hiện"
NV_MH_SPREAD_ONE = "nhân rộng mô hình {name}"
NV_MH_SPREAD = "nhân rộng các mô hình tiêu biểu ({names})"
NV_MH_STOPPED = "rà soát, củng cố hoặc thay thế mô hình đã dừng thực hiện"
NV_MH_NEW = "Vận động các tổ chức, thôn, tổ dân phố đăng ký xây dựng mô hình “Dân vận khéo”"
NV_TTHC_LATE = "Đẩy mạnh cải cách hành chính, khắc phục tình trạng hồ sơ thủ tục hành chính giải quyết trễ hạn"
NV_NEXT_REPORT = "Tổng hợp số liệu, báo cáo kết quả công tác dân vận chính quyền {label} đúng thời hạn (số liệu tính " \
                 "{range_text})"
NV_NEXT_PLAN = "Xây dựng, ban hành kế hoạch thực hiện công tác dân vận chính quyền {label}"

# Đề xuất, kiến nghị
KN_LAND = "Đề nghị cấp trên quan tâm chỉ đạo, hướng dẫn giải quyết dứt điểm các vụ việc về đất đai có nguồn gốc " \
          "phức tạp, tồn đọng qua nhiều thời kỳ."
KN_TRAINING = "Đề nghị cấp trên tổ chức tập huấn, bồi dưỡng nghiệp vụ tiếp công dân, xử lý đơn, giải quyết khiếu " \
              "nại, tố cáo cho cán bộ, công chức cấp {unit_type}."
KN_MEDIATION = "Đề nghị cấp trên bố trí kinh phí hỗ trợ hoạt động hòa giải ở cơ sở và bồi dưỡng kỹ năng hòa giải " \
               "cho hòa giải viên."
KN_MODELS = "Đề nghị cấp trên quan tâm hỗ trợ nguồn lực để duy trì, nhân rộng các mô hình “Dân vận khéo” hiệu quả."
KN_TTHC = "Đề nghị cấp trên rà soát quy trình liên thông giải quyết thủ tục hành chính giữa các cấp để hạn chế hồ sơ " \
          "trễ hạn."

# III.7 phối hợp với Mặt trận Tổ quốc và các đoàn thể
MT_DOCS_ONE = "{intro}, {unit} phối hợp với {who} ban hành {doc}."
MT_DOCS = "{intro}, {unit} phối hợp với {who} ban hành {n} văn bản triển khai công tác dân vận chính quyền."
MT_PROGRAMME = "{unit} tiếp tục thực hiện {doc}."
MT_MODELS = "Ủy ban MTTQ và các đoàn thể chính trị - xã hội trực tiếp thực hiện {n} mô hình “Dân vận khéo” " \
            "({orgs}), được chính quyền tạo điều kiện, hỗ trợ triển khai."
MT_MODELS_ONE_ORG = "{org} trực tiếp thực hiện {n} mô hình “Dân vận khéo”, được chính quyền tạo điều kiện, hỗ trợ " \
                    "triển khai."
MT_ORG = "{org} {n} mô hình"
MT_SUPERVISION = "{unit} tạo điều kiện để {parts}."
MT_TTND = "Ban Thanh tra nhân dân thực hiện {n} cuộc giám sát"
MT_GSDTCD = "Ban Giám sát đầu tư của cộng đồng giám sát {n} công trình"
MT_HOI_NGHI = "{unit} phối hợp với Mặt trận Tổ quốc tổ chức {n} hội nghị lắng nghe ý kiến Nhân dân với {people} " \
              "lượt người tham dự."
MASS_ORGS = ("mttq", "phu_nu", "doan_tn", "nong_dan", "cuu_chien_binh", "nguoi_cao_tuoi")

# III.8 đạo đức công vụ, kỷ luật, kỷ cương hành chính
DD_ONE = "{intro}, {unit} ban hành {doc} và chỉ đạo cán bộ, công chức nghiêm túc thực hiện."
DD_MANY = "{intro}, {unit} ban hành {n} văn bản về đạo đức công vụ, kỷ luật, kỷ cương hành chính:"
DISCIPLINE_WORDS = ("ky luat", "ky cuong", "dao duc cong vu", "quy tac ung xu", "van hoa cong vu", "le loi")

# Bài học kinh nghiệm
ORDINALS = ("Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười")
BH_ITEM = "{ordinal} là, {text}"
BH_LEAD = "phải thường xuyên quán triệt, cụ thể hóa kịp thời chủ trương của Đảng, chính sách, pháp luật của Nhà " \
          "nước về công tác dân vận thành kế hoạch, chương trình cụ thể; người đứng đầu trực tiếp lãnh đạo, chỉ " \
          "đạo, kiểm tra việc thực hiện."
BH_DIALOGUE = "người đứng đầu chính quyền phải gần dân, trực tiếp tiếp công dân, đối thoại với Nhân dân; giải " \
              "quyết kịp thời, dứt điểm kiến nghị chính đáng ngay từ cơ sở, không để phát sinh điểm nóng."
BH_COORDINATION = "phát huy vai trò của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội trong tuyên truyền, " \
                  "vận động, giám sát; phối hợp chặt chẽ giữa chính quyền với Mặt trận, các đoàn thể."
BH_MODELS = "chú trọng xây dựng, nhân rộng mô hình, điển hình “Dân vận khéo” gắn với nhiệm vụ phát triển kinh tế - " \
            "xã hội của địa phương."
BH_MEDIATION = "coi trọng hòa giải ở cơ sở, giải quyết mâu thuẫn, tranh chấp ngay từ thôn, tổ dân phố."
BH_CCHC = "gắn công tác dân vận với cải cách hành chính, lấy sự hài lòng của người dân, tổ chức làm thước đo chất " \
          "lượng phục vụ."

LAND_FIELDS = ("dat_dai", "boi_thuong")
LAND_SHARE = 0.4  # land petitions "chủ yếu" from this share of all received
HIGH_RESOLVE = 90  # a resolution rate stated as a strength even when lower than last year
HIGH_MEDIATION = 70
HIGH_TTHC = 95


# ------------------------------------------------------------------ helpers
def _bullets(items: list) -> list[Para]:
    """Bullet items ending ";" and the last "."; an item is a text or
    (text, refs) — the Stats sources of its figures, checked by
    core.report.audit like the figure sentences'."""
    items = [(i, ()) if isinstance(i, str) else i for i in items if i]
    items = [(upper_first(t.rstrip(".;")), refs) for t, refs in items if t]
    return [Para(t + ("." if k == len(items) - 1 else ";"), kind="bullet", refs=tuple(refs))
            for k, (t, refs) in enumerate(items)]


def _rate(R: Recorder, key: str, previous: bool = False) -> str:
    """A rate as printed, with its source (``RATE_SOURCES``); ``previous``:
    the same rate of the same period last year."""
    a, b = RATE_SOURCES[key]
    if previous:
        a, b = ("+".join("previous." + x for x in e.split("+")) for e in (a, b))
    return R.rate(a, b)


RATE_SOURCES = {
    "petitions": ("petitions.resolved", "petitions.thu_ly_total"),
    "mediation.co_so": ("mediation.co_so.thanh", "mediation.co_so.mediated"),
    "tthc": ("figures[tthc_dung_han]", "figures[tthc_dung_han]+figures[tthc_tre_han]"),
    "hai_long": ("figures[khao_sat_hai_long]", "figures[khao_sat_phieu]"),
}


def _span_note(stats: Stats, ctx: ProseContext, group: str) -> str:
    """" (số liệu 06 tháng đầu năm 2025)" when the period figures of ``group``
    do not cover the report's period (core.report.prose.span_note)."""
    fn = getattr(P, "span_note", None)
    try:
        return fn(stats, ctx, group) if fn else ""
    except AttributeError:
        return ""


def _intro(stats: Stats, ctx: ProseContext) -> str:
    return (ctx.period or stats.period).intro


def _prev(stats: Stats) -> Stats | None:
    """The same period last year (the drafts judge change whenever the records hold it)."""
    return stats.previous


def _label(prev: Stats) -> str:
    return prev.period.compare_label


def _rate_trend(cur: Rate, old: Rate | None, ctx: ProseContext) -> tuple[str | None, str]:
    """("up" / "down" / "same", the old rate as printed), or (None, "") without a comparison;
    rates equal as printed count as unchanged."""
    if old is None or not old.defined or not cur.defined:
        return None, ""
    a, b = pct(cur, ctx), pct(old, ctx)
    if a == b:
        return "same", b
    return ("up" if cur.pct > old.pct else "down"), b


def _rate_phrase(R: Recorder, key: str, cur: Rate, old: Rate | None, prev: Stats | None, ctx: ProseContext, *,
                 down: bool = True) -> str:
    """", cao hơn năm 2024 (71,43%)" / ", bằng năm 2024" / ", thấp hơn …" / ""."""
    trend, _ = _rate_trend(cur, old, ctx)
    if trend is None:
        return ""
    if trend == "up":
        return RATE_UP.format(label=_label(prev), old=_rate(R, key, previous=True))
    if trend == "same":
        return RATE_SAME.format(label=_label(prev))
    return RATE_DOWN.format(label=_label(prev), old=_rate(R, key, previous=True)) if down else ""


def _count_phrase(cur: int, old: int | None, unit: str, prev: Stats | None) -> str:
    if prev is None or not old:
        return ""
    if cur > old:
        return COUNT_UP.format(d=n(cur - old), unit=unit, label=_label(prev))
    if cur < old:
        return COUNT_DOWN.format(d=n(old - cur), unit=unit, label=_label(prev))
    return COUNT_SAME.format(label=_label(prev))


def _short_doc(d) -> str:
    """"Kế hoạch số 27/KH-UBND ngày 22/07/2025"."""
    return f"{d.loai_label} số {d.so_ky_hieu} ngày {fmt_date(d.ngay)}"


def _doc_about(d) -> str:
    """"Kế hoạch số 27/KH-UBND ngày 22/07/2025 về triển khai …"."""
    ty = (d.trich_yeu or "").strip().rstrip(".;")
    if not ty:
        return _short_doc(d)
    low = ty.lower()
    if low.startswith("v/v"):
        ty = ty[3:].strip().lstrip(":").strip()
    elif low.startswith("về "):
        ty = ty[3:].strip()
    return f"{_short_doc(d)} về {lower_first(ty)}"


def _land(stats: Stats) -> int:
    return sum(c.n for c in stats.petitions.by_field if c.code in LAND_FIELDS)


def _land_dominant(stats: Stats | None) -> bool:
    if stats is None or not stats.petitions.received:
        return False
    land = _land(stats)
    return land / stats.petitions.received >= LAND_SHARE


def _status(stats: Stats, code: str) -> list:
    return [m for m in stats.models.items if m.trang_thai == code]


def _active_models(stats: Stats) -> list:
    return [m for m in stats.models.items if m.trang_thai != "dung"]


def _recognised(stats: Stats) -> list:
    """Models recognised or marked tiêu biểu in the period's last year."""
    return [m for m in _active_models(stats) if m.tieu_bieu]


def _names(models, k: int = 3) -> str:
    names = ", ".join(_model_name(m.ten) for m in models[:k])
    return names + (f" và {n(len(models) - k)} mô hình khác" if len(models) > k else "")


def _merger_in_period(stats: Stats):
    p = stats.profile
    d = p.merger_date if p else None
    return d if d and stats.period.start <= d <= stats.period.end else None


# ------------------------------------------------------- the findings
def _strengths(stats: Stats, ctx: ProseContext, *, reception_only: bool = False) -> list[str]:
    prev = _prev(stats)
    out = []
    docs = stats.documents.directive
    tt = stats.activities.tuyen_truyen
    if not reception_only:
        trend = _count_phrase(tt.sessions, prev.activities.tuyen_truyen.sessions if prev else None, "cuộc", prev)
        if docs:
            lead = UD_DOCS_ONE.format(doc=_short_doc(docs[0])) if len(docs) == 1 else UD_DOCS.format(n=n(len(docs)))
            if tt.sessions:
                lead += "; " + UD_TT.format(n=n(tt.sessions), people=n(tt.attendees), trend=trend)
            out.append(lead)
        elif tt.sessions:
            out.append(UD_TT_ONLY.format(n=n(tt.sessions), people=n(tt.attendees), trend=trend))
    r, d = stats.reception, stats.dialogues
    if r.luot or d.count:
        parts = []
        if r.dinh_ky_sessions:
            parts.append(UD_TCD_DINH_KY.format(unit_type=ctx.unit_type, n=n(r.dinh_ky_sessions)))
        if d.count:
            dt = UD_DT.format(n=n(d.count))
            if d.opinions and d.answered:
                dt += UD_DT_ANSWERED.format(answered=n(d.answered), opinions=n(d.opinions))
            parts.append(dt)
        out.append(UD_TCD + (": " + "; ".join(parts) if parts else ""))
    p = stats.petitions
    R = Recorder(stats, ctx.decimals)
    if p.resolve_rate.defined and p.resolved:
        old = prev.petitions.resolve_rate if prev else None
        trend, _ = _rate_trend(p.resolve_rate, old, ctx)
        if trend in ("up", "same") or p.resolve_rate.pct >= HIGH_RESOLVE:
            text = UD_DON.format(num=R.n("petitions.resolved"), den=R.n("petitions.thu_ly_total"),
                                 pct=_rate(R, "petitions"),
                                 trend=_rate_phrase(R, "petitions", p.resolve_rate, old, prev, ctx, down=False),
                                 overdue=UD_DON_NO_OVERDUE if not p.overdue else "")
            out.append((text, R.take()))
    if reception_only:
        return out
    hg = stats.mediation.co_so
    if hg.mediated and hg.thanh:
        old = prev.mediation.co_so.rate if prev else None
        trend, _ = _rate_trend(hg.rate, old, ctx)
        if trend in ("up", "same") or hg.rate.pct >= HIGH_MEDIATION:
            text = UD_HG.format(num=R.n("mediation.co_so.thanh"), den=R.n("mediation.co_so.mediated"),
                                pct=_rate(R, "mediation.co_so"),
                                trend=_rate_phrase(R, "mediation.co_so", hg.rate, old, prev, ctx, down=False))
            out.append((text, R.take()))
    active = _active_models(stats)
    if active and stats.period.is_multi_year:  # the period's models, not the last year's statuses
        extra = [UD_MH_RECOGNISED.format(n=R.n("models.recognised"))] if stats.models.recognised else []
        out.append((UD_MH_MULTI.format(n=R.n("models.total")) + ("; " + ", ".join(extra) if extra else ""),
                    R.take()))
    elif active:
        extra = []
        rep = _status(stats, "nhan_rong")
        if len(rep) == 1:
            extra.append(UD_MH_REPLICATED_ONE.format(name=_model_name(rep[0].ten)))
        elif rep:
            extra.append(UD_MH_REPLICATED.format(n=n(len(rep))))
        new = _status(stats, "dang_ky_moi")
        if new:
            extra.append(UD_MH_NEW_ONE if len(new) == 1 else UD_MH_NEW.format(n=n(len(new))))
        if stats.models.recognised:  # the Stats figure the models' paragraph states too
            extra.append(UD_MH_RECOGNISED.format(n=R.n("models.recognised")))
        out.append((UD_MH.format(n=n(len(active))) + ("; " + ", ".join(extra) if extra else ""), R.take()))
    f = stats.figures
    if f.tthc_dung_han.defined and f.tthc_dung_han.pct >= HIGH_TTHC:
        s = UD_CCHC.format(pct=_rate(R, "tthc")) + _span_note(stats, ctx, "tthc")
        if f.hai_long.defined:
            s += "; " + UD_CCHC_SATISFIED.format(pct=_rate(R, "hai_long")) + _span_note(stats, ctx, "khao_sat")
        out.append((s, R.take()))
    return out


def _limits(stats: Stats, ctx: ProseContext, *, reception_only: bool = False) -> list[str]:
    prev = _prev(stats)
    R = Recorder(stats, ctx.decimals)
    out = []
    p = stats.petitions
    if p.overdue:
        late = HC_LATE_TOO.format(n=R.n("petitions.resolved_late")) if p.resolved_late else ""
        out.append((HC_OVERDUE.format(n=R.n("petitions.overdue"), late=late), R.take()))
    elif p.resolved_late:
        out.append((HC_LATE.format(n=R.n("petitions.resolved_late")), R.take()))
    trend, _ = _rate_trend(p.resolve_rate, prev.petitions.resolve_rate if prev else None, ctx)
    if trend == "down":
        out.append((HC_RATE_DOWN.format(pct=_rate(R, "petitions"), label=_label(prev),
                                        old=_rate(R, "petitions", previous=True)), R.take()))
    r = stats.reception
    rep = r.total.vu_viec_nhieu_lan
    if rep:
        out.append(HC_REPEAT_ONE if rep == 1 else HC_REPEAT.format(n=n(rep)))
    if r.total.doan:
        tpl = HC_CROWD_ONE if r.total.doan == 1 else HC_CROWD
        out.append(tpl.format(n=n(r.total.doan), people=n(r.total.doan_nguoi)))
    if reception_only:
        return out
    hg = stats.mediation.co_so
    trend, _ = _rate_trend(hg.rate, prev.mediation.co_so.rate if prev else None, ctx)
    if hg.khong_thanh:
        down = HC_HG_RATE_DOWN.format(pct=_rate(R, "mediation.co_so"), label=_label(prev),
                                      old=_rate(R, "mediation.co_so", previous=True)) if trend == "down" else ""
        out.append((HC_HG_FAIL.format(n=R.n("mediation.co_so.khong_thanh"), rate=down), R.take()))
    elif trend == "down":
        out.append((HC_HG_ONLY_RATE_DOWN.format(pct=_rate(R, "mediation.co_so"), label=_label(prev),
                                                old=_rate(R, "mediation.co_so", previous=True)), R.take()))
    dd = stats.mediation.dat_dai
    if dd.khong_thanh:
        out.append(HC_HGDD_FAIL.format(n=n(dd.khong_thanh), unit=ctx.unit_short))
    tre = int(stats.figures.get("tthc_tre_han") or 0)
    if tre:
        out.append((HC_TTHC_LATE.format(n=R.n("figures[tthc_tre_han]")) + _span_note(stats, ctx, "tthc"), R.take()))
    stopped = _status(stats, "dung")
    if len(stopped) == 1:
        out.append(HC_MH_STOPPED_ONE.format(name=_model_name(stopped[0].ten)))
    elif stopped:
        out.append(HC_MH_STOPPED.format(n=n(len(stopped))))
    if _active_models(stats) and not _status(stats, "nhan_rong"):
        out.append(HC_MH_NOT_REPLICATED)
    tt = stats.activities.tuyen_truyen.sessions
    old_tt = prev.activities.tuyen_truyen.sessions if prev else 0
    if prev is not None and old_tt and tt < old_tt:
        out.append(HC_TT_DOWN.format(d=n(old_tt - tt), label=_label(prev)))
    return out


def _causes(stats: Stats, ctx: ProseContext, *, reception_only: bool = False) -> tuple[list[str], list[str]]:
    """(objective, subjective) causes of the limits; ([], []) when there is no limit."""
    if not _limits(stats, ctx, reception_only=reception_only):
        return [], []
    prev = _prev(stats)
    p = stats.petitions
    obj, subj = [], []
    if _land_dominant(stats):
        obj.append(NN_LAND)
    if prev is not None and prev.petitions.received and p.received > prev.petitions.received:
        obj.append(NN_MORE_PETITIONS.format(label=_label(prev), cur=n(p.received), old=n(prev.petitions.received)))
    merged = _merger_in_period(stats)
    if merged:
        obj.append(NN_MERGER.format(date=fmt_date(merged)))
    hg = stats.mediation
    if not reception_only and (hg.co_so.khong_thanh or hg.dat_dai.khong_thanh):
        obj.append(NN_DISPUTES)
    if p.overdue or p.resolved_late or stats.reception.total.vu_viec_nhieu_lan:
        subj.append(NN_FOLLOW_UP)
    if not reception_only:
        if hg.co_so.khong_thanh:
            subj.append(NN_MEDIATORS)
        if _status(stats, "dung") or (_active_models(stats) and not _status(stats, "nhan_rong")):
            subj.append(NN_MODELS)
        if stats.figures.get("tthc_tre_han"):
            subj.append(NN_TTHC)
        old_tt = prev.activities.tuyen_truyen.sessions if prev else 0
        if old_tt and stats.activities.tuyen_truyen.sessions < old_tt:
            subj.append(NN_TT)
    return obj or [NN_OBJECTIVE_DEFAULT], subj or [NN_SUBJECTIVE_DEFAULT]


def _cause_paras(obj: list[str], subj: list[str]) -> list[Para]:
    if not obj and not subj:
        return []
    return [Para(NN_OBJECTIVE.format(parts="; ".join(obj)), kind="bullet"),
            Para(NN_SUBJECTIVE.format(parts="; ".join(subj)), kind="bullet")]


def _next_period(period: Period) -> tuple[str, Period | None]:
    """(what to do next, the next report's period) after a report of ``period``."""
    k, y, c = period.kind, period.year, period.cutoff
    if k in ("half", "quarter", "months9") and not (k == "half" and period.num == 2):
        return "report", Period.year_(y, c)
    if k == "half":
        return "report", Period.half(y + 1, 1, c)
    if k == "year":
        return "plan", Period.year_(y + 1, c)
    if k == "years":
        return "plan", Period.years(period.year_to + 1, period.year_to + (period.year_to - y + 1), c)
    return "", None


def _tasks(stats: Stats, ctx: ProseContext, *, reception_only: bool = False) -> list[str]:
    out = []
    lasting = stats.documents.in_force
    if lasting and not reception_only:
        out.append(NV_IN_FORCE.format(docs=and_join([_short_doc(d) + (f" của {d.co_quan}" if d.co_quan else "")
                                                      for d in lasting])))
    p = stats.petitions
    open_ = p.open_in_time + p.overdue
    if open_ and p.overdue == open_:
        out.append(NV_DON_ALL_OVERDUE.format(n=n(open_)))
    elif open_:
        out.append(NV_DON.format(n=n(open_), overdue=NV_DON_OVERDUE.format(n=n(p.overdue)) if p.overdue else ""))
    hg = stats.mediation.co_so
    if not reception_only and hg.dang:  # (a case mediated without success was guided at the time: not open)
        out.append(NV_HG_OPEN.format(n=n(hg.dang)))
    r, d = stats.reception, stats.dialogues
    if r.luot or d.count:
        s = NV_TCD.format(unit_type=ctx.unit_type)
        if d.assigned:
            s += NV_DT_ASSIGNED.format(n=n(d.assigned))
        out.append(s)
    if reception_only:
        return out
    active = _active_models(stats)
    if active:
        s = NV_MH.format(n=n(len(active)))
        spread = _recognised(stats) or _status(stats, "nhan_rong")
        if len(spread) == 1:
            s += "; " + NV_MH_SPREAD_ONE.format(name=_model_name(spread[0].ten))
        elif spread:
            s += "; " + NV_MH_SPREAD.format(names=_names(spread))
        if _status(stats, "dung"):
            s += "; " + NV_MH_STOPPED
        out.append(s)
    elif stats.has_any:
        out.append(NV_MH_NEW)
    if stats.figures.get("tthc_tre_han"):
        out.append(NV_TTHC_LATE)
    what, nxt = _next_period(stats.period)
    if what == "report":
        out.append(NV_NEXT_REPORT.format(label=nxt.label, range_text=nxt.range_text))
    elif what == "plan":
        out.append(NV_NEXT_PLAN.format(label=nxt.label))
    return out


def _recurring(stats: Stats, ctx: ProseContext, *, reception_only: bool = False) -> list[str]:
    """Problems of this period that the previous one had too (a multi-year
    period spans the years itself: its problems count as recurring)."""
    prev = _prev(stats)
    multi = stats.period.is_multi_year

    def again(test) -> bool:
        return test(stats) and (multi or (prev is not None and test(prev)))

    out = []
    if again(_land_dominant):
        out.append(KN_LAND)
    if again(lambda s: bool(s.petitions.overdue or s.petitions.resolved_late)):
        out.append(KN_TRAINING.format(unit_type=ctx.unit_type))
    if reception_only:
        return out
    if again(lambda s: bool(s.mediation.co_so.khong_thanh)):
        out.append(KN_MEDIATION)
    if again(lambda s: bool(_status(s, "dung"))):
        out.append(KN_MODELS)
    if again(lambda s: bool(s.figures.get("tthc_tre_han"))):
        out.append(KN_TTHC)
    return out


# ------------------------------------------------------------ the drafts
def uu_diem(stats: Stats, ctx: ProseContext) -> list[Para]:
    items = _strengths(stats, ctx)
    if not items:
        return []
    return [Para(UD_OPEN.format(intro=_intro(stats, ctx), unit=ctx.unit_short))] + _bullets(items)


def han_che(stats: Stats, ctx: ProseContext) -> list[Para]:
    return _bullets(_limits(stats, ctx))


def nguyen_nhan(stats: Stats, ctx: ProseContext) -> list[Para]:
    return _cause_paras(*_causes(stats, ctx))


def nhiem_vu(stats: Stats, ctx: ProseContext) -> list[Para]:
    if not stats.has_any:
        return []
    return _bullets(_tasks(stats, ctx))


def kien_nghi(stats: Stats, ctx: ProseContext) -> list[Para]:
    return [Para(t, kind="bullet") for t in _recurring(stats, ctx)]


def uu_diem_tcd(stats: Stats, ctx: ProseContext) -> list[Para]:
    return _bullets(_strengths(stats, ctx, reception_only=True))


def han_che_tcd(stats: Stats, ctx: ProseContext) -> list[Para]:
    """Limits, then their causes (the chuyên đề outline has one section for both)."""
    limits = _limits(stats, ctx, reception_only=True)
    if not limits:
        return []
    return _bullets(limits) + _cause_paras(*_causes(stats, ctx, reception_only=True))


def nhiem_vu_tcd(stats: Stats, ctx: ProseContext) -> list[Para]:
    return _bullets(_tasks(stats, ctx, reception_only=True))


def kien_nghi_tcd(stats: Stats, ctx: ProseContext) -> list[Para]:
    return [Para(t, kind="bullet") for t in _recurring(stats, ctx, reception_only=True)]


def phoi_hop_mttq(stats: Stats, ctx: ProseContext) -> list[Para]:
    out = []
    it = _intro(stats, ctx)
    docs = [d for d in stats.documents.directive if d.phoi_hop]
    if docs:
        who: list[str] = []
        for d in docs:
            for w in d.phoi_hop.split(","):
                if w.strip() and w.strip() not in who:
                    who.append(w.strip())
        if len(docs) == 1:
            out.append(Para(MT_DOCS_ONE.format(intro=it, unit=ctx.unit_short, who=and_join(who),
                                               doc=_doc_about(docs[0]))))
        else:
            out.append(Para(MT_DOCS.format(intro=it, unit=ctx.unit_short, who=and_join(who), n=n(len(docs)))))
    programmes = [d for d in stats.documents.in_force if d.phoi_hop or "phoi hop" in fold(d.trich_yeu or "")]
    for d in programmes:
        out.append(Para(MT_PROGRAMME.format(unit=upper_first(ctx.unit_short), doc=_doc_about(d))))
    by_org: dict[str, list] = {}
    for m in _active_models(stats):
        if m.don_vi in MASS_ORGS:
            by_org.setdefault(m.don_vi, []).append(m)
    if by_org:
        total = sum(len(v) for v in by_org.values())
        order = [c for c in MASS_ORGS if c in by_org]
        if len(order) == 1:
            ms = by_org[order[0]]
            out.append(Para(MT_MODELS_ONE_ORG.format(org=ms[0].don_vi_label, n=n(total))))
        else:
            orgs = ", ".join(MT_ORG.format(org=by_org[c][0].don_vi_label, n=n(len(by_org[c]))) for c in order)
            out.append(Para(MT_MODELS.format(n=n(total), orgs=orgs)))
    f = stats.figures
    parts = []
    if f.get("ttnd_giam_sat"):
        parts.append(MT_TTND.format(n=n(f.get("ttnd_giam_sat"))))
    if f.get("gsdtcd_cong_trinh"):
        parts.append(MT_GSDTCD.format(n=n(f.get("gsdtcd_cong_trinh"))))
    if parts:
        out.append(Para(MT_SUPERVISION.format(unit=upper_first(ctx.unit_short), parts=and_join(parts))))
    hn = next((c for c in stats.dialogues.by_form if c.code == "hoi_nghi"), None)
    if hn and hn.n:
        out.append(Para(MT_HOI_NGHI.format(unit=upper_first(ctx.unit_short), n=n(hn.n), people=n(hn.extra))))
    return out


def dao_duc_cong_vu(stats: Stats, ctx: ProseContext) -> list[Para]:
    docs = [d for d in stats.documents.directive if any(w in fold(d.trich_yeu or "") for w in DISCIPLINE_WORDS)]
    if not docs:
        return []
    it = _intro(stats, ctx)
    if len(docs) == 1:
        return [Para(DD_ONE.format(intro=it, unit=ctx.unit_short, doc=_doc_about(docs[0])))]
    return [Para(DD_MANY.format(intro=it, unit=ctx.unit_short, n=n(len(docs))))] + _bullets(
        [_doc_about(d) for d in docs])


def bai_hoc(stats: Stats, ctx: ProseContext) -> list[Para]:
    lessons = []
    if stats.documents.directive or stats.documents.in_force:
        lessons.append(BH_LEAD)
    if stats.dialogues.count or stats.reception.dinh_ky_sessions:
        lessons.append(BH_DIALOGUE)
    mass = [m for m in _active_models(stats) if m.don_vi in MASS_ORGS]
    if any(d.phoi_hop for d in stats.documents.directive) or mass:
        lessons.append(BH_COORDINATION)
    if _status(stats, "nhan_rong") or _recognised(stats):
        lessons.append(BH_MODELS)
    if stats.mediation.co_so.mediated:
        lessons.append(BH_MEDIATION)
    if stats.figures.tthc_dung_han.defined or stats.figures.hai_long.defined:
        lessons.append(BH_CCHC)
    if len(lessons) == 1:
        return [Para(upper_first(lessons[0]))]
    return [Para(BH_ITEM.format(ordinal=ORDINALS[min(i, len(ORDINALS) - 1)], text=t), kind="bullet")
            for i, t in enumerate(lessons)]


Draft = Callable[[Stats, ProseContext], list]

DRAFTS: dict[str, Draft] = {
    "uu_diem": uu_diem,
    "han_che": han_che,
    "nguyen_nhan": nguyen_nhan,
    "nhiem_vu": nhiem_vu,
    "kien_nghi": kien_nghi,
    "bai_hoc": bai_hoc,
    "phoi_hop_mttq": phoi_hop_mttq,
    "dao_duc_cong_vu": dao_duc_cong_vu,
    "uu_diem_tcd": uu_diem_tcd,
    "han_che_tcd": han_che_tcd,
    "nhiem_vu_tcd": nhiem_vu_tcd,
    "kien_nghi_tcd": kien_nghi_tcd,
}


def draft(key: str | None, stats: Stats, ctx: ProseContext) -> list[Para]:
    """The draft ``key`` (unknown key or nothing to say → [])."""
    fn = DRAFTS.get(key or "")
    return list(fn(stats, ctx)) if fn else []
