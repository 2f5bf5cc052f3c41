"""Every sentence template and phrase of the generated report prose, in one
place (SPEC §6.2).  ``core.report.prose`` fills them from ``core.report.stats.Stats``;
change the wording here, never in the builders.

Placeholders are ``str.format`` names.  Numbers arrive already formatted
(counts zero-padded below 10 with ``.`` thousands, percentages with ``,``).
A template ending in ``_none`` is the zero case; ``_one``/``_many`` variants
exist where Vietnamese needs a different sentence (it does not inflect
nouns, so most counts only need the zero case).
"""
from __future__ import annotations

# ------------------------------------------------------------ shared
UNIT_SHORT = "UBND {unit_type}"  # "UBND xã"
CMP_UP = "tăng {diff} {unit} so với {label}"
CMP_DOWN = "giảm {diff} {unit} so với {label}"
CMP_SAME = "bằng {label}"
RATE = "đạt {pct}"  # "đạt 76,92%"
RATIO_RATE = "{num}/{den} {unit}, đạt {pct}"  # "110/143 đơn, đạt 76,92%"
RATE_WITH_RATIO = "đạt {pct} ({num}/{den} {unit})"
LIST_SEP = ", "
LIST_LAST = " và "
MORE_ITEMS = "và {n} {unit} khác"
THANH_TRA_NOTE = " (số liệu tính {range_text})"

# ---------------------------------------------------------- profile
PROFILE_AREA = "{Unit} có diện tích tự nhiên {area} ha"
PROFILE_PEOPLE = "{households} hộ với {population} nhân khẩu"
PROFILE_HOUSEHOLDS = "{households} hộ"
PROFILE_POPULATION = "{population} nhân khẩu"
PROFILE_VILLAGES = "toàn {unit_type} có {n} {village_kind}"
PROFILE_VILLAGE_COUNTS = "toàn {unit_type} có {counts}"  # "toàn xã có 40 thôn, 43 tổ dân phố"
PROFILE_VILLAGE_COUNT = "{n} {kind}"
PROFILE_VILLAGE_NAMES = " ({names})"
PROFILE_HAS = "{Unit} có "
PROFILE_PREDECESSORS = "{Unit} được thành lập{since} trên cơ sở sắp xếp, hợp nhất {names}{by}."
PROFILE_MERGED_SINCE = " từ ngày {date}"
PROFILE_MERGED_BY = " theo {resolution}"
PROFILE_RESOLUTION_PREFIX = "Nghị quyết số "  # put before a resolution typed as its number only
PROFILE_NONE = "[Chưa khai báo diện tích, dân số, số hộ và danh sách thôn, tổ dân phố của {unit} (mục Đơn vị).]"

# ---------------------------------------------------------- directive documents
VB_INTRO = "{intro}, {unit} đã ban hành {n} văn bản chỉ đạo, điều hành thực hiện công tác dân vận chính quyền, cụ thể:"
VB_INTRO_ONE = "{intro}, {unit} đã ban hành {n} văn bản chỉ đạo, điều hành thực hiện công tác dân vận chính quyền:"
VB_NONE = "{intro}, {unit} không ban hành văn bản chỉ đạo riêng về công tác dân vận chính quyền."
VB_LINE = "{loai} số {so} ngày {ngay} {trich_yeu}{phoi_hop}"
VB_ABOUT = "về "  # inserted before a trích yếu that does not start with "về"
VB_PHOI_HOP = " (phối hợp với {who})"
VB_PER_YEAR = "Năm {year}: {n} văn bản."
# reviews spanning a merger: each unit's documents under its own name
VB_UNIT_INTRO = "{who} đã ban hành {n} văn bản chỉ đạo, điều hành thực hiện công tác dân vận chính quyền{when}:"
VB_UNIT_OLD = "UBND {title} (cũ)"  # a predecessor commune: "UBND xã Hòa Bình (cũ)"
VB_UNIT_BEFORE = " (trước ngày {date})"
VB_UNIT_SINCE = " (từ ngày {date})"
VB_PERIOD_MERGER = ("{intro}, ngày {date} {unit_title} được thành lập trên cơ sở sắp xếp, hợp nhất {names}; "
                    "văn bản chỉ đạo, điều hành của từng đơn vị như sau:")
# documents of earlier periods still in force
VB_IN_FORCE_ONE = "Đồng thời, {unit} tiếp tục triển khai {doc}."
VB_IN_FORCE = "Đồng thời, {unit} tiếp tục triển khai các văn bản còn hiệu lực:"
VB_IN_FORCE_OF = " của {co_quan}"

# ---------------------------------------------------------- propaganda, training, inspection
TT_SESSIONS = "tổ chức tuyên truyền được {n} cuộc với {people} lượt người nghe"
TT_SESSIONS_NOPEOPLE = "tổ chức tuyên truyền được {n} cuộc"
TH_SESSIONS = "tổ chức {n} lớp tập huấn, bồi dưỡng với {people} lượt người tham dự"
TH_SESSIONS_NOPEOPLE = "tổ chức {n} lớp tập huấn, bồi dưỡng"
KT_SESSIONS = "tiến hành {n} cuộc kiểm tra việc thực hiện công tác dân vận chính quyền"
TT_SENTENCE = "Kết quả {label}, {unit} {parts}."
TT_NONE = "{intro}, chưa ghi nhận hoạt động tuyên truyền, tập huấn, kiểm tra về công tác dân vận chính quyền."

# ---------------------------------------------------------- administrative reform (CCHC)
CCHC_TIEP_NHAN = "{intro}, Bộ phận Một cửa {unit_type} tiếp nhận {n} hồ sơ thủ tục hành chính"
CCHC_DUNG_HAN = "giải quyết đúng hạn {ratio}"
CCHC_DUNG_HAN_LEAD = "{intro}, Bộ phận Một cửa giải quyết đúng hạn {ratio}"
CCHC_TRE_HAN = "trễ hạn {n} hồ sơ"
CCHC_DVC_INTRO = "Kết quả cung cấp dịch vụ công trực tuyến{note}:"
CCHC_DVC_MOT_PHAN = "Một phần: {ratio}"
CCHC_DVC_TOAN_TRINH = "Toàn trình: {ratio}"
CCHC_DVC_TONG = "Tỷ lệ giải quyết hồ sơ trực tuyến: {ratio}"
CCHC_KHAO_SAT = ("{unit} đã tổ chức khảo sát mức độ hài lòng của người dân, tổ chức với tổng {phieu} phiếu, "
                 "trong đó hài lòng {ratio}")
# period figures over a span that is not the report period (core/report/stats/period_figures.py)
PF_DATES = "từ ngày {start} đến ngày {end}"
PF_UNIT_OLD = "{title} (cũ)"  # a predecessor unit
PF_OF_UNIT = " của {unit}"
PF_LEAD = "Theo số liệu {span}"  # replaces "Trong năm 2025" when the figures cover another span
PF_SPAN_NOTE = "số liệu {span}"
PF_GAPS = "chưa gồm số liệu {items}"
PF_GAP_ITEM = "{of_unit}{when}"
PF_MISSING = "Số liệu theo kỳ: chưa có số liệu{of_unit} {span}"
PF_MISSING_ENTERED = " (số liệu đã nhập {spans} không khớp kỳ báo cáo nên không được tính)"
CCHC_NONE = ("[Chưa nhập số liệu thủ tục hành chính, dịch vụ công trực tuyến và khảo sát sự hài lòng cho kỳ báo "
             "cáo (mục Số liệu theo kỳ).]")

# ---------------------------------------------------------- grassroots democracy
DCCS_LAY_Y_KIEN = "{unit} tổ chức {n} cuộc lấy ý kiến Nhân dân"
DCCS_TTND = "Ban Thanh tra nhân dân thực hiện {n} cuộc giám sát"
DCCS_GSDTCD = "Ban Giám sát đầu tư của cộng đồng giám sát {n} công trình"
DCCS_HUONG_UOC = "{n} hương ước, quy ước được công nhận"
DCCS_OTHER = "{label}: {value}{unit}"
DCCS_SENTENCE = "{intro}, {parts}."

# ---------------------------------------------------------- reception
TCD_TOTAL = "{intro}, {unit} tiếp {luot} lượt/{nguoi} người/{vu_viec} vụ việc{cmp}"
TCD_FORMS = "trong đó {forms}"
TCD_FORM_DINH_KY = "Chủ tịch UBND {unit_type} tiếp định kỳ {luot} lượt/{nguoi} người ({ky} kỳ tiếp)"
# routine reception is the assigned civil servants' (never credited to the Chairman)
TCD_FORM_THUONG_XUYEN = "công chức tiếp thường xuyên {luot} lượt/{nguoi} người"
TCD_FORM_DOT_XUAT = "tiếp đột xuất {luot} lượt/{nguoi} người"
TCD_FORM_DOT_XUAT_CHAIR = "Chủ tịch UBND {unit_type} tiếp đột xuất {luot} lượt/{nguoi} người"
TCD_FORMS_SEP = "; "  # between the Chairman's reception and the civil servants'
TCD_DOAN = "có {doan} đoàn đông người với {nguoi} người"
TCD_DOAN_NONE = "không có đoàn đông người"
TCD_LAN = "Số vụ việc tiếp lần đầu {lan_dau}, tiếp nhiều lần {nhieu_lan}."
TCD_LAN_ALL_FIRST = "Tất cả {n} vụ việc đều được tiếp lần đầu."
TCD_FIELDS = "Nội dung chủ yếu thuộc lĩnh vực {fields}."
TCD_FIELD_ITEM = "{label} ({n} vụ việc)"
TCD_NONE = "{intro}, không có công dân đến trụ sở {unit} kiến nghị, phản ánh, khiếu nại, tố cáo."

DT_TOTAL = ("{intro}, {unit} tổ chức {n} cuộc đối thoại trực tiếp, hội nghị lắng nghe ý kiến Nhân dân "
            "với {people} lượt người tham dự{cmp}")
DT_OPINIONS = "tiếp nhận {n} ý kiến"
DT_OPINION_FIELDS = "tập trung vào lĩnh vực {fields}"
DT_FIELD_ITEM = "{label} ({n} ý kiến)"
DT_ANSWERED = "trả lời trực tiếp tại hội nghị {n} ý kiến"
DT_ASSIGNED = "giao bộ phận chuyên môn xem xét, giải quyết {n} ý kiến"
DT_NONE = "{intro}, {unit} không tổ chức cuộc đối thoại trực tiếp với Nhân dân."

# ---------------------------------------------------------- petitions
DON_RECEIVED = "{intro}, {unit} tiếp nhận {n} đơn{paren}"
DON_CARRIED = "kỳ trước chuyển sang {items}"
DON_CARRIED_XU_LY = "{n} đơn chưa xử lý"  # annex II "Kỳ trước chuyển sang chưa xử lý"
DON_CARRIED_THU_LY = "{n} đơn thuộc thẩm quyền chưa giải quyết xong"  # annex III, same words
PAREN = " ({})"
PAREN_SEP = "; "
DON_ALL_DU = "cả {n} đơn đều đủ điều kiện xử lý"
DON_DU_SPLIT = "trong đó {du} đơn đủ điều kiện xử lý (chiếm {pct})"
DON_KHONG_DU = "{n} đơn không đủ điều kiện xử lý{action}{reasons}"
DON_KHONG_DU_LUU = " đã lưu"
DON_KHONG_DU_HD = ", đã hướng dẫn, trả lại {n} đơn"
DON_REASONS = " ({items})"
DON_CHUA_PHAN_LOAI = "còn {n} đơn đang phân loại, xử lý"
DON_CONTENT = "Theo nội dung: {items}."
DON_CONTENT_ITEM = "{label} {n} đơn"
DON_CONTENT_REST = "nội dung khác {n} đơn"
DON_CONTENT_MAX = 8  # named items before the rest is grouped
DON_NO_KN_TC = "Trong kỳ không phát sinh đơn khiếu nại, tố cáo."
DON_NO_KN = "Trong kỳ không phát sinh đơn khiếu nại."
DON_NO_TC = "Trong kỳ không phát sinh đơn tố cáo."
DON_DONG_NGUOI_NONE = "Không có vụ việc đông người, phức tạp."
DON_DONG_NGUOI = "Có {n} đơn đông người."
DON_HANDLING = "Trong số đơn đủ điều kiện: {items}."
DON_H_THU_LY = "thụ lý giải quyết {n} đơn thuộc thẩm quyền{groups}"
DON_H_CHUYEN = "chuyển {n} đơn đến cơ quan có thẩm quyền"
DON_H_HUONG_DAN = "hướng dẫn, trả lại {n} đơn"
DON_H_DON_DOC = "đôn đốc giải quyết {n} đơn"
DON_H_LUU = "lưu {n} đơn"
DON_H_CHUA = "{n} đơn chưa quyết định hướng xử lý"
DON_GROUP_ITEM = "{n} đơn {label}"
DON_RESOLVED = "Đã giải quyết {num}/{den} đơn thuộc thẩm quyền{carried}, đạt {pct}"
DON_RESOLVED_NONE = "Chưa có đơn thuộc thẩm quyền được giải quyết xong ({den} đơn phải giải quyết{carried})"
DON_RESOLVED_CARRIED = " (kể cả {n} đơn kỳ trước chuyển sang)"
DON_RESOLVED_TIMING = " (đúng hạn {in_time} đơn, trễ hạn {late} đơn)"
DON_RESOLVED_ALL_LATE = " (trễ hạn {late} đơn)"
DON_OPEN = "{n} đơn đang giải quyết trong hạn"
DON_OPEN_NONE = "không còn đơn đang giải quyết"
DON_OVERDUE = "{n} đơn quá hạn giải quyết"
DON_OVERDUE_NONE = "không có đơn quá hạn"
DON_NO_THU_LY = "Trong kỳ không có đơn thuộc thẩm quyền phải giải quyết."
DON_OUTCOME_KN_TC = "Kết quả giải quyết khiếu nại, tố cáo: {items}."
DON_OUTCOME_ITEM = "{label} {n} đơn"
DON_NONE = "{intro}, {unit} không tiếp nhận đơn khiếu nại, tố cáo, kiến nghị, phản ánh nào{cmp}."
DON_NONE_CARRIED = "{intro}, {unit} không tiếp nhận đơn mới; {carried}."

# ---------------------------------------------------------- mediation
HG_TEAMS = "Toàn {unit_type} có {teams} tổ hòa giải với {mediators} hòa giải viên."
HG_TEAMS_ONLY = "Toàn {unit_type} có {teams} tổ hòa giải."
HG_CO_SO = "Các tổ hòa giải ở cơ sở tiếp nhận mới {new} vụ việc{paren}"
HG_DAT_DAI = "{unit} tiếp nhận mới {new} vụ việc tranh chấp đất đai thuộc trách nhiệm hòa giải{paren}"
HG_CARRIED = "kỳ trước chuyển sang {n} vụ việc"
HG_MEDIATED = "tổ chức hòa giải {mediated} vụ việc"
HG_THANH = "trong đó hòa giải thành {ratio}"
HG_KHONG_THANH = "không thành {n} vụ việc"
HG_KHONG_THANH_NONE = "không có vụ việc hòa giải không thành"
HG_NOT_YET = "chưa tổ chức hòa giải vụ việc nào"
HG_DANG = "còn {n} vụ việc đang hòa giải"
HG_RUT = "{n} vụ việc các bên rút yêu cầu, tự hòa giải"
HG_KHONG_THUOC = "{n} vụ việc không thuộc phạm vi hòa giải"
HG_FIELDS = "Các vụ việc chủ yếu thuộc lĩnh vực {fields}."
HG_FIELD_ITEM = "{label} ({n} vụ việc)"
HG_CO_SO_CARRIED_ONLY = "Các tổ hòa giải ở cơ sở không tiếp nhận vụ việc mới (kỳ trước chuyển sang {n} vụ việc)"
HG_DAT_DAI_CARRIED_ONLY = ("{unit} không tiếp nhận vụ việc tranh chấp đất đai mới (kỳ trước chuyển sang {n} vụ "
                           "việc)")
HG_THANH_NONE = "không có vụ việc hòa giải thành"
HG_CO_SO_NONE = "{intro}, các tổ hòa giải ở cơ sở không tiếp nhận vụ việc nào."
HG_DAT_DAI_NONE = "{intro}, {unit} không tiếp nhận vụ việc tranh chấp đất đai nào phải hòa giải."

# ---------------------------------------------------------- models
MH_YEAR = "Năm {year}, toàn {unit_type} có {n} mô hình “Dân vận khéo”: {statuses}."
MH_MULTI = "{intro}, toàn {unit_type} triển khai thực hiện {n} mô hình “Dân vận khéo” trên {nf} lĩnh vực: {fields}."
MH_MULTI_STOPPED = ("{intro}, toàn {unit_type} triển khai thực hiện {n} mô hình “Dân vận khéo” trên {nf} lĩnh vực: "
                    "{fields}; trong đó {stopped} mô hình đã dừng thực hiện.")
MH_YEAR_STOPPED = ("Năm {year}, toàn {unit_type} có {n} mô hình “Dân vận khéo” đang thực hiện: {statuses}; "
                   "{stopped} mô hình dừng thực hiện.")
# part of a year: the statuses registered for the year (a stop, a recognition come with the year's report)
MH_PART = "{intro}, toàn {unit_type} thực hiện {n} mô hình “Dân vận khéo” đã đăng ký năm {year}: {statuses}."
MH_STOPPED_HEAD = "Mô hình đã dừng thực hiện: {n} mô hình"
MH_STATUS_ITEM = "{label} {n} mô hình"
MH_FIELD_ITEM = "{label} {n} mô hình"
MH_STATUS_HEAD = "Mô hình {label}: {n} mô hình"
MH_FIELD_HEAD = "Lĩnh vực {label}: {n} mô hình"
MH_FIELD_LINE = "Lĩnh vực {label}: {items}"
MH_ITEM = "mô hình {ten} của {org}"
MH_ITEM_PLACE = "mô hình {ten} tại {place} của {org}"
MH_QUOTE = "“{}”"
MH_ITEM_VILLAGE = "mô hình {ten} của {place}"  # run by a village: "của thôn Phước Thọ"
MH_VILLAGES = "các thôn, tổ dân phố"
MH_PLACE_WHOLE = ("toàn xã", "toàn phường", "toàn đặc khu", "cả xã", "cả phường", "toàn thị trấn", "trên địa bàn")  # a model's name is quoted unless it already holds quotes
MH_RECOGNISED = "{intro}, có {n} mô hình được công nhận, biểu dương là mô hình tiêu biểu."
MH_DETAILS = " ({details})"  # after a model: its results and who recognised it
MH_DETAILS_SEP = "; "
MH_NONE = "{intro}, chưa ghi nhận mô hình “Dân vận khéo” nào."

# ---------------------------------------------------------- per-year tables
T_YEAR = "Năm"
T_TOTAL = "Tổng"
T_TCD_TITLE = "Kết quả tiếp công dân, đối thoại theo từng năm"
T_TCD_COLS = ("Năm", "Lượt tiếp", "Người", "Vụ việc", "Cuộc đối thoại", "Người dự đối thoại")
T_DON_TITLE = "Kết quả tiếp nhận, giải quyết đơn theo từng năm"
T_DON_COLS = ("Năm", "Đơn tiếp nhận", "Kỳ trước chuyển sang chưa giải quyết xong", "Thụ lý trong năm",
              "Đã giải quyết", "Tỷ lệ giải quyết")
T_DON_NOTE = ("Tỷ lệ = đã giải quyết/(kỳ trước chuyển sang + thụ lý); dòng Tổng: chuyển sang từ trước giai đoạn.")
T_HG_TITLE = "Kết quả hòa giải theo từng năm"
T_HG_COLS = ("Năm", "Vụ việc tiếp nhận mới", "Hòa giải thành")
T_HG_CO_SO = "Hòa giải ở cơ sở"
T_HG_DAT_DAI = "Tranh chấp đất đai tại UBND {unit_type}"
T_MH_TITLE = "Mô hình “Dân vận khéo” theo từng năm"
T_TT_TITLE = "Hoạt động tuyên truyền theo từng năm"
T_TT_COLS = ("Năm", "Số cuộc", "Lượt người nghe")
