"""Drafts of the evaluative sections (issue 12 C1): golden wording for zero /
one / many and up / down / unchanged, read from a ``Stats`` whose figures are
set by hand (``dataclasses.replace`` of an empty book's figures), and the
rules of the built document: a draft is marked as a draft until the clerk
accepts or edits it, typed and carried-over text wins, what the records
cannot say stays a highlighted placeholder."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from core.report import drafts as D
from core.report import outlines as O
from core.report import saved as R
from core.report.build import build_document
from core.report.periods import Period
from core.report.prose import ProseContext
from core.report.stats import compute
from core.report.stats.model import Count, ModelItem, Rate

TODAY = dt.date(2026, 1, 10)


@pytest.fixture
def empty(store):
    """(figures of 2025, figures of 2024) of a book with nothing in it."""
    return (compute(store, Period.year(2025), today=TODAY, compare=False),
            compute(store, Period.year(2024), today=TODAY, compare=False))


def ctx_of(stats):
    return ProseContext.for_stats(stats)


def texts(paras):
    return [p.text for p in paras]


def with_petitions(s, resolved=0, total=0, overdue=0, late=0, open_=0, received=0, by_field=()):
    p = replace(s.petitions, resolved=resolved, thu_ly_total=total, overdue=overdue, resolved_late=late,
                resolved_in_time=resolved - late, open_in_time=open_, received=received,
                resolve_rate=Rate(resolved, total), by_field=tuple(by_field))
    return replace(s, petitions=p)


def with_mediation(s, thanh=0, khong=0, dang=0):
    co_so = replace(s.mediation.co_so, new=thanh + khong + dang, thanh=thanh, khong_thanh=khong, dang=dang)
    return replace(s, mediation=replace(s.mediation, co_so=co_so))


def model(i, ten, status, org="phu_nu", tieu_bieu=False):
    return ModelItem(id=i, ten=ten, linh_vuc="kinh_te", linh_vuc_label="Kinh tế", don_vi=org,
                     don_vi_label={"phu_nu": "Hội Liên hiệp Phụ nữ", "mttq": "Ủy ban MTTQ", "ubnd": "UBND"}[org],
                     dia_ban=None, trang_thai=status, trang_thai_label=status, loai="mo_hinh", tieu_bieu=tieu_bieu)


def with_models(s, *items, recognised=0):
    return replace(s, models=replace(s.models, items=tuple(items), total=len(items), recognised=recognised))


def with_sessions(s, sessions, people=100):
    a = s.activities
    return replace(s, activities=replace(a, tuyen_truyen=replace(a.tuyen_truyen, records=sessions,
                                                                 sessions=sessions, attendees=people)))


# ------------------------------------------------------------ strengths: up / down / unchanged
@pytest.mark.parametrize("old, expected", [
    ((8, 10), "Giải quyết 09/10 đơn thuộc thẩm quyền, đạt 90,00%, cao hơn năm 2024 (80,00%), không có đơn quá "
              "hạn giải quyết."),
    ((9, 10), "Giải quyết 09/10 đơn thuộc thẩm quyền, đạt 90,00%, bằng năm 2024, không có đơn quá hạn giải quyết."),
    (None, "Giải quyết 09/10 đơn thuộc thẩm quyền, đạt 90,00%, không có đơn quá hạn giải quyết."),
])
def test_resolution_rate_up_unchanged_or_no_comparison(empty, old, expected):
    cur, prev = empty
    s = with_petitions(cur, resolved=9, total=10)
    if old:
        s = replace(s, previous=with_petitions(prev, resolved=old[0], total=old[1]))
    paras = D.uu_diem(s, ctx_of(s))
    assert paras[0].text == ("Trong năm 2025, công tác dân vận chính quyền được UBND xã quan tâm lãnh đạo, chỉ đạo "
                             "và đạt được những kết quả sau:")
    assert texts(paras[1:]) == [expected]
    assert paras[1].kind == "bullet"
    # the figures carry their Stats sources, so the document's audit checks them
    assert ("rate:petitions.resolved/petitions.thu_ly_total", "90,00%") in paras[1].refs


def test_resolution_rate_down_is_a_limit_not_a_strength(empty):
    cur, prev = empty
    s = replace(with_petitions(cur, resolved=6, total=8), previous=with_petitions(prev, resolved=8, total=10))
    assert D.uu_diem(s, ctx_of(s)) == []  # 75% and lower than last year: nothing to praise
    assert texts(D.han_che(s, ctx_of(s))) == [
        "Tỷ lệ giải quyết đơn thuộc thẩm quyền (75,00%) thấp hơn năm 2024 (80,00%)."]


def test_a_high_rate_lower_than_last_year_is_both_said(empty):
    cur, prev = empty
    s = replace(with_petitions(cur, resolved=19, total=20), previous=with_petitions(prev, resolved=20, total=20))
    assert texts(D.uu_diem(s, ctx_of(s)))[1] == ("Giải quyết 19/20 đơn thuộc thẩm quyền, đạt 95,00%, không có đơn "
                                                 "quá hạn giải quyết.")
    assert texts(D.han_che(s, ctx_of(s))) == [
        "Tỷ lệ giải quyết đơn thuộc thẩm quyền (95,00%) thấp hơn năm 2024 (100%)."]


@pytest.mark.parametrize("old, tail", [(5, " (tăng 03 cuộc so với năm 2024)"), (8, " (bằng năm 2024)"),
                                       (10, " (giảm 02 cuộc so với năm 2024)"), (0, "")])
def test_propaganda_sessions_up_unchanged_down(empty, old, tail):
    cur, prev = empty
    s = replace(with_sessions(cur, 8, 600), previous=with_sessions(prev, old, 300))
    assert texts(D.uu_diem(s, ctx_of(s)))[1] == ("Công tác tuyên truyền được duy trì với 08 cuộc, 600 lượt người "
                                                 f"nghe{tail}.")
    limits = texts(D.han_che(s, ctx_of(s)))
    assert limits == (["Số cuộc tuyên truyền giảm 02 cuộc so với năm 2024."] if old == 10 else [])


def test_mediation_up_and_down(empty):
    cur, prev = empty
    s = replace(with_mediation(cur, thanh=8, khong=2), previous=with_mediation(prev, thanh=6, khong=4))
    assert texts(D.uu_diem(s, ctx_of(s)))[1] == (
        "Công tác hòa giải ở cơ sở được duy trì, hòa giải thành 08/10 vụ việc, đạt 80,00%, cao hơn năm 2024 "
        "(60,00%), góp phần giữ gìn đoàn kết trong cộng đồng dân cư.")
    s = replace(with_mediation(cur, thanh=6, khong=4), previous=with_mediation(prev, thanh=8, khong=2))
    assert D.uu_diem(s, ctx_of(s)) == []
    assert texts(D.han_che(s, ctx_of(s))) == [
        "Còn 04 vụ việc hòa giải ở cơ sở không thành; tỷ lệ hòa giải thành (60,00%) thấp hơn năm 2024 (80,00%)."]


# ------------------------------------------------------------ limits: zero / one / many
def test_limits_zero_one_many(empty):
    cur, _ = empty
    assert D.han_che(cur, ctx_of(cur)) == []  # nothing to say: the section stays a placeholder
    one = with_petitions(cur, resolved=9, total=10, overdue=1)
    assert texts(D.han_che(one, ctx_of(one))) == ["Còn 01 đơn thuộc thẩm quyền quá hạn giải quyết."]
    many = with_mediation(with_petitions(cur, resolved=20, total=27, overdue=5, late=2, open_=2), khong=3, thanh=9)
    assert texts(D.han_che(many, ctx_of(many))) == [
        "Còn 05 đơn thuộc thẩm quyền quá hạn giải quyết; 02 đơn giải quyết trễ hạn;",
        "Còn 03 vụ việc hòa giải ở cơ sở không thành."]
    late_only = with_petitions(cur, resolved=9, total=9, late=1)
    assert texts(D.han_che(late_only, ctx_of(late_only))) == ["Còn 01 đơn thuộc thẩm quyền giải quyết trễ hạn."]


def test_models_one_and_many_replicated_and_stopped(empty):
    cur, _ = empty
    one = with_models(cur, model(1, "Hũ gạo tiết kiệm", "nhan_rong", tieu_bieu=True),
                      model(2, "Nồi cháo tình thương", "dung"), recognised=1)
    assert texts(D.uu_diem(one, ctx_of(one)))[1] == (
        "Phong trào thi đua “Dân vận khéo” được duy trì với 01 mô hình đang thực hiện; mô hình “Hũ gạo tiết "
        "kiệm” được nhân rộng, 01 mô hình được công nhận, biểu dương là mô hình tiêu biểu.")
    assert texts(D.han_che(one, ctx_of(one))) == ["Mô hình “Nồi cháo tình thương” dừng thực hiện."]
    many = with_models(cur, *[model(i, f"Mô hình {i}", "nhan_rong") for i in range(3)],
                       model(7, "Đan giỏ", "dang_ky_moi"), model(8, "A", "dung"), model(9, "B", "dung"))
    assert texts(D.uu_diem(many, ctx_of(many)))[1] == (
        "Phong trào thi đua “Dân vận khéo” được duy trì với 04 mô hình đang thực hiện; 03 mô hình được nhân rộng, "
        "01 mô hình đăng ký mới.")
    assert texts(D.han_che(many, ctx_of(many))) == ["02 mô hình “Dân vận khéo” dừng thực hiện."]
    none_replicated = with_models(cur, model(1, "Hũ gạo", "duy_tri"))
    assert texts(D.han_che(none_replicated, ctx_of(none_replicated))) == [
        "Chưa có mô hình “Dân vận khéo” được nhân rộng."]


# ------------------------------------------------------------ causes: the objective / subjective pair
def test_causes_only_with_limits_and_always_as_a_pair(empty):
    cur, prev = empty
    assert D.nguyen_nhan(cur, ctx_of(cur)) == []
    land = (Count("dat_dai", "Đất đai", 6), Count("khac", "Khác", 4))
    s = replace(with_petitions(cur, resolved=9, total=10, overdue=1, received=10, by_field=land),
                previous=with_petitions(prev, resolved=5, total=5, received=7))
    paras = D.nguyen_nhan(s, ctx_of(s))
    assert [p.kind for p in paras] == ["bullet", "bullet"]
    assert texts(paras) == [
        "Nguyên nhân khách quan: nội dung đơn, vụ việc chủ yếu liên quan đến đất đai, có nguồn gốc phức tạp, hồ sơ "
        "qua nhiều thời kỳ nên việc xác minh, giải quyết mất nhiều thời gian; số đơn tiếp nhận tăng so với năm "
        "2024 (10 đơn so với 07 đơn).",
        "Nguyên nhân chủ quan: việc theo dõi, đôn đốc thời hạn giải quyết đơn có lúc chưa chặt chẽ; cán bộ, công "
        "chức được giao tham mưu còn kiêm nhiệm nhiều việc."]
    only_models = with_models(cur, model(1, "A", "duy_tri"))
    assert texts(D.nguyen_nhan(only_models, ctx_of(only_models)))[0].startswith(
        "Nguyên nhân khách quan: khối lượng công việc ngày càng lớn")


# ------------------------------------------------------------ tasks from what is open
def test_tasks_from_what_is_open_at_the_period_end(empty, store):
    cur, _ = empty
    assert D.nhiem_vu(cur, ctx_of(cur)) == []  # no record at all
    s = with_mediation(with_petitions(cur, resolved=9, total=10, overdue=1, received=10), dang=2, khong=1, thanh=3)
    assert texts(D.nhiem_vu(s, ctx_of(s))) == [
        "Tập trung giải quyết dứt điểm 01 đơn thuộc thẩm quyền đã quá hạn giải quyết;",
        "Tiếp tục hòa giải 02 vụ việc đang hòa giải;",
        "Vận động các tổ chức, thôn, tổ dân phố đăng ký xây dựng mô hình “Dân vận khéo”;",
        "Xây dựng, ban hành kế hoạch thực hiện công tác dân vận chính quyền năm 2026."]
    half = replace(with_petitions(cur, resolved=2, total=10, overdue=1, open_=7, received=10),
                   period=Period.half(2025, 1, "thanh_tra"))
    assert texts(D.nhiem_vu(half, ProseContext.for_stats(half)))[0] == (
        "Tập trung giải quyết dứt điểm 08 đơn thuộc thẩm quyền còn đang giải quyết (trong đó 01 đơn đã quá hạn);")
    assert texts(D.nhiem_vu(half, ProseContext.for_stats(half)))[-1] == (
        "Tổng hợp số liệu, báo cáo kết quả công tác dân vận chính quyền năm 2025 đúng thời hạn (số liệu tính từ "
        "ngày 15/12/2024 đến ngày 14/12/2025).")


# ------------------------------------------------------------ proposals from recurring problems
def test_proposals_only_for_problems_that_recur(empty):
    cur, prev = empty
    once = replace(with_petitions(cur, resolved=9, total=10, overdue=1), previous=with_petitions(prev, 5, 5))
    assert D.kien_nghi(once, ctx_of(once)) == []
    again = replace(with_petitions(cur, resolved=9, total=10, overdue=1),
                    previous=with_petitions(prev, resolved=4, total=5, overdue=1))
    assert texts(D.kien_nghi(again, ctx_of(again))) == [
        "Đề nghị cấp trên tổ chức tập huấn, bồi dưỡng nghiệp vụ tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố "
        "cáo cho cán bộ, công chức cấp xã."]
    review = replace(with_mediation(cur, thanh=5, khong=2), period=Period.years(2021, 2025))
    assert texts(D.kien_nghi(review, ProseContext.for_stats(review))) == [
        "Đề nghị cấp trên bố trí kinh phí hỗ trợ hoạt động hòa giải ở cơ sở và bồi dưỡng kỹ năng hòa giải cho hòa "
        "giải viên."]


# ------------------------------------------------------------ lessons ("Một là, …")
def test_lessons_zero_one_many(empty):
    cur, _ = empty
    assert D.bai_hoc(cur, ctx_of(cur)) == []
    one = with_mediation(cur, thanh=3)
    assert texts(D.bai_hoc(one, ctx_of(one))) == [
        "Coi trọng hòa giải ở cơ sở, giải quyết mâu thuẫn, tranh chấp ngay từ thôn, tổ dân phố."]
    many = with_models(with_mediation(cur, thanh=3), model(1, "A", "nhan_rong", org="mttq", tieu_bieu=True))
    t = texts(D.bai_hoc(many, ctx_of(many)))
    assert [x.split(",")[0] for x in t] == ["Một là", "Hai là", "Ba là"]
    assert t[1] == ("Hai là, chú trọng xây dựng, nhân rộng mô hình, điển hình “Dân vận khéo” gắn với nhiệm vụ phát "
                    "triển kinh tế - xã hội của địa phương.")


# ------------------------------------------------------------ III.7 – III.8
def test_coordination_and_ethics_from_the_records(store):
    store.create("van_ban", {"cap": "chi_dao", "so_ky_hieu": "27/KH-UBND", "loai": "ke_hoach",
                             "ngay_ban_hanh": "22/02/2025", "phoi_hop": "Ủy ban MTTQ xã",
                             "trich_yeu": "Triển khai công tác dân vận chính quyền năm 2025"})
    store.create("van_ban", {"cap": "chi_dao", "so_ky_hieu": "30/KH-UBND", "loai": "ke_hoach",
                             "ngay_ban_hanh": "01/03/2025",
                             "trich_yeu": "Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính năm 2025"})
    s = compute(store, Period.year(2025), today=TODAY)
    assert texts(D.phoi_hop_mttq(s, ctx_of(s))) == [
        "Trong năm 2025, UBND xã phối hợp với Ủy ban MTTQ xã ban hành Kế hoạch số 27/KH-UBND ngày 22/02/2025 về "
        "triển khai công tác dân vận chính quyền năm 2025."]
    assert texts(D.dao_duc_cong_vu(s, ctx_of(s))) == [
        "Trong năm 2025, UBND xã ban hành Kế hoạch số 30/KH-UBND ngày 01/03/2025 về kiểm tra việc chấp hành kỷ "
        "luật, kỷ cương hành chính năm 2025 và chỉ đạo cán bộ, công chức nghiêm túc thực hiện."]
    empty = compute(store, Period.year(2024), today=TODAY)
    assert D.phoi_hop_mttq(empty, ctx_of(empty)) == [] and D.dao_duc_cong_vu(empty, ctx_of(empty)) == []


# ------------------------------------------------------------ in the built document
@pytest.fixture
def book(store):
    """A small year: petitions resolved and one overdue, a plan; 2024 for the comparison."""
    for y, overdue in ((2024, False), (2025, True)):
        for i in range(4):
            nhan = dt.date(y, 3, 2 + i)
            done = {} if (overdue and i == 0) else {"ngay_giai_quyet": nhan + dt.timedelta(days=10),
                                                    "ket_qua": "da_tra_loi"}
            store.create("don_thu", {"ngay_nhan": nhan, "ho_ten": "Lê Văn A", "loai": "kien_nghi",
                                     "linh_vuc": "dat_dai", "noi_dung": "Đề nghị", "du_dieu_kien": 1,
                                     "huong_xu_ly": "thu_ly", "ngay_xu_ly": nhan, "ngay_thu_ly": nhan, **done})
    store.create("van_ban", {"cap": "chi_dao", "so_ky_hieu": "09/KH-UBND", "loai": "ke_hoach",
                             "ngay_ban_hanh": "10/02/2025", "trich_yeu": "Triển khai công tác dân vận năm 2025"})
    return store


def section(doc, key):
    return next(s for s in doc.all_sections() if s.key == key)


def test_drafts_in_the_document_and_what_stays_a_placeholder(book):
    rep = R.new_report(book, None, Period.year(2025), today=TODAY)
    doc = build_document(book, rep, today=TODAY)
    han_che = section(doc, "han_che")
    assert han_che.draft and han_che.state == "draft" and not han_che.placeholder
    assert han_che.blocks[0].text.startswith("Còn 01 đơn thuộc thẩm quyền quá hạn giải quyết")
    assert "IV.2. Tồn tại, hạn chế" in [s.label for s in doc.drafts()]
    # no mass organisation, no discipline document: only a person can write III.8
    ethics = section(doc, "dao_duc_cong_vu")
    assert ethics.placeholder and ethics.state == "missing" and ethics.blocks[0].kind == "placeholder"
    assert ethics in doc.missing() and ethics.label == "III.8. Đạo đức công vụ, kỷ luật, kỷ cương hành chính"


def test_typed_text_wins_and_accepting_or_editing_ends_the_draft(book):
    rep = R.new_report(book, None, Period.year(2025), today=TODAY)
    rep.set_free_text("han_che", "- Lời văn của cán bộ.")
    doc = build_document(book, rep, today=TODAY)
    assert section(doc, "han_che").state == "text" and section(doc, "han_che").blocks[0].text == "- Lời văn của cán bộ."
    rep.free_text.clear()
    rep.accept_draft("nhiem_vu", "- Nhiệm vụ đã duyệt.")
    rep.set_override("kien_nghi", "Đề nghị đã sửa.")
    doc = build_document(book, rep, today=TODAY)
    assert section(doc, "nhiem_vu").state == "accepted" and not section(doc, "nhiem_vu").draft
    assert section(doc, "kien_nghi").state == "edited" and section(doc, "kien_nghi").edited
    assert section(doc, "han_che").state == "draft"
    rid = R.create_report(book, rep)
    assert R.get_report(book, rid).overrides["nhiem_vu"] == {"text": "- Nhiệm vụ đã duyệt.", "accepted": True}


def test_carried_over_text_wins_but_an_accepted_draft_is_not_carried(book):
    first = R.new_report(book, None, Period.year(2024), today=TODAY)
    first.set_free_text("uu_diem", "Ưu điểm năm trước, lời của cán bộ.")
    first.accept_draft("han_che", "- Hạn chế với số liệu năm 2024.")
    R.create_report(book, first)
    rep = R.new_report(book, None, Period.year(2025), today=TODAY)
    doc = build_document(book, rep, today=TODAY)
    assert section(doc, "uu_diem").state == "text"
    assert section(doc, "uu_diem").blocks[0].text == "Ưu điểm năm trước, lời của cán bộ."
    assert section(doc, "han_che").state == "draft"  # the 2024 figures are not carried into 2025


def test_review_outline_has_lessons(book):
    o = O.BUILTIN["giai_doan"]
    assessment = next(s for s in o["sections"] if s["id"] == "danh_gia")
    assert [c["title"] for c in assessment["children"]][-1] == "Bài học kinh nghiệm"
    assert O.draft_key(O.find(o, "bai_hoc")) == "bai_hoc"
    assert O.find(O.BUILTIN["ket_qua"], "bai_hoc") is None
    rep = R.new_report(book, None, Period.years(2021, 2025), today=TODAY)
    doc = build_document(book, rep, today=TODAY)
    lessons = section(doc, "bai_hoc")
    assert lessons.path == "IV.4" and lessons.state == "draft"
    assert lessons.blocks[0].text.startswith("Phải thường xuyên quán triệt") or \
        lessons.blocks[0].text.startswith("Một là, ")


def test_a_saved_report_from_before_drafts_still_gets_them(book):
    """Outline snapshots saved before the ``draft`` key existed: drafts by section id."""
    rep = R.new_report(book, None, Period.year(2025), today=TODAY)
    for node, _ in O.walk(rep.outline["sections"]):
        node.pop("draft", None)
    assert section(build_document(book, rep, today=TODAY), "han_che").state == "draft"
