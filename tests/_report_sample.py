"""A hand-built ReportDoc used by the writer tests (no database needed)."""
from __future__ import annotations

from core.report.document import Annex, Cell, Para, ReportDoc, Section, Signer, Table


def sample_doc(with_annexes: bool = True, landscape_only: bool = False) -> ReportDoc:
    long = ("Trong 06 tháng đầu năm 2025, UBND xã tiếp 58 lượt/59 người/58 vụ việc (tăng 12 lượt so với cùng kỳ "
            "năm 2024); trong đó Chủ tịch UBND xã tiếp định kỳ 24 lượt, tiếp thường xuyên 34 lượt; không có đoàn "
            "đông người. Nội dung chủ yếu thuộc lĩnh vực đất đai (31 vụ việc), chế độ, chính sách (12 vụ việc).")
    don = ("Tiếp nhận 229 đơn (kỳ trước chuyển sang 05 đơn), trong đó 161 đơn đủ điều kiện xử lý (chiếm 70,31%) và "
           "68 đơn không đủ điều kiện đã lưu (đơn nặc danh, không ký tên, trùng lặp, không rõ địa chỉ) <&> “ký tự”.")
    per_year = Table(title="Bảng 1. Số đơn tiếp nhận theo năm",
                     header=[[Cell("Năm", rowspan=2), Cell("Tiếp nhận", colspan=2), Cell("Đã giải quyết", rowspan=2)],
                             [Cell("Tổng"), Cell("Đủ điều kiện")]],
                     rows=[[Cell(str(y)), Cell("12"), Cell("10"), Cell("10")] for y in range(2021, 2026)],
                     widths_cm=[3, 3, 3, 3])
    secs = [
        Section("I.", "Đặc điểm tình hình", 1, [Para(long), Para("Dân số: 2.382 hộ, 10.122 khẩu.")]),
        Section("II.", "Công tác lãnh đạo, chỉ đạo", 1, [
            Para("Trong kỳ, UBND xã ban hành các văn bản chỉ đạo, điều hành trong thực hiện công tác dân vận "
                 "như sau, bảo đảm đúng quy định và kịp thời triển khai đến các thôn trên địa bàn xã:"),
            Para("Kế hoạch số 09/KH-UBND ngày 10/02/2025 về triển khai công tác dân vận chính quyền năm 2025;",
                 kind="bullet")]),
        Section("III.", "Kết quả thực hiện", 1, children=[
            Section("1.", "Tiếp công dân, đối thoại", 2, [Para(long)]),
            Section("2.", "Tiếp nhận, xử lý đơn thư", 2, [Para(don), per_year,
                                                           Para("Trong kỳ không phát sinh đơn tố cáo.", kind="plus")]),
        ]),
    ]
    annexes = []
    if with_annexes:
        wide = Table(header=[[Cell("STT", rowspan=2), Cell("Đơn vị", rowspan=2), Cell("Tổng", colspan=3),
                              Cell("Thường xuyên", colspan=3), Cell("Định kỳ, đột xuất của Chủ tịch", colspan=4)],
                             [Cell("Lượt"), Cell("Người"), Cell("Vụ việc"), Cell("Lượt"), Cell("Người"),
                              Cell("Vụ việc"), Cell("Số kỳ"), Cell("Lượt"), Cell("Người"), Cell("Vụ việc")]],
                     rows=[[Cell("1"), Cell("Xã Nghĩa Phương", align="left")] + [Cell(str(i * 3)) for i in range(10)]],
                     widths_cm=[1, 5] + [1.6] * 10)
        annexes.append(Annex("TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN", "(Số liệu từ 01/01/2025 đến 30/06/2025)", [wide]))
        if not landscape_only:
            models = Table(header=[[Cell("STT"), Cell("Tên mô hình"), Cell("Đơn vị thực hiện"), Cell("Trạng thái")]],
                           rows=[[Cell("1"), Cell("Hũ gạo tiết kiệm", align="left"), Cell("Hội LHPN"),
                                  Cell("Duy trì")]],
                           widths_cm=[1, 7, 4, 3])
            annexes.append(Annex("DANH SÁCH MÔ HÌNH “DÂN VẬN KHÉO”", "", [models], landscape=False))
    return ReportDoc(
        ten_co_quan="ỦY BAN NHÂN DÂN\nXÃ NGHĨA PHƯƠNG", so_ky_hieu="Số: 15/BC-UBND", dia_danh="Nghĩa Phương",
        ngay="ngày 05 tháng 7 năm 2025",
        trich_yeu="Kết quả công tác dân vận chính quyền 06 tháng đầu năm 2025",
        preamble=[Para("Thực hiện Công văn số 217/PNV ngày 07/7/2025 của Sở Nội vụ về việc báo cáo kết quả "
                       "công tác dân vận chính quyền; Ủy ban nhân dân xã Nghĩa Phương báo cáo như sau:")],
        sections=secs,
        closing=[Para("Trên đây là báo cáo kết quả công tác dân vận chính quyền 06 tháng đầu năm 2025 của Ủy ban "
                      "nhân dân xã Nghĩa Phương./.")],
        noi_nhan=["Sở Nội vụ", "TT Đảng ủy xã", "TT HĐND xã", "Lưu: VT, VP"],
        signer=Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"),
        annexes=annexes,
    )
