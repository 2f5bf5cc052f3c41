"""The biên bản of a land-dispute mediation at UBND xã (Luật Đất đai 2024
Điều 235; Nghị định 102/2024/NĐ-CP): hòa giải thành or không thành, with
the Hội đồng hòa giải, the parties, the dispute, their opinions, the
agreement (or the points not agreed and where the parties are guided), the
signatures of the parties, the council's chairman and secretary, and the
UBND xã's confirmation (the footer's TM. ỦY BAN NHÂN DÂN).  Sources and
what could not be confirmed: docs/PAPERS.md."""
from __future__ import annotations

from core.papers.common import IssueInfo, PaperError, fmt_date, letterhead, paper_doc
from core.records.deadlines import is_land_mediation
from core.report.document import Cell, Para, Section, Table
from core.text import nfc

LUAT_DD = "Luật Đất đai năm 2024"
ND102 = ("Nghị định số 102/2024/NĐ-CP ngày 30/7/2024 của Chính phủ quy định chi tiết thi hành một số điều "
         "của Luật Đất đai")
KY_HIEU = "BB-UBND"
OUTCOMES = ("thanh", "khong_thanh")
# the trích yếu under "BIÊN BẢN", per outcome
TRICH_YEU = {"thanh": "Hòa giải thành tranh chấp đất đai", "khong_thanh": "Hòa giải không thành tranh chấp đất đai"}
ROLE_ORDER = {"chu_tich": 0, "thanh_vien": 1, "thu_ky": 2}


def offered(row: dict) -> bool:
    """A land dispute mediated at UBND xã whose outcome is thành or không thành."""
    return is_land_mediation(row) and row.get("ket_qua") in OUTCOMES


def _t(v) -> str:
    return nfc(v or "").strip()


def _sentence(v) -> str:
    t = _t(v)
    return t if not t or t.endswith((".", "!", "?", "…")) else t + "."


def _without_lead(v, lead: str) -> str:
    """"Hướng dẫn các bên gửi đơn …" typed after a sentence that already says it: "Gửi đơn …"."""
    t = _t(v)
    if t.casefold().startswith(lead.casefold()):
        t = t[len(lead):].strip(" :,")
        t = t[:1].upper() + t[1:]
    return t


def _party(name: str, address: str) -> str:
    return f"ông (bà) {name}" + (f", địa chỉ: {address}" if address else "")


def _member(m: dict, roles: dict) -> str:
    pos = _t(m.get("chuc_vu"))
    return f"Ông (bà) {_t(m.get('ho_ten'))}" + (f", {pos}" if pos else "") + \
        f" — {roles.get(m.get('vai_tro'), '').lower() or 'thành viên'}"


def _signature(title: str, name: str) -> Cell:
    """One signature: the role, room to sign, the name (bold, as a signer's in Nghị định 30)."""
    return Cell(f"{title}\n\n\n\n{name}", bold=True)


def bien_ban_hoa_giai(store, record_id: int, issue: IssueInfo):
    """Biên bản hòa giải thành / không thành tranh chấp đất đai tại UBND xã."""
    row = store.get("hoa_giai", record_id)
    if row is None:
        raise PaperError(f"Không có vụ việc hòa giải số hiệu {record_id}.")
    if not is_land_mediation(row):
        raise PaperError("Biên bản hòa giải tranh chấp đất đai chỉ lập cho vụ việc “Hòa giải tranh chấp đất đai "
                         "tại UBND xã”.")
    kq = row.get("ket_qua")
    if kq not in OUTCOMES:
        raise PaperError("Vụ việc chưa có kết quả hòa giải thành hoặc không thành: hãy chọn “Kết quả” rồi lập "
                         "biên bản.")
    members = sorted(row.get("hoi_dong") or [], key=lambda m: ROLE_ORDER.get(m.get("vai_tro"), 1))
    if not members:
        raise PaperError("Vụ việc chưa có thành phần Hội đồng hòa giải: hãy nhập các thành viên rồi lập biên bản.")
    if not row.get("ngay_hoa_giai"):
        raise PaperError("Vụ việc chưa có “Ngày họp hòa giải”: hãy nhập ngày họp rồi lập biên bản.")
    roles = store.enum_labels("vai_tro_hoi_dong")
    lh = letterhead(store, row.get("unit_id"))
    co_quan = lh["co_quan"]
    doc = paper_doc(store, row.get("unit_id"), issue, KY_HIEU, "BIÊN BẢN", TRICH_YEU[kq])
    a_name, a_addr = _t(row.get("ben_a")), _t(row.get("ben_a_dia_chi"))
    b_name, b_addr = _t(row.get("ben_b")), _t(row.get("ben_b_dia_chi"))
    parties = f"ông (bà) {a_name}" + (f" và ông (bà) {b_name}" if b_name else "")
    place = _t(row.get("dia_diem_hoa_giai")) or f"trụ sở {co_quan}"
    chair = next((m for m in members if m.get("vai_tro") == "chu_tich"), None)
    secretary = next((m for m in members if m.get("vai_tro") == "thu_ky"), None)

    doc.preamble = [
        Para(f"Căn cứ Điều 235 {LUAT_DD} về hòa giải tranh chấp đất đai;", kind="note"),
        Para(f"Căn cứ {ND102};", kind="note"),
        Para(f"Căn cứ đơn yêu cầu hòa giải tranh chấp đất đai {co_quan} nhận ngày {fmt_date(row['ngay_nhan'])};",
             kind="note"),
        Para(f"Hôm nay, ngày {fmt_date(row['ngay_hoa_giai'])}, tại {place}, Hội đồng hòa giải tranh chấp đất đai "
             f"của {co_quan} tổ chức cuộc họp hòa giải tranh chấp đất đai giữa {parties}, với thành phần và nội "
             f"dung như sau:"),
    ]
    composition = Section("I.", "Thành phần tham dự", 1, children=[
        Section("1.", "Hội đồng hòa giải tranh chấp đất đai", 2,
                blocks=[Para(_member(m, roles) + (";" if i < len(members) - 1 else "."), kind="bullet")
                        for i, m in enumerate(members)]),
        Section("2.", "Các bên tranh chấp", 2, blocks=[
            Para(f"Bên A: {_party(a_name, a_addr)};", kind="bullet"),
            *([Para(f"Bên B: {_party(b_name, b_addr)}.", kind="bullet")] if b_name else []),
        ]),
    ])
    opinions = _sentence(row.get("y_kien_cac_ben")) or "Các bên trình bày ý kiến tại cuộc họp hòa giải."
    content = Section("II.", "Nội dung hòa giải", 1, children=[
        Section("1.", "Nội dung tranh chấp", 2, blocks=[Para(_sentence(row.get("noi_dung")))]),
        Section("2.", "Ý kiến của các bên tranh chấp", 2, blocks=[Para(opinions)]),
    ])
    ket_luan = _sentence(row.get("ket_luan"))
    if kq == "thanh":
        result = [
            Para("Sau khi nghe ý kiến của các bên, Hội đồng hòa giải phân tích, giải thích các quy định của pháp "
                 "luật về đất đai; các bên tranh chấp đã tự nguyện thỏa thuận, thống nhất giải quyết tranh chấp "
                 "như sau: " + (ket_luan or "(chưa ghi nội dung thỏa thuận).")),
            Para("Các bên có trách nhiệm thực hiện đúng nội dung đã thỏa thuận. Trường hợp kết quả hòa giải thành "
                 "làm thay đổi hiện trạng về ranh giới, diện tích hoặc người sử dụng đất, các bên thực hiện thủ tục "
                 "đăng ký biến động đất đai theo quy định của pháp luật."),
        ]
        what = "hòa giải thành"
    else:
        guide = _sentence(_without_lead(row.get("huong_dan"), "hướng dẫn các bên")) or (
            "Các bên gửi đơn đến cơ quan có thẩm quyền để được giải quyết tranh chấp đất đai theo quy định "
            f"của {LUAT_DD}.")
        result = [
            Para("Sau khi nghe ý kiến của các bên, Hội đồng hòa giải phân tích, giải thích các quy định của pháp "
                 "luật về đất đai; các bên tranh chấp không thống nhất được các nội dung sau: "
                 + (ket_luan or "(chưa ghi nội dung không thống nhất).")),
            Para(f"Hội đồng hòa giải hướng dẫn các bên: {guide}"),
        ]
        what = "hòa giải không thành"
    result.append(Para(
        f"Biên bản {what} được lập thành các bản có giá trị như nhau, đã đọc lại cho các bên cùng nghe, các bên "
        f"nhất trí với nội dung biên bản và cùng ký tên dưới đây; mỗi bên tranh chấp giữ một bản, một bản lưu tại "
        f"{co_quan}."))
    gap = [Cell("\u00a0"), Cell("\u00a0")]  # a line between the parties' signatures and the council's
    signatures = [[_signature("BÊN A", a_name), _signature("BÊN B", b_name) if b_name else Cell("")], gap,
                  [_signature("THƯ KÝ HỘI ĐỒNG", _t((secretary or {}).get("ho_ten"))),
                   _signature("CHỦ TỊCH HỘI ĐỒNG", _t((chair or {}).get("ho_ten")))]]
    result.append(Table(rows=signatures, widths_cm=[8.0, 8.0], borderless=True))
    doc.sections = [composition, content, Section("III.", f"Kết quả {what}", 1, blocks=result)]
    doc.closing = [Para(f"{co_quan} xác nhận việc {what} tranh chấp đất đai giữa {parties} nêu trên.")]
    doc.noi_nhan = ["Các bên tranh chấp", "Lưu: VT, hồ sơ hòa giải"]
    return doc
