"""Papers of a visit (tiếp công dân) besides the written reply
(``core.papers.petition.tra_loi_tiep``): the giấy biên nhận of the papers and
documents a citizen hands over at the reception (Luật Tiếp công dân 2013;
Thông tư 04/2021/TT-TTCP).  Sources and what could not be confirmed:
docs/PAPERS.md."""
from __future__ import annotations

from core.papers.common import IssueInfo, PaperError, fmt_date, identity, letterhead, paper_doc
from core.papers.petition import LUAT_TCD, finish
from core.records.secrecy import SECRET_MASK
from core.report.document import Para
from core.text import nfc

TT04 = ("Thông tư số 04/2021/TT-TTCP ngày 01/10/2021 của Thanh tra Chính phủ quy định quy trình tiếp công dân")


def documents(row: dict) -> list[str]:
    """The documents handed over (``tai_lieu_nhan``), one per line, without
    list marks or trailing punctuation the paper adds back."""
    out = []
    for line in nfc(row.get("tai_lieu_nhan") or "").splitlines():
        t = line.strip().lstrip("-–•+*").strip().rstrip(";.,").strip()
        if t:
            out.append(t)
    return out


def has_documents(row: dict) -> bool:
    return bool(documents(row))


def bien_nhan_tai_lieu(store, record_id: int, issue: IssueInfo):
    """Giấy biên nhận thông tin, tài liệu, bằng chứng a citizen provides at a
    reception: who handed what to whom, on which day, for which matter.  A
    tố cáo visitor's identity is "(bảo mật)" (the snapshot is kept unencrypted)."""
    row = store.get("tiep_cong_dan", record_id)
    if row is None:
        raise PaperError(f"Không có lượt tiếp công dân số hiệu {record_id}.")
    docs = documents(row)
    if not docs:
        raise PaperError("Lượt tiếp chưa ghi “Giấy tờ, tài liệu công dân cung cấp”: hãy nhập các giấy tờ, tài liệu "
                         "đã nhận (mỗi thứ một dòng) rồi in giấy biên nhận.")
    who = identity("tiep_cong_dan", row)
    lh = letterhead(store, row.get("unit_id"))
    doc = paper_doc(store, row.get("unit_id"), issue, "GBN-UBND", "GIẤY BIÊN NHẬN",
                    "Thông tin, tài liệu, bằng chứng công dân cung cấp tại buổi tiếp công dân")
    receiver = nfc(row.get("nguoi_tiep_ten") or "").strip()
    role = store.enum_label("nguoi_tiep", row.get("nguoi_tiep")) if row.get("nguoi_tiep") else ""
    if role.startswith("Công chức"):  # a post, not a title: "công chức tiếp công dân"
        role = role[:1].lower() + role[1:]
    role = role.replace(" (ủy quyền)", " được ủy quyền")
    # "ông (bà) Nguyễn Văn Hùng, Chủ tịch UBND" — titles keep their capital (Nghị định 30)
    by = f"ông (bà) {receiver}, {role}," if receiver and role else (f"ông (bà) {receiver}" if receiver else role)
    if who.masked:
        giver = f"người tố cáo {SECRET_MASK}"
    else:
        giver = f"ông (bà) {who.name}" + (f", địa chỉ: {who.address}" if who.address else "") \
            + (f", số CCCD: {who.cccd}" if who.cccd else "")
    content = nfc(row.get("noi_dung") or "").strip().rstrip(".")
    doc.preamble = [Para(f"Căn cứ {b};", kind="note") for b in (LUAT_TCD, TT04)] + [
        Para(f"Ngày {fmt_date(row['ngay_tiep'])}, tại nơi tiếp công dân của {lh['co_quan']}"
             + (f", {by}" if by else "") + f" đã nhận của {giver} các thông tin, tài liệu, bằng chứng sau:"),
        *[Para(f"- {d}{'.' if i == len(docs) - 1 else ';'}", kind="bullet") for i, d in enumerate(docs)],
        Para(f"Tổng cộng {len(docs):02d} thông tin, tài liệu, bằng chứng, do công dân cung cấp để làm rõ nội dung "
             f"trình bày tại buổi tiếp công dân: {content}."),
        Para("Cơ quan tiếp nhận có trách nhiệm quản lý, sử dụng thông tin, tài liệu, bằng chứng đã nhận đúng mục "
             "đích, theo quy định của pháp luật, bảo đảm không để mất, hư hỏng hoặc lộ thông tin, tài liệu."),
        Para("Giấy biên nhận được lập thành hai bản có giá trị như nhau, người cung cấp thông tin, tài liệu giữ một "
             "bản, một bản lưu hồ sơ tiếp công dân của Ủy ban nhân dân./."),
    ]
    return finish(doc, who.masked, "Người cung cấp thông tin, tài liệu", file="hồ sơ tiếp công dân")
