"""Report outlines (SPEC §6.1): the ordered tree of sections a report is
built from, as plain data (JSON-serialisable dicts).

An outline::

    {"key": "ket_qua", "ten": "…", "builtin": True,
     "trich_yeu": "Kết quả công tác dân vận chính quyền {ky}",
     "annexes": ["tiep_cong_dan", …] | None (every annex),
     "sections": [section, …]}

A section::

    {"id": "tiep_cong_dan", "title": "Tiếp công dân, đối thoại",
     "builder": "tiep_cong_dan" | None,   # auto: the prose builder key
     "free_text": True | False,           # the clerk types (more) text here
     "hint": "…",                         # what the clerk is expected to write
     "draft": "uu_diem",                  # optional: the draft written from the records
                                          #   (core.report.drafts.DRAFTS) while nothing is typed
     "children": [section, …]}

Section ids are stable: a report keeps its free text and edited auto text by
section id, and the free text of the previous report of the same outline is
found by id.  Numbering (I., 1., a)) is positional and computed when the
document is built.

The three built-in outlines live in code (``BUILTIN``) and cannot be edited;
the clerk duplicates one and edits the copy (stored by ``core.report.saved`` in
the ``bao_cao_mau`` table).  The editing helpers below are pure functions
returning a new outline and raise ``ValidationError`` with a Vietnamese
message on bad input.
"""
from __future__ import annotations

import copy
import re

from core.records.validation import ValidationError
from core.text import clean, fold

# Builder keys of core.report.prose.BUILDERS with their titles, for pickers when
# core.report.prose is not importable (it is the source of truth when it is).
BUILDER_KEYS = {
    "dac_diem": "Đặc điểm tình hình (hồ sơ đơn vị)",
    "van_ban_chi_dao": "Văn bản chỉ đạo đã ban hành",
    "tuyen_truyen": "Tuyên truyền, tập huấn",
    "cai_cach_hanh_chinh": "Cải cách hành chính, thủ tục hành chính (số liệu theo kỳ)",
    "dan_chu_co_so": "Thực hiện dân chủ ở cơ sở (đối thoại, lấy ý kiến)",
    "tiep_cong_dan": "Tiếp công dân, đối thoại",
    "don_thu": "Tiếp nhận, xử lý đơn thư; giải quyết khiếu nại, tố cáo",
    "hoa_giai": "Hòa giải ở cơ sở",
    "dan_van_kheo": "Phong trào thi đua “Dân vận khéo”",
}


def builder_titles() -> dict[str, str]:
    try:
        from core.report.prose import BUILDER_TITLES, BUILDERS
    except Exception:  # prose not available: the static list
        return dict(BUILDER_KEYS)
    return {k: BUILDER_TITLES.get(k, BUILDER_KEYS.get(k, k)) for k in BUILDERS}


def S(id, title, builder=None, free_text=None, hint="", children=(), draft=None):
    """A section node (free text defaults to on for non-auto sections);
    ``draft`` names the draft written from the records (core.report.drafts)."""
    node = {"id": id, "title": title, "builder": builder,
            "free_text": (builder is None) if free_text is None else bool(free_text),
            "hint": hint, "children": list(children)}
    if draft:
        node["draft"] = draft
    return node


# Draft keys of core.report.drafts.DRAFTS by the section ids of the built-in
# outlines: a report saved before drafts existed (its outline snapshot has no
# "draft" key) still gets them.
DRAFT_BY_ID = {
    "uu_diem": "uu_diem", "han_che": "han_che", "nguyen_nhan": "nguyen_nhan", "nhiem_vu": "nhiem_vu",
    "kien_nghi": "kien_nghi", "phoi_hop_mttq": "phoi_hop_mttq", "dao_duc_cong_vu": "dao_duc_cong_vu",
    "bai_hoc": "bai_hoc",
}


def draft_key(node: dict) -> str | None:
    """The draft a free-text section is pre-written with (None: none)."""
    if node.get("builder") or not node.get("free_text") or node.get("children"):
        return None
    if "draft" in node:
        return node["draft"] or None
    return DRAFT_BY_ID.get(node.get("id"))


# What the clerk is expected to write in each free-text section (shown in the
# editor and, while the section is empty, in the draft as "[Chưa nhập nội
# dung. Gợi ý: …]").
HINTS = {
    "uu_diem": "Những kết quả nổi bật {when}: chuyển biến trong nhận thức và hành động của cán bộ, công chức; "
               "quan hệ giữa chính quyền với Mặt trận, các đoàn thể và Nhân dân; những việc làm được ghi nhận.",
    "han_che": "Những việc chưa làm được hoặc còn chậm trong tuyên truyền, tiếp công dân, giải quyết đơn thư, "
               "thực hiện dân chủ ở cơ sở, cải cách hành chính; những vụ việc còn tồn đọng, kéo dài.",
    "nguyen_nhan": "Nguyên nhân khách quan (điều kiện kinh tế - xã hội, chính sách thay đổi, khối lượng công việc) "
                   "và nguyên nhân chủ quan (nhận thức, trách nhiệm, năng lực của cán bộ, công chức).",
    "nhiem_vu": "Các nhiệm vụ, giải pháp trọng tâm: tuyên truyền, quán triệt; nâng cao chất lượng tiếp công dân, "
                "giải quyết đơn thư; thực hiện dân chủ ở cơ sở; cải cách hành chính; nhân rộng mô hình "
                "“Dân vận khéo”.",
    "kien_nghi": "Đề xuất, kiến nghị với cấp trên về cơ chế, chính sách, kinh phí, bồi dưỡng nghiệp vụ cho cán bộ "
                 "làm công tác dân vận chính quyền; nếu không có thì ghi “Không có đề xuất, kiến nghị.”",
    "uu_diem_tcd": "Việc bố trí lịch, địa điểm tiếp công dân; giải quyết kịp thời, đúng thẩm quyền, đúng trình "
                   "tự; vụ việc phức tạp được tập trung giải quyết dứt điểm ngay tại cơ sở.",
    "han_che_tcd": "Vụ việc còn chậm, quá hạn, kéo dài hoặc vượt cấp và nguyên nhân (hồ sơ đất đai qua nhiều "
                   "thời kỳ, nhận thức pháp luật của người dân, năng lực cán bộ tham mưu).",
    "nhiem_vu_tcd": "Tiếp tục thực hiện nghiêm Luật Tiếp công dân, Luật Khiếu nại, Luật Tố cáo; rà soát, giải "
                    "quyết dứt điểm vụ việc tồn đọng; tăng cường hòa giải, đối thoại ngay từ cơ sở.",
    "bai_hoc": "Những bài học rút ra qua các năm thực hiện (“Một là, …; Hai là, …”): sự lãnh đạo, chỉ đạo; "
               "đối thoại, giải quyết kịp thời kiến nghị của Nhân dân; phối hợp với Mặt trận, các đoàn thể; "
               "xây dựng, nhân rộng mô hình “Dân vận khéo”.",
}


def _common_blocks(period_word: str, next_word: str, lessons: bool = False):
    """The blocks shared by the periodic and the multi-year outline (a
    review adds "Bài học kinh nghiệm" to the assessment)."""
    return [
        S("dac_diem", "Đặc điểm tình hình", "dac_diem", True,
          "Thuận lợi, khó khăn của địa phương trong kỳ (kinh tế - xã hội, an ninh trật tự, tình hình Nhân dân)."),
        S("lanh_dao_chi_dao", "Công tác lãnh đạo, chỉ đạo", None, False, children=[
            S("van_ban_chi_dao", "Ban hành văn bản lãnh đạo, chỉ đạo, triển khai thực hiện", "van_ban_chi_dao", True,
              "Việc quán triệt, cụ thể hóa văn bản cấp trên; phân công lãnh đạo phụ trách."),
            S("tuyen_truyen", "Công tác tuyên truyền, phổ biến, tập huấn", "tuyen_truyen", True,
              "Hình thức tuyên truyền (hội nghị, đài truyền thanh, trang thông tin điện tử…)."),
        ]),
        S("ket_qua", "Kết quả thực hiện", None, False, children=[
            S("cai_cach_hanh_chinh", "Cải cách hành chính, thủ tục hành chính", "cai_cach_hanh_chinh", True,
              "Rà soát, niêm yết thủ tục hành chính; ứng dụng công nghệ thông tin; Bộ phận Một cửa."),
            S("dan_chu_co_so", "Thực hiện dân chủ ở cơ sở", "dan_chu_co_so", True,
              "Công khai, lấy ý kiến Nhân dân; hương ước, quy ước; Ban Thanh tra nhân dân, Ban Giám sát đầu tư "
              "của cộng đồng."),
            S("tiep_cong_dan", "Tiếp công dân, đối thoại", "tiep_cong_dan", False),
            S("don_thu", "Tiếp nhận, xử lý đơn thư; giải quyết khiếu nại, tố cáo", "don_thu", False),
            S("hoa_giai", "Hòa giải ở cơ sở", "hoa_giai", False),
            S("dan_van_kheo", "Phong trào thi đua “Dân vận khéo”", "dan_van_kheo", False),
            S("phoi_hop_mttq", "Phối hợp với Mặt trận Tổ quốc và các đoàn thể", hint=(
                "Quy chế phối hợp; tạo điều kiện để Mặt trận và các đoàn thể giám sát, phản biện xã hội."),
              draft="phoi_hop_mttq"),
            S("dao_duc_cong_vu", "Đạo đức công vụ, kỷ luật, kỷ cương hành chính", hint=(
                "Quy tắc ứng xử; kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính; kết quả xử lý (nếu có)."),
              draft="dao_duc_cong_vu"),
        ]),
        S("danh_gia", "Đánh giá chung", None, False, children=[
            S("uu_diem", "Ưu điểm", hint=HINTS["uu_diem"].format(when=period_word), draft="uu_diem"),
            S("han_che", "Tồn tại, hạn chế", hint=HINTS["han_che"], draft="han_che"),
            S("nguyen_nhan", "Nguyên nhân", hint=HINTS["nguyen_nhan"], draft="nguyen_nhan"),
            *([S("bai_hoc", "Bài học kinh nghiệm", hint=HINTS["bai_hoc"], draft="bai_hoc")] if lessons else []),
        ]),
        S("nhiem_vu", "Nhiệm vụ, giải pháp " + next_word, hint=HINTS["nhiem_vu"], draft="nhiem_vu"),
        S("kien_nghi", "Đề xuất, kiến nghị", hint=HINTS["kien_nghi"], draft="kien_nghi"),
    ]


BUILTIN: dict[str, dict] = {
    "ket_qua": {
        "key": "ket_qua",
        "ten": "Báo cáo kết quả công tác dân vận chính quyền (6 tháng, 9 tháng, năm)",
        "builtin": True,
        "trich_yeu": "Kết quả công tác dân vận chính quyền {ky}",
        "closing": "Trên đây là báo cáo kết quả công tác dân vận chính quyền {ky} của {co_quan}./.",
        "annexes": ["tiep_cong_dan", "xu_ly_don", "giai_quyet", "hoa_giai", "mo_hinh"],
        "sections": _common_blocks("trong kỳ", "thời gian tới"),
    },
    "giai_doan": {
        "key": "giai_doan",
        "ten": "Báo cáo sơ kết, tổng kết giai đoạn công tác dân vận chính quyền (nhiều năm)",
        "builtin": True,
        "trich_yeu": "{so_ket} {so_nam} năm kết quả thực hiện công tác dân vận chính quyền\n{ky}",
        "closing": "Trên đây là báo cáo {so_ket_lower} {so_nam} năm thực hiện công tác dân vận chính quyền, "
                   "{ky} của {co_quan}./.",
        "annexes": ["tiep_cong_dan", "xu_ly_don", "giai_quyet", "hoa_giai", "mo_hinh"],
        "sections": _common_blocks("trong giai đoạn", "giai đoạn tiếp theo", lessons=True),
    },
    "chuyen_de_tcd": {
        "key": "chuyen_de_tcd",
        "ten": "Báo cáo chuyên đề tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố cáo",
        "builtin": True,
        "trich_yeu": "Kết quả công tác tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố cáo {ky}",
        "closing": "Trên đây là báo cáo kết quả công tác tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố cáo "
                   "{ky} của {co_quan}./.",
        "annexes": ["tiep_cong_dan", "xu_ly_don", "giai_quyet"],
        "sections": [
            S("tiep_cong_dan", "Kết quả công tác tiếp công dân, đối thoại", "tiep_cong_dan", True,
              "Việc bố trí địa điểm, lịch tiếp công dân; tình hình công dân đến trụ sở."),
            S("don_thu", "Kết quả tiếp nhận, xử lý đơn; giải quyết khiếu nại, tố cáo", "don_thu", True,
              "Những vụ việc phức tạp, kéo dài, đông người (nếu có) và hướng giải quyết."),
            S("danh_gia", "Đánh giá chung", None, False, children=[
                S("uu_diem", "Ưu điểm", hint=HINTS["uu_diem_tcd"], draft="uu_diem_tcd"),
                S("han_che", "Tồn tại, hạn chế và nguyên nhân", hint=HINTS["han_che_tcd"], draft="han_che_tcd"),
            ]),
            S("nhiem_vu", "Nhiệm vụ, giải pháp thời gian tới", hint=HINTS["nhiem_vu_tcd"], draft="nhiem_vu_tcd"),
            S("kien_nghi", "Đề xuất, kiến nghị", hint=HINTS["kien_nghi"], draft="kien_nghi_tcd"),
        ],
    },
}

DEFAULT_PERIODIC = "ket_qua"
DEFAULT_MULTI_YEAR = "giai_doan"


def builtin_outlines() -> list[dict]:
    return [copy.deepcopy(o) for o in BUILTIN.values()]


def default_outline_key(period) -> str:
    return DEFAULT_MULTI_YEAR if getattr(period, "is_multi_year", False) else DEFAULT_PERIODIC


# ------------------------------------------------------------- traversal
def walk(sections, depth: int = 1):
    """(section, depth) for every section, depth-first."""
    for s in sections:
        yield s, depth
        yield from walk(s.get("children", []), depth + 1)


def find(outline: dict, section_id: str) -> dict | None:
    for s, _ in walk(outline["sections"]):
        if s["id"] == section_id:
            return s
    return None


def _parent_list(sections: list, section_id: str) -> list | None:
    for s in sections:
        if s["id"] == section_id:
            return sections
        found = _parent_list(s.get("children", []), section_id)
        if found is not None:
            return found
    return None


def section_ids(outline: dict) -> list[str]:
    return [s["id"] for s, _ in walk(outline["sections"])]


def free_text_ids(outline: dict) -> list[str]:
    return [s["id"] for s, _ in walk(outline["sections"]) if s.get("free_text")]


def auto_ids(outline: dict) -> list[str]:
    return [s["id"] for s, _ in walk(outline["sections"]) if s.get("builder")]


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(title)).strip("_")[:40] or "muc"


def _new_id(outline: dict, title: str) -> str:
    base = _slug(title)
    taken = set(section_ids(outline))
    if base not in taken:
        return base
    i = 2
    while f"{base}_{i}" in taken:
        i += 1
    return f"{base}_{i}"


# ---------------------------------------------------------------- editing
MAX_DEPTH = 3


def _need(outline: dict, section_id: str) -> dict:
    s = find(outline, section_id)
    if s is None:
        raise ValidationError({"section": "Không tìm thấy mục này trong đề cương (có thể đã bị xóa)."})
    return s


def _title(title) -> str:
    t = clean(title)
    if not t:
        raise ValidationError({"title": "Tên mục không được để trống."})
    if len(t) > 300:
        raise ValidationError({"title": "Tên mục quá dài (tối đa 300 ký tự)."})
    return t


def duplicate(outline: dict, key: str, ten: str) -> dict:
    """A user copy of ``outline`` under a new key and name."""
    ten = clean(ten)
    if not ten:
        raise ValidationError({"ten": "Hãy đặt tên cho đề cương."})
    new = copy.deepcopy(outline)
    new["key"] = key
    new["ten"] = ten
    new["builtin"] = False
    new["based_on"] = outline.get("key")
    return new


def rename_outline(outline: dict, ten: str) -> dict:
    ten = clean(ten)
    if not ten:
        raise ValidationError({"ten": "Hãy đặt tên cho đề cương."})
    new = copy.deepcopy(outline)
    new["ten"] = ten
    return new


def rename_section(outline: dict, section_id: str, title: str) -> dict:
    new = copy.deepcopy(outline)
    _need(new, section_id)["title"] = _title(title)
    return new


def move_section(outline: dict, section_id: str, delta: int) -> dict:
    """Move a section up (delta < 0) or down among its siblings."""
    new = copy.deepcopy(outline)
    _need(new, section_id)
    siblings = _parent_list(new["sections"], section_id)
    i = next(i for i, s in enumerate(siblings) if s["id"] == section_id)
    j = max(0, min(len(siblings) - 1, i + delta))
    siblings.insert(j, siblings.pop(i))
    return new


def add_section(outline: dict, title: str, *, parent_id: str | None = None, after_id: str | None = None,
                builder: str | None = None, free_text: bool | None = None) -> tuple[dict, str]:
    """Add a section (at the end of ``parent_id``'s children, or after
    ``after_id``); returns (new outline, new section id)."""
    new = copy.deepcopy(outline)
    title = _title(title)
    if builder is not None:
        _check_builder(builder)
    sec = S(_new_id(new, title), title, builder, free_text)
    if after_id is not None:
        _need(new, after_id)
        siblings = _parent_list(new["sections"], after_id)
        i = next(i for i, s in enumerate(siblings) if s["id"] == after_id)
        siblings.insert(i + 1, sec)
    elif parent_id is not None:
        parent = _need(new, parent_id)
        depth = next(d for s, d in walk(new["sections"]) if s["id"] == parent_id)
        if depth >= MAX_DEPTH:
            raise ValidationError({"section": f"Đề cương chỉ có tối đa {MAX_DEPTH} cấp mục (I., 1., a))."})
        parent.setdefault("children", []).append(sec)
    else:
        new["sections"].append(sec)
    return new, sec["id"]


def remove_section(outline: dict, section_id: str) -> dict:
    new = copy.deepcopy(outline)
    _need(new, section_id)
    siblings = _parent_list(new["sections"], section_id)
    siblings[:] = [s for s in siblings if s["id"] != section_id]
    if not new["sections"]:
        raise ValidationError({"section": "Đề cương phải còn ít nhất một mục."})
    return new


def _check_builder(builder: str):
    titles = builder_titles()
    if builder not in titles:
        raise ValidationError({"builder": f"Không có phần tự động “{builder}”. Chọn một trong: "
                                          + "; ".join(titles.values()) + "."})


def set_auto(outline: dict, section_id: str, builder: str, free_text: bool = False) -> dict:
    """Make a section auto (bound to a prose builder), optionally keeping a free-text part."""
    _check_builder(builder)
    new = copy.deepcopy(outline)
    s = _need(new, section_id)
    s["builder"] = builder
    s["free_text"] = bool(free_text)
    return new


def set_free_text(outline: dict, section_id: str) -> dict:
    """Make a section free text only (typed by the clerk)."""
    new = copy.deepcopy(outline)
    s = _need(new, section_id)
    s["builder"] = None
    s["free_text"] = True
    return new


def validate_outline(outline: dict) -> dict:
    """Check a whole outline (after import or a hand edit); returns it."""
    errors = {}
    if not clean(outline.get("ten")):
        errors["ten"] = "Hãy đặt tên cho đề cương."
    if not outline.get("sections"):
        errors["sections"] = "Đề cương phải có ít nhất một mục."
    seen = set()
    titles = builder_titles()
    for s, depth in walk(outline.get("sections", [])):
        if s["id"] in seen:
            errors["sections"] = f"Mã mục “{s['id']}” bị trùng."
        seen.add(s["id"])
        if depth > MAX_DEPTH:
            errors["sections"] = f"Đề cương chỉ có tối đa {MAX_DEPTH} cấp mục."
        if not clean(s.get("title")):
            errors["sections"] = "Có mục chưa đặt tên."
        if s.get("builder") and s["builder"] not in titles:
            errors["sections"] = f"Mục “{s.get('title')}” dùng phần tự động không tồn tại ({s['builder']})."
    if errors:
        raise ValidationError(errors)
    return outline
