"""Outlines as data: the three built-ins of SPEC §6.1 and the clerk's edits."""
from __future__ import annotations

import json

import pytest

from core.records.validation import ValidationError
from core.report import outlines as O


def titles(sections):
    return [s["title"] for s in sections]


def test_three_builtin_outlines():
    keys = [o["key"] for o in O.builtin_outlines()]
    assert keys == ["ket_qua", "giai_doan", "chuyen_de_tcd"]
    for o in O.builtin_outlines():
        assert o["builtin"] is True
        O.validate_outline(o)
        json.dumps(o, ensure_ascii=False)  # plain data


def test_periodic_outline_follows_the_spec():
    o = O.BUILTIN["ket_qua"]
    assert titles(o["sections"]) == [
        "Đặc điểm tình hình", "Công tác lãnh đạo, chỉ đạo", "Kết quả thực hiện", "Đánh giá chung",
        "Nhiệm vụ, giải pháp thời gian tới", "Đề xuất, kiến nghị"]
    ket_qua = o["sections"][2]["children"]
    assert [s["id"] for s in ket_qua] == ["cai_cach_hanh_chinh", "dan_chu_co_so", "tiep_cong_dan", "don_thu",
                                         "hoa_giai", "dan_van_kheo", "phoi_hop_mttq", "dao_duc_cong_vu"]
    assert [s["builder"] for s in ket_qua[2:6]] == ["tiep_cong_dan", "don_thu", "hoa_giai", "dan_van_kheo"]
    assert ket_qua[6]["builder"] is None and ket_qua[6]["free_text"]
    assert titles(o["sections"][3]["children"]) == ["Ưu điểm", "Tồn tại, hạn chế", "Nguyên nhân"]
    dac_diem = o["sections"][0]
    assert dac_diem["builder"] == "dac_diem" and dac_diem["free_text"]  # auto + free text


def test_every_builder_key_exists_in_prose():
    from core.report.prose import BUILDERS

    used = {s["builder"] for o in O.builtin_outlines() for s, _ in O.walk(o["sections"]) if s["builder"]}
    assert used == set(BUILDERS)
    assert set(O.BUILDER_KEYS) == set(BUILDERS)


def test_annex_keys_exist():
    from core.report.annexes import ANNEXES

    for o in O.builtin_outlines():
        assert o["annexes"] and set(o["annexes"]) <= set(ANNEXES)


def test_specialised_outline_is_reception_and_petitions():
    o = O.BUILTIN["chuyen_de_tcd"]
    assert [s["builder"] for s in o["sections"][:2]] == ["tiep_cong_dan", "don_thu"]
    assert all(s["builder"] is None for s, _ in O.walk(o["sections"][2:]))


def test_duplicate_rename_reorder_add_remove():
    base = O.BUILTIN["ket_qua"]
    o = O.duplicate(base, "u_my", "Báo cáo của tôi")
    assert o["builtin"] is False and o["based_on"] == "ket_qua" and O.BUILTIN["ket_qua"]["builtin"]
    o = O.rename_section(o, "kien_nghi", "Kiến nghị, đề xuất")
    assert O.find(o, "kien_nghi")["title"] == "Kiến nghị, đề xuất"
    o = O.move_section(o, "kien_nghi", -1)
    assert [s["id"] for s in o["sections"]][-2:] == ["kien_nghi", "nhiem_vu"]
    o = O.move_section(o, "dac_diem", -5)  # clamps at the top
    assert o["sections"][0]["id"] == "dac_diem"
    o, new_id = O.add_section(o, "Công tác chuyển đổi số", parent_id="ket_qua")
    assert new_id == "cong_tac_chuyen_doi_so"
    assert O.find(o, new_id)["free_text"] and O.find(o, new_id)["builder"] is None
    assert o["sections"][2]["children"][-1]["id"] == new_id
    o, id2 = O.add_section(o, "Công tác chuyển đổi số", after_id="dac_diem")
    assert id2 == "cong_tac_chuyen_doi_so_2" and o["sections"][1]["id"] == id2
    o = O.remove_section(o, "dao_duc_cong_vu")
    assert O.find(o, "dao_duc_cong_vu") is None
    O.validate_outline(o)
    # the source outline is untouched (pure functions)
    assert O.find(O.BUILTIN["ket_qua"], "dao_duc_cong_vu") is not None


def test_mark_auto_or_free_text():
    o = O.duplicate(O.BUILTIN["ket_qua"], "u_x", "X")
    o = O.set_auto(o, "phoi_hop_mttq", "dan_chu_co_so", free_text=True)
    s = O.find(o, "phoi_hop_mttq")
    assert s["builder"] == "dan_chu_co_so" and s["free_text"]
    o = O.set_free_text(o, "tiep_cong_dan")
    s = O.find(o, "tiep_cong_dan")
    assert s["builder"] is None and s["free_text"]
    assert "tiep_cong_dan" in O.free_text_ids(o) and "tiep_cong_dan" not in O.auto_ids(o)


def test_bad_edits_give_vietnamese_messages():
    o = O.duplicate(O.BUILTIN["ket_qua"], "u_x", "X")
    with pytest.raises(ValidationError) as e:
        O.rename_section(o, "dac_diem", "   ")
    assert "không được để trống" in e.value.errors["title"]
    with pytest.raises(ValidationError) as e:
        O.set_auto(o, "dac_diem", "khong_co")
    assert "Không có phần tự động" in e.value.errors["builder"]
    with pytest.raises(ValidationError):
        O.rename_section(o, "khong_ton_tai", "A")
    o2, sub = O.add_section(o, "a", parent_id="uu_diem")  # level 3 is allowed
    with pytest.raises(ValidationError) as e:
        O.add_section(o2, "b", parent_id=sub)  # level 4 is not
    assert "tối đa 3 cấp" in e.value.errors["section"]
    one = {"key": "u1", "ten": "Một mục", "sections": [O.S("a", "A")]}
    with pytest.raises(ValidationError):
        O.remove_section(one, "a")
    with pytest.raises(ValidationError):
        O.duplicate(o, "u_y", "")
    bad = O.duplicate(o, "u_z", "Z")
    bad["sections"].append(O.S("dac_diem", "Trùng mã"))
    with pytest.raises(ValidationError):
        O.validate_outline(bad)


def test_numbering_in_the_built_document(store):
    from core.report.build import build_for_cli
    from core.report.periods import Period

    doc = build_for_cli(store, Period.year_(2025))
    assert [s.number for s in doc.sections] == ["I.", "II.", "III.", "IV.", "V.", "VI."]
    assert [s.number for s in doc.sections[2].children] == [f"{i}." for i in range(1, 9)]
    assert doc.sections[2].children[2].title == "Tiếp công dân, đối thoại"
    assert doc.sections[2].children[2].auto and not doc.sections[2].children[6].auto
