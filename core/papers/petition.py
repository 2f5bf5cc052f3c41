"""Papers of a petition (đơn thư), Thông tư 05/2021/TT-TTCP (xử lý đơn):
the receipt, the proposal, the transfer slip, the notice of acceptance and
the guidance / return letter.  Sources and what could not be confirmed:
docs/PAPERS.md."""
from __future__ import annotations

import datetime as dt

from core.papers.common import IssueInfo, PaperError, fmt_date, identity, letterhead, paper_doc
from core.records.deadlines import resolution_due
from core.records.secrecy import SECRET_MASK, is_secret
from core.report.document import Para
from core.text import nfc

TT05 = ("Thông tư số 05/2021/TT-TTCP ngày 01/10/2021 của Thanh tra Chính phủ quy định quy trình xử lý đơn "
        "khiếu nại, đơn tố cáo, đơn kiến nghị, phản ánh")
LUAT_KN = "Luật Khiếu nại năm 2011"
LUAT_TC = "Luật Tố cáo năm 2018"
LUAT_TCD = "Luật Tiếp công dân năm 2013"

# what the petition is called in a sentence, per loại
LOAI_WORD = {"khieu_nai": "khiếu nại", "to_cao": "tố cáo", "kien_nghi": "kiến nghị", "phan_anh": "phản ánh",
             "tranh_chap": "tranh chấp đất đai", "nhieu_noi_dung": "có nhiều nội dung"}
# the law of each loại (the legal basis a paper cites)
LOAI_LAW = {"khieu_nai": LUAT_KN, "to_cao": LUAT_TC}
SECRECY_NOTE = ("Thông tin về người tố cáo được giữ bí mật theo quy định tại Điều 47 Luật Tố cáo năm 2018; "
                "họ tên, địa chỉ, bút tích của người tố cáo đã được lược bỏ khỏi giấy tờ này.")


def _petition(store, record_id: int) -> dict:
    row = store.get("don_thu", record_id)
    if row is None:
        raise PaperError(f"Không có đơn số hiệu {record_id}.")
    return row


def _so_den(row) -> str:
    return f"{row['so_den']}/{row.get('nam') or str(row['ngay_nhan'])[:4]}"


def _word(row) -> str:
    return LOAI_WORD.get(row.get("loai") or "", "")


def _don(row) -> str:
    """"đơn khiếu nại", "đơn tố cáo", "đơn kiến nghị" …"""
    w = _word(row)
    return f"đơn {w}" if w and row.get("loai") != "nhieu_noi_dung" else "đơn có nhiều nội dung"


def _inline(row, kind_key: str = "don_thu") -> str:
    """"ông (bà) Lê Văn An (địa chỉ: Thôn An Bình)", inside a sentence."""
    who = identity(kind_key, row)
    if who.masked:
        return f"người tố cáo {SECRET_MASK}"
    if row.get("nac_danh"):
        return "người gửi không ghi rõ họ tên"
    others = (int(row.get("so_nguoi_ky") or 1) - 1) if kind_key == "don_thu" else 0
    return (f"ông (bà) {who.name}" + (f" (địa chỉ: {who.address})" if who.address else "")
            + (f" và {others} người khác cùng ký đơn" if others > 0 else ""))


def _date(v) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10])


def _limit(store, code: str) -> str:
    """"10 ngày" / "10 ngày làm việc" as the deadline rule counts it."""
    r = store.deadlines().rules[code]
    return f"{r.days} ngày{' làm việc' if r.working else ''}"


def _noi_dung(row) -> str:
    t = nfc(row.get("noi_dung") or "").strip()
    return t.rstrip(".") + "." if t else ""


def _bases(row, *extra) -> list[str]:
    out = [LOAI_LAW[row["loai"]]] if row.get("loai") in LOAI_LAW else []
    out += list(extra)
    return out


def _can_cu(bases: list[str]) -> list[Para]:
    return [Para(f"Căn cứ {b};", kind="note") for b in bases]


def finish(doc, secret: bool, *recipients: str, file: str = "hồ sơ đơn"):
    """The end of every paper: a tố cáo's secrecy note (Luật Tố cáo Điều 47), then
    the Nơi nhận — the recipients, and the file the copy is kept in."""
    if secret:
        doc.preamble.append(Para(SECRECY_NOTE, kind="note"))
    doc.noi_nhan = [*recipients, f"Lưu: VT, {file}"]
    return doc


# ------------------------------------------------------------------ papers
def not_anonymous(row: dict) -> bool:
    """A paper handed or sent to the petitioner has nobody to go to when the
    letter is anonymous (đơn nặc danh: kept, not handled — Thông tư 05/2021)."""
    return not row.get("nac_danh")


def _not_anonymous(row: dict, what: str) -> None:
    if not not_anonymous(row):
        raise PaperError(f"Đơn nặc danh (không ghi rõ họ tên, địa chỉ người gửi): không có người nhận {what}.")


def bien_nhan(store, record_id: int, issue: IssueInfo):
    """Giấy biên nhận đơn, tài liệu, chứng cứ (with the appointment: when the
    petitioner hears of the outcome of the handling)."""
    row = _petition(store, record_id)
    _not_anonymous(row, "giấy biên nhận")
    doc = paper_doc(store, row.get("unit_id"), issue, "GBN-UBND", "GIẤY BIÊN NHẬN",
                    "Đơn và thông tin, tài liệu, chứng cứ")
    who = identity("don_thu", row)
    n_att = len(store.attachments("don_thu", record_id)) if not who.masked else 0
    co_quan = letterhead(store, row.get("unit_id"))["co_quan"]
    nguon = store.enum_label("nguon_don", row.get("nguon")).lower()
    docs = (f"{n_att} tệp thông tin, tài liệu, chứng cứ kèm theo" if n_att else
            "đơn (bản gốc), không kèm thông tin, tài liệu, chứng cứ khác")
    doc.preamble = [
        Para(f"{co_quan} đã nhận {_don(row)} số đến {_so_den(row)} của {_inline(row)}"
             + ("" if who.masked or not who.cccd else f", số CCCD: {who.cccd}")
             + f"; ngày nhận {fmt_date(row['ngay_nhan'])} (nguồn đơn: {nguon})."),
        Para(f"Nội dung đơn: {_noi_dung(row)} Đã nhận: {docs}."),
        Para(f"Trong thời hạn {_limit(store, 'xu_ly_don')} kể từ ngày nhận đơn, chậm nhất đến ngày "
             f"{fmt_date(store.deadlines().due('xu_ly_don', _date(row['ngay_nhan'])))}, Ủy ban nhân dân xem xét, xử "
             f"lý đơn theo quy định tại {TT05} và thông báo cho người gửi đơn biết."),
        Para("Giấy biên nhận được lập thành hai bản, một bản giao người gửi đơn, một bản lưu hồ sơ; người gửi đơn "
             "mang theo giấy biên nhận này khi liên hệ về việc xử lý, giải quyết đơn."),
    ]
    return finish(doc, who.masked, "Người gửi đơn")


def de_xuat(store, record_id: int, issue: IssueInfo):
    """Phiếu đề xuất xử lý đơn: the clerk's proposal to the Chairman."""
    row = _petition(store, record_id)
    doc = paper_doc(store, row.get("unit_id"), issue, "PĐX-UBND", "PHIẾU ĐỀ XUẤT",
                    f"Về việc xử lý {_don(row)} số đến {_so_den(row)}")
    doc.kinh_gui = ["Chủ tịch Ủy ban nhân dân"]
    huong = store.enum_label("huong_xu_ly_don", row.get("huong_xu_ly")) or "(chưa xác định)"
    dk = {1: "đủ điều kiện xử lý", 0: "không đủ điều kiện xử lý"}.get(row.get("du_dieu_kien"), "chưa xác định điều kiện xử lý")
    nguon = store.enum_label("nguon_don", row.get("nguon")).lower()
    doc.preamble = [
        Para(f"Ngày {fmt_date(row['ngay_nhan'])}, Ủy ban nhân dân nhận được {_don(row)} số đến {_so_den(row)} "
             f"(nguồn đơn: {nguon}) của {_inline(row)}. "
             f"Nội dung đơn: {_noi_dung(row)}"),
        Para(f"Phân loại: {_don(row)}, lĩnh vực {store.enum_label('linh_vuc', row.get('linh_vuc')).lower()}; đơn {dk}. "
             f"Căn cứ {TT05}, đề xuất hướng xử lý: {huong.lower()}"
             + (f" đến {nfc(row['co_quan_nhan'])}" if row.get("huong_xu_ly") == "chuyen" and row.get("co_quan_nhan") else "")
             + "."),
        Para("Đề xuất trên căn cứ nội dung đơn, thông tin, tài liệu kèm theo và thẩm quyền giải quyết của Ủy ban "
             "nhân dân theo quy định của pháp luật. Kính trình Chủ tịch Ủy ban nhân dân xem xét, cho ý kiến chỉ đạo./."),
    ]
    return finish(doc, is_secret("don_thu", row))


def chuyen_don(store, record_id: int, issue: IssueInfo):
    """Phiếu chuyển đơn (khiếu nại / tố cáo / kiến nghị, phản ánh) to the
    competent body the record names (``co_quan_nhan``)."""
    row = _petition(store, record_id)
    to = nfc(row.get("co_quan_nhan") or "").strip()
    if not to:
        raise PaperError("Đơn chưa ghi “Cơ quan nhận đơn chuyển”: hãy nhập cơ quan có thẩm quyền rồi in phiếu chuyển.")
    doc = paper_doc(store, row.get("unit_id"), issue, "PC-UBND", "PHIẾU CHUYỂN ĐƠN", f"Về việc chuyển {_don(row)}")
    doc.kinh_gui = [to]
    secret = is_secret("don_thu", row)
    law = {"khieu_nai": f"{LUAT_KN}", "to_cao": f"{LUAT_TC}"}.get(row.get("loai"), LUAT_TCD)
    doc.preamble = _can_cu([law, TT05]) + [
        Para(f"Ngày {fmt_date(row['ngay_nhan'])}, Ủy ban nhân dân nhận được {_don(row)} (số đến {_so_den(row)}"
             + (f", ngày viết đơn {fmt_date(row['ngay_viet'])}" if row.get("ngay_viet") else "") + ") của "
             + _inline(row) + "."),
        Para(f"Nội dung đơn: {_noi_dung(row)}"),
        Para(f"Sau khi xem xét, nội dung đơn không thuộc thẩm quyền giải quyết của Ủy ban nhân dân. Căn cứ quy định "
             f"của pháp luật, Ủy ban nhân dân chuyển đơn đến {to} để xem xét, giải quyết theo thẩm quyền"
             + (" và thông báo kết quả cho Ủy ban nhân dân biết." if row.get("loai") != "to_cao" else
                "; thông báo kết quả giải quyết cho Ủy ban nhân dân theo quy định.")),
    ]
    # a denouncer is not told through the body's copy: no "Người gửi đơn (để biết)"
    finish(doc, secret, "Như trên", *(() if secret else ("Người gửi đơn (để biết)",)))
    if secret:
        doc.preamble.append(Para("Đề nghị cơ quan nhận đơn giữ bí mật họ tên, địa chỉ, bút tích và các thông tin "
                                 "cá nhân khác của người tố cáo theo quy định của pháp luật.", kind="note"))
    return doc


def thong_bao_thu_ly(store, record_id: int, issue: IssueInfo):
    """Thông báo về việc thụ lý giải quyết khiếu nại / tố cáo."""
    row = _petition(store, record_id)
    loai = row.get("loai")
    if loai not in ("khieu_nai", "to_cao"):
        raise PaperError("Thông báo thụ lý chỉ lập cho đơn khiếu nại hoặc đơn tố cáo.")
    if not row.get("ngay_thu_ly"):
        raise PaperError("Đơn chưa có “Ngày thụ lý”: hãy nhập ngày thụ lý rồi in thông báo.")
    w = _word(row)
    doc = paper_doc(store, row.get("unit_id"), issue, "TB-UBND", "THÔNG BÁO", f"Về việc thụ lý giải quyết {w}")
    who = identity("don_thu", row)
    doc.kinh_gui = [f"Người tố cáo {SECRET_MASK}" if who.masked else f"Ông (bà) {who.name}"]
    if loai == "khieu_nai":
        bases = [f"{LUAT_KN} (Điều 27 về thụ lý giải quyết khiếu nại, Điều 28 về thời hạn giải quyết)", TT05]
    else:
        bases = [f"{LUAT_TC} (Điều 29 về thụ lý tố cáo, Điều 30 về thời hạn giải quyết)", TT05]
    # the due date the petition list shows (core.records.deadlines: the clerk's overrides, an adjusted hạn)
    _, due = resolution_due(row, store.deadlines(), store.remote_area())
    han = f"đến hết ngày {fmt_date(due)}"
    doc.preamble = _can_cu(bases) + [
        Para(f"Ngày {fmt_date(row['ngay_nhan'])}, Ủy ban nhân dân nhận được đơn {w} (số đến {_so_den(row)}) của "
             + _inline(row) + "."),
        Para(f"Nội dung {w}: {_noi_dung(row)}"),
        Para(f"Sau khi xem xét, đơn {w} đủ điều kiện thụ lý và thuộc thẩm quyền giải quyết. Ủy ban nhân dân thông "
             f"báo: {w} nêu trên đã được thụ lý giải quyết từ ngày {fmt_date(row['ngay_thu_ly'])}; thời hạn giải "
             f"quyết {han}."),
    ]
    return finish(doc, who.masked, "Như trên")


def huong_dan(store, record_id: int, issue: IssueInfo):
    """Văn bản hướng dẫn, trả lại đơn (the matter is not the unit's to
    settle, or the petition does not meet the conditions)."""
    row = _petition(store, record_id)
    who = identity("don_thu", row)
    doc = paper_doc(store, row.get("unit_id"), issue, "UBND", "HƯỚNG DẪN",
                    f"Về việc hướng dẫn, trả lại {_don(row)}")
    doc.so_ky_hieu = doc.so_ky_hieu.replace("/UBND", "/HD-UBND")
    doc.kinh_gui = [f"Người tố cáo {SECRET_MASK}" if who.masked else f"Ông (bà) {who.name}"]
    _not_anonymous(row, "văn bản hướng dẫn, trả lại đơn")
    code = row.get("ly_do_khong_du")
    # "Khác" says nothing to the citizen: "đơn không đủ điều kiện xử lý." without it
    reason = store.enum_label("ly_do_khong_du", code) if code and code != "khac" else ""
    to = nfc(row.get("co_quan_nhan") or "").strip()
    doc.preamble = _can_cu(_bases(row, TT05)) + [
        Para(f"Ngày {fmt_date(row['ngay_nhan'])}, Ủy ban nhân dân nhận được {_don(row)} (số đến {_so_den(row)}) của "
             + _inline(row) + "."),
        Para(f"Nội dung đơn: {_noi_dung(row)}"),
        Para("Sau khi xem xét, " + (f"đơn không đủ điều kiện xử lý ({reason.lower()}). " if reason else
                                    "đơn không đủ điều kiện xử lý. " if code else
                                    "nội dung đơn không thuộc thẩm quyền giải quyết của Ủy ban nhân dân. ")
             + (f"Ủy ban nhân dân hướng dẫn ông (bà) gửi đơn đến {to} để được xem xét, giải quyết theo quy định."
                if to else "Ủy ban nhân dân hướng dẫn ông (bà) gửi đơn đến cơ quan có thẩm quyền để được xem xét, "
                           "giải quyết theo quy định.")),
        Para("Ủy ban nhân dân trả lại đơn và các thông tin, tài liệu, chứng cứ kèm theo (nếu có) để ông (bà) "
             "thực hiện theo hướng dẫn./."),
    ]
    return finish(doc, who.masked, "Như trên")


def don_doc(store, record_id: int, issue: IssueInfo):
    """Phiếu đôn đốc: asks the body the petition went to (``co_quan_nhan``) to settle it and report."""
    row = _petition(store, record_id)
    to = nfc(row.get("co_quan_nhan") or "").strip()
    if not to:
        raise PaperError("Đơn chưa ghi “Cơ quan nhận đơn chuyển”: hãy nhập cơ quan được đôn đốc rồi in phiếu.")
    doc = paper_doc(store, row.get("unit_id"), issue, "PĐĐ-UBND", "PHIẾU ĐÔN ĐỐC",
                    f"Về việc giải quyết {_don(row)}")
    doc.kinh_gui = [to]
    sent = nfc(row.get("so_van_ban_chuyen") or "").strip()
    doc.preamble = _can_cu(_bases(row, TT05)) + [
        Para(f"Ngày {fmt_date(row['ngay_nhan'])}, Ủy ban nhân dân nhận được {_don(row)} (số đến {_so_den(row)}) của "
             + _inline(row) + f". Nội dung đơn: {_noi_dung(row)}"),
        Para(f"Ủy ban nhân dân đã chuyển đơn đến {to}"
             + (f" (văn bản số {sent}" + (f" ngày {fmt_date(row['ngay_xu_ly'])}" if row.get("ngay_xu_ly") else "") + ")"
                if sent else "")
             + ". Đến nay, Ủy ban nhân dân chưa nhận được thông báo kết quả xem xét, giải quyết của cơ quan."),
        Para(f"Đề nghị {to} xem xét, giải quyết đơn theo thẩm quyền và thông báo kết quả cho Ủy ban nhân dân và "
             "người gửi đơn theo quy định của pháp luật./."),
    ]
    return finish(doc, is_secret("don_thu", row), "Như trên")


# ------------------------------------------------------------------ a visit (tiếp công dân)
TRA_LOI = {
    "tiep_nhan_don": "Ủy ban nhân dân đã tiếp nhận đơn của ông (bà) để xem xét, giải quyết theo thẩm quyền",
    "chuyen_don": "nội dung ông (bà) trình bày không thuộc thẩm quyền giải quyết của Ủy ban nhân dân nên Ủy ban nhân "
                  "dân đã chuyển đơn đến cơ quan có thẩm quyền để xem xét, giải quyết",
    "huong_dan": "nội dung ông (bà) trình bày không thuộc thẩm quyền giải quyết của Ủy ban nhân dân; đề nghị ông (bà) "
                 "gửi đơn đến cơ quan có thẩm quyền để được xem xét, giải quyết theo quy định",
    "giai_thich": "nội dung ông (bà) trình bày đã được giải thích, trả lời trực tiếp tại buổi tiếp",
}
TRA_LOI_KHAC = "nội dung ông (bà) trình bày đang được xem xét, xử lý theo quy định"


def tra_loi_tiep(store, record_id: int, issue: IssueInfo):
    """The written reply to a citizen received in person: what became of
    the matter (Luật Tiếp công dân 2013 Điều 28; Thông tư 04/2021/TT-TTCP)."""
    row = store.get("tiep_cong_dan", record_id)
    if row is None:
        raise PaperError(f"Không có lượt tiếp công dân số hiệu {record_id}.")
    who = identity("tiep_cong_dan", row)
    doc = paper_doc(store, row.get("unit_id"), issue, "TB-UBND", "THÔNG BÁO",
                    "Về việc trả lời nội dung trình bày tại buổi tiếp công dân")
    doc.kinh_gui = [f"Người tố cáo {SECRET_MASK}" if who.masked else f"Ông (bà) {who.name}"]
    what = TRA_LOI.get(row.get("huong_xu_ly") or "", TRA_LOI_KHAC)
    so_nguoi = row.get("so_nguoi") or 1
    ket_qua = nfc(row.get("ket_qua") or "").strip()
    doc.preamble = _can_cu([f"{LUAT_TCD} (Điều 28)", "Thông tư số 04/2021/TT-TTCP ngày 01/10/2021 của Thanh tra "
                                                     "Chính phủ quy định quy trình tiếp công dân"]) + [
        Para(f"Ngày {fmt_date(row['ngay_tiep'])}, Ủy ban nhân dân tiếp "
             # a group (đoàn đông người) came with a representative: "18 công dân do ông (bà) X đại diện"
             + (f"{so_nguoi} công dân do {_inline(row, 'tiep_cong_dan')} đại diện" if so_nguoi > 1
                else f"công dân {_inline(row, 'tiep_cong_dan')}")
             + f" đến trình bày nội dung: {nfc(row.get('noi_dung') or '').strip().rstrip('.')}."),
        Para(f"Ủy ban nhân dân thông báo để ông (bà) biết: {what}."
             + (f" Kết quả: {ket_qua.rstrip('.')}." if ket_qua else "")),
        Para("Trường hợp còn vướng mắc, ông (bà) liên hệ bộ phận tiếp công dân của Ủy ban nhân dân trong giờ hành "
             "chính để được hướng dẫn theo quy định của pháp luật./."),
    ]
    return finish(doc, who.masked, "Như trên", file="hồ sơ tiếp công dân")
